// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildBn128 } = require('ffjavascript');
import { FR_ORDER } from '@zkr/bn254';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { GeneratorMultiplier, POINT_SIZE, windowBitsFor } from './fixed-base';

const seed = testSeed();
const random = seededBigints(seed);

describe('GeneratorMultiplier', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let curve: any;
  let pool: GeneratorMultiplier;
  beforeAll(async () => {
    curve = await buildBn128(true);
    pool = await GeneratorMultiplier.start(2);
  });
  afterAll(async () => {
    await pool.terminate();
  });

  const scalars = [0n, 1n, 2n, 255n, 256n, FR_ORDER - 1n, (1n << 253n) + 12345n, random(253) + 1n, random(253) + 1n];

  it.each(['G1', 'G2'] as const)(`matches ffjavascript timesScalar in %s, including 0 and r-1 (ZKR_TEST_SEED=${seed})`, async (group) => {
    const G = curve[group];
    const points = await pool.multiplyAll(group, scalars);
    expect(points.byteLength).toBe(scalars.length * POINT_SIZE[group]);
    scalars.forEach((k, i) => {
      const expected = new Uint8Array(POINT_SIZE[group]);
      G.toRprLEM(expected, 0, G.toAffine(G.timesFr(G.g, curve.Fr.e(k))));
      expect(Buffer.from(points.subarray(i * POINT_SIZE[group], (i + 1) * POINT_SIZE[group])).toString('hex')).toBe(
        Buffer.from(expected).toString('hex'),
      );
    });
  });

  it.each([
    ['G1', 5],
    ['G2', 13],
    ['G1', 16],
  ] as const)('matches ffjavascript in %s with %i-bit windows (digits across byte boundaries)', async (group, bits) => {
    const G = curve[group];
    const wide = await GeneratorMultiplier.start(1, group === 'G1' ? { G1: bits, G2: 4 } : { G1: 4, G2: bits });
    try {
      const points = await wide.multiplyAll(group, scalars);
      scalars.forEach((k, i) => {
        const expected = new Uint8Array(POINT_SIZE[group]);
        G.toRprLEM(expected, 0, G.toAffine(G.timesFr(G.g, curve.Fr.e(k))));
        expect(Buffer.from(points.subarray(i * POINT_SIZE[group], (i + 1) * POINT_SIZE[group])).equals(Buffer.from(expected))).toBe(true);
      });
    } finally {
      await wide.terminate();
    }
  });

  it('keeps input order across many chunks', async () => {
    const many = Array.from({ length: 9000 }, (_, i) => BigInt(i % 7));
    const points = await pool.multiplyAll('G1', many);
    const G = curve.G1;
    for (const i of [0, 1, 4095, 4096, 8191, 8999]) {
      const expected = new Uint8Array(64);
      G.toRprLEM(expected, 0, G.toAffine(G.timesFr(G.g, curve.Fr.e(BigInt(i % 7)))));
      expect(Buffer.from(points.subarray(i * 64, i * 64 + 64)).equals(Buffer.from(expected))).toBe(true);
    }
  });
});

describe('GeneratorMultiplier arguments', () => {
  it('refuses a thread count below 1 with INVALID_ARGUMENT', async () => {
    await expect(GeneratorMultiplier.start(0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a window width outside 1..16 with INVALID_ARGUMENT', async () => {
    await expect(GeneratorMultiplier.start(1, { G1: 17, G2: 8 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'windowBits.G1' } });
    await expect(GeneratorMultiplier.start(1, { G1: 8, G2: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'windowBits.G2' } });
  });

  it('refuses a scalar that is not a field element with INVALID_ARGUMENT', async () => {
    const pool = await GeneratorMultiplier.start(1, { G1: 4, G2: 4 });
    try {
      await expect(pool.multiplyAll('G1', [1n, FR_ORDER])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { index: 1 } });
      await expect(pool.multiplyAll('G2', [-1n])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { index: 0 } });
    } finally {
      await pool.terminate();
    }
  });

  it('picks narrow windows for small batches and 16 bits for millions of points', () => {
    expect(windowBitsFor(10)).toBeLessThanOrEqual(4);
    expect(windowBitsFor(100_000)).toBeGreaterThanOrEqual(12);
    expect(windowBitsFor(4_000_000)).toBe(16);
  });

  it('fails pending work with WORKER_FAILED when terminated', async () => {
    const pool = await GeneratorMultiplier.start(1);
    const outcome = expect(pool.multiplyAll('G1', [1n, 2n])).rejects.toMatchObject({ code: 'WORKER_FAILED' });
    await pool.terminate();
    await outcome;
  });
});
