/**
 * Soundness of the batch circuit's queue and withdrawal positions (docs/protocol.md v3, §6, §7,
 * §9, §11, §12): for each rule of money in and out, an attacker who controls the prover builds an
 * input consistent everywhere except the rule it breaks (see `verdictsOf`: the real generator
 * fails at that rule's constraint, the assert-free witness violates the real R1CS, and only in
 * that rule's constraints). The default instance (D = 8, N = 2, Q = 1, W = 1) carries most cases;
 * the rules between positions of one batch (the consumed operations first, two operations or two
 * withdrawals in one batch) run on the small instance (D = 2, N = 2, Q = 2, W = 2).
 */
import { batchToCircuitInput, BN254_ORDER as R, DEFAULT_INSTANCE, parseWtns, unsatisfiedConstraints } from '@zkr/circuits';
import type { CryptoSuite, PublicKey } from '@zkr/state';
import { fixtureSuite, genesis, honestBatch, testKey, testOwner, TEST_DOMAIN } from '@zkr/test-helpers';
import {
  forge, QUEUE_HASH_MODULUS, rawBatchData, rawMessage, rawQueueHash, rawQueuePoseidon, rawQueueWord, recommit,
  type ForgedBatch, type ForgeSpec, type RawAccount, type RawQueueOperation, type RawQueuePosition, type RawSlot, type RawWithdrawal,
} from './forge';
import { freeWitness, loadHarness, SMALL_INSTANCE, type Harness } from './harness';
import { circuitInput } from './input';
import { site } from './sites';
import { check, CREDIT_MEMBERSHIP, CREDIT_RANGE, DATA_HASH, verdictsOf, type Check } from './verdicts';

const TWO64 = 1n << 64n;
const BATCH_NUMBER = 7n;
/** The L1 addresses of a depositor and of an attacker (neither owns an account). */
const DEPOSITOR = 0xde9051700000000000000000000000000000000dn;
const ATTACKER = 0xbad0000000000000000000000000000000000badn;
const NO_KEY: PublicKey = [0n, 0n];
let h: Harness;
let suite: CryptoSuite;
/** Fee recipient 0, account 1 (nonce 3), 2, and 3 with no balance; set once the suite is loaded. */
let ACCOUNTS: Map<number, RawAccount>;
/** The queue hash after the operations consumed before this batch (one earlier deposit). */
let OLD_QUEUE_HASH: bigint;

beforeAll(async () => {
  [h, suite] = await Promise.all([loadHarness(DEFAULT_INSTANCE), fixtureSuite()]);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  ACCOUNTS = new Map([account(0, 10n), account(1, 1000n, 3n), account(2, 500n), account(3, 0n)]);
  OLD_QUEUE_HASH = rawQueueHash(suite, [depositTo(1, 1000n)]);
});

afterAll(() => jest.restoreAllMocks());

function account(index: number, balance: bigint, nonce = 0n): [number, RawAccount] {
  return [index, { publicKey: testKey(suite, index).publicKey, balance, nonce, owner: testOwner(index) }];
}

const withAccounts = (accounts: readonly [number, RawAccount][]): Map<number, RawAccount> => new Map([...ACCOUNTS, ...accounts]);
/** Kind 1: a deposit creating account `index` with `key`'s public key, owned by the depositor. */
const depositNew = (index: number, amount: bigint, key = index, address = DEPOSITOR): RawQueueOperation =>
  ({ kind: 1n, index, amount, address, publicKey: testKey(suite, key).publicKey });
/** Kind 2: a deposit to existing account `index`. */
const depositTo = (index: number, amount: bigint, address = DEPOSITOR): RawQueueOperation => ({ kind: 2n, index, amount, address, publicKey: NO_KEY });
/** Kind 3: a forced exit of `index` requested by `address` (default: its owner). */
const exitOf = (index: number, address = testOwner(index)): RawQueueOperation => ({ kind: 3n, index, amount: 0n, address, publicKey: NO_KEY });
const at = (operation: RawQueueOperation, claims: Omit<RawQueuePosition, 'operation'> = {}): RawQueuePosition => ({ operation, ...claims });

