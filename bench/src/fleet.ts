/**
 * The proving fleet on this machine (issue 16, "Measure"): a real redis-server, real prover worker
 * processes (`zkr --json prover worker`, the CLI from sources) and the node's side, a
 * ProvingQueue in this process, which verifies every proof it gets. One run, the default instance,
 * a fixed chain of pre-built batches (test/fleet/harness.ts `fleetBatches`, @zkr/state's builder).
 *
 * 1. Throughput: the same `--batches` batches enqueued at once and proved by 1 worker x 1 thread,
 *    2 workers x 1 thread and 1 worker x 2 threads (one queue each); proven batches per minute
 *    from the first enqueue to the last verified result.
 * 2. Recording: the first `--sim-batches` batches not proved by a 1-thread worker yet, proved by 2
 *    workers x 1 thread with one job per worker in flight, so every job finds an idle worker: the real queue overhead per job
 *    (enqueue -> worker start, worker result -> node, the node's verification, the worker's own
 *    handling beyond the prover) and a real proof + proving time per batch.
 * 3. Coordinator scaling: `--sim-workers` simulated workers (bench/src/fleet/replay-worker.ts: real
 *    OS processes with real BullMQ workers that replay the recorded proof and proving time of the
 *    job's batch), one batch in flight per worker, the node's side enqueueing, waiting for and
 *    verifying every proof, for `--sim-seconds` per level; then the same at the largest level with
 *    25 ms per job (the node side's ceiling). A finished job is removed from Redis so
 *    that its batch can be proved again (job ids are idempotent).
 *
 * `node -r ./packages/test-helpers/ts-register.js bench/src/fleet.ts [--batches 8] [--sim-batches 32]
 *   [--sim-workers 1,4,16,32] [--sim-seconds 12] [--engine native] [--artifacts DIR] [--out bench/results/fleet.md]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { ProvingQueue, provingJobId, provingJobOf, redisConnection, type ProvingResult, type QueueEvent } from '@zkr/fleet';
import { ENGINE_NAMES, type EngineName, type VerificationKey } from '@zkr/prover';
import type { Batch } from '@zkr/state';
import { batchArtifacts, startRedis, type TestRedis } from '@zkr/test-helpers';
import { artifactsVkey, fleetBatches, startProverWorker, startWorkerScript, type WorkerProcess } from '../../test/fleet/harness';
import { benchError } from './errors';
import { REPLAY_SCALE_KEY, type Recording, type RecordingsFile } from './fleet/recordings';
import { machineInfo } from './machine';

const REPLAY_WORKER = join(__dirname, 'fleet', 'replay-worker.ts');
/** Replayed proving time of the ceiling level (ms): far below any proof, so the node side is the limit. */
const CEILING_JOB_MS = 25;

interface FleetOptions {
  readonly batches: number;
  readonly simBatches: number;
  readonly simWorkers: readonly number[];
  readonly simSeconds: number;
  readonly engine: EngineName;
  readonly artifacts?: string;
  readonly out: string;
}

function parseArgs(argv: readonly string[]): FleetOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const bad = (flag: string, expected: string, raw: string): never => {
    throw benchError('INVALID_ARGUMENT', `${flag} must be ${expected}, got ${JSON.stringify(raw)}`, { details: { field: flag, value: raw } });
  };
  const integer = (flag: string, fallback: number, min: number, max: number): number => {
    const raw = value(flag) ?? String(fallback);
    const n = Number(raw);
    return Number.isSafeInteger(n) && n >= min && n <= max ? n : bad(flag, `an integer in ${min}..${max}`, raw);
  };
  const workersRaw = value('--sim-workers') ?? '1,4,16,32';
  const simWorkers = workersRaw.split(',').map(Number);
  if (!simWorkers.every((n) => Number.isSafeInteger(n) && n >= 1 && n <= 256)) bad('--sim-workers', 'a comma-separated list of integers in 1..256', workersRaw);
  const engine = value('--engine') ?? 'native';
  if (!(ENGINE_NAMES as readonly string[]).includes(engine)) bad('--engine', ENGINE_NAMES.join(' | '), engine);
  const simBatches = integer('--sim-batches', 32, 1, 256);
  if (simBatches < Math.max(...simWorkers)) bad('--sim-batches', `at least the largest --sim-workers (${Math.max(...simWorkers)}): one batch in flight per worker`, String(simBatches));
  return {
    batches: integer('--batches', 8, 2, 256),
    simBatches,
    simWorkers,
    simSeconds: integer('--sim-seconds', 12, 1, 3600),
    engine: engine as EngineName,
    artifacts: value('--artifacts'),
    out: resolve(value('--out') ?? join(__dirname, '..', 'results', 'fleet.md')),
  };
}

