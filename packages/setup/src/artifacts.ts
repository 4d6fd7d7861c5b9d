/**
 * Artifact directories: one per circuit instance, holding circuit.r1cs, circuit.wasm,
 * circuit.zkey, vkey.json, Verifier.sol and manifest.json (written last).
 */
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { access, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkPtau, groth16VerifierTemplate, installedVersion, readR1csFile, withSnarkjs } from '@zkr/bn254';
import { contributeZkey, runPhase2 } from './ceremony';
import type { BeaconRequest, ContributionRequest } from './ceremony';
import { setupDev } from './dev';
import type { SetupProgress } from './dev';
import { FileCommit, lockPathForDirectory, recoverDirectory, withLocks, type LockHolder } from '@zkr/files';
import { sha256File } from './files';
import { ARTIFACT_FILES, corrupt, manifestText, MANIFEST_VERSION, readManifest } from './manifest';
import type { CircuitInfo, Manifest } from './manifest';
import { setupError } from './errors';
import { checkZkey } from './zkey-check';

/** Absolute paths of the files of an artifact directory. */
export interface ArtifactPaths {
  readonly dir: string;
  readonly r1cs: string;
  readonly wasm: string;
  readonly zkey: string;
  readonly vkey: string;
  readonly verifier: string;
  readonly manifest: string;
}

/** A loaded, hash-checked artifact directory. */
export interface Artifacts {
  readonly manifest: Manifest;
  readonly paths: ArtifactPaths;
}

/** How to make the proving key. */
export type SetupMode =
  | { readonly kind: 'dev'; readonly threads?: number }
  | {
      readonly kind: 'ceremony';
      readonly ptauPath: string;
      /** Phase-2 contributions to run now (default: one, named "zkr setup", with CSPRNG entropy). */
      readonly contributions?: readonly ContributionRequest[];
      readonly beacon?: BeaconRequest;
    };

/** Arguments of {@link setupArtifacts}. */
export interface SetupArtifactsOptions {
  readonly r1csPath: string;
  readonly wasmPath: string;
  /** Free-form circuit parameters; `constraints` and `nPublic` are filled in (or checked) from the r1cs. */
  readonly circuit: { readonly name: string; readonly constraints?: number; readonly nPublic?: number } & Record<string, unknown>;
  readonly outDir: string;
  readonly mode: SetupMode;
  /** Recorded in the manifest (default: the installed circom2 package, if any). */
  readonly circomVersion?: string;
  readonly onProgress?: (progress: SetupProgress) => void;
  /**
   * While another process sets up `outDir`: wait up to this many ms for it (then reuse its result
   * if it matches), instead of failing at once with `LOCKED` (the default, 0).
   */
  readonly lockWaitMs?: number;
  /** Called once if the setup waits for another process's (see `lockWaitMs`). */
  readonly onLockWait?: (holder: LockHolder | undefined) => void;
}

/** The file paths of artifact directory `dir` (whether or not it is set up). */
export function artifactPaths(dir: string): ArtifactPaths {
  const f = (name: string) => join(dir, name);
  return {
    dir,
    r1cs: f(ARTIFACT_FILES.r1cs),
    wasm: f(ARTIFACT_FILES.wasm),
    zkey: f(ARTIFACT_FILES.zkey),
    vkey: f(ARTIFACT_FILES.vkey),
    verifier: f(ARTIFACT_FILES.verifier),
    manifest: f(ARTIFACT_FILES.manifest),
  };
}

/** Options of {@link loadArtifacts}. */
export interface LoadArtifactsOptions {
  /**
   * Which files to hash against manifest.json. `all` (the default): every file. `proving`: only
   * what proving reads — circuit.wasm and vkey.json hashed from disk, circuit.zkey read once into
   * memory and hashed there (returned as `zkeyBytes`, so the prover does not read it again).
   * circuit.r1cs and Verifier.sol are then neither hashed nor checked to exist: a corrupted r1cs is
   * caught by {@link verifyArtifacts} (`zkr setup verify`) or the next `zkr setup`, not here.
   */
  readonly check?: 'all' | 'proving';
}

/** An artifact directory loaded with `check: 'proving'`: its zkey's bytes, already hash-checked. */
export interface ProvingArtifacts extends Artifacts {
  readonly zkeyBytes: Buffer;
}

