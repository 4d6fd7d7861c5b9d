/**
 * zkr's four-input Groth16Verifier (docs/protocol.md §8) against an attacker: every soundness rule
 * (inputs < r, in order, canonical and valid points, the key it was deployed with, a valid key at
 * deployment) is attacked with real snarkjs proofs of the four-input toy circuit on Hardhat's network.
 */
import { type Contract, type InterfaceAbi } from 'ethers';
import { Groth16Verifier } from '@zkr/contracts';
import { FIELD_ORDER } from '@zkr/state';
import { eip197, onTwist, Q, twistPointOutsideG2 } from './bn254';
import { proveToy, terminateCurve, TOY_SIZE, toyCeremony, toyOtherKey, type ToyArtifacts, type ToyProof } from '@zkr/test-helpers';
import { type Artifact, deployContract, hardhatProvider, rejection, signer, verifierArgsOf } from './helpers';

let fx: ToyArtifacts;
let verifier: Contract;
type Inputs = readonly [bigint, bigint, bigint, bigint];
let proof: ToyProof<[bigint, bigint, bigint, bigint]>;
const INPUT: Inputs = [123456789n, 987654321n, 55555n, 77777n];

const deployVerifier = (args: readonly unknown[]) => deployContract(Groth16Verifier as unknown as Artifact, args);

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  verifier = await deployVerifier(verifierArgsOf(fx.vkey));
  proof = await proveToy(fx, INPUT);
});

afterAll(terminateCurve);

type Proof = Pick<ToyProof, 'a' | 'b' | 'c'>;
const verify = (p: Proof, input: Inputs, v: Contract = verifier): Promise<boolean> => v.verifyProof.staticCall(p.a, p.b, p.c, input);

test('accepts a valid proof, for its inputs in their order only, at the field boundaries too', async () => {
  expect(proof.input).toEqual(INPUT);
  expect(await verify(proof, INPUT)).toBe(true);
  for (let i = 0; i < 4; i++) expect(await verify(proof, INPUT.map((x, j) => (i === j ? x + 1n : x)) as unknown as Inputs)).toBe(false);
  expect(await verify(proof, [INPUT[1], INPUT[0], INPUT[2], INPUT[3]])).toBe(false);
  expect(await verify(proof, [INPUT[0], INPUT[1], INPUT[3], INPUT[2]])).toBe(false);
  const top = FIELD_ORDER - 1n;
  for (const input of [[0n, 0n, 0n, 0n], [top, top, top, top], [0n, top, 0n, top]] as const) {
    expect(await verify(await proveToy(fx, input), input)).toBe(true);
  }
});

test('verification reads no storage: the key lives in immutables', async () => {
  const tx = await verifier.verifyProof.populateTransaction(proof.a, proof.b, proof.c, INPUT);
  const sent = await (await signer()).sendTransaction({ ...tx, gasLimit: 1_000_000n });
  await sent.wait();
  const trace = (await hardhatProvider().send('debug_traceTransaction', [sent.hash, {}])) as { structLogs: { op: string }[] };
  const ops = new Set(trace.structLogs.map((step) => step.op));
  expect(ops.has('STATICCALL')).toBe(true);
  expect(ops.has('SLOAD')).toBe(false);
});

test('rejects any public input plus r (and r itself, and 2^256 - 1): inputs must be < r', async () => {
  const replaced = (input: Inputs, i: number, value: bigint) => input.map((x, j) => (i === j ? value : x)) as unknown as Inputs;
  const zeros: Inputs = [0n, 0n, 0n, 0n];
  const zero = await proveToy(fx, zeros);
  for (let i = 0; i < 4; i++) {
    expect(await verify(proof, replaced(INPUT, i, INPUT[i] + FIELD_ORDER))).toBe(false);
    for (const big of [FIELD_ORDER, (1n << 256n) - 1n]) expect(await verify(zero, replaced(zeros, i, big))).toBe(false);
  }
});

test('rejects a proof made with another key for the same circuit, which verifies under its own key', async () => {
  const other = await toyOtherKey(fx);
  const otherVerifier = await deployVerifier(verifierArgsOf(other.vkey));
  const otherProof = await proveToy(other, INPUT);
  expect(await verify(otherProof, INPUT, otherVerifier)).toBe(true);
  expect(await verify(otherProof, INPUT)).toBe(false);
  expect(await verify(proof, INPUT, otherVerifier)).toBe(false);
});

