import { Bn128Wasm, FR_ORDER as R, frRootOfUnity } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { groth16H, ResidentCoefficients } from '@zkr/native';
import { seededBigints, testSeed } from '@zkr/test-helpers';

const seed = testSeed();
const random = seededBigints(seed);
const MONTGOMERY = (1n << 256n) % R;

const pow = (b: bigint, e: bigint): bigint => {
  let [result, base] = [1n, b % R];
  for (let x = e; x > 0n; x >>= 1n, base = (base * base) % R) if (x & 1n) result = (result * base) % R;
  return result;
};

function encode(values: readonly bigint[], montgomery: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 32);
  values.forEach((v, i) => {
    const m = montgomery ? (v * MONTGOMERY) % R : v;
    for (let k = 0; k < 32; k++) out[32 * i + k] = Number((m >> BigInt(8 * k)) & 0xffn);
  });
  return out;
}

function decode(bytes: Uint8Array): bigint[] {
  return Array.from({ length: bytes.byteLength / 32 }, (_, i) => {
    let v = 0n;
    for (let k = 31; k >= 0; k--) v = (v << 8n) | BigInt(bytes[32 * i + k]!);
    return v;
  });
}

const domain = (power: number) => ({ power, root: frRootOfUnity(power), shift: frRootOfUnity(power + 1) });

/** The H scalars by definition: interpolate A, B, C on <w> (O(n^2)), evaluate A*B - C at shift * w^k. */
function reference(a: bigint[], b: bigint[], c: bigint[], power: number): bigint[] {
  const n = a.length;
  const w = frRootOfUnity(power);
  const wInverse = pow(w, R - 2n);
  const nInverse = pow(BigInt(n), R - 2n);
  const coefficients = (evals: bigint[]) => evals.map((_, j) => (evals.reduce((acc, e, k) => acc + e * pow(wInverse, BigInt(j * k)), 0n) * nInverse) % R);
  const [ca, cb, cc] = [coefficients(a), coefficients(b), coefficients(c)];
  const at = (coeffs: bigint[], x: bigint) => coeffs.reduceRight((acc, k) => (acc * x + k) % R, 0n);
  const shift = frRootOfUnity(power + 1);
  return Array.from({ length: n }, (_, k) => {
    const x = (shift * pow(w, BigInt(k))) % R;
    return (((at(ca, x) * at(cb, x) - at(cc, x)) % R) + R) % R;
  });
}

/** The H scalars as the zkr engine computes them in wasm (ffjavascript's FFTs). */
function wasmH(a: Uint8Array, b: Uint8Array, c: Uint8Array, power: number): Uint8Array {
  const wasm = new Bn128Wasm();
  const ex = wasm.exports;
  const n = 2 ** power;
  const [pA, pB, pC] = [wasm.put(a), wasm.put(b), wasm.put(c)];
  const [pOne, pInc] = [wasm.alloc(32), wasm.alloc(32)];
  wasm.writeBigint(pOne, 1n);
  ex.frm_toMontgomery(pOne, pOne);
  wasm.writeBigint(pInc, frRootOfUnity(power + 1));
  ex.frm_toMontgomery(pInc, pInc);
  for (const p of [pA, pB, pC]) {
    ex.frm_ifft(p, n);
    ex.frm_batchApplyKey(p, n, pOne, pInc, p);
    ex.frm_fft(p, n);
  }
  ex.qap_joinABC(pA, pB, pC, n, pA);
  ex.frm_batchFromMontgomery(pA, n, pA);
  return wasm.view(pA, n * 32).slice();
}

const randomVector = (n: number) => Array.from({ length: n }, () => (random(3) === 0n ? 0n : random(256) % R));

