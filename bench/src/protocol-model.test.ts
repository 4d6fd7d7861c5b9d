/** The constraint model: exact on affine data, refused when the fit points cannot separate N from the blocks. */
import { COMPONENTS, type ComponentCounts } from './constraint-split';
import { dataBlocks, fitModel, predict, sha256BlockCount, v2DataBytes } from './protocol-model';

function counts(f: (i: number) => number): ComponentCounts {
  const values = Object.fromEntries(COMPONENTS.map((c, i) => [c, f(i)])) as Record<(typeof COMPONENTS)[number], number>;
  return { ...values, total: COMPONENTS.reduce((sum, c) => sum + values[c], 0) };
}

test('block counts follow the hashed bytes of each version (docs/protocol.md §7)', () => {
  expect(sha256BlockCount(55)).toBe(1);
  expect(sha256BlockCount(56)).toBe(2);
  expect(dataBlocks(1, 8, 2)).toBe(3); // 148 bytes
  expect(v2DataBytes(32, 1)).toBe(54);
  expect(v2DataBytes(24, 32)).toBe(39 + 12 * 32);
  expect(v2DataBytes(8, 2)).toBe(53); // one block (docs/protocol.md §7)
  expect(dataBlocks(2, 8, 2)).toBe(1);
  expect(dataBlocks(2, 24, 32)).toBe(7);
  expect(dataBlocks(2, 8, 4)).toBe(2);
});

test('three points of an affine-in-(N, blocks) count give the exact model; it predicts other sizes', () => {
  const truth = (batchSize: number, blocks: number) => counts((i) => 1000 * i + 7 + (300 + i) * batchSize + (29_000 + 5 * i) * blocks);
  const point = (batchSize: number) => ({ batchSize, blocks: dataBlocks(2, 24, batchSize), counts: truth(batchSize, dataBlocks(2, 24, batchSize)) });
  const model = fitModel([point(1), point(2), point(4)]);
  expect(model.fittedOn).toEqual([1, 2, 4]);
  for (const n of [8, 16, 64]) expect(predict(model, n, dataBlocks(2, 24, n))).toEqual(truth(n, dataBlocks(2, 24, n)));
});

test('fit points whose blocks are affine in N (or not three) are INVALID_ARGUMENT', () => {
  const c = counts(() => 1);
  expect(() => fitModel([{ batchSize: 1, blocks: 1, counts: c }, { batchSize: 2, blocks: 2, counts: c }, { batchSize: 3, blocks: 3, counts: c }])).toThrow(
    expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: 'fitSizes', value: [1, 2, 3] } }),
  );
  expect(() => fitModel([{ batchSize: 1, blocks: 1, counts: c }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
});
