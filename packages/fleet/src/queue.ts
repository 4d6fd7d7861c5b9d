/**
 * The node's side of the fleet: enqueues a batch as a proving job with its idempotent id, waits for
 * a worker's result and verifies it before handing it back. Nothing a worker returns is trusted:
 * a proof that does not verify, or whose public signals are not the batch's, is reported
 * (`worker-rejected`), its worker excluded from the job, and the job enqueued again.
 *
 * Waiting is robust to Redis restarts: QueueEvents (a Redis stream) wakes the waiter at once, and
 * every `pollMs` the waiter re-reads the job's state, so an event missed while Redis was down (or a
 * job lost with a non-persistent Redis: it is added again) still ends the wait.
 */
import { readFile } from 'node:fs/promises';
import { Job, Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { DEFAULT_INSTANCE, type CircuitInstance } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import { acquireCurve, parseVerificationKey, verifyProof, type CurveLease, type VerificationKey } from '@zkr/prover';
import { loadArtifacts } from '@zkr/setup';
import type { Batch } from '@zkr/state';
import { checkQueueName, DEFAULT_QUEUE_NAME, redisConnection, untilReady } from './connection';
import { fleetError } from './errors';
import { expectedPublicSignals, parseProvingResult, PROVING_JOB_NAME, provingJobId, provingJobOf, sameInstance, type ProvingJobData, type ProvingResult } from './job';

/** Default number of results (or failures) a batch may get before `prove` fails with `JOB_FAILED`. */
export const DEFAULT_ATTEMPTS = 3;
/** Default period of the job-state re-check behind the QueueEvents fast path (ms). */
export const DEFAULT_POLL_MS = 1000;
/** How long finished jobs are kept, so that proving a batch again reuses its result (s). */
const KEEP_FINISHED_S = 24 * 3600;

/** Options of {@link ProvingQueue.open}. */
export interface ProvingQueueOptions {
  /** `redis://host:port` of the fleet's Redis. */
  readonly redisUrl: string;
  /** BullMQ queue name (default {@link DEFAULT_QUEUE_NAME}); the workers must use the same. */
  readonly queueName?: string;
  /** The verification key every result is checked with (the rollup's). */
  readonly vkey: VerificationKey;
  /** The circuit instance of the rollup; `prove` refuses batches of another. */
  readonly instance: CircuitInstance;
  /** Bad results or failed jobs a batch may get before `JOB_FAILED` (default {@link DEFAULT_ATTEMPTS}). */
  readonly attempts?: number;
  /** Give up waiting after this many ms with `TIMEOUT` (the job stays queued); default: wait as long as it takes. */
  readonly timeoutMs?: number;
  /** Period of the job-state re-check, ms (default {@link DEFAULT_POLL_MS}). */
  readonly pollMs?: number;
  /** How long the open waits for Redis before failing with `REDIS_UNAVAILABLE`, ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** Receives the queue's events (observability; must not throw). */
  readonly onEvent?: (event: QueueEvent) => void;
}

/** What the queue reports. */
export type QueueEvent =
  | { readonly event: 'job-added'; readonly jobId: string; readonly batchNumber: number }
  /**
   * A verified result. `waitMs`: enqueued -> a worker started it; `returnMs`: the worker finished ->
   * this process read the result; `verifyMs`: the verification here.
   */
  | {
      readonly event: 'proof-accepted'; readonly jobId: string; readonly batchNumber: number; readonly workerId: string;
      readonly proveMs: number; readonly waitMs: number; readonly returnMs: number; readonly verifyMs: number;
    }
  /** A worker's result that does not verify: the worker is excluded from the job and the job enqueued again. */
  | { readonly event: 'worker-rejected'; readonly jobId: string; readonly batchNumber: number; readonly workerId: string; readonly reason: string }
  /** The job failed on a worker (its error, a refusal, or too many stalls). */
  | { readonly event: 'job-failed'; readonly jobId: string; readonly batchNumber: number; readonly workerId?: string; readonly reason: string }
  | { readonly event: 'job-requeued'; readonly jobId: string; readonly batchNumber: number; readonly rejectedWorkers: readonly string[] }
  | { readonly event: 'redis-error'; readonly message: string };

type Finished = { readonly state: 'completed' | 'failed'; readonly job: Job<ProvingJobData, unknown> };

function checkInteger(field: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw fleetError('INVALID_ARGUMENT', `${field} must be an integer in [${min}, ${max}], got ${value}`, { details: { field, value } });
  }
}