/**
 * Loads an artifact directory: validates manifest.json (zod) and the SHA-256 of every file (of
 * those proving reads with `check: 'proving'`, see {@link LoadArtifactsOptions}).
 * `ARTIFACTS_MISSING` if it was never set up, `ARTIFACTS_CORRUPT` if a checked file is missing or
 * does not match. A manifest with `developmentOnly: true` means the key is NOT secure (see setupDev).
 */
export async function loadArtifacts(dir: string, options: { readonly check: 'proving' }): Promise<ProvingArtifacts>;
export async function loadArtifacts(dir: string, options?: LoadArtifactsOptions): Promise<Artifacts>;
export async function loadArtifacts(dir: string, options: LoadArtifactsOptions = {}): Promise<Artifacts | ProvingArtifacts> {
  // Finish (or drop) what a setup killed mid-commit left, best effort: a read-only dir holds nothing zkr half-wrote.
  await recoverDirectory(dir).catch(() => undefined);
  const manifest = await readManifest(dir);
  const paths = artifactPaths(dir);
  const assertHash = (key: keyof Manifest['files'], sha256: string): void => {
    if (sha256 !== manifest.files[key]) throw corrupt(dir, `${ARTIFACT_FILES[key]} does not match its SHA-256 in manifest.json`);
  };
  const proving = options.check === 'proving';
  for (const key of proving ? (['wasm', 'vkey'] as const) : (['r1cs', 'wasm', 'zkey', 'vkey', 'verifier'] as const)) {
    if (!existsSync(paths[key])) throw corrupt(dir, `${ARTIFACT_FILES[key]} is missing`);
    assertHash(key, await sha256File(paths[key]));
  }
  if (!proving) return { manifest, paths };
  if (!existsSync(paths.zkey)) throw corrupt(dir, `${ARTIFACT_FILES.zkey} is missing`);
  const zkeyBytes = await readFile(paths.zkey);
  assertHash('zkey', createHash('sha256').update(zkeyBytes).digest('hex'));
  return { manifest, paths, zkeyBytes };
}

/** The paths {@link assertSetupPaths} checks; each is optional. */
export interface SetupPaths {
  readonly r1csPath?: string;
  readonly wasmPath?: string;
  readonly ptauPath?: string;
  readonly outDir?: string;
}

/** The first bytes of every WebAssembly module (`\0asm`). */
const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

async function wasmProblem(file: string): Promise<string | undefined> {
  const head = Buffer.alloc(WASM_MAGIC.length);
  const handle = await open(file, 'r');
  try {
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(WASM_MAGIC) ? undefined : 'is not a WebAssembly module (no \\0asm header); pass the witness generator circom wrote (<name>_js/<name>.wasm)';
  } finally {
    await handle.close();
  }
}

/** How {@link assertSetupPaths} names each path in messages (e.g. `--r1cs`); default the option name. */
export type SetupPathLabels = Partial<Record<keyof SetupPaths, string>>;

async function inputFileProblem(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return 'is a directory; pass the file itself';
    if (!info.isFile()) return 'is not a regular file';
    await access(file, constants.R_OK);
    return undefined;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist; check the path' : `cannot be read (${code ?? String(cause)}); check its permissions`;
  }
}

async function outDirProblem(dir: string): Promise<string | undefined> {
  const target = resolve(dir);
  for (let current = target; ; current = dirname(current)) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) {
        return current === target ? 'exists and is not a directory; pass a directory path' : `cannot be created: ${current} is not a directory`;
      }
      await access(current, constants.W_OK);
      return undefined;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || current === dirname(current)) return `cannot be created or written (${code ?? String(cause)} on ${current})`;
    }
  }
}

/**
 * Checks paths before any work: `r1csPath`, `wasmPath` and `ptauPath` are readable regular files,
 * the wasm a WebAssembly module (`INPUT_FILE_INVALID`), `outDir` is a writable directory or can be created as one (`OUT_DIR_INVALID`).
 */
export async function assertSetupPaths(paths: SetupPaths, labels: SetupPathLabels = {}): Promise<void> {
  for (const field of ['r1csPath', 'wasmPath', 'ptauPath'] as const) {
    const file = paths[field];
    let problem = file === undefined ? undefined : await inputFileProblem(file);
    if (problem === undefined && file !== undefined && field === 'wasmPath') problem = await wasmProblem(file);
    if (problem !== undefined) {
      throw setupError('INPUT_FILE_INVALID', `${labels[field] ?? field} ${file} ${problem}`, { details: { field, path: file } });
    }
  }
  const problem = paths.outDir === undefined ? undefined : await outDirProblem(paths.outDir);
  if (problem !== undefined) {
    throw setupError('OUT_DIR_INVALID', `${labels.outDir ?? 'outDir'} ${paths.outDir} ${problem}`, { details: { field: 'outDir', path: paths.outDir } });
  }
}