/** A withdrawal signed by `signer` (default: the account) over raw values for `signedAddress` (default: the published one). */
function withdrawal(from: number, address: bigint, amount: bigint, fee: bigint, nonce: bigint, options: Partial<RawWithdrawal> & { signer?: number; signedAddress?: bigint } = {}): RawWithdrawal {
  const { signer = from, signedAddress = address, ...claims } = options;
  const message = rawMessage(suite, TEST_DOMAIN, { kind: 2n, from, to: signedAddress, amount, fee, nonce });
  return { from, address, amount, fee, nonce, signature: suite.eddsa.sign(testKey(suite, signer).privateKey, message), ...claims };
}

/** A transfer slot signed by its sender. */
function transfer(from: number, to: number, amount: bigint, fee: bigint, nonce: bigint): RawSlot {
  return { from, to, amount, fee, nonce, signature: suite.eddsa.sign(testKey(suite, from).privateKey, rawMessage(suite, TEST_DOMAIN, { from, to, amount, fee, nonce })) };
}

function spec(more: Partial<ForgeSpec>, accounts = ACCOUNTS): ForgeSpec {
  const { depth, batchSize, queuePositions, withdrawalPositions } = DEFAULT_INSTANCE;
  return {
    depth, batchSize, queuePositions, withdrawalPositions, domain: TEST_DOMAIN, batchNumber: BATCH_NUMBER,
    accounts, feeRecipient: 0, oldQueueHash: OLD_QUEUE_HASH, slots: [], ...more,
  };
}

/** The forged batch with the queue hashes the contract supplies: its stored hashes before and after `contractOps`. */
function withContractQueue(b: ForgedBatch, contractOps: readonly RawQueueOperation[]): ForgedBatch {
  b.newQueueHash = rawQueueHash(suite, contractOps, b.oldQueueHash);
  return b;
}

const { expectRejected, expectRejectedSpread, expectAccepted } = verdictsOf(() => h);

// The checks of the queue and withdrawal positions, each with its constraint site and its R1CS components.
const queue = (q: number): string => `main.queue[${q}]`;
const withdrawals = (w: number): string => `main.withdrawals[${w}]`;
const QUEUE_HASH = (last = 0): Check => check(site('Batch', 'queue[Q - 1].hashAfter === newQueueHash'), 'main.newQueueHash', `${queue(last)}.chain.`);
const QUEUE_MEMBERSHIP = (q = 0): Check => check(site('QueueOperation', 'enabled * (pathBefore.root - rootBefore) === 0'), `${queue(q)}.pathBefore.`);
const W_SIGNATURE = (w = 0): Check => check(site('WithdrawalPosition', 'signature.M <=='), `${withdrawals(w)}.signature.`);
const W_MEMBERSHIP = (w = 0): Check =>
  check([site('WithdrawalPosition', 'sender.nonceAfter <=='), site('LeafUpdate', 'enabled * (pathBefore.root - rootBefore) === 0')], `${withdrawals(w)}.sender.pathBefore.`);
const W_BALANCE = (w = 0): Check => check(site('WithdrawalPosition', 'balanceAfterRange.in <=='), `${withdrawals(w)}.balanceAfterRange.`);
const W_FIELD = (snippet: string, w = 0): Check => check(site('WithdrawalFields', snippet), `${withdrawals(w)}.fields.`, `main.withdrawalEnabled[${w}]`);
const FEE_BOUND = (p: number): Check => check(site('FeeOverflowCheck', 'bound[p].in <=='), `main.feeOverflow.bound[${p}].`);
/** An empty withdrawal position pins the inverse of its amount or address to 0. */
const INVERSE = (name: 'amount' | 'address', w = 0): Check => check([], `${withdrawals(w)}.${name}Inverse`);

describe('the forging builder on v3 positions', () => {
  it('forges exactly the batch and input the builder makes for a batch with a deposit, a transfer and a withdrawal', async () => {
    const fixture = await genesis(DEFAULT_INSTANCE.depth, [...ACCOUNTS].map(([index, a]) => ({ index, balance: a.balance, nonce: a.nonce })), TEST_DOMAIN, Number(BATCH_NUMBER) - 1);
    const batch = honestBatch(fixture, [{ from: 1, to: 2, amount: 100n, fee: 3n }], DEFAULT_INSTANCE.batchSize, 0, {
      queue: [{ kind: 1, index: 5, amount: 700n }], withdrawals: [{ from: 2, amount: 200n, fee: 1n }],
    });
    const forged = forge(suite, spec({
      oldQueueHash: 0n, queue: [at(depositNew(5, 700n, 5, testOwner(5)))], slots: [transfer(1, 2, 100n, 3n, 3n)], withdrawals: [withdrawal(2, testOwner(2), 200n, 1n, 0n)],
    }));
    expect(rawBatchData(suite, forged)).toEqual(batch.batchData);
    expect([forged.newRoot, forged.newStateHash, forged.dataHash, forged.oldQueueHash, forged.newQueueHash])
      .toEqual([batch.newRoot, batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]);
    expect(circuitInput(forged)).toEqual(batchToCircuitInput(batch));
    const real = parseWtns(await h.real.compute(circuitInput(forged)));
    expect(real.slice(1, 5)).toEqual([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]);
    expect(await freeWitness(h, circuitInput(forged))).toEqual(real);
  });
});

