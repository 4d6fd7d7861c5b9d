/**
 * No proving job lost across worker crashes and Redis restarts (issue 16, "Faults"). A stream of
 * batches of the default instance is proved through a ProvingQueue by real prover worker
 * processes (`zkr --json prover worker`, the CLI from sources) on a real redis-server; meanwhile a seeded fault loop SIGKILLs 10
 * workers in the middle of a proof (its last event is `job-started`), starting a fresh worker after
 * each kill, and restarts Redis twice. At the end: every batch came back exactly once, every proof
 * verifies with the artifacts' key and carries its batch's public signals, every job killed
 * mid-proof was finished by another worker, no process of a killed worker (its prover host) outlived
 * it, and Redis holds no job waiting, active, delayed or failed.
 * `npm run test:fleet` (minutes long, run on its own); `ZKR_TEST_SEED` replays a run.
 */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { expectedPublicSignals, ProvingQueue, provingJobId, provingJobOf, redisConnection, type ProvingResult, type QueueEvent } from '@zkr/fleet';
import { verifyProof, type VerificationKey } from '@zkr/prover';
import type { Batch } from '@zkr/state';
import { batchArtifacts, descendants, isRunning, seededBigints, startRedis, testSeed, type TestRedis } from '@zkr/test-helpers';
import { Queue } from 'bullmq';
import { artifactsVkey, fleetBatches, startProverWorker, type WorkerProcess } from './harness';

const QUEUE = 'fleet-fault';
/** Workers kept running (a killed one is replaced by a fresh one). */
const WORKERS = 3;
const KILLS = 10;
/** Redis is restarted right after these kills. */
const REDIS_RESTART_AFTER_KILL = [3, 7];
/** Batches proved at least; more are streamed while faults are still to come. */
const MIN_BATCHES = 8;
/** At most this many batches (the stream ends here even if faults remain: the test then fails on the kill count). */
const MAX_BATCHES = 40;
/** Batches in flight at once (the node enqueues while earlier proofs run). */
const IN_FLIGHT = 4;
/** A kill lands this long after the victim printed `job-started`, ms: 0.2 s .. 2 s (a depth-8 proof takes longer). */
const KILL_DELAY_MS = [200, 2000] as const;
/** How long any one wait of the fault loop may take before the test fails with the workers' last events. */
const STEP_TIMEOUT_MS = 180_000;
/** How long the processes a killed worker started (its prover host) may take to notice and end. */
const ORPHAN_GRACE_MS = 10_000;

const seed = testSeed();
const random = seededBigints(seed);
/** A seeded integer in [min, max]. */
const between = (min: number, max: number): number => min + Number(random(32) % BigInt(max - min + 1));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The worker's job in progress: the job of its last `job-started` with no `job-proved` / `job-failed` after it. */
function jobInProgress(worker: WorkerProcess): string | undefined {
  for (let i = worker.events.length - 1; i >= 0; i--) {
    const e = worker.events[i];
    if (e.event === 'job-started') return e.jobId;
    if (e.event === 'job-proved' || e.event === 'job-failed' || e.event === 'refused' || e.event === 'gave-back') return undefined;
  }
  return undefined;
}