/**
 * Sets up `outDir` for a circuit (idempotent): reuses an existing valid setup with the same
 * r1cs/wasm hashes and setup kind (and ptau), otherwise writes every artifact atomically and the
 * manifest last. A `dev` mode key is for DEVELOPMENT ONLY (its toxic waste was on this machine).
 */
export async function setupArtifacts(options: SetupArtifactsOptions): Promise<Manifest> {
  const { r1csPath, wasmPath, outDir, mode } = options;
  const onProgress = options.onProgress ?? (() => undefined);
  validateOptions(options);
  await assertSetupPaths({ r1csPath, wasmPath, outDir, ptauPath: mode.kind === 'ceremony' ? mode.ptauPath : undefined });
  const r1cs = await readR1csFile(r1csPath);
  for (const field of ['constraints', 'nPublic'] as const) {
    const measured = field === 'constraints' ? r1cs.nConstraints : r1cs.nPublic;
    const given = options.circuit[field];
    if (given !== undefined && given !== measured) {
      throw setupError('INVALID_ARGUMENT', `circuit.${field} is ${given} but the r1cs has ${measured}`, {
        details: { field: `circuit.${field}`, given, measured },
      });
    }
  }
  const circuit: CircuitInfo = { ...options.circuit, constraints: r1cs.nConstraints, nPublic: r1cs.nPublic };
  const ptauPower = mode.kind === 'ceremony' ? await checkPtau(mode.ptauPath, r1cs) : undefined;
  const [r1csHash, wasmHash, ptauHash] = await Promise.all([
    sha256File(r1csPath),
    sha256File(wasmPath),
    mode.kind === 'ceremony' ? sha256File(mode.ptauPath) : Promise.resolve(undefined),
  ]);

  const reusable = async (): Promise<Manifest | undefined> => {
    const existing = await loadArtifacts(outDir).catch(() => undefined);
    if (
      !existing ||
      existing.manifest.files.r1cs !== r1csHash ||
      existing.manifest.files.wasm !== wasmHash ||
      existing.manifest.setup.kind !== mode.kind ||
      (existing.manifest.setup.kind === 'ceremony' && existing.manifest.setup.ptau.sha256 !== ptauHash)
    ) {
      return undefined;
    }
    await checkZkey(existing.paths.zkey, r1cs);
    return existing.manifest;
  };
  // Reusing a valid setup only reads, so it needs no lock (many processes may share one directory).
  const reused = await reusable();
  if (reused) return reused;
  await mkdir(outDir, { recursive: true });
  // One writer at a time per directory: two concurrent setups would mix their files.
  return withLocks([lockPathForDirectory(outDir)], 'zkr setup', async () => {
    const done = await reusable(); // another process may have finished this very setup meanwhile
    if (done) return done;
    const paths = artifactPaths(outDir);
    // Every file is staged, then all land together (manifest last): the directory holds the old
    // setup or the new one, never a mix, even across kill -9 (see @zkr/files).
    const commit = new FileCommit();
    try {
      await commit.copy(r1csPath, paths.r1cs);
      await commit.copy(wasmPath, paths.wasm);
      let setup: Manifest['setup'] | undefined;
      await commit.produce(paths.zkey, async (zkeyOut) => {
        if (mode.kind === 'dev') {
          const dev = await setupDev(r1csPath, zkeyOut, { threads: mode.threads, onProgress });
          setup = { kind: 'dev', power: dev.power, csHash: dev.csHash, contributions: [] };
        } else {
          const result = await runPhase2(r1csPath, mode.ptauPath, zkeyOut, mode.contributions ?? [{ name: 'zkr setup' }], mode.beacon, onProgress);
          setup = {
            kind: 'ceremony',
            power: ptauPower!,
            csHash: result.csHash,
            ptau: { sha256: ptauHash!, power: ptauPower!, file: mode.ptauPath },
            contributions: result.contributions,
            ...(result.beacon ? { beacon: result.beacon } : {}),
          };
        }
      });
      const staged = stagedPaths(commit, paths);
      await checkZkey(staged.zkey, r1cs);
      await stageKeys(commit, paths);
      const manifest: Manifest = {
        version: MANIFEST_VERSION,
        circuit,
        files: await hashFiles(stagedPaths(commit, paths)),
        tools: { circom: options.circomVersion ?? circomVersion(), snarkjs: installedVersion('snarkjs') },
        setup: setup!,
        developmentOnly: setup!.kind === 'dev',
        createdAt: new Date().toISOString(),
      };
      await commit.write(paths.manifest, manifestText(manifest));
      await commit.commit();
      return manifest;
    } finally {
      await commit.abort();
    }
  }, { waitMs: options.lockWaitMs, onWait: options.onLockWait });
}

