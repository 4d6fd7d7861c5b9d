/**
 * Builder/circuit/replay agreement on random v3 batches (docs/protocol.md §5-§7, §9, §11, §12),
 * seeded by `testSeed()` (set ZKR_TEST_SEED to replay; the seed is in the test names): every batch
 * @zkr/state's builder makes from a random queue operation, random transfers and a random
 * withdrawal is accepted by the real witness generator with the four public signals of §7, passes
 * the replay check (`assertBatchConsistent`), and is reproduced byte for byte by the attacker's
 * builder (a third, independent model); every random invalid transfer or withdrawal the builder
 * rejects, with the code of the rule it breaks, and every queue operation proved with the other
 * outcome than the builder's, is refused by the circuit (real generator and free witness against
 * the R1CS) at that rule's constraint.
 */
import { batchToCircuitInput, DEFAULT_INSTANCE, parseWtns } from '@zkr/circuits';
import {
  assertBatchConsistent, buildBatch, transferMessage, type CryptoSuite, type QueueOperation, type QueueSkipReason, type RejectionCode,
  type SignedTransfer, type SignedWithdrawal, type WithdrawalRejectionCode,
} from '@zkr/state';
import {
  genesis, queueOperations, seededBigints, signAll, signWithdrawals, testKey, testSeed, TEST_DOMAIN, type AccountSpec, type Fixture, type QueueSpec,
} from '@zkr/test-helpers';
import { amountWordOf, feeByteOf, forge, rawBatchData, rawMessage, type ForgeSpec, type RawAccount, type RawQueuePosition } from './forge';
import { judge, loadHarness, type Harness } from './harness';
import { circuitInput } from './input';
import { site } from './sites';

const TWO64 = 1n << 64n;
const { depth, batchSize, queuePositions, withdrawalPositions } = DEFAULT_INSTANCE;
const SEED = testSeed();
const random = seededBigints(SEED);
/** A seeded integer in `[0, n)`. */
const below = (n: number | bigint): bigint => random(64) % BigInt(n);
const pickIndex = (n: number): number => Number(below(n));
/** A random representable fee: `m·10^e`, `m < 16`, `e < 3`. */
const randomFee = (): bigint => below(16) * 10n ** below(3);
/** A random L1 address that owns no fixture account. */
const randomAddress = (): bigint => 1n + below((1n << 64n) - 1n) * (1n << 96n);
let h: Harness;
let suite: CryptoSuite;

