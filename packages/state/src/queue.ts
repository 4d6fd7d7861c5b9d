/**
 * The L1 queue (docs/protocol.md §12): operation words, the 216-bit queue hash chain, the checks
 * the contract makes before it queues an operation, and the outcome of applying one in a batch.
 */
import { stateError } from './errors';
import { assertFieldElement, assertIndex, assertInteger, assertL1Address, QUEUE_HASH_LIMIT, VALUE_LIMIT } from './field';
import { AMOUNT_WORD_LIMIT, assertAmountRepresentable, decodeAmount, encodeAmount } from './float';
import { assertPublicKey, type RollupState } from './state';
import type { CryptoSuite } from './suite';
import type { Account, Credit, QueueLeafUpdate, QueueOperation, QueueOperationKind, QueueSkipReason } from './types';

/** The kinds of queue operations (docs/protocol.md §12.1). */
export const QUEUE_OPERATION_KINDS = { depositNew: 1, deposit: 2, exit: 3 } as const;

/** `2^232`: a queue word is below it. */
export const QUEUE_WORD_LIMIT = 1n << 232n;

/** `2^34`: the amount word is packed above `kind + 4·index`. */
const AMOUNT_SHIFT = 34n;

/** `2^72`: the address is packed above the 38-bit amount word (34 + 38 bits). */
const ADDRESS_SHIFT = 72n;

/** The fields a queue word packs (everything of an operation but its key, position and time). */
export interface QueueWordFields {
  readonly kind: QueueOperationKind;
  readonly index: number;
  readonly amount: bigint;
  readonly address: bigint;
}

/** The result of applying one queue operation to a state (docs/protocol.md §12.2). */
export interface QueueOutcome {
  readonly operation: QueueOperation;
  /** `'applied'`, or why nothing changed. */
  readonly outcome: 'applied' | QueueSkipReason;
  /** The credit published at the operation's queue position (amount 0 when nothing is paid out). */
  readonly credit: Credit;
}

/** A queue operation applied to a state: its outcome, credit, leaf update and the state after it. */
export interface AppliedQueueOperation extends QueueOutcome {
  readonly state: RollupState;
  readonly update: QueueLeafUpdate;
}

function invalidOperation(field: string, problem: string, value?: unknown): never {
  throw stateError('INVALID_ARGUMENT', `${field} ${problem}; take queue operations from the contract's QueueOperationAdded events`, { details: { field, value } });
}

function isKind(kind: unknown): kind is QueueOperationKind {
  return kind === 1 || kind === 2 || kind === 3;
}

/** Checks the word fields of an operation for a tree of `depth`: kind, index, representable amount (rules of its kind), non-zero address. */
function assertWordFields(op: QueueWordFields, depth: number, field: string): void {
  if (typeof op !== 'object' || op === null) invalidOperation(field, 'must be a queue operation object', op);
  if (!isKind(op.kind)) invalidOperation(`${field}.kind`, `must be 1 (deposit to a new account), 2 (deposit) or 3 (forced exit), got ${String(op.kind)}`, op.kind);
  assertIndex(op.index, depth, `${field}.index`);
  assertAmountRepresentable(op.amount, `${field}.amount`);
  if (op.kind === QUEUE_OPERATION_KINDS.deposit && op.amount === 0n) invalidOperation(`${field}.amount`, 'must be > 0 for a deposit to an existing account (kind 2)', op.amount);
  if (op.kind === QUEUE_OPERATION_KINDS.exit && op.amount !== 0n) invalidOperation(`${field}.amount`, 'must be 0 for a forced exit (kind 3)', op.amount);
  assertL1Address(op.address, `${field}.address`);
}

/**
 * Throws `INVALID_ARGUMENT` naming the field (`AMOUNT_NOT_REPRESENTABLE` for an amount with no float
 * encoding) unless `op` is an operation the contract can have queued for a tree of `depth`
 * (docs/protocol.md §12.1): kind 1 with a key the circuit accepts (as every account key), kinds 2
 * and 3 with the key `(0, 0)`, kind 2 with an amount `> 0`, kind 3 with amount 0, an index below
 * `2^depth`, a non-zero address below `2^160`, a position and a time that are non-negative integers.
 */
export function assertQueueOperation(suite: CryptoSuite, op: QueueOperation, depth: number, field = 'operation'): void {
  assertWordFields(op, depth, field);
  assertInteger(op.position, `${field}.position`, 0, Number.MAX_SAFE_INTEGER);
  assertInteger(op.time, `${field}.time`, 0, 2 ** 40 - 1);
  if (op.kind === QUEUE_OPERATION_KINDS.depositNew) {
    assertPublicKey(suite, op.publicKey, `${field}.publicKey`);
  } else if (!Array.isArray(op.publicKey) || op.publicKey.length !== 2 || op.publicKey[0] !== 0n || op.publicKey[1] !== 0n) {
    invalidOperation(`${field}.publicKey`, `must be [0n, 0n] for an operation of kind ${op.kind}`, op.publicKey);
  }
}

/**
 * The operation's word `kind + 4·index + 2^34·amountWord + 2^72·address` (`< 2^232`), with
 * `amountWord = e·2^34 + m` the canonical float of the amount (docs/protocol.md §12.1). The fields
 * are checked as {@link assertQueueOperation} does (index bound `2^32`), the key is not part of it.
 */
