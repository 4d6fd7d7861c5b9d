/**
 * Soundness of the batch circuit's transfer slots and fee credit (docs/protocol.md v3, §1.1, §3,
 * §5-§7, §9) on the default instance (queue and withdrawal positions empty; their rules are in
 * money.test.ts): for each rule, an attacker who controls the prover builds an input consistent
 * everywhere except the rule it breaks. Three things must hold (see `verdictsOf`): the real
 * witness generator fails at that rule's constraint; the witness of an assert-free generator
 * violates the real R1CS; and every constraint it violates belongs to that rule's check, i.e. the
 * circuit minus that check would accept the forgery.
 */
import { batchToCircuitInput, BN254_ORDER as R, DEFAULT_INSTANCE, parseWtns } from '@zkr/circuits';
import type { CryptoSuite } from '@zkr/state';
import { fixtureSuite, genesis, honestBatch, testKey, testOwner, TEST_DOMAIN } from '@zkr/test-helpers';
import { forge, rawBatchData, rawLeaf, rawMessage, recommit, type ForgedBatch, type ForgeSpec, type RawAccount, type RawSlot } from './forge';
import { freeWitness, judge, loadHarness, unexplained, type Harness } from './harness';
import { circuitInput } from './input';
import { site } from './sites';
import { check, CREDIT_MEMBERSHIP, CREDIT_RANGE, DATA_HASH, NEW_STATE, verdictsOf } from './verdicts';

const TWO64 = 1n << 64n;
const { depth, batchSize, queuePositions, withdrawalPositions } = DEFAULT_INSTANCE;
/** The fixture state has applied 6 batches, so the honest batch number is 7. */
const BATCH_NUMBER = 7n;
let h: Harness;
let suite: CryptoSuite;

beforeAll(async () => {
  [h, suite] = await Promise.all([loadHarness(DEFAULT_INSTANCE), fixtureSuite()]);
  // circom_runtime prints every failed assertion to console.error; the verdicts carry them.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  ACCOUNTS = new Map([account(0, 10n), account(1, 1000n, 3n), account(2, 500n), account(3, 0n)]);
});

afterAll(() => jest.restoreAllMocks());

function account(index: number, balance: bigint, nonce = 0n): [number, RawAccount] {
  return [index, { publicKey: testKey(suite, index).publicKey, balance, nonce, owner: testOwner(index) }];
}

/** A slot signed by `signer` (default: the sender, whose key the attacker may own) over raw values. */
function signed(from: number, to: number, amount: bigint, fee: bigint, nonce = 0n, options: Partial<RawSlot> & { domain?: bigint; signer?: number } = {}): RawSlot {
  const { domain = TEST_DOMAIN, signer = from, ...claims } = options;
  const message = rawMessage(suite, domain, { from, to, amount, fee, nonce });
  return { from, to, amount, fee, nonce, signature: suite.eddsa.sign(testKey(suite, signer).privateKey, message), ...claims };
}

/** Fee recipient 0, sender 1 (nonce 3), receiver 2, and 3; set once the suite is loaded. */
let ACCOUNTS: Map<number, RawAccount>;

function spec(slots: ForgeSpec['slots'], accounts = ACCOUNTS, feeRecipient = 0, more: Partial<ForgeSpec> = {}): ForgeSpec {
  return { depth, batchSize, queuePositions, withdrawalPositions, domain: TEST_DOMAIN, batchNumber: BATCH_NUMBER, accounts, feeRecipient, slots, ...more };
}

const base = (): ForgedBatch => forge(suite, spec([signed(1, 2, 100n, 3n, 3n)]));
const withAccounts = (accounts: readonly [number, RawAccount][]): Map<number, RawAccount> => new Map([...ACCOUNTS, ...accounts]);

const slot = (j: number): string => `main.slots[${j}]`;
const { expectRejected, expectRejectedSpread, expectNoOtherStatement, expectAccepted } = verdictsOf(() => h);

