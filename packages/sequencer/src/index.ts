/** @zkr/sequencer: the zkr node (HTTP API, mempool, batching, SQLite persistence, L1 synchronizer). */
export { SEQUENCER_ERROR_CODES, type SequencerErrorCode } from './errors';
export type {
  AccountView, BatchRecord, BatchStatus, NodeApi, NodeStatus, QueueView, StoredProof, SubmittedTransaction, TransactionId, TransactionRecord, TransactionStatus,
} from './types';
export { Sequencer, type NodeEvent, type SequencerOptions } from './sequencer';
export { Mempool, type Selection } from './mempool';
export { BATCH_LIMIT, createSignatureChecker, type SignatureCheck, type SignatureChecker, type SignatureCheckerOptions, type SignatureEngine } from './signatures';
export { SequencerStore, storeIdentityOf, type BuiltBatchCommit, type L1BatchRow, type StoreIdentity } from './store/store';
export { SCHEMA_VERSION } from './store/migrations';
export { createNodeMetrics, type NodeMetrics } from './metrics';
export { startNode, type NodeConfig, type RunningNode, type StartNodeHooks } from './node';
export { parseNodeConfig, readNodeConfig } from './config';
export { DEFAULT_KEPT_BLOCKS, L1Synchronizer, MemoryCheckpoint, rebuildFromL1, type ProcessedBlock, type RebuildOptions, type RebuildResult, type SyncCheckpoint, type SyncEvents, type SyncQueueEvent, type SynchronizerOptions, type SyncUpdate } from './sync';
