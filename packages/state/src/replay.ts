/**
 * Re-deriving a batch from its inputs (docs/protocol.md §5–§7), so a batch file whose derived
 * fields were edited is refused before anyone builds a witness or a proof from it.
 *
 * The inputs are the parameters (depth, batch size, domain, batch number, oldRoot, fee recipient),
 * the slots' transfers and, per leaf update, the account before and its Merkle siblings: each
 * `before` is authenticated by hashing it with its siblings up to the root the replay has reached.
 * Everything else is recomputed and compared in order: `oldStateHash`, then slot by slot every
 * root and `after` account and the no-op roots, then the fees, `newRoot`, `newStateHash`, the
 * batch data and the data hash.
 */
import type { ZkrError } from '@zkr/errors';
import { dataHashOf, encodeBatchData, publicSlotOf } from './batchData';
import { stateHashOf } from './domain';
import { stateError } from './errors';
import { VALUE_LIMIT } from './field';
import type { CryptoSuite } from './suite';
import { checkTransferFields, creditReceiver, debitSender, type RejectedTransfer, type RuledAccount } from './transfer';
import { computeRoot, leafHash } from './tree';
import type { Account, Batch, LeafUpdate } from './types';

const REBUILD = 'rebuild the batch with `zkr batch build`';

function inconsistent(source: string, field: string, problem: string, details: Record<string, unknown> = {}): ZkrError {
  return stateError('BATCH_INCONSISTENT', `${source}: ${field}: ${problem}; ${REBUILD}`, { details: { source, field, ...details } });
}

function expectEqual(source: string, field: string, actual: bigint | number, derived: bigint | number): void {
  if (actual !== derived) throw inconsistent(source, field, `is ${actual} but the batch's inputs give ${derived}`, { actual, derived });
}

function expectAccount(source: string, field: string, actual: Account, derived: Account): void {
  expectEqual(source, `${field}.publicKey[0]`, actual.publicKey[0], derived.publicKey[0]);
  expectEqual(source, `${field}.publicKey[1]`, actual.publicKey[1], derived.publicKey[1]);
  expectEqual(source, `${field}.balance`, actual.balance, derived.balance);
  expectEqual(source, `${field}.nonce`, actual.nonce, derived.nonce);
  expectEqual(source, `${field}.owner`, actual.owner, derived.owner);
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
  rule: (before: Account) => RuledAccount | RejectedTransfer,
  ruleField: string,
): { root: bigint; after: Account } {
  expectEqual(source, `${field}.index`, update.index, expected.index);
  expectEqual(source, `${field}.rootBefore`, update.rootBefore, expected.root);
  if (computeRoot(suite.poseidon, update.index, leafHash(suite.poseidon, update.before), update.siblings) !== expected.root) {
    throw inconsistent(source, `${field}.before`, `with its siblings does not hash to the root ${expected.root} the update starts from`);
  }
  const ruled = rule(update.before);
  if (!ruled.ok) {
    throw inconsistent(source, ruleField, `does not apply to the state it starts from (${ruled.code}: ${ruled.message})`, { rejection: ruled.code });
  }
  expectAccount(source, `${field}.after`, update.after, ruled.account);
  const root = computeRoot(suite.poseidon, update.index, leafHash(suite.poseidon, ruled.account), update.siblings);
  expectEqual(source, `${field}.rootAfter`, update.rootAfter, root);
  return { root, after: ruled.account };
}

/**
 * Throws `BATCH_INCONSISTENT` (naming the first field, in slot order, that does not follow from
 * the batch's inputs) unless `batch` is exactly what the builder makes of its inputs: valid
 * transfers (§5, rules 1–9), chained roots, after accounts, fees, newRoot, the state hashes, the
 * batch data and the data hash.
 * `batch` must be well-formed (as {@link batchFromJson} returns it); `source` names it in messages.
 */
export function assertBatchConsistent(suite: CryptoSuite, batch: Batch, source = 'batch'): void {
  const { depth, domain, feeRecipient } = batch;
  expectEqual(source, 'oldStateHash', batch.oldStateHash, stateHashOf(suite, domain, batch.oldRoot));
  let root = batch.oldRoot;
  let fees = 0n;
  // Rule 9 needs the fee recipient's balance after each slot; it is known from its first leaf update on.
  let recipientBalance: bigint | undefined;
  const feeOverflow = (balance: bigint, sum: bigint, field: string): void => {
    if (balance + sum >= VALUE_LIMIT) {
      throw inconsistent(source, field, `crediting the batch fees to account ${feeRecipient} would reach 2^64 (FEE_OVERFLOW)`, { rejection: 'FEE_OVERFLOW' });
    }
  };
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
    for (const [update, after] of [[slot.sender, sender.after], [slot.receiver, receiver.after]] as const) {
      if (update.index !== feeRecipient) continue;
      if (recipientBalance === undefined) feeOverflow(update.before.balance, fees, ruleField);
      recipientBalance = after.balance;
    }
    fees += transfer.fee;
    if (recipientBalance !== undefined) feeOverflow(recipientBalance, fees, ruleField);
    root = receiver.root;
  });
  expectEqual(source, 'totalFees', batch.totalFees, fees);
  const credit = batch.feeCredit;
  const creditRule = (before: Account): RuledAccount | RejectedTransfer => {
    feeOverflow(before.balance, fees, 'feeCredit');
    return { ok: true, account: { ...before, balance: before.balance + fees } };
  };
  const credited = replayUpdate(suite, source, 'feeCredit', credit, { index: feeRecipient, root }, creditRule, 'feeCredit');
  expectEqual(source, 'newRoot', batch.newRoot, credited.root);
  expectEqual(source, 'newStateHash', batch.newStateHash, stateHashOf(suite, domain, credited.root));
  const batchData = encodeBatchData({ oldStateHash: batch.oldStateHash, batchNumber: batch.batchNumber, feeRecipient, depth, slots: batch.slots.map(publicSlotOf) });
  if (Buffer.compare(Buffer.from(batchData), Buffer.from(batch.batchData)) !== 0) {
    throw inconsistent(source, 'batchData', 'does not encode the batch (old state hash, batch number, fee recipient, slots)');
  }
  expectEqual(source, 'dataHash', batch.dataHash, dataHashOf(batchData));
}
