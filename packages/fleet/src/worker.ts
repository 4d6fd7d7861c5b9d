/**
 * A prover worker of the fleet: a BullMQ worker (concurrency 1) on the proving queue whose jobs are
 * proved by a {@link ProverHost} thread, so the proving key, the witness wasm and the engine's
 * threads stay resident across jobs and the event loop stays free to renew the job's lock.
 *
 * Stalled jobs. A worker renews the lock of the job it proves every `lockDurationMs / 2`; every
 * worker checks every `stalledIntervalMs` for active jobs whose lock expired and moves them back to
 * the wait list. A worker killed mid-proof (SIGKILL, power cut) therefore has its job re-delivered
 * to another worker within about `lockDurationMs + stalledIntervalMs` (6 s with the defaults,
 * instead of BullMQ's 30 s + 30 s). The price of a short lock: a worker whose event loop or Redis
 * link stalls for longer than `lockDurationMs` (a Redis outage of more than 4 s, a machine
 * swapping) loses its job to another worker and its own result is dropped: proved twice, never
 * lost or used twice (jobs are idempotent and the queue verifies every result). After
 * `maxStalledCount` stalls BullMQ fails the job and the queue enqueues it again (its `attempts`).
 */
import { hostname } from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { CircuitInstance } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import type { EngineName } from '@zkr/prover';
import { checkQueueName, DEFAULT_QUEUE_NAME, redisConnection, untilReady } from './connection';
import { fleetError } from './errors';
import { parseProvingJob, sameInstance, type ProvingResult } from './job';
import { ProverHost } from './prover-host';

/** Default lock of a job being proved (ms); renewed every half of it. */
export const DEFAULT_LOCK_DURATION_MS = 4000;
/** Default period of the stalled-job check (ms). */
export const DEFAULT_STALLED_INTERVAL_MS = 2000;
/** Default number of times a job may stall (its worker died) before BullMQ fails it. */
export const DEFAULT_MAX_STALLED_COUNT = 3;
/** How long a job given back by a worker that was rejected for it waits before another worker takes it (ms). */
export const GIVE_BACK_DELAY_MS = 500;

/** Options of {@link ProverWorker.start}. */
export interface ProverWorkerOptions {
  /** `redis://host:port` of the fleet's Redis. */
  readonly redisUrl: string;
  /** Artifact directory written by `zkr setup` (its manifest records the circuit instance). */
  readonly artifactsDir: string;
  /** BullMQ queue name (default {@link DEFAULT_QUEUE_NAME}). */
  readonly queueName?: string;
  /** Proving engine (the Prover's default when absent). */
  readonly engine?: EngineName;
  /** Engine threads (the Prover's default: available cores). */
  readonly threads?: number;
  /** This worker's id, recorded in its results and in the jobs it proves (default `<host>-<pid>-<random>`). */
  readonly workerId?: string;
  /** Lock of a job being proved, ms (default {@link DEFAULT_LOCK_DURATION_MS}; see the module header for the trade-off). */
  readonly lockDurationMs?: number;
  /** Period of the stalled-job check, ms (default {@link DEFAULT_STALLED_INTERVAL_MS}). */
  readonly stalledIntervalMs?: number;
  /** Stalls a job survives before BullMQ fails it (default {@link DEFAULT_MAX_STALLED_COUNT}). */
  readonly maxStalledCount?: number;
  /** How long the start waits for Redis before failing with `REDIS_UNAVAILABLE`, ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** Receives the worker's events (observability; must not throw). */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** What a worker reports. Every event carries the worker's id. */
export type WorkerEvent =
  | { readonly event: 'ready'; readonly workerId: string; readonly queueName: string; readonly engine: EngineName; readonly threads: number; readonly instance: CircuitInstance }
  | { readonly event: 'job-started'; readonly workerId: string; readonly jobId: string; readonly batchNumber: number }
  | { readonly event: 'job-proved'; readonly workerId: string; readonly jobId: string; readonly batchNumber: number; readonly proveMs: number }
  | { readonly event: 'job-failed'; readonly workerId: string; readonly jobId: string; readonly code: string; readonly message: string }
  /** A malformed job or one for another circuit instance: failed with `INVALID_JOB`, not proved. */
  | { readonly event: 'refused'; readonly workerId: string; readonly jobId: string; readonly code: 'INVALID_JOB'; readonly message: string }
  /** A job whose earlier result from this worker was rejected: left to another worker. */
  | { readonly event: 'gave-back'; readonly workerId: string; readonly jobId: string }
  | { readonly event: 'notice'; readonly workerId: string; readonly line: string }
  /** Redis is unreachable or a command failed; the worker keeps reconnecting. */
  | { readonly event: 'redis-error'; readonly workerId: string; readonly message: string }
  | { readonly event: 'closed'; readonly workerId: string };

function checkInteger(field: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw fleetError('INVALID_ARGUMENT', `${field} must be an integer in [${min}, ${max}], got ${value}`, { details: { field, value } });
  }
}

/** Checks a worker id: 1..100 letters, digits, `.`, `_`, `-`, `@`. */
export function checkWorkerId(id: string): string {
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(id)) {
    throw fleetError('INVALID_ARGUMENT', `workerId must be 1..100 letters, digits, '.', '_', '-' or '@', got ${JSON.stringify(id)}`, { details: { field: 'workerId', value: id } });
  }
  return id;
}