/**
 * Adds a phase-2 contribution to a set-up directory (`zkr setup contribute`): updates the zkey,
 * re-exports vkey.json and Verifier.sol and records the contribution hash in the manifest.
 * Contributing to a `dev` key does NOT make it secure: tau, alpha and beta stay known.
 */
export async function contribute(dir: string, request: ContributionRequest): Promise<Manifest> {
  if (typeof request?.name !== 'string' || request.name.length === 0) {
    throw setupError('INVALID_ARGUMENT', 'contribution name must be a non-empty string', { details: { field: 'name' } });
  }
  return withLocks([lockPathForDirectory(dir)], 'zkr setup contribute', async () => {
    const { manifest, paths } = await loadArtifacts(dir);
    await checkZkey(paths.zkey, await readR1csFile(paths.r1cs));
    // The new zkey, its exported keys and the manifest land together: a failure keeps the old set.
    const commit = new FileCommit();
    try {
      let hash = '';
      await commit.produce(paths.zkey, async (zkeyOut) => {
        hash = await contributeZkey(paths.zkey, zkeyOut, request);
      });
      await stageKeys(commit, paths);
      const updated: Manifest = {
        ...manifest,
        files: await hashFiles(stagedPaths(commit, paths)),
        setup: { ...manifest.setup, contributions: [...manifest.setup.contributions, { name: request.name, hash }] },
      };
      await commit.write(paths.manifest, manifestText(updated));
      await commit.commit();
      return updated;
    } finally {
      await commit.abort();
    }
  });
}

/** Result of {@link verifyArtifacts}. */
export interface VerifyReport {
  readonly kind: 'dev' | 'ceremony';
  /** True for dev keys: whoever ran the setup can forge proofs. */
  readonly developmentOnly: boolean;
  readonly csHash: string;
  readonly contributions: number;
  /** True when snarkjs re-derived the key from the r1cs and the ceremony ptau and it matched. */
  readonly ptauVerified: boolean;
}

/**
 * Checks a set-up directory (`zkr setup verify`): file hashes, zkey against circuit.r1cs
 * (structure, coefficients, csHash and contribution count from the manifest), vkey.json and
 * Verifier.sol against the zkey, and, for ceremony keys when the ptau is available (`ptauPath`,
 * default the manifest's), snarkjs's full `zkey verify` against r1cs + ptau.
 * Errors: `ARTIFACTS_MISSING`, `ARTIFACTS_CORRUPT`, `ZKEY_INVALID`, `ZKEY_MISMATCH`, `PTAU_MISMATCH`, `PTAU_INVALID`, `FILE_MISSING`.
 */
export async function verifyArtifacts(dir: string, options: { ptauPath?: string } = {}): Promise<VerifyReport> {
  const { manifest, paths } = await loadArtifacts(dir);
  const r1cs = await readR1csFile(paths.r1cs);
  const identity = await checkZkey(paths.zkey, r1cs);
  const setup = manifest.setup;
  const expectedContributions = setup.contributions.length + (setup.kind === 'ceremony' && setup.beacon ? 1 : 0);
  if (identity.csHash !== setup.csHash) throw corrupt(dir, 'the zkey csHash differs from manifest.json');
  if (identity.nContributions !== expectedContributions) {
    throw corrupt(dir, `the zkey has ${identity.nContributions} contributions, manifest.json records ${expectedContributions}`);
  }
  const exported = await exportedKeys(paths);
  if (exported.vkey !== (await readFile(paths.vkey, 'utf8'))) throw corrupt(dir, 'vkey.json does not match the zkey');
  if (exported.verifier !== (await readFile(paths.verifier, 'utf8'))) throw corrupt(dir, 'Verifier.sol does not match the zkey');

  let ptauVerified = false;
  if (setup.kind === 'ceremony') {
    const ptauPath = options.ptauPath ?? (existsSync(setup.ptau.file) ? setup.ptau.file : undefined);
    if (ptauPath !== undefined) {
      await checkPtau(ptauPath, r1cs);
      if ((await sha256File(ptauPath)) !== setup.ptau.sha256) {
        throw setupError('PTAU_MISMATCH', `${ptauPath} is not the ptau this key was made from (SHA-256 differs from manifest.json)`, {
          details: { ptauPath, expected: setup.ptau.sha256 },
        });
      }
      if (!(await withSnarkjs(({ zKey }) => zKey.verifyFromR1cs(paths.r1cs, ptauPath, paths.zkey)))) {
        throw setupError('ZKEY_MISMATCH', `${paths.zkey} does not derive from ${ptauPath} and circuit.r1cs (snarkjs zkey verify failed)`, {
          details: { zkey: paths.zkey, ptauPath },
        });
      }
      ptauVerified = true;
    }
  }
  return { kind: setup.kind, developmentOnly: manifest.developmentOnly, csHash: identity.csHash, contributions: identity.nContributions, ptauVerified };
}

