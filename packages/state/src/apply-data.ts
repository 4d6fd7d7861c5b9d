/**
 * Replaying an accepted batch from its public data alone (docs/protocol.md §6, §7, §12): the batch
 * data (from `submitBatch`'s calldata) and the L1 queue operations (from `QueueOperationAdded`
 * events) are all a reader of L1 has. There are no signatures and no nonces in the data: L1 accepted
 * the batch's proof, so every transfer and withdrawal in it was signed and had the sender's nonce.
 * The replay applies the same rules as the builder, in the same order (queue positions, slots,
 * withdrawal positions, fee credit), and checks everything the data does say: the old state hash,
 * the batch number, each consumed operation's published credit against the §12.2 rule, balances and
 * the fee credit. Data that does not apply is `DATA_MISMATCH` naming the field: it is not a batch of
 * this state (a wrong genesis, a missed batch, or another rollup's data).
 */
import { decodeBatchData, encodeBatchData, SLOT_KINDS, WITHDRAWAL_KINDS, type BatchData, type PublicQueueEntry } from './batchData';
import { stateError } from './errors';
import { VALUE_LIMIT } from './field';
import { applyQueueOperation, queueHashStep } from './queue';
import type { RollupState } from './state';
import { checkFeeCredit } from './transfer';
import type { Account, QueueOperation } from './types';

function mismatch(field: string, problem: string, details: Record<string, unknown> = {}): never {
  throw stateError('DATA_MISMATCH', `batch data ${field} ${problem}; replay the rollup's batches in order from its genesis state with the queue of its QueueOperationAdded events`, {
    details: { field, ...details },
  });
}

/** The batch data to replay: decoded with the state's layout, or checked (by encoding it) when given decoded. */
function dataOf(state: RollupState, data: BatchData | Uint8Array): BatchData {
  const layout = { depth: state.depth, queuePositions: state.queuePositions, withdrawalPositions: state.withdrawalPositions };
  if (data instanceof Uint8Array) return decodeBatchData(data, layout);
  if (data.depth !== state.depth) mismatch('depth', `is ${data.depth} but the state's tree has depth ${state.depth}`);
  if (data.queue.length !== state.queuePositions) mismatch('queue', `has ${data.queue.length} positions but the state's rollup has Q = ${state.queuePositions}`);
  if (data.withdrawals.length !== state.withdrawalPositions) {
    mismatch('withdrawals', `has ${data.withdrawals.length} positions but the state's rollup has W = ${state.withdrawalPositions}`);
  }
  encodeBatchData(data);
  return data;
}

/** The operation at queue position `position` in `queue` (consecutive, in position order); `QUEUE_MISMATCH` if it is not there. */
function operationAt(queue: readonly QueueOperation[], position: number): QueueOperation {
  const first = queue[0]?.position ?? 0;
  const op = queue[position - first];
  if (op?.position !== position) {
    throw stateError('QUEUE_MISMATCH', `the batch consumes queue operation ${position} but the queue given does not hold it at that place; pass every operation of the rollup's QueueOperationAdded events in position order`, {
      details: { field: `queue[${position}]`, value: position },
    });
  }
  return op;
}

/** The number of consumed operations `m`: the non-empty entries, which must all precede the empty ones (docs/protocol.md §6). */
function consumedCount(entries: readonly PublicQueueEntry[]): number {
  const m = entries.findIndex((entry) => entry.address === 0n);
  const count = m === -1 ? entries.length : m;
  entries.slice(count).forEach((entry, i) => {
    if (entry.address !== 0n) mismatch(`queue[${count + i}]`, 'is a consumed operation after an empty position; consumed operations come first');
  });
  return count;
}

/** The account at `index` debited by `amount + fee` with its nonce bumped, or `DATA_MISMATCH` naming `field` if the rules of §5 / §11 forbid it. */
function debit(state: RollupState, index: number, amount: bigint, fee: bigint, field: string): Account {
  const account = state.account(index);
  if (!account) mismatch(`${field}.from`, `is ${index}, which holds no account`);
  if (account.nonce === VALUE_LIMIT - 1n) mismatch(`${field}.from`, `is account ${index}, which has reached the last nonce`);
  if (amount + fee > account.balance) mismatch(`${field}.amount`, `plus fee is ${amount + fee}, more than the balance ${account.balance} of account ${index}`);
  return { ...account, balance: account.balance - amount - fee, nonce: account.nonce + 1n };
}

/** Throws `DATA_MISMATCH` naming `field` if the fee recipient cannot take `fees` on top of its current balance (rule 9 of §5). */
function checkFees(state: RollupState, feeRecipient: number, fees: bigint, field: string): void {
  const overflow = checkFeeCredit(state.account(feeRecipient)!.balance, fees, feeRecipient);
  if (overflow) mismatch(field, `overflows the fee credit: ${overflow.message}`);
}

