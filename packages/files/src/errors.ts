/** Error codes of `@zkr/files`. */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/files` throws. */
export const FILES_ERROR_CODES = [
  /** A file cannot be written: its directory is missing or not writable, it is a directory, the disk is full. */
  'FILE_UNWRITABLE',
  /** Another live process holds the lock on a file or directory (`details.holder` says which). */
  'LOCKED',
  /** An argument of a call is of the wrong type or out of range. */
  'INVALID_ARGUMENT',
] as const;

/** A code thrown by `@zkr/files`. */
export type FilesErrorCode = (typeof FILES_ERROR_CODES)[number];

/** The typed error factory of `@zkr/files`. */
export const filesError = defineErrors(FILES_ERROR_CODES);