beforeAll(async () => {
  [h, { suite }] = await Promise.all([loadHarness(DEFAULT_INSTANCE), genesis(depth, [])]);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(() => jest.restoreAllMocks());

/** `count` distinct random indices of the tree. */
function randomIndices(count: number): number[] {
  const set = new Set<number>();
  while (set.size < count) set.add(pickIndex(2 ** depth));
  return [...set];
}

/** A random genesis of 5 accounts (balances 10^6 + up to 2^32, so every amount up to a balance is representable; small nonces) after a random number of batches. */
async function randomFixture(overrides: readonly AccountSpec[] = []): Promise<{ fixture: Fixture; indices: number[] }> {
  const indices = randomIndices(5);
  const specs = new Map<number, AccountSpec>(indices.map((index) => [index, { index, balance: 1_000_000n + below(1n << 32n), nonce: below(5) }]));
  for (const o of overrides) specs.set(o.index, o);
  const fixture = await genesis(depth, [...specs.values()], TEST_DOMAIN, Number(below(1000)));
  return { fixture, indices: [...specs.keys()] };
}

/** A copy of `fixture`'s state at other balances/nonces of the same indices (same keys and owners). */
async function refixture(fixture: Fixture, indices: readonly number[], change: (index: number) => Partial<AccountSpec>): Promise<Fixture> {
  return genesis(depth, indices.map((index) => {
    const a = fixture.state.account(index)!;
    return { index, balance: a.balance, nonce: a.nonce, ...change(index) };
  }), TEST_DOMAIN, fixture.state.batchCount);
}

/** Signs `body` with `signer`'s key for `domain` without the builder's representability checks. */
function rawSigned(body: Omit<SignedTransfer, 'signature'>, signer = body.from, domain = TEST_DOMAIN): SignedTransfer {
  return { ...body, signature: suite.eddsa.sign(testKey(suite, signer).privateKey, transferMessage(suite, domain, body)) };
}

/** Signs a withdrawal body with `signer`'s key for `domain` over raw values (no range or representability checks). */
function rawWithdrawal(body: Omit<SignedWithdrawal, 'signature'>, signer = body.from, domain = TEST_DOMAIN): SignedWithdrawal {
  const message = rawMessage(suite, domain, { kind: 2n, from: body.from, to: body.address, amount: body.amount, fee: body.fee, nonce: body.nonce });
  return { ...body, signature: suite.eddsa.sign(testKey(suite, signer).privateKey, message) };
}

/** The accounts of a fixture as the attacker's raw accounts. */
function rawAccounts(fixture: Fixture, indices: readonly number[]): Map<number, RawAccount> {
  return new Map(indices.filter((i) => i < 2 ** depth).flatMap((i) => {
    const a = fixture.state.account(i);
    return a ? [[i, a] as const] : [];
  }));
}

/** The attacker's spec of a batch on `fixture`'s accounts (queue hash 0: fixtures have consumed nothing). */
function forgeSpec(fixture: Fixture, indices: readonly number[], more: Partial<ForgeSpec>): ForgeSpec {
  return {
    depth, batchSize, queuePositions, withdrawalPositions, domain: TEST_DOMAIN, batchNumber: BigInt(fixture.state.batchCount + 1),
    accounts: rawAccounts(fixture, indices), feeRecipient: indices[0], oldQueueHash: fixture.state.queueHash, slots: [], ...more,
  };
}

/** A queue operation as the attacker's builder takes it. */
const rawOperation = (op: QueueOperation): RawQueuePosition['operation'] => ({ kind: BigInt(op.kind), index: op.index, amount: op.amount, address: op.address, publicKey: op.publicKey });

describe(`builder/circuit/replay agreement on random v3 batches (seed ${SEED}; replay with ZKR_TEST_SEED=${SEED})`, () => {
  it('accepts every batch the builder makes (a queue operation, transfers, a withdrawal), the replay agrees, the attacker\'s builder reproduces it', async () => {
    for (let trial = 0; trial < 4; trial++) {
      const { fixture, indices } = await randomFixture();
      const feeRecipient = indices[0];
      const balances = new Map(indices.map((i) => [i, fixture.state.account(i)!.balance]));
      // One operation of a random kind and outcome (§12.2); the exit and the deposits touch indices[1].
      const target = indices[1];
      const fresh = randomIndices(8).find((i) => !indices.includes(i))!;
      const choices: { spec: QueueSpec; outcome: 'applied' | QueueSkipReason }[] = [
        { spec: { kind: 1, index: fresh, amount: below(1n << 30n) }, outcome: 'applied' },
        { spec: { kind: 1, index: target, amount: 1n + below(1n << 30n), address: randomAddress() }, outcome: 'INDEX_TAKEN' },
        { spec: { kind: 2, index: target, amount: 1n + below(1n << 30n), address: randomAddress() }, outcome: 'applied' },
        { spec: { kind: 2, index: fresh, amount: 1n + below(1n << 30n), address: randomAddress() }, outcome: 'UNKNOWN_ACCOUNT' },
        { spec: { kind: 3, index: target }, outcome: 'applied' },
        { spec: { kind: 3, index: target, address: randomAddress() }, outcome: 'NOT_OWNER' },
      ];
      const choice = choices[pickIndex(choices.length)];
      const [operation] = queueOperations(fixture, [choice.spec]);
      if (choice.outcome === 'applied' && operation.kind === 2) balances.set(target, balances.get(target)! + operation.amount);
      if (choice.outcome === 'applied' && operation.kind === 3) balances.set(target, 0n);
      // Up to N transfers and one withdrawal between random accounts with money (self-transfers
      // included), each within the sender's balance as it stands after the ones before.
      const rich = (): number => {
        const funded = indices.filter((i) => balances.get(i)! > 1000n);
        return funded[pickIndex(funded.length)];
      };
      const specs = Array.from({ length: 1 + pickIndex(batchSize) }, () => {
        const from = rich();
        const to = indices[pickIndex(indices.length)];
        const fee = randomFee();
        const amount = 1n + below(balances.get(from)! / 2n);
        balances.set(from, balances.get(from)! - amount - fee);
        balances.set(to, balances.get(to)! + amount);
        return { from, to, amount, fee };
      });
      const withdrawer = rich();
      const withdrawal = { from: withdrawer, amount: 1n + below(balances.get(withdrawer)! / 2n), fee: randomFee(), address: randomAddress() };
      const transfers = signAll(fixture, specs);
      const [signedWithdrawal] = signWithdrawals(fixture, [withdrawal], specs);
      const result = buildBatch(fixture.state, transfers, { batchSize, feeRecipient, queue: [operation], withdrawals: [signedWithdrawal] });
      expect([result.rejected, result.rejectedWithdrawals]).toEqual([[], []]);
      expect(result.queueOutcomes.map((o) => o.outcome)).toEqual([choice.outcome]);
      const { batch } = result;
      expect(() => assertBatchConsistent(suite, batch)).not.toThrow();
      const witness = parseWtns(await h.real.compute(batchToCircuitInput(batch)));
      expect(witness.slice(1, 5)).toEqual([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]);
      // The attacker's builder, following every rule, makes the same batch from the same inputs.
      const forged = forge(suite, forgeSpec(fixture, indices, {
        feeRecipient, queue: [{ operation: rawOperation(operation) }], slots: transfers, withdrawals: [signedWithdrawal],
      }));
      expect(rawBatchData(suite, forged)).toEqual(batch.batchData);
      expect([forged.newRoot, forged.newQueueHash]).toEqual([batch.newRoot, batch.newQueueHash]);
    }
  });

  /** One invalid transfer or withdrawal: the fixture, the operation, and the attacker's claims. */
  interface Case<T> {
    readonly fixture: Fixture;
    readonly indices: number[];
    readonly item: T;
    /** The words the attacker publishes (default: the canonical words, or the low bits). */
    readonly amountWord?: bigint;
    readonly feeByte?: bigint;
  }

  const SIGNATURE = () => site('TransferSlot', 'signature.M <==');
  const W_SIGNATURE = () => site('WithdrawalPosition', 'signature.M <==');
  const CREDIT_RANGE = () => site('FeeCredit', 'balanceAfterRange.in <==');
  const nonceOf = (fixture: Fixture, index: number): bigint => fixture.state.account(index)!.nonce;
  /** A random FIELD_RANGE..FEE_NOT_REPRESENTABLE-free body of a valid transfer or withdrawal from indices[1]. */
  const valid = (fixture: Fixture, indices: readonly number[]) => ({ from: indices[1], amount: 1n + below(100), fee: randomFee(), nonce: nonceOf(fixture, indices[1]) });

  /** For each transfer rejection code: a random case breaking that rule (and only rules after it), and where the circuit refuses it. */
  const TRANSFER_CASES: Readonly<Record<RejectionCode, { make: () => Promise<Case<SignedTransfer>>; where: () => RegExp }>> = {
    FIELD_RANGE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const to = 2 ** depth + pickIndex(2 ** depth);
        return { fixture, indices, item: rawSigned({ from: indices[1], to, amount: 1n, fee: 0n, nonce: nonceOf(fixture, indices[1]) }) };
      },
      where: () => site('SlotFields', 'toRange.in <=='),
    },
    AMOUNT_NOT_REPRESENTABLE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const amount = (1n << 34n) + 1n + 2n * below(1n << 20n); // odd and >= 2^34: no m·10^e with m < 2^34
        const from = indices[1];
        const rich = await refixture(fixture, indices, (index) => (index === from ? { balance: amount * 2n, nonce: 0n } : {}));
        // The attacker publishes the nearest word below, which decodes to another value than the signed one.
        return { fixture: rich, indices, item: rawSigned({ from, to: indices[2], amount, fee: 0n, nonce: 0n }), amountWord: amountWordOf(amount - 1n) };
      },
      where: SIGNATURE,
    },
    FEE_NOT_REPRESENTABLE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const fee = 10n * (2n + below(8)) + 1n + below(9); // 21..99, not a multiple of 10: no m·10^e with m < 16
        return { fixture, indices, item: rawSigned({ from: indices[1], to: indices[2], amount: 5n, fee, nonce: nonceOf(fixture, indices[1]) }), feeByte: feeByteOf(fee - (fee % 10n)) };
      },
      where: SIGNATURE,
    },
    ZERO_TRANSFER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        return { fixture, indices, item: signAll(fixture, [{ from: indices[1], to: indices[pickIndex(5)], amount: 0n, fee: 0n }])[0] };
      },
      where: () => site('TransferSlot', 'moved * movedInverse === enabled'),
    },
    UNKNOWN_SENDER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const from = randomIndices(8).find((i) => !indices.includes(i))!;
        return { fixture, indices, item: rawSigned({ from, to: indices[1], amount: 1n + below(100), fee: randomFee(), nonce: 0n }) };
      },
      where: SIGNATURE,
    },
    UNKNOWN_RECEIVER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const to = randomIndices(8).find((i) => !indices.includes(i))!;
        return { fixture, indices, item: signAll(fixture, [{ from: indices[1], to, amount: 1n + below(100), fee: randomFee() }])[0] };
      },
      where: () => site('TransferSlot', 'receiver.nonceAfter <=='),
    },
    INVALID_SIGNATURE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const body = { ...valid(fixture, indices), to: indices[2] };
        const item = below(2) === 0n ? rawSigned(body, indices[3]) : rawSigned(body, body.from, TEST_DOMAIN + 1n + below(1000));
        return { fixture, indices, item };
      },
      where: SIGNATURE,
    },
    BAD_NONCE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const nonce = nonceOf(fixture, indices[1]);
        const wrong = below(2) === 0n && nonce > 0n ? nonce - 1n : nonce + 1n + below(3);
        return { fixture, indices, item: signAll(fixture, [{ from: indices[1], to: indices[2], amount: 1n, fee: randomFee(), nonce: wrong }])[0] };
      },
      where: () => site('TransferSlot', 'sender.nonceAfter <=='),
    },
    NONCE_OVERFLOW: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const worn = await refixture(fixture, indices, (index) => ({ nonce: index === indices[1] ? TWO64 - 1n : 0n }));
        return { fixture: worn, indices, item: signAll(worn, [{ from: indices[1], to: indices[2], amount: 1n, fee: randomFee() }])[0] };
      },
      where: () => site('TransferSlot', '(nonce + 1 - (1 << 64)) * nonceInverse === 1'),
    },
    INSUFFICIENT_BALANCE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const balance = fixture.state.account(indices[1])!.balance;
        const fee = randomFee();
        return { fixture, indices, item: signAll(fixture, [{ from: indices[1], to: indices[2], amount: balance - fee + 1n + below(1000), fee }])[0] };
      },
      where: () => site('TransferSlot', 'senderBalanceRange.in <=='),
    },
    RECEIVER_OVERFLOW: {
      async make() {
        const slack = 1n + below(1000);
        const { fixture, indices } = await randomFixture();
        const full = await refixture(fixture, indices, (index) => (index === indices[2] ? { balance: TWO64 - slack } : {}));
        return { fixture: full, indices, item: signAll(full, [{ from: indices[1], to: indices[2], amount: slack + below(1000), fee: randomFee() }])[0] };
      },
      where: () => site('TransferSlot', 'receiverBalanceRange.in <=='),
    },
    FEE_OVERFLOW: {
      async make() {
        const slack = below(10);
        const { fixture, indices } = await randomFixture();
        const full = await refixture(fixture, indices, (index) => (index === indices[0] ? { balance: TWO64 - 1n - slack } : {}));
        return { fixture: full, indices, item: signAll(full, [{ from: indices[1], to: indices[2], amount: 1n, fee: slack + 1n + below(15n - slack) }])[0] };
      },
      where: CREDIT_RANGE,
    },
  };

  it.each(Object.keys(TRANSFER_CASES) as RejectionCode[])('a random %s transfer: the builder rejects it with that code, the circuit refuses it there', async (code) => {
    const { fixture, indices, item: transfer, amountWord, feeByte } = await TRANSFER_CASES[code].make();
    const result = buildBatch(fixture.state, [transfer], { batchSize, feeRecipient: indices[0] });
    expect(result.rejected.map((r) => r.code)).toEqual([code]);
    // The attacker proves the transfer anyway, with raw arithmetic on the same accounts.
    const forged = forge(suite, forgeSpec(fixture, [...indices, transfer.from, transfer.to], { slots: [{ ...transfer, amountWord, feeByte }] }));
    const verdict = await judge(h, circuitInput(forged));
    expect(verdict.accepted).toBe(false);
    expect(verdict.assertion).toMatch(TRANSFER_CASES[code].where());
    expect(verdict.violated.length).toBeGreaterThan(0);
  });

  /** For each withdrawal rejection code (§11): a random case breaking that rule (and only rules after it), and where the circuit refuses it. */
  const WITHDRAWAL_CASES: Readonly<Record<WithdrawalRejectionCode, { make: () => Promise<Case<SignedWithdrawal>>; where: () => RegExp }>> = {
    FIELD_RANGE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        return { fixture, indices, item: rawWithdrawal({ ...valid(fixture, indices), address: (1n << 160n) + below(1n << 64n) }) };
      },
      where: () => site('WithdrawalFields', 'addressRange.in <=='),
    },
    AMOUNT_NOT_REPRESENTABLE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const amount = (1n << 34n) + 1n + 2n * below(1n << 20n);
        const rich = await refixture(fixture, indices, (index) => (index === indices[1] ? { balance: amount * 2n } : {}));
        return { fixture: rich, indices, item: rawWithdrawal({ ...valid(rich, indices), amount, address: randomAddress() }), amountWord: amountWordOf(amount - 1n) };
      },
      where: W_SIGNATURE,
    },
    FEE_NOT_REPRESENTABLE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const fee = 10n * (2n + below(8)) + 1n + below(9);
        return { fixture, indices, item: rawWithdrawal({ ...valid(fixture, indices), fee, address: randomAddress() }), feeByte: feeByteOf(fee - (fee % 10n)) };
      },
      where: W_SIGNATURE,
    },
    ZERO_WITHDRAWAL: {
      async make() {
        const { fixture, indices } = await randomFixture();
        return { fixture, indices, item: rawWithdrawal({ ...valid(fixture, indices), amount: 0n, address: randomAddress() }) };
      },
      where: () => site('WithdrawalPosition', 'amount * amountInverse === enabled'),
    },
    INVALID_ADDRESS: {
      async make() {
        const { fixture, indices } = await randomFixture();
        return { fixture, indices, item: rawWithdrawal({ ...valid(fixture, indices), address: 0n }) };
      },
      where: () => site('WithdrawalPosition', 'address * addressInverse === enabled'),
    },
    UNKNOWN_SENDER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const from = randomIndices(8).find((i) => !indices.includes(i))!;
        return { fixture, indices, item: rawWithdrawal({ from, amount: 1n + below(100), fee: randomFee(), nonce: 0n, address: randomAddress() }) };
      },
      where: W_SIGNATURE,
    },
    INVALID_SIGNATURE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const body = { ...valid(fixture, indices), address: randomAddress() };
        const item = below(2) === 0n ? rawWithdrawal(body, indices[3]) : rawWithdrawal(body, body.from, TEST_DOMAIN + 1n + below(1000));
        return { fixture, indices, item };
      },
      where: W_SIGNATURE,
    },
    BAD_NONCE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const nonce = nonceOf(fixture, indices[1]);
        const wrong = below(2) === 0n && nonce > 0n ? nonce - 1n : nonce + 1n + below(3);
        return { fixture, indices, item: signWithdrawals(fixture, [{ from: indices[1], amount: 1n, fee: randomFee(), nonce: wrong }])[0] };
      },
      where: () => site('WithdrawalPosition', 'sender.nonceAfter <=='),
    },
    NONCE_OVERFLOW: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const worn = await refixture(fixture, indices, (index) => ({ nonce: index === indices[1] ? TWO64 - 1n : 0n }));
        return { fixture: worn, indices, item: signWithdrawals(worn, [{ from: indices[1], amount: 1n, fee: randomFee() }])[0] };
      },
      where: () => site('WithdrawalPosition', '(nonce + 1 - (1 << 64)) * nonceInverse === 1'),
    },
    INSUFFICIENT_BALANCE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const balance = fixture.state.account(indices[1])!.balance;
        const fee = randomFee();
        return { fixture, indices, item: signWithdrawals(fixture, [{ from: indices[1], amount: balance - fee + 1n + below(1000), fee }])[0] };
      },
      where: () => site('WithdrawalPosition', 'balanceAfterRange.in <=='),
    },
    FEE_OVERFLOW: {
      async make() {
        const slack = below(10);
        const { fixture, indices } = await randomFixture();
        const full = await refixture(fixture, indices, (index) => (index === indices[0] ? { balance: TWO64 - 1n - slack } : {}));
        return { fixture: full, indices, item: signWithdrawals(full, [{ from: indices[1], amount: 1n, fee: slack + 1n + below(15n - slack) }])[0] };
      },
      where: CREDIT_RANGE,
    },
  };

  it.each(Object.keys(WITHDRAWAL_CASES) as WithdrawalRejectionCode[])('a random %s withdrawal: the builder rejects it with that code, the circuit refuses it there', async (code) => {
    const { fixture, indices, item: withdrawal, amountWord, feeByte } = await WITHDRAWAL_CASES[code].make();
    const result = buildBatch(fixture.state, [], { batchSize, feeRecipient: indices[0], withdrawals: [withdrawal] });
    expect(result.rejectedWithdrawals.map((r) => r.code)).toEqual([code]);
    const forged = forge(suite, forgeSpec(fixture, [...indices, withdrawal.from], { withdrawals: [{ ...withdrawal, amountWord, feeByte }] }));
    const verdict = await judge(h, circuitInput(forged));
    expect(verdict.accepted).toBe(false);
    expect(verdict.assertion).toMatch(WITHDRAWAL_CASES[code].where());
    expect(verdict.violated.length).toBeGreaterThan(0);
  });

  /** A random operation of each outcome (§12.2), the attacker's opposite claim, and where the circuit refuses it. */
  const QUEUE_CASES: Readonly<Record<string, { spec: (fixture: Fixture, indices: number[]) => QueueSpec; outcome: 'applied' | QueueSkipReason; claim: Omit<RawQueuePosition, 'operation'>; where: () => RegExp }>> = {
    'a new account claimed refunded (its empty leaf claimed taken)': {
      spec: (_f, indices) => ({ kind: 1, index: randomIndices(8).find((i) => !indices.includes(i))!, amount: 1n + below(1n << 30n) }),
      outcome: 'applied', claim: { exists: true }, where: () => site('QueueOperation', 'enabled * (pathBefore.root - rootBefore) === 0'),
    },
    'INDEX_TAKEN claimed applied (the taken leaf claimed empty)': {
      spec: (_f, indices) => ({ kind: 1, index: indices[1], amount: 1n + below(1n << 30n), address: randomAddress() }),
      outcome: 'INDEX_TAKEN', claim: { exists: false }, where: () => site('QueueOperation', 'enabled * (pathBefore.root - rootBefore) === 0'),
    },
    'a deposit claimed refunded': {
      spec: (_f, indices) => ({ kind: 2, index: indices[1], amount: 1n + below(1n << 30n), address: randomAddress() }),
      outcome: 'applied', claim: { applied: false }, where: () => site('FeeCredit', 'credit.nonceAfter <=='),
    },
    'UNKNOWN_ACCOUNT claimed applied': {
      spec: (_f, indices) => ({ kind: 2, index: randomIndices(8).find((i) => !indices.includes(i))!, amount: 1n + below(1n << 30n), address: randomAddress() }),
      outcome: 'UNKNOWN_ACCOUNT', claim: { applied: true }, where: () => site('FeeCredit', 'credit.nonceAfter <=='),
    },
    'BALANCE_OVERFLOW claimed applied': {
      spec: (fixture, indices) => ({ kind: 2, index: indices[1], amount: TWO64 - fixture.state.account(indices[1])!.balance + below(1000), address: randomAddress() }),
      outcome: 'BALANCE_OVERFLOW', claim: { applied: true }, where: () => site('FeeCredit', 'credit.nonceAfter <=='),
    },
    'an exit claimed not applied': {
      spec: (_f, indices) => ({ kind: 3, index: indices[1] }),
      outcome: 'applied', claim: { applied: false }, where: () => site('FeeCredit', 'credit.nonceAfter <=='),
    },
    'NOT_OWNER claimed applied': {
      spec: (_f, indices) => ({ kind: 3, index: indices[1], address: randomAddress() }),
      outcome: 'NOT_OWNER', claim: { applied: true }, where: () => site('FeeCredit', 'credit.nonceAfter <=='),
    },
  };

  const ROUND = 10n ** 10n;

  it.each(Object.keys(QUEUE_CASES))('a random queue operation, %s: the builder gives the outcome, the circuit refuses the other', async (name) => {
    const c = QUEUE_CASES[name];
    const { fixture: base, indices } = await randomFixture();
    // A balance that a deposit can overflow with a representable amount: a multiple of 10^10 near
    // 2^63, and an amount above 2^34 rounded up to a multiple of 10^10 (m < 2^34, e = 10).
    const fixture = await refixture(base, indices, (index) => (index === indices[1] ? { balance: ((1n << 63n) / ROUND) * ROUND } : {}));
    const spec = c.spec(fixture, indices);
    const amount = spec.amount === undefined || spec.amount < 1n << 34n ? spec.amount : (spec.amount / ROUND + 1n) * ROUND;
    const [operation] = queueOperations(fixture, [{ ...spec, amount }]);
    const result = buildBatch(fixture.state, [], { batchSize, feeRecipient: indices[0], queue: [operation] });
    expect(result.queueOutcomes.map((o) => o.outcome)).toEqual([c.outcome]);
    const forged = forge(suite, forgeSpec(fixture, indices, { queue: [{ operation: rawOperation(operation), ...c.claim }] }));
    const verdict = await judge(h, circuitInput(forged));
    expect(verdict.accepted).toBe(false);
    expect(verdict.assertion).toMatch(c.where());
    expect(verdict.violated.length).toBeGreaterThan(0);
  });
});