/**
 * The state after the accepted batch `data` (its bytes, or decoded) on `state`, replayed from public
 * data only: the `m` consumed queue operations (positions `state.queueCount ..` of `queue`, the
 * rollup's operations in position order as {@link buildBatch} takes them) applied by §12.2 with
 * each published credit checked, the transfer slots (sender `-amount-fee`, nonce + 1; receiver
 * `+amount`), the withdrawals (`-amount-fee`, nonce + 1), the fee credit, and the counters advanced
 * (`batchCount`, `queueCount + m`, the queue hash). `state` is unchanged. Throws
 * `INVALID_BATCH_DATA` for bytes no valid batch has, `QUEUE_MISMATCH` when `queue` lacks a consumed
 * operation, and `DATA_MISMATCH` (naming the field) when the data is not a batch of this state.
 */
export function applyBatchData(state: RollupState, data: BatchData | Uint8Array, queue: readonly QueueOperation[]): RollupState {
  const batch = dataOf(state, data);
  if (batch.oldStateHash !== state.stateHash) {
    mismatch('oldStateHash', `is ${batch.oldStateHash} but the state's hash is ${state.stateHash}: the batch was built on another state`, {
      actual: batch.oldStateHash, expected: state.stateHash,
    });
  }
  if (batch.batchNumber !== state.batchCount + 1) {
    mismatch('batchNumber', `is ${batch.batchNumber} but the state holds ${state.batchCount} batches, so the next is ${state.batchCount + 1}`, {
      actual: batch.batchNumber, expected: state.batchCount + 1,
    });
  }

  // Queue positions (§12.2): each consumed operation's outcome gives the credit the data publishes.
  let current = state;
  let queueHash = state.queueHash;
  const m = consumedCount(batch.queue);
  for (let q = 0; q < m; q++) {
    const operation = operationAt(queue, state.queueCount + q);
    const applied = applyQueueOperation(current, operation, `queue[${operation.position}]`);
    const entry = batch.queue[q];
    if (entry.address !== applied.credit.address || entry.amount !== applied.credit.amount) {
      mismatch(`queue[${q}]`, `credits ${entry.amount} to ${entry.address} but operation ${operation.position} (${applied.outcome}) credits ${applied.credit.amount} to ${applied.credit.address}`, {
        position: operation.position, outcome: applied.outcome,
      });
    }
    current = applied.state;
    queueHash = queueHashStep(state.suite, queueHash, operation);
  }
  const { feeRecipient } = batch;
  if (!current.account(feeRecipient)) mismatch('feeRecipient', `is ${feeRecipient}, which holds no account after the queue positions`);

  // Transfer slots (§5): sender debit and nonce bump, then the receiver's credit on the state it left.
  let fees = 0n;
  batch.slots.forEach((slot, j) => {
    if (slot.kind === SLOT_KINDS.noop) return;
    const field = `slots[${j}]`;
    if (slot.amount + slot.fee === 0n) mismatch(field, 'is a transfer of nothing (amount + fee = 0)');
    if (!current.account(slot.to)) mismatch(`${field}.to`, `is ${slot.to}, which holds no account`);
    current = current.withAccount(slot.from, debit(current, slot.from, slot.amount, slot.fee, field));
    const receiver = current.account(slot.to)!;
    if (receiver.balance + slot.amount >= VALUE_LIMIT) mismatch(`${field}.amount`, `would take the balance of account ${slot.to} to 2^64`);
    current = current.withAccount(slot.to, { ...receiver, balance: receiver.balance + slot.amount });
    fees += slot.fee;
    checkFees(current, feeRecipient, fees, `${field}.fee`);
  });

  // Withdrawal positions (§11): one debit each; the L1 credit is the contract's business.
  batch.withdrawals.forEach((position, w) => {
    if (position.kind === WITHDRAWAL_KINDS.empty) return;
    const field = `withdrawals[${w}]`;
    if (position.amount === 0n) mismatch(`${field}.amount`, 'is 0; a withdrawal of nothing is not a withdrawal');
    current = current.withAccount(position.from, debit(current, position.from, position.amount, position.fee, field));
    fees += position.fee;
    checkFees(current, feeRecipient, fees, `${field}.fee`);
  });

  // The fee credit (§6), exactly once.
  checkFees(current, feeRecipient, fees, 'feeRecipient');
  const recipient = current.account(feeRecipient)!;
  current = current.withAccount(feeRecipient, { ...recipient, balance: recipient.balance + fees });
  return current.withCounters({ batchCount: batch.batchNumber, queueCount: state.queueCount + m, queueHash });
}
