import { isZkrError } from '@zkr/errors';
import { parseProof, parsePublicSignals, toSolidityCalldata } from './proof';
import { FQ_ORDER as BN254_Q, FR_ORDER as BN254_R, snarkjs as loadSnarkjs, type Groth16Proof } from '@zkr/bn254';

const snarkjs = loadSnarkjs();

// A syntactically valid affine proof (coordinates need not be on the curve for these checks).
const proof: Groth16Proof = {
  pi_a: ['11', '12', '1'],
  pi_b: [['21', '22'], ['23', '24'], ['1', '0']],
  pi_c: ['31', '32', '1'],
  protocol: 'groth16',
  curve: 'bn128',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isZkrError(e) ? `${e.code}:${String(e.details.field)}` : String(e);
  }
  return undefined;
}

describe('toSolidityCalldata', () => {
  it('matches snarkjs exportSolidityCallData, with G2 coordinates swapped', async () => {
    const calldata = toSolidityCalldata(proof, ['99']);
    expect(calldata).toEqual({ a: [11n, 12n], b: [[22n, 21n], [24n, 23n]], c: [31n, 32n], input: [99n] });
    const reference = JSON.parse(`[${await snarkjs.groth16.exportSolidityCallData(proof, ['99'])}]`) as unknown[];
    const toBig = (v: unknown): unknown => (Array.isArray(v) ? v.map(toBig) : BigInt(v as string));
    expect(toBig(reference)).toEqual([calldata.a, calldata.b, calldata.c, calldata.input]);
  });

  it('rejects a projective proof', () => {
    expect(codeOf(() => toSolidityCalldata({ ...proof, pi_a: ['11', '12', '2'] }, ['1']))).toBe('PROOF_MALFORMED:proof');
  });
});

describe('parseProof / parsePublicSignals', () => {
  it('names the offending field', () => {
    expect(codeOf(() => parseProof({ ...proof, protocol: 'plonk' }))).toBe('PROOF_MALFORMED:proof.protocol');
    expect(codeOf(() => parseProof({ ...proof, pi_b: [['1', '2'], ['3'], ['1', '0']] }))).toBe('PROOF_MALFORMED:proof.pi_b[1]');
    expect(codeOf(() => parseProof({ ...proof, pi_c: ['1', BN254_Q.toString(), '1'] }))).toBe('PROOF_MALFORMED:proof.pi_c[1]');
    expect(codeOf(() => parseProof({ ...proof, pi_a: ['0x1', '2', '1'] }))).toBe('PROOF_MALFORMED:proof.pi_a[0]');
    expect(codeOf(() => parseProof(null))).toBe('PROOF_MALFORMED:proof');
    expect(parseProof(JSON.parse(JSON.stringify(proof)))).toEqual(proof);
  });

  it('bounds public signals by the scalar field', () => {
    expect(parsePublicSignals([(BN254_R - 1n).toString()], 1)).toEqual([(BN254_R - 1n).toString()]);
    expect(codeOf(() => parsePublicSignals([BN254_R.toString()], 1))).toBe('PROOF_MALFORMED:publicSignals[0]');
    expect(codeOf(() => parsePublicSignals(['1', '2'], 1))).toBe('PROOF_MALFORMED:publicSignals');
  });
});