describe('§12 the queue: the batch consumes exactly the queued operations, in order', () => {
  it('accepts each outcome of §12.2: a new account, a refund of a taken index, a deposit, its overflow refund, an exit, a non-owner exit', async () => {
    const outcomes: RawQueueOperation[] = [
      depositNew(5, 700n), depositNew(2, 700n), depositTo(2, 300n), depositTo(9, 300n), exitOf(1), exitOf(1, ATTACKER),
    ];
    for (const op of outcomes) await expectAccepted(forge(suite, spec({ queue: [at(op)] })));
    await expectAccepted(forge(suite, spec({ queue: [at(depositTo(2, 100n))] }, withAccounts([account(2, TWO64 - 50n)]))));
  });

  it('rejects a batch that skips the queued deposit (an empty position where the contract expects one consumed)', async () => {
    await expectRejected(withContractQueue(forge(suite, spec({})), [depositTo(2, 300n)]), QUEUE_HASH());
  });

  it('rejects a deposit applied twice (again after the contract counted it consumed) and one applied out of order', async () => {
    const first = depositTo(2, 300n);
    const second = depositTo(3, 50n);
    // The earlier deposit to 1 again, on top of the hash that already holds it.
    await expectRejected(withContractQueue(forge(suite, spec({ queue: [at(depositTo(1, 1000n))] })), [first]), QUEUE_HASH());
    // The second queued operation before the first.
    await expectRejected(withContractQueue(forge(suite, spec({ queue: [at(second)] })), [first]), QUEUE_HASH());
  });

  it('rejects a queued deposit applied with another amount, key, index or address than queued (the hash binds every field)', async () => {
    const queued = depositNew(5, 700n);
    const changed: RawQueueOperation[] = [
      { ...queued, amount: 7000n }, { ...queued, publicKey: testKey(suite, 9).publicKey }, { ...queued, index: 6 }, { ...queued, address: ATTACKER },
    ];
    for (const op of changed) await expectRejected(withContractQueue(forge(suite, spec({ queue: [at(op)] })), [queued]), QUEUE_HASH());
  });

  it('rejects the right word applied with another amount or key (the state follows the word)', async () => {
    const more = (role: string, _q: number, a: RawAccount): RawAccount => (role === 'queue' ? { ...a, balance: a.balance + 1000n } : a);
    await expectRejected(forge(suite, spec({ queue: [at(depositTo(2, 300n))], rewrite: more })), CREDIT_MEMBERSHIP());
    const rekey = (role: string, _q: number, a: RawAccount): RawAccount => (role === 'queue' ? { ...a, publicKey: testKey(suite, 9).publicKey } : a);
    await expectRejected(forge(suite, spec({ queue: [at(depositNew(5, 700n))], rewrite: rekey })), CREDIT_MEMBERSHIP());
  });

  it('rejects a queue hash not reduced mod 2^216, and its alias + 2^216', async () => {
    const op = depositTo(2, 300n);
    const b = forge(suite, spec({ queue: [at(op)] }));
    const full = rawQueuePoseidon(suite, OLD_QUEUE_HASH, op.publicKey, rawQueueWord({ ...op, amountWord: 300n }));
    expect(full % QUEUE_HASH_MODULUS).toBe(b.newQueueHash);
    expect(full).not.toBe(b.newQueueHash);
    await expectRejected({ ...b, newQueueHash: full }, QUEUE_HASH());
    await expectRejected({ ...b, newQueueHash: b.newQueueHash + QUEUE_HASH_MODULUS }, QUEUE_HASH());
  });

  it('rejects the other 254-bit decomposition of a queue hash step, Poseidon + r: with every other wire consistent, only the alias check fails', async () => {
    // A deposit whose Poseidon output p has p + r < 2^254, so its bits fit Num2Bits(254) and give another low 216 bits.
    let amount = 300n;
    const poseidonOf = (a: bigint): bigint => rawQueuePoseidon(suite, OLD_QUEUE_HASH, NO_KEY, rawQueueWord({ ...depositTo(2, a), amountWord: a }));
    while (poseidonOf(amount) + R >= 1n << 254n) amount++;
    const alias = poseidonOf(amount) + R;
    const witness = parseWtns(await h.real.compute(circuitInput(forge(suite, spec({ queue: [at(depositTo(2, amount))] })))));
    const wireOf = new Map<string, number>();
    for (const [wire, list] of h.names) for (const name of list) wireOf.set(name, wire);
    const set = (name: string, value: bigint): void => {
      const wire = wireOf.get(name);
      if (wire !== undefined) witness[wire] = ((value % R) + R) % R;
    };
    const bits = Array.from({ length: 254 }, (_, i) => (alias >> BigInt(i)) & 1n);
    bits.forEach((bit, i) => set(`${queue(0)}.chain.bits.out[${i}]`, bit));
    // circomlib's CompConstant(r - 1) on the aliased bits, computed as its template does.
    const compConstant = `${queue(0)}.chain.bits.aliasCheck.compConstant`;
    let [a, b, e, sum] = [1n, (1n << 128n) - 1n, 1n, 0n];
    for (let i = 0; i < 127; i++) {
      const [clsb, cmsb, slsb, smsb] = [((R - 1n) >> BigInt(2 * i)) & 1n, ((R - 1n) >> BigInt(2 * i + 1)) & 1n, bits[2 * i], bits[2 * i + 1]];
      const part = cmsb === 0n && clsb === 0n ? -b * smsb * slsb + b * smsb + b * slsb
        : cmsb === 0n ? a * smsb * slsb - a * slsb + b * smsb - a * smsb + a
          : clsb === 0n ? b * smsb * slsb - a * smsb + a : -a * smsb * slsb + a;
      set(`${compConstant}.parts[${i}]`, part);
      sum += part;
      [b, a, e] = [b - e, a + e, e * 2n];
    }
    const sout = ((sum % R) + R) % R;
    set(`${compConstant}.sout`, sout);
    for (let k = 0; k < 135; k++) set(`${compConstant}.num2bits.out[${k}]`, (sout >> BigInt(k)) & 1n);
    expect((sout >> 127n) & 1n).toBe(1n);
    // The fourth public input: the alias's low 216 bits, another queue hash than the contract's.
    witness[4] = alias % QUEUE_HASH_MODULUS;
    set(`${queue(0)}.chain.hashAfter`, witness[4]);
    expect(witness[4]).not.toBe(poseidonOf(amount) % QUEUE_HASH_MODULUS);
    const violated = unsatisfiedConstraints(h.r1cs, witness).map((i) => {
      const c = h.r1cs.constraints[i];
      return [c.a, c.b, c.c].flatMap((lc) => Array.from(lc.wires).flatMap((w) => h.names.get(w) ?? []));
    });
    expect(violated.length).toBeGreaterThan(0);
    expect(violated.filter((names) => !names.some((n) => n.startsWith(`${queue(0)}.chain.bits.aliasCheck.`)))).toEqual([]);
  });

  it('rejects an empty position with a non-zero word (an address published with nothing consumed) or non-zero published bytes', async () => {
    // Kind 0 with an address: nothing is consumed, the hash is unchanged, the address is published.
    const b = forge(suite, spec({}));
    Object.assign(b.queue[0], { consumed: 1n, kind: 0n, address: ATTACKER });
    recommit(suite, b).newQueueHash = OLD_QUEUE_HASH;
    await expectRejected(b, check(site('QueueWord', '(1 - enabled) * word === 0'), `${queue(0)}.op.`));
    // A word-0 position whose published entry credits the attacker: the circuit publishes 28 zero bytes.
    const c = forge(suite, spec({}));
    Object.assign(c.queue[0], { address: ATTACKER, credit: 1000n });
    await expectRejected(recommit(suite, c), DATA_HASH());
  });

  it('rejects an empty position with a non-zero private witness (a key, a sibling)', async () => {
    const b = forge(suite, spec({}));
    b.queue[0].publicKey = [1n, 0n];
    await expectRejected(b, check(site('QueueOperation', '(1 - enabled) * Ax === 0'), `${queue(0)}.`));
    const c = forge(suite, spec({}));
    c.queue[0].siblings[0][1] = 5n;
    await expectRejected(c, check(site('QueueOperation', '(1 - enabled) * siblings[k][s] === 0'), `${queue(0)}.`));
  });
});

