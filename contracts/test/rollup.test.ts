/**
 * The Rollup contract (protocol version 3) on Hardhat's in-process network, driven with ethers: its
 * deployment (§4, §13), the L1 queue of deposits and forced exits (§12.1) and batch submission with
 * its four public inputs (§7), each rule attacked with real snarkjs proofs of the four-input toy
 * circuit over batch data written by the test.
 */
import { Contract, type JsonRpcSigner, toBeHex, Wallet, ZeroAddress } from 'ethers';
import { PoseidonT3, PoseidonT5 } from '@zkr/contracts';
import { computeDomain, createCryptoSuite, type CryptoSuite, encodeAmount, FIELD_ORDER, generateKeyPair, stateHashOf } from '@zkr/state';
import { terminateCurve, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';
import { add, onCurve, type Point, torsionPoints } from './babyjub';
import {
  deployRollup, hardhatProvider, nextSubmission, noopSlots, randomFieldElement, rejection, rollupConfig, rollupWithVerifiers,
  signer, submit, toyVerifier, transferSlots, type Submission,
} from './helpers';

const QUEUE_HASH_MASK = (1n << 216n) - 1n;
const UNIT = 10n ** 9n;

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

const key = (): Point => generateKeyPair(suite.eddsa).publicKey as unknown as Point;
const asAlice = (rollup: Contract) => rollup.connect(alice) as Contract;

/** The queue word of §12.1: `kind + 4·index + 2^34·amountWord + 2^72·address`. */
function wordOf(kind: number, index: number, amount: bigint, address: string): bigint {
  return BigInt(kind) + 4n * BigInt(index) + (1n << 34n) * (amount === 0n ? 0n : encodeAmount(amount)) + (1n << 72n) * BigInt(address);
}

/** `Poseidon([previous, ax, ay, word]) mod 2^216`. */
const queueStep = (previous: bigint, ax: bigint, ay: bigint, word: bigint) => suite.poseidon.hash([previous, ax, ay, word]) & QUEUE_HASH_MASK;

/** Submits `s` with one field changed, expecting the custom error `name`. */
async function expectSubmitError(rollup: Contract, s: Submission, name: string): Promise<unknown[]> {
  const error = await rejection(() => submit(rollup, s));
  expect(error.name).toBe(name);
  return error.args;
}

describe('deployment', () => {
  test('computes the v3 domain and Poseidon([domain, genesisRoot]) as @zkr/state does, and keeps the config', async () => {
    const config = await rollupConfig({ depth: 24, queuePositions: 3, withdrawalPositions: 2, nextIndex: 17, exodusDelay: 3600, unit: 7n });
    const rollup = await deployRollup(config);
    const address = await rollup.getAddress();
    const domain = computeDomain(31337n, address);
    expect(await rollup.domain()).toBe(domain);
    expect(await rollup.stateHash()).toBe(stateHashOf(suite, domain, config.genesisRoot));
    const views = await Promise.all([
      rollup.depth(), rollup.QUEUE_POSITIONS(), rollup.WITHDRAWAL_POSITIONS(), rollup.nextIndex(), rollup.exodusDelay(), rollup.unit(),
      rollup.token(), rollup.poseidon2(), rollup.poseidon4(), rollup.INDEX_BYTES(), rollup.SLOT_BYTES(), rollup.WITHDRAWAL_BYTES(),
      rollup.batchNumber(), rollup.queueLength(), rollup.consumed(), rollup.exodus(), rollup.queueHashAt(0),
    ]);
    expect(views).toEqual([24n, 3n, 2n, 17n, 3600n, 7n, ZeroAddress, config.poseidon2, config.poseidon4, 3n, 12n, 29n, 0n, 0n, 0n, false, 0n]);
    const created = await rollup.queryFilter(rollup.filters.RollupCreated());
    expect(created.map((e) => (e as unknown as { args: unknown[] }).args.map((a) => a))).toEqual([[domain, 24n, config.genesisRoot, await rollup.stateHash()]]);
  });

  test('INDEX_BYTES, SLOT_BYTES and WITHDRAWAL_BYTES are I = ceil(D/8), 2·I + 6 and I + 26 for every even depth 2..32', async () => {
    const config = await rollupConfig({ nextIndex: 0 });
    for (const depth of [2, 8, 10, 16, 18, 24, 26, 32]) {
      const rollup = await deployRollup({ ...config, depth });
      const I = Math.ceil(depth / 8);
      expect([await rollup.INDEX_BYTES(), await rollup.SLOT_BYTES(), await rollup.WITHDRAWAL_BYTES()]).toEqual([I, 2 * I + 6, I + 26].map(BigInt));
    }
  });

  test('the shipped PoseidonT3 and PoseidonT5 equal @zkr/state\'s Poseidon, at the field boundaries too', async () => {
    const { poseidon2, poseidon4 } = await rollupConfig();
    const t3 = new Contract(poseidon2, PoseidonT3.abi, hardhatProvider());
    const t5 = new Contract(poseidon4, PoseidonT5.abi, hardhatProvider());
    const top = FIELD_ORDER - 1n;
    for (const input of [[0n, 0n], [1n, 2n], [top, top], [randomFieldElement(), randomFieldElement()]]) {
      expect(await t3.hash(input)).toBe(suite.poseidon.hash(input));
    }
    for (const input of [[0n, 0n, 0n, 0n], [1n, 2n, 3n, 4n], [top, top, top, top], [randomFieldElement(), 0n, randomFieldElement(), top]]) {
      expect(await t5.hash(input)).toBe(suite.poseidon.hash(input));
    }
  });

  test('the constructor refuses every out-of-range parameter, and accepts the bounds', async () => {
    const config = await rollupConfig();
    const noCode = Wallet.createRandom().address;
    const cases: [Partial<typeof config>, string, unknown[]][] = [
      [{ depth: 0 }, 'Rollup__InvalidDepth', [0n]],
      [{ depth: 7 }, 'Rollup__InvalidDepth', [7n]],
      [{ depth: 34 }, 'Rollup__InvalidDepth', [34n]],
      [{ queuePositions: 0 }, 'Rollup__InvalidQueuePositions', [0n]],
      [{ queuePositions: 65 }, 'Rollup__InvalidQueuePositions', [65n]],
      [{ withdrawalPositions: 0 }, 'Rollup__InvalidWithdrawalPositions', [0n]],
      [{ withdrawalPositions: 65 }, 'Rollup__InvalidWithdrawalPositions', [65n]],
      [{ depth: 8, nextIndex: 257 }, 'Rollup__IndexOutOfRange', [257n]],
      [{ exodusDelay: 0 }, 'Rollup__InvalidExodusDelay', [0n]],
      [{ genesisRoot: FIELD_ORDER }, 'Rollup__NotInField', [FIELD_ORDER]],
      [{ unit: 0n }, 'Rollup__InvalidUnit', [0n]],
      [{ unit: 1n << 128n }, 'Rollup__InvalidUnit', [1n << 128n]],
      [{ token: noCode }, 'Rollup__NotAContract', [noCode]],
      [{ poseidon2: noCode }, 'Rollup__NotAContract', [noCode]],
      [{ poseidon4: noCode }, 'Rollup__NotAContract', [noCode]],
    ];
    for (const [override, name, args] of cases) {
      expect(await rejection(() => deployRollup({ ...config, ...override }))).toEqual({ name, args });
    }
    for (const bounds of [{ depth: 2, nextIndex: 4 }, { depth: 8, nextIndex: 256 }, { depth: 32, nextIndex: 2 ** 32 - 1 }, { depth: 32, queuePositions: 64, withdrawalPositions: 64, exodusDelay: 2 ** 32 - 1, unit: (1n << 128n) - 1n, genesisRoot: FIELD_ORDER - 1n }]) {
      expect(await (await deployRollup({ ...config, ...bounds })).getAddress()).toMatch(/^0x/);
    }
  });
});

describe('the queue (§12.1)', () => {
  test('deposit, depositTo and requestExit append operations whose hash chain and words match §12.1', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig({ nextIndex: 3, unit: 1n })));
    const [ax, ay] = key();
    const ops: { kind: number; index: number; amount: bigint; ax: bigint; ay: bigint }[] = [];
    await (await rollup.deposit(ax, ay, 1000n, { value: 1000n })).wait();
    ops.push({ kind: 1, index: 3, amount: 1000n, ax, ay });
    expect([...(await rollup.deposit.staticCall(ax, ay, 0n))]).toEqual([4n, 1n]);
    await (await rollup.deposit(ax, ay, 0n)).wait();
    ops.push({ kind: 1, index: 4, amount: 0n, ax, ay });
    const big = 18_000n * 10n ** 15n; // m = 18000, e = 15: above 2^64 / 1.03, representable
    await (await rollup.depositTo(1, big, { value: big })).wait();
    ops.push({ kind: 2, index: 1, amount: big, ax: 0n, ay: 0n });
    expect(await rollup.requestExit.staticCall(4)).toBe(3n);
    await (await rollup.requestExit(4)).wait();
    ops.push({ kind: 3, index: 4, amount: 0n, ax: 0n, ay: 0n });

    const events = await rollup.queryFilter(rollup.filters.QueueOperationAdded());
    let hash = 0n;
    for (const [k, op] of ops.entries()) {
      hash = queueStep(hash, op.ax, op.ay, wordOf(op.kind, op.index, op.amount, alice.address));
      expect(await rollup.queueHashAt(k + 1)).toBe(hash);
      const time = BigInt((await events[k].getBlock()).timestamp);
      expect(await rollup.queueTimeOf(k)).toBe(time);
      expect((events[k] as unknown as { args: unknown[] }).args.map((a) => a)).toEqual([BigInt(k), BigInt(op.kind), BigInt(op.index), op.amount, alice.address, op.ax, op.ay, hash, time]);
    }
    expect([await rollup.queueLength(), await rollup.consumed(), await rollup.nextIndex()]).toEqual([4n, 0n, 5n]);
    expect(await hardhatProvider().getBalance(await rollup.getAddress())).toBe(1000n + big);
    expect(await rejection(() => rollup.queueHashAt(5))).toEqual({ name: 'Rollup__QueuePositionOutOfRange', args: [5n, 4n] });
    expect(await rejection(() => rollup.queueTimeOf(4))).toEqual({ name: 'Rollup__QueuePositionOutOfRange', args: [4n, 4n] });
  });

  test('the word holds the canonical float: 1000 is m = 1000, e = 0, and 10·(2^34 - 1) is m = 2^34 - 1, e = 1', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig()));
    let hash = 0n;
    for (const amount of [1000n, 10n * ((1n << 34n) - 1n)]) {
      await (await rollup.depositTo(0, amount, { value: amount * UNIT })).wait();
      const amountWord = amount === 1000n ? 1000n : (1n << 34n) + (1n << 34n) - 1n;
      hash = queueStep(hash, 0n, 0n, 2n + (1n << 34n) * amountWord + (1n << 72n) * BigInt(alice.address));
      expect(await rollup.queueHashAt(await rollup.queueLength())).toBe(hash);
    }
  });

  test('the value paid must be exactly amount·unit (WrongValue), for both kinds of deposit', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig()));
    const [ax, ay] = key();
    for (const value of [0n, 5n * UNIT - 1n, 5n * UNIT + 1n, 50n * UNIT]) {
      expect(await rejection(() => rollup.deposit(ax, ay, 5n, { value }))).toEqual({ name: 'Rollup__WrongValue', args: [5n * UNIT, value] });
      expect(await rejection(() => rollup.depositTo(0, 5n, { value }))).toEqual({ name: 'Rollup__WrongValue', args: [5n * UNIT, value] });
    }
    expect(await rejection(() => rollup.deposit(ax, ay, 0n, { value: 1n }))).toEqual({ name: 'Rollup__WrongValue', args: [0n, 1n] });
    await expect(rollup.requestExit(0, { value: 1n })).rejects.toThrow();
    expect(await rollup.queueLength()).toBe(0n);
  });

  test('an amount without a float encoding is AmountNotRepresentable; the largest exponent still works', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig({ unit: 1n })));
    const [ax, ay] = key();
    for (const amount of [(1n << 34n) + 1n, 1n << 34n, (1n << 64n) - 1n, (1n << 34n) * 10n + 10n]) {
      expect(await rejection(() => rollup.deposit(ax, ay, amount, { value: amount }))).toEqual({ name: 'Rollup__AmountNotRepresentable', args: [amount] });
      expect(await rejection(() => rollup.depositTo(0, amount, { value: amount }))).toEqual({ name: 'Rollup__AmountNotRepresentable', args: [amount] });
    }
    // 2^34·10^16 > 2^64; e = 15 is the largest exponent: 12345·10^15 is representable.
    await (await rollup.depositTo(0, 12345n * 10n ** 15n, { value: 12345n * 10n ** 15n })).wait();
    await (await rollup.deposit(ax, ay, (1n << 34n) - 1n, { value: (1n << 34n) - 1n })).wait();
    expect(await rollup.queueLength()).toBe(2n);
  });

  test('depositTo of 0 is ZeroAmount; an index at or above nextIndex is UnknownAccount for depositTo and requestExit', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig({ nextIndex: 2 })));
    expect(await rejection(() => rollup.depositTo(0, 0n))).toEqual({ name: 'Rollup__ZeroAmount', args: [] });
    for (const index of [2, 3, 2 ** 32 - 1]) {
      expect(await rejection(() => rollup.depositTo(index, 1n, { value: UNIT }))).toEqual({ name: 'Rollup__UnknownAccount', args: [BigInt(index), 2n] });
      expect(await rejection(() => rollup.requestExit(index))).toEqual({ name: 'Rollup__UnknownAccount', args: [BigInt(index), 2n] });
    }
    await (await rollup.depositTo(1, 1n, { value: UNIT })).wait();
    await (await rollup.requestExit(1)).wait();
    const [ax, ay] = key();
    await (await rollup.deposit(ax, ay, 0n)).wait();
    await (await rollup.depositTo(2, 1n, { value: UNIT })).wait(); // index 2 is now assigned
    expect(await rollup.queueLength()).toBe(4n);
  });

  test('a key off the curve, outside the field or of small order is InvalidPublicKey; a subgroup key plus torsion is accepted', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig()));
    const good = key();
    const { order1, order2, order4, order8 } = torsionPoints();
    for (const t of [order1, order2, order4, order8]) expect(onCurve(t)).toBe(true);
    const bad: Point[] = [[1n, 2n], [good[0], good[1] + 1n], [good[0] + FIELD_ORDER, good[1]], [good[0], good[1] + FIELD_ORDER], order1, order2, order4, order8, [0n, 0n]];
    for (const [ax, ay] of bad) {
      expect(await rejection(() => rollup.deposit(ax, ay, 0n))).toEqual({ name: 'Rollup__InvalidPublicKey', args: [ax, ay] });
    }
    const mixed = add(good, order8);
    expect(onCurve(mixed)).toBe(true);
    await (await rollup.deposit(mixed[0], mixed[1], 0n)).wait();
    await (await rollup.deposit(good[0], good[1], 0n)).wait();
    expect(await rollup.nextIndex()).toBe(6n);
  });

  test('kind 1 takes the next free index until 2^D: then TreeFull (D = 2), also when genesis fills the tree', async () => {
    const rollup = asAlice(await deployRollup(await rollupConfig({ depth: 2, nextIndex: 2 })));
    const [ax, ay] = key();
    expect((await rollup.deposit.staticCall(ax, ay, 0n))[0]).toBe(2n);
    await (await rollup.deposit(ax, ay, 0n)).wait();
    await (await rollup.deposit(ax, ay, 0n)).wait();
    expect(await rollup.nextIndex()).toBe(4n);
    expect(await rejection(() => rollup.deposit(ax, ay, 0n))).toEqual({ name: 'Rollup__TreeFull', args: [] });
    await (await rollup.depositTo(3, 1n, { value: UNIT })).wait();
    const full = asAlice(await deployRollup(await rollupConfig({ depth: 2, nextIndex: 4 })));
    expect(await rejection(() => full.deposit(ax, ay, 0n))).toEqual({ name: 'Rollup__TreeFull', args: [] });
  });
});

