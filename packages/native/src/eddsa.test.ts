import { isZkrError } from '@zkr/errors';
import { verifyEddsaBatch, type EddsaRecord, type NativeErrorCode } from '@zkr/native';
import { createCryptoSuite, FIELD_ORDER as P, SUBGROUP_ORDER as L, type CryptoSuite, type PublicKey, type Signature } from '@zkr/state';
import { seededBigints, testSeed } from '@zkr/test-helpers';

const seed = testSeed();
const random = seededBigints(seed);

/** circomlibjs's babyJub.Base8. */
const B8: PublicKey = [
  5299619240641551281634865583518297030282874472190772894086521144482721001553n,
  16950150798460657717958625567821834550301663161624707787222815936182638968203n,
];

/** One verification as `suite.eddsa.verify` takes it, with a name for failure messages. */
interface Case {
  readonly name: string;
  readonly message: bigint;
  readonly signature: Signature;
  readonly publicKey: PublicKey;
}

let suite: CryptoSuite;

beforeAll(async () => {
  suite = await createCryptoSuite({ poseidon: 'lite' });
});

const privateKey = (): Uint8Array => Uint8Array.from({ length: 32 }, () => Number(random(8)));

/** The record of a case; h is its Poseidon hash when every input is a field element (else any value: it cannot verify). */
function recordOf({ message, signature, publicKey }: Case): EddsaRecord {
  const inputs = [signature.R8x, signature.R8y, publicKey[0], publicKey[1], message];
  const h = inputs.every((v) => v >= 0n && v < P) ? suite.poseidon.hash(inputs) : 0n;
  return { R8x: signature.R8x, R8y: signature.R8y, S: signature.S, Ax: publicKey[0], Ay: publicKey[1], h };
}

/** A valid signature and every way of breaking it we check. */
function casesFor(index: number): Case[] {
  const key = privateKey();
  const publicKey = suite.eddsa.publicKey(key);
  const message = random(253) % P;
  const signature = suite.eddsa.sign(key, message);
  const { R8x, R8y, S } = signature;
  const [Ax, Ay] = publicKey;
  const at = (name: string, changes: Partial<Omit<Case, 'name'>>): Case => ({ name: `${name} #${index}`, message, signature, publicKey, ...changes });
  return [
    at('valid', {}),
    at('other message', { message: (message + 1n) % P }),
    at('R8x + 1', { signature: { R8x: (R8x + 1n) % P, R8y, S } }),
    at('R8y + 1', { signature: { R8x, R8y: (R8y + 1n) % P, S } }),
    at('S + 1', { signature: { R8x, R8y, S: (S + 1n) % L } }),
    at('S + l (same point, out of range)', { signature: { R8x, R8y, S: S + L } }),
    at('R8 + (0, -1) (torsion)', { signature: { R8x: P - R8x, R8y: P - R8y, S } }),
    at('A + (0, -1) (torsion)', { publicKey: [P - Ax, P - Ay] }),
    at('Ax + 1 (off the curve)', { publicKey: [(Ax + 1n) % P, Ay] }),
    at('other key', { publicKey: suite.eddsa.publicKey(privateKey()) }),
    at('R8x + p (not canonical)', { signature: { R8x: R8x + P, R8y, S } }),
    at('Ay + p (not canonical)', { publicKey: [Ax, Ay + P] }),
  ];
}

/** Keys and points the curve checks must refuse; the first satisfies the equation (S·B8 = R8 + 8h·identity). */
const SPECIAL: Case[] = [
  { name: 'identity key, R8 = S·B8', message: 5n, signature: { R8x: B8[0], R8y: B8[1], S: 1n }, publicKey: [0n, 1n] },
  { name: 'order-2 key (0, -1)', message: 5n, signature: { R8x: B8[0], R8y: B8[1], S: 1n }, publicKey: [0n, P - 1n] },
  { name: 'all zeros', message: 0n, signature: { R8x: 0n, R8y: 0n, S: 0n }, publicKey: [0n, 0n] },
  { name: 'identity R8, S = 0, base key', message: 0n, signature: { R8x: 0n, R8y: 1n, S: 0n }, publicKey: B8 },
  { name: 'S = l - 1', message: 7n, signature: { R8x: B8[0], R8y: B8[1], S: L - 1n }, publicKey: B8 },
  { name: 'S = l', message: 7n, signature: { R8x: B8[0], R8y: B8[1], S: L }, publicKey: B8 },
  { name: 'coordinates p - 1', message: P - 1n, signature: { R8x: P - 1n, R8y: P - 1n, S: L - 1n }, publicKey: [P - 1n, P - 1n] },
];

const codeOf = (fn: () => unknown): NativeErrorCode | undefined => {
  try {
    fn();
  } catch (error) {
    return isZkrError(error) ? (error.code as NativeErrorCode) : undefined;
  }
  return undefined;
};

describe(`native EdDSA-Poseidon batch verification (seed ${seed})`, () => {
  it('gives suite.eddsa.verify\'s verdict on valid, tampered and malformed signatures', () => {
    const cases = [...Array.from({ length: 8 }, (_, i) => casesFor(i)).flat(), ...SPECIAL];
    const verdicts = verifyEddsaBatch(cases.map(recordOf));
    const expected = cases.map((c) => suite.eddsa.verify(c.message, c.signature, c.publicKey));
    expect(cases.map((c, i) => `${c.name}: ${verdicts[i]}`)).toEqual(cases.map((c, i) => `${c.name}: ${expected[i]}`));
    // Only the untouched signatures verify, so the comparison above can fail both ways.
    expect(cases.filter((_, i) => verdicts[i]).map((c) => c.name)).toEqual(Array.from({ length: 8 }, (_, i) => `valid #${i}`));
  });

  it('refuses h not below p, though h + p is h in the field', () => {
    const [valid] = casesFor(100);
    const record = recordOf(valid);
    expect(verifyEddsaBatch([record, { ...record, h: record.h + P }])).toEqual([true, false]);
  });

  it('answers false, without the addon, for values that do not fit 256 bits', () => {
    const record = recordOf(casesFor(200)[0]);
    expect(verifyEddsaBatch([{ ...record, S: -1n }, { ...record, Ax: 1n << 256n }, record])).toEqual([false, false, true]);
  });

  it('verifies an empty batch', () => {
    expect(verifyEddsaBatch([])).toEqual([]);
  });

  it('refuses records that are not arrays of objects of bigints with INVALID_ARGUMENT', () => {
    const record = recordOf(casesFor(300)[0]);
    expect(codeOf(() => verifyEddsaBatch('records' as unknown as EddsaRecord[]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => verifyEddsaBatch([null as unknown as EddsaRecord]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => verifyEddsaBatch([{ ...record, h: 5 as unknown as bigint }]))).toBe('INVALID_ARGUMENT');
  });
});

describe('EdDSA verification without the addon', () => {
  const saved = process.env.ZKR_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.ZKR_NATIVE;
    else process.env.ZKR_NATIVE = saved;
  });

  it('fails with NATIVE_UNAVAILABLE under ZKR_NATIVE=0', () => {
    process.env.ZKR_NATIVE = '0';
    expect(codeOf(() => verifyEddsaBatch([]))).toBe('NATIVE_UNAVAILABLE');
  });
});
