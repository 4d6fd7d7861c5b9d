/** Migration 1: the node's first schema (mempool, batches, the head tree's rows, the L1 mirror). */
export const MIGRATION_0001 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE transactions (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  sender INTEGER NOT NULL,
  nonce TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  batch_number INTEGER,
  rejection TEXT,
  accepted_at INTEGER NOT NULL
);
CREATE INDEX transactions_by_status ON transactions (status, seq);
CREATE INDEX transactions_by_batch ON transactions (batch_number);
CREATE TABLE batches (
  number INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  batch TEXT NOT NULL,
  record TEXT NOT NULL,
  proof TEXT,
  l1_tx_hash TEXT
);
CREATE TABLE leaves (idx INTEGER PRIMARY KEY, account TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE inner_nodes (level INTEGER NOT NULL, position INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (level, position)) WITHOUT ROWID;
CREATE TABLE head (id INTEGER PRIMARY KEY CHECK (id = 1), root TEXT NOT NULL, batch_count INTEGER NOT NULL, queue_count INTEGER NOT NULL, queue_hash TEXT NOT NULL);
CREATE TABLE queue (position INTEGER PRIMARY KEY, operation TEXT NOT NULL, block_number INTEGER NOT NULL);
CREATE TABLE l1_batches (batch_number INTEGER PRIMARY KEY, state_hash TEXT NOT NULL, tx_hash TEXT NOT NULL, block_number INTEGER NOT NULL);
CREATE TABLE sync_blocks (number INTEGER PRIMARY KEY, hash TEXT NOT NULL);
`;