describe(`native H polynomial (seed ${seed})`, () => {
  it.each([1, 3, 5])('equals the definition (interpolate, evaluate on the coset) for n = 2^%i', async (power) => {
    const [a, b, c] = [randomVector(2 ** power), randomVector(2 ** power), randomVector(2 ** power)];
    const h = await groth16H(encode(a, true), encode(b, true), encode(c, true), domain(power), 2);
    expect(decode(h)).toEqual(reference(a, b, c, power));
  });

  it.each([[10, 1], [12, 2], [14, 3]])('equals the wasm FFT path for n = 2^%i on %i threads', async (power, threads) => {
    const [a, b, c] = [0, 1, 2].map(() => encode(randomVector(2 ** power), true)) as [Uint8Array, Uint8Array, Uint8Array];
    const h = await groth16H(a, b, c, domain(power), threads);
    expect(Buffer.from(h).equals(Buffer.from(wasmH(a, b, c, power)))).toBe(true);
  });

  it('rejects wrong sizes and powers with INVALID_ARGUMENT', async () => {
    const v = encode([1n, 2n], true);
    for (const [args, field] of [
      [[v.subarray(32), v, v, domain(1)], 'a'],
      [[v, v, v, { ...domain(1), power: 28 }], 'power'],
      [[v, v, v, { ...domain(1), root: -1n }], 'root'],
    ] as const) {
      const error = await groth16H(...(args as unknown as Parameters<typeof groth16H>)).then(() => undefined, (e: unknown) => e);
      expect(isZkrError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe(field);
    }
  });
});

/** A coefficients section (zkey section 4) of `count` random entries over 2^power constraints and nVars signals. */
function randomSection(count: number, power: number, nVars: number): Uint8Array {
  const out = new Uint8Array(4 + 44 * count);
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  for (let i = 0; i < count; i++) {
    const at = 4 + 44 * i;
    view.setUint32(at, Number(random(1)), true);
    view.setUint32(at + 4, Number(random(32) % BigInt(2 ** power)), true);
    view.setUint32(at + 8, Number(random(32) % BigInt(nVars)), true);
    out.set(encode([random(256) % R], false), at + 12);
  }
  return out;
}

/** The H scalars as the zkr engine's wasm path computes them: qap_buildABC, then the FFTs. */
function wasmWitnessH(section: Uint8Array, witness: Uint8Array, power: number, nVars: number): Uint8Array {
  const wasm = new Bn128Wasm();
  const ex = wasm.exports;
  const n = 2 ** power;
  const count = new DataView(section.buffer, section.byteOffset).getUint32(0, true);
  const [pCoefs, pW] = [wasm.put(section.subarray(4)), wasm.put(witness)];
  const [pA, pB, pC] = [wasm.alloc(n * 32), wasm.alloc(n * 32), wasm.alloc(n * 32)];
  ex.qap_buildABC(pCoefs, count, pW, pA, pB, pC, 0, n, 0, nVars);
  return wasmH(wasm.view(pA, n * 32).slice(), wasm.view(pB, n * 32).slice(), wasm.view(pC, n * 32).slice(), power);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (e: unknown) => e);
}

describe(`native H from a witness on resident coefficients (seed ${seed})`, () => {
  it.each([[1, 4, 3, 1], [10, 300, 5000, 1], [12, 1000, 20000, 3]])('equals qap_buildABC and the wasm FFTs for n = 2^%i, %i signals, %i entries on %i threads', async (power, nVars, count, threads) => {
    const section = randomSection(count, power, nVars);
    const witness = encode(Array.from({ length: nVars }, () => random(256) % R), false);
    const coefficients = ResidentCoefficients.load(section, nVars, domain(power));
    try {
      expect([coefficients.nVars, coefficients.domain.power]).toEqual([nVars, power]);
      const h = await coefficients.h(witness, threads);
      expect(Buffer.from(h).equals(Buffer.from(wasmWitnessH(section, witness, power, nVars)))).toBe(true);
    } finally {
      coefficients.release();
    }
  });

  it('names the first out-of-range entry with COEFFICIENT_INVALID', () => {
    const cases = [
      [0, 2, 'matrix is not 0 or 1'],
      [4, 4, 'constraint is not below 2^power'],
      [8, 3, 'signal is not below nVars'],
    ] as const;
    for (const [offset, value, what] of cases) {
      const section = randomSection(3, 2, 3);
      new DataView(section.buffer).setUint32(4 + 44 + offset, value, true);
      const error = (() => {
        try {
          ResidentCoefficients.load(section, 3, domain(2));
        } catch (e) {
          return e;
        }
      })();
      expect(isZkrError(error, 'COEFFICIENT_INVALID')).toBe(true);
      expect([(error as Error).message, (error as { details: { index: number } }).details.index]).toEqual([
        `coefficient entry 1 of the proving key is invalid (${what}); the zkey is corrupted: regenerate it or fetch it again`,
        1,
      ]);
    }
    const section = randomSection(3, 2, 3);
    section.set(encode([R], false), 4 + 2 * 44 + 12);
    expect(() => ResidentCoefficients.load(section, 3, domain(2))).toThrow('coefficient entry 2 of the proving key is invalid (coefficient is not below r)');
    expect(() => ResidentCoefficients.load(section.subarray(0, 40), 3, domain(2))).toThrow('section must be a u32 count and count * 44 bytes');
  });

  it('rejects a witness value not below r with SCALAR_OUT_OF_RANGE, a wrong size with INVALID_ARGUMENT, and use after release with COEFFICIENTS_RELEASED', async () => {
    const coefficients = ResidentCoefficients.load(randomSection(5, 2, 3), 3, domain(2));
    const bad = await failure(coefficients.h(encode([1n, R, 2n], false)));
    expect([isZkrError(bad, 'SCALAR_OUT_OF_RANGE'), (bad as { details: { index: number } }).details.index]).toEqual([true, 1]);
    const short = await failure(coefficients.h(encode([1n, 2n], false)));
    expect([isZkrError(short, 'INVALID_ARGUMENT'), (short as Error).message]).toEqual([true, 'witness must be a Uint8Array of 3 * 32 bytes']);
    coefficients.release();
    coefficients.release();
    expect(isZkrError(await failure(coefficients.h(encode([1n, 2n, 3n], false))), 'COEFFICIENTS_RELEASED')).toBe(true);
  });
});
