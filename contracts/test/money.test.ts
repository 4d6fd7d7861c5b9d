/**
 * Money on L1 (docs/protocol.md §13): credits become claimable balances paid out once by `claim`, in ETH
 * or an ERC-20; attacked with a re-entrant claimer, a claimer that refuses ETH, and ERC-20s that return
 * false, return nothing, revert or keep a fee on transfer (test fixtures), on Hardhat's network with real
 * toy proofs of the batches that create the credits.
 */
import { type Contract, Interface, type JsonRpcSigner } from 'ethers';
import { createCryptoSuite, generateKeyPair } from '@zkr/state';
import { compileFixtureContract, terminateCurve, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { type Artifact, deployContract, hardhatProvider, nextSubmission, rejection, rollupWithVerifiers, signer, submit } from './helpers';

const UNIT = 10n ** 9n;

let fx: ToyArtifacts;
let alice: JsonRpcSigner;
let bob: JsonRpcSigner;
let tokenArtifact: Artifact;
let claimerArtifact: Artifact;
let key: readonly [bigint, bigint];

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  [alice, bob] = await Promise.all([signer(1), signer(2)]);
  tokenArtifact = compileFixtureContract('TestToken');
  claimerArtifact = compileFixtureContract('ReentrantClaimer');
  key = generateKeyPair((await createCryptoSuite()).eddsa).publicKey;
});

afterAll(terminateCurve);

/** Accepts a batch whose one withdrawal position credits `amount` (L2 units) to `to`. */
async function creditBy(rollup: Contract, to: string, amount: bigint): Promise<void> {
  await submit(rollup, await nextSubmission(fx, rollup, { withdrawals: [{ kind: 2, from: 1, amount, fee: 0n, address: to }] }));
}

/** Funds `rollup` with `value` wei through a deposit from `from` (the money the credits are paid from). */
async function fund(rollup: Contract, amount: bigint, from: JsonRpcSigner = alice): Promise<void> {
  await (await (rollup.connect(from) as Contract).depositTo(0, amount, { value: amount * UNIT })).wait();
}

describe('claim in ETH', () => {
  test('pays the whole claimable balance once; a second claim and an address never credited are NothingToClaim', async () => {
    const rollup = await rollupWithVerifiers(fx);
    await fund(rollup, 100n);
    await creditBy(rollup, bob.address, 30n);
    await creditBy(rollup, bob.address, 12n);
    expect(await rollup.claimable(bob.address)).toBe(42n * UNIT);
    const asBob = rollup.connect(bob) as Contract;
    const before = await hardhatProvider().getBalance(bob.address);
    const receipt = await (await asBob.claim()).wait();
    const after = await hardhatProvider().getBalance(bob.address);
    expect(after - before + (receipt.gasUsed as bigint) * (receipt.gasPrice as bigint)).toBe(42n * UNIT);
    expect(receipt.logs.map((l: never) => rollup.interface.parseLog(l)).map((l: { name: string; args: unknown[] }) => [l.name, ...l.args])).toEqual([['Claimed', bob.address, 42n * UNIT]]);
    expect(await rollup.claimable(bob.address)).toBe(0n);
    expect(await hardhatProvider().getBalance(await rollup.getAddress())).toBe(58n * UNIT);
    expect(await rejection(() => asBob.claim())).toEqual({ name: 'Rollup__NothingToClaim', args: [bob.address] });
    expect(await rejection(() => (rollup.connect(alice) as Contract).claim())).toEqual({ name: 'Rollup__NothingToClaim', args: [alice.address] });
  });

  test('a claimer that re-enters claim and depositTo while paid gets its balance once: both re-entries are Reentrancy', async () => {
    const rollup = await rollupWithVerifiers(fx);
    await fund(rollup, 100n);
    const claimer = await deployContract(claimerArtifact, [await rollup.getAddress()]);
    const claimerAddress = await claimer.getAddress();
    await creditBy(rollup, claimerAddress, 25n);
    await (await claimer.claim()).wait();
    expect(await claimer.payments()).toBe(1n);
    const iface = new Interface(rollup.interface.fragments);
    expect(iface.parseError(await claimer.claimRevert())?.name).toBe('Rollup__Reentrancy');
    expect(iface.parseError(await claimer.depositRevert())?.name).toBe('Rollup__Reentrancy');
    expect(await hardhatProvider().getBalance(claimerAddress)).toBe(25n * UNIT);
    expect(await hardhatProvider().getBalance(await rollup.getAddress())).toBe(75n * UNIT);
    expect([await rollup.claimable(claimerAddress), await rollup.queueLength()]).toEqual([0n, 1n]);
    expect(await rejection(() => claimer.claim())).toEqual({ name: 'Rollup__NothingToClaim', args: [claimerAddress] });
  });

  test('a receiver that reverts is TransferFailed and keeps its claimable balance', async () => {
    const rollup = await rollupWithVerifiers(fx);
    await fund(rollup, 10n);
    const claimer = await deployContract(claimerArtifact, [await rollup.getAddress()]);
    const claimerAddress = await claimer.getAddress();
    await creditBy(rollup, claimerAddress, 4n);
    await (await claimer.setRefuse(true)).wait();
    expect(await rejection(() => claimer.claim())).toEqual({ name: 'Rollup__TransferFailed', args: [claimerAddress, 4n * UNIT] });
    expect(await rollup.claimable(claimerAddress)).toBe(4n * UNIT);
    await (await claimer.setRefuse(false)).wait();
    await (await claimer.claim()).wait();
    expect(await hardhatProvider().getBalance(claimerAddress)).toBe(4n * UNIT);
  });
});

