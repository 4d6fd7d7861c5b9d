import { acquireCurve, FR_ORDER as R, type CurveLease } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { msmG1, msmG2, ResidentBases, type NativeErrorCode } from '@zkr/native';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { encodePoints as encodeG1, encodeScalars, G, randomBases as randomG1 } from './g1-reference.fixture';
import { decodePoint, encodePoints, G2, msmReference, negate, onCurve, randomBases, times, type Point2 } from './g2-reference.fixture';

const seed = testSeed();
const random = seededBigints(seed);

function expectCode(fn: () => unknown, code: NativeErrorCode, details?: Record<string, unknown>): void {
  try {
    fn();
  } catch (error) {
    expect(isZkrError(error, code)).toBe(true);
    if (details) expect((error as { details: unknown }).details).toMatchObject(details);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

async function expectRejection(promise: Promise<unknown>, code: NativeErrorCode, details?: Record<string, unknown>): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isZkrError(error, code)).toBe(true);
  if (details) expect((error as { details: unknown }).details).toMatchObject(details);
}

/** Random scalars below r, about one in eight zero and one in eight small. */
function randomScalars(n: number): bigint[] {
  return Array.from({ length: n }, () => {
    const kind = Number(random(3));
    if (kind === 0) return 0n;
    if (kind === 1) return random(20);
    return random(256) % R;
  });
}

const native = (points: readonly Point2[], scalars: readonly bigint[], threads?: number): Point2 => decodePoint(msmG2(encodePoints(points), encodeScalars(scalars), threads));

describe(`native G2 MSM (seed ${seed})`, () => {
  it('models the twist: the generator is on it and has order r', () => {
    expect(onCurve(G2)).toBe(true);
    expect(times(R, G2)).toBeNull();
  });

  it.each([1, 3, 40])('equals the bigint reference scalar by scalar for n = %i', (n) => {
    const { points } = randomBases(n, random);
    const scalars = randomScalars(n);
    expect(native(points, scalars)).toEqual(msmReference(points, scalars));
  });

  it('equals (sum s_i k_i) G2 for 600 bases k_i G2 with crowded buckets, on 1, 2 and 3 threads', () => {
    const { points, logs } = randomBases(600, random);
    const values = [0n, 1n, 2n, R - 1n, 1n << 200n];
    const scalars = points.map((_, i) => (i % 2 === 0 ? values[Number(random(8)) % values.length]! : random(256) % R));
    const expected = times(scalars.reduce((acc, s, i) => (acc + s * logs[i]!) % R, 0n), G2);
    for (const threads of [1, 2, 3]) expect(native(points, scalars, threads)).toEqual(expected);
  });

  it('handles zero scalars, no points, points at infinity, repeated and opposite bases', () => {
    const { points } = randomBases(6, random);
    const p = points[0]!;
    const s = random(256) % R;
    expect(native(points, points.map(() => 0n))).toBeNull();
    expect(native([], [])).toBeNull();
    const withInfinity = points.map((q, i) => (i % 2 === 0 ? null : q));
    const scalars = randomScalars(6).map((k) => k || 7n);
    expect(native(withInfinity, scalars)).toEqual(msmReference(withInfinity, scalars));
    expect(native([p, p, p, negate(p)], [s, s, s, s])).toEqual(times((2n * s) % R, p));
    expect(native(Array(200).fill(p), Array(200).fill(1n))).toEqual(times(200n, p));
    expect(native([p, p], [s, R - s])).toBeNull();
    expect(native([p], [R - 1n])).toEqual(negate(p));
  });

  it('rejects scalars >= r with SCALAR_OUT_OF_RANGE and bases off the twist with POINT_INVALID', () => {
    const { points } = randomBases(3, random);
    expectCode(() => native(points, [1n, R, 2n]), 'SCALAR_OUT_OF_RANGE', { index: 1 });
    const bytes = encodePoints(points);
    bytes[2 * 128 + 70]! ^= 1; // y.c0 of the third point
    expectCode(() => msmG2(bytes, encodeScalars([1n, 1n, 1n])), 'POINT_INVALID', { index: 2 });
    expectCode(() => msmG2(encodeG1([G, G]), encodeScalars([1n])), 'POINT_INVALID', { index: 0 }); // two G1 points read as one G2 point
    expectCode(() => msmG2(new Uint8Array(100), encodeScalars([1n])), 'INVALID_ARGUMENT', { field: 'bases' });
  });
});

