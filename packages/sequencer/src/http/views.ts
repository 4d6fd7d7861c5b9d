/**
 * The JSON the API answers with: bigints as decimal strings, owners and L1 addresses as 0x hex,
 * public keys as `[x, y]` strings. The request side (`parse.ts`) reads the same shapes back.
 */
import { ownerToHex, type Account, type QueueOperation } from '@zkr/state';
import type { AccountView, BatchRecord, NodeStatus, QueueView, SubmittedTransaction, TransactionRecord } from '../types';

/** `value` with every bigint as a decimal string (deep). */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value;
}

function txBody(tx: SubmittedTransaction): object {
  if (tx.kind === 'transfer') return { transfer: plain(tx.transfer) as object };
  return { withdrawal: { ...(plain(tx.withdrawal) as object), address: ownerToHex(tx.withdrawal.address) } };
}

/** A transaction and where it is. */
export function transactionView(record: TransactionRecord): object {
  const { tx, ...rest } = record;
  return { ...(plain(rest) as object), kind: tx.kind, ...txBody(tx) };
}

function accountJson(account: Account): object {
  return { publicKey: account.publicKey.map(String), balance: account.balance.toString(), nonce: account.nonce.toString(), owner: ownerToHex(account.owner) };
}

/** An account with its pending view and Merkle proof. */
export function accountView(view: AccountView): object {
  return {
    index: view.index, ...accountJson(view.account), pendingNonce: view.pendingNonce.toString(), pendingBalance: view.pendingBalance.toString(),
    root: view.root.toString(), siblings: plain(view.siblings),
  };
}

/** A batch (the proof only when `withProof`). */
export function batchView(record: BatchRecord, withProof = false): object {
  const { proof, ...rest } = record;
  return { ...(plain(rest) as object), ...(withProof && proof ? { proof } : {}), transactions: record.transactionIds.length };
}

function operationJson(op: QueueOperation): object {
  const json = plain(op) as Record<string, unknown>;
  return { ...json, ...(typeof op.address === 'bigint' ? { address: ownerToHex(op.address) } : {}) };
}

/** A queue operation. */
export function queueView(view: QueueView): object {
  return { ...operationJson(view.operation), ...(view.batchNumber === undefined ? {} : { batchNumber: view.batchNumber }) };
}

/** The node's status. */
export function statusView(status: NodeStatus): object {
  return plain(status) as object;
}
