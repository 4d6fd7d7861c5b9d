/**
 * The fleet on a real redis-server and the real Prover (default instance, dev artifacts): a batch
 * proved by a ProverWorker through the ProvingQueue and verified; one job for a batch enqueued twice;
 * a faulty BullMQ worker's forged result rejected and the job finished by a real worker; a Redis
 * restart while one job is being proved and another waits.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker as BullWorker } from 'bullmq';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { parseVerificationKey, verifyProof, type VerificationKey } from '@zkr/prover';
import type { Batch } from '@zkr/state';
import { batchArtifacts, genesis, honestBatch, startRedis, terminateCurve, type Fixture, type TestRedis } from '@zkr/test-helpers';
import { redisConnection } from './connection';
import { expectedPublicSignals, provingJobId, provingJobOf, type ProvingResult } from './job';
import { ProvingQueue, type QueueEvent } from './queue';
import { ProverWorker, type WorkerEvent } from './worker';

let redis: TestRedis;
let artifactsDir: string;
let vkey: VerificationKey;
let fx: Fixture;
const closers: (() => Promise<void>)[] = [];
const workerEvents: WorkerEvent[] = [];
const queueEvents: QueueEvent[] = [];

beforeAll(async () => {
  redis = await startRedis();
  artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
  vkey = parseVerificationKey(JSON.parse(await readFile(join(artifactsDir, 'vkey.json'), 'utf8')));
  fx = await genesis(DEFAULT_INSTANCE.depth, [{ index: 0, balance: 10n ** 12n }, { index: 1, balance: 500n }]);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await redis?.stop();
  await terminateCurve();
});

/** A batch of its own for each test (same number, different transfers: a different job id). */
const batchOf = (amount: bigint): Batch => honestBatch(fx, [{ from: 0, to: 1, amount, fee: 1n }], DEFAULT_INSTANCE.batchSize, 0);
const jobIdOf = (batch: Batch): string => {
  const data = provingJobOf(batch);
  return provingJobId(data.batchNumber, data.inputHash);
};

async function startWorker(queueName: string, workerId: string): Promise<ProverWorker> {
  const worker = await ProverWorker.start({ redisUrl: redis.url, artifactsDir, queueName, workerId, engine: 'zkr', threads: 1, onEvent: (e) => workerEvents.push(e) });
  closers.push(() => worker.close());
  return worker;
}

async function openQueue(queueName: string, attempts?: number): Promise<ProvingQueue> {
  const queue = await ProvingQueue.open({ redisUrl: redis.url, queueName, vkey, instance: DEFAULT_INSTANCE, attempts, pollMs: 200, onEvent: (e) => queueEvents.push(e) });
  closers.push(() => queue.close());
  return queue;
}

async function expectValid(result: ProvingResult, batch: Batch): Promise<void> {
  expect(result.publicSignals).toEqual(expectedPublicSignals(batch));
  expect(await verifyProof(vkey, result.proof, result.publicSignals)).toBe(true);
}

const started = (jobId: string) => workerEvents.filter((e) => e.event === 'job-started' && e.jobId === jobId);

describe('ProvingQueue + ProverWorker', () => {
  let queue: ProvingQueue;
  let worker: ProverWorker;
  let first: { batch: Batch; result: ProvingResult };

  beforeAll(async () => {
    worker = await startWorker('main', 'honest-1');
    queue = await openQueue('main');
  });

  it('proves a batch on a worker and returns the verified proof with the worker id', async () => {
    expect(worker.instance).toEqual(DEFAULT_INSTANCE);
    expect(workerEvents).toContainEqual(expect.objectContaining({ event: 'ready', workerId: 'honest-1', queueName: 'main', threads: 1 }));
    const batch = batchOf(100n);
    const result = await queue.prove(batch);
    expect(result.workerId).toBe('honest-1');
    await expectValid(result, batch);
    const jobId = jobIdOf(batch);
    expect(queueEvents).toContainEqual(expect.objectContaining({ event: 'proof-accepted', jobId, workerId: 'honest-1' }));
    expect(workerEvents).toContainEqual(expect.objectContaining({ event: 'job-proved', jobId, workerId: 'honest-1' }));
    first = { batch, result };
  });

  it('proves a batch enqueued twice (by two queue clients at once) once, and reuses the finished job later', async () => {
    const other = await openQueue('main');
    const batch = batchOf(200n);
    const jobId = jobIdOf(batch);
    const [a, b] = await Promise.all([queue.prove(batch), other.prove(batch)]);
    expect(b).toEqual(a);
    await expectValid(a, batch);
    expect(started(jobId)).toHaveLength(1);
    const again = await queue.prove(batch);
    expect(again).toEqual(a);
    expect(started(jobId)).toHaveLength(1);
  });

  it('rejects and reports a faulty worker\'s forged proof; a real worker finishes the job', async () => {
    const faultyQueue = await openQueue('faulty', 5);
    const batch = batchOf(300n);
    const jobId = jobIdOf(batch);
    // A real BullMQ worker on the queue that answers every job with the proof of another batch claimed for this one.
    const forged: ProvingResult = { ...first.result, publicSignals: expectedPublicSignals(batch), workerId: 'faulty-1' };
    let answered!: () => void;
    const answeredOnce = new Promise<void>((resolve) => (answered = resolve));
    const faulty = new BullWorker('faulty', async () => forged, { connection: redisConnection(redis.url), name: 'faulty-1' });
    faulty.on('completed', () => answered());
    const proving = faultyQueue.prove(batch);
    await answeredOnce;
    await faulty.close();
    await startWorker('faulty', 'honest-2');
    const result = await proving;
    expect(result.workerId).toBe('honest-2');
    await expectValid(result, batch);
    const rejections = queueEvents.filter((e) => e.event === 'worker-rejected' && e.jobId === jobId);
    expect(rejections.length).toBeGreaterThanOrEqual(1);
    for (const r of rejections) expect(r).toMatchObject({ workerId: 'faulty-1', reason: expect.stringMatching(/^INVALID_PROOF: the proof does not verify/) });
    expect(queueEvents).toContainEqual({ event: 'job-requeued', jobId, batchNumber: batch.batchNumber, rejectedWorkers: ['faulty-1'] });
  });

  it('delivers both proofs across a Redis restart while one job is proved and another waits', async () => {
    const [c, d] = [batchOf(400n), batchOf(500n)];
    const proving = Promise.all([queue.prove(c), queue.prove(d)]);
    const deadline = Date.now() + 60_000;
    while (!workerEvents.some((e) => e.event === 'job-started' && (e.jobId === jobIdOf(c) || e.jobId === jobIdOf(d)))) {
      if (Date.now() > deadline) throw new Error('no job started');
      await new Promise((r) => setTimeout(r, 20));
    }
    await redis.restart();
    const [rc, rd] = await proving;
    await expectValid(rc, c);
    await expectValid(rd, d);
    expect([rc.workerId, rd.workerId]).toEqual(['honest-1', 'honest-1']);
  });
});
