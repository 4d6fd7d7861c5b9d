import { assertBatchConsistent, creditsOf, decodeBatchData, queueHashOf } from '@zkr/state';
import { genesis, honestBatch, honestBuild, moneyBatch, queueOperations, signWithdrawals, testKey, testOwner } from './batches';

describe('v3 batch fixtures', () => {
  it('moneyBatch: a deposit creating account 2, a transfer from it and a withdrawal, all accepted and consistent', async () => {
    const { batch, state, fixture, queue, queueOutcomes } = await moneyBatch();
    expect(queueOutcomes.map((o) => o.outcome)).toEqual(['applied']);
    expect(queue).toEqual([{ position: 0, kind: 1, index: 2, amount: 300n, address: testOwner(2), publicKey: testKey(fixture.suite, 2).publicKey, time: 1000 }]);
    expect(state.account(2)).toMatchObject({ balance: 199n, nonce: 1n, owner: testOwner(2) });
    expect(state.account(1)).toMatchObject({ balance: 298n, nonce: 1n });
    expect(state.account(0)!.balance).toBe(1000n + 100n + 3n);
    expect([state.queueCount, state.queueHash, state.batchCount]).toEqual([1, queueHashOf(fixture.suite, queue), 1]);
    expect(creditsOf(batch)).toEqual([{ address: testOwner(2), amount: 0n }, { address: testOwner(1), amount: 200n }]);
    expect(decodeBatchData(batch.batchData, { depth: 8, queuePositions: 1, withdrawalPositions: 1 }).slots[0]).toMatchObject({ from: 2, to: 0, amount: 100n, fee: 1n });
    assertBatchConsistent(fixture.suite, batch);
    expect((await moneyBatch(16, 3)).batch.slots.map((s) => s.kind)).toEqual(['transfer', 'noop', 'noop']);
  });

  it('signWithdrawals takes the nonce after the batch transfers; honestBuild throws on anything not accepted', async () => {
    const fixture = await genesis(8, [{ index: 0, balance: 100n }, { index: 1, balance: 0n }], undefined, 0, { withdrawalPositions: 2 });
    expect(fixture.state.withdrawalPositions).toBe(2);
    const [w] = signWithdrawals(fixture, [{ from: 0, amount: 5n, fee: 0n }], [{ from: 0, to: 1, amount: 1n, fee: 0n }]);
    expect([w.nonce, w.address]).toEqual([1n, testOwner(0)]);
    const batch = honestBatch(fixture, [{ from: 0, to: 1, amount: 1n, fee: 0n }], 1, 1, { withdrawals: [{ from: 0, amount: 5n, fee: 0n }], queue: [{ kind: 2, index: 1, amount: 7n }] });
    expect(batch.withdrawals.map((p) => p.kind)).toEqual(['withdrawal', 'empty']);
    expect(() => honestBuild(fixture, [], 1, 1, { withdrawals: [{ from: 1, amount: 5n, fee: 0n }] })).toThrow('withdrawal 0: INSUFFICIENT_BALANCE');
    expect(() => honestBuild(fixture, [], 1, 1, { queue: [{ kind: 2, index: 1, amount: 1n }, { kind: 2, index: 1, amount: 1n }] })).toThrow('1 queue operations not consumed');
    expect(queueOperations(fixture, [{ kind: 3, index: 0 }], 5)).toEqual([{ position: 5, kind: 3, index: 0, amount: 0n, address: testOwner(0), publicKey: [0n, 0n], time: 1005 }]);
  });
});