// The checks, each with its constraint site (template and line text) and its R1CS components.
const SENDER_FRAME = () => site('TransferSlot', 'sender.nonceAfter <==');
const RECEIVER_FRAME = () => site('TransferSlot', 'receiver.nonceAfter <==');
const SIGNATURE = () => check(site('TransferSlot', 'signature.M <=='), `${slot(0)}.signature.`);
const SENDER_MEMBERSHIP = (j = 0) => check([SENDER_FRAME(), site('LeafUpdate', 'enabled * (pathBefore.root - rootBefore) === 0')], `${slot(j)}.sender.pathBefore.`);
const RECEIVER_MEMBERSHIP = (j = 0) => check([RECEIVER_FRAME(), site('LeafUpdate', 'enabled * (pathBefore.root - rootBefore) === 0')], `${slot(j)}.receiver.pathBefore.`);
const slotRange = (name: string, j = 0) => check(site('TransferSlot', `${name}.in <==`), `${slot(j)}.${name}.`);
const fieldRange = (name: string, j = 0) => check(site('SlotFields', `${name}.in <==`), `${slot(j)}.fields.${name}.`);
const fieldLine = (snippet: string, j = 0) => check(site('SlotFields', snippet), `${slot(j)}.fields.`, `main.enabled[${j}]`);
const leafRange = (role: 'sender' | 'receiver', name: string, j = 0) =>
  check([role === 'sender' ? SENDER_FRAME() : RECEIVER_FRAME(), site('LeafUpdate', `${name}.in <==`)], `${slot(j)}.${role}.${name}.`);
const creditLeafRange = (name: string) => check([site('FeeCredit', 'credit.nonceAfter <=='), site('LeafUpdate', `${name}.in <==`)], `main.feeCredit.credit.${name}.`);

describe('the harness itself', () => {
  it('forges exactly the batch and input the builder makes for an honest batch, and both generators agree', async () => {
    const fixture = await genesis(depth, [...ACCOUNTS].map(([index, a]) => ({ index, balance: a.balance, nonce: a.nonce })), TEST_DOMAIN, Number(BATCH_NUMBER) - 1);
    const batch = honestBatch(fixture, [{ from: 1, to: 2, amount: 100n, fee: 3n }], batchSize, 0);
    const forged = base();
    expect(rawBatchData(suite, forged)).toEqual(batch.batchData);
    expect([forged.oldRoot, forged.newRoot, forged.newStateHash, forged.dataHash, forged.batchNumber, forged.oldQueueHash, forged.newQueueHash])
      .toEqual([batch.oldRoot, batch.newRoot, batch.newStateHash, batch.dataHash, BigInt(batch.batchNumber), batch.oldQueueHash, batch.newQueueHash]);
    expect(circuitInput(forged)).toEqual(batchToCircuitInput(batch));
    const real = parseWtns(await h.real.compute(circuitInput(forged)));
    // The four public inputs of §7, in order.
    expect(real.slice(1, 5)).toEqual([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]);
    expect(await freeWitness(h, circuitInput(forged))).toEqual(real);
    await expectAccepted(forged);
  });

  it('attributes violated constraints to components: a forged signature is explained by the signature only', async () => {
    const b = base();
    b.slots[0].signature = { ...b.slots[0].signature, S: b.slots[0].signature.S + 1n };
    const verdict = await judge(h, circuitInput(b));
    expect(unexplained(verdict, [`${slot(0)}.signature.`])).toEqual([]);
    expect(unexplained(verdict, [`${slot(0)}.sender.`, 'main.feeCredit.', 'main.batchData.']).length).toBe(verdict.constraints.length);
  });
});