describe('§12.2 the outcome of a consumed operation is the rule\'s, not the prover\'s', () => {
  it('rejects a deposit to an occupied index claimed as applied (the leaf claimed empty) and an empty index claimed taken', async () => {
    await expectRejected(forge(suite, spec({ queue: [at(depositNew(2, 700n, 9, ATTACKER), { exists: false })] })), QUEUE_MEMBERSHIP());
    // The empty index 5 "holds" an all-zero account, so the deposit is refunded to its sender.
    await expectRejected(forge(suite, spec({ queue: [at(depositNew(5, 700n), { exists: true })] })), QUEUE_MEMBERSHIP());
  });

  it('rejects a deposit that would overflow claimed as applied, and a valid deposit claimed as refunded', async () => {
    // The circuit refunds 100 and keeps the leaf; the attacker credits the account past 2^64 and publishes no refund.
    const full = withAccounts([account(2, TWO64 - 50n)]);
    await expectRejected(forge(suite, spec({ queue: [at(depositTo(2, 100n), { applied: true })] }, full)), CREDIT_MEMBERSHIP(), DATA_HASH());
    // The circuit credits the account; the attacker keeps the money on L1 as a refund.
    await expectRejected(forge(suite, spec({ queue: [at(depositTo(2, 300n), { applied: false })] })), CREDIT_MEMBERSHIP(), DATA_HASH());
  });

  it('rejects a deposit to an unknown index claimed as applied, with the leaf claimed empty or existing', async () => {
    await expectRejected(forge(suite, spec({ queue: [at(depositTo(9, 300n), { applied: true })] })), CREDIT_MEMBERSHIP(), DATA_HASH());
    await expectRejected(forge(suite, spec({ queue: [at(depositTo(9, 300n), { exists: true })] })), QUEUE_MEMBERSHIP());
  });

  it('rejects a forced exit by a non-owner claimed as applied, and one by the owner claimed as not applied', async () => {
    await expectRejected(forge(suite, spec({ queue: [at(exitOf(1, ATTACKER), { applied: true })] })), CREDIT_MEMBERSHIP(), DATA_HASH());
    await expectRejected(forge(suite, spec({ queue: [at(exitOf(1), { applied: false })] })), CREDIT_MEMBERSHIP(), DATA_HASH());
  });

  it('rejects a forced exit paying out more than the balance, and one that does not zero it', async () => {
    await expectRejected(forge(suite, spec({ queue: [at(exitOf(1), { credit: 1001n })] })), DATA_HASH());
    const keep = (role: string, _q: number, a: RawAccount): RawAccount => (role === 'queue' ? { ...a, balance: 1000n } : a);
    await expectRejected(forge(suite, spec({ queue: [at(exitOf(1))], rewrite: keep })), CREDIT_MEMBERSHIP());
  });

  it('rejects an exited account read with an aliased balance (balance + 2^64, nonce - 1: paying out 2^64 more)', async () => {
    const claim = (role: string, _q: number, a: RawAccount): RawAccount => (role === 'queue' ? { ...a, balance: a.balance + TWO64, nonce: a.nonce - 1n } : a);
    // --O2 folded the credit into its published bits: its 64-bit decomposition reads `refund` (and the exit's payout).
    const creditBits = check([], `${queue(0)}.creditBits.`, `${queue(0)}.refund`);
    await expectRejected(forge(suite, spec({ queue: [at(exitOf(1))], claim })), check(site('QueueOperation', 'balanceRange.in <=='), `${queue(0)}.balanceRange.`), creditBits);
  });
});

