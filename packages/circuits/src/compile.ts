/**
 * Cached compilation of batch circuit instances with circom2 (`--O2 --r1cs --wasm --sym`).
 *
 * The cache key is a SHA-256 over the instance, the compiler flags, the circom2 and circomlib
 * versions and the content of every `.circom` template of the source directory (the package's
 * templates unless `sourcesDir` says otherwise). The cache lives under {@link cacheRoot}`()/circuits`
 * unless `cacheDir` says otherwise; circom runs from the deepest directory holding the sources,
 * circomlib and the cache, so it compiles from wherever the package is installed. A build happens in a temporary
 * directory next to the cache entry, gets a manifest (file sizes and hashes) and is then renamed
 * into place, so an interrupted compile never looks cached; an entry is used only after its
 * manifest and every file in it check out.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CircomGuardRequest } from './circom-guard';
import { circuitsError } from './errors';
import { instanceName, mainComponentSource, resolveInstance, type CircuitInstance, type CircuitInstanceParams } from './instance';
import { BATCH_TEMPLATE, circomCli, circomlibRoot, CIRCUITS_DIR, compileCacheDir, ensureWritableDirectory } from './paths';
import { childProcessArgs, parseR1csHeader } from '@zkr/bn254';
import { recoverDirectory, tempPathFor } from '@zkr/files';

/** Compiler flags used for every instance (part of the cache key). */
export const CIRCOM_FLAGS: readonly string[] = Object.freeze(['--O2', '--r1cs', '--wasm', '--sym']);

/** Version of the cache manifest format (2: the instance records Q and W). */
const MANIFEST_FORMAT = 2;
const MANIFEST = 'manifest.json';
const ARTIFACTS = { r1cs: 'main.r1cs', wasm: join('main_js', 'main.wasm'), sym: 'main.sym' } as const;
type ArtifactKind = keyof typeof ARTIFACTS;

/** Options of {@link compileCircuit}. */
export interface CompileOptions {
  /** Compile cache directory; default `<cacheRoot()>/circuits` (see {@link cacheRoot}). */
  readonly cacheDir?: string;
  /** Directory of the `.circom` templates (must hold `batch.circom`); default {@link CIRCUITS_DIR}. Its content is part of the cache key. */
  readonly sourcesDir?: string;
  /** Called with human-readable progress lines (cache hit, compiler output). */
  readonly onProgress?: (message: string) => void;
}

/** A compiled instance, from the cache or freshly built. */
export interface CompiledCircuit {
  readonly instance: CircuitInstance;
  /** The cache key (hex SHA-256 of sources, instance, flags and compiler versions). */
  readonly key: string;
  /** The cache entry directory holding the artifacts. */
  readonly dir: string;
  readonly r1csPath: string;
  readonly wasmPath: string;
  readonly symPath: string;
  /** Number of R1CS constraints. */
  readonly constraints: number;
  /** Number of witness wires, including the constant `1`. */
  readonly wires: number;
  /** Number of private input signals. */
  readonly privateInputs: number;
  /** The circom compiler version line (`circom compiler 2.2.3`). */
  readonly compilerVersion: string;
  /** True when the artifacts came from the cache. */
  readonly cached: boolean;
}

