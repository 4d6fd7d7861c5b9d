/**
 * The escape hatch (docs/protocol.md §13) on Hardhat's network: exodus activation after the delay
 * (evm_increaseTime), the freeze of batches and the queue, exit proofs against real arity-4 trees of
 * @zkr/state (each rule forged: stale root, leaf, sibling, index, owner, repeat) and refunds of
 * unconsumed deposits (consumed, twice, mismatched words).
 */
import { type Contract, type JsonRpcSigner } from 'ethers';
import { type Account, AccountTree, createCryptoSuite, type CryptoSuite, encodeAmount, FIELD_ORDER, generateKeyPair, stateHashOf } from '@zkr/state';
import { terminateCurve, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { hardhatProvider, increaseTime, nextSubmission, rejection, rollupWithVerifiers, signer, submit } from './helpers';

const UNIT = 10n ** 9n;
const DELAY = 3600;

let fx: ToyArtifacts;
let suite: CryptoSuite;
let alice: JsonRpcSigner;
let bob: JsonRpcSigner;

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  suite = await createCryptoSuite();
  [alice, bob] = await Promise.all([signer(1), signer(2)]);
});

afterAll(terminateCurve);

const asAlice = (rollup: Contract) => rollup.connect(alice) as Contract;

/** Queues an exit, waits out the delay and activates exodus. */
async function enterExodus(rollup: Contract): Promise<void> {
  await (await asAlice(rollup).requestExit(0)).wait();
  await increaseTime(DELAY + 1);
  await (await rollup.activateExodus()).wait();
}

describe('activateExodus', () => {
  test('is due only once the oldest unconsumed operation waited more than the delay; consumed operations do not count', async () => {
    const rollup = await rollupWithVerifiers(fx, { exodusDelay: DELAY });
    expect(await rejection(() => rollup.activateExodus())).toEqual({ name: 'Rollup__ExodusNotDue', args: [2n ** 256n - 1n] });
    await (await asAlice(rollup).requestExit(0)).wait();
    const queuedAt = await rollup.queueTimeOf(0);
    expect(await rejection(() => rollup.activateExodus())).toEqual({ name: 'Rollup__ExodusNotDue', args: [queuedAt + BigInt(DELAY)] });
    // A batch consumes it in time: nothing is pending, however long we wait.
    await submit(rollup, await nextSubmission(fx, rollup, { queueCount: 1 }));
    await increaseTime(DELAY * 2);
    expect(await rejection(() => rollup.activateExodus())).toEqual({ name: 'Rollup__ExodusNotDue', args: [2n ** 256n - 1n] });
    await (await asAlice(rollup).requestExit(1)).wait();
    const second = await rollup.queueTimeOf(1);
    // At exactly time + T it is not yet due (the rule is block.timestamp > time + T).
    await hardhatProvider().send('evm_setNextBlockTimestamp', [Number(second) + DELAY]);
    expect(await rejection(() => rollup.activateExodus({ gasLimit: 100000 }))).toEqual({ name: 'Rollup__ExodusNotDue', args: [second + BigInt(DELAY)] });
    const receipt = await (await rollup.activateExodus()).wait();
    expect(receipt.logs.map((l: never) => rollup.interface.parseLog(l)).map((l: { name: string; args: unknown[] }) => [l.name, ...l.args])).toEqual([['ExodusActivated', 1n, second]]);
    expect(await rollup.exodus()).toBe(true);
    expect(await rejection(() => rollup.activateExodus())).toEqual({ name: 'Rollup__ExodusMode', args: [] });
  });

  test('in exodus mode no batch, deposit or exit request is accepted; claims still are', async () => {
    const rollup = await rollupWithVerifiers(fx, { exodusDelay: DELAY });
    await (await asAlice(rollup).depositTo(1, 3n, { value: 3n * UNIT })).wait();
    const s = await nextSubmission(fx, rollup, { withdrawals: [{ kind: 2, from: 1, amount: 2n, fee: 0n, address: bob.address }] });
    await submit(rollup, s);
    await increaseTime(DELAY + 1);
    await (await rollup.activateExodus()).wait();
    const stateHash = await rollup.stateHash();
    const exodusMode = { name: 'Rollup__ExodusMode', args: [] };
    const key = generateKeyPair(suite.eddsa).publicKey;
    expect(await rejection(async () => submit(rollup, await nextSubmission(fx, rollup, { queueCount: 1 })))).toEqual(exodusMode);
    expect(await rejection(() => asAlice(rollup).deposit(key[0], key[1], 1n, { value: UNIT }))).toEqual(exodusMode);
    expect(await rejection(() => asAlice(rollup).depositTo(0, 1n, { value: UNIT }))).toEqual(exodusMode);
    expect(await rejection(() => asAlice(rollup).requestExit(0))).toEqual(exodusMode);
    expect([await rollup.stateHash(), await rollup.queueLength(), await rollup.consumed()]).toEqual([stateHash, 1n, 0n]);
    await (await (rollup.connect(bob) as Contract).claim()).wait();
    expect(await rollup.claimable(bob.address)).toBe(0n);
  });
});

