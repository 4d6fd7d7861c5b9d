/**
 * Builder/circuit agreement on random v2 batches (docs/protocol.md §5-§7, §9), seeded by
 * `testSeed()` (set ZKR_TEST_SEED to replay): every batch @zkr/state's builder makes is accepted
 * by the real witness generator with public signals [newStateHash, dataHash]; every random
 * invalid transfer the builder rejects, with the code of the rule it breaks, is refused by the
 * circuit (real generator and free witness against the R1CS) at that rule's constraint.
 */
import { batchToCircuitInput, DEFAULT_INSTANCE, parseWtns } from '@zkr/circuits';
import { buildBatch, transferMessage, type CryptoSuite, type RejectionCode, type SignedTransfer } from '@zkr/state';
import { genesis, seededBigints, signAll, testKey, testSeed, TEST_DOMAIN, type AccountSpec, type Fixture } from '@zkr/test-helpers';
import { amountWordOf, feeByteOf, forge, type RawAccount } from './forge';
import { judge, loadHarness, type Harness } from './harness';
import { circuitInput } from './input';
import { site } from './sites';

const TWO64 = 1n << 64n;
const { depth, batchSize } = DEFAULT_INSTANCE;
const SEED = testSeed();
const random = seededBigints(SEED);
/** A seeded integer in `[0, n)`. */
const below = (n: number | bigint): bigint => random(64) % BigInt(n);
const pickIndex = (n: number): number => Number(below(n));
/** A random representable fee: `m·10^e`, `m < 16`, `e < 3`. */
const randomFee = (): bigint => below(16) * 10n ** below(3);
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

/** Signs `body` with `signer`'s key for `domain` without the builder's representability checks. */
function rawSigned(body: Omit<SignedTransfer, 'signature'>, signer = body.from, domain = TEST_DOMAIN): SignedTransfer {
  return { ...body, signature: suite.eddsa.sign(testKey(suite, signer).privateKey, transferMessage(suite, domain, body)) };
}

/** The accounts of a fixture as the attacker's raw accounts. */
function rawAccounts(fixture: Fixture, indices: readonly number[]): Map<number, RawAccount> {
  return new Map(indices.filter((i) => i < 2 ** depth).flatMap((i) => {
    const a = fixture.state.account(i);
    return a ? [[i, a] as const] : [];
  }));
}

