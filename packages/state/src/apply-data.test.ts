import { isZkrError } from '@zkr/errors';
import { genesis, honestBuild, queueOperations, signAll, signWithdrawals, testOwner } from '@zkr/test-helpers';
import { applyBatchData } from './apply-data';
import { batchDataOf, type BatchData } from './batchData';
import { buildBatch, type BuildBatchResult } from './builder';
import { STATE_ERROR_CODES } from './errors';
import { VALUE_LIMIT } from './field';
import type { RollupState } from './state';
import type { QueueOperation } from './types';

/** What a reader of L1 must reproduce: the root, the state hash and the three counters. */
function summary(state: RollupState) {
  return { root: state.root, stateHash: state.stateHash, batchCount: state.batchCount, queueCount: state.queueCount, queueHash: state.queueHash };
}

/** Replays `built` from its batch data bytes and from its decoded form on `before`, and expects the builder's post-state both times. */
function expectReplay(before: RollupState, built: BuildBatchResult, queue: readonly QueueOperation[]): RollupState {
  const fromBytes = applyBatchData(before, built.batch.batchData, queue);
  expect(summary(fromBytes)).toEqual(summary(built.state));
  expect([...fromBytes.accounts()]).toEqual([...built.state.accounts()]);
  expect(summary(applyBatchData(before, batchDataOf(built.batch), queue))).toEqual(summary(built.state));
  return fromBytes;
}

/** The code and field of what `run` throws. */
function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isZkrError(error, STATE_ERROR_CODES) ? { code: error.code, field: error.details.field } : error;
  }
  return 'no error';
}