async function exportedKeys(paths: ArtifactPaths): Promise<{ vkey: string; verifier: string }> {
  return withSnarkjs(async ({ zKey }) => ({
    vkey: `${JSON.stringify(await zKey.exportVerificationKey(paths.zkey), null, 1)}\n`,
    verifier: await zKey.exportSolidityVerifier(paths.zkey, { groth16: groth16VerifierTemplate() }),
  }));
}

/** Stages vkey.json and Verifier.sol exported from the zkey staged in `commit`. */
async function stageKeys(commit: FileCommit, paths: ArtifactPaths): Promise<void> {
  const { vkey, verifier } = await exportedKeys(stagedPaths(commit, paths));
  await commit.write(paths.vkey, vkey);
  await commit.write(paths.verifier, verifier);
}

/** `paths` with each file staged in `commit` replaced by its staged copy. */
function stagedPaths(commit: FileCommit, paths: ArtifactPaths): ArtifactPaths {
  const at = (path: string) => commit.stagedPath(path) ?? path;
  return { ...paths, r1cs: at(paths.r1cs), wasm: at(paths.wasm), zkey: at(paths.zkey), vkey: at(paths.vkey), verifier: at(paths.verifier), manifest: at(paths.manifest) };
}

async function hashFiles(paths: ArtifactPaths): Promise<Manifest['files']> {
  const [r1cs, wasm, zkey, vkey, verifier] = await Promise.all(
    [paths.r1cs, paths.wasm, paths.zkey, paths.vkey, paths.verifier].map((p) => sha256File(p)),
  );
  return { r1cs, wasm, zkey, vkey, verifier };
}

function circomVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- circom2 is optional here: its version is recorded when installed
    return `circom2@${(require('circom2/package.json') as { version: string }).version}`;
  } catch {
    return 'unknown';
  }
}

function validateOptions(options: SetupArtifactsOptions): void {
  const bad = (field: string, why: string): never => {
    throw setupError('INVALID_ARGUMENT', `${field} ${why}`, { details: { field } });
  };
  for (const field of ['r1csPath', 'wasmPath', 'outDir'] as const) {
    if (typeof options[field] !== 'string' || options[field].length === 0) bad(field, 'must be a non-empty path');
  }
  if (typeof options.circuit?.name !== 'string' || options.circuit.name.length === 0) bad('circuit.name', 'must be a non-empty string');
  const kind = (options.mode as { kind?: unknown })?.kind;
  if (kind !== 'dev' && kind !== 'ceremony') bad('mode.kind', `must be "dev" or "ceremony", got ${String(kind)}`);
  if (options.mode.kind === 'ceremony' && (typeof options.mode.ptauPath !== 'string' || options.mode.ptauPath.length === 0)) {
    bad('mode.ptauPath', 'must be a path to a .ptau file');
  }
  const beacon = options.mode.kind === 'ceremony' ? options.mode.beacon : undefined;
  if (beacon !== undefined && !isBeaconHash(beacon.hash)) bad('mode.beacon.hash', `must be 1 to 255 bytes of hex (an even number of hex digits), got ${JSON.stringify(beacon.hash)}`);
}

/** True for a beacon hash snarkjs accepts: 1 to 255 bytes as hex digits. */
export function isBeaconHash(hash: unknown): hash is string {
  return typeof hash === 'string' && /^([0-9a-fA-F]{2}){1,255}$/.test(hash);
}
