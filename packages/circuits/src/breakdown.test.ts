import { categoryOf, constraintBreakdown } from './breakdown';
import { compileCircuit } from './compile';
import { DEFAULT_INSTANCE } from './instance';

describe('constraintBreakdown', () => {
  it('splits the default instance by component, summing to its constraint count', async () => {
    const compiled = await compileCircuit(DEFAULT_INSTANCE);
    const b = await constraintBreakdown(compiled);
    expect(b).toEqual({ rangeChecks: 576, signature: 9136, merkle: 22237, publicDataHash: 91402, other: 109, total: 123460 });
    expect(b.rangeChecks + b.signature + b.merkle + b.publicDataHash + b.other).toBe(compiled.constraints);
  });

  it('classifies signal names', () => {
    expect(categoryOf('main.slots[1].signature.mulAny.segments[0].bits[3].adder.lamda')).toBe('signature');
    expect(categoryOf('main.slots[0].message.pEx.mixS[0].out')).toBe('signature');
    expect(categoryOf('main.slots[0].senderBalanceRange.n2b.out[5]')).toBe('rangeChecks');
    expect(categoryOf('main.feeOverflow.bound[1].n2b.out[0]')).toBe('rangeChecks');
    expect(categoryOf('main.slots[0].receiver.merkleAfter.hashers[2].pEx.ark[0].out[1]')).toBe('merkle');
    expect(categoryOf('main.feeCredit.credit.leafBefore.pEx.mixS[3].out')).toBe('merkle');
    expect(categoryOf('main.publicData.sha.sha256compression[2].a[5][7]')).toBe('publicDataHash');
    expect(categoryOf('main.slots[0].noop.inv')).toBe('other');
  });
});
