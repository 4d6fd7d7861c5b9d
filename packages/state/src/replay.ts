/**
 * Re-deriving a batch from its inputs (docs/protocol.md §5–§7, §11–§12), so a batch file whose
 * derived fields were edited is refused before anyone builds a witness or a proof from it.
 *
 * The inputs are the parameters (depth, sizes, domain, batch number, oldRoot, queueStart,
 * oldQueueHash, fee recipient), the queue operations, transfers and withdrawals and, per leaf
 * update, the account before and its Merkle siblings: each `before` (or the empty leaf 0 at a
 * queue position) is authenticated by hashing it with its siblings up to the root the replay has
 * reached. Everything else is recomputed and compared in order: `oldStateHash`, then position by
 * position the queue outcomes, credits, `after` accounts and roots, `queueCount` and
 * `newQueueHash`, then slot by slot every root and `after` account and the no-op roots, then the
 * withdrawals likewise, the fees, `newRoot`, `newStateHash`, the batch data and the data hash.
 */
import type { ZkrError } from '@zkr/errors';
import { batchDataOf, dataHashOf, encodeBatchData } from './batchData';
import { stateHashOf } from './domain';
import { stateError } from './errors';
import { assertQueueOperation, queueHashStep, queueRule } from './queue';
import type { CryptoSuite } from './suite';
import { checkFeeCredit, checkTransferFields, creditReceiver, debitSender, type Rejected, type RuledAccount } from './transfer';
import { computeRoot, leafHash } from './tree';
import type { Account, Batch, LeafUpdate } from './types';
import { checkWithdrawalFields, debitWithdrawer } from './withdrawal';

const REBUILD = 'rebuild the batch with `zkr batch build`';

function inconsistent(source: string, field: string, problem: string, details: Record<string, unknown> = {}): ZkrError {
  return stateError('BATCH_INCONSISTENT', `${source}: ${field}: ${problem}; ${REBUILD}`, { details: { source, field, ...details } });
}

function expectEqual(source: string, field: string, actual: bigint | number | string, derived: bigint | number | string): void {
  if (actual !== derived) throw inconsistent(source, field, `is ${actual} but the batch's inputs give ${derived}`, { actual, derived });
}

function expectAccount(source: string, field: string, actual: Account | null, derived: Account | undefined): void {
  if (actual === null || derived === undefined) {
    if ((actual === null) !== (derived === undefined)) {
      throw inconsistent(source, field, `is ${actual === null ? 'the empty leaf' : 'an account'} but the batch's inputs give ${derived === undefined ? 'the empty leaf' : 'an account'}`);
    }
    return;
  }
  expectEqual(source, `${field}.publicKey[0]`, actual.publicKey[0], derived.publicKey[0]);
  expectEqual(source, `${field}.publicKey[1]`, actual.publicKey[1], derived.publicKey[1]);
  expectEqual(source, `${field}.balance`, actual.balance, derived.balance);
  expectEqual(source, `${field}.nonce`, actual.nonce, derived.nonce);
  expectEqual(source, `${field}.owner`, actual.owner, derived.owner);
}

/** The leaf of an account, or 0 for the empty leaf. */
function leafOf(suite: CryptoSuite, account: Account | null | undefined): bigint {
  return account ? leafHash(suite.poseidon, account) : 0n;
}

/**
 * Replays one leaf update from `root`: checks its index and `rootBefore`, authenticates `before`
 * with the siblings, derives `after` with `rule`, compares `after` and `rootAfter`; returns the root after.
 */
