/** Error codes of `@zkr/fleet` (the libraries it drives throw their own). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/fleet` throws itself. */
export const FLEET_ERROR_CODES = [
  /** An option or flag is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
  /** A proving job's payload is malformed or for another circuit instance. */
  'INVALID_JOB',
  /** A worker returned a proof that does not verify for the job's public signals. */
  'INVALID_PROOF',
  /** Redis cannot be reached (the message names the URL). */
  'REDIS_UNAVAILABLE',
  /** A job failed on every attempt; its last error is the cause. */
  'JOB_FAILED',
  /** The worker or queue is closed. */
  'CLOSED',
] as const;

/** A code thrown by `@zkr/fleet`. */
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

/** The typed error factory of `@zkr/fleet`. */
export const fleetError = defineErrors(FLEET_ERROR_CODES);
