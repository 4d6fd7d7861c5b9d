/**
 * Artifact directories: one per circuit instance, holding circuit.r1cs, circuit.wasm,
 * circuit.zkey, vkey.json, Verifier.sol and manifest.json (written last).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkPtau, groth16VerifierTemplate, installedVersion, readR1csFile, withSnarkjs } from '@zkr/bn254';
import { contributeZkey, runPhase2 } from './ceremony';
import type { BeaconRequest, ContributionRequest } from './ceremony';
import { setupDev } from './dev';
import type { SetupProgress } from './dev';
import { copyFileAtomic, sha256File, writeFileAtomic } from './files';
import { ARTIFACT_FILES, corrupt, MANIFEST_VERSION, readManifest, writeManifest } from './manifest';
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

/**
 * Loads an artifact directory: validates manifest.json (zod) and the SHA-256 of every file.
 * `ARTIFACTS_MISSING` if it was never set up, `ARTIFACTS_CORRUPT` if anything does not match.
 * A manifest with `developmentOnly: true` means the key is NOT secure (see setupDev).
 */
export async function loadArtifacts(dir: string): Promise<Artifacts> {
  const manifest = await readManifest(dir);
  const paths = artifactPaths(dir);
  for (const key of ['r1cs', 'wasm', 'zkey', 'vkey', 'verifier'] as const) {
    if (!existsSync(paths[key])) throw corrupt(dir, `${ARTIFACT_FILES[key]} is missing`);
    if ((await sha256File(paths[key])) !== manifest.files[key]) {
      throw corrupt(dir, `${ARTIFACT_FILES[key]} does not match its SHA-256 in manifest.json`);
    }
  }
  return { manifest, paths };
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
  const r1cs = await readR1csFile(r1csPath);
  if (!existsSync(wasmPath)) {
    throw setupError('INVALID_ARGUMENT', `wasmPath ${wasmPath} does not exist; compile the circuit with --wasm`, {
      details: { field: 'wasmPath', wasmPath },
    });
  }
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

  const existing = await loadArtifacts(outDir).catch(() => undefined);
  if (
    existing &&
    existing.manifest.files.r1cs === r1csHash &&
    existing.manifest.files.wasm === wasmHash &&
    existing.manifest.setup.kind === mode.kind &&
    (existing.manifest.setup.kind !== 'ceremony' || existing.manifest.setup.ptau.sha256 === ptauHash)
  ) {
    await checkZkey(existing.paths.zkey, r1cs);
    return existing.manifest;
  }

  const paths = artifactPaths(outDir);
  await mkdir(outDir, { recursive: true });
  await rm(paths.manifest, { force: true }); // the directory is "not set up" until the new manifest lands
  await copyFileAtomic(r1csPath, paths.r1cs);
  await copyFileAtomic(wasmPath, paths.wasm);

  let setup: Manifest['setup'];
  if (mode.kind === 'dev') {
    const dev = await setupDev(paths.r1cs, paths.zkey, { threads: mode.threads, onProgress });
    setup = { kind: 'dev', power: dev.power, csHash: dev.csHash, contributions: [] };
  } else {
    const result = await runPhase2(
      paths.r1cs,
      mode.ptauPath,
      paths.zkey,
      mode.contributions ?? [{ name: 'zkr setup' }],
      mode.beacon,
      onProgress,
    );
    setup = {
      kind: 'ceremony',
      power: ptauPower!,
      csHash: result.csHash,
      ptau: { sha256: ptauHash!, power: ptauPower!, file: mode.ptauPath },
      contributions: result.contributions,
      ...(result.beacon ? { beacon: result.beacon } : {}),
    };
  }
  await checkZkey(paths.zkey, r1cs);
  await exportKeys(paths);
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    circuit,
    files: await hashFiles(paths),
    tools: { circom: options.circomVersion ?? circomVersion(), snarkjs: installedVersion('snarkjs') },
    setup,
    developmentOnly: setup.kind === 'dev',
    createdAt: new Date().toISOString(),
  };
  await writeManifest(outDir, manifest);
  return manifest;
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
  const { manifest, paths } = await loadArtifacts(dir);
  await checkZkey(paths.zkey, await readR1csFile(paths.r1cs));
  await rm(paths.manifest, { force: true });
  let hash: string;
  try {
    hash = await contributeZkey(paths.zkey, request);
  } catch (error) {
    await writeManifest(dir, manifest); // the zkey is replaced only on success: the old state is intact
    throw error;
  }
  await exportKeys(paths);
  const updated: Manifest = {
    ...manifest,
    files: await hashFiles(paths),
    setup: { ...manifest.setup, contributions: [...manifest.setup.contributions, { name: request.name, hash }] },
  };
  await writeManifest(dir, updated);
  return updated;
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

async function exportKeys(paths: ArtifactPaths): Promise<void> {
  const { vkey, verifier } = await exportedKeys(paths);
  await writeFileAtomic(paths.vkey, vkey);
  await writeFileAtomic(paths.verifier, verifier);
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
}
