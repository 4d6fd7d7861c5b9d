import { categoryOf, constraintBreakdown } from './breakdown';
import { compileCircuit } from './compile';
import { DEFAULT_INSTANCE } from './instance';

describe('constraintBreakdown', () => {
  it('splits the default instance by component, summing to its constraint count', async () => {
    const compiled = await compileCircuit(DEFAULT_INSTANCE);
    const b = await constraintBreakdown(compiled);
    expect(b).toEqual({ rangeChecks: 1763, signature: 13527, merkle: 20920, queueHash: 813, stateHash: 479, batchDataHash: 52875, other: 254, total: 90631 });
    expect(b.rangeChecks + b.signature + b.merkle + b.queueHash + b.stateHash + b.batchDataHash + b.other).toBe(compiled.constraints);
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
    expect(categoryOf('main.queue[0].op.bits.out[100]')).toBe('rangeChecks');
    expect(categoryOf('main.queue[0].sum.out[64]')).toBe('rangeChecks');
    expect(categoryOf('main.queue[0].creditBits.out[1]')).toBe('rangeChecks');
    expect(categoryOf('main.queue[0].balanceRange.n2b.out[2]')).toBe('rangeChecks');
    expect(categoryOf('main.queue[0].pathBefore.hashers[1].pEx.mixS[0].out')).toBe('merkle');
    expect(categoryOf('main.queue[0].leafAfter.pEx.mixS[0].out')).toBe('merkle');
    expect(categoryOf('main.queue[0].chain.bits.aliasCheck.compConstant.parts[3]')).toBe('queueHash');
    expect(categoryOf('main.queue[0].chain.hash.pEx.mixS[0].out')).toBe('queueHash');
    expect(categoryOf('main.queue[0].exited')).toBe('other');
    expect(categoryOf('main.withdrawals[0].signature.mulAny.segments[0].bits[3].adder.lamda')).toBe('signature');
    expect(categoryOf('main.withdrawals[0].sender.pathAfter.hashers[0].pEx.mixS[0].out')).toBe('merkle');
    expect(categoryOf('main.withdrawals[0].fields.addressRange.out[159]')).toBe('rangeChecks');
    expect(categoryOf('main.withdrawals[0].addressInverse')).toBe('other');
  });
});
