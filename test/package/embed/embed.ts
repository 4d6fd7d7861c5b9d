/**
 * A program embedding zkr through its public APIs only, as a project that installed the packages
 * would write it: genesis, the circuit compiled from the installed @zkr/circuits, a dev setup, deploy on
 * the embedded chain, a deposit on L1, one batch that consumes it with a signed transfer and a signed
 * withdrawal, prove, verify, submit, check the L1 state hash, and claim the withdrawal on L1.
 * The packaging test type-checks it (strict, nodenext) and runs it as CommonJS and as ESM.
 */
import { isZkrError, ZkrError } from '@zkr/errors';
import { buildBatch, createCryptoSuite, generateKeyPair, RollupState, signTransfer, signWithdrawal, stateHashOf } from '@zkr/state';
import { artifactsCacheDir, cacheRoot, compileCircuit, instanceName, type CircuitInstance } from '@zkr/circuits';
import { setupArtifacts } from '@zkr/setup';
import { Prover, toSolidityCalldata } from '@zkr/prover';
import { connect, deploy } from '@zkr/l1';

async function main(): Promise<void> {
  // The same error class whichever module system loaded it (no dual-package hazard).
  const invalid = await compileCircuit({ depth: 0, batchSize: 1 }).catch((e: unknown) => e);
  if (!(invalid instanceof ZkrError) || !isZkrError(invalid, 'INVALID_INSTANCE')) throw new Error(`expected INVALID_INSTANCE, got ${String(invalid)}`);

  const instance: CircuitInstance = { depth: 2, batchSize: 1, queuePositions: 1, withdrawalPositions: 1 };
  const suite = await createCryptoSuite();
  const [alice, bob] = [generateKeyPair(suite.eddsa), generateKeyPair(suite.eddsa)];
  const genesis = (domain: bigint): RollupState => RollupState.genesis(suite, {
    depth: instance.depth,
    domain,
    accounts: [alice, bob].map((key, index) => ({ index, account: { publicKey: key.publicKey, balance: 1000n, nonce: 0n, owner: 0n } })),
  });

  const circuit = await compileCircuit(instance);
  const artifactsDir = artifactsCacheDir(instanceName(instance));
  const manifest = await setupArtifacts({
    r1csPath: circuit.r1csPath, wasmPath: circuit.wasmPath, circomVersion: circuit.compilerVersion, outDir: artifactsDir,
    circuit: { name: instanceName(instance), depth: instance.depth, batchSize: instance.batchSize }, mode: { kind: 'dev' },
  });

  const connection = await connect();
  const rollup = await deploy({ connection, verifiers: [{ artifactsDir }], genesis: genesis(0n) });
  const state = genesis(rollup.deployment.domain);
  const carol = generateKeyPair(suite.eddsa);
  const deposited = await rollup.deposit({ publicKey: carol.publicKey, amount: 300n });
  const queue = await rollup.queueOperations();
  const me = BigInt(await connection.signer.getAddress());
  const transfer = signTransfer(suite, alice.privateKey, state.domain, { from: 0, to: 1, amount: 25n, fee: 1n, nonce: 0n });
  const withdrawal = signWithdrawal(suite, carol.privateKey, state.domain, { from: deposited.index, address: me, amount: 120n, fee: 0n, nonce: 0n });
  const { batch, state: next } = buildBatch(state, [transfer], { batchSize: instance.batchSize, feeRecipient: 1, queue, withdrawals: [withdrawal] });
  if (next.account(deposited.index)?.balance !== 180n) throw new Error('the deposit did not reach L2');

  const prover = await Prover.fromArtifacts(artifactsDir);
  try {
    const { proof, publicSignals } = await prover.prove(batch);
    if (!(await prover.verify(proof, publicSignals))) throw new Error('the proof does not verify');
    const submitted = await rollup.submitBatch(batch, toSolidityCalldata(proof, publicSignals));
    const onChain = await rollup.stateHash();
    const local = stateHashOf(suite, state.domain, next.root);
    if (onChain !== local) throw new Error(`L1 state hash ${onChain} differs from the local one ${local}`);
    const claimed = await rollup.claim();
    if (claimed.amount !== 120n * rollup.deployment.unit) throw new Error(`claimed ${claimed.amount}, expected 120 L2 units`);
    console.log(JSON.stringify({
      cacheRoot: cacheRoot(), circuitDir: circuit.dir, artifactsDir, constraints: manifest.circuit.constraints,
      batchNumber: submitted.batchNumber.toString(), gasUsed: submitted.gasUsed.toString(), root: next.root.toString(), stateHash: onChain.toString(),
      claimed: claimed.amount.toString(),
    }));
  } finally {
    await prover.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
