import { pairedSpeedup, summarize } from './stats';

describe('summarize', () => {
  it('takes the median of odd and even sample counts', () => {
    expect(summarize([3, 1, 2]).median).toBe(2);
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });
  it('keeps min, max and the samples in order', () => {
    const s = summarize([5, 9, 1]);
    expect([s.min, s.max, s.n]).toEqual([1, 9, 3]);
    expect(s.samples).toEqual([5, 9, 1]);
  });
  it('refuses an empty sample list', () => {
    expect(() => summarize([])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: 'samples', value: 0 } }));
  });
});

describe('pairedSpeedup', () => {
  it('is the median of per-pair ratios', () => {
    expect(pairedSpeedup([10, 20, 30], [5, 10, 30]).median).toBe(2);
  });
  it('refuses unpaired samples', () => {
    expect(() => pairedSpeedup([1, 2], [1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
