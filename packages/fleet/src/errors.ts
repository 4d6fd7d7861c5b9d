/** Error codes of `@zkr/fleet` (the libraries it drives throw their own). */
import { BN254_ERROR_CODES } from '@zkr/bn254';
import { CIRCUITS_ERROR_CODES } from '@zkr/circuits';
import { defineErrors, ERRORS_ERROR_CODES, type ZkrError } from '@zkr/errors';
import { FILES_ERROR_CODES } from '@zkr/files';
import { NATIVE_ERROR_CODES } from '@zkr/native';
import { PROVER_ERROR_CODES } from '@zkr/prover';
import { SETUP_ERROR_CODES } from '@zkr/setup';
import { STATE_ERROR_CODES } from '@zkr/state';

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
  /** No worker finished the job within the queue's `timeoutMs` (the job stays queued). */
  'TIMEOUT',
  /** The worker or queue is closed. */
  'CLOSED',
] as const;

/** A code thrown by `@zkr/fleet`. */
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

/** The typed error factory of `@zkr/fleet`. */
export const fleetError = defineErrors(FLEET_ERROR_CODES);

/** The codes an error crossing a thread boundary can carry: the fleet's and those of the libraries the prover thread runs. */
const FORWARDED_CODES = [
  ...FLEET_ERROR_CODES, ...PROVER_ERROR_CODES, ...SETUP_ERROR_CODES, ...FILES_ERROR_CODES, ...BN254_ERROR_CODES, ...NATIVE_ERROR_CODES, ...CIRCUITS_ERROR_CODES,
  ...STATE_ERROR_CODES, ...ERRORS_ERROR_CODES,
] as const;
type ForwardedCode = (typeof FORWARDED_CODES)[number];
const KNOWN_FORWARDED: ReadonlySet<string> = new Set(FORWARDED_CODES);
const forwardedError = defineErrors(FORWARDED_CODES);

/** The fields of a `ZkrError` that survive `postMessage` (a structured clone drops the class). */
export interface ErrorFields {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/**
 * Rebuilds an error posted by the prover thread with its original code (`ARTIFACTS_MISSING`,
 * `WITNESS_CONSTRAINT_FAILED`, ...); a code no zkr library declares becomes `INTERNAL`.
 */
export function rebuildError(fields: ErrorFields): ZkrError<ForwardedCode> {
  if (KNOWN_FORWARDED.has(fields.code)) return forwardedError(fields.code as ForwardedCode, fields.message, { details: fields.details });
  return forwardedError('INTERNAL', `${fields.code}: ${fields.message}`, { details: { ...fields.details, code: fields.code } });
}
