/**
 * Gas of `submitBatch` per batch size with real proofs (the fixture's verifier has one public
 * input, like every batch verifier, so its verification gas is the batch verifier's). Prints the
 * table the README quotes; asserts only what is deterministic: verification does not grow with N,
 * and each extra slot costs calldata, hashing and log bytes only.
 */
import { Contract, getBytes, InterfaceAbi } from 'ethers';
import { calldataGas, compileVerifier, connect, deploy, L1Connection, SubmitResult } from '@zkr/l1';
import { buildFixture, FixtureArtifacts, proveFixture, terminateCurve } from './fixture/fixture';
import { nextSubmission, randomRoot } from './helpers';

const SIZES = [1, 2, 4, 8, 16, 32, 64, 128];

let fx: FixtureArtifacts;
let connection: L1Connection;

beforeAll(async () => {
  fx = buildFixture();
  connection = await connect();
});

afterAll(terminateCurve);

test('submitBatch gas per batch size, and the verifier alone', async () => {
  const client = await deploy({ connection, genesisRoot: randomRoot(), verifiers: SIZES.map((batchSize) => ({ batchSize, artifactsDir: fx.dir })) });
  const results: SubmitResult[] = [];
  for (const n of SIZES) results.push(await client.submit(await nextSubmission(fx, client, n)));

  const verifierAbi = compileVerifier(require('node:fs').readFileSync(fx.verifierSol, 'utf8'), fx.verifierSol).abi as InterfaceAbi;
  const verifier = new Contract(client.deployment.verifiers[0].address, verifierAbi, connection.provider);
  const proof = await proveFixture(fx, 12345n);
  const tx = await verifier.verifyProof.populateTransaction(proof.a, proof.b, proof.c, proof.input);
  const verifyGas = (await connection.provider.estimateGas(tx)) - 21000n - calldataGas(getBytes(tx.data));

  const rows = results.map((r) => ({
    N: r.slots,
    gasPerBatch: Number(r.gasUsed),
    gasPerTransfer: Math.round(Number(r.gasUsed) / r.slots),
    calldataBytes: r.calldataBytes,
    calldataBytesPerTransfer: +(r.calldataBytes / r.slots).toFixed(1),
    calldataGas: Number(r.calldataGas),
  }));
  console.log(`Groth16 verifyProof alone (1 public input, execution only): ${verifyGas} gas`);
  console.table(rows);

  expect(verifyGas).toBeGreaterThan(150000n);
  expect(verifyGas).toBeLessThan(300000n);
  for (let i = 1; i < rows.length; i++) {
    const perSlot = (rows[i].gasPerBatch - rows[i - 1].gasPerBatch) / (rows[i].N - rows[i - 1].N);
    // 24 slot bytes: <= 384 calldata gas, 192 log gas, ~3 SHA-256 words, memory copies.
    expect(perSlot).toBeGreaterThan(0);
    expect(perSlot).toBeLessThan(1000);
  }
  expect(rows[0].gasPerBatch - Number(verifyGas)).toBeLessThan(100000);
});