function replayUpdate(
  suite: CryptoSuite,
  source: string,
  field: string,
  update: LeafUpdate,
  expected: { index: number; root: bigint },
  rule: (before: Account) => RuledAccount | Rejected<string>,
  ruleField: string,
): { root: bigint; after: Account } {
  expectEqual(source, `${field}.index`, update.index, expected.index);
  expectEqual(source, `${field}.rootBefore`, update.rootBefore, expected.root);
  if (computeRoot(suite.poseidon, update.index, leafOf(suite, update.before), update.siblings) !== expected.root) {
    throw inconsistent(source, `${field}.before`, `with its siblings does not hash to the root ${expected.root} the update starts from`);
  }
  const ruled = rule(update.before);
  if (!ruled.ok) {
    throw inconsistent(source, ruleField, `does not apply to the state it starts from (${ruled.code}: ${ruled.message})`, { rejection: ruled.code });
  }
  expectAccount(source, `${field}.after`, update.after, ruled.account);
  const root = computeRoot(suite.poseidon, update.index, leafOf(suite, ruled.account), update.siblings);
  expectEqual(source, `${field}.rootAfter`, update.rootAfter, root);
  return { root, after: ruled.account };
}

/**
 * Throws `BATCH_INCONSISTENT` (naming the first field, in batch order, that does not follow from
 * the batch's inputs) unless `batch` is exactly what the builder makes of its inputs: queue
 * operations applied by §12.2 with their credits and the queue hash chain, valid transfers (§5,
 * rules 1–9) and withdrawals (§11), chained roots, after accounts, fees, newRoot, the state hashes,
 * the batch data and the data hash. `batch` must be well-formed (as {@link batchFromJson} returns
 * it); `source` names it in messages.
 */
