/**
 * Builder/circuit/contract agreement on random v3 batches with real proofs, seeded by `testSeed()`
 * (set ZKR_TEST_SEED to replay): a batch that consumes a queued deposit and holds random transfers
 * and a withdrawal, built by @zkr/state and proved with the real prover (dev keys of the default
 * instance), is accepted by the Rollup on the embedded Hardhat chain, whose state hash, queue count
 * and credits then are the builder's; the same proof with a credit byte changed, with another queue
 * count, or replayed, is refused (the contract's four public inputs are the circuit's). Then the
 * escape hatch against the proved state: a valid proof after exodus is refused, only the proved
 * leaves exit, once, and a consumed deposit is not refunded. (The contract's own unit tests are in
 * contracts/test; the client's escape hatch with toy proofs in test/l1-client.test.ts.)
 */
import type { BrowserProvider, Signer } from 'ethers';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { connect, deploy, exodusProofOf, predictDeployment, type L1Connection, type RollupClient } from '@zkr/l1';
import { Prover, toSolidityCalldata } from '@zkr/prover';
import { buildBatch, signWithdrawal, txDataOf, type BuildBatchResult, type QueueOperation } from '@zkr/state';
import { batchArtifacts, errorCode, genesis, seededBigints, signAll, terminateCurve, testSeed, type Fixture } from '@zkr/test-helpers';

const { depth, batchSize } = DEFAULT_INSTANCE;
const SEED = testSeed();
const random = seededBigints(SEED);
const below = (n: number | bigint): bigint => random(64) % BigInt(n);
const UNIT = 10n ** 9n;
const EXODUS_DELAY = 1000;

let prover: Prover;
let connection: L1Connection;
let client: RollupClient;
let fixture: Fixture;
let indices: number[];
/** Hardhat accounts 1..3: the L1 owner of account indices[1], a depositor, and a withdrawal's recipient. */
let owner: Signer;
let depositor: Signer;
let recipient: Signer;
let first: BuildBatchResult;
let deposit: QueueOperation;

beforeAll(async () => {
  const artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
  connection = await connect();
  [owner, depositor, recipient] = await Promise.all([1, 2, 3].map((i) => (connection.provider as BrowserProvider).getSigner(i)));
  const set = new Set<number>();
  while (set.size < 5) set.add(Number(below(2 ** depth)));
  indices = [...set];
  const ownerAddress = BigInt(await owner.getAddress());
  const { domain } = await predictDeployment(connection, 1);
  fixture = await genesis(depth, indices.map((index, i) => ({ index, balance: 1_000_000n + below(1n << 32n), owner: i === 1 ? ownerAddress : undefined })), domain);
  client = await deploy({ connection, genesis: fixture.state, verifiers: [{ artifactsDir }], exodusDelay: EXODUS_DELAY });
  expect(client.deployment.domain).toBe(domain);
  prover = await Prover.fromArtifacts(artifactsDir);
});

afterAll(async () => {
  await prover?.close();
  await terminateCurve();
});