describe(`proving fleet faults (seed ${seed})`, () => {
  let redis: TestRedis;
  let artifactsDir: string;
  let vkey: VerificationKey;
  let batches: Batch[];
  let queue: ProvingQueue | undefined;
  let admin: Queue | undefined;
  const live = new Map<string, WorkerProcess>();
  const starting = new Set<Promise<void>>();
  let nextWorker = 0;

  /** Starts worker `w<n>` (a fresh id each time) and adds it to `live` once ready. */
  const startWorker = (): Promise<void> => {
    const workerId = `w${nextWorker++}`;
    const start = startProverWorker({ redisUrl: redis.url, artifactsDir, queueName: QUEUE, workerId, threads: 1, engine: 'native' })
      .then((worker) => void live.set(workerId, worker))
      .finally(() => starting.delete(start));
    starting.add(start);
    return start;
  };

  beforeAll(async () => {
    redis = await startRedis();
    artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
    vkey = await artifactsVkey(artifactsDir);
    batches = await fleetBatches(MAX_BATCHES);
  });

  afterAll(async () => {
    await Promise.allSettled([...starting]);
    await queue?.close();
    await admin?.close();
    await Promise.all([...live.values()].map((w) => w.kill9()));
    await redis?.stop();
  });

  it(`proves every batch exactly once across ${KILLS} kill -9 of workers mid-proof and ${REDIS_RESTART_AFTER_KILL.length} Redis restarts`, async () => {
    await Promise.all(Array.from({ length: WORKERS }, () => startWorker()));
    const events: QueueEvent[] = [];
    queue = await ProvingQueue.open({ redisUrl: redis.url, queueName: QUEUE, vkey, instance: DEFAULT_INSTANCE, onEvent: (e) => void events.push(e) });
    const openQueue = queue;

    // The stream: IN_FLIGHT batches at a time, in order, until the faults are done (and MIN_BATCHES sent).
    const results = new Map<number, ProvingResult[]>();
    let faultsDone = false;
    let sent = 0;
    const lane = async (): Promise<void> => {
      while (sent < MAX_BATCHES && (sent < MIN_BATCHES || !faultsDone)) {
        const batch = batches[sent++];
        const result = await openQueue.prove(batch);
        results.set(batch.batchNumber, [...(results.get(batch.batchNumber) ?? []), result]);
      }
    };
    const stream = Promise.all(Array.from({ length: IN_FLIGHT }, () => lane()));
    let streamError: unknown;
    const streamEnded = stream.then(() => 'ended' as const, (error: unknown) => ((streamError = error), 'ended' as const));

    // The faults: kill a worker mid-proof while at least one other is up; Redis restarts after kills 3 and 7.
    const killed: { workerId: string; jobId: string }[] = [];
    const children: number[] = [];
    let redisRestarts = 0;
    while (killed.length < KILLS) {
      const busy = [...live.values()].filter((w) => jobInProgress(w) !== undefined);
      if (busy.length === 0 || live.size < 2) {
        // Wait for a worker to start a job or a fresh worker to come up.
        const wake = [...live.values()].map((w) => w.next((e) => e.event === 'job-started', STEP_TIMEOUT_MS));
        for (const p of wake) void p.catch(() => undefined); // the waiter of a worker killed later rejects
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STEP_TIMEOUT_MS)));
        const outcome = await Promise.race([...wake, ...starting, streamEnded, timeout]);
        clearTimeout(timer);
        if (outcome === 'ended') throw new Error(`the stream ended after ${sent} batches with ${killed.length} of ${KILLS} kills done: ${String(streamError ?? 'raise MAX_BATCHES')}`);
        if (outcome === 'timeout') throw new Error(`no worker started a job within ${STEP_TIMEOUT_MS} ms; last events: ${JSON.stringify([...live.values()].map((w) => w.events.slice(-3)))}`);
        continue;
      }
      const victim = busy[between(0, busy.length - 1)];
      const jobId = jobInProgress(victim)!;
      await sleep(between(...KILL_DELAY_MS));
      if (jobInProgress(victim) !== jobId) continue; // it finished meanwhile: not a kill mid-proof
      children.push(...descendants(victim.pid).map((p) => p.pid));
      await victim.kill9();
      live.delete(victim.workerId);
      killed.push({ workerId: victim.workerId, jobId });
      void startWorker().catch(() => undefined); // a failed start shows up as a timeout above, with the events
      if (REDIS_RESTART_AFTER_KILL.includes(killed.length)) {
        await redis.restart();
        redisRestarts += 1;
      }
    }
    faultsDone = true;
    await stream;
    const graceEnd = Date.now() + ORPHAN_GRACE_MS;
    while (children.some(isRunning) && Date.now() < graceEnd) await sleep(100);

    // Exactly once, in the results the queue returned: batches 1..sent, one result each.
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(batches.slice(0, sent).map((b) => b.batchNumber));
    expect([...results.values()].filter((r) => r.length !== 1)).toEqual([]);
    expect(killed).toHaveLength(KILLS);
    expect(redisRestarts).toBe(REDIS_RESTART_AFTER_KILL.length);
    expect(children.length).toBeGreaterThanOrEqual(KILLS); // each killed worker had its prover host
    expect(children.filter(isRunning)).toEqual([]);

    // Every proof verifies and is its batch's.
    for (const batch of batches.slice(0, sent)) {
      const [result] = results.get(batch.batchNumber)!;
      expect(result.publicSignals).toEqual(expectedPublicSignals(batch));
      await expect(verifyProof(vkey, result.proof, result.publicSignals)).resolves.toBe(true);
    }

    // One accepted proof per job; a job killed mid-proof was finished by another worker.
    const accepted = events.filter((e): e is Extract<QueueEvent, { event: 'proof-accepted' }> => e.event === 'proof-accepted');
    const jobIds = batches.slice(0, sent).map((b) => provingJobId(b.batchNumber, provingJobOf(b).inputHash));
    expect(accepted.map((e) => e.jobId).sort()).toEqual([...jobIds].sort());
    for (const { workerId, jobId } of killed) {
      if (!jobIds.includes(jobId)) throw new Error(`worker ${workerId} was killed proving ${jobId}, a job of no batch of the stream`);
      expect(accepted.find((e) => e.jobId === jobId)!.workerId).not.toBe(workerId);
    }

    // Nothing left behind in Redis.
    admin = new Queue(QUEUE, { connection: redisConnection(redis.url) });
    const counts = await admin.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed');
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, prioritized: 0, 'waiting-children': 0, failed: 0, completed: sent });
  });
});