describe('§5.5 signatures', () => {
  it('rejects a forged signature (S + 1)', async () => {
    const b = base();
    b.slots[0].signature = { ...b.slots[0].signature, S: b.slots[0].signature.S + 1n };
    await expectRejected(b, SIGNATURE());
  });

  it("rejects a signature by another account's key", async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n, { signer: 2 })])), SIGNATURE());
  });

  it('rejects a signature made for another domain', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n, { domain: TEST_DOMAIN + 1n })])), SIGNATURE());
  });

  it('rejects a signed transfer applied with from and to swapped (2 -> 1 under the signature of 1 -> 2)', async () => {
    const { signature } = signed(1, 2, 100n, 3n, 0n);
    await expectRejected(forge(suite, spec([{ ...signed(2, 1, 100n, 3n, 0n), signature }])), SIGNATURE());
  });

  it('rejects a signature over another amount or fee (the value, not the word, is signed)', async () => {
    const { signature } = signed(1, 2, 101n, 3n, 3n);
    await expectRejected(forge(suite, spec([{ ...signed(1, 2, 100n, 3n, 3n), signature }])), SIGNATURE());
    const { signature: feeSignature } = signed(1, 2, 100n, 4n, 3n);
    await expectRejected(forge(suite, spec([{ ...signed(1, 2, 100n, 3n, 3n), signature: feeSignature }])), SIGNATURE());
  });
});

describe('§1.1 amounts and fees on the wire', () => {
  it('rejects an op word that decodes to another amount than the one applied (the state follows the word)', async () => {
    // The published word says 10, the attacker's new state moved 100: the circuit applies 10, so
    // its root differs from the attacker's from the sender update on (the next membership proofs
    // and the new state hash fail). Signed by the attacker over 10 (the decoded value), nothing
    // else fails; with the user's signature over 100 the signature fails first.
    const diverged = [RECEIVER_MEMBERSHIP(), CREDIT_MEMBERSHIP(), NEW_STATE()];
    const { signature } = signed(1, 2, 10n, 3n, 3n);
    await expectRejected(forge(suite, spec([{ ...signed(1, 2, 100n, 3n, 3n, { amountWord: 10n }), signature }])), ...diverged);
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n, { amountWord: 10n })])), SIGNATURE(), ...diverged);
  });

  it('rejects an op word whose witness is not the published one (the data hash follows the witness)', async () => {
    const b = base();
    const published = { ...b, slots: b.slots.map((s, j) => (j === 0 ? { ...s, amountWord: 10n } : s)) };
    b.dataHash = recommit(suite, published).dataHash;
    await expectRejected(b, DATA_HASH());
  });

  it('rejects a fee byte that decodes to another fee than the one applied', async () => {
    // Byte 0x15 = 5·10 = 50 published (and signed by the attacker), fee 3 applied and credited.
    const diverged = [RECEIVER_MEMBERSHIP(), CREDIT_MEMBERSHIP(), NEW_STATE()];
    const { signature } = signed(1, 2, 100n, 50n, 3n);
    await expectRejected(forge(suite, spec([{ ...signed(1, 2, 100n, 3n, 3n, { feeByte: 0x15n }), signature }])), ...diverged);
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n, { feeByte: 0x15n })])), SIGNATURE(), ...diverged);
  });

  it('accepts a non-canonical word of the signed value (100 as 10·10^1, fee 10 as 1·10^1)', async () => {
    await expectAccepted(forge(suite, spec([signed(1, 2, 100n, 10n, 3n, { amountWord: (1n << 34n) | 10n, feeByte: 0x11n })])));
  });

  it('accepts the largest amount below 2^64 (1844674407·10^10) and rejects a word decoding to >= 2^64', async () => {
    const rich = new Map([account(0, 0n), account(1, TWO64 - 1n), account(2, 0n)]);
    const largest = 1844674407n * 10n ** 10n;
    await expectAccepted(forge(suite, spec([signed(1, 2, largest, 0n)], rich)));
    // 1844674408·10^10 >= 2^64, and the largest word (2^34 - 1)·10^15 is ~2^84. The debit and
    // the credit of such an amount leave 64 bits too, so their range checks also fail.
    const tooLarge = [fieldRange('amountRange'), slotRange('senderBalanceRange'), slotRange('receiverBalanceRange')];
    await expectRejected(forge(suite, spec([signed(1, 2, largest + 10n ** 10n, 0n, 0n, { amountWord: (10n << 34n) | 1844674408n })], rich)), ...tooLarge);
    const top = ((1n << 34n) - 1n) * 10n ** 15n;
    await expectRejected(forge(suite, spec([signed(1, 2, top, 0n, 0n, { amountWord: (1n << 38n) - 1n })], rich)), ...tooLarge);
  });

  it('accepts the largest fee 15·10^15 (byte 0xff)', async () => {
    const rich = new Map([account(0, 0n), account(1, TWO64 - 1n), account(2, 0n)]);
    await expectAccepted(forge(suite, spec([signed(1, 2, 0n, 15n * 10n ** 15n)], rich)));
  });

  it('refuses an op word >= 2^40 and a fee byte >= 2^8, which the R1CS cannot even express (they are their hashed bits)', async () => {
    const b = base();
    b.slots[0].amountWord += 1n << 40n;
    await expectNoOtherStatement(b, base(), fieldRange('opWordRange'), 'main.opWord[0]');
    const c = base();
    c.slots[0].feeByte += 1n << 8n;
    await expectNoOtherStatement(c, base(), fieldRange('feeByteRange'), 'main.feeByte[0]');
  });
});

