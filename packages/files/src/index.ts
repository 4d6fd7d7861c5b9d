/**
 * `@zkr/files`: crash-safe writes for everything zkr stores. Atomic single and multi-file commits
 * (all old or all new, even across kill -9), exclusive lock files that fail fast with `LOCKED`, and
 * cleanup of the temps and half-done commits a killed process left behind.
 */
export { FILES_ERROR_CODES, type FilesErrorCode } from './errors';
export { FileCommit, commitFiles, produceAtomically, writeFileAtomic, type FileData } from './commit';
export { FileLock, acquireLock, lockPathForDirectory, lockPathForFile, withLocks, type LockWait } from './lock';
export type { LockHolder } from './stale-lock';
export { recoverDirectory, type Recovery } from './recover';
export { tempPathFor, tempOwner } from './temp';
export { processAlive } from './owner';
export { assertWritable } from './writable';
