import { parseVerificationKey, verifierDeployArgs } from './verification-key';

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const g1 = (x: number, y: number) => [String(x), String(y), '1'];
const g2 = (a: number) => [[String(a), String(a + 1)], [String(a + 2), String(a + 3)], ['1', '0']];
const vkey = () => ({
  protocol: 'groth16', curve: 'bn128', nPublic: 4,
  vk_alpha_1: g1(1, 2), vk_beta_2: g2(10), vk_gamma_2: g2(20), vk_delta_2: g2(30), IC: [g1(3, 4), g1(5, 6), g1(7, 8), g1(9, 10), g1(11, 12)],
});

test('reads a snarkjs key and orders G2 coordinates as EIP-197 expects (imaginary first)', () => {
  const vk = parseVerificationKey(vkey(), 'vkey.json');
  expect(vk.beta).toEqual([[10n, 11n], [12n, 13n]]);
  expect(verifierDeployArgs(vk)).toEqual([[1n, 2n], [[11n, 10n], [13n, 12n]], [[21n, 20n], [23n, 22n]], [[31n, 30n], [33n, 32n]], [[3n, 4n], [5n, 6n], [7n, 8n], [9n, 10n], [11n, 12n]]]);
});

test.each([
  ['nPublic', { nPublic: 1 }],
  ['nPublic', { nPublic: 2 }],
  ['nPublic', { nPublic: 5 }],
  ['IC', { IC: [g1(3, 4), g1(5, 6), g1(7, 8), g1(9, 10)] }],
  ['IC', { IC: [g1(3, 4), g1(5, 6), g1(7, 8), g1(9, 10), g1(11, 12), g1(13, 14)] }],
  ['IC.4.1', { IC: [g1(3, 4), g1(5, 6), g1(7, 8), g1(9, 10), [String(11), Q.toString(), '1']] }],
  ['curve', { curve: 'bls12381' }],
  ['protocol', { protocol: 'plonk' }],
  ['vk_alpha_1.0', { vk_alpha_1: [Q.toString(), '2', '1'] }],
  ['vk_alpha_1.2', { vk_alpha_1: ['1', '2', '0'] }],
  ['vk_delta_2.1.0', { vk_delta_2: [['1', '2'], ['0x3', '4'], ['1', '0']] }],
])('rejects a bad %s with INVALID_VERIFICATION_KEY naming the field', (field, patch) => {
  expect(() => parseVerificationKey({ ...vkey(), ...patch }, 'k.json')).toThrow(
    expect.objectContaining({ code: 'INVALID_VERIFICATION_KEY', details: { source: 'k.json', field } }),
  );
});
