/**
 * Gas of `submitBatch` per batch size with real proofs (the fixture's key has one public input,
 * like every batch key, so its verification gas is the batch verifier's), and of zkr's verifier
 * against snarkjs's exported one on the same proof. Prints the tables the README quotes; asserts
 * only what is deterministic: zkr's verifier costs no more than snarkjs's, verification does not
 * grow with N, and each extra slot costs calldata, hashing and log bytes only.
 */
import * as fs from 'node:fs';
import { Contract, ContractFactory, getBytes } from 'ethers';
import { Groth16Verifier } from '@zkr/contracts';
import { calldataGas, connect, deploy, type L1Connection, type SubmitResult } from '@zkr/l1';
import { proveToy, terminateCurve, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { compileSnarkjsVerifier, nextSubmission, randomRoot } from './helpers';

const SIZES = [1, 2, 4, 8, 16, 32, 64, 128];

let fx: ToyArtifacts;
let connection: L1Connection;

beforeAll(async () => {
  fx = await toyCeremony();
  connection = await connect();
});

afterAll(terminateCurve);

test('submitBatch gas per batch size, and the verifier alone', async () => {
  const client = await deploy({ connection, genesisRoot: randomRoot(), verifiers: SIZES.map((batchSize) => ({ batchSize, artifactsDir: fx.dir })) });
  const results: SubmitResult[] = [];
  for (const n of SIZES) results.push(await client.submit(await nextSubmission(fx, client, n)));

  const proof = await proveToy(fx, 12345n);
  const executionGas = async (verifier: Contract) => {
    const tx = await verifier.verifyProof.populateTransaction(proof.a, proof.b, proof.c, proof.input);
    expect(await verifier.verifyProof.staticCall(proof.a, proof.b, proof.c, proof.input)).toBe(true);
    // A transaction with ample gas, not estimateGas: a verifier answers false when a precompile runs out
    // of gas, so an estimate can stop short of the pairing's real cost.
    const receipt = await (await connection.signer.sendTransaction({ ...tx, gasLimit: 1_000_000n })).wait();
    return receipt!.gasUsed - 21000n - calldataGas(getBytes(tx.data));
  };
  const ours = new Contract(client.deployment.verifiers[0].address, Groth16Verifier.abi, connection.provider);
  const snarkjsCompiled = compileSnarkjsVerifier(fs.readFileSync(fx.verifierSol, 'utf8'));
  const snarkjsVerifier = await new ContractFactory(snarkjsCompiled.abi, snarkjsCompiled.bytecode, connection.signer).deploy();
  await snarkjsVerifier.waitForDeployment();
  const verifyGas = await executionGas(ours);
  const snarkjsGas = await executionGas(snarkjsVerifier as Contract);

  const rows = results.map((r) => ({
    N: r.slots,
    gasPerBatch: Number(r.gasUsed),
    gasPerTransfer: Math.round(Number(r.gasUsed) / r.slots),
    calldataBytes: r.calldataBytes,
    calldataBytesPerTransfer: +(r.calldataBytes / r.slots).toFixed(1),
    calldataGas: Number(r.calldataGas),
  }));
  console.log(`Groth16 verifyProof alone (1 public input, execution only): zkr ${verifyGas} gas, snarkjs ${snarkjsGas} gas`);
  console.table(rows);

  // Precompiles alone: ecMul 6,000 + ecAdd 150 + pairing of 4 pairs 45,000 + 4 * 34,000.
  expect(verifyGas).toBeGreaterThan(187150n);
  expect(verifyGas).toBeLessThanOrEqual(snarkjsGas);
  for (let i = 1; i < rows.length; i++) {
    const perSlot = (rows[i].gasPerBatch - rows[i - 1].gasPerBatch) / (rows[i].N - rows[i - 1].N);
    // 24 slot bytes: <= 384 calldata gas, 192 log gas, ~3 SHA-256 words, memory copies.
    expect(perSlot).toBeGreaterThan(0);
    expect(perSlot).toBeLessThan(1000);
  }
  expect(rows[0].gasPerBatch - Number(verifyGas)).toBeLessThan(100000);
});
