/**
 * The single error type of zkr. Every failure a caller can act on carries a stable,
 * machine-readable `code` (SCREAMING_SNAKE_CASE, never renamed once released), a message
 * that says what to do next, optional structured `details`, and the underlying `cause`.
 *
 * Each package declares the codes it throws as a `const` list and a union type
 * (`export const STATE_ERROR_CODES = [...] as const`), and throws only through the factory
 * {@link defineErrors} returns, so a code outside the union does not compile.
 * {@link isZkrError} narrows `code` to the literal a caller asks about.
 */

/** Structured context attached to an error (offending field, value, limits...). */
export type ZkrErrorDetails = Readonly<Record<string, unknown>>;

/** Options of a {@link ZkrError}: structured details and the underlying cause. */
export interface ZkrErrorOptions {
  readonly details?: ZkrErrorDetails;
  readonly cause?: unknown;
}

/** The error thrown by every zkr package. Match on `code`, never on `message`. */
export class ZkrError<C extends string = string> extends Error {
  /** Stable machine-readable error code, e.g. `INVALID_SIGNATURE`. */
  readonly code: C;
  /** Structured context: the field, the value received, the accepted range... */
  readonly details: ZkrErrorDetails;

  constructor(code: C, message: string, options: ZkrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZkrError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * True when `error` is a {@link ZkrError}; with `code` (one code or a list), only when its code is
 * one of them, and then `error.code` is narrowed to those literals.
 */
export function isZkrError<C extends string = string>(error: unknown, code?: C | readonly C[]): error is ZkrError<C> {
  if (!(error instanceof ZkrError)) return false;
  if (code === undefined) return true;
  return typeof code === 'string' ? error.code === code : (code as readonly string[]).includes(error.code);
}

/** A typed constructor of one package's errors: `code` must be one of that package's codes. */
export type ErrorFactory<C extends string> = (code: C, message: string, options?: ZkrErrorOptions) => ZkrError<C>;

/**
 * The error factory of a package whose codes are `codes`. At run time it also refuses a code
 * outside the list (a JavaScript caller or a cast), so the published list is the whole truth.
 */
export function defineErrors<const C extends string>(codes: readonly C[]): ErrorFactory<C> {
  const known = new Set<string>(codes);
  return (code, message, options) => {
    if (!known.has(code)) throw new ZkrError('INTERNAL', `error code ${code} is not declared by its package (bug in zkr: please report it)`, { details: { code } });
    return new ZkrError(code, message, options);
  };
}

/** Codes of `@zkr/errors` itself: `INTERNAL` marks a zkr bug, never bad input. */
export const ERRORS_ERROR_CODES = ['INTERNAL'] as const;
/** A code thrown by `@zkr/errors`. */
export type ErrorsErrorCode = (typeof ERRORS_ERROR_CODES)[number];