describe('exodusWithdraw', () => {
  const owner = (s: JsonRpcSigner) => BigInt(s.address);
  let rollup: Contract;
  let tree: AccountTree;
  let stale: AccountTree;

  /** The arguments of `exodusWithdraw` for `index` of `t`. */
  function exitArgs(t: AccountTree, index: number): [bigint, number, { ax: bigint; ay: bigint; balance: bigint; nonce: bigint; owner: string }, bigint[][]] {
    const a = t.account(index)!;
    const account = { ax: a.publicKey[0], ay: a.publicKey[1], balance: a.balance, nonce: a.nonce, owner: `0x${a.owner.toString(16).padStart(40, '0')}` };
    return [t.root, index, account, t.siblings(index).map((triple) => [...triple])];
  }

  beforeAll(async () => {
    const accounts: [number, Account][] = [
      [0, { publicKey: generateKeyPair(suite.eddsa).publicKey, balance: 100n, nonce: 3n, owner: owner(alice) }],
      [1, { publicKey: generateKeyPair(suite.eddsa).publicKey, balance: 50n, nonce: 0n, owner: 0n }],
      [2, { publicKey: generateKeyPair(suite.eddsa).publicKey, balance: 0n, nonce: 1n, owner: owner(bob) }],
      [201, { publicKey: generateKeyPair(suite.eddsa).publicKey, balance: (1n << 64n) - 1n, nonce: (1n << 64n) - 1n, owner: owner(bob) }],
    ];
    stale = AccountTree.fromAccounts(suite.poseidon, 8, accounts);
    rollup = await rollupWithVerifiers(fx, { exodusDelay: DELAY, genesisRoot: stale.root, nextIndex: 202, unit: 1n });
    // One accepted batch moves the state to a tree where account 0 paid 10 to account 2.
    tree = stale.set(0, { ...stale.account(0)!, balance: 90n, nonce: 4n }).set(2, { ...stale.account(2)!, balance: 10n });
    const domain = await rollup.domain();
    await submit(rollup, await nextSubmission(fx, rollup, { newStateHash: stateHashOf(suite, domain, tree.root) }));
    await hardhatProvider().send('hardhat_setBalance', [await rollup.getAddress(), '0x1000000000000000000']);
    await enterExodus(rollup);
  });

  test('is refused before exodus mode (NotInExodus)', async () => {
    const other = await rollupWithVerifiers(fx, { genesisRoot: stale.root });
    expect(await rejection(() => other.exodusWithdraw(...exitArgs(stale, 0)))).toEqual({ name: 'Rollup__NotInExodus', args: [] });
  });

  test('a root of an earlier state is StaleRoot, even with a valid proof in that state', async () => {
    expect(stale.account(2)!.balance).toBe(0n);
    expect(await rejection(() => rollup.exodusWithdraw(...exitArgs(stale, 2)))).toEqual({ name: 'Rollup__StaleRoot', args: [stale.root] });
  });

  test('credits balance·unit to the owner once per index; a second withdrawal is AlreadyExited', async () => {
    const receipt = await (await rollup.exodusWithdraw(...exitArgs(tree, 0))).wait();
    const logs = receipt.logs.map((l: never) => rollup.interface.parseLog(l)).map((l: { name: string; args: unknown[] }) => [l.name, ...l.args]);
    expect(logs).toEqual([['Credited', alice.address, 90n], ['ExodusWithdrawal', 0n, alice.address, 90n]]);
    expect([await rollup.claimable(alice.address), await rollup.exited(0)]).toEqual([90n, true]);
    expect(await rejection(() => rollup.exodusWithdraw(...exitArgs(tree, 0)))).toEqual({ name: 'Rollup__AlreadyExited', args: [0n] });
    // The largest balance and nonce, at the last level's digit 3 (201 = 3·64 + 2·4 + 1).
    await (await rollup.exodusWithdraw(...exitArgs(tree, 201))).wait();
    await (await rollup.exodusWithdraw(...exitArgs(tree, 2))).wait();
    expect(await rollup.claimable(bob.address)).toBe((1n << 64n) - 1n + 10n);
  });

  test('a forged leaf, sibling, index or sibling count is InvalidMerkleProof; values outside the field are NotInField', async () => {
    const [root, , account, siblings] = exitArgs(tree, 0);
    const invalid = (index: number) => ({ name: 'Rollup__InvalidMerkleProof', args: [BigInt(index)] });
    // Account 0 already exited; forge proofs for the unused index 3 from account 0's data and path.
    for (const forged of [{ ...account, balance: 91n }, { ...account, nonce: 3n }, { ...account, ax: account.ax + 1n }]) {
      expect(await rejection(() => rollup.exodusWithdraw(root, 3, forged, siblings))).toEqual(invalid(3));
    }
    expect(await rejection(() => rollup.exodusWithdraw(root, 3, account, siblings))).toEqual(invalid(3));
    const [, , a201, s201] = exitArgs(tree, 201);
    for (const [level, position] of [[0, 0], [1, 2], [3, 1]]) {
      const forged = s201.map((t) => [...t]);
      forged[level][position] += 1n;
      expect(await rejection(() => rollup.exodusWithdraw(root, 5, { ...a201, balance: 1n }, forged))).toEqual(invalid(5));
    }
    expect(await rejection(() => rollup.exodusWithdraw(root, 5, account, siblings.slice(0, 3)))).toEqual(invalid(5));
    expect(await rejection(() => rollup.exodusWithdraw(root, 5, account, [...siblings, [0n, 0n, 0n]]))).toEqual(invalid(5));
    expect(await rejection(() => rollup.exodusWithdraw(root, 256, account, siblings))).toEqual({ name: 'Rollup__IndexOutOfRange', args: [256n] });
    const aliased = siblings.map((t) => [...t]);
    aliased[0][0] += FIELD_ORDER;
    expect(await rejection(() => rollup.exodusWithdraw(root, 5, account, aliased))).toEqual({ name: 'Rollup__NotInField', args: [aliased[0][0]] });
    expect(await rejection(() => rollup.exodusWithdraw(root + FIELD_ORDER, 5, account, siblings))).toEqual({ name: 'Rollup__NotInField', args: [root + FIELD_ORDER] });
    expect(await rejection(() => rollup.exodusWithdraw(root, 5, { ...account, ay: account.ay + FIELD_ORDER }, siblings))).toEqual({ name: 'Rollup__NotInField', args: [account.ay + FIELD_ORDER] });
  });

  test('an account without an owner cannot leave (NoOwner), even with a valid proof', async () => {
    expect(await rejection(() => rollup.exodusWithdraw(...exitArgs(tree, 1)))).toEqual({ name: 'Rollup__NoOwner', args: [1n] });
    expect(await rollup.exited(1)).toBe(false);
  });
});