describe('§6 slot kinds', () => {
  // --O2 turns `opWordRange.out[39] === 0` into the constant bit 0, so a kind-2/3 witness shows
  // up in the SHA-256 constraints that read that bit of the op word.
  const KIND_BIT = 'the kind bit 39 is the constant 0 in the R1CS: the SHA-256 rounds reading it fail';

  it('rejects a slot of kind 2 (reserved for withdrawals) with no state change', async () => {
    const noop = { kind: 2n, from: 0, to: 0, amount: 0n, fee: 0n, nonce: 0n, signature: { R8x: 0n, R8y: 0n, S: 0n } };
    await expectRejectedSpread(forge(suite, spec([noop])), fieldLine('opWordRange.out[39] === 0'), KIND_BIT);
    // A withdrawal-like kind-2 slot (from, amount) also breaks the no-op rules (kind 2 is not a transfer).
    const withdrawal = forge(suite, spec([{ ...noop, from: 1, amount: 100n }]));
    await expectRejectedSpread(withdrawal, fieldLine('opWordRange.out[39] === 0'), KIND_BIT);
  });

  it('rejects a slot of kind 3 (reserved) applied as a transfer', async () => {
    await expectRejectedSpread(forge(suite, spec([signed(1, 2, 100n, 3n, 3n, { kind: 3n, applied: true })])), fieldLine('opWordRange.out[39] === 0'), KIND_BIT);
  });

  it('rejects a kind-1 slot that moves nothing (ZERO_TRANSFER: a nonce bump without a fee)', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 0n, 0n, 3n)])), check(site('TransferSlot', 'moved * movedInverse === enabled'), `${slot(0)}.movedInverse`));
  });

  it('rejects a no-op slot with non-zero bytes: from, to, op word, fee byte (a fee credited from nowhere)', async () => {
    const noop = (fields: Partial<RawSlot>): RawSlot => ({ kind: 0n, from: 0, to: 0, amount: 0n, fee: 0n, nonce: 0n, signature: { R8x: 0n, R8y: 0n, S: 0n }, ...fields });
    await expectRejected(forge(suite, spec([noop({ from: 1 })])), fieldLine('(1 - isTransfer) * from === 0'));
    await expectRejected(forge(suite, spec([noop({ to: 2 })])), fieldLine('(1 - isTransfer) * to === 0'));
    // The slot debits its decoded amount and fee from the all-zero sender witness, whose range check fails too.
    await expectRejected(forge(suite, spec([noop({ amount: 5n })])), fieldLine('(1 - isTransfer) * opWord === 0'), slotRange('senderBalanceRange'));
    await expectRejected(forge(suite, spec([noop({ fee: 5n })], ACCOUNTS, 0, { extraCredit: 5n })), fieldLine('(1 - isTransfer) * feeByte === 0'), slotRange('senderBalanceRange'));
  });

  it('rejects a no-op slot with a non-zero private witness (a sibling, a nonce)', async () => {
    const b = base();
    b.slots[1].receiverSiblings[1][2] = 5n;
    await expectRejected(b, check(site('TransferSlot', '(1 - enabled) * receiverSiblings[k][s] === 0'), 'main.enabled[1]'));
    const c = base();
    c.slots[1].nonce = 1n;
    await expectRejected(c, check(site('TransferSlot', '(1 - enabled) * witnessScalars[i] === 0'), 'main.enabled[1]'));
  });

  it('rejects a no-op slot that changes a balance (the next root does not follow)', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 0, { afterSlots: new Map([account(3, 50n)]) })), CREDIT_MEMBERSHIP());
  });
});

