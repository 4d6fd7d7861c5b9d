/**
 * Compiles any circom main component with the real circom2 and measures the compile: wall time and
 * the compiler's peak RSS (`/usr/bin/time -v` around the circom2 process). The protocol-v2 bench
 * uses it for both protocol versions (v1 templates extracted from git, v2 from circuits/), so
 * unlike `@zkr/circuits`' compile it takes the main source and library directories as given.
 * Entries are cached under `cacheDir` by a hash of the main source, every `.circom` file of the
 * library directories (circomlib by version), the flags and the circom2 version; an entry is built
 * in a temporary directory and renamed into place, with the measurement kept in `measure.json`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseR1csHeader } from '@zkr/bn254';
import { tempPathFor } from '@zkr/files';
import { benchError } from './errors';

/** Flags of a constraint count (`--sym` for the breakdown); add `--wasm` to prove. */
export const COUNT_FLAGS: readonly string[] = Object.freeze(['--O2', '--r1cs', '--sym']);

/** One main component to compile. */
export interface CircomJob {
  /** File stem of the main (letters, digits, `-`, `_`). */
  readonly name: string;
  /** The whole main `.circom` source. */
  readonly source: string;
  /** Include directories (`-l`), searched in order. */
  readonly libraries: readonly string[];
  /** Compiler flags; default {@link COUNT_FLAGS}. */
  readonly flags?: readonly string[];
}

/** What one compile measured (the figures of the original compile when `cached`). */
export interface CompileMeasure {
  readonly wallSeconds: number;
  /** circom2's peak resident set size, MiB (`/usr/bin/time -v`). */
  readonly peakRssMiB: number;
  readonly circom2: string;
  readonly flags: readonly string[];
  readonly finishedAt: string;
}

/** A compiled main component. */
export interface MeasuredCircuit {
  readonly name: string;
  readonly dir: string;
  readonly r1csPath: string;
  readonly symPath: string;
  readonly wasmPath: string;
  readonly constraints: number;
  readonly wires: number;
  readonly measure: CompileMeasure;
  readonly cached: boolean;
}

/** A compile that failed (circom2 exited non-zero or was killed), with what it cost before it stopped. */
export interface FailedCompile {
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The last lines of circom2's output. */
  readonly tail: string;
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
}

/** The `node_modules` directory holding circomlib (an include directory for `circomlib/circuits/...`). */
export function circomlibModules(): string {
  return dirname(dirname(require.resolve('circomlib/package.json')));
}

/** The deepest directory holding all of `paths` (circom2 is WASI: it sees its cwd and below). */
export function commonAncestor(paths: readonly string[]): string {
  const inside = (dir: string, path: string): boolean => {
    const rel = relative(dir, path);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  };
  let ancestor = resolve(paths[0]);
  while (!paths.every((path) => inside(ancestor, resolve(path)))) ancestor = dirname(ancestor);
  return ancestor;
}

async function jobKey(job: CircomJob, flags: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(job.source).update('\0');
  const modules = resolve(circomlibModules());
  for (const dir of job.libraries.map((d) => resolve(d))) {
    if (dir === modules) {
      hash.update(`circomlib ${versionOf('circomlib')}\0`);
      continue;
    }
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.circom')).sort()) {
      hash.update(`${name}\0`).update(await readFile(join(dir, name))).update('\0');
    }
  }
  return hash.update(`circom2 ${versionOf('circom2')} ${flags.join(' ')}`).digest('hex').slice(0, 16);
}

/** Parses `/usr/bin/time -v` output: peak RSS in MiB (0 when absent). */
export function peakRssFromTimeOutput(text: string): number {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

async function readEntry(job: CircomJob, dir: string, cached: boolean): Promise<MeasuredCircuit> {
  const r1csPath = join(dir, `${job.name}.r1cs`);
  const header = parseR1csHeader(await readFile(r1csPath), r1csPath);
  const measure = JSON.parse(await readFile(join(dir, 'measure.json'), 'utf8')) as CompileMeasure;
  return {
    name: job.name,
    dir,
    r1csPath,
    symPath: join(dir, `${job.name}.sym`),
    wasmPath: join(dir, `${job.name}_js`, `${job.name}.wasm`),
    constraints: header.nConstraints,
    wires: header.nWires,
    measure,
    cached,
  };
}

interface RunOutcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly output: string;
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
}