describe('applyBatchData: replaying accepted batches from their public data', () => {
  it('transfers (a self-transfer among them) and no-op slots, with the fees credited once to the fee recipient', async () => {
    const fx = await genesis(8, [{ index: 0, balance: 1000n }, { index: 1, balance: 500n }, { index: 5, balance: 7n }]);
    const built = honestBuild(fx, [{ from: 0, to: 1, amount: 100n, fee: 3n }, { from: 1, to: 1, amount: 0n, fee: 10n }, { from: 1, to: 5, amount: 590n, fee: 0n }], 5, 5);
    const after = expectReplay(fx.state, built, []);
    expect([after.account(0)!.balance, after.account(1)!.balance, after.account(5)!.balance]).toEqual([897n, 0n, 7n + 590n + 13n]);
    expect([after.account(0)!.nonce, after.account(1)!.nonce, after.account(5)!.nonce]).toEqual([1n, 2n, 0n]);
  });

  it('a batch with nothing in it: only the batch count moves', async () => {
    const fx = await genesis(4, [{ index: 2, balance: 1n }], undefined, 41);
    const built = honestBuild(fx, [], 2, 2);
    expectReplay(fx.state, built, []);
    expect(built.state.batchCount).toBe(42);
    expect(built.state.root).toBe(fx.state.root);
  });

  it('every queue outcome of §12.2, consumed Q at a time over consecutive batches, the fee recipient created by a deposit', async () => {
    const max = VALUE_LIMIT - 1n;
    const fx = await genesis(8, [{ index: 0, balance: 10n }, { index: 1, balance: max - 5n }, { index: 2, balance: 40n }], undefined, 0, { queuePositions: 4 });
    const queue = queueOperations(fx, [
      { kind: 1, index: 3, amount: 100n }, // applied: account 3 created
      { kind: 1, index: 0, amount: 7n }, // INDEX_TAKEN: refund
      { kind: 2, index: 2, amount: 5n }, // applied
      { kind: 2, index: 9, amount: 6n }, // UNKNOWN_ACCOUNT: refund
      { kind: 2, index: 1, amount: 6n }, // BALANCE_OVERFLOW: refund
      { kind: 3, index: 2 }, // applied: 45 paid out
      { kind: 3, index: 0, address: testOwner(7) }, // NOT_OWNER
      { kind: 3, index: 11 }, // UNKNOWN_ACCOUNT
    ]);
    const first = buildBatch(fx.state, signAll(fx, [{ from: 0, to: 3, amount: 1n, fee: 1n }]), { batchSize: 2, feeRecipient: 3, queue });
    expect(first.queueOutcomes.map((o) => o.outcome)).toEqual(['applied', 'INDEX_TAKEN', 'applied', 'UNKNOWN_ACCOUNT']);
    const middle = expectReplay(fx.state, first, queue);
    const second = buildBatch(middle, [], { batchSize: 2, feeRecipient: 3, queue });
    expect(second.queueOutcomes.map((o) => o.outcome)).toEqual(['BALANCE_OVERFLOW', 'applied', 'NOT_OWNER', 'UNKNOWN_ACCOUNT']);
    // Only the operations from the state's queueCount on are needed.
    const end = expectReplay(middle, second, queue.slice(4));
    expect([end.queueCount, end.account(2)!.balance, end.account(3)!.balance]).toEqual([8, 0n, 102n]);
    expect(summary(applyBatchData(middle, second.batch.batchData, queue))).toEqual(summary(end));
  });

  it('withdrawals after the slots, with their fees, W = 2', async () => {
    const fx = await genesis(8, [{ index: 0, balance: 1000n }, { index: 1, balance: 500n }], undefined, 0, { withdrawalPositions: 2 });
    const transfers = [{ from: 1, to: 0, amount: 50n, fee: 2n }];
    const withdrawals = signWithdrawals(fx, [{ from: 1, amount: 200n, fee: 5n }, { from: 0, amount: 1000n, fee: 0n }], transfers);
    const built = buildBatch(fx.state, signAll(fx, transfers), { batchSize: 1, feeRecipient: 0, withdrawals });
    expect(built.acceptedWithdrawals).toHaveLength(2);
    const after = expectReplay(fx.state, built, []);
    expect([after.account(0)!.balance, after.account(1)!.balance, after.account(1)!.nonce]).toEqual([57n, 243n, 2n]);
  });

  it('refuses data that is not a batch of this state: DATA_MISMATCH naming the field, QUEUE_MISMATCH for a missing operation', async () => {
    const fx = await genesis(8, [{ index: 0, balance: 1000n }, { index: 1, balance: 500n }]);
    const queue = queueOperations(fx, [{ kind: 2, index: 1, amount: 30n }]);
    const built = honestBuild(fx, [{ from: 0, to: 1, amount: 100n, fee: 3n }], 2, 0, { queue: [{ kind: 2, index: 1, amount: 30n }], withdrawals: [{ from: 1, amount: 20n, fee: 1n }] });
    const data = batchDataOf(built.batch);
    const edit = (patch: Partial<BatchData>) => failure(() => applyBatchData(fx.state, { ...data, ...patch }, queue));
    const mismatch = (field: string) => ({ code: 'DATA_MISMATCH', field });
    expect(failure(() => applyBatchData(built.state, built.batch.batchData, queue))).toEqual(mismatch('oldStateHash'));
    expect(edit({ batchNumber: 2 })).toEqual(mismatch('batchNumber'));
    expect(edit({ queue: [{ address: data.queue[0].address, amount: 30n }] })).toEqual(mismatch('queue[0]'));
    expect(failure(() => applyBatchData(fx.state, data, []))).toEqual({ code: 'QUEUE_MISMATCH', field: 'queue[0]' });
    expect(failure(() => applyBatchData(fx.state, data, [{ ...queue[0], position: 1 }]))).toEqual({ code: 'QUEUE_MISMATCH', field: 'queue[0]' });
    expect(edit({ feeRecipient: 9 })).toEqual(mismatch('feeRecipient'));
    expect(edit({ slots: [{ ...data.slots[0], amount: 998n }, data.slots[1]] })).toEqual(mismatch('slots[0].amount'));
    expect(edit({ slots: [{ ...data.slots[0], from: 4 }, data.slots[1]] })).toEqual(mismatch('slots[0].from'));
    expect(edit({ slots: [{ ...data.slots[0], to: 4 }, data.slots[1]] })).toEqual(mismatch('slots[0].to'));
    expect(edit({ slots: [{ ...data.slots[0], amount: 0n, fee: 0n }, data.slots[1]] })).toEqual(mismatch('slots[0]'));
    expect(edit({ withdrawals: [{ ...data.withdrawals[0], amount: 700n }] })).toEqual(mismatch('withdrawals[0].amount'));
    expect(edit({ withdrawals: [{ ...data.withdrawals[0], from: 3 }] })).toEqual(mismatch('withdrawals[0].from'));
    expect(edit({ withdrawals: [] })).toEqual(mismatch('withdrawals'));
    expect(edit({ depth: 10 })).toEqual(mismatch('depth'));
    // Bytes no valid batch holds are the decoder's INVALID_BATCH_DATA.
    expect(failure(() => applyBatchData(fx.state, built.batch.batchData.subarray(1), queue))).toMatchObject({ code: 'INVALID_BATCH_DATA' });
  });

  it('refuses a receiver or fee credit that would reach 2^64, as the circuit does', async () => {
    const fx = await genesis(4, [{ index: 0, balance: 100n }, { index: 1, balance: VALUE_LIMIT - 50n }, { index: 2, balance: VALUE_LIMIT - 2n }]);
    const built = honestBuild(fx, [{ from: 0, to: 1, amount: 10n, fee: 1n }], 1, 2);
    const data = batchDataOf(built.batch);
    expect(failure(() => applyBatchData(fx.state, { ...data, slots: [{ ...data.slots[0], amount: 60n }] }, []))).toEqual({ code: 'DATA_MISMATCH', field: 'slots[0].amount' });
    expect(failure(() => applyBatchData(fx.state, { ...data, slots: [{ ...data.slots[0], fee: 2n }] }, []))).toEqual({ code: 'DATA_MISMATCH', field: 'slots[0].fee' });
    expectReplay(fx.state, built, []);
  });
});
