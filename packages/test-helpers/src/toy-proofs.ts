/**
 * Real Groth16 proofs of the toy circuits made with snarkjs's own `fullProve`, and in the calldata
 * order of a Solidity verifier (converted by snarkjs's `exportSolidityCallData`), for the contract
 * and L1 tests: a bigint proves the one-input toy, four inputs `[newStateHash, dataHash, oldQueueHash,
 * newQueueHash]` the four-input one.
 */
import type { Groth16Proof } from '@zkr/bn254';
import { toyBatchInputFor, toyInputFor, type ToyArtifacts } from './toy';

/** snarkjs's library, untyped; only `fullProve` and `exportSolidityCallData` are used. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const snarkjsLib = require('snarkjs') as {
  groth16: {
    fullProve(input: Record<string, unknown>, wasm: string, zkey: string): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: string[]): Promise<string>;
  };
};

/** The four public inputs of the v3 batch circuit: `[newStateHash, dataHash, oldQueueHash, newQueueHash]`. */
export type ToyBatchInputs = readonly [bigint, bigint, bigint, bigint];

/** The public inputs of a toy proof: one input, or the batch circuit's four. */
export type ToyPublicInputs = bigint | ToyBatchInputs;

/** A Groth16 proof in verifier calldata order, with the public inputs it proves (`[x]` or the four batch inputs). */
export interface ToyProof<Input extends readonly bigint[] = [bigint]> {
  readonly a: [bigint, bigint];
  readonly b: [[bigint, bigint], [bigint, bigint]];
  readonly c: [bigint, bigint];
  readonly input: Input;
}

/** Proves `inputs` (witness x = [first input, 1]) with snarkjs; snarkjs's own proof JSON. */
export async function proveToyJson(fx: Pick<ToyArtifacts, 'wasm' | 'zkey'>, inputs: ToyPublicInputs): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const witnessInput = typeof inputs === 'bigint' ? toyInputFor(inputs) : toyBatchInputFor(inputs);
  return snarkjsLib.groth16.fullProve(witnessInput, fx.wasm, fx.zkey);
}

/** Proves `publicInput` (one-input toy) and converts the proof with snarkjs's own `exportSolidityCallData`. */
export async function proveToy(fx: Pick<ToyArtifacts, 'wasm' | 'zkey'>, publicInput: bigint): Promise<ToyProof>;
/** Proves `[newStateHash, dataHash, oldQueueHash, newQueueHash]` (four-input toy) and converts the proof with snarkjs's own `exportSolidityCallData`. */
export async function proveToy(fx: Pick<ToyArtifacts, 'wasm' | 'zkey'>, inputs: ToyBatchInputs): Promise<ToyProof<[bigint, bigint, bigint, bigint]>>;
export async function proveToy(fx: Pick<ToyArtifacts, 'wasm' | 'zkey'>, inputs: ToyPublicInputs): Promise<ToyProof<bigint[]>> {
  const { proof, publicSignals } = await proveToyJson(fx, inputs);
  const [a, b, c, pub] = JSON.parse(`[${await snarkjsLib.groth16.exportSolidityCallData(proof, publicSignals)}]`) as [string[], string[][], string[], string[]];
  const n = (x: string): bigint => BigInt(x);
  return { a: [n(a[0]), n(a[1])], b: [[n(b[0][0]), n(b[0][1])], [n(b[1][0]), n(b[1][1])]], c: [n(c[0]), n(c[1])], input: pub.map(n) };
}

/** Stops snarkjs's cached bn128 worker threads (call in `afterAll`, or the process never exits). */
export async function terminateCurve(): Promise<void> {
  const cached = (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128;
  if (cached) await cached.terminate();
}
