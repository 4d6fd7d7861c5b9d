/**
 * The batch builder (docs/protocol.md §5–§7, §11–§12): on top of a state it consumes the pending L1
 * queue operations (`min(Q, pending)`, in position order, each applied or not by §12.2), fills the
 * `N` slots with the accepted transfers (rules of §5 in order, each rejection with its code) and
 * no-ops, the `W` withdrawal positions with the accepted withdrawals (§11), credits the fees once,
 * and returns the post-state with every witness value the circuit needs, the batch data and the
 * four public inputs.
 *
 * The batch is number `state.batchCount + 1` and the post-state counts it, so each batch (even one
 * with nothing in it, whose root does not change) is bound to one position in the chain of batches.
 *
 * Atomic: states are immutable, so the input state is never modified; the function either returns
 * a complete result or throws. A batch with nothing accepted is still a valid batch (its fee credit
 * adds 0, so `newRoot = oldRoot`); whether to submit it is the caller's call.
 */
import { batchDataOf, dataHashOf, encodeBatchData } from './batchData';
import { stateError } from './errors';
import { assertIndex, assertInteger, BATCH_NUMBER_LIMIT, MAX_BATCH_SIZE } from './field';
import { applyQueueOperation, queueHashStep, type QueueOutcome } from './queue';
import { updateAccount, type RollupState } from './state';
import { applyTransfer, checkFeeCredit, type RejectionCode } from './transfer';
import type { Batch, BatchSlot, QueueOperation, QueuePosition, SignedTransfer, SignedWithdrawal, WithdrawalPosition } from './types';
import { applyWithdrawal, type WithdrawalRejectionCode } from './withdrawal';

/** Parameters of {@link buildBatch}. */
export interface BuildBatchOptions {
  /** Number of slots `N` of the circuit instance. */
  readonly batchSize: number;
  /** Index of the account credited with the batch's fees; it must exist once the queue positions are applied. */
  readonly feeRecipient: number;
  /**
   * L1 queue operations in position order (e.g. every `QueueOperationAdded` event, or only the pending
   * ones): those at `position < state.queueCount` were consumed already and are skipped, the next
   * `min(Q, pending)` are consumed. Default none.
   */
  readonly queue?: readonly QueueOperation[];
  /** Signed withdrawals in the order to try them; default none. */
  readonly withdrawals?: readonly SignedWithdrawal[];
}

/** A transfer the builder rejected, with its position in the input list and the reason. */
export interface Rejection {
  readonly position: number;
  readonly transfer: SignedTransfer;
  readonly code: RejectionCode;
  readonly message: string;
}

/** A withdrawal the builder rejected, with its position in the input list and the reason (docs/protocol.md §11). */
export interface WithdrawalRejection {
  readonly position: number;
  readonly withdrawal: SignedWithdrawal;
  readonly code: WithdrawalRejectionCode;
  readonly message: string;
}

/** The outcome of {@link buildBatch}. */
export interface BuildBatchResult {
  /** The batch with all witness values. */
  readonly batch: Batch;
  /** The state after the batch (`root = batch.newRoot`, `batchCount = batch.batchNumber`, `queueCount` and `queueHash` advanced). */
  readonly state: RollupState;
  /** The transfers in the batch, in slot order. */
  readonly accepted: readonly SignedTransfer[];
  /** The transfers rejected while filling the batch, in input order. */
  readonly rejected: readonly Rejection[];
  /** Transfers not examined because the slots were full, in input order (feed them to the next batch). */
  readonly remaining: readonly SignedTransfer[];
  /** The withdrawals in the batch, in position order. */
  readonly acceptedWithdrawals: readonly SignedWithdrawal[];
  /** The withdrawals rejected while filling the batch, in input order. */
  readonly rejectedWithdrawals: readonly WithdrawalRejection[];
  /** Withdrawals not examined because the withdrawal positions were full, in input order. */
  readonly remainingWithdrawals: readonly SignedWithdrawal[];
  /** The consumed queue operations in order, with their outcome and credit (docs/protocol.md §12.2). */
  readonly queueOutcomes: readonly QueueOutcome[];
}

function queueMismatch(field: string, problem: string, value: unknown): never {
  throw stateError('QUEUE_MISMATCH', `queue ${field} ${problem}; pass the rollup's queue operations in position order, as its QueueOperationAdded events list them`, {
    details: { field, value },
  });
}

/**
 * The operations this batch consumes: checks that `queue` is in consecutive position order, that
 * the already consumed part (when it starts at position 0) hashes to `state.queueHash`, and that
 * the pending part starts at `state.queueCount`; returns the first `min(Q, pending)` pending ones.
 */
function pendingOperations(state: RollupState, queue: readonly QueueOperation[]): { list: readonly QueueOperation[]; offset: number } {
  queue.forEach((op, i) => {
    const position = (op as { position?: unknown } | null)?.position;
    assertInteger(position, `queue[${i}].position`, 0, Number.MAX_SAFE_INTEGER);
    if (i > 0 && position !== queue[i - 1].position + 1) {
      queueMismatch(`[${i}].position`, `is ${position} after ${queue[i - 1].position}: operations must be consecutive, in position order`, position);
    }
  });
  if (queue.length === 0) return { list: [], offset: 0 };
  const first = queue[0].position;
  if (first > state.queueCount) {
    queueMismatch('[0].position', `is ${first} but the state has consumed ${state.queueCount} operations, so the next is ${state.queueCount}: operations ${state.queueCount}..${first - 1} are missing`, first);
  }
  const offset = Math.min(state.queueCount - first, queue.length);
  if (first === 0 && offset === state.queueCount) {
    let hash = 0n;
    queue.slice(0, offset).forEach((op, i) => {
      hash = queueHashStep(state.suite, hash, op);
      if (i === offset - 1 && hash !== state.queueHash) {
        queueMismatch(`[0..${offset - 1}]`, `hash to ${hash}, not to the queue hash ${state.queueHash} of the ${state.queueCount} operations the state consumed: this is another rollup's queue or an edited one`, hash);
      }
    });
  }
  return { list: queue.slice(offset, offset + state.queuePositions), offset };
}

