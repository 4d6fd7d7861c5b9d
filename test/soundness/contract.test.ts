/**
 * Builder/circuit/contract agreement on a random v2 batch, seeded by `testSeed()` (set
 * ZKR_TEST_SEED to replay): a batch of random transfers on random accounts, built by @zkr/state
 * and proved with the real prover (dev keys of the default instance), is accepted by the Rollup on
 * the embedded Hardhat chain, which then holds the builder's state hash and batch count; the same proof with
 * one slot byte changed, or replayed as the next batch, is refused (the contract's data hash is
 * the circuit's).
 */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { connect, deploy, type RollupClient } from '@zkr/l1';
import { Prover, toSolidityCalldata } from '@zkr/prover';
import { buildBatch, txDataOf } from '@zkr/state';
import { batchArtifacts, errorCode, genesis, seededBigints, signAll, terminateCurve, testSeed, type AccountSpec } from '@zkr/test-helpers';

const { depth, batchSize } = DEFAULT_INSTANCE;
const SEED = testSeed();
const random = seededBigints(SEED);
const below = (n: number | bigint): bigint => random(64) % BigInt(n);

let prover: Prover;
let client: RollupClient;
let specs: AccountSpec[];

beforeAll(async () => {
  const artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
  const indices = new Set<number>();
  while (indices.size < 5) indices.add(Number(below(2 ** depth)));
  specs = [...indices].map((index) => ({ index, balance: 1_000_000n + below(1n << 32n) }));
  // Leaves do not depend on the domain, so the genesis root is known before the Rollup exists.
  const genesisRoot = (await genesis(depth, specs, 0n)).state.root;
  client = await deploy({ connection: await connect(), verifiers: [{ artifactsDir }], genesisRoot, depth });
  prover = await Prover.fromArtifacts(artifactsDir);
});

afterAll(async () => {
  await prover?.close();
  await terminateCurve();
});

describe(`builder/circuit/contract agreement on random v2 batches (seed ${SEED}; replay with ZKR_TEST_SEED=${SEED})`, () => {
  it('settles a random batch proved by the real prover; a changed slot byte or a replayed proof is refused', async () => {
    // One proof (~4 s quiet): consecutive batches are settled by test/e2e.test.ts.
    const fixture = await genesis(depth, specs, client.deployment.domain);
    const indices = specs.map((s) => s.index);
    const pick = (): number => indices[Number(below(indices.length))];
    const transfers = Array.from({ length: batchSize }, () => ({ from: pick(), to: pick(), amount: 1n + below(1000), fee: below(16) }));
    const built = buildBatch(fixture.state, signAll(fixture, transfers), { batchSize, feeRecipient: pick() });
    expect(built.rejected).toEqual([]);
    const proof = await prover.prove(built.batch);
    expect(proof.publicSignals).toEqual([String(built.batch.newStateHash), String(built.batch.dataHash)]);
    const calldata = toSolidityCalldata(proof.proof, proof.publicSignals);
    const submission = {
      batchNumber: 1n, newStateHash: built.batch.newStateHash, feeRecipient: built.batch.feeRecipient,
      txData: Uint8Array.from(txDataOf(built.batch.batchData, built.batch.depth)), proof: calldata,
    };
    // One bit of the first slot's fee byte (its last byte) flipped: the contract hashes other data than the proof's.
    const tampered = submission.txData.slice();
    tampered[tampered.length / batchSize - 1] ^= 1;
    expect(await errorCode(client.submit({ ...submission, txData: tampered }))).toBe('INVALID_PROOF');
    expect((await client.submitBatch(built.batch, calldata)).batchNumber).toBe(1n);
    expect([await client.stateHash(), await client.batchNumber()]).toEqual([built.state.stateHash, 1n]);
    // The same proof as batch 2: the batch number and old state hash it hashed are stale.
    expect(await errorCode(client.submit({ ...submission, batchNumber: 2n }))).toBe('INVALID_PROOF');
  });
});
