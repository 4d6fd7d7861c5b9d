import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { acquireCurve, FR_ORDER as R, type CurveLease } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { msmG1, nativeAvailable, nativeStatus, type NativeErrorCode } from '@zkr/native';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { add, decodePoint, encodePoints, encodeScalars, G, msmReference, negate, randomBases, times, type Point } from './g1-reference.fixture';

const run = promisify(execFile);
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

/** Random scalars below r, about one in eight zero and one in eight small. */
function randomScalars(n: number): bigint[] {
  return Array.from({ length: n }, () => {
    const kind = Number(random(3));
    if (kind === 0) return 0n;
    if (kind === 1) return random(20);
    return random(256) % R;
  });
}

const native = (points: readonly Point[], scalars: readonly bigint[], threads?: number): Point => decodePoint(msmG1(encodePoints(points), encodeScalars(scalars), threads));

describe(`native G1 MSM (seed ${seed})`, () => {
  it('is built and loads on this machine', () => {
    expect(nativeStatus()).toEqual({ available: true });
  });

  it.each([1, 2, 7, 100])('equals the bigint reference scalar by scalar for n = %i', (n) => {
    const { points } = randomBases(n, random);
    const scalars = randomScalars(n);
    expect(native(points, scalars)).toEqual(msmReference(points, scalars));
  });

  it.each([1000, 4096])('equals (sum s_i k_i) G for n = %i bases k_i G, on 1, 2 and 3 threads', (n) => {
    const { points, logs } = randomBases(n, random);
    const scalars = randomScalars(n);
    const expected = times(scalars.reduce((acc, s, i) => (acc + s * logs[i]!) % R, 0n), G);
    for (const threads of [1, 2, 3]) expect(native(points, scalars, threads)).toEqual(expected);
  });

  it('fills crowded buckets (scalars from a few values) like the bigint reference, on 1 and 2 threads', () => {
    const { points, logs } = randomBases(3000, random);
    const values = [0n, 1n, 2n, 3n, R - 1n, R - 2n, 1n << 200n];
    const scalars = points.map(() => values[Number(random(8)) % values.length]!);
    const expected = times(scalars.reduce((acc, s, i) => (acc + s * logs[i]!) % R, 0n), G);
    for (const threads of [1, 2]) expect(native(points, scalars, threads)).toEqual(expected);
  });

  it('sums witness-like scalars (zeros, ones, 64-bit, full width, the 2^64 boundary) like (sum s_i k_i) G, on 1 and 2 threads', () => {
    const { points, logs } = randomBases(5000, random);
    const scalars = points.map(() => {
      const k = Number(random(7)) % 100;
      if (k < 40) return 0n;
      if (k < 72) return 1n;
      if (k < 74) return [(1n << 64n) - 1n, 1n << 64n][k - 72]!;
      return k < 94 ? random(64) : random(256) % R;
    });
    const expected = times(scalars.reduce((acc, s, i) => (acc + s * logs[i]!) % R, 0n), G);
    for (const threads of [1, 2]) expect(native(points, scalars, threads)).toEqual(expected);
  });

  it('handles zero scalars, all-zero scalars, no points and points at infinity', () => {
    const { points } = randomBases(9, random);
    const scalars = randomScalars(9).map((s, i) => (i % 3 === 0 ? 0n : s || 5n));
    expect(native(points, scalars)).toEqual(msmReference(points, scalars));
    expect(native(points, scalars.map(() => 0n))).toBeNull();
    expect(native([], [])).toBeNull();
    const withInfinity = points.map((p, i) => (i % 2 === 0 ? null : p));
    expect(native(withInfinity, scalars)).toEqual(msmReference(withInfinity, scalars));
    expect(native([null, null], [1n, R - 1n])).toBeNull();
  });

  it('handles repeated bases, opposite bases and sums that cancel', () => {
    const [p] = randomBases(1, random).points;
    const s = random(256) % R;
    // Equal digits land in one bucket: the addition there doubles (and cancels for P + (-P)).
    expect(native([p!, p!, p!, negate(p!)], [s, s, s, s])).toEqual(times((2n * s) % R, p!));
    expect(native(Array(300).fill(p!), Array(300).fill(1n))).toEqual(times(300n, p!));
    expect(native([p!, negate(p!)], [s, s])).toBeNull();
    expect(native([p!, p!], [s, R - s])).toBeNull();
  });

  it('takes the scalars at the edges of [0, r)', () => {
    const { points } = randomBases(3, random);
    expect(native([points[0]!], [R - 1n])).toEqual(negate(points[0]!));
    expect(native([points[0]!], [1n])).toEqual(points[0]);
    const edges = [R - 1n, (1n << 253n) - 1n, 1n << 253n];
    expect(native(points, edges)).toEqual(msmReference(points, edges));
    expect(native([G], [2n])).toEqual(add(G, G));
  });

  it('rejects scalars >= r with SCALAR_OUT_OF_RANGE naming the first', () => {
    const { points } = randomBases(4, random);
    expectCode(() => native(points, [1n, 2n, R, 3n]), 'SCALAR_OUT_OF_RANGE', { index: 2 });
    expectCode(() => native(points, [1n, (1n << 256n) - 1n, R + 1n, 3n]), 'SCALAR_OUT_OF_RANGE', { index: 1 });
  });

  it('rejects bases that are not curve points in Montgomery form with POINT_INVALID', () => {
    const { points } = randomBases(2, random);
    const bytes = encodePoints(points);
    bytes[64 + 5]! ^= 1;
    expectCode(() => msmG1(bytes, encodeScalars([1n, 1n])), 'POINT_INVALID', { index: 1 });
    const standardForm = new Uint8Array(64);
    standardForm[0] = 1;
    standardForm[32] = 2; // the generator (1, 2) without the Montgomery factor
    expectCode(() => msmG1(standardForm, encodeScalars([1n])), 'POINT_INVALID', { index: 0 });
    expectCode(() => msmG1(new Uint8Array(64).fill(0xff), encodeScalars([1n])), 'POINT_INVALID', { index: 0 });
  });

  it('validates argument types, lengths and the thread count with INVALID_ARGUMENT', () => {
    const bases = encodePoints([G, G]);
    const scalars = encodeScalars([1n, 2n]);
    expectCode(() => msmG1(bases.subarray(1), scalars), 'INVALID_ARGUMENT', { field: 'bases' });
    expectCode(() => msmG1(bases, scalars.subarray(32)), 'INVALID_ARGUMENT', { field: 'scalars' });
    expectCode(() => msmG1([1, 2] as unknown as Uint8Array, scalars), 'INVALID_ARGUMENT', { field: 'bases' });
    expectCode(() => msmG1(bases, new Uint16Array(32) as unknown as Uint8Array), 'INVALID_ARGUMENT', { field: 'scalars' });
    for (const threads of [0, 1.5, 257, Number.NaN]) expectCode(() => msmG1(bases, scalars, threads), 'INVALID_ARGUMENT', { field: 'threads' });
  });
});