describe('an ERC-20 rollup', () => {
  const MODES = { standard: 0, returnsFalse: 1, returnsNothing: 2, feeOnTransfer: 3, reverts: 4 } as const;

  /** A rollup of a fresh TestToken (unit 1000); alice holds 10^9 base units and approved the rollup. */
  async function tokenRollup(): Promise<{ rollup: Contract; token: Contract }> {
    const token = await deployContract(tokenArtifact, [MODES.standard]);
    const rollup = await rollupWithVerifiers(fx, { token: await token.getAddress(), unit: 1000n });
    await (await token.mint(alice.address, 10n ** 9n)).wait();
    await (await (token.connect(alice) as Contract).approve(await rollup.getAddress(), 10n ** 9n)).wait();
    return { rollup, token };
  }

  test('deposits move exactly amount·unit by transferFrom; ETH sent along is WrongValue; no allowance is TokenTransferFailed', async () => {
    const { rollup, token } = await tokenRollup();
    const asAlice = rollup.connect(alice) as Contract;
    await (await asAlice.deposit(key[0], key[1], 7n)).wait();
    await (await asAlice.depositTo(0, 5n)).wait();
    await (await asAlice.deposit(key[0], key[1], 0n)).wait();
    expect(await token.balanceOf(await rollup.getAddress())).toBe(12_000n);
    expect(await rejection(() => asAlice.depositTo(0, 5n, { value: 5000n }))).toEqual({ name: 'Rollup__WrongValue', args: [0n, 5000n] });
    expect(await rejection(() => asAlice.deposit(key[0], key[1], 0n, { value: 1n }))).toEqual({ name: 'Rollup__WrongValue', args: [0n, 1n] });
    expect(await rejection(() => (rollup.connect(bob) as Contract).depositTo(0, 5n))).toEqual({ name: 'Rollup__TokenTransferFailed', args: [5000n, 0n] });
    expect(await rollup.queueLength()).toBe(3n);
  });

  test('a token whose transferFrom returns false or keeps a fee is refused (TokenTransferFailed); one returning nothing works', async () => {
    const { rollup, token } = await tokenRollup();
    const asAlice = rollup.connect(alice) as Contract;
    await (await token.setMode(MODES.returnsFalse)).wait();
    expect(await rejection(() => asAlice.depositTo(0, 5n))).toEqual({ name: 'Rollup__TokenTransferFailed', args: [5000n, 0n] });
    await (await token.setMode(MODES.feeOnTransfer)).wait();
    expect(await rejection(() => asAlice.depositTo(0, 5n))).toEqual({ name: 'Rollup__TokenTransferFailed', args: [5000n, 4950n] });
    expect(await rejection(() => asAlice.deposit(key[0], key[1], 1n))).toEqual({ name: 'Rollup__TokenTransferFailed', args: [1000n, 990n] });
    await (await token.setMode(MODES.reverts)).wait();
    expect(await rejection(() => asAlice.depositTo(0, 5n))).toEqual({ name: 'Rollup__TokenTransferFailed', args: [5000n, 0n] });
    expect([await rollup.queueLength(), await rollup.nextIndex()]).toEqual([0n, 4n]);
    await (await token.setMode(MODES.returnsNothing)).wait();
    await (await asAlice.depositTo(0, 5n)).wait();
    expect(await token.balanceOf(await rollup.getAddress())).toBe(5000n);
  });

  test('claims pay by transfer; a transfer returning false or reverting is TransferFailed and keeps the credit; returning nothing works', async () => {
    const { rollup, token } = await tokenRollup();
    await (await (rollup.connect(alice) as Contract).depositTo(0, 100n)).wait();
    await creditBy(rollup, bob.address, 30n);
    const asBob = rollup.connect(bob) as Contract;
    for (const mode of [MODES.returnsFalse, MODES.reverts]) {
      await (await token.setMode(mode)).wait();
      expect(await rejection(() => asBob.claim())).toEqual({ name: 'Rollup__TransferFailed', args: [bob.address, 30_000n] });
      expect(await rollup.claimable(bob.address)).toBe(30_000n);
    }
    await (await token.setMode(MODES.returnsNothing)).wait();
    await (await asBob.claim()).wait();
    expect([await token.balanceOf(bob.address), await rollup.claimable(bob.address)]).toEqual([30_000n, 0n]);
    await creditBy(rollup, bob.address, 20n);
    await (await token.setMode(MODES.standard)).wait();
    const receipt = await (await asBob.claim()).wait();
    expect(receipt.logs.map((l: never) => rollup.interface.parseLog(l)).filter(Boolean).map((l: { name: string; args: unknown[] }) => [l.name, ...l.args])).toEqual([['Claimed', bob.address, 20_000n]]);
    expect([await token.balanceOf(bob.address), await token.balanceOf(await rollup.getAddress())]).toEqual([50_000n, 50_000n]);
    expect(await rejection(() => asBob.claim())).toEqual({ name: 'Rollup__NothingToClaim', args: [bob.address] });
  });
});