const sameSignals = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/** The node's client of the proving fleet; {@link ProvingQueue.close} ends it. */
export class ProvingQueue {
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Wake-ups of the waiters, by job id (QueueEvents and close call them). */
  private readonly wakers = new Map<string, Set<() => void>>();
  /** The `prove` in progress of each job id: a batch proved twice at once is one wait. */
  private readonly inflight = new Map<string, Promise<ProvingResult>>();

  private constructor(
    /** The queue's name. */
    readonly queueName: string,
    private readonly queue: Queue<ProvingJobData, ProvingResult>,
    private readonly events: QueueEvents,
    /** The verification key every result is checked with. */
    readonly vkey: VerificationKey,
    /** The circuit instance the queue proves. */
    readonly instance: CircuitInstance,
    private readonly attempts: number,
    private readonly timeoutMs: number | undefined,
    private readonly pollMs: number,
    private readonly emit: (event: QueueEvent) => void,
    private readonly curve: CurveLease,
  ) {
    const wake = ({ jobId }: { jobId: string }): void => this.wakers.get(jobId)?.forEach((w) => w());
    events.on('completed', wake);
    events.on('failed', wake);
  }

  /** Connects to Redis (`REDIS_UNAVAILABLE` after `connectTimeoutMs`); bad options fail with `INVALID_ARGUMENT`. */
  static async open(options: ProvingQueueOptions): Promise<ProvingQueue> {
    const queueName = checkQueueName(options.queueName ?? DEFAULT_QUEUE_NAME);
    redisConnection(options.redisUrl);
    checkInteger('attempts', options.attempts, 1, 100);
    checkInteger('timeoutMs', options.timeoutMs, 1, 2 ** 31 - 1);
    checkInteger('pollMs', options.pollMs, 10, 60_000);
    const onEvent = options.onEvent ?? (() => undefined);
    const onError = (error: Error): void => onEvent({ event: 'redis-error', message: error.message });
    const queue = new Queue<ProvingJobData, ProvingResult>(queueName, { connection: redisConnection(options.redisUrl) });
    const events = new QueueEvents(queueName, { connection: redisConnection(options.redisUrl) });
    queue.on('error', onError);
    events.on('error', onError);
    let curve: CurveLease;
    try {
      await untilReady(queue, options.redisUrl, options.connectTimeoutMs);
      await untilReady(events, options.redisUrl, options.connectTimeoutMs);
      // Held while the queue is open: each verification then takes ~10 ms instead of building the curve again (~1 s).
      curve = await acquireCurve();
    } catch (error) {
      await Promise.all([events.close(), queue.close()]);
      throw error;
    }
    return new ProvingQueue(queueName, queue, events, options.vkey, options.instance, options.attempts ?? DEFAULT_ATTEMPTS, options.timeoutMs, options.pollMs ?? DEFAULT_POLL_MS, onEvent, curve);
  }

  /**
   * Opens the queue of the rollup whose artifacts are in `dir` (written by `zkr setup`): its
   * `vkey.json` and the instance its manifest records, every file checked against the manifest
   * (`ARTIFACTS_MISSING` / `ARTIFACTS_CORRUPT`). See {@link ProvingQueue.open} for the rest.
   */
  static async fromArtifacts(dir: string, options: Omit<ProvingQueueOptions, 'vkey' | 'instance'>): Promise<ProvingQueue> {
    const { manifest, paths } = await loadArtifacts(dir);
    const circuit = manifest.circuit as { depth?: number; batchSize?: number; queuePositions?: number; withdrawalPositions?: number };
    if (circuit.depth === undefined || circuit.batchSize === undefined) {
      throw fleetError('INVALID_ARGUMENT', `the artifacts in ${dir} do not record their batch circuit instance; recreate them with \`zkr setup\``, { details: { field: 'artifactsDir', value: dir } });
    }
    const instance: CircuitInstance = {
      depth: circuit.depth, batchSize: circuit.batchSize,
      queuePositions: circuit.queuePositions ?? DEFAULT_INSTANCE.queuePositions, withdrawalPositions: circuit.withdrawalPositions ?? DEFAULT_INSTANCE.withdrawalPositions,
    };
    const vkey = parseVerificationKey(JSON.parse(await readFile(paths.vkey, 'utf8')));
    return ProvingQueue.open({ ...options, vkey, instance });
  }

