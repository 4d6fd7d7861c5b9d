/**
 * Artifacts of a batch circuit instance: compile (cached by `@zkr/circuits`) and run the trusted
 * setup into one artifact directory (idempotent: `@zkr/setup` reuses a directory whose manifest
 * matches). The default directory is `<cacheRoot>/artifacts/<instance name>` and the compile cache
 * `<cacheRoot>/circuits`, where `cacheRoot` follows `@zkr/circuits`' {@link cacheRoot} rule.
 */
import { artifactsCacheDir, cacheRoot as resolveCacheRoot, compileCacheDir, compileCircuit, instanceName, type CircuitInstance, type CompiledCircuit } from '@zkr/circuits';
import { setupArtifacts, type Manifest, type SetupMode, type SetupProgress } from '@zkr/setup';

/** Options of {@link prepareBatchArtifacts}. */
export interface PrepareArtifactsOptions {
  /** Setup mode; default `{ kind: 'dev' }` (DEVELOPMENT ONLY keys). */
  readonly mode?: SetupMode;
  /** Artifact directory; default `<cacheRoot>/artifacts/<instance name>`. */
  readonly outDir?: string;
  /** Root of zkr's caches; default `ZKR_CACHE_DIR`, else `$XDG_CACHE_HOME/zkr`, else `~/.cache/zkr`. */
  readonly cacheRoot?: string;
  /** Directory of the `.circom` templates; default the ones shipped with `@zkr/circuits`. */
  readonly sourcesDir?: string;
  /** Compiler progress lines. */
  readonly onCompileProgress?: (line: string) => void;
  /** Setup progress. */
  readonly onSetupProgress?: (progress: SetupProgress) => void;
}

/** A batch circuit instance ready to prove: its compiled circuit and its artifact directory. */
export interface PreparedArtifacts {
  readonly instance: CircuitInstance;
  readonly compiled: CompiledCircuit;
  readonly dir: string;
  readonly manifest: Manifest;
  /** Milliseconds spent compiling (near 0 on a cache hit). */
  readonly compileMs: number;
  /** Milliseconds spent in setup (near 0 when the directory was reused). */
  readonly setupMs: number;
}

/** Default artifact directory of an instance: `<cacheRoot>/artifacts/<instance name>`. */
export function defaultArtifactsDir(instance: CircuitInstance, cacheRoot: string = resolveCacheRoot()): string {
  return artifactsCacheDir(instanceName(instance), cacheRoot);
}

/** How long a setup into the shared cache waits for another process's setup of the same instance. */
const SHARED_SETUP_WAIT_MS = 30 * 60_000;

/** Compile the batch circuit of `instance` and set up its keys, reusing whatever is cached. */
export async function prepareBatchArtifacts(instance: CircuitInstance, options: PrepareArtifactsOptions = {}): Promise<PreparedArtifacts> {
  const cacheRoot = resolveCacheRoot(options.cacheRoot);
  const compileStart = performance.now();
  const compiled = await compileCircuit(instance, {
    cacheDir: compileCacheDir(cacheRoot),
    sourcesDir: options.sourcesDir,
    onProgress: options.onCompileProgress,
  });
  const compileMs = performance.now() - compileStart;
  const dir = options.outDir ?? defaultArtifactsDir(instance, cacheRoot);
  const setupStart = performance.now();
  const manifest = await setupArtifacts({
    r1csPath: compiled.r1csPath,
    wasmPath: compiled.wasmPath,
    circuit: { name: instanceName(instance), depth: instance.depth, batchSize: instance.batchSize },
    circomVersion: compiled.compilerVersion,
    outDir: dir,
    mode: options.mode ?? { kind: 'dev' },
    onProgress: options.onSetupProgress,
    // The cache is shared: another process setting up this instance finishes it for us.
    lockWaitMs: SHARED_SETUP_WAIT_MS,
    onLockWait: (holder) => options.onCompileProgress?.(`waiting for another setup of ${instanceName(instance)} (pid ${holder?.pid ?? '?'}) in ${dir}`),
  });
  return { instance, compiled, dir, manifest, compileMs, setupMs: performance.now() - setupStart };
}
