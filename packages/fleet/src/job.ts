/**
 * The proving job model shared by the queue (the node's side) and the workers. A job carries the
 * batch as `@zkr/state`'s batch JSON (about 6.5 KB at depth 8, size 2: smaller than its circuit
 * input, and re-checked by the worker with `batchFromJson`), the circuit instance it is for and
 * the SHA-256 of that JSON. Its id `batch-<number>-<inputHash>` makes enqueueing idempotent: the
 * same batch added twice is one job, and a rebuilt batch of the same number is a different one.
 */
import { createHash } from 'node:crypto';
import type { CircuitInstance } from '@zkr/circuits';
import type { Groth16Proof } from '@zkr/prover';
import { batchToJson, type Batch } from '@zkr/state';
import { fleetError } from './errors';

/** The BullMQ job name of proving jobs. */
export const PROVING_JOB_NAME = 'prove';

/** Version of the job payload; a worker refuses other versions with `INVALID_JOB`. */
export const JOB_VERSION = 1;

/** The payload of one proving job (BullMQ job data). */
export interface ProvingJobData {
  readonly version: typeof JOB_VERSION;
  readonly batchNumber: number;
  /** The batch circuit instance the batch is for; a worker with other artifacts refuses the job. */
  readonly instance: CircuitInstance;
  /** The batch, as `batchToJson` writes it. */
  readonly input: Readonly<Record<string, unknown>>;
  /** SHA-256 (hex) of `JSON.stringify(input)`. */
  readonly inputHash: string;
  /** Workers whose proof of this job did not verify: they leave the job to others. */
  readonly rejectedWorkers?: readonly string[];
}

/** What a worker returns for a job: a snarkjs-format proof and public signals, who made it and how long it took. */
export interface ProvingResult {
  readonly proof: Groth16Proof;
  readonly publicSignals: readonly string[];
  readonly workerId: string;
  /** Milliseconds from the job reaching the prover to its proof (witness + proof). */
  readonly proveMs: number;
}

/** SHA-256 hex of a JSON value's `JSON.stringify` text. */
export function hashInput(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/** The idempotent job id of a batch: `batch-<batchNumber>-<inputHash>`. */
export function provingJobId(batchNumber: number, inputHash: string): string {
  return `batch-${batchNumber}-${inputHash}`;
}

/** The instance of a batch (its depth, size and positions). */
export function instanceOfBatch(batch: Batch): CircuitInstance {
  return { depth: batch.depth, batchSize: batch.batchSize, queuePositions: batch.queuePositions, withdrawalPositions: batch.withdrawalPositions };
}

/** The job payload of a batch. */
export function provingJobOf(batch: Batch): ProvingJobData {
  const input = batchToJson(batch) as Record<string, unknown>;
  return { version: JOB_VERSION, batchNumber: batch.batchNumber, instance: instanceOfBatch(batch), input, inputHash: hashInput(input) };
}

/** The public signals a proof of `batch` must carry (docs/protocol.md §7): `[newStateHash, dataHash, oldQueueHash, newQueueHash]`. */
export function expectedPublicSignals(batch: Batch): string[] {
  return [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash].map(String);
}

/** True when two instances are the same circuit. */
export function sameInstance(a: CircuitInstance, b: CircuitInstance): boolean {
  return a.depth === b.depth && a.batchSize === b.batchSize && a.queuePositions === b.queuePositions && a.withdrawalPositions === b.withdrawalPositions;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function invalidJob(jobId: string, field: string, problem: string): never {
  throw fleetError('INVALID_JOB', `proving job ${jobId}: ${field} ${problem}; the producer and this worker may run different zkr versions`, { details: { jobId, field } });
}

/**
 * Checks a job payload read from Redis: `INVALID_JOB` naming the field unless it is a version-1
 * payload whose id is `batch-<batchNumber>-<inputHash>` and whose hash matches its input. The
 * batch itself is checked when the worker parses it (`batchFromJson`).
 */
export function parseProvingJob(jobId: string, value: unknown): ProvingJobData {
  if (!isObject(value)) return invalidJob(jobId, '(root)', 'is not an object');
  if (value.version !== JOB_VERSION) invalidJob(jobId, 'version', `is ${JSON.stringify(value.version)}, expected ${JOB_VERSION}`);
  if (!isCount(value.batchNumber)) invalidJob(jobId, 'batchNumber', 'is not a non-negative integer');
  const instance = value.instance;
  if (!isObject(instance) || !['depth', 'batchSize', 'queuePositions', 'withdrawalPositions'].every((k) => isCount(instance[k]))) {
    invalidJob(jobId, 'instance', 'must hold integer depth, batchSize, queuePositions and withdrawalPositions');
  }
  if (!isObject(value.input)) invalidJob(jobId, 'input', 'is not a batch JSON object');
  if (typeof value.inputHash !== 'string' || value.inputHash !== hashInput(value.input)) invalidJob(jobId, 'inputHash', 'does not match the SHA-256 of input');
  if (jobId !== provingJobId(value.batchNumber as number, value.inputHash as string)) invalidJob(jobId, 'jobId', 'is not batch-<batchNumber>-<inputHash>');
  const rejected = value.rejectedWorkers;
  if (rejected !== undefined && !(Array.isArray(rejected) && rejected.every((w) => typeof w === 'string'))) invalidJob(jobId, 'rejectedWorkers', 'is not a list of worker ids');
  return value as unknown as ProvingJobData;
}

/**
 * Checks the shape of a worker's result (not its validity: the queue verifies the proof):
 * `INVALID_PROOF` naming the field when it is not `{ proof, publicSignals, workerId, proveMs }`.
 */
export function parseProvingResult(jobId: string, value: unknown): ProvingResult {
  const bad = (field: string): never => {
    throw fleetError('INVALID_PROOF', `the result of proving job ${jobId} has no valid ${field}; the worker that made it is faulty or of another zkr version`, { details: { jobId, field } });
  };
  if (!isObject(value)) return bad('(root)');
  if (!isObject(value.proof)) bad('proof');
  if (!Array.isArray(value.publicSignals) || !value.publicSignals.every((s) => typeof s === 'string')) bad('publicSignals');
  if (typeof value.workerId !== 'string' || value.workerId === '') bad('workerId');
  if (typeof value.proveMs !== 'number' || !(value.proveMs >= 0)) bad('proveMs');
  return value as unknown as ProvingResult;
}