describe('§5.6 nonces', () => {
  it('rejects a replayed transfer (validly signed with the previous nonce)', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 2n)])), SENDER_MEMBERSHIP());
  });

  it('accepts the last usable nonce 2^64 - 2 and rejects 2^64 - 1 (NONCE_OVERFLOW)', async () => {
    const accounts = (nonce: bigint) => withAccounts([account(1, 1000n, nonce)]);
    await expectAccepted(forge(suite, spec([signed(1, 2, 1n, 0n, TWO64 - 2n)], accounts(TWO64 - 2n))));
    await expectRejected(forge(suite, spec([signed(1, 2, 1n, 0n, TWO64 - 1n)], accounts(TWO64 - 1n))), check(site('TransferSlot', '(nonce + 1 - (1 << 64)) * nonceInverse === 1'), `${slot(0)}.nonceInverse`));
  });
});

/** The decomposition `(balance', nonce')` of the same packed value `balance + 2^64·nonce` (mod r) with `balance'` chosen. */
function alias(a: RawAccount, balance: bigint): RawAccount {
  const packed = (a.balance + TWO64 * a.nonce) % R;
  const inverse = modPow(TWO64, R - 2n);
  return { ...a, balance, nonce: ((((packed - balance) % R) + R) % R * inverse) % R };
}

function modPow(b: bigint, e: bigint): bigint {
  let result = 1n;
  for (let x = b % R, k = e; k > 0n; k >>= 1n, x = (x * x) % R) if (k & 1n) result = (result * x) % R;
  return result;
}

describe('§9 leaf values are range-checked before the leaf is opened (no aliasing of balance + 2^64·nonce)', () => {
  const claiming = (role: string, claimed: (a: RawAccount) => RawAccount) => ({ claim: (r: string, _j: number, a: RawAccount) => (r === role ? claimed(a) : a) });

  it('the aliases open the same leaf (the attacks below rely on it)', () => {
    const [, sender] = account(1, 1000n, 3n);
    expect(rawLeaf(suite, alias(sender, 6000n))).toBe(rawLeaf(suite, sender));
    expect(rawLeaf(suite, { ...sender, balance: 1000n + TWO64, nonce: 2n })).toBe(rawLeaf(suite, sender));
    expect(rawLeaf(suite, { ...sender, balance: 1000n + 4n * TWO64, nonce: R - 1n })).toBe(rawLeaf(suite, sender));
  });

  it('rejects a sender reading balance + 2^64, nonce - 1 from its leaf (spending 1500 of 1000)', async () => {
    const b = forge(suite, spec([signed(1, 2, 1500n, 3n, 2n)], ACCOUNTS, 0, claiming('sender', (a) => ({ ...a, balance: a.balance + TWO64, nonce: a.nonce - 1n }))));
    await expectRejected(b, leafRange('sender', 'balanceBeforeRange'));
  });

  it('rejects a sender reading a nonce >= 2^64 from its leaf (balance 6000 of 1000, spending 5500)', async () => {
    const claimed = alias(ACCOUNTS.get(1)!, 6000n);
    expect(claimed.nonce >= TWO64).toBe(true);
    const b = forge(suite, spec([signed(1, 2, 5500n, 3n, claimed.nonce)], ACCOUNTS, 0, claiming('sender', () => claimed)));
    await expectRejected(b, leafRange('sender', 'nonceBeforeRange'));
  });

  it('rejects a sender reading the nonce r - 1 (nonce + 1 = 0; its balance is then >= 2^64, and so is the debited one)', async () => {
    const b = forge(suite, spec([signed(1, 2, 1500n, 3n, R - 1n)], ACCOUNTS, 0, claiming('sender', (a) => ({ ...a, balance: a.balance + 4n * TWO64, nonce: R - 1n }))));
    await expectRejected(b, slotRange('senderBalanceRange'), leafRange('sender', 'balanceBeforeRange'), leafRange('sender', 'nonceBeforeRange'));
  });

  it('rejects a receiver reading a nonce >= 2^64 to hide an overflow (RECEIVER_OVERFLOW)', async () => {
    const accounts = withAccounts([account(2, TWO64 - 50n)]);
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], accounts, 0, claiming('receiver', (a) => alias(a, 0n))));
    await expectRejected(b, leafRange('receiver', 'nonceBeforeRange'));
  });

  it('rejects a receiver reading balance + 2^64, nonce - 1 (also caught by its credited range)', async () => {
    const accounts = withAccounts([account(2, 500n, 1n)]);
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], accounts, 0, claiming('receiver', (a) => ({ ...a, balance: a.balance + TWO64, nonce: 0n }))));
    await expectRejected(b, slotRange('receiverBalanceRange'), leafRange('receiver', 'balanceBeforeRange'));
  });

  it('rejects a fee recipient reading a nonce >= 2^64 to hide FEE_OVERFLOW', async () => {
    const accounts = withAccounts([account(0, TWO64 - 2n)]);
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], accounts, 0, claiming('feeRecipient', (a) => alias(a, 0n))));
    await expectRejected(b, creditLeafRange('nonceBeforeRange'));
  });

  it('rejects a fee recipient reading balance + 2^64, nonce - 1 (also caught by the credit bounds)', async () => {
    const accounts = withAccounts([account(0, 10n, 1n)]);
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], accounts, 0, claiming('feeRecipient', (a) => ({ ...a, balance: a.balance + TWO64, nonce: 0n }))));
    await expectRejected(b, CREDIT_RANGE(), creditLeafRange('balanceBeforeRange'), check([], 'main.feeOverflow.'));
  });

  it('rejects a leaf that holds a balance >= 2^64 (one no honest genesis writes)', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 5n, 5n, 3n)], withAccounts([account(1, TWO64 + 9n, 3n)]))), leafRange('sender', 'balanceBeforeRange'));
  });
});

