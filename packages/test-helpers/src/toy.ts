/**
 * The toy circuits of the setup, prover, bench and contract tests (toy.circom: one public input, or
 * four in the batch circuit's order `[newStateHash, dataHash, oldQueueHash, newQueueHash]` (docs/protocol.md
 * §7) for the contract and L1 tests; a size parameter) and their snarkjs-ceremony artifact set per size
 * (shared ptau, phase 2 with one contribution, vkey and snarkjs's Solidity verifier), all built once per
 * fixture cache.
 */
import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { groth16VerifierTemplate, withSnarkjs } from '@zkr/bn254';
import { cachedDir } from './cache';
import { compileFixture, tinyPtau, type CompiledFixture } from './circom';
import { seededBigints } from './seed';

/** The standard size: 126 constraints and 129 wires (>= 128 MSM points), so it fits the shared ptau 2^8. */
export const TOY_SIZE = 124;
/** The smallest ptau power of a ceremony set (shared with the setup tests' own ceremony runs). */
const MIN_PTAU_POWER = 8;

/** Public inputs of a toy circuit: 1 (`publicInput`) or 4 (`[newStateHash, dataHash, oldQueueHash, newQueueHash]`, the batch circuit's). */
export type ToyInputs = 1 | 4;

/** The main component of the toy with `inputs` public inputs. */
const TOY_COMPONENTS: Readonly<Record<ToyInputs, { readonly name: string; readonly component: (size: number, outputs: number) => string }>> = {
  1: { name: 'toy', component: (size, outputs) => `{public [publicInput]} = Toy(${size}, ${outputs})` },
  4: { name: 'toy-batch', component: (size, outputs) => `{public [newStateHash, dataHash, oldQueueHash, newQueueHash]} = ToyBatch(${size}, ${outputs})` },
};

/** Options of the toy circuit: `inputs` public inputs (default 1) and `outputs` public outputs on top. */
export interface ToyOptions {
  readonly inputs?: ToyInputs;
  readonly outputs?: number;
}

/** Compiles (or reuses) the toy circuit of `size` squarings; nPublic = `inputs` + `outputs`. */
export async function toyCircuit(size: number, { inputs = 1, outputs = 0 }: ToyOptions = {}): Promise<CompiledFixture> {
  const template = await readFile(join(__dirname, 'toy.circom'), 'utf8');
  // The template's hash is part of the source, so editing toy.circom changes the cache key.
  const templateHash = createHash('sha256').update(template).digest('hex');
  const { name, component } = TOY_COMPONENTS[inputs];
  const main = `pragma circom 2.1.0;\ninclude "toy.circom";\ncomponent main ${component(size, outputs)};\n// toy.circom sha256 ${templateHash}\n`;
  return compileFixture(`${name}-${size}-${outputs}`, main, [__dirname]);
}

/** A valid input of the toy circuit (any size) derived from `seed`: two 64-bit factors >= 2 and their product. */
export function toyInput(seed: bigint): { publicInput: string; x: string[] } {
  const random = seededBigints(seed);
  const [a, b] = [2n + random(64), 2n + random(64)];
  return { publicInput: (a * b).toString(), x: [a.toString(), b.toString()] };
}

/** The input proving `publicInput` (x = [publicInput, 1]): every field element has a proof. */
export function toyInputFor(publicInput: bigint): { publicInput: string; x: string[] } {
  return { publicInput: publicInput.toString(), x: [publicInput.toString(), '1'] };
}

/**
 * The input of the four-input toy proving `[newStateHash, dataHash, oldQueueHash, newQueueHash]`
 * (x = [newStateHash, 1]): every four field elements have a proof.
 */
export function toyBatchInputFor(inputs: readonly [bigint, bigint, bigint, bigint]): {
  newStateHash: string; dataHash: string; oldQueueHash: string; newQueueHash: string; x: string[];
} {
  const [newStateHash, dataHash, oldQueueHash, newQueueHash] = inputs.map(String);
  return { newStateHash, dataHash, oldQueueHash, newQueueHash, x: [newStateHash, '1'] };
}

/** Paths of a toy circuit's ceremony artifacts (the file names of a `@zkr/setup` artifact dir). */
export interface ToyArtifacts {
  readonly dir: string;
  readonly r1cs: string;
  readonly wasm: string;
  readonly zkey: string;
  readonly vkey: string;
  readonly verifierSol: string;
  readonly size: number;
  /** Its public inputs: 1, or 4 (`[newStateHash, dataHash, oldQueueHash, newQueueHash]`). */
  readonly inputs: ToyInputs;
}

function artifactsIn(dir: string, size: number, inputs: ToyInputs, wasm: string): ToyArtifacts {
  return { dir, r1cs: join(dir, 'circuit.r1cs'), wasm, zkey: join(dir, 'circuit.zkey'), vkey: join(dir, 'vkey.json'), verifierSol: join(dir, 'Verifier.sol'), size, inputs };
}

/** Contributes to `zkey` as `name` into `dir` and exports its vkey and snarkjs Solidity verifier there. */
async function contributeAndExport(zkey: string, dir: string, name: string): Promise<void> {
  await withSnarkjs(async (snarkjs) => {
    await snarkjs.zKey.contribute(zkey, join(dir, 'circuit.zkey'), name, `${name} entropy`);
    await writeFile(join(dir, 'vkey.json'), JSON.stringify(await snarkjs.zKey.exportVerificationKey(join(dir, 'circuit.zkey')), null, 1));
    await writeFile(join(dir, 'Verifier.sol'), await snarkjs.zKey.exportSolidityVerifier(join(dir, 'circuit.zkey'), { groth16: groth16VerifierTemplate() }));
  });
}

/**
 * Builds (or reuses) the toy circuit of `size` with `inputs` public inputs (default 1) set up
 * through snarkjs's ceremony route (the shared ptau, one contribution).
 */
export async function toyCeremony(size = TOY_SIZE, { inputs = 1 }: Pick<ToyOptions, 'inputs'> = {}): Promise<ToyArtifacts> {
  const compiled = await toyCircuit(size, { inputs });
  const power = Math.max(MIN_PTAU_POWER, Math.ceil(Math.log2(size + 4)));
  const ptau = await tinyPtau(power);
  const dir = await cachedDir(`${basename(dirname(compiled.r1csPath))}-ceremony-${power}`, async (tmp) => {
    await copyFile(compiled.r1csPath, join(tmp, 'circuit.r1cs'));
    await copyFile(compiled.wasmPath, join(tmp, 'circuit.wasm'));
    await withSnarkjs((snarkjs) => snarkjs.zKey.newZKey(join(tmp, 'circuit.r1cs'), ptau, join(tmp, 'z0.zkey')));
    await contributeAndExport(join(tmp, 'z0.zkey'), tmp, 'zkr toy');
  });
  return artifactsIn(dir, size, inputs, join(dir, 'circuit.wasm'));
}

/**
 * A second key for the same circuit (one more phase-2 contribution, so another delta), cached next
 * to `fx`: a proof made with one key must not verify under the other.
 */
export async function toyOtherKey(fx: ToyArtifacts): Promise<ToyArtifacts> {
  const dir = await cachedDir(`${basename(fx.dir)}-other-key`, (tmp) => contributeAndExport(fx.zkey, tmp, 'zkr toy other'));
  return artifactsIn(dir, fx.size, fx.inputs, fx.wasm);
}