/** Runs circom2 under `/usr/bin/time -v` (its report goes to `timeFile`); `onLine` gets its output. */
function runTimed(args: readonly string[], cwd: string, timeFile: string, onLine: (line: string) => void): Promise<RunOutcome> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, require.resolve('circom2/cli.js'), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stopping it stops circom2 too (not only /usr/bin/time).
      detached: true,
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
      output = (output + text).slice(-20_000);
      for (const line of text.split('\n')) if (line.trim() !== '') onLine(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    // This process ending (or being told to stop) must not leave a compile behind.
    const stop = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const interrupted = (signal: NodeJS.Signals): void => {
      stop();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('exit', stop);
    process.once('SIGTERM', interrupted);
    process.once('SIGINT', interrupted);
    child.on('close', (code, signal) => {
      process.removeListener('exit', stop);
      process.removeListener('SIGTERM', interrupted);
      process.removeListener('SIGINT', interrupted);
      const wallSeconds = (performance.now() - start) / 1000;
      readFile(timeFile, 'utf8').then(
        (text) => resolvePromise({ code, signal, output, wallSeconds, peakRssMiB: peakRssFromTimeOutput(text) }),
        () => resolvePromise({ code, signal, output, wallSeconds, peakRssMiB: 0 }),
      );
    });
  });
}

/** A compiled entry directory `dir` of the main named `name` (`INVALID_ARGUMENT` if it is not one). */
export async function loadCompiled(dir: string, name: string): Promise<MeasuredCircuit> {
  try {
    return await readEntry({ name, source: '', libraries: [] }, dir, true);
  } catch (cause) {
    throw benchError('INVALID_ARGUMENT', `${dir} is not a complete compile of ${name}; compile it again`, { details: { field: 'dir', value: dir }, cause });
  }
}

/** The cached entry of `job` under `cacheDir`, or undefined when it was never compiled there. */
export async function cachedCompile(job: CircomJob, cacheDir: string): Promise<MeasuredCircuit | undefined> {
  const dir = join(resolve(cacheDir), `${job.name}-${await jobKey(job, job.flags ?? COUNT_FLAGS)}`);
  return readEntry(job, dir, true).catch(() => undefined);
}

/**
 * Compiles `job` (or returns its cached entry) under `cacheDir`. Throws `INVALID_ARGUMENT` for a bad
 * name and `BENCH_INVALID` when circom2 fails; the failure's {@link FailedCompile} is its `details`.
 */
export async function compileMeasured(job: CircomJob, cacheDir: string, onLine: (line: string) => void = () => undefined): Promise<MeasuredCircuit> {
  if (!/^[A-Za-z0-9_-]+$/.test(job.name)) {
    throw benchError('INVALID_ARGUMENT', `circuit name must be letters, digits, '-' or '_', got ${JSON.stringify(job.name)}`, { details: { field: 'name', value: job.name } });
  }
  const flags = job.flags ?? COUNT_FLAGS;
  const dir = join(resolve(cacheDir), `${job.name}-${await jobKey(job, flags)}`);
  try {
    return await readEntry(job, dir, true);
  } catch {
    // Not cached yet (or incomplete): build it below.
  }
  await mkdir(dirname(dir), { recursive: true });
  const tmp = tempPathFor(dir);
  await mkdir(tmp);
  try {
    const mainPath = join(tmp, `${job.name}.circom`);
    await writeFile(mainPath, job.source);
    const cwd = commonAncestor([tmp, ...job.libraries]);
    const args = [relative(cwd, mainPath), ...flags, ...job.libraries.flatMap((d) => ['-l', relative(cwd, resolve(d)) || '.']), '-o', relative(cwd, tmp)];
    const outcome = await runTimed(args, cwd, join(tmp, 'time.txt'), onLine);
    if (outcome.code !== 0) {
      const failure: FailedCompile = {
        wallSeconds: Math.round(outcome.wallSeconds * 10) / 10,
        peakRssMiB: outcome.peakRssMiB,
        exitCode: outcome.code,
        signal: outcome.signal,
        tail: outcome.output.slice(-2000),
      };
      throw benchError('BENCH_INVALID', `circom2 failed on ${job.name} after ${failure.wallSeconds} s at ${failure.peakRssMiB} MiB peak RSS:\n${failure.tail}`, { details: { ...failure } });
    }
    const measure: CompileMeasure = {
      wallSeconds: Math.round(outcome.wallSeconds * 10) / 10,
      peakRssMiB: outcome.peakRssMiB,
      circom2: versionOf('circom2'),
      flags,
      finishedAt: new Date().toISOString(),
    };
    await writeFile(join(tmp, 'measure.json'), `${JSON.stringify(measure, null, 2)}\n`);
    await rename(tmp, dir).catch(async (error: unknown) => {
      // A concurrent compile of the same key won the rename: keep its entry.
      await readEntry(job, dir, true).catch(() => {
        throw error;
      });
    });
    return await readEntry(job, dir, false);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
