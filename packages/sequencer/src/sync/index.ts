/** The L1 synchronizer (events with confirmations, paged log queries, reorg detection) and the rebuild of the state from L1 alone. */
export { DEFAULT_KEPT_BLOCKS, MemoryCheckpoint, type ProcessedBlock, type SyncCheckpoint, type SyncEvents, type SyncQueueEvent } from './checkpoint';
export { L1Synchronizer, type SynchronizerOptions, type SyncUpdate } from './synchronizer';
export { rebuildFromL1, type RebuildOptions, type RebuildResult } from './rebuild';
