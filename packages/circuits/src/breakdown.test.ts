import { categoryOf, constraintBreakdown } from './breakdown';
import { compileCircuit } from './compile';
import { DEFAULT_INSTANCE } from './instance';

describe('constraintBreakdown', () => {
  it('splits the default instance by component, summing to its constraint count', async () => {
    const compiled = await compileCircuit(DEFAULT_INSTANCE);
    const b = await constraintBreakdown(compiled);
    expect(b).toEqual({ rangeChecks: 1216, signature: 9018, merkle: 14949, stateHash: 479, batchDataHash: 26311, other: 141, total: 52114 });
    expect(b.rangeChecks + b.signature + b.merkle + b.stateHash + b.batchDataHash + b.other).toBe(compiled.constraints);
  });

  it('classifies signal names', () => {
    expect(categoryOf('main.slots[1].signature.mulAny.segments[0].bits[3].adder.lamda')).toBe('signature');
    expect(categoryOf('main.slots[0].message.pEx.mixS[0].out')).toBe('signature');
    expect(categoryOf('main.slots[0].senderBalanceRange.n2b.out[5]')).toBe('rangeChecks');
    expect(categoryOf('main.slots[0].sender.nonceBeforeRange.n2b.out[63]')).toBe('rangeChecks');
    expect(categoryOf('main.slots[0].fields.opWordRange.out[38]')).toBe('rangeChecks');
    expect(categoryOf('main.feeOverflow.bound[1].n2b.out[0]')).toBe('rangeChecks');
    expect(categoryOf('main.slots[0].receiver.pathAfter.hashers[2].pEx.ark[0].out[1]')).toBe('merkle');
    expect(categoryOf('main.slots[0].sender.pathBefore.place[1].prefix[2]')).toBe('merkle');
    expect(categoryOf('main.feeCredit.credit.leafBefore.pEx.mixS[3].out')).toBe('merkle');
    expect(categoryOf('main.newState.pEx.mixS[0].out')).toBe('stateHash');
    expect(categoryOf('main.batchData.sha.blocks[1].newA[5].bits[7]')).toBe('batchDataHash');
    expect(categoryOf('main.batchData.oldStateHashBits.out[3]')).toBe('batchDataHash');
    expect(categoryOf('main.slots[0].fields.amountValue.scale')).toBe('other');
    expect(categoryOf('main.slots[0].movedInverse')).toBe('other');
  });
});