export function assertBatchConsistent(suite: CryptoSuite, batch: Batch, source = 'batch'): void {
  const { depth, domain, feeRecipient } = batch;
  expectEqual(source, 'queue.length', batch.queue.length, batch.queuePositions);
  expectEqual(source, 'slots.length', batch.slots.length, batch.batchSize);
  expectEqual(source, 'withdrawals.length', batch.withdrawals.length, batch.withdrawalPositions);
  expectEqual(source, 'oldStateHash', batch.oldStateHash, stateHashOf(suite, domain, batch.oldRoot));
  let root = batch.oldRoot;
  let fees = 0n;
  // Rule 9 needs the fee recipient's balance after each slot and withdrawal; it is known from its first leaf update on.
  let recipientBalance: bigint | undefined;
  const feeOverflow = (balance: bigint, sum: bigint, field: string): void => {
    const overflow = checkFeeCredit(balance, sum, feeRecipient);
    if (overflow) throw inconsistent(source, field, `${overflow.message} (FEE_OVERFLOW)`, { rejection: overflow.code });
  };
  const track = (updates: readonly (readonly [LeafUpdate, Account])[], fee: bigint, field: string): void => {
    for (const [update, after] of updates) {
      if (update.index !== feeRecipient) continue;
      if (recipientBalance === undefined) feeOverflow(update.before.balance, fees, field);
      recipientBalance = after.balance;
    }
    fees += fee;
    if (recipientBalance !== undefined) feeOverflow(recipientBalance, fees, field);
  };

  let queueHash = batch.oldQueueHash;
  let consumed = 0;
  batch.queue.forEach((position, q) => {
    const field = `queue[${q}]`;
    if (position.kind === 'empty') {
      expectEqual(source, `${field}.root`, position.root, root);
      return;
    }
    if (consumed !== q) throw inconsistent(source, field, 'is a consumed operation after an empty position; consumed operations come first');
    const { operation, update } = position;
    expectEqual(source, `${field}.operation.position`, operation.position, batch.queueStart + q);
    try {
      assertQueueOperation(suite, operation, depth, `${field}.operation`);
    } catch (cause) {
      throw inconsistent(source, `${field}.operation`, `is not an operation the contract queues (${(cause as Error).message})`);
    }
    expectEqual(source, `${field}.update.index`, update.index, operation.index);
    expectEqual(source, `${field}.update.rootBefore`, update.rootBefore, root);
    if (computeRoot(suite.poseidon, update.index, leafOf(suite, update.before), update.siblings) !== root) {
      throw inconsistent(source, `${field}.update.before`, `with its siblings does not hash to the root ${root} the position starts from`);
    }
    const derived = queueRule(operation, update.before ?? undefined);
    expectEqual(source, `${field}.outcome`, position.outcome, derived.outcome);
    expectEqual(source, `${field}.credit.address`, position.credit.address, derived.credit.address);
    expectEqual(source, `${field}.credit.amount`, position.credit.amount, derived.credit.amount);
    expectAccount(source, `${field}.update.after`, update.after, derived.after);
    root = computeRoot(suite.poseidon, update.index, leafOf(suite, derived.after), update.siblings);
    expectEqual(source, `${field}.update.rootAfter`, update.rootAfter, root);
    if (update.index === feeRecipient) recipientBalance = derived.after?.balance;
    queueHash = queueHashStep(suite, queueHash, operation);
    consumed++;
  });
  expectEqual(source, 'queueCount', batch.queueCount, consumed);
  expectEqual(source, 'newQueueHash', batch.newQueueHash, queueHash);

  batch.slots.forEach((slot, j) => {
    if (slot.kind === 'noop') {
      expectEqual(source, `slots[${j}].root`, slot.root, root);
      return;
    }
    const { transfer } = slot;
    const ruleField = `slots[${j}].transfer`;
    const malformed = checkTransferFields(transfer, depth);
    if (malformed) throw inconsistent(source, ruleField, `is not a valid transfer (${malformed.code}: ${malformed.message})`, { rejection: malformed.code });
    const sender = replayUpdate(suite, source, `slots[${j}].sender`, slot.sender, { index: transfer.from, root }, (before) => debitSender(suite, domain, transfer, before), ruleField);
    const receiver = replayUpdate(suite, source, `slots[${j}].receiver`, slot.receiver, { index: transfer.to, root: sender.root }, (before) => creditReceiver(transfer, before), ruleField);
    track([[slot.sender, sender.after], [slot.receiver, receiver.after]], transfer.fee, ruleField);
    root = receiver.root;
  });

  batch.withdrawals.forEach((position, w) => {
    if (position.kind === 'empty') {
      expectEqual(source, `withdrawals[${w}].root`, position.root, root);
      return;
    }
    const { withdrawal } = position;
    const ruleField = `withdrawals[${w}].withdrawal`;
    const malformed = checkWithdrawalFields(withdrawal, depth);
    if (malformed) throw inconsistent(source, ruleField, `is not a valid withdrawal (${malformed.code}: ${malformed.message})`, { rejection: malformed.code });
    const rule = (before: Account): RuledAccount | Rejected<string> => debitWithdrawer(suite, domain, withdrawal, before);
    const sender = replayUpdate(suite, source, `withdrawals[${w}].sender`, position.sender, { index: withdrawal.from, root }, rule, ruleField);
    track([[position.sender, sender.after]], withdrawal.fee, ruleField);
    root = sender.root;
  });

  expectEqual(source, 'totalFees', batch.totalFees, fees);
  const creditRule = (before: Account): RuledAccount | Rejected<string> => {
    feeOverflow(before.balance, fees, 'feeCredit');
    return { ok: true, account: { ...before, balance: before.balance + fees } };
  };
  const credited = replayUpdate(suite, source, 'feeCredit', batch.feeCredit, { index: feeRecipient, root }, creditRule, 'feeCredit');
  expectEqual(source, 'newRoot', batch.newRoot, credited.root);
  expectEqual(source, 'newStateHash', batch.newStateHash, stateHashOf(suite, domain, credited.root));
  const batchData = encodeBatchData(batchDataOf(batch));
  if (Buffer.compare(Buffer.from(batchData), Buffer.from(batch.batchData)) !== 0) {
    throw inconsistent(source, 'batchData', 'does not encode the batch (old state hash, batch number, fee recipient, queue credits, slots, withdrawals)');
  }
  expectEqual(source, 'dataHash', batch.dataHash, dataHashOf(batchData));
}