describe('§5.7-5.8 balances', () => {
  it('accepts spending the whole balance and rejects overspending by 1', async () => {
    await expectAccepted(forge(suite, spec([signed(1, 2, 997n, 3n, 3n)])));
    await expectRejected(forge(suite, spec([signed(1, 2, 998n, 3n, 3n)])), slotRange('senderBalanceRange'));
  });

  it('accepts a receiver balance of 2^64 - 1 and rejects 2^64 (RECEIVER_OVERFLOW)', async () => {
    const accounts = withAccounts([account(2, TWO64 - 100n)]);
    await expectAccepted(forge(suite, spec([signed(1, 2, 99n, 3n, 3n)], accounts)));
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], accounts)), slotRange('receiverBalanceRange'));
  });
});

describe('§3 Merkle membership in the arity-4 tree', () => {
  it('rejects a wrong sender sibling and a wrong receiver sibling', async () => {
    const b = base();
    b.slots[0].senderSiblings[0][2] += 1n;
    // The sender update then writes a root the attacker's receiver path does not start from.
    await expectRejected(b, SENDER_MEMBERSHIP(), RECEIVER_MEMBERSHIP());
    const c = base();
    c.slots[0].receiverSiblings[1][0] += 1n;
    await expectRejected(c, RECEIVER_MEMBERSHIP(), CREDIT_MEMBERSHIP());
  });

  it('rejects siblings in another order (a wrong position among the four children)', async () => {
    const b = base();
    const triple = b.slots[0].senderSiblings[0];
    [triple[0], triple[1]] = [triple[1], triple[0]];
    expect(triple[0]).not.toBe(triple[1]);
    await expectRejected(b, SENDER_MEMBERSHIP(), RECEIVER_MEMBERSHIP());
  });

  it('rejects a path digit that is not the index: index 1 + 4 = 5 proved with the siblings of index 1', async () => {
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)]));
    const honest = forge(suite, spec([signed(5, 2, 100n, 3n, 3n, { signer: 1 })]));
    b.slots[0].from = 5n;
    b.slots[0].signature = honest.slots[0].signature;
    await expectRejected(recommit(suite, b), SENDER_MEMBERSHIP(), RECEIVER_MEMBERSHIP());
  });

  it('rejects a wrong old leaf (a sender balance above the real one)', async () => {
    const b = base();
    b.slots[0].sender = { ...b.slots[0].sender, balance: 1001n };
    await expectRejected(b, SENDER_MEMBERSHIP(), RECEIVER_MEMBERSHIP());
  });

  it('rejects a transfer to an empty index (UNKNOWN_RECEIVER) and from an empty index (UNKNOWN_SENDER)', async () => {
    await expectRejected(forge(suite, spec([signed(1, 7, 100n, 3n, 3n)])), RECEIVER_MEMBERSHIP());
    // The attacker claims index 7 holds its own key and 1000: only the membership proof fails.
    const claim = (role: string, _j: number, a: RawAccount): RawAccount => (role === 'sender' ? { ...account(7, 1000n)[1] } : a);
    await expectRejected(forge(suite, spec([signed(7, 2, 100n, 3n)], ACCOUNTS, 0, { claim })), SENDER_MEMBERSHIP());
  });

  it('accepts the last index 2^D - 1 and rejects indices >= 2^D', async () => {
    const last = 2 ** depth - 1;
    await expectAccepted(forge(suite, spec([signed(1, last, 100n, 3n, 3n)], withAccounts([account(last, 0n)]), last)));
    // --O2 solved each index's decomposition for one of its bits, so the free witness fails where those bits are read.
    const spread = 'the index bits feed the Merkle path and the SHA-256 of the batch data';
    await expectRejectedSpread(forge(suite, spec([signed(1, 2 ** depth, 100n, 3n, 3n)])), fieldRange('toRange'), spread);
    await expectRejectedSpread(forge(suite, spec([signed(2 ** depth, 2, 1n, 0n)])), fieldRange('fromRange'), spread);
    await expectRejectedSpread(forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 2 ** depth)), check(site('FeeCredit', 'recipientRange.in <=='), 'main.feeCredit.recipientRange.'), spread);
  });

  it('rejects a rewritten leaf with another owner or another key (they never change)', async () => {
    // The circuit writes the leaf back with the owner and key it read, so the attacker's tree and
    // the circuit's differ from that leaf on: at the next membership proof that passes through it,
    // or at the new state hash for the last update.
    const rewritten = (who: string, change: (a: RawAccount) => RawAccount) =>
      forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 0, { rewrite: (role, _j, a) => (role === who ? change(a) : a) }));
    await expectRejected(rewritten('feeRecipient', (a) => ({ ...a, owner: 0n })), NEW_STATE());
    await expectRejected(rewritten('feeRecipient', (a) => ({ ...a, publicKey: testKey(suite, 9).publicKey })), NEW_STATE());
    await expectRejected(rewritten('receiver', (a) => ({ ...a, owner: a.owner + 1n })), CREDIT_MEMBERSHIP(), NEW_STATE());
    await expectRejected(rewritten('sender', (a) => ({ ...a, publicKey: testKey(suite, 9).publicKey })), RECEIVER_MEMBERSHIP(), CREDIT_MEMBERSHIP(), NEW_STATE());
  });
});