describe(`builder/circuit agreement on random v2 batches (seed ${SEED}; replay with ZKR_TEST_SEED=${SEED})`, () => {
  it('accepts every batch the builder makes, with public signals [newStateHash, dataHash]', async () => {
    for (let trial = 0; trial < 4; trial++) {
      const { fixture, indices } = await randomFixture();
      const feeRecipient = indices[pickIndex(indices.length)];
      // Up to N transfers between random accounts (self-transfers included), each within the
      // sender's balance as it stands after the ones before.
      const balances = new Map(indices.map((i) => [i, fixture.state.account(i)!.balance]));
      const specs = Array.from({ length: 1 + pickIndex(batchSize) }, () => {
        const from = indices[pickIndex(indices.length)];
        const to = indices[pickIndex(indices.length)];
        const fee = randomFee();
        const amount = 1n + below(balances.get(from)! / 2n);
        balances.set(from, balances.get(from)! - amount - fee);
        balances.set(to, balances.get(to)! + amount);
        return { from, to, amount, fee };
      });
      const result = buildBatch(fixture.state, signAll(fixture, specs), { batchSize, feeRecipient });
      expect(result.rejected).toEqual([]);
      expect(result.batch.batchNumber).toBe(fixture.state.batchCount + 1);
      const witness = parseWtns(await h.real.compute(batchToCircuitInput(result.batch)));
      expect(witness.slice(1, 3)).toEqual([result.batch.newStateHash, result.batch.dataHash]);
    }
  });

  /** One invalid transfer per rule: the fixture, the transfer, and the attacker's claims. */
  interface Case {
    readonly fixture: Fixture;
    readonly indices: number[];
    readonly transfer: SignedTransfer;
    readonly feeRecipient: number;
    /** The words the attacker publishes (default: the canonical words, or the low bits). */
    readonly amountWord?: bigint;
    readonly feeByte?: bigint;
  }

  const SIGNATURE = () => site('TransferSlot', 'signature.M <==');
  const SENDER = () => site('TransferSlot', 'sender.nonceAfter <==');
  const RECEIVER = () => site('TransferSlot', 'receiver.nonceAfter <==');

  /** For each rejection code: a random case breaking that rule (and only rules after it), and where the circuit refuses it. */
  const CASES: Readonly<Record<RejectionCode, { make: () => Promise<Case>; where: () => RegExp }>> = {
    FIELD_RANGE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const to = 2 ** depth + pickIndex(2 ** depth);
        return { fixture, indices, feeRecipient: indices[0], transfer: rawSigned({ from: indices[1], to, amount: 1n, fee: 0n, nonce: fixture.state.account(indices[1])!.nonce }) };
      },
      where: () => site('SlotFields', 'toRange.in <=='),
    },
    AMOUNT_NOT_REPRESENTABLE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const amount = (1n << 34n) + 1n + 2n * below(1n << 20n); // odd and >= 2^34: no m·10^e with m < 2^34
        const from = indices[1];
        const rich = await genesis(depth, indices.map((index) => ({ index, balance: index === from ? amount * 2n : fixture.state.account(index)!.balance })), TEST_DOMAIN, 3);
        // The attacker publishes the nearest word below, which decodes to another value than the signed one.
        return { fixture: rich, indices, feeRecipient: indices[0], transfer: rawSigned({ from, to: indices[2], amount, fee: 0n, nonce: 0n }), amountWord: amountWordOf(amount - 1n) };
      },
      where: SIGNATURE,
    },
    FEE_NOT_REPRESENTABLE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const fee = 10n * (2n + below(8)) + 1n + below(9); // 21..99, not a multiple of 10: no m·10^e with m < 16
        return { fixture, indices, feeRecipient: indices[0], transfer: rawSigned({ from: indices[1], to: indices[2], amount: 5n, fee, nonce: fixture.state.account(indices[1])!.nonce }), feeByte: feeByteOf(fee - (fee % 10n)) };
      },
      where: SIGNATURE,
    },
    ZERO_TRANSFER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        return { fixture, indices, feeRecipient: indices[0], transfer: signAll(fixture, [{ from: indices[1], to: indices[pickIndex(5)], amount: 0n, fee: 0n }])[0] };
      },
      where: () => site('TransferSlot', 'moved * movedInverse === enabled'),
    },
    UNKNOWN_SENDER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const from = randomIndices(8).find((i) => !indices.includes(i))!;
        return { fixture, indices, feeRecipient: indices[0], transfer: rawSigned({ from, to: indices[1], amount: 1n + below(100), fee: randomFee(), nonce: 0n }) };
      },
      where: SIGNATURE,
    },
    UNKNOWN_RECEIVER: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const to = randomIndices(8).find((i) => !indices.includes(i))!;
        return { fixture, indices, feeRecipient: indices[0], transfer: signAll(fixture, [{ from: indices[1], to, amount: 1n + below(100), fee: randomFee() }])[0] };
      },
      where: RECEIVER,
    },
    INVALID_SIGNATURE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const from = indices[1];
        const body = { from, to: indices[2], amount: 1n + below(100), fee: randomFee(), nonce: fixture.state.account(from)!.nonce };
        const transfer = below(2) === 0n ? rawSigned(body, indices[3]) : rawSigned(body, from, TEST_DOMAIN + 1n + below(1000));
        return { fixture, indices, feeRecipient: indices[0], transfer };
      },
      where: SIGNATURE,
    },
    BAD_NONCE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const nonce = fixture.state.account(indices[1])!.nonce;
        const wrong = below(2) === 0n && nonce > 0n ? nonce - 1n : nonce + 1n + below(3);
        return { fixture, indices, feeRecipient: indices[0], transfer: signAll(fixture, [{ from: indices[1], to: indices[2], amount: 1n, fee: randomFee(), nonce: wrong }])[0] };
      },
      where: SENDER,
    },
    NONCE_OVERFLOW: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const from = indices[1];
        const worn = await genesis(depth, indices.map((index) => ({ index, balance: fixture.state.account(index)!.balance, nonce: index === from ? TWO64 - 1n : 0n })), TEST_DOMAIN, 1);
        return { fixture: worn, indices, feeRecipient: indices[0], transfer: signAll(worn, [{ from, to: indices[2], amount: 1n, fee: randomFee() }])[0] };
      },
      where: () => site('TransferSlot', '(nonce + 1 - (1 << 64)) * nonceInverse === 1'),
    },
    INSUFFICIENT_BALANCE: {
      async make() {
        const { fixture, indices } = await randomFixture();
        const balance = fixture.state.account(indices[1])!.balance;
        const fee = randomFee();
        return { fixture, indices, feeRecipient: indices[0], transfer: signAll(fixture, [{ from: indices[1], to: indices[2], amount: balance - fee + 1n + below(1000), fee }])[0] };
      },
      where: () => site('TransferSlot', 'senderBalanceRange.in <=='),
    },
    RECEIVER_OVERFLOW: {
      async make() {
        const slack = 1n + below(1000);
        const { fixture, indices } = await randomFixture();
        const to = indices[2];
        const full = await genesis(depth, indices.map((index) => ({ index, balance: index === to ? TWO64 - slack : fixture.state.account(index)!.balance })), TEST_DOMAIN, 2);
        return { fixture: full, indices, feeRecipient: indices[0], transfer: signAll(full, [{ from: indices[1], to, amount: slack + below(1000), fee: randomFee() }])[0] };
      },
      where: () => site('TransferSlot', 'receiverBalanceRange.in <=='),
    },
    FEE_OVERFLOW: {
      async make() {
        const slack = below(10);
        const { fixture, indices } = await randomFixture();
        const recipient = indices[0];
        const full = await genesis(depth, indices.map((index) => ({ index, balance: index === recipient ? TWO64 - 1n - slack : fixture.state.account(index)!.balance })), TEST_DOMAIN, 2);
        return { fixture: full, indices, feeRecipient: recipient, transfer: signAll(full, [{ from: indices[1], to: indices[2], amount: 1n, fee: slack + 1n + below(15n - slack) }])[0] };
      },
      where: () => site('FeeCredit', 'balanceAfterRange.in <=='),
    },
  };

  it.each(Object.keys(CASES) as RejectionCode[])('a random %s transfer: the builder rejects it with that code, the circuit refuses it there', async (code) => {
    const { fixture, indices, transfer, feeRecipient, amountWord, feeByte } = await CASES[code].make();
    const result = buildBatch(fixture.state, [transfer], { batchSize, feeRecipient });
    expect(result.rejected.map((r) => r.code)).toEqual([code]);
    // The attacker proves the transfer anyway, with raw arithmetic on the same accounts.
    const accounts = rawAccounts(fixture, [...indices, transfer.from, transfer.to]);
    const forged = forge(suite, {
      depth, batchSize, domain: TEST_DOMAIN, batchNumber: BigInt(fixture.state.batchCount + 1), accounts, feeRecipient,
      slots: [{ ...transfer, amountWord, feeByte }],
    });
    const verdict = await judge(h, circuitInput(forged));
    expect(verdict.accepted).toBe(false);
    expect(verdict.assertion).toMatch(CASES[code].where());
    expect(verdict.violated.length).toBeGreaterThan(0);
  });
});