export function queueWordOf(op: QueueWordFields): bigint {
  assertWordFields(op, 32, 'operation');
  return BigInt(op.kind) + 4n * BigInt(op.index) + (encodeAmount(op.amount) << AMOUNT_SHIFT) + (op.address << ADDRESS_SHIFT);
}

/**
 * The fields of a queue word (the inverse of {@link queueWordOf}; any amount word that decodes is
 * accepted, as the circuit does). `INVALID_ARGUMENT` for a word `>= 2^232`, kind 0, an amount
 * `>= 2^64` or an address 0.
 */
export function decodeQueueWord(word: bigint): QueueWordFields {
  if (typeof word !== 'bigint' || word < 0n || word >= QUEUE_WORD_LIMIT) invalidOperation('word', 'must be a bigint 0 <= word < 2^232', word);
  const kind = Number(word & 3n);
  if (!isKind(kind)) invalidOperation('word', 'has kind 0; queue operations are of kind 1, 2 or 3', word);
  const index = Number((word >> 2n) & 0xffffffffn);
  const amountWord = (word >> AMOUNT_SHIFT) & (AMOUNT_WORD_LIMIT - 1n);
  const address = word >> ADDRESS_SHIFT;
  let amount: bigint;
  try {
    amount = decodeAmount(amountWord);
  } catch {
    invalidOperation('word', `holds the amount word ${amountWord}, whose value is not below 2^64`, word);
  }
  if (address === 0n) invalidOperation('word', 'holds address 0; every operation has its L1 caller as address', word);
  return { kind, index, amount, address };
}

/** One step of the queue hash chain: `Poseidon([hash, Ax, Ay, word]) mod 2^216` (docs/protocol.md §12.1). */
export function queueHashStep(suite: CryptoSuite, hash: bigint, op: QueueOperation): bigint {
  if (typeof hash !== 'bigint' || hash < 0n || hash >= QUEUE_HASH_LIMIT) invalidOperation('hash', 'must be a queue hash, a bigint 0 <= hash < 2^216', hash);
  const [ax, ay] = op.publicKey ?? [];
  assertFieldElement(ax, 'operation.publicKey[0]');
  assertFieldElement(ay, 'operation.publicKey[1]');
  return suite.poseidon.hash([hash, ax, ay, queueWordOf(op)]) & (QUEUE_HASH_LIMIT - 1n);
}

/** The queue hash after folding `ops` in order into `start` (default 0, the hash of the empty queue). */
export function queueHashOf(suite: CryptoSuite, ops: readonly QueueOperation[], start = 0n): bigint {
  return ops.reduce((hash, op) => queueHashStep(suite, hash, op), start);
}

/**
 * The rule of docs/protocol.md §12.2 for `op` on the account `before` at its index (`undefined` if
 * the index is empty): the outcome, the credit and the account after (`undefined` if it stays empty).
 */
export function queueRule(op: QueueOperation, before: Account | undefined): { outcome: 'applied' | QueueSkipReason; credit: Credit; after: Account | undefined } {
  const { address, amount } = op;
  if (op.kind === QUEUE_OPERATION_KINDS.depositNew) {
    if (before) return { outcome: 'INDEX_TAKEN', credit: { address, amount }, after: before };
    return { outcome: 'applied', credit: { address, amount: 0n }, after: { publicKey: op.publicKey, balance: amount, nonce: 0n, owner: address } };
  }
  if (!before) {
    return { outcome: 'UNKNOWN_ACCOUNT', credit: { address, amount: op.kind === QUEUE_OPERATION_KINDS.deposit ? amount : 0n }, after: undefined };
  }
  if (op.kind === QUEUE_OPERATION_KINDS.deposit) {
    if (before.balance + amount >= VALUE_LIMIT) return { outcome: 'BALANCE_OVERFLOW', credit: { address, amount }, after: before };
    return { outcome: 'applied', credit: { address, amount: 0n }, after: { ...before, balance: before.balance + amount } };
  }
  if (before.owner !== address) return { outcome: 'NOT_OWNER', credit: { address, amount: 0n }, after: before };
  return { outcome: 'applied', credit: { address, amount: before.balance }, after: { ...before, balance: 0n } };
}

/**
 * Applies the queue operation `op` (checked by {@link assertQueueOperation}, `INVALID_ARGUMENT`
 * otherwise) to `state` by docs/protocol.md §12.2: the state after it (unchanged unless applied),
 * the outcome, the credit and the leaf update at the operation's index. `state` itself is unchanged.
 */
export function applyQueueOperation(state: RollupState, op: QueueOperation, field = 'operation'): AppliedQueueOperation {
  assertQueueOperation(state.suite, op, state.depth, field);
  const before = state.account(op.index);
  const { outcome, credit, after } = queueRule(op, before);
  const siblings = state.siblings(op.index);
  const next = outcome === 'applied' && after ? state.withAccount(op.index, after) : state;
  const update: QueueLeafUpdate = { index: op.index, before: before ?? null, after: after ?? null, siblings, rootBefore: state.root, rootAfter: next.root };
  return { operation: op, outcome, credit, state: next, update };
}
