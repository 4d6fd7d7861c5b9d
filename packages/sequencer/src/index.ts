/** @zkr/sequencer: the zkr node (HTTP API, mempool, batching, SQLite persistence, L1 synchronizer). */
export {};