/**
 * Builds batch number `state.batchCount + 1` on top of `state` (never modified): the pending queue
 * operations of `options.queue`, then `transfers` (in order), then `options.withdrawals`, then the
 * fee credit. Throws `BATCH_TOO_LARGE` above {@link MAX_BATCH_SIZE}, `QUEUE_MISMATCH` for queue
 * operations with a gap, out of order or not matching `state.queueHash`, `UNKNOWN_FEE_RECIPIENT`,
 * and `INVALID_ARGUMENT` for bad options, a malformed queue operation or a state that already holds
 * `2^32 - 1` batches; a transfer or withdrawal that breaks a rule is rejected (not thrown).
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

  // Queue positions (§6, §12.2).
  const pending = pendingOperations(state, options.queue ?? []);
  const queue: QueuePosition[] = [];
  const queueOutcomes: QueueOutcome[] = [];
  let current = state;
  let queueHash = state.queueHash;
  pending.list.forEach((operation, q) => {
    const applied = applyQueueOperation(current, operation, `queue[${pending.offset + q}]`);
    const { outcome, credit, update } = applied;
    queue.push({ kind: 'operation', operation, outcome, credit, update });
    queueOutcomes.push({ operation, outcome, credit });
    queueHash = queueHashStep(state.suite, queueHash, operation);
    current = applied.state;
  });
  while (queue.length < state.queuePositions) queue.push({ kind: 'empty', root: current.root });

  if (!current.account(feeRecipient)) {
    throw stateError('UNKNOWN_FEE_RECIPIENT', `fee recipient ${feeRecipient} has no account; choose an existing account index`, {
      details: { field: 'feeRecipient', value: feeRecipient },
    });
  }

  // Transfer slots (§5, §6).
  const slots: BatchSlot[] = [];
  const accepted: SignedTransfer[] = [];
  const rejected: Rejection[] = [];
  let totalFees = 0n;
  let position = 0;
  for (; position < transfers.length && accepted.length < batchSize; position++) {
    const transfer = transfers[position];
    const result = applyTransfer(current, transfer);
    const failed = result.ok ? checkFeeCredit(result.state.account(feeRecipient)!.balance, totalFees + transfer.fee, feeRecipient) : result;
    if (failed) rejected.push({ position, transfer, code: failed.code, message: failed.message });
    if (failed || !result.ok) continue;
    totalFees += transfer.fee;
    accepted.push(transfer);
    slots.push({ kind: 'transfer', transfer, sender: result.sender, receiver: result.receiver });
    current = result.state;
  }
  while (slots.length < batchSize) slots.push({ kind: 'noop', root: current.root });

  // Withdrawal positions (§6, §11).
  const withdrawals: WithdrawalPosition[] = [];
  const candidates = options.withdrawals ?? [];
  const acceptedWithdrawals: SignedWithdrawal[] = [];
  const rejectedWithdrawals: WithdrawalRejection[] = [];
  let next = 0;
  for (; next < candidates.length && acceptedWithdrawals.length < state.withdrawalPositions; next++) {
    const withdrawal = candidates[next];
    const result = applyWithdrawal(current, withdrawal);
    const failed = result.ok ? checkFeeCredit(result.state.account(feeRecipient)!.balance, totalFees + withdrawal.fee, feeRecipient) : result;
    if (failed) rejectedWithdrawals.push({ position: next, withdrawal, code: failed.code, message: failed.message });
    if (failed || !result.ok) continue;
    totalFees += withdrawal.fee;
    acceptedWithdrawals.push(withdrawal);
    withdrawals.push({ kind: 'withdrawal', withdrawal, sender: result.sender });
    current = result.state;
  }
  while (withdrawals.length < state.withdrawalPositions) withdrawals.push({ kind: 'empty', root: current.root });

  // The fee credit (§6).
  const before = current.account(feeRecipient)!;
  const credit = updateAccount(current, feeRecipient, { ...before, balance: before.balance + totalFees });
  const post = credit.state.withCounters({ batchCount: batchNumber, queueCount: state.queueCount + pending.list.length, queueHash });

  const shape = { oldStateHash: state.stateHash, batchNumber, feeRecipient, depth: state.depth, queue, slots, withdrawals };
  const batchData = encodeBatchData(batchDataOf(shape));
  const batch: Batch = {
    depth: state.depth,
    batchSize,
    queuePositions: state.queuePositions,
    withdrawalPositions: state.withdrawalPositions,
    domain: state.domain,
    batchNumber,
    oldRoot: state.root,
    newRoot: post.root,
    oldStateHash: state.stateHash,
    newStateHash: post.stateHash,
    queueStart: state.queueCount,
    queueCount: pending.list.length,
    oldQueueHash: state.queueHash,
    newQueueHash: queueHash,
    feeRecipient,
    queue,
    slots,
    withdrawals,
    totalFees,
    feeCredit: credit.update,
    batchData,
    dataHash: dataHashOf(batchData),
  };
  return {
    batch, state: post, accepted, rejected, remaining: transfers.slice(position),
    acceptedWithdrawals, rejectedWithdrawals, remainingWithdrawals: candidates.slice(next), queueOutcomes,
  };
}
