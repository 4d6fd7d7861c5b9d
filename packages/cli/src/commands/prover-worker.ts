/**
 * `zkr prover worker`: a prover of the proving fleet (`@zkr/fleet`'s `ProverWorker`): takes
 * proving jobs from the BullMQ queue on `--redis`, proves them with the artifacts of `--artifacts`
 * (key and wasm resident across jobs) and returns the proofs, until SIGINT or SIGTERM. The first
 * signal lets the proof in progress finish; a second one abandons it (the job goes to another worker).
 * With `--json` every event is one JSON line on stdout; otherwise one line per event on stderr.
 */
import type { Command } from 'commander';
import { isZkrError } from '@zkr/errors';
import { DEFAULT_QUEUE_NAME, ProverWorker, type WorkerEvent } from '@zkr/fleet';
import type { Cli } from '../cli';
import { parseEngine, parseInteger } from '../args';
import { cliError } from '../errors';

interface WorkerFlags {
  redis?: string;
  artifacts?: string;
  queue?: string;
  engine?: string;
  threads?: string;
  id?: string;
}

/** One human-readable line for an event. */
function describe(e: WorkerEvent): string {
  switch (e.event) {
    case 'ready':
      return `prover worker ${e.workerId} ready on queue ${e.queueName} (engine ${e.engine}, ${e.threads} threads, depth ${e.instance.depth}, batch size ${e.instance.batchSize})`;
    case 'job-started':
      return `proving batch #${e.batchNumber} (${e.jobId})`;
    case 'job-proved':
      return `proved batch #${e.batchNumber} in ${Math.round(e.proveMs)} ms`;
    case 'job-failed':
      return `job ${e.jobId} failed [${e.code}] ${e.message}`;
    case 'refused':
      return `refused job ${e.jobId} [${e.code}] ${e.message}`;
    case 'gave-back':
      return `left job ${e.jobId} to another worker (this worker's earlier proof of it was rejected)`;
    case 'notice':
      return e.line;
    case 'redis-error':
      return `redis: ${e.message} (reconnecting)`;
    case 'closed':
      return `prover worker ${e.workerId} stopped`;
  }
}

/** Registers `zkr prover worker`. */
export function register(program: Command, cli: Cli): void {
  const prover = program.command('prover').description('the proving fleet: prover workers taking batches from Redis');
  prover
    .command('worker')
    .description('take proving jobs from the fleet\'s Redis queue and prove them (key and wasm stay loaded) until SIGINT/SIGTERM')
    .option('--redis <url>', 'Redis URL of the fleet, e.g. redis://127.0.0.1:6379')
    .option('--artifacts <dir>', 'artifact directory of the rollup\'s circuit (zkr setup)')
    .option('--queue <name>', `BullMQ queue name (default ${DEFAULT_QUEUE_NAME})`)
    .option('--engine <name>', 'proving engine: zkr, native, snarkjs (default native, falling back to zkr)')
    .option('--threads <n>', 'engine threads (default: available cores)')
    .option('--id <id>', 'worker id recorded in its proofs (default <host>-<pid>-<random>)')
    .action(async (flags: WorkerFlags) => {
      if (flags.redis === undefined) throw cliError('INVALID_ARGUMENT', 'pass --redis URL (e.g. redis://127.0.0.1:6379)', { details: { field: '--redis' } });
      if (flags.artifacts === undefined) throw cliError('INVALID_ARGUMENT', 'pass --artifacts DIR (the directory `zkr setup` wrote)', { details: { field: '--artifacts' } });
      const options = {
        redisUrl: flags.redis,
        artifactsDir: flags.artifacts,
        queueName: flags.queue,
        engine: flags.engine === undefined ? undefined : parseEngine(flags.engine),
        threads: flags.threads === undefined ? undefined : parseInteger(flags.threads, '--threads', 1, 256),
        workerId: flags.id,
      };
      const print = (e: WorkerEvent): void => (cli.json ? cli.io.stdout(`${JSON.stringify(e)}\n`) : cli.note(describe(e)));
      const worker = await ProverWorker.start({ ...options, onEvent: print }).catch((error: unknown) => {
        throw asFlagError(error);
      });
      await new Promise<void>((resolve) => {
        let signals = 0;
        const on = (signal: string): void => {
          signals += 1;
          if (signals === 1) cli.note(`${signal}: finishing the proof in progress, then stopping (again to abandon it)`);
          void worker.close(signals > 1).then(() => {
            process.off('SIGINT', on);
            process.off('SIGTERM', on);
            resolve();
          });
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      });
    });
}

/** A fleet option error names the library's field; name the flag instead (a usage error, exit 2). */
function asFlagError(error: unknown): unknown {
  const flags: Record<string, string> = { redisUrl: '--redis', queueName: '--queue', workerId: '--id', artifactsDir: '--artifacts' };
  const field = isZkrError(error, 'INVALID_ARGUMENT') ? error.details.field : undefined;
  const flag = typeof field === 'string' ? flags[field] : undefined;
  if (!isZkrError(error) || flag === undefined) return error;
  return cliError('INVALID_ARGUMENT', `${flag}: ${error.message}`, { details: { field: flag, value: error.details.value }, cause: error });
}