function defaultWorkerId(): string {
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '').slice(0, 60) || 'host';
  return `${host}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
}

/** A running prover worker; {@link ProverWorker.close} ends it. */
export class ProverWorker {
  private closing: Promise<void> | undefined;

  private constructor(
    /** This worker's id. */
    readonly id: string,
    /** The queue it takes jobs from. */
    readonly queueName: string,
    private readonly host: ProverHost,
    private readonly worker: Worker<unknown, ProvingResult>,
    private readonly emit: (event: WorkerEvent) => void,
  ) {}

  /**
   * Opens the artifacts in a prover thread (the Prover's errors, e.g. `ARTIFACTS_MISSING`, keep
   * their codes), connects to Redis (`REDIS_UNAVAILABLE` after `connectTimeoutMs`) and starts
   * taking jobs. Bad options fail with `INVALID_ARGUMENT`.
   */
  static async start(options: ProverWorkerOptions): Promise<ProverWorker> {
    const connection = redisConnection(options.redisUrl);
    const queueName = checkQueueName(options.queueName ?? DEFAULT_QUEUE_NAME);
    const id = checkWorkerId(options.workerId ?? defaultWorkerId());
    checkInteger('lockDurationMs', options.lockDurationMs, 1000, 3_600_000);
    checkInteger('stalledIntervalMs', options.stalledIntervalMs, 100, 3_600_000);
    checkInteger('maxStalledCount', options.maxStalledCount, 0, 1000);
    const onEvent = options.onEvent ?? (() => undefined);
    const host = await ProverHost.open({ artifactsDir: options.artifactsDir, engine: options.engine, threads: options.threads }, (line) => onEvent({ event: 'notice', workerId: id, line }));
    let self: ProverWorker | undefined;
    const worker = new Worker<unknown, ProvingResult>(queueName, (job, token) => self!.process(job, token), {
      connection,
      name: id,
      concurrency: 1,
      autorun: false,
      lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      stalledInterval: options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
      maxStalledCount: options.maxStalledCount ?? DEFAULT_MAX_STALLED_COUNT,
    });
    worker.on('error', (error) => onEvent({ event: 'redis-error', workerId: id, message: error.message }));
    self = new ProverWorker(id, queueName, host, worker, onEvent);
    try {
      await untilReady(worker, options.redisUrl, options.connectTimeoutMs);
    } catch (error) {
      await self.close(true);
      throw error;
    }
    void worker.run().catch((error: unknown) => onEvent({ event: 'redis-error', workerId: id, message: error instanceof Error ? error.message : String(error) }));
    onEvent({ event: 'ready', workerId: id, queueName, engine: host.engine, threads: host.threads, instance: host.instance });
    return self;
  }

  /** The engine proving (`zkr` when `native` fell back). */
  get engine(): EngineName {
    return this.host.engine;
  }

  /** Engine threads. */
  get threads(): number {
    return this.host.threads;
  }

  /** The circuit instance of the worker's artifacts. */
  get instance(): CircuitInstance {
    return this.host.instance;
  }

  /**
   * Stops taking jobs, waits for the proof in progress to be delivered, then ends the prover
   * thread and the Redis connections. With `force` (also while a graceful close waits), ends the
   * prover thread at once: the proof in progress fails with `CLOSED` and the queue enqueues its
   * job again for another worker. Idempotent.
   */
  close(force = false): Promise<void> {
    if (force) void this.host.close(true);
    this.closing ??= (async () => {
      await this.worker.close(force);
      await this.host.close(force);
      this.emit({ event: 'closed', workerId: this.id });
    })();
    return this.closing;
  }

  /** The BullMQ processor: one job proved by the host, or refused, or given back. */
  private async process(job: Job<unknown, ProvingResult>, token: string | undefined): Promise<ProvingResult> {
    const jobId = job.id ?? '';
    let data;
    try {
      data = parseProvingJob(jobId, job.data);
      if (!sameInstance(data.instance, this.host.instance)) {
        const want = JSON.stringify(data.instance);
        const have = JSON.stringify(this.host.instance);
        throw fleetError('INVALID_JOB', `proving job ${jobId} is for the circuit instance ${want}, this worker's artifacts are for ${have}; start a worker with that instance's artifacts or use one queue per instance`, {
          details: { jobId, field: 'instance' },
        });
      }
    } catch (error) {
      throw this.refuse(jobId, error);
    }
    if (data.rejectedWorkers?.includes(this.id)) {
      this.emit({ event: 'gave-back', workerId: this.id, jobId });
      await job.moveToDelayed(Date.now() + GIVE_BACK_DELAY_MS, token);
      throw new DelayedError();
    }
    this.emit({ event: 'job-started', workerId: this.id, jobId, batchNumber: data.batchNumber });
    try {
      const proof = await this.host.prove(jobId, data.input);
      this.emit({ event: 'job-proved', workerId: this.id, jobId, batchNumber: data.batchNumber, proveMs: proof.proveMs });
      return { proof: proof.proof, publicSignals: proof.publicSignals, workerId: this.id, proveMs: proof.proveMs };
    } catch (error) {
      if (isZkrError(error, 'INVALID_JOB')) throw this.refuse(jobId, error);
      const code = isZkrError(error) ? error.code : 'INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      this.emit({ event: 'job-failed', workerId: this.id, jobId, code, message });
      // The queue decides on retries (on another worker): BullMQ must not retry here.
      throw new UnrecoverableError(`${code}: ${message}`);
    }
  }

  private refuse(jobId: string, error: unknown): UnrecoverableError {
    if (!isZkrError(error, 'INVALID_JOB')) throw error;
    this.emit({ event: 'refused', workerId: this.id, jobId, code: 'INVALID_JOB', message: error.message });
    return new UnrecoverableError(`INVALID_JOB: ${error.message}`);
  }
}