describe(`native G2 MSM against the wasm engine (seed ${seed})`, () => {
  let lease: CurveLease;
  beforeAll(async () => {
    lease = await acquireCurve();
  });
  afterAll(async () => {
    await lease?.release();
  });

  it("equals ffjavascript's G2.multiExpAffine on 2^11 random bases and scalars, and its affine zero", async () => {
    const n = 1 << 11;
    const { G2: wasmG2 } = lease.curve;
    // Random bases from the wasm engine itself (k_i * generator), affine Montgomery LEM.
    const bases = new Uint8Array(n * 128);
    let point = wasmG2.g;
    const step = wasmG2.timesFr(wasmG2.g, encodeScalars([random(250)]));
    for (let i = 0; i < n; i++) {
      point = wasmG2.add(point, i % 3 === 0 ? step : point);
      bases.set(wasmG2.toAffine(point), i * 128);
    }
    const scalars = encodeScalars(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? random(64) : random(256) % R)));
    const wasm = wasmG2.toAffine(await wasmG2.multiExpAffine(bases, scalars));
    expect(Buffer.from(msmG2(bases, scalars, 2)).equals(Buffer.from(wasm))).toBe(true);
    expect(Buffer.from(msmG2(encodePoints([G2]), encodeScalars([0n]))).equals(Buffer.from(wasmG2.toAffine(wasmG2.zero)))).toBe(true);
  });
});

describe(`resident bases (seed ${seed})`, () => {
  it('give the one-shot results for G1 and G2, many times over, with concurrent MSMs', async () => {
    const g1 = encodeG1(randomG1(300, random).points);
    const g2 = encodePoints(randomBases(50, random).points);
    const b1 = ResidentBases.load(1, g1, 2);
    const b2 = ResidentBases.load(2, g2, 2);
    try {
      expect([b1.group, b1.count, b2.group, b2.count]).toEqual([1, 300, 2, 50]);
      for (let round = 0; round < 3; round++) {
        const s1 = encodeScalars(randomScalars(300));
        const s2 = encodeScalars(randomScalars(50));
        const [r1, r2] = await Promise.all([b1.msm(s1, 2), b2.msm(s2, 1)]);
        expect(Buffer.from(r1).equals(Buffer.from(msmG1(g1, s1)))).toBe(true);
        expect(Buffer.from(r2).equals(Buffer.from(msmG2(g2, s2)))).toBe(true);
      }
    } finally {
      b1.release();
      b2.release();
    }
  });

  it('check the bases once at load, reject bad scalars, and fail with BASES_RELEASED after release', async () => {
    const bytes = encodeG1(randomG1(4, random).points);
    bytes[3 * 64 + 1]! ^= 1;
    expectCode(() => ResidentBases.load(1, bytes), 'POINT_INVALID', { index: 3 });
    expectCode(() => ResidentBases.load(3 as 1, bytes), 'INVALID_ARGUMENT', { field: 'group' });
    const bases = ResidentBases.load(2, encodePoints(randomBases(3, random).points));
    await expectRejection(bases.msm(encodeScalars([1n, 2n, R + 5n])), 'SCALAR_OUT_OF_RANGE', { index: 2 });
    await expectRejection(bases.msm(encodeScalars([1n])), 'INVALID_ARGUMENT', { field: 'scalars' });
    // Released while an MSM runs: that MSM still completes, later ones fail.
    const running = bases.msm(encodeScalars([1n, 2n, 3n]));
    bases.release();
    bases.release();
    expect((await running).byteLength).toBe(128);
    await expectRejection(bases.msm(encodeScalars([1n, 2n, 3n])), 'BASES_RELEASED');
  });
});
