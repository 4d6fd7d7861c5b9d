/** @zkr/fleet: the proving fleet (BullMQ on Redis): proving jobs, prover workers, the node's queue client. */
export { ProverWorker, checkWorkerId, DEFAULT_LOCK_DURATION_MS, DEFAULT_STALLED_INTERVAL_MS, DEFAULT_MAX_STALLED_COUNT, GIVE_BACK_DELAY_MS } from './worker';
export type { ProverWorkerOptions, WorkerEvent } from './worker';
export { ProvingQueue, DEFAULT_ATTEMPTS, DEFAULT_POLL_MS } from './queue';
export type { ProvingQueueOptions, QueueEvent } from './queue';
export {
  JOB_VERSION, PROVING_JOB_NAME, expectedPublicSignals, hashInput, instanceOfBatch, parseProvingJob, parseProvingResult, provingJobId, provingJobOf, sameInstance,
} from './job';
export type { ProvingJobData, ProvingResult } from './job';
export { DEFAULT_QUEUE_NAME, DEFAULT_CONNECT_TIMEOUT_MS, checkQueueName, reconnectDelay, redisConnection } from './connection';
export { FLEET_ERROR_CODES, type FleetErrorCode } from './errors';
