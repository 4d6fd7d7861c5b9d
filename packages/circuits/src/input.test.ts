import { batchToCircuitInput, CIRCUIT_INPUT_SIGNALS } from './input';
import { genesis, honestBatch, testOwner } from '@zkr/test-helpers';
import type { Batch } from '@zkr/state';

const instance = { depth: 4, batchSize: 3, queuePositions: 1, withdrawalPositions: 2 };

async function batch(): Promise<Batch> {
  const fixture = await genesis(4, [{ index: 0, balance: 3n }, { index: 5, balance: 10n ** 12n, nonce: 2n }, { index: 9, balance: 7n }], undefined, 6, instance);
  // 3·10^10 has no 34-bit mantissa at exponent 0: its canonical word is e = 1, m = 3·10^9; the fee 20 is 2·10^1.
  return honestBatch(fixture, [{ from: 5, to: 9, amount: 3n * 10n ** 10n, fee: 20n }], 3, 0, {
    queue: [{ kind: 2, index: 9, amount: 40n, address: testOwner(1) }],
    withdrawals: [{ from: 9, amount: 20n, fee: 1n }],
  });
}

describe('batchToCircuitInput', () => {
  it('maps queue positions, transfers (op word and fee byte as published), no-op slots and empty positions (all zeros), withdrawals and the fee credit to decimal-string signals', async () => {
    const b = await batch();
    const input = batchToCircuitInput(b, instance);
    expect(Object.keys(input)).toEqual(CIRCUIT_INPUT_SIGNALS);
    const opWord = (1n << 38n) + (1n << 34n) + 3n * 10n ** 9n;
    // §12.1: kind 2, index 9, amount 40 (m = 40, e = 0), the caller's address.
    const queueWord = 2n + 4n * 9n + (40n << 34n) + (testOwner(1) << 72n);
    const queue = b.queue[0];
    if (queue.kind !== 'operation') throw new Error('queue position 0 holds the deposit');
    expect(input).toMatchObject({
      newStateHash: b.newStateHash.toString(),
      dataHash: b.dataHash.toString(),
      oldQueueHash: '0',
      newQueueHash: b.newQueueHash.toString(),
      queueWord: [queueWord.toString()],
      queueAx: ['0'],
      queueAy: ['0'],
      queueExists: ['1'],
      queueLeafAx: [queue.update.before!.publicKey[0].toString()],
      queueBalance: ['7'],
      queueNonce: ['0'],
      queueOwner: [testOwner(9).toString()],
      queueSiblings: [queue.update.siblings.map((t) => t.map(String))],
      withdrawalFrom: ['9', '0'],
      withdrawalOpWord: [((2n << 38n) + 20n).toString(), '0'],
      withdrawalFeeByte: ['1', '0'],
      withdrawalAddress: [testOwner(9).toString(), '0'],
      // After the deposit of 40 and the transfer of 3·10^10 to account 9.
      withdrawalBalance: [(7n + 40n + 3n * 10n ** 10n).toString(), '0'],
      withdrawalNonce: ['0', '0'],
      withdrawalSigS: [expect.not.stringMatching(/^0$/), '0'],
      withdrawalSiblings: [expect.any(Array), [['0', '0', '0'], ['0', '0', '0']]],
      batchNumber: '7',
      feeRecipient: '0',
      from: ['5', '0', '0'],
      to: ['9', '0', '0'],
      opWord: [opWord.toString(), '0', '0'],
      feeByte: [String(16 + 2), '0', '0'],
      nonce: ['2', '0', '0'],
      senderBalance: [(10n ** 12n).toString(), '0', '0'],
      senderOwner: [testOwner(5).toString(), '0', '0'],
      receiverBalance: ['47', '0', '0'],
      receiverOwner: [testOwner(9).toString(), '0', '0'],
      feeRecipientBalance: '3',
      feeRecipientOwner: testOwner(0).toString(),
    });
    // The op word and fee byte are the slot's bytes in the batch data (§7: header, one 28-byte queue entry, then from, to, op word, fee; I = 1 at D = 4).
    const slot0 = b.batchData.slice(37 + 28, 45 + 28);
    expect(BigInt(`0x${Buffer.from(slot0.slice(2, 7)).toString('hex')}`)).toBe(opWord);
    expect(slot0[7]).toBe(16 + 2);
    const slot = b.slots[0];
    if (slot.kind !== 'transfer') throw new Error('slot 0 is a transfer');
    expect(input.senderSiblings[0]).toEqual(slot.sender.siblings.map((t) => t.map(String)));
    expect(input.receiverSiblings[0]).toEqual(slot.receiver.siblings.map((t) => t.map(String)));
    expect(input.senderSiblings[1]).toEqual([['0', '0', '0'], ['0', '0', '0']]);
    expect(input.sigS[2]).toBe('0');
    expect(input.feeRecipientSiblings).toHaveLength(2);
  });

  it('rejects a batch of another instance with INSTANCE_MISMATCH', async () => {
    const b = await batch();
    for (const other of [{ depth: 8 }, { batchSize: 2 }, { queuePositions: 2 }, { withdrawalPositions: 1 }]) {
      expect(() => batchToCircuitInput(b, { ...instance, ...other })).toThrow(expect.objectContaining({ code: 'INSTANCE_MISMATCH' }));
    }
    // Q and W default to 1.
    expect(() => batchToCircuitInput(b, { depth: 4, batchSize: 3 })).toThrow(expect.objectContaining({ code: 'INSTANCE_MISMATCH' }));
  });

  it('rejects malformed batches naming the field', async () => {
    const b = await batch();
    const triples = b.feeCredit.siblings;
    const cases: [Batch, string, string][] = [
      [{ ...b, slots: b.slots.slice(1) }, 'INVALID_BATCH', 'batch.slots'],
      [{ ...b, queue: [] }, 'INVALID_BATCH', 'batch.queue'],
      [{ ...b, withdrawals: b.withdrawals.slice(1) }, 'INVALID_BATCH', 'batch.withdrawals'],
      [{ ...b, queuePositions: 65 }, 'INVALID_INSTANCE', 'queuePositions'],
      [{ ...b, newQueueHash: -1n }, 'INVALID_ARGUMENT', 'batch.newQueueHash'],
      [{ ...b, depth: 0 }, 'INVALID_INSTANCE', 'depth'],
      [{ ...b, depth: 5 }, 'INVALID_INSTANCE', 'depth'],
      [{ ...b, feeCredit: { ...b.feeCredit, siblings: triples.slice(1) } }, 'INVALID_BATCH', 'batch.feeCredit.siblings'],
      [{ ...b, feeCredit: { ...b.feeCredit, siblings: [triples[0], [1n, 2n] as never] } }, 'INVALID_BATCH', 'batch.feeCredit.siblings[1]'],
      [{ ...b, feeCredit: { ...b.feeCredit, index: 5 } }, 'INVALID_BATCH', 'batch.feeCredit.index'],
      [{ ...b, feeCredit: { ...b.feeCredit, before: { ...b.feeCredit.before, owner: 1n << 160n } } }, 'INVALID_ARGUMENT', 'batch.feeCredit.before.owner'],
      [{ ...b, newStateHash: -1n }, 'INVALID_ARGUMENT', 'batch.newStateHash'],
      [{ ...b, dataHash: -1n }, 'INVALID_ARGUMENT', 'batch.dataHash'],
      [{ ...b, batchNumber: 0 }, 'INVALID_ARGUMENT', 'batch.batchNumber'],
      [{ ...b, batchNumber: 2 ** 32 }, 'INVALID_ARGUMENT', 'batch.batchNumber'],
      [{ ...b, feeRecipient: 16 }, 'INVALID_ARGUMENT', 'batch.feeRecipient'],
    ];
    const slot = b.slots[0];
    if (slot.kind !== 'transfer') throw new Error('slot 0 is a transfer');
    const withSlot = (s: Batch['slots'][number]): Batch => ({ ...b, slots: [s, ...b.slots.slice(1)] });
    cases.push(
      [withSlot({ ...slot, transfer: { ...slot.transfer, amount: 1n << 64n } }), 'INVALID_ARGUMENT', 'batch.slots[0].transfer.amount'],
      [withSlot({ ...slot, transfer: { ...slot.transfer, amount: (1n << 34n) + 1n } }), 'INVALID_BATCH', 'batch.slots[0].transfer.amount'],
      [withSlot({ ...slot, transfer: { ...slot.transfer, fee: 16n } }), 'INVALID_BATCH', 'batch.slots[0].transfer.fee'],
      [withSlot({ ...slot, transfer: { ...slot.transfer, to: 16 } }), 'INVALID_ARGUMENT', 'batch.slots[0].transfer.to'],
      [withSlot({ ...slot, sender: { ...slot.sender, before: { ...slot.sender.before, nonce: 1n } } }), 'INVALID_BATCH', 'batch.slots[0].sender.before.nonce'],
      [withSlot({ ...slot, receiver: { ...slot.receiver, index: 5 } }), 'INVALID_BATCH', 'batch.slots[0].receiver.index'],
    );
    const queue = b.queue[0];
    const withdrawal = b.withdrawals[0];
    if (queue.kind !== 'operation' || withdrawal.kind !== 'withdrawal') throw new Error('queue position 0 and withdrawal position 0 are used');
    cases.push(
      [{ ...b, queue: [{ ...queue, update: { ...queue.update, index: 8 } }] }, 'INVALID_BATCH', 'batch.queue[0].update.index'],
      [{ ...b, queue: [{ ...queue, operation: { ...queue.operation, position: 1 } }] }, 'INVALID_BATCH', 'batch.queue[0].operation.position'],
      [{ ...b, queue: [{ ...queue, update: { ...queue.update, siblings: [] } }] }, 'INVALID_BATCH', 'batch.queue[0].update.siblings'],
      [{ ...b, queue: [{ ...queue, operation: { ...queue.operation, index: 16 } }] }, 'INVALID_ARGUMENT', 'batch.queue[0].operation.index'],
      [{ ...b, withdrawals: [{ ...withdrawal, withdrawal: { ...withdrawal.withdrawal, address: 0n } }, b.withdrawals[1]] }, 'INVALID_BATCH', 'batch.withdrawals[0].withdrawal.address'],
      [{ ...b, withdrawals: [{ ...withdrawal, withdrawal: { ...withdrawal.withdrawal, fee: 17n } }, b.withdrawals[1]] }, 'INVALID_BATCH', 'batch.withdrawals[0].withdrawal.fee'],
      [{ ...b, withdrawals: [{ ...withdrawal, sender: { ...withdrawal.sender, index: 5 } }, b.withdrawals[1]] }, 'INVALID_BATCH', 'batch.withdrawals[0].sender.index'],
      [{ ...b, withdrawals: [{ kind: 'transfer' } as never, b.withdrawals[1]] }, 'INVALID_BATCH', 'batch.withdrawals[0].kind'],
      [{ ...b, queue: [{ kind: 'withdrawal' } as never] }, 'INVALID_BATCH', 'batch.queue[0].kind'],
    );
    for (const [bad, code, field] of cases) {
      expect(() => batchToCircuitInput(bad)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
    }
  });
});
