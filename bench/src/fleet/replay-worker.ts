/**
 * A simulated prover worker of the fleet benchmark (bench/src/fleet.ts): a real BullMQ worker on
 * the proving queue that proves nothing. For a job it waits the proving time recorded for the
 * job's batch, times the scale the benchmark keeps in Redis (`REPLAY_SCALE_KEY`), and
 * returns the real proof recorded for it, as a prover worker's result. It loads only BullMQ (no
 * engine, no key), so dozens of them fit on one machine. Prints `{"event":"ready"}` once taking jobs.
 *
 * `node -r ./packages/test-helpers/ts-register.js bench/src/fleet/replay-worker.ts --redis URL --queue NAME --recordings FILE --worker-id ID`
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ProvingResult } from '@zkr/fleet';
import { benchError } from '../errors';
import { REPLAY_SCALE_KEY, type RecordingsFile } from './recordings';

function flag(name: string): string {
  const i = process.argv.indexOf(name);
  if (i < 0 || process.argv[i + 1] === undefined) {
    process.stderr.write(`replay-worker: ${name} is required\n`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

async function main(): Promise<void> {
  const workerId = flag('--worker-id');
  const file = JSON.parse(readFileSync(flag('--recordings'), 'utf8')) as RecordingsFile;
  const redisUrl = flag('--redis');
  const settings = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<unknown, ProvingResult>(
    flag('--queue'),
    async (job): Promise<ProvingResult> => {
      const recording = file.recordings[job.id ?? ''];
      // A job the benchmark did not record fails (the benchmark then reports it); nothing else enqueues here.
      if (recording === undefined) throw benchError('BENCH_INVALID', `no recording of job ${job.id}; record its batch first`);
      const scale = Number((await settings.get(REPLAY_SCALE_KEY)) ?? '1');
      await new Promise((resolve) => setTimeout(resolve, recording.proveMs * scale));
      return { proof: recording.proof, publicSignals: recording.publicSignals, workerId, proveMs: recording.proveMs * scale };
    },
    { connection: { url: redisUrl, maxRetriesPerRequest: null }, name: workerId, concurrency: 1 },
  );
  worker.on('error', (error: Error) => process.stderr.write(`replay-worker ${workerId}: ${error.message}\n`));
  await worker.waitUntilReady();
  process.stdout.write(`${JSON.stringify({ event: 'ready', workerId, at: Date.now() })}\n`);
  process.once('SIGTERM', () => void Promise.all([worker.close(), settings.quit()]).then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