describe(`native G1 MSM against the wasm engine (seed ${seed})`, () => {
  let lease: CurveLease;

  beforeAll(async () => {
    lease = await acquireCurve();
  });

  afterAll(async () => {
    await lease?.release();
  });

  it("equals ffjavascript's G1.multiExpAffine on 2^12 random bases and scalars", async () => {
    const n = 1 << 12;
    const { points } = randomBases(n, random);
    const bases = encodePoints(points);
    const scalars = encodeScalars(Array.from({ length: n }, () => random(256) % R));
    const { G1 } = lease.curve;
    const wasm = G1.toAffine(await G1.multiExpAffine(bases, scalars));
    expect(Buffer.from(msmG1(bases, scalars, 2)).equals(Buffer.from(wasm))).toBe(true);
  });

  it("encodes the point at infinity as ffjavascript's affine zero", () => {
    const { G1 } = lease.curve;
    expect(Buffer.from(msmG1(encodePoints([G]), encodeScalars([0n]))).equals(Buffer.from(G1.toAffine(G1.zero)))).toBe(true);
  });
});

describe('install step', () => {
  it('prints one line and succeeds when the build is disabled (ZKR_NATIVE=0)', async () => {
    const { stdout } = await run(process.execPath, [join(__dirname, '..', 'scripts', 'build.js')], { env: { ...process.env, ZKR_NATIVE: '0' } });
    expect(stdout).toBe('@zkr/native: native engine not built (ZKR_NATIVE=0); zkr will use the wasm engine\n');
  });
});

describe('fallback', () => {
  const saved = process.env.ZKR_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.ZKR_NATIVE;
    else process.env.ZKR_NATIVE = saved;
  });

  it('is disabled by ZKR_NATIVE=0: nativeAvailable() is false with a reason, msmG1 fails with NATIVE_UNAVAILABLE', () => {
    process.env.ZKR_NATIVE = '0';
    expect(nativeAvailable()).toBe(false);
    expect(nativeStatus()).toEqual({ available: false, reason: expect.stringContaining('ZKR_NATIVE=0') });
    expectCode(() => msmG1(encodePoints([G]), encodeScalars([1n])), 'NATIVE_UNAVAILABLE', { reason: expect.stringContaining('ZKR_NATIVE=0') });
    delete process.env.ZKR_NATIVE;
    expect(nativeAvailable()).toBe(true);
  });
});