describe(`builder/circuit/contract agreement on random v3 batches (seed ${SEED}; replay with ZKR_TEST_SEED=${SEED})`, () => {
  it('settles a proved batch with a deposit, transfers and a withdrawal; changed credits, another queue count or a replay are refused; a claim pays once', async () => {
    const amount = 1000n + below(1_000_000n);
    deposit = (await client.withSigner(depositor).depositTo({ index: indices[2], amount })).operation;
    const pick = (): number => indices[Number(below(indices.length))];
    const transfers = Array.from({ length: batchSize }, () => ({ from: pick(), to: pick(), amount: 1n + below(1000), fee: below(16) }));
    // The withdrawal is paid from the deposit's ETH (genesis balances have none behind them on L1).
    const withdrawn = 1n + below(amount);
    const from = indices[3];
    const nonce = fixture.state.account(from)!.nonce + BigInt(transfers.filter((t) => t.from === from).length);
    const withdrawal = signWithdrawal(fixture.suite, fixture.keys.get(from)!.privateKey, fixture.state.domain, { from, address: BigInt(await recipient.getAddress()), amount: withdrawn, fee: below(16), nonce });
    first = buildBatch(fixture.state, signAll(fixture, transfers), { batchSize, feeRecipient: pick(), queue: await client.queueOperations(), withdrawals: [withdrawal] });
    expect([first.rejected, first.rejectedWithdrawals, first.batch.queueCount]).toEqual([[], [], 1]);
    const { batch } = first;
    const proof = await prover.prove(batch);
    expect(proof.publicSignals).toEqual([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash].map(String));
    expect([batch.oldQueueHash, batch.newQueueHash]).toEqual([await client.queueHashAt(0), await client.queueHashAt(1)]);
    const calldata = toSolidityCalldata(proof.proof, proof.publicSignals);
    const submission = {
      batchNumber: 1n, newStateHash: batch.newStateHash, feeRecipient: batch.feeRecipient, queueCount: 1,
      txData: Uint8Array.from(txDataOf(batch.batchData, depth)), proof: calldata,
    };
    // The deposit's published credit (last byte of the queue entry: a refund of 1 from nowhere) and
    // the withdrawal's address (last byte of the entry): the contract would credit other amounts or addresses than proved.
    for (const at of [27, submission.txData.length - 1]) {
      const tampered = submission.txData.slice();
      tampered[at] ^= 1;
      expect(await errorCode(client.submit({ ...submission, txData: tampered }))).toBe('INVALID_PROOF');
    }
    // Claiming the proved batch consumed nothing: the contract's new queue hash is then the old one.
    expect(await errorCode(client.submit({ ...submission, queueCount: 0 }))).toBe('INVALID_PROOF');
    expect((await client.submitBatch(batch, calldata)).batchNumber).toBe(1n);
    expect([await client.stateHash(), await client.batchNumber(), await client.consumed()]).toEqual([first.state.stateHash, 1n, 1]);
    // The same proof as batch 2 (consuming nothing: the queue holds no more): the batch number, old
    // state hash and queue hashes it proved are stale.
    expect(await errorCode(client.submit({ ...submission, batchNumber: 2n, queueCount: 0 }))).toBe('INVALID_PROOF');
    const payee = client.withSigner(recipient);
    expect(await client.claimable(await recipient.getAddress())).toBe(withdrawn * UNIT);
    expect((await payee.claim()).amount).toBe(withdrawn * UNIT);
    expect(await errorCode(payee.claim())).toBe('NOTHING_TO_CLAIM');
  });

  it('in exodus mode: a valid proof is refused, only leaves of the proved state exit, once, and the consumed deposit is not refunded', async () => {
    const exiting = indices[1];
    await client.withSigner(owner).requestExit({ index: exiting });
    const pending = (await client.withSigner(depositor).depositTo({ index: indices[2], amount: 5n })).operation;
    const next = buildBatch(first.state, [], { batchSize, feeRecipient: indices[0], queue: await client.queueOperations({ fromPosition: 1 }) }).batch;
    const proof = await prover.prove(next);
    const provider = connection.provider as BrowserProvider;
    await provider.send('evm_increaseTime', [EXODUS_DELAY + 1]);
    await provider.send('evm_mine', []);
    await client.activateExodus();
    expect(await errorCode(client.submitBatch(next, toSolidityCalldata(proof.proof, proof.publicSignals)))).toBe('EXODUS_MODE');

    // The last accepted state is batch 1's: the genesis leaf is stale, a changed leaf or sibling is not in the tree.
    expect(await errorCode(client.exodusWithdraw(exodusProofOf(fixture.state, exiting)))).toBe('STALE_ROOT');
    const proved = exodusProofOf(first.state, exiting);
    const forgedLeaf = { ...proved, account: { ...proved.account, balance: proved.account.balance + 1n } };
    const forgedSibling = { ...proved, siblings: proved.siblings.map((t, k) => (k === 0 ? [t[0] + 1n, t[1], t[2]] as const : t)) };
    expect(await errorCode(client.exodusWithdraw(forgedLeaf))).toBe('INVALID_MERKLE_PROOF');
    expect(await errorCode(client.exodusWithdraw(forgedSibling))).toBe('INVALID_MERKLE_PROOF');
    const out = await client.exodusWithdraw(proved);
    expect([out.amount, out.owner]).toEqual([first.state.account(exiting)!.balance * UNIT, await owner.getAddress()]);
    expect(await errorCode(client.exodusWithdraw(proved))).toBe('ALREADY_EXITED');

    expect(await errorCode(client.refundDeposit(deposit))).toBe('NOT_REFUNDABLE');
    expect((await client.refundDeposit(pending)).amount).toBe(5n * UNIT);
    expect(await client.claimable(await depositor.getAddress())).toBe(5n * UNIT);
  });
});