type Accepted = Extract<QueueEvent, { event: 'proof-accepted' }>;

/** The `q`-quantile of `samples` (nearest rank); NaN for none. */
function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const fmt = (n: number, digits = 1): string => (Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const p50p99 = (samples: readonly number[], digits = 0): string => `${fmt(quantile(samples, 0.5), digits)} / ${fmt(quantile(samples, 0.99), digits)}`;
const jobIdOf = (batch: Batch): string => provingJobId(batch.batchNumber, provingJobOf(batch).inputHash);

/** What the node side shares across phases. */
interface Fleet {
  readonly redis: TestRedis;
  readonly artifactsDir: string;
  readonly vkey: VerificationKey;
  readonly engine: EngineName;
}

/** A queue of the node's side that records its `proof-accepted` events, with a BullMQ handle on the same queue for job timestamps and removal. */
async function openQueue(fleet: Fleet, queueName: string): Promise<{ queue: ProvingQueue; admin: Queue; accepted: Accepted[]; faults: Map<string, number>; close(): Promise<void> }> {
  const accepted: Accepted[] = [];
  /** Counts of the queue's other events but `job-added`: rejected results, failed and requeued jobs, Redis errors. */
  const faults = new Map<string, number>();
  const onEvent = (e: QueueEvent): void => {
    if (e.event === 'proof-accepted') accepted.push(e);
    else if (e.event !== 'job-added') faults.set(e.event, (faults.get(e.event) ?? 0) + 1);
  };
  const queue = await ProvingQueue.open({ redisUrl: fleet.redis.url, queueName, vkey: fleet.vkey, instance: DEFAULT_INSTANCE, onEvent });
  const admin = new Queue(queueName, { connection: redisConnection(fleet.redis.url) });
  return { queue, admin, accepted, faults, close: async () => void (await Promise.all([queue.close(), admin.close()])) };
}

/** `count` real prover worker processes on `queueName`, started in parallel. */
function proverWorkers(fleet: Fleet, queueName: string, count: number, threads: number): Promise<WorkerProcess[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => startProverWorker({
    redisUrl: fleet.redis.url, artifactsDir: fleet.artifactsDir, queueName, workerId: `${queueName}-${i}`, threads, engine: fleet.engine,
  })));
}

/** One throughput configuration's run. */
interface ThroughputRun {
  readonly label: string;
  readonly workers: number;
  readonly threads: number;
  readonly elapsedMs: number;
  readonly perMinute: number;
  readonly accepted: readonly Accepted[];
  /** The verified results, by job id. */
  readonly results: ReadonlyMap<string, ProvingResult>;
  /** Jobs the workers started and proofs they finished (more than the batches: a job was proved twice). */
  readonly started: number;
  readonly proved: number;
  /** The queue's fault events by name (`worker-rejected`, `job-failed`, `job-requeued`, `redis-error`). */
  readonly faults: ReadonlyMap<string, number>;
}

/** Proves `batches` (enqueued at once) with `workers` x `threads`, from the first enqueue to the last verified result. */
async function throughput(fleet: Fleet, batches: readonly Batch[], workers: number, threads: number): Promise<ThroughputRun> {
  const label = `${workers} worker${workers > 1 ? 's' : ''} x ${threads} thread${threads > 1 ? 's' : ''}`;
  const queueName = `bench-${workers}w${threads}t`;
  const processes = await proverWorkers(fleet, queueName, workers, threads);
  const node = await openQueue(fleet, queueName);
  try {
    const start = performance.now();
    const results = await Promise.all(batches.map((b) => node.queue.prove(b)));
    const elapsedMs = performance.now() - start;
    if (results.length !== batches.length || node.accepted.length !== batches.length) {
      throw benchError('BENCH_INVALID', `${label}: ${node.accepted.length} accepted proofs for ${batches.length} batches; fix the fleet before trusting these figures`);
    }
    process.stderr.write(`fleet bench: ${label}: ${batches.length} batches in ${fmt(elapsedMs / 1000, 1)} s\n`);
    const byJob = new Map(batches.map((b, i) => [jobIdOf(b), results[i]] as const));
    const count = (event: string): number => processes.reduce((n, p) => n + p.events.filter((e) => e.event === event).length, 0);
    return {
      label, workers, threads, elapsedMs, perMinute: (batches.length / elapsedMs) * 60_000, accepted: node.accepted, results: byJob,
      started: count('job-started'), proved: count('job-proved'), faults: node.faults,
    };
  } finally {
    await node.close();
    await Promise.all(processes.map((p) => p.stop()));
  }
}