describe('§6 order of slots', () => {
  const chain = (): RawSlot[] => [signed(1, 3, 100n, 3n, 3n), signed(3, 2, 50n, 0n, 0n)];

  it('accepts a slot spending what the slot before credited, and rejects the same slots applied in the other order', async () => {
    await expectAccepted(forge(suite, spec(chain())));
    // The attacker's tree then holds r - 50 for account 3, which slot 1 reads: its old-balance check fails too.
    await expectRejected(forge(suite, spec([...chain()].reverse())), slotRange('senderBalanceRange'), leafRange('receiver', 'balanceBeforeRange', 1));
  });

  it('rejects slots published in another order than applied', async () => {
    const b = forge(suite, spec(chain()));
    const published = { ...b, slots: [b.slots[1], b.slots[0]] };
    b.dataHash = recommit(suite, published).dataHash;
    await expectRejected(b, DATA_HASH());
  });
});

describe('§7 batch data and the public inputs', () => {
  it('rejects from/to swapped in the batch data only', async () => {
    const b = base();
    const published = { ...b, slots: [{ ...b.slots[0], from: b.slots[0].to, to: b.slots[0].from }, b.slots[1]] };
    b.dataHash = recommit(suite, published).dataHash;
    await expectRejected(b, DATA_HASH());
  });

  it('rejects a data hash with one bit flipped', async () => {
    const b = base();
    b.dataHash ^= 1n << 200n;
    await expectRejected(b, DATA_HASH());
  });

  it('rejects a batch number that is not the one hashed (the contract hashes batchCount + 1)', async () => {
    const b = base();
    b.batchNumber = BATCH_NUMBER + 1n;
    await expectRejected(b, DATA_HASH());
  });

  it('accepts batch number 2^32 - 1 and refuses 2^32 + 7, which the R1CS cannot express (it is the hashed 7)', async () => {
    const last = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 0, { batchNumber: 2n ** 32n - 1n }));
    await expectAccepted(last);
    const b = base();
    b.batchNumber = 2n ** 32n + BATCH_NUMBER;
    await expectNoOtherStatement(b, base(), check(site('BatchDataHash', 'batchNumberRange.in <=='), 'main.batchData.batchNumberRange.'), 'main.batchNumber');
  });

  it('rejects a new state hash that is not the result of the slots', async () => {
    const b = base();
    b.newRoot += 1n;
    await expectRejected(recommit(suite, b), NEW_STATE());
  });

  it('rejects a new state hash for another domain', async () => {
    const b = base();
    b.newStateHash = suite.poseidon.hash([TEST_DOMAIN + 1n, b.newRoot]);
    await expectRejected(b, NEW_STATE());
  });

  it('rejects a proof for another domain whose data starts with this rollup\'s old state hash', async () => {
    // Everything consistent for domain + 1 (signatures, both hashes), except the old state hash the contract supplies.
    const other = TEST_DOMAIN + 1n;
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n, { domain: other })], ACCOUNTS, 0, { domain: other }));
    b.dataHash = recommit(suite, { ...b, domain: TEST_DOMAIN }).dataHash;
    await expectRejected(b, DATA_HASH());
  });
});