describe('submitBatch (§7)', () => {
  test('accepts a batch consuming queue operations: the four inputs, consumed, the event and the credits', async () => {
    const rollup = await rollupWithVerifiers(fx, { queuePositions: 2 });
    const [ax, ay] = key();
    await (await asAlice(rollup).deposit(ax, ay, 5n, { value: 5n * UNIT })).wait();
    await (await asAlice(rollup).requestExit(0)).wait();
    await (await asAlice(rollup).depositTo(0, 7n, { value: 7n * UNIT })).wait();
    // The deposit's index was taken (refund 5), the exit paid 40; two of three operations consumed.
    const s = await nextSubmission(fx, rollup, { queueCount: 2, queue: [{ address: alice.address, amount: 5n }, { address: alice.address, amount: 40n }] });
    expect(s.proof.input.slice(2)).toEqual([0n, await rollup.queueHashAt(2)]);
    const receipt = await submit(rollup, s);
    const logs = receipt.logs.map((l: never) => rollup.interface.parseLog(l)).map((l: { name: string; args: unknown[] }) => [l.name, ...l.args]);
    expect(logs).toEqual([['BatchSubmitted', 1n, s.newStateHash, 2n], ['Credited', alice.address, 5n * UNIT], ['Credited', alice.address, 40n * UNIT]]);
    expect([await rollup.stateHash(), await rollup.batchNumber(), await rollup.consumed(), await rollup.claimable(alice.address)]).toEqual([s.newStateHash, 1n, 2n, 45n * UNIT]);
    // The next batch starts at queue hash 2.
    const next = await nextSubmission(fx, rollup, { queueCount: 1 });
    expect(next.proof.input.slice(2)).toEqual([await rollup.queueHashAt(2), await rollup.queueHashAt(3)]);
    await submit(rollup, next);
    expect(await rollup.consumed()).toBe(3n);
  });

  test('queueCount above Q or above the pending operations is QueueCountOutOfRange', async () => {
    const rollup = await rollupWithVerifiers(fx, { queuePositions: 2 });
    await (await asAlice(rollup).requestExit(0)).wait();
    const s = await nextSubmission(fx, rollup, { queueCount: 1 });
    expect(await expectSubmitError(rollup, { ...s, queueCount: 2 }, 'Rollup__QueueCountOutOfRange')).toEqual([2n, 2n, 1n]);
    expect(await expectSubmitError(rollup, { ...s, queueCount: 3 }, 'Rollup__QueueCountOutOfRange')).toEqual([3n, 2n, 1n]);
    await submit(rollup, s);
    const after = await nextSubmission(fx, rollup, { queueCount: 0 });
    expect(await expectSubmitError(rollup, { ...after, queueCount: 1 }, 'Rollup__QueueCountOutOfRange')).toEqual([1n, 2n, 0n]);
  });

  test('a batch consuming another number of operations than its proof, or proved for other queue hashes, is InvalidProof', async () => {
    const rollup = await rollupWithVerifiers(fx, { queuePositions: 2 });
    await (await asAlice(rollup).requestExit(0)).wait();
    await (await asAlice(rollup).requestExit(1)).wait();
    const one = await nextSubmission(fx, rollup, { queueCount: 1 });
    for (const queueCount of [0, 2]) await expectSubmitError(rollup, { ...one, queueCount }, 'Rollup__InvalidProof');
    const none = await nextSubmission(fx, rollup, { queueCount: 0 });
    await expectSubmitError(rollup, { ...none, queueCount: 1 }, 'Rollup__InvalidProof');
    const h1 = await rollup.queueHashAt(1);
    const h2 = await rollup.queueHashAt(2);
    // Skipping the first operation, replaying from a wrong start, the queue hash without truncation, the inputs swapped.
    const forged = [
      { oldQueueHash: h1, newQueueHash: h2 },
      { oldQueueHash: 0n, newQueueHash: h2 },
      { oldQueueHash: 0n, newQueueHash: h1 + (1n << 216n) },
      { oldQueueHash: h1, newQueueHash: 0n },
    ];
    for (const hashes of forged) await expectSubmitError(rollup, await nextSubmission(fx, rollup, { queueCount: 1, ...hashes }), 'Rollup__InvalidProof');
    await submit(rollup, one);
    // The same queue positions cannot be consumed twice: the next batch starts after them.
    await expectSubmitError(rollup, await nextSubmission(fx, rollup, { queueCount: 1, oldQueueHash: 0n, newQueueHash: h1 }), 'Rollup__InvalidProof');
    expect(await rollup.consumed()).toBe(1n);
  });

  test('credits each queue amount > 0 and each kind-2 withdrawal once, times the unit; empty and zero positions credit nothing', async () => {
    const rollup = await rollupWithVerifiers(fx, { queuePositions: 2, withdrawalPositions: 3, unit: 3n });
    await (await asAlice(rollup).requestExit(0)).wait();
    await (await asAlice(rollup).requestExit(1)).wait();
    const withdrawals = [
      { kind: 2 as const, from: 1, amount: 12_000n * 10n ** 9n, fee: 10n, address: bob.address },
      { kind: 0 as const, from: 0, amount: 0n, fee: 0n, address: ZeroAddress },
      { kind: 2 as const, from: 2, amount: 9n, fee: 0n, address: alice.address },
    ];
    const s = await nextSubmission(fx, rollup, { queueCount: 2, queue: [{ address: alice.address, amount: 0n }, { address: alice.address, amount: 11n }], withdrawals });
    const receipt = await submit(rollup, s);
    const credited = receipt.logs.map((l: never) => rollup.interface.parseLog(l)).filter((l: { name: string }) => l.name === 'Credited').map((l: { args: unknown[] }) => [...l.args]);
    expect(credited).toEqual([[alice.address, 33n], [bob.address, 36_000n * 10n ** 9n], [alice.address, 27n]]);
    expect([await rollup.claimable(alice.address), await rollup.claimable(bob.address)]).toEqual([60n, 36_000n * 10n ** 9n]);
    // The same batch cannot be applied again, so its credits cannot be paid twice.
    await expectSubmitError(rollup, s, 'Rollup__WrongBatchNumber');
    await expectSubmitError(rollup, { ...s, batchNumber: 2n }, 'Rollup__QueueCountOutOfRange');
    await expectSubmitError(rollup, { ...s, batchNumber: 2n, queueCount: 0 }, 'Rollup__InvalidProof');
    expect(await rollup.claimable(alice.address)).toBe(60n);
  });

  test('batch data length selects the verifier by N = (length - 28·Q - V·W) / S; other lengths are NoVerifierForLength', async () => {
    const rollup = await rollupWithVerifiers(fx, { depth: 32, queuePositions: 2, withdrawalPositions: 1 }, [2, 4]);
    const fixed = 2 * 28 + 30;
    expect(await rollup.verifierForLength(fixed + 2 * 14)).toBe(await toyVerifier(fx));
    const s = await nextSubmission(fx, rollup, {});
    for (const length of [0, fixed, fixed + 14, fixed + 2 * 14 - 1, fixed + 2 * 14 + 1, fixed + 3 * 14, 2 * 14]) {
      expect(await expectSubmitError(rollup, { ...s, txData: Buffer.alloc(length) }, 'Rollup__NoVerifierForLength')).toEqual([BigInt(length)]);
    }
    await submit(rollup, s);
    await submit(rollup, await nextSubmission(fx, rollup, { slots: transferSlots(4) }));
    expect(await rollup.batchNumber()).toBe(2n);
  });

  test('rejects tampered data, a replayed or renumbered batch, out-of-range numbers, hashes and fee recipients', async () => {
    const rollup = await rollupWithVerifiers(fx, { depth: 8 });
    const s = await nextSubmission(fx, rollup, { feeRecipient: 255 });
    for (const at of [0, 27, 28, s.txData.length - 1]) {
      const txData = Buffer.from(s.txData);
      txData[at] ^= 1;
      await expectSubmitError(rollup, { ...s, txData }, 'Rollup__InvalidProof');
    }
    await expectSubmitError(rollup, { ...s, newStateHash: s.newStateHash ^ 1n }, 'Rollup__InvalidProof');
    await expectSubmitError(rollup, { ...s, feeRecipient: 254 }, 'Rollup__InvalidProof');
    expect(await expectSubmitError(rollup, { ...s, feeRecipient: 256 }, 'Rollup__IndexOutOfRange')).toEqual([256n]);
    expect(await expectSubmitError(rollup, { ...s, newStateHash: FIELD_ORDER }, 'Rollup__NotInField')).toEqual([FIELD_ORDER]);
    expect(await expectSubmitError(rollup, { ...s, batchNumber: 2n }, 'Rollup__WrongBatchNumber')).toEqual([1n, 2n]);
    expect(await expectSubmitError(rollup, { ...s, batchNumber: 1n << 32n }, 'Rollup__BatchNumberOutOfRange')).toEqual([1n << 32n]);
    await expectSubmitError(rollup, { ...s, proof: { ...s.proof, a: [s.proof.a[0], s.proof.a[1] ^ 1n] } }, 'Rollup__InvalidProof');
    await submit(rollup, s);
    expect(await expectSubmitError(rollup, s, 'Rollup__WrongBatchNumber')).toEqual([2n, 1n]);
    await expectSubmitError(rollup, { ...s, batchNumber: 2n }, 'Rollup__InvalidProof');
    // An empty batch keeps the state hash but is still valid once only.
    const empty = await nextSubmission(fx, rollup, { newStateHash: s.newStateHash, slots: noopSlots(2) });
    await submit(rollup, empty);
    await expectSubmitError(rollup, { ...empty, batchNumber: 3n }, 'Rollup__InvalidProof');
    expect([await rollup.stateHash(), await rollup.batchNumber()]).toEqual([s.newStateHash, 2n]);
  });

  test('the last batch number is 2^32 - 1 (stored count set by hand); 2^32 is BatchNumberOutOfRange', async () => {
    const rollup = await rollupWithVerifiers(fx);
    // Slot 1 packs queueLength (bits 0..63), consumed (64..127), nextIndex (128..191), batchCount (192..223), exodus, paused.
    const address = await rollup.getAddress();
    const slot = BigInt(await hardhatProvider().getStorage(address, 1));
    await hardhatProvider().send('hardhat_setStorageAt', [address, '0x1', toBeHex(slot | (((1n << 32n) - 2n) << 192n), 32)]);
    expect([await rollup.batchNumber(), await rollup.nextIndex()]).toEqual([(1n << 32n) - 2n, 4n]);
    const last = await nextSubmission(fx, rollup, {});
    expect(last.batchNumber).toBe((1n << 32n) - 1n);
    await submit(rollup, last);
    expect(await expectSubmitError(rollup, { ...last, batchNumber: 1n << 32n }, 'Rollup__BatchNumberOutOfRange')).toEqual([1n << 32n]);
  });

  test('only sequencers submit, not while paused; only the owner administers', async () => {
    const rollup = await rollupWithVerifiers(fx);
    const s = await nextSubmission(fx, rollup, {});
    const outsider = asAlice(rollup);
    expect(await expectSubmitError(outsider, s, 'Rollup__NotSequencer')).toEqual([alice.address]);
    for (const call of [() => outsider.setSequencer(alice.address, true), () => outsider.pause(), () => outsider.setVerifier(3, ZeroAddress), () => outsider.transferOwnership(alice.address)]) {
      expect(await rejection(call)).toEqual({ name: 'Rollup__NotOwner', args: [alice.address] });
    }
    expect(await rejection(() => rollup.setSequencer(ZeroAddress, true))).toEqual({ name: 'Rollup__ZeroAddress', args: [] });
    expect(await rejection(() => rollup.setVerifier(0, ZeroAddress))).toEqual({ name: 'Rollup__InvalidBatchSize', args: [0n] });
    expect(await rejection(() => rollup.unpause())).toEqual({ name: 'Rollup__NotPaused', args: [] });
    await (await rollup.pause()).wait();
    expect(await rejection(() => rollup.pause())).toEqual({ name: 'Rollup__Paused', args: [] });
    await expectSubmitError(rollup, s, 'Rollup__Paused');
    // Pausing stops batches only: the queue stays open.
    await (await outsider.requestExit(0)).wait();
    await (await rollup.unpause()).wait();
    await (await rollup.setSequencer(alice.address, true)).wait();
    await submit(outsider, s);
    await (await rollup.transferOwnership(alice.address)).wait();
    expect(await rollup.owner()).toBe(alice.address);
    expect(await rejection(() => rollup.pause())).toEqual({ name: 'Rollup__NotOwner', args: [(await signer(0)).address] });
  });
});