/** The recording phase's figures: per-job overhead of real workers, and the recordings. */
interface RecordingRun {
  readonly accepted: readonly Accepted[];
  /** Per job: the worker's job start -> result written, minus the prover's own time (ms). */
  readonly handlingMs: readonly number[];
  readonly recordings: ReadonlyMap<string, Recording>;
}

/**
 * Proves `batches` with 2 workers x 1 thread, one job per worker in flight (each lane proves the
 * next batch when its last is back); `known` (results of 1-thread workers) are recordings already.
 */
async function record(fleet: Fleet, batches: readonly Batch[], known: ReadonlyMap<string, ProvingResult>): Promise<RecordingRun> {
  const queueName = 'bench-record';
  const lanes = 2;
  const processes = await proverWorkers(fleet, queueName, lanes, 1);
  const node = await openQueue(fleet, queueName);
  const recordings = new Map<string, Recording>([...known].map(([jobId, r]) => [jobId, { proof: r.proof, publicSignals: r.publicSignals, proveMs: r.proveMs }] as const));
  const todo = batches.filter((b) => !recordings.has(jobIdOf(b)));
  const handlingMs: number[] = [];
  try {
    let next = 0;
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (next < todo.length) {
        const batch = todo[next++];
        const result: ProvingResult = await node.queue.prove(batch);
        const jobId = jobIdOf(batch);
        const job = await Job.fromId(node.admin, jobId);
        if (job?.processedOn !== undefined && job.finishedOn !== undefined) handlingMs.push(job.finishedOn - job.processedOn - result.proveMs);
        recordings.set(jobId, { proof: result.proof, publicSignals: result.publicSignals, proveMs: result.proveMs });
      }
    }));
    process.stderr.write(`fleet bench: recorded ${recordings.size} proofs\n`);
    return { accepted: node.accepted, handlingMs, recordings };
  } finally {
    await node.close();
    await Promise.all(processes.map((p) => p.stop()));
  }
}

/** One level of the coordinator scaling phase. */
interface SimLevel {
  readonly workers: number;
  /** Replayed time / recorded time: 1, or the ceiling level's ~{@link CEILING_JOB_MS} ms per job. */
  readonly scale: number;
  readonly jobs: number;
  /** Mean replayed proving time of the jobs done (ms). */
  readonly replayMs: number;
  /** Sum over lanes of jobs / (lane's last result - start), jobs/s. */
  readonly jobsPerSecond: number;
  /** What the workers alone would sustain: the sum over lanes of jobs / (their replayed time). */
  readonly idealPerSecond: number;
  readonly accepted: readonly Accepted[];
  /** This process's CPU time over wall time, % of one core. */
  readonly nodeCpu: number;
  /** redis-server's CPU time over wall time, % of one core. */
  readonly redisCpu: number;
}

