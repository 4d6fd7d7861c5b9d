/**
 * The single error type of zkr. Every failure a caller can act on carries a stable,
 * machine-readable `code` (SCREAMING_SNAKE_CASE, never renamed once released), a message
 * that says what to do next, optional structured `details`, and the underlying `cause`.
 */

/** Structured context attached to an error (offending field, value, limits...). */
export type ZkrErrorDetails = Readonly<Record<string, unknown>>;

/** The error thrown by every zkr package. Match on `code`, never on `message`. */
export class ZkrError extends Error {
  /** Stable machine-readable error code, e.g. `INVALID_SIGNATURE`. */
  readonly code: string;
  /** Structured context: the field, the value received, the accepted range... */
  readonly details: ZkrErrorDetails;

  constructor(code: string, message: string, options: { details?: ZkrErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZkrError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a {@link ZkrError}, optionally with the given `code`. */
export function isZkrError(error: unknown, code?: string): error is ZkrError {
  return error instanceof ZkrError && (code === undefined || error.code === code);
}