describe('refundDeposit', () => {
  /** The queue word of §12.1. */
  const wordOf = (kind: number, index: number, amount: bigint, address: string) =>
    BigInt(kind) + 4n * BigInt(index) + (1n << 34n) * (amount === 0n ? 0n : encodeAmount(amount)) + (1n << 72n) * BigInt(address);

  test('credits an unconsumed deposit back once; consumed, exit, unknown and mismatched operations are refused', async () => {
    const rollup = await rollupWithVerifiers(fx, { exodusDelay: DELAY });
    const key = generateKeyPair(suite.eddsa).publicKey;
    await (await asAlice(rollup).depositTo(1, 2n, { value: 2n * UNIT })).wait(); // 0: consumed below
    await (await asAlice(rollup).deposit(key[0], key[1], 5n, { value: 5n * UNIT })).wait(); // 1: kind 1, index 4
    await (await (rollup.connect(bob) as Contract).depositTo(2, 3000n, { value: 3000n * UNIT })).wait(); // 2: kind 2
    await (await asAlice(rollup).requestExit(0)).wait(); // 3: kind 3
    const w1 = wordOf(1, 4, 5n, alice.address);
    expect(await rejection(() => rollup.refundDeposit(1, key[0], key[1], w1))).toEqual({ name: 'Rollup__NotInExodus', args: [] });
    await submit(rollup, await nextSubmission(fx, rollup, { queueCount: 1 }));
    await increaseTime(DELAY + 1);
    await (await rollup.activateExodus()).wait();

    const notRefundable = (p: number) => ({ name: 'Rollup__NotRefundable', args: [BigInt(p)] });
    const mismatch = (p: number) => ({ name: 'Rollup__QueueOperationMismatch', args: [BigInt(p)] });
    expect(await rejection(() => rollup.refundDeposit(0, 0n, 0n, wordOf(2, 1, 2n, alice.address)))).toEqual(notRefundable(0));
    expect(await rejection(() => rollup.refundDeposit(3, 0n, 0n, wordOf(3, 0, 0n, alice.address)))).toEqual(notRefundable(3));
    expect(await rejection(() => rollup.refundDeposit(4, key[0], key[1], w1))).toEqual(notRefundable(4));
    // Another amount, another address, another key, the word of another position, aliases mod r and above 2^232.
    for (const [ax, ay, word] of [
      [key[0], key[1], wordOf(1, 4, 50n, alice.address)],
      [key[0], key[1], wordOf(1, 4, 5n, bob.address)],
      [key[0], key[1] + 1n, w1],
      [0n, 0n, wordOf(2, 2, 3000n, bob.address)],
      [key[0] + FIELD_ORDER, key[1], w1],
      [key[0], key[1], w1 + FIELD_ORDER],
      [key[0], key[1], w1 + (1n << 232n)],
    ]) {
      expect(await rejection(() => rollup.refundDeposit(1, ax, ay, word))).toEqual(mismatch(1));
    }
    const receipt = await (await rollup.refundDeposit(1, key[0], key[1], w1)).wait();
    const logs = receipt.logs.map((l: never) => rollup.interface.parseLog(l)).map((l: { name: string; args: unknown[] }) => [l.name, ...l.args]);
    expect(logs).toEqual([['Credited', alice.address, 5n * UNIT], ['DepositRefunded', 1n, alice.address, 5n * UNIT]]);
    expect(await rejection(() => rollup.refundDeposit(1, key[0], key[1], w1))).toEqual({ name: 'Rollup__AlreadyRefunded', args: [1n] });
    await (await rollup.refundDeposit(2, 0n, 0n, wordOf(2, 2, 3000n, bob.address))).wait();
    expect([await rollup.claimable(alice.address), await rollup.claimable(bob.address), await rollup.refunded(1), await rollup.refunded(0)]).toEqual([5n * UNIT, 3000n * UNIT, true, false]);
    // The money leaves with claim: the consumed deposit (2) stays in the rollup for the exodus withdrawals.
    await (await (rollup.connect(bob) as Contract).claim()).wait();
    await (await asAlice(rollup).claim()).wait();
    expect(await hardhatProvider().getBalance(await rollup.getAddress())).toBe(2n * UNIT);
  });
});