/** redis-server's CPU seconds so far (INFO cpu). */
async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string): number => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** The coordinator scaling phase: replaying workers added level by level, then the ceiling. */
async function scaling(fleet: Fleet, batches: readonly Batch[], recordings: ReadonlyMap<string, Recording>, levels: readonly number[], seconds: number): Promise<SimLevel[]> {
  const queueName = 'bench-sim';
  const dir = await mkdtemp(join(tmpdir(), 'zkr-fleet-bench-'));
  const file = join(dir, 'recordings.json');
  await writeFile(file, JSON.stringify({ version: 1, recordings: Object.fromEntries(recordings) } satisfies RecordingsFile));
  const workers: WorkerProcess[] = [];
  const node = await openQueue(fleet, queueName);
  const client = new Redis(fleet.redis.url, { maxRetriesPerRequest: null });
  try {
    const out: SimLevel[] = [];
    const meanRecordedMs = [...recordings.values()].reduce((sum, r) => sum + r.proveMs, 0) / recordings.size;
    const plan = [...levels.map((workers) => ({ workers, scale: 1 })), { workers: Math.max(...levels), scale: CEILING_JOB_MS / meanRecordedMs }];
    for (const { workers: count, scale } of plan) {
      while (workers.length < count) {
        const started = await Promise.all(Array.from({ length: Math.min(8, count - workers.length) }, (_, i) => {
          const workerId = `sim-${workers.length + i}`;
          return startWorkerScript(workerId, REPLAY_WORKER, ['--redis', fleet.redis.url, '--queue', queueName, '--recordings', file, '--worker-id', workerId]);
        }));
        workers.push(...started);
      }
      await client.set(REPLAY_SCALE_KEY, String(scale));
      const firstEvent = node.accepted.length;
      const cpu0 = process.cpuUsage();
      const redis0 = await redisCpuSeconds(client);
      const start = performance.now();
      const endAt = start + seconds * 1000;
      const lanes = await Promise.all(batches.slice(0, count).map(async (batch) => {
        const jobId = jobIdOf(batch);
        let jobs = 0;
        let last = start;
        let replayMs = 0;
        while (performance.now() < endAt) {
          const result = await node.queue.prove(batch);
          last = performance.now();
          jobs += 1;
          replayMs += result.proveMs;
          await node.admin.remove(jobId); // so that the batch can be proved again
        }
        return { jobs, last, replayMs };
      }));
      const wallS = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const redisCpu = ((await redisCpuSeconds(client)) - redis0) / wallS;
      const jobs = lanes.reduce((n, l) => n + l.jobs, 0);
      const replayMs = lanes.reduce((n, l) => n + l.replayMs, 0) / jobs;
      const level: SimLevel = {
        workers: count, scale, jobs, replayMs,
        jobsPerSecond: lanes.reduce((sum, l) => sum + l.jobs / ((l.last - start) / 1000), 0),
        idealPerSecond: lanes.reduce((sum, l) => sum + l.jobs / (l.replayMs / 1000), 0),
        accepted: node.accepted.slice(firstEvent),
        nodeCpu: ((cpu.user + cpu.system) / 1e6 / wallS) * 100,
        redisCpu: redisCpu * 100,
      };
      process.stderr.write(`fleet bench: ${count} simulated workers (scale ${scale}): ${jobs} jobs, ${fmt(level.jobsPerSecond, 2)} jobs/s\n`);
      out.push(level);
    }
    return out;
  } finally {
    await node.close();
    await client.quit();
    await Promise.all(workers.map((w) => w.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

function report(argv: readonly string[], options: FleetOptions, runs: readonly ThroughputRun[], rec: RecordingRun, levels: readonly SimLevel[]): string {
  const machine = machineInfo();
  const [one, two, twoThreads] = runs;
  const realAccepted = [...runs.flatMap((r) => r.accepted), ...rec.accepted];
  const simAccepted = levels.filter((l) => l.scale === 1).flatMap((l) => l.accepted);
  const dispatch = rec.accepted.map((e) => e.waitMs);
  const back = realAccepted.map((e) => e.returnMs);
  const verify = realAccepted.map((e) => e.verifyMs);
  const total = rec.accepted.map((e) => e.waitMs + e.returnMs + e.verifyMs);
  const knee = levels.find((l) => l.scale === 1 && l.jobsPerSecond < 0.9 * l.idealPerSecond);
  const ceiling = levels[levels.length - 1];
  return [
    `# zkr proving fleet (${new Date().toISOString()})`,
    '',
    `Command: \`node -r ./packages/test-helpers/ts-register.js bench/src/fleet.ts ${argv.join(' ')}\``,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; **shared with other work during the run**. ` +
      `Instance ${DEFAULT_INSTANCE.depth}/${DEFAULT_INSTANCE.batchSize} (depth/batch size, dev setup), engine ${options.engine}, one real redis-server (appendonly, noeviction), ` +
      'workers and the node side (a ProvingQueue verifying every proof) on the same machine; one run.',
    '',
    `## Throughput: the same ${options.batches} batches, enqueued at once`,
    '',
    '| configuration | worker processes | elapsed (s) | proven batches / min | prove time per proof p50 / max (s) | jobs started / proved by workers | queue fault events |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...runs.map((r) => `| ${r.label} | ${r.workers} | ${fmt(r.elapsedMs / 1000, 1)} | ${fmt(r.perMinute, 1)} | ` +
      `${fmt(quantile(r.accepted.map((e) => e.proveMs), 0.5) / 1000, 2)} / ${fmt(quantile(r.accepted.map((e) => e.proveMs), 1) / 1000, 2)} | ${r.started} / ${r.proved} | ` +
      `${r.faults.size === 0 ? 'none' : [...r.faults].map(([k, v]) => `${k}: ${v}`).join(', ')} |`),
    '',
    `2 workers x 1 thread / 1 worker x 1 thread: **${fmt(two.perMinute / one.perMinute, 2)}x** (goal >= 1.8x); ` +
      `1 worker x 2 threads / 1 worker x 1 thread: ${fmt(twoThreads.perMinute / one.perMinute, 2)}x.`,
    '',
    '## Queue overhead per job (ms, p50 / p99)',
    '',
    '| measure | real workers | simulated workers |',
    '| --- | ---: | ---: |',
    `| enqueue -> a worker starts it (idle worker waiting) | ${p50p99(dispatch)} (n=${dispatch.length}) | ${p50p99(simAccepted.map((e) => e.waitMs))} (n=${simAccepted.length}) |`,
    `| worker result -> the node has it | ${p50p99(back)} (n=${back.length}) | ${p50p99(simAccepted.map((e) => e.returnMs))} |`,
    `| node verifies the proof | ${p50p99(verify)} | ${p50p99(simAccepted.map((e) => e.verifyMs))} |`,
    `| worker handling beyond the prover (job start -> result written, minus prove time) | ${p50p99(rec.handlingMs)} (n=${rec.handlingMs.length}) | - |`,
    `| **dispatch + return + verify** | **${p50p99(total)}** | ${p50p99(simAccepted.map((e) => e.waitMs + e.returnMs + e.verifyMs))} |`,
    '',
    `Real workers: the recording phase (${rec.accepted.length} batches, 2 workers x 1 thread, one job per worker in flight, so each job finds an idle worker); ` +
      'returns and verifications also from the throughput runs. Simulated: every job of the scaling levels below with replayed proving times. Goal: <= 50 ms per job.',
    '',
    '## Coordinator scaling: simulated workers replaying recorded proofs and proving times',
    '',
    '| simulated workers | replayed time per job (s) | jobs | ideal jobs/s | node side jobs/s | efficiency | enqueue -> start p50 / p99 (ms) | result -> node p50 / p99 (ms) | verify p50 (ms) | node CPU (% of a core) | redis CPU (% of a core) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...levels.map((l) => `| ${l.workers}${l.scale === 1 ? '' : ` (ceiling: ${CEILING_JOB_MS} ms per job)`} | ${fmt(l.replayMs / 1000, 3)} | ${l.jobs} | ${fmt(l.idealPerSecond, 2)} | ${fmt(l.jobsPerSecond, 2)} | ` +
      `${fmt((100 * l.jobsPerSecond) / l.idealPerSecond, 0)} % | ${p50p99(l.accepted.map((e) => e.waitMs))} | ${p50p99(l.accepted.map((e) => e.returnMs))} | ` +
      `${fmt(quantile(l.accepted.map((e) => e.verifyMs), 0.5), 0)} | ${fmt(l.nodeCpu, 0)} | ${fmt(l.redisCpu, 0)} |`),
    '',
    `Each level runs ${options.simSeconds} s with one batch in flight per worker (the node waits for, verifies, then re-enqueues it); the simulated workers are OS processes with a real BullMQ worker each ` +
      '(bench/src/fleet/replay-worker.ts), replaying the proof and proving time recorded for the batch. ' +
      (knee === undefined
        ? `Every level stayed within 10 % of its ideal; the node side's ceiling (${CEILING_JOB_MS} ms jobs, ${ceiling.workers} workers) is ${fmt(ceiling.jobsPerSecond, 1)} jobs/s, ` +
          `so with ${fmt(levels[0].replayMs / 1000, 1)} s proofs it would stop scaling at about ${fmt((ceiling.jobsPerSecond * levels[0].replayMs) / 1000, 0)} workers (ceiling x proving time).`
        : `The node side falls below 90 % of ideal at ${knee.workers} workers (${fmt(knee.jobsPerSecond, 2)} of ${fmt(knee.idealPerSecond, 2)} jobs/s); its ceiling (${CEILING_JOB_MS} ms jobs, ${ceiling.workers} workers) is ${fmt(ceiling.jobsPerSecond, 1)} jobs/s.`),
    '',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const redis = await startRedis();
  try {
    const artifactsDir = options.artifacts ?? (await batchArtifacts(DEFAULT_INSTANCE));
    const fleet: Fleet = { redis, artifactsDir, vkey: await artifactsVkey(artifactsDir), engine: options.engine };
    const all = await fleetBatches(Math.max(options.batches, options.simBatches));
    const set = all.slice(0, options.batches);
    const runs: ThroughputRun[] = [];
    for (const [workers, threads] of [[1, 1], [2, 1], [1, 2]] as const) runs.push(await throughput(fleet, set, workers, threads));
    const rec = await record(fleet, all.slice(0, options.simBatches), new Map([...runs[1].results, ...runs[0].results]));
    const levels = await scaling(fleet, all.slice(0, options.simBatches), rec.recordings, options.simWorkers, options.simSeconds);
    const markdown = report(argv, options, runs, rec, levels);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, markdown);
    process.stdout.write(`${markdown}\nwrote ${options.out}\n`);
  } finally {
    await redis.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
