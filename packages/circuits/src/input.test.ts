import { batchToCircuitInput, CIRCUIT_INPUT_SIGNALS } from './input';
import { genesis, honestBatch } from '@zkr/test-helpers';
import type { Batch } from '@zkr/state';

async function batch(): Promise<Batch> {
  const fixture = await genesis(4, [{ index: 0, balance: 3n }, { index: 5, balance: 100n, nonce: 2n }, { index: 9, balance: 7n }]);
  return honestBatch(fixture, [{ from: 5, to: 9, amount: 30n, fee: 2n }], 3, 0);
}

describe('batchToCircuitInput', () => {
  it('maps transfers, no-op slots (all zeros) and the fee credit to decimal-string signals', async () => {
    const b = await batch();
    const input = batchToCircuitInput(b, { depth: 4, batchSize: 3 });
    expect(Object.keys(input)).toEqual(CIRCUIT_INPUT_SIGNALS);
    expect(input).toMatchObject({
      publicInput: b.publicInput.toString(),
      feeRecipient: '0',
      from: ['5', '0', '0'],
      to: ['9', '0', '0'],
      amount: ['30', '0', '0'],
      fee: ['2', '0', '0'],
      nonce: ['2', '0', '0'],
      senderBalance: ['100', '0', '0'],
      receiverBalance: ['7', '0', '0'],
      feeRecipientBalance: '3',
    });
    const slot = b.slots[0];
    if (slot.kind !== 'transfer') throw new Error('slot 0 is a transfer');
    expect(input.senderSiblings[0]).toEqual(slot.sender.siblings.map(String));
    expect(input.receiverSiblings[0]).toEqual(slot.receiver.siblings.map(String));
    expect(input.senderSiblings[1]).toEqual(['0', '0', '0', '0']);
    expect(input.sigS[2]).toBe('0');
    expect(input.feeRecipientSiblings).toHaveLength(4);
  });

  it('rejects a batch of another instance with INSTANCE_MISMATCH', async () => {
    const b = await batch();
    expect(() => batchToCircuitInput(b, { depth: 8, batchSize: 3 })).toThrow(expect.objectContaining({ code: 'INSTANCE_MISMATCH' }));
    expect(() => batchToCircuitInput(b, { depth: 4, batchSize: 2 })).toThrow(expect.objectContaining({ code: 'INSTANCE_MISMATCH' }));
  });

  it('rejects malformed batches naming the field', async () => {
    const b = await batch();
    const cases: [Batch, string, string][] = [
      [{ ...b, slots: b.slots.slice(1) }, 'INVALID_BATCH', 'batch.slots'],
      [{ ...b, depth: 0 }, 'INVALID_INSTANCE', 'depth'],
      [{ ...b, feeCredit: { ...b.feeCredit, siblings: b.feeCredit.siblings.slice(1) } }, 'INVALID_BATCH', 'batch.feeCredit.siblings'],
      [{ ...b, feeCredit: { ...b.feeCredit, index: 5 } }, 'INVALID_BATCH', 'batch.feeCredit.index'],
      [{ ...b, newRoot: -1n }, 'INVALID_ARGUMENT', 'batch.newRoot'],
      [{ ...b, feeRecipient: 16 }, 'INVALID_ARGUMENT', 'batch.feeRecipient'],
    ];
    const slot = b.slots[0];
    if (slot.kind !== 'transfer') throw new Error('slot 0 is a transfer');
    const withSlot = (s: Batch['slots'][number]): Batch => ({ ...b, slots: [s, ...b.slots.slice(1)] });
    cases.push(
      [withSlot({ ...slot, transfer: { ...slot.transfer, amount: 1n << 64n } }), 'INVALID_ARGUMENT', 'batch.slots[0].transfer.amount'],
      [withSlot({ ...slot, transfer: { ...slot.transfer, to: 16 } }), 'INVALID_ARGUMENT', 'batch.slots[0].transfer.to'],
      [withSlot({ ...slot, sender: { ...slot.sender, before: { ...slot.sender.before, nonce: 1n } } }), 'INVALID_BATCH', 'batch.slots[0].sender.before.nonce'],
      [withSlot({ ...slot, receiver: { ...slot.receiver, index: 5 } }), 'INVALID_BATCH', 'batch.slots[0].receiver.index'],
    );
    for (const [bad, code, field] of cases) {
      expect(() => batchToCircuitInput(bad)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
    }
  });
});
