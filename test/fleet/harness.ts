/**
 * The proving fleet driven from outside: worker processes that print their events as JSON lines
 * (real prover workers: `zkr --json prover worker` from this repo's sources; the benchmark's
 * replaying workers), SIGKILL and SIGTERM of them, a deterministic chain of batches of the default
 * instance and the artifacts' key. Shared by the fault test (fault.test.ts) and the fleet
 * benchmark (bench/src/fleet.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { parseVerificationKey, type EngineName, type VerificationKey } from '@zkr/prover';
import { artifactPaths } from '@zkr/setup';
import type { Batch } from '@zkr/state';
import { genesis, honestBuild, spawnTs, type Fixture } from '@zkr/test-helpers';

/** The `zkr` CLI entry that runs from sources (packages/cli/src/zkr.fixture.ts). */
const ZKR_ENTRY = join(__dirname, '..', '..', 'packages', 'cli', 'src', 'zkr.fixture.ts');
/** How long a worker process may take from spawn to its `ready` line (transpiling sources and loading the key on a busy machine). */
const READY_TIMEOUT_MS = 120_000;

/** One JSON line of a worker process: `event` names it (a `WorkerEvent` of `@zkr/fleet` for prover workers). */
export interface WorkerLine {
  readonly event: string;
  readonly jobId?: string;
  readonly workerId?: string;
  readonly [key: string]: unknown;
}

/** A running worker process. */
export interface WorkerProcess {
  readonly workerId: string;
  readonly pid: number;
  /** Every event line it printed so far, in order. */
  readonly events: readonly WorkerLine[];
  /** Resolves with the first event (from now on) that `match` accepts; rejects if the process exits first or after `timeoutMs`. */
  next(match: (event: WorkerLine) => boolean, timeoutMs: number): Promise<WorkerLine>;
  /** SIGKILL (a crash); resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean close); resolves with its exit code. */
  stop(): Promise<number | null>;
  /** True once the process has exited. */
  exited(): boolean;
  /** Its stderr so far (for failure messages). */
  stderr(): string;
}

/** Spawns `script` (a `.ts` file run with ts-register) with `args` and resolves once it prints a `ready` line. */
export async function startWorkerScript(workerId: string, script: string, args: readonly string[]): Promise<WorkerProcess> {
  const child: ChildProcess = spawnTs(script, args);
  const events: WorkerLine[] = [];
  const waiters = new Set<{ match: (e: WorkerLine) => boolean; resolve: (e: WorkerLine) => void; reject: (e: Error) => void }>();
  let stderr = '';
  let buffer = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exit = { code, signal };
    waiters.forEach((w) => w.reject(new Error(`worker ${workerId} exited (code ${code}, signal ${signal}) before the awaited event; stderr:\n${stderr.slice(-4000)}`)));
    waiters.clear();
    resolve();
  }));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('{')) continue;
      let event: WorkerLine;
      try {
        event = JSON.parse(line) as WorkerLine;
      } catch {
        continue; // not an event line
      }
      if (typeof event.event !== 'string') continue;
      events.push(event);
      for (const w of waiters) {
        if (w.match(event)) {
          waiters.delete(w);
          w.resolve(event);
        }
      }
    }
  });
  const next = (match: (event: WorkerLine) => boolean, timeoutMs: number): Promise<WorkerLine> => {
    if (exit) return Promise.reject(new Error(`worker ${workerId} has exited (code ${exit.code}, signal ${exit.signal}); stderr:\n${stderr.slice(-4000)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`worker ${workerId} printed no matching event within ${timeoutMs} ms; last events: ${JSON.stringify(events.slice(-5))}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (e: WorkerLine) => (clearTimeout(timer), resolve(e)),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      waiters.add(waiter);
    });
  };
  try {
    await next((e) => e.event === 'ready', READY_TIMEOUT_MS);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    workerId,
    pid: child.pid!,
    events,
    next,
    kill9: async () => {
      if (!exit) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (!exit) child.kill('SIGTERM');
      await exited;
      return exit!.code;
    },
    exited: () => exit !== undefined,
    stderr: () => stderr,
  };
}

/** What a prover worker process is started with. */
export interface ProverWorkerSpec {
  readonly redisUrl: string;
  readonly artifactsDir: string;
  readonly queueName: string;
  readonly workerId: string;
  readonly threads?: number;
  readonly engine?: EngineName;
}

/** Starts a real prover worker, `zkr --json prover worker ...`, and resolves once it is taking jobs. */
export function startProverWorker(spec: ProverWorkerSpec): Promise<WorkerProcess> {
  const args = ['--json', 'prover', 'worker', '--redis', spec.redisUrl, '--artifacts', spec.artifactsDir, '--queue', spec.queueName, '--id', spec.workerId];
  if (spec.threads !== undefined) args.push('--threads', String(spec.threads));
  if (spec.engine !== undefined) args.push('--engine', spec.engine);
  return startWorkerScript(spec.workerId, ZKR_ENTRY, args);
}

/** The number of accounts of {@link fleetBatches}' genesis. */
const ACCOUNTS = 8;

/**
 * `count` consecutive batches (numbers 1..count) of the default instance from one deterministic
 * genesis (accounts 0..7, balance 10^6 each, test keys): batch `i` holds two transfers of 1 (fee 1)
 * around the ring, built with @zkr/state's builder, so every run builds the same batches and job ids.
 */
export async function fleetBatches(count: number): Promise<Batch[]> {
  let fixture: Fixture = await genesis(DEFAULT_INSTANCE.depth, Array.from({ length: ACCOUNTS }, (_, index) => ({ index, balance: 1_000_000n })));
  const batches: Batch[] = [];
  for (let i = 0; i < count; i++) {
    const from = (2 * i) % ACCOUNTS;
    const specs = [
      { from, to: (from + 1) % ACCOUNTS, amount: 1n, fee: 1n },
      { from: (from + 1) % ACCOUNTS, to: (from + 2) % ACCOUNTS, amount: 1n, fee: 1n },
    ];
    const built = honestBuild(fixture, specs, DEFAULT_INSTANCE.batchSize, 0);
    batches.push(built.batch);
    fixture = { ...fixture, state: built.state };
  }
  return batches;
}

/** The verification key of an artifact directory (checked with `parseVerificationKey`). */
export async function artifactsVkey(artifactsDir: string): Promise<VerificationKey> {
  return parseVerificationKey(JSON.parse(await readFile(artifactPaths(artifactsDir).vkey, 'utf8')));
}