describe('§11 withdrawals', () => {
  const withdrawn = (w: RawWithdrawal, accounts = ACCOUNTS, more: Partial<ForgeSpec> = {}) => forge(suite, spec({ withdrawals: [w], ...more }, accounts));

  it('accepts a withdrawal of the whole balance and rejects one of more than the balance', async () => {
    await expectAccepted(withdrawn(withdrawal(1, DEPOSITOR, 997n, 3n, 3n)));
    await expectRejected(withdrawn(withdrawal(1, DEPOSITOR, 998n, 3n, 3n)), W_BALANCE());
  });

  it('rejects a withdrawal credited to another address than the signed one', async () => {
    await expectRejected(withdrawn(withdrawal(1, ATTACKER, 100n, 3n, 3n, { signedAddress: DEPOSITOR })), W_SIGNATURE());
  });

  it("rejects a withdrawal signed by another account's key, and a transfer's signature replayed as a withdrawal", async () => {
    await expectRejected(withdrawn(withdrawal(1, DEPOSITOR, 100n, 3n, 3n, { signer: 2 })), W_SIGNATURE());
    // Transfer 1 -> 2 signed under kind 1; the withdrawal to "address 2" packs kind 2.
    const { signature } = transfer(1, 2, 100n, 3n, 3n);
    await expectRejected(withdrawn({ ...withdrawal(1, 2n, 100n, 3n, 3n), signature }), W_SIGNATURE());
  });

  it('rejects a withdrawal credited twice (replayed with the nonce it already used)', async () => {
    const after = withAccounts([account(1, 897n, 4n)]);
    await expectRejected(withdrawn(withdrawal(1, DEPOSITOR, 100n, 3n, 3n), after), W_MEMBERSHIP());
  });

  it('rejects a withdrawal from an empty index, of amount 0 (ZERO_WITHDRAWAL) and to address 0 (INVALID_ADDRESS)', async () => {
    const claim = (role: string, _w: number, a: RawAccount): RawAccount => (role === 'withdrawal' ? account(7, 1000n)[1] : a);
    await expectRejected(withdrawn(withdrawal(7, DEPOSITOR, 100n, 3n, 0n), ACCOUNTS, { claim }), W_MEMBERSHIP());
    await expectRejected(withdrawn(withdrawal(1, DEPOSITOR, 0n, 3n, 3n)), check(site('WithdrawalPosition', 'amount * amountInverse === enabled'), `${withdrawals(0)}.amountInverse`));
    await expectRejected(withdrawn(withdrawal(1, 0n, 100n, 3n, 3n)), check(site('WithdrawalPosition', 'address * addressInverse === enabled'), `${withdrawals(0)}.addressInverse`));
  });

  it('rejects a withdrawal in an empty (kind 0) position: its from, amount, fee or address published, or its debit applied', async () => {
    const empty = (fields: Partial<RawWithdrawal>): RawWithdrawal => ({ kind: 0n, from: 0, address: 0n, amount: 0n, fee: 0n, nonce: 0n, signature: { R8x: 0n, R8y: 0n, S: 0n }, ...fields });
    await expectRejected(withdrawn(empty({ from: 1 })), W_FIELD('(1 - isWithdrawal) * from === 0'));
    // A non-zero amount or address also has an inverse, which an empty position pins to 0.
    await expectRejected(withdrawn(empty({ address: ATTACKER })), W_FIELD('(1 - isWithdrawal) * address === 0'), INVERSE('address'));
    // The position debits its decoded amount and fee from the all-zero account witness, whose range check fails too.
    await expectRejected(withdrawn(empty({ amount: 100n, address: ATTACKER })), W_FIELD('(1 - isWithdrawal) * opWord === 0'), W_FIELD('(1 - isWithdrawal) * address === 0'),
      INVERSE('amount'), INVERSE('address'), W_BALANCE());
    await expectRejected(withdrawn(empty({ fee: 5n }), ACCOUNTS, { extraCredit: 5n }), W_FIELD('(1 - isWithdrawal) * feeByte === 0'), W_BALANCE());
    // A real signed withdrawal debited under kind 0: the circuit keeps the root, so the fee credit's path fails.
    const signed = withdrawal(1, DEPOSITOR, 100n, 0n, 3n);
    await expectRejected(withdrawn({ ...signed, kind: 0n, applied: true }), W_FIELD('(1 - isWithdrawal) * from === 0'), check([], `${withdrawals(0)}.`), CREDIT_MEMBERSHIP());
  });

  it('rejects the transfer kind (1) and kind 3 in a withdrawal position', async () => {
    const KIND_BIT = 'the kind bit 38 is the constant 0 in the R1CS: the SHA-256 rounds reading it fail';
    const kindBit = W_FIELD('opWordRange.out[38] === 0');
    await expectRejectedSpread(withdrawn(withdrawal(1, DEPOSITOR, 100n, 3n, 3n, { kind: 1n, applied: false })), kindBit, KIND_BIT);
    await expectRejectedSpread(withdrawn(withdrawal(1, DEPOSITOR, 100n, 3n, 3n, { kind: 3n, applied: true })), kindBit, KIND_BIT);
  });

  it('accepts a credited fee recipient balance of 2^64 - 1 after a withdrawal fee and rejects 2^64 (FEE_OVERFLOW)', async () => {
    const rich = withAccounts([account(0, TWO64 - 3n)]);
    await expectAccepted(withdrawn(withdrawal(1, DEPOSITOR, 100n, 2n, 3n), rich));
    await expectRejected(withdrawn(withdrawal(1, DEPOSITOR, 100n, 3n, 3n), rich), CREDIT_RANGE(), check([], 'main.feeOverflow.'));
  });

  it('enforces rule 9 after every slot when the fee recipient withdraws afterwards', async () => {
    // Slot 0's fee brings the recipient to 2^64; its own withdrawal lowers it again before the credit.
    const rich = withAccounts([account(0, TWO64 - 200n)]);
    const batch = (fee: bigint) => forge(suite, spec({ slots: [transfer(1, 2, 100n, fee, 3n)], withdrawals: [withdrawal(0, DEPOSITOR, 1000n, 0n, 0n)] }, rich));
    await expectAccepted(batch(150n));
    // The no-op slot 1 repeats slot 0's bound, so both fail.
    await expectRejected(batch(200n), FEE_BOUND(0), FEE_BOUND(1));
  });
});

