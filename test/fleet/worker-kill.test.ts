/**
 * `zkr prover worker` as real child processes on a real redis-server: the worker proving a batch
 * is killed with SIGKILL mid-proof, its job is re-delivered (BullMQ's stalled-job check) to a
 * second worker, whose verified proof reaches the node's ProvingQueue; SIGTERM then stops that
 * worker with exit code 0. Minutes long on a loaded 2-core machine: run with the fleet tests.
 */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { ProvingQueue, type QueueEvent } from '@zkr/fleet';
import { verifyProof } from '@zkr/prover';
import { batchArtifacts, finished, genesis, honestBatch, REPO_ROOT, spawnTs, startRedis, terminateCurve, type TestRedis } from '@zkr/test-helpers';

/** `zkr` from sources in a child process. */
const ZKR = join(REPO_ROOT, 'packages', 'cli', 'src', 'zkr.fixture.ts');

let artifactsDir: string;

beforeAll(async () => {
  artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
});

afterAll(async () => terminateCurve());

type Line = { event: string; [key: string]: unknown };

/** A `zkr --json prover worker` child and the JSON lines it printed so far. */
function spawnWorker(redis: TestRedis, id: string): { child: ChildProcess; lines: Line[]; done: ReturnType<typeof finished> } {
  const child = spawnTs(ZKR, ['--json', 'prover', 'worker', '--redis', redis.url, '--artifacts', artifactsDir, '--queue', 'kill', '--id', id, '--engine', 'zkr', '--threads', '1']);
  const lines: Line[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) if (part !== '') lines.push(JSON.parse(part) as Line);
  });
  return { child, lines, done: finished(child) };
}

async function until(what: string, found: () => boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!found()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('zkr prover worker', () => {
  let redis: TestRedis;
  let queue: ProvingQueue | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue?.close();
    await redis?.stop();
  });

  it('re-delivers the job of a worker killed mid-proof to another worker; SIGTERM stops a worker with exit code 0', async () => {
    const events: QueueEvent[] = [];
    queue = await ProvingQueue.fromArtifacts(artifactsDir, { redisUrl: redis.url, queueName: 'kill', onEvent: (e) => events.push(e) });
    const doomed = spawnWorker(redis, 'doomed');
    children.push(doomed.child);
    await until('the first worker to be ready', () => doomed.lines.some((l) => l.event === 'ready'));
    const fx = await genesis(DEFAULT_INSTANCE.depth, [{ index: 0, balance: 10n ** 9n }, { index: 1, balance: 500n }]);
    const batch = honestBatch(fx, [{ from: 0, to: 1, amount: 77n, fee: 1n }], DEFAULT_INSTANCE.batchSize, 0);
    const proving = queue.prove(batch);
    await until('the first worker to start proving', () => doomed.lines.some((l) => l.event === 'job-started'));
    const rescuer = spawnWorker(redis, 'rescuer');
    children.push(rescuer.child);
    await until('the second worker to be ready', () => rescuer.lines.some((l) => l.event === 'ready'));
    expect(doomed.lines.some((l) => l.event === 'job-proved')).toBe(false);
    doomed.child.kill('SIGKILL');
    expect((await doomed.done).signal).toBe('SIGKILL');
    const result = await proving;
    expect(result.workerId).toBe('rescuer');
    expect(result.publicSignals).toEqual([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash].map(String));
    expect(await verifyProof(queue.vkey, result.proof, result.publicSignals)).toBe(true);
    expect(rescuer.lines).toContainEqual(expect.objectContaining({ event: 'job-started', workerId: 'rescuer' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'proof-accepted', workerId: 'rescuer' }));
    rescuer.child.kill('SIGTERM');
    const stopped = await rescuer.done;
    expect(stopped.code).toBe(0);
    expect(rescuer.lines[rescuer.lines.length - 1]).toEqual({ event: 'closed', workerId: 'rescuer' });
  });
});