test('rejects non-canonical encodings: any coordinate plus q', async () => {
  const { a, b, c } = proof;
  const variants: Proof[] = [
    { a: [a[0] + Q, a[1]], b, c },
    { a: [a[0], a[1] + Q], b, c },
    { a, b: [[b[0][0] + Q, b[0][1]], b[1]], c },
    { a, b: [b[0], [b[1][0], b[1][1] + Q]], c },
    { a, b, c: [c[0], c[1] + Q] },
  ];
  for (const v of variants) expect(await verify(v, INPUT)).toBe(false);
});

test('rejects swapped coordinates: (y, x) in G1, real/imaginary order or x/y in G2', async () => {
  const { a, b, c } = proof;
  const variants: Proof[] = [
    { a: [a[1], a[0]], b, c },
    { a, b, c: [c[1], c[0]] },
    { a, b: [[b[0][1], b[0][0]], [b[1][1], b[1][0]]], c }, // snarkjs's proof.json order, not EIP-197's
    { a, b: [b[1], b[0]], c },
  ];
  for (const v of variants) expect(await verify(v, INPUT)).toBe(false);
});

test('rejects points off their curve, a G2 point outside the subgroup, and the point at infinity as A or C', async () => {
  const { a, b, c } = proof;
  const outside = twistPointOutsideG2();
  expect(onTwist(outside.x, outside.y)).toBe(true);
  const variants: Proof[] = [
    { a: [a[0], a[1] ^ 1n], b, c },
    { a, b, c: [c[0] ^ 1n, c[1]] },
    { a, b: [b[0], [b[1][0] ^ 1n, b[1][1]]], c },
    { a, b: eip197(outside.x, outside.y), c },
    { a: [0n, 0n], b, c },
    { a, b, c: [0n, 0n] },
  ];
  for (const v of variants) expect(await verify(v, INPUT)).toBe(false);
});

describe('the verification key at deployment', () => {
  const outside = twistPointOutsideG2();
  type Args = ReturnType<typeof verifierArgsOf>;
  const withPoint = (index: number, value: unknown): Args => verifierArgsOf(fx.vkey).map((arg, i) => (i === index ? value : arg));
  const withIc = (which: 0 | 1 | 2 | 3 | 4, value: unknown): Args => {
    const args = verifierArgsOf(fx.vkey);
    const ic = [...(args[4] as unknown[])];
    ic[which] = value;
    return args.map((arg, i) => (i === 4 ? ic : arg));
  };

  test.each<[string, () => Args, number]>([
    ['alpha off the curve', () => withPoint(0, [1n, 3n]), 0],
    ['alpha at infinity', () => withPoint(0, [0n, 0n]), 0],
    ['alpha with x >= q', () => withPoint(0, [1n + Q, 2n]), 0],
    ['beta outside the G2 subgroup', () => withPoint(1, eip197(outside.x, outside.y)), 1],
    ['gamma off the twist', () => withPoint(2, [[1n, 2n], [3n, 4n]]), 2],
    ['delta at infinity', () => withPoint(3, [[0n, 0n], [0n, 0n]]), 3],
    ['delta with a coordinate >= q', () => withPoint(3, [[1n, 2n], [3n, Q]]), 3],
    ['IC0 off the curve', () => withIc(0, [2n, 2n]), 4],
    ['IC1 at infinity', () => withIc(1, [0n, 0n]), 5],
    ['IC2 off the curve', () => withIc(2, [1n, 1n]), 6],
    ['IC2 with y >= q', () => withIc(2, [1n, 2n + Q]), 6],
    ['IC3 off the curve', () => withIc(3, [3n, 3n]), 7],
    ['IC4 at infinity', () => withIc(4, [0n, 0n]), 8],
    ['IC4 with x >= q', () => withIc(4, [1n + Q, 2n]), 8],
  ])('refuses %s with Groth16Verifier__InvalidVerificationKey naming the point', async (_, args, point) => {
    expect(await rejection(() => deployVerifier(args()), Groth16Verifier.abi as unknown as InterfaceAbi)).toEqual({ name: 'Groth16Verifier__InvalidVerificationKey', args: [BigInt(point)] });
  });

  test('a valid key other than the proof\'s deploys but accepts none of its proofs (G1 generator as alpha)', async () => {
    const wrong = await deployVerifier(withPoint(0, [1n, 2n]));
    expect(await verify(proof, INPUT, wrong)).toBe(false);
  });
});