describe('§6 positions of one batch (D = 2, N = 2, Q = 2, W = 2)', () => {
  let small: Harness;
  const verdicts = verdictsOf(() => small);
  /** Fee recipient 0, account 1 (nonce 3), 2 and the empty index 3. */
  let SMALL_ACCOUNTS: Map<number, RawAccount>;
  const smallSpec = (more: Partial<ForgeSpec>): ForgeSpec => ({
    ...SMALL_INSTANCE, domain: TEST_DOMAIN, batchNumber: BATCH_NUMBER, accounts: SMALL_ACCOUNTS, feeRecipient: 0, oldQueueHash: OLD_QUEUE_HASH, slots: [], ...more,
  });

  beforeAll(async () => {
    small = await loadHarness(SMALL_INSTANCE);
    SMALL_ACCOUNTS = new Map([account(0, 10n), account(1, 1000n, 3n), account(2, 500n)]);
  });

  it('accepts two operations in queue order, and rejects them in the other order and one applied twice', async () => {
    const ops = [depositNew(3, 700n), depositTo(3, 50n)];
    await verdicts.expectAccepted(forge(suite, smallSpec({ queue: ops.map((op) => at(op)) })));
    const reversed = forge(suite, smallSpec({ queue: [at(ops[1]), at(ops[0])] }));
    await verdicts.expectRejected(withContractQueue(reversed, ops), QUEUE_HASH(1));
    await verdicts.expectRejected(withContractQueue(forge(suite, smallSpec({ queue: [at(ops[0]), at(ops[0])] })), ops), QUEUE_HASH(1));
  });

  it('rejects a consumed operation after an empty position (the consumed ones come first)', async () => {
    const b = forge(suite, smallSpec({ queue: [undefined, at(depositTo(2, 300n))] }));
    await verdicts.expectRejected(b, check(site('Batch', '(1 - queue[q - 1].enabled) * queue[q].enabled === 0'), `${queue(0)}.op.`, `${queue(1)}.op.`));
  });

  it('rejects one signed withdrawal credited twice in a batch, and enforces rule 9 after every withdrawal', async () => {
    const once = withdrawal(1, DEPOSITOR, 100n, 3n, 3n);
    await verdicts.expectRejected(forge(suite, smallSpec({ withdrawals: [once, once] })), W_MEMBERSHIP(1));
    // Withdrawal 0's fee brings the recipient to 2^64; its own withdrawal 1 lowers it again.
    const rich = new Map([...SMALL_ACCOUNTS, account(0, TWO64 - 20n)]);
    const pair = (fee: bigint) => forge(suite, { ...smallSpec({ withdrawals: [withdrawal(1, DEPOSITOR, 100n, fee, 3n), withdrawal(0, DEPOSITOR, 1000n, 0n, 0n)] }), accounts: rich });
    await verdicts.expectAccepted(pair(15n));
    await verdicts.expectRejected(pair(20n), FEE_BOUND(SMALL_INSTANCE.batchSize));
  });
});