  /**
   * Proves `batch` on the fleet and returns a result that verifies with the queue's key and
   * carries the batch's public signals. The job id is `batch-<n>-<inputHash>`: proving the same
   * batch again (here, from another process, or after a restart) waits for the same job, or
   * reuses its result. Fails with `INVALID_ARGUMENT` for a batch of another instance, `JOB_FAILED`
   * after `attempts` bad results or failures, `TIMEOUT` after `timeoutMs`, `CLOSED` when closed.
   */
  prove(batch: Batch): Promise<ProvingResult> {
    if (this.closed) return Promise.reject(fleetError('CLOSED', 'this ProvingQueue is closed; open a new one'));
    const data = provingJobOf(batch);
    if (!sameInstance(data.instance, this.instance)) {
      return Promise.reject(
        fleetError('INVALID_ARGUMENT', `batch ${batch.batchNumber} is of the instance ${JSON.stringify(data.instance)}, this queue proves ${JSON.stringify(this.instance)}`, {
          details: { field: 'batch', batchNumber: batch.batchNumber },
        }),
      );
    }
    const jobId = provingJobId(data.batchNumber, data.inputHash);
    let running = this.inflight.get(jobId);
    if (running === undefined) {
      running = this.run(jobId, data, expectedPublicSignals(batch)).finally(() => this.inflight.delete(jobId));
      this.inflight.set(jobId, running);
    }
    return running;
  }

