/**
 * Gas of `submitBatch` per batch size at depths 24 and 32 with real proofs of the two-input toy
 * circuit (its key has two public inputs, like every batch key, so its verification gas is the
 * batch verifier's), and of zkr's verifier against snarkjs's exported one on the same proof.
 * Prints the tables the README quotes; asserts only what is deterministic: zkr's verifier costs no
 * more than snarkjs's, verification does not grow with N, and each extra slot costs calldata and
 * hashing only (no log bytes: the event carries the batch number and state hash).
 */
import * as fs from 'node:fs';
import { Contract, ContractFactory, getBytes } from 'ethers';
import { Groth16Verifier } from '@zkr/contracts';
import { calldataGas, connect, deploy, type L1Connection, type SubmitResult } from '@zkr/l1';
import { slotBytes } from '@zkr/state';
import { proveToy, terminateCurve, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { compileTestContract, nextSubmission, randomFieldElement } from './helpers';

const SIZES = [1, 2, 4, 8, 16, 32, 64, 128];

let fx: ToyArtifacts;
let connection: L1Connection;

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 2 });
  connection = await connect();
});

afterAll(terminateCurve);

/** Execution gas of `verifyProof` on `verifier` (transaction minus intrinsic and calldata gas). */
async function verifyExecutionGas(verifier: Contract, proof: Awaited<ReturnType<typeof proveToy>>): Promise<bigint> {
  const tx = await verifier.verifyProof.populateTransaction(proof.a, proof.b, proof.c, proof.input);
  expect(await verifier.verifyProof.staticCall(proof.a, proof.b, proof.c, proof.input)).toBe(true);
  // A transaction with ample gas, not estimateGas: a verifier answers false when a precompile runs out
  // of gas, so an estimate can stop short of the pairing's real cost.
  const receipt = await (await connection.signer.sendTransaction({ ...tx, gasLimit: 1_000_000n })).wait();
  return receipt!.gasUsed - 21000n - calldataGas(getBytes(tx.data));
}

test('Groth16 verifyProof alone: zkr\'s two-input verifier against snarkjs\'s', async () => {
  const proof = await proveToy(fx, [12345n, 67890n]);
  const compiled = compileTestContract(fs.readFileSync(fx.verifierSol, 'utf8'), 'Groth16Verifier');
  const snarkjsVerifier = (await (await new ContractFactory(compiled.abi, compiled.bytecode, connection.signer).deploy()).waitForDeployment()) as Contract;
  const client = await deploy({ connection, genesisRoot: 1n, depth: 32, verifiers: [{ batchSize: 1, artifactsDir: fx.dir }] });
  const ours = new Contract(client.deployment.verifiers[0].address, Groth16Verifier.abi, connection.provider);
  const zkrGas = await verifyExecutionGas(ours.connect(connection.signer) as Contract, proof);
  const snarkjsGas = await verifyExecutionGas(snarkjsVerifier, proof);
  console.log(`Groth16 verifyProof alone (2 public inputs, execution only): zkr ${zkrGas} gas, snarkjs ${snarkjsGas} gas`);
  // Precompiles alone: 2 ecMul 12,000 + 2 ecAdd 300 + pairing of 4 pairs 45,000 + 4 * 34,000.
  expect(zkrGas).toBeGreaterThan(193300n);
  expect(zkrGas).toBeLessThanOrEqual(snarkjsGas);
});

test.each([24, 32])('submitBatch gas per batch size at depth %i', async (depth) => {
  const client = await deploy({ connection, genesisRoot: randomFieldElement(), depth, verifiers: SIZES.map((batchSize) => ({ batchSize, artifactsDir: fx.dir })) });
  const results: SubmitResult[] = [];
  for (const n of SIZES) results.push(await client.submit(await nextSubmission(fx, client, n)));
  const rows = results.map((r) => ({
    N: r.slots,
    gasPerBatch: Number(r.gasUsed),
    gasPerTransfer: Math.round(Number(r.gasUsed) / r.slots),
    calldataBytes: r.calldataBytes,
    calldataBytesPerTransfer: +(r.calldataBytes / r.slots).toFixed(1),
    calldataGas: Number(r.calldataGas),
  }));
  console.log(`submitBatch at depth ${depth} (${slotBytes(depth)}-byte slots), two-input toy proofs:`);
  console.table(rows);

  expect(rows.map((r) => r.N)).toEqual(SIZES);
  for (let i = 1; i < rows.length; i++) {
    const perSlot = (rows[i].gasPerBatch - rows[i - 1].gasPerBatch) / (rows[i].N - rows[i - 1].N);
    // S slot bytes: <= 16·S calldata gas, ~S/32·12 SHA-256 word gas, memory copies; no log bytes.
    expect(perSlot).toBeGreaterThan(0);
    expect(perSlot).toBeLessThan(16 * slotBytes(depth) + 60);
  }
});