describe('§6 fee credit', () => {
  it('rejects fees credited twice', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 0, { extraCredit: 3n })), NEW_STATE());
  });

  it('rejects fees credited to another account than the published fee recipient', async () => {
    const b = forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 3));
    b.feeRecipient = 0n;
    await expectRejected(recommit(suite, b), CREDIT_MEMBERSHIP(), NEW_STATE());
  });

  it('rejects a fee recipient without an account', async () => {
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], ACCOUNTS, 9)), CREDIT_MEMBERSHIP());
  });

  it('accepts a credited balance of 2^64 - 1 and rejects 2^64 (FEE_OVERFLOW), 0 for an all-no-op batch', async () => {
    const accounts = withAccounts([account(0, TWO64 - 3n)]);
    await expectAccepted(forge(suite, spec([signed(1, 2, 100n, 2n, 3n)], accounts)));
    // The credit's own range check is computed before the per-slot bounds, so it fails first.
    await expectRejected(forge(suite, spec([signed(1, 2, 100n, 3n, 3n)], accounts)), CREDIT_RANGE(), check([], 'main.feeOverflow.'));
    await expectAccepted(forge(suite, spec([], ACCOUNTS, 3)));
  });

  it('enforces rule 9 after every slot, not only after the last one', async () => {
    // Slot 0 brings the recipient to 2^64 with its fees; slot 1 (sent by the recipient) lowers it again.
    const accounts = withAccounts([account(0, TWO64 - 200n)]);
    const slots = (fee: bigint) => [signed(1, 2, 100n, fee, 3n), signed(0, 2, 1000n, 0n)];
    await expectAccepted(forge(suite, spec(slots(150n), accounts)));
    await expectRejected(forge(suite, spec(slots(200n), accounts)), check(site('FeeOverflowCheck', 'bound[p].in <=='), 'main.feeOverflow.bound[0].'));
  });
});