interface FileRecord {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

interface Manifest {
  readonly format: number;
  readonly key: string;
  readonly instance: CircuitInstance;
  readonly flags: readonly string[];
  readonly compilerVersion: string;
  readonly constraints: number;
  readonly wires: number;
  readonly privateInputs: number;
  readonly files: Readonly<Record<ArtifactKind, FileRecord>>;
}

function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** The `.circom` file names of `sourcesDir`, sorted; `CIRCUIT_SOURCES_MISSING` unless it is a readable directory holding `batch.circom`. */
async function circomSources(sourcesDir: string): Promise<string[]> {
  const names = await readdir(sourcesDir).then(
    (entries) => entries.filter((name) => name.endsWith('.circom')).sort(),
    (cause: unknown) => ({ cause }),
  );
  if (!Array.isArray(names) || !names.includes(BATCH_TEMPLATE)) {
    throw circuitsError('CIRCUIT_SOURCES_MISSING', `no ${BATCH_TEMPLATE} in ${sourcesDir}; pass a sourcesDir holding the zkr circuit templates, or reinstall @zkr/circuits`, {
      details: { sourcesDir },
      cause: Array.isArray(names) ? undefined : names.cause,
    });
  }
  return names;
}

/**
 * The cache key of an instance: changes whenever a template (of `sourcesDir`, default
 * {@link CIRCUITS_DIR}), a flag or the toolchain changes.
 */
export async function cacheKey(params: CircuitInstanceParams, sourcesDir: string = CIRCUITS_DIR): Promise<string> {
  const instance = resolveInstance(params);
  const names = await circomSources(sourcesDir);
  const sources: Record<string, string> = {};
  for (const name of names) sources[name] = sha256Hex(await readFile(join(sourcesDir, name)));
  return sha256Hex(
    JSON.stringify({
      format: MANIFEST_FORMAT,
      instance: instanceRecord(instance),
      flags: CIRCOM_FLAGS,
      circom2: packageVersion('circom2'),
      circomlib: packageVersion('circomlib'),
      sources,
    }),
  );
}

/** The instance's four parameters in a fixed order (what the cache key and the manifest record). */
function instanceRecord(instance: CircuitInstance): CircuitInstance {
  const { depth, batchSize, queuePositions, withdrawalPositions } = instance;
  return { depth, batchSize, queuePositions, withdrawalPositions };
}

/** The deepest directory containing every one of `paths` (absolute). */
function commonAncestor(paths: readonly string[]): string {
  let ancestor = resolve(paths[0]);
  const contains = (dir: string, path: string): boolean => {
    const rel = relative(dir, path);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  };
  while (!paths.every((path) => contains(ancestor, resolve(path)))) ancestor = dirname(ancestor);
  return ancestor;
}

/** Runs circom2 with `args` in `cwd` through the guard, so that it dies with this process (even on kill -9). */
function runCircom(args: readonly string[], cwd: string, onLine: (line: string) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // circom2 is WASI: it sees only its working directory and that directory's parents.
    const guard = spawn(process.execPath, childProcessArgs(__dirname, 'circom-guard'), { cwd, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const request: CircomGuardRequest = { cli: circomCli(), args };
    guard.send(request);
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim() !== '') onLine(line.replace(/\x1b\[[0-9;]*m/g, ''));
    };
    // Both are pipes (stdio above); the 'ipc' entry only widens spawn's return type to nullable streams.
    guard.stdout!.on('data', collect);
    guard.stderr!.on('data', collect);
    guard.on('error', reject);
    guard.on('close', (code) => resolvePromise({ code: code ?? 1, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

async function recordFile(dir: string, path: string): Promise<FileRecord> {
  const bytes = await readFile(join(dir, path));
  return { path, size: bytes.byteLength, sha256: sha256Hex(bytes) };
}

/** Reads and checks a cache entry; undefined when it is missing, incomplete or corrupted. */
async function loadEntry(dir: string, key: string, instance: CircuitInstance): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (
    manifest.format !== MANIFEST_FORMAT ||
    manifest.key !== key ||
    manifest.instance?.depth !== instance.depth ||
    manifest.instance?.batchSize !== instance.batchSize ||
    manifest.instance?.queuePositions !== instance.queuePositions ||
    manifest.instance?.withdrawalPositions !== instance.withdrawalPositions ||
    !Number.isInteger(manifest.constraints) ||
    typeof manifest.files !== 'object' ||
    manifest.files === null
  ) {
    return undefined;
  }
  for (const kind of Object.keys(ARTIFACTS) as ArtifactKind[]) {
    const expected = manifest.files[kind];
    if (expected?.path !== ARTIFACTS[kind]) return undefined;
    try {
      const actual = await recordFile(dir, expected.path);
      if (actual.size !== expected.size || actual.sha256 !== expected.sha256) return undefined;
    } catch {
      return undefined;
    }
  }
  return manifest;
}

function toCompiled(dir: string, manifest: Manifest, cached: boolean): CompiledCircuit {
  return {
    instance: manifest.instance,
    key: manifest.key,
    dir,
    r1csPath: join(dir, ARTIFACTS.r1cs),
    wasmPath: join(dir, ARTIFACTS.wasm),
    symPath: join(dir, ARTIFACTS.sym),
    constraints: manifest.constraints,
    wires: manifest.wires,
    privateInputs: manifest.privateInputs,
    compilerVersion: manifest.compilerVersion,
    cached,
  };
}

async function build(instance: CircuitInstance, key: string, tmp: string, sourcesDir: string, onProgress: (message: string) => void): Promise<Manifest> {
  const mainPath = join(tmp, 'main.circom');
  await writeFile(mainPath, mainComponentSource(instance));
  const libraries = [circomlibRoot(), sourcesDir];
  const cwd = commonAncestor([tmp, ...libraries]);
  const args = [mainPath, ...CIRCOM_FLAGS, ...libraries.flatMap((dir) => ['-l', dir]), '-o', tmp];
  const { code, output } = await runCircom(args, cwd, onProgress);
  if (code !== 0) {
    throw circuitsError('CIRCUIT_COMPILE_FAILED', `circom failed to compile ${instanceName(instance)} (exit ${code}); fix the templates in ${sourcesDir} and retry:\n${output.slice(-4000)}`, {
      details: { instance, exitCode: code, sourcesDir },
    });
  }
  const version = await runCircom(['--version'], tmp, () => undefined);
  const header = parseR1csHeader(await readFile(join(tmp, ARTIFACTS.r1cs)), ARTIFACTS.r1cs);
  const files = {
    r1cs: await recordFile(tmp, ARTIFACTS.r1cs),
    wasm: await recordFile(tmp, ARTIFACTS.wasm),
    sym: await recordFile(tmp, ARTIFACTS.sym),
  };
  return {
    format: MANIFEST_FORMAT,
    key,
    instance: instanceRecord(instance),
    flags: CIRCOM_FLAGS,
    compilerVersion: /circom compiler [0-9.]+/.exec(version.output)?.[0] ?? 'unknown',
    constraints: header.nConstraints,
    wires: header.nWires,
    privateInputs: header.nPrivateInputs,
    files,
  };
}

/**
 * Compiles the batch circuit for `instance` (depth D, batch size N, queue positions Q and
 * withdrawal positions W, defaults 1), or returns the cached artifacts when a valid cache entry
 * exists. Idempotent and safe to run concurrently. Throws `INVALID_INSTANCE` for bad parameters,
 * `CIRCUIT_SOURCES_MISSING` when the source directory has no `batch.circom` and
 * `CIRCUIT_COMPILE_FAILED` when circom fails.
 */
export async function compileCircuit(params: CircuitInstanceParams, options: CompileOptions = {}): Promise<CompiledCircuit> {
  const instance = resolveInstance(params);
  const onProgress = options.onProgress ?? (() => undefined);
  const cacheDir = resolve(options.cacheDir ?? compileCacheDir());
  const sourcesDir = resolve(options.sourcesDir ?? CIRCUITS_DIR);
  const key = await cacheKey(instance, sourcesDir);
  const dir = join(cacheDir, `${instanceName(instance)}-${key.slice(0, 16)}`);
  const cached = await loadEntry(dir, key, instance);
  if (cached) {
    onProgress(`${instanceName(instance)}: cached (${cached.constraints} constraints) in ${dir}`);
    return toCompiled(dir, cached, true);
  }
  await ensureWritableDirectory(cacheDir, 'compile cache directory');
  // Remove what compiles killed midway left in the cache (their temp directories), then build in a fresh one.
  await recoverDirectory(cacheDir);
  const tmp = tempPathFor(dir);
  await mkdir(tmp);
  try {
    onProgress(`${instanceName(instance)}: compiling with circom2 ${CIRCOM_FLAGS.join(' ')}`);
    const manifest = await build(instance, key, tmp, sourcesDir, onProgress);
    await writeFile(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    // A corrupted entry (failed the checks above) is replaced; a valid one written meanwhile by
    // a concurrent compile is kept.
    if (!(await loadEntry(dir, key, instance))) {
      await rm(dir, { recursive: true, force: true });
      try {
        await rename(tmp, dir);
      } catch (error) {
        const concurrent = await loadEntry(dir, key, instance);
        if (!concurrent) throw error;
      }
    }
    const entry = await loadEntry(dir, key, instance);
    if (!entry) {
      throw circuitsError('CIRCUIT_COMPILE_FAILED', `compiled ${instanceName(instance)} but its cache entry ${dir} does not verify; delete it and retry`, {
        details: { instance, dir },
      });
    }
    onProgress(`${instanceName(instance)}: compiled (${entry.constraints} constraints) into ${dir}`);
    return toCompiled(dir, entry, false);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