  /** Stops every wait (`CLOSED`), closes the Redis connections and releases the verification curve; idempotent. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      for (const wakers of this.wakers.values()) wakers.forEach((w) => w());
      await Promise.all([this.events.close(), this.queue.close()]);
      await Promise.allSettled([...this.inflight.values()]);
      await this.curve.release();
    })();
    return this.closing;
  }

  private jobOptions(jobId: string): JobsOptions {
    // One BullMQ attempt: retries happen here, on another worker (see `run`).
    return { jobId, attempts: 1, removeOnComplete: { age: KEEP_FINISHED_S }, removeOnFail: { age: KEEP_FINISHED_S } };
  }

  private async add(jobId: string, data: ProvingJobData): Promise<void> {
    await this.queue.add(PROVING_JOB_NAME, data, this.jobOptions(jobId));
    this.emit({ event: 'job-added', jobId, batchNumber: data.batchNumber });
  }

  private async run(jobId: string, data: ProvingJobData, expected: readonly string[]): Promise<ProvingResult> {
    const deadline = this.timeoutMs === undefined ? Infinity : Date.now() + this.timeoutMs;
    const reasons: string[] = [];
    try {
      await this.add(jobId, data);
      for (;;) {
        const { state, job } = await this.finished(jobId, data, deadline);
        const workerId = job.processedBy;
        const rejected = new Set(job.data.rejectedWorkers ?? []);
        if (state === 'completed') {
          const verdict = await this.check(jobId, job, expected);
          if (typeof verdict !== 'string') return verdict;
          reasons.push(verdict);
          // The worker BullMQ recorded, else the one the result names.
          const claimed = (job.returnvalue as { workerId?: unknown } | null)?.workerId;
          const culprit = workerId ?? (typeof claimed === 'string' ? claimed : '(unknown)');
          rejected.add(culprit);
          this.emit({ event: 'worker-rejected', jobId, batchNumber: data.batchNumber, workerId: culprit, reason: verdict });
        } else {
          const reason = job.failedReason || 'failed without a reason';
          reasons.push(reason);
          // A worker that refused the job (another instance, say) is left out of its next attempt.
          if (reason.startsWith('INVALID_JOB') && workerId !== undefined) rejected.add(workerId);
          this.emit({ event: 'job-failed', jobId, batchNumber: data.batchNumber, ...(workerId === undefined ? {} : { workerId }), reason });
        }
        if (reasons.length >= this.attempts) {
          throw fleetError('JOB_FAILED', `batch ${data.batchNumber} (job ${jobId}) got no valid proof in ${reasons.length} attempts; last: ${reasons[reasons.length - 1]}. Check the workers' logs and artifacts`, {
            details: { jobId, batchNumber: data.batchNumber, reasons },
          });
        }
        await job.remove();
        const rejectedWorkers = [...rejected];
        await this.add(jobId, { ...data, rejectedWorkers });
        this.emit({ event: 'job-requeued', jobId, batchNumber: data.batchNumber, rejectedWorkers });
      }
    } catch (error) {
      if (this.closed && !isZkrError(error, ['JOB_FAILED', 'TIMEOUT'])) throw fleetError('CLOSED', `the ProvingQueue was closed while batch ${data.batchNumber} was being proved`, { cause: error });
      throw error;
    }
  }

  /** A verified result, or why it is not one (`INVALID_PROOF: ...`). */
  private async check(jobId: string, job: Job<ProvingJobData, unknown>, expected: readonly string[]): Promise<ProvingResult | string> {
    const readAt = Date.now();
    let result: ProvingResult;
    try {
      result = parseProvingResult(jobId, job.returnvalue);
    } catch (error) {
      return `INVALID_PROOF: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!sameSignals(result.publicSignals, expected)) return `INVALID_PROOF: the public signals are not batch ${job.data.batchNumber}'s [newStateHash, dataHash, oldQueueHash, newQueueHash]`;
    const valid = await verifyProof(this.vkey, result.proof, result.publicSignals).catch(() => false);
    if (!valid) return 'INVALID_PROOF: the proof does not verify with the rollup\'s verification key';
    this.emit({
      event: 'proof-accepted', jobId, batchNumber: job.data.batchNumber, workerId: result.workerId, proveMs: result.proveMs,
      waitMs: (job.processedOn ?? job.timestamp) - job.timestamp, returnMs: readAt - (job.finishedOn ?? readAt), verifyMs: Date.now() - readAt,
    });
    return { proof: result.proof, publicSignals: result.publicSignals, workerId: result.workerId, proveMs: result.proveMs };
  }

  /** Waits until job `jobId` is completed or failed (re-adding it if Redis lost it). */
  private async finished(jobId: string, data: ProvingJobData, deadline: number): Promise<Finished> {
    for (;;) {
      if (this.closed) throw fleetError('CLOSED', 'this ProvingQueue is closed; open a new one');
      // Subscribe before reading the state, so an event between the read and the wait is not missed.
      let woken!: () => void;
      const wake = new Promise<void>((resolve) => (woken = resolve));
      const wakers = this.wakers.get(jobId) ?? new Set();
      wakers.add(woken);
      this.wakers.set(jobId, wakers);
      try {
        // The state first: a job read after it finished carries its result (read before, it may not yet).
        const state = await this.queue.getJobState(jobId);
        if (state === 'completed' || state === 'failed') {
          const job = (await Job.fromId(this.queue, jobId)) as Job<ProvingJobData, unknown> | undefined;
          if (job !== undefined) return { state, job };
        }
        if (state === 'unknown') await this.add(jobId, data);
        const left = deadline - Date.now();
        if (left <= 0) {
          throw fleetError('TIMEOUT', `no worker finished batch ${data.batchNumber} (job ${jobId}) in time; start more workers ('zkr prover worker') or raise timeoutMs`, {
            details: { jobId, batchNumber: data.batchNumber },
          });
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([wake, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(this.pollMs, left))))]);
        clearTimeout(timer);
      } finally {
        wakers.delete(woken);
        if (wakers.size === 0) this.wakers.delete(jobId);
      }
    }
  }
}
