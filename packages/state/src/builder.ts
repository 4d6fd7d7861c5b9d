/**
 * The batch builder (docs/protocol.md §5–§7): applies ordered signed transfers to a state, fills
 * `batchSize` slots with the accepted ones (rules of §5 checked in order, each rejection with its
 * code), pads with no-ops, credits the fees once, and returns the post-state with every witness
 * value the circuit needs, the batch data and both public inputs.
 *
 * The batch is number `state.batchCount + 1` and the post-state counts it, so each batch (even one
 * with no transfers, whose root does not change) is bound to one position in the chain of batches.
 *
 * Atomic: states are immutable, so the input state is never modified; the function either returns
 * a complete result or throws. A batch with zero accepted transfers is still a valid all-no-op
 * batch (its fee credit adds 0, so `newRoot = oldRoot`); whether to submit it is the caller's call.
 */
import { dataHashOf, encodeBatchData, publicSlotOf } from './batchData';
import { stateError } from './errors';
import { assertIndex, assertInteger, BATCH_NUMBER_LIMIT, MAX_BATCH_SIZE, VALUE_LIMIT } from './field';
import type { RollupState } from './state';
import { applyTransfer, type RejectionCode } from './transfer';
import type { Batch, BatchSlot, LeafUpdate, SignedTransfer } from './types';

/** Parameters of {@link buildBatch}. */
export interface BuildBatchOptions {
  /** Number of slots `N` of the circuit instance. */
  readonly batchSize: number;
  /** Index of the existing account credited with the batch's fees. */
  readonly feeRecipient: number;
}

/** A transfer the builder rejected, with its position in the input list and the reason. */
export interface Rejection {
  readonly position: number;
  readonly transfer: SignedTransfer;
  readonly code: RejectionCode;
  readonly message: string;
}

/** The outcome of {@link buildBatch}. */
export interface BuildBatchResult {
  /** The batch with all witness values. */
  readonly batch: Batch;
  /** The state after the batch (`state.root === batch.newRoot`, `state.batchCount === batch.batchNumber`). */
  readonly state: RollupState;
  /** The transfers in the batch, in slot order. */
  readonly accepted: readonly SignedTransfer[];
  /** The transfers rejected while filling the batch, in input order. */
  readonly rejected: readonly Rejection[];
  /** Transfers not examined because the batch was full, in input order (feed them to the next batch). */
  readonly remaining: readonly SignedTransfer[];
}

/**
 * Builds batch number `state.batchCount + 1` from `transfers` (in order) on top of `state`;
 * `state` itself is never modified. Throws `BATCH_TOO_LARGE` above {@link MAX_BATCH_SIZE},
 * `UNKNOWN_FEE_RECIPIENT`, and `INVALID_ARGUMENT` for bad options or a state that already holds
 * `2^32 - 1` batches; a transfer that breaks a rule of §5 is rejected (not thrown).
 */
export function buildBatch(state: RollupState, transfers: readonly SignedTransfer[], options: BuildBatchOptions): BuildBatchResult {
  const { batchSize, feeRecipient } = options;
  assertInteger(batchSize, 'batchSize', 1, Number.MAX_SAFE_INTEGER);
  if (batchSize > MAX_BATCH_SIZE) {
    throw stateError('BATCH_TOO_LARGE', `batchSize must be <= ${MAX_BATCH_SIZE} (the largest batch circuit that fits a 2^28 ptau), got ${batchSize}`, {
      details: { field: 'batchSize', value: batchSize, max: MAX_BATCH_SIZE },
    });
  }
  assertIndex(feeRecipient, state.depth, 'feeRecipient');
  const batchNumber = state.batchCount + 1;
  if (batchNumber >= BATCH_NUMBER_LIMIT) {
    throw stateError('INVALID_ARGUMENT', `the state already holds ${state.batchCount} batches, the last batch number a uint32 holds; deploy a new rollup`, {
      details: { field: 'batchCount', value: state.batchCount },
    });
  }
  if (!state.account(feeRecipient)) {
    throw stateError('UNKNOWN_FEE_RECIPIENT', `fee recipient ${feeRecipient} has no account; choose an existing account index`, {
      details: { field: 'feeRecipient', value: feeRecipient },
    });
  }
  const slots: BatchSlot[] = [];
  const accepted: SignedTransfer[] = [];
  const rejected: Rejection[] = [];
  let current = state;
  let totalFees = 0n;
  let position = 0;
  for (; position < transfers.length && accepted.length < batchSize; position++) {
    const transfer = transfers[position];
    const result = applyTransfer(current, transfer);
    if (!result.ok) {
      rejected.push({ position, transfer, code: result.code, message: result.message });
      continue;
    }
    if (result.state.account(feeRecipient)!.balance + totalFees + transfer.fee >= VALUE_LIMIT) {
      rejected.push({ position, transfer, code: 'FEE_OVERFLOW', message: `crediting the batch fees to account ${feeRecipient} would reach 2^64` });
      continue;
    }
    totalFees += transfer.fee;
    accepted.push(transfer);
    slots.push({ kind: 'transfer', transfer, sender: result.sender, receiver: result.receiver });
    current = result.state;
  }
  const rootN = current.root;
  while (slots.length < batchSize) slots.push({ kind: 'noop', root: rootN });

  const before = current.account(feeRecipient)!;
  const after = { ...before, balance: before.balance + totalFees };
  const siblings = current.siblings(feeRecipient);
  const post = current.withAccount(feeRecipient, after).withBatchCount(batchNumber);
  const feeCredit: LeafUpdate = { index: feeRecipient, before, after, siblings, rootBefore: rootN, rootAfter: post.root };

  const batchData = encodeBatchData({
    oldStateHash: state.stateHash,
    batchNumber,
    feeRecipient,
    depth: state.depth,
    slots: slots.map(publicSlotOf),
  });
  const batch: Batch = {
    depth: state.depth,
    batchSize,
    domain: state.domain,
    batchNumber,
    oldRoot: state.root,
    newRoot: post.root,
    oldStateHash: state.stateHash,
    newStateHash: post.stateHash,
    feeRecipient,
    slots,
    totalFees,
    feeCredit,
    batchData,
    dataHash: dataHashOf(batchData),
  };
  return { batch, state: post, accepted, rejected, remaining: transfers.slice(position) };
}
