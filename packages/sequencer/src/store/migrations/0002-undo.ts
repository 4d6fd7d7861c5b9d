/**
 * Migration 2: each built batch keeps the tree rows and head it replaced (`undo`), so an L1
 * reorganisation that removes a queue operation the batch consumed can roll the head back to
 * before it; transactions are found by sender and nonce.
 */
export const MIGRATION_0002 = `
ALTER TABLE batches ADD COLUMN undo TEXT;
CREATE INDEX transactions_by_sender ON transactions (sender, nonce);
`;
