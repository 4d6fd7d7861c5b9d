import { buildPoseidon, type CircomPoseidon } from 'circomlibjs';
import { seededBigints, testKey, testOwner, testSeed } from '@zkr/test-helpers';
import { buildBatch } from './builder';
import { creditsOf, decodeBatchData } from './batchData';
import { QUEUE_HASH_LIMIT, VALUE_LIMIT } from './field';
import { stateToJson } from './json';
import {
  applyQueueOperation, assertQueueOperation, decodeQueueWord, queueHashOf, queueHashStep, queueWordOf,
} from './queue';
import { assertBatchConsistent } from './replay';
import { RollupState } from './state';
import { createCryptoSuite, type CryptoSuite } from './suite';
import { signTransfer } from './transfer';
import { computeRoot, leafHash } from './tree';
import type { QueueOperation, QueueOperationKind } from './types';

// Random words come from one seed, shown in the suite name: rerun a failure with ZKR_TEST_SEED.
const SEED = testSeed();
const random = seededBigints(SEED);

let suite: CryptoSuite;
let reference: CircomPoseidon;
const DOMAIN = 77n;
const DEPTH = 8;

beforeAll(async () => {
  suite = await createCryptoSuite({ poseidon: 'lite' });
  reference = await buildPoseidon();
});

/** Genesis accounts 0 (balance 1000, owner testOwner(0)), 1 (balance 2^64 - 10, no owner) and 5 (balance 50, owner testOwner(5)). */
function genesis(params: { queuePositions?: number; queueCount?: number; queueHash?: bigint } = {}): RollupState {
  const account = (index: number, balance: bigint, owner: bigint) => ({ index, account: { publicKey: testKey(suite, index).publicKey, balance, nonce: 0n, owner } });
  return RollupState.genesis(suite, {
    depth: DEPTH, domain: DOMAIN, ...params,
    accounts: [account(0, 1000n, testOwner(0)), account(1, VALUE_LIMIT - 10n, 0n), account(5, 50n, testOwner(5))],
  });
}

function op(kind: QueueOperationKind, index: number, amount: bigint, position = 0, address = testOwner(index)): QueueOperation {
  return { position, kind, index, amount, address, publicKey: kind === 1 ? testKey(suite, index).publicKey : [0n, 0n], time: 1000 + position };
}

/** The §12.1 word computed independently: bigint arithmetic on the canonical float (smallest exponent). */
function referenceWord(kind: number, index: number, amount: bigint, address: bigint): bigint {
  let e = 0n;
  while (amount !== 0n && amount / 10n ** e >= 1n << 34n) e++;
  const amountWord = e * (1n << 34n) + amount / 10n ** e;
  return BigInt(kind) + 4n * BigInt(index) + (1n << 34n) * amountWord + (1n << 72n) * address;
}

describe(`queue words and hash (ZKR_TEST_SEED=${SEED})`, () => {
  it('pack kind + 4·index + 2^34·amountWord + 2^72·address and decode back', () => {
    const top = (1n << 160n) - 1n;
    const cases: [QueueOperationKind, number, bigint, bigint][] = [
      [1, 0, 0n, 1n], [2, 2 ** 32 - 1, (1n << 34n) - 1n, top], [3, 7, 0n, top], [2, 3, 10n ** 9n * ((1n << 34n) - 1n), 5n], [1, 1, 17179869190n, 0xabcn],
    ];
    for (let i = 0; i < 6; i++) cases.push([(1 + i % 3) as QueueOperationKind, Number(random(32)), i % 3 === 2 ? 0n : random(33) + 1n, random(160) | 1n]);
    for (const [kind, index, amount, address] of cases) {
      const word = queueWordOf({ kind, index, amount, address });
      expect(word).toBe(referenceWord(kind, index, amount, address));
      expect(word < 1n << 232n).toBe(true);
      expect(decodeQueueWord(word)).toEqual({ kind, index, amount, address });
    }
    expect(queueWordOf({ kind: 2, index: 1, amount: 100n, address: 1n })).toBe(2n + 4n + 100n * 2n ** 34n + 2n ** 72n);
    expect(queueWordOf({ kind: 2, index: 1, amount: 10n ** 15n * 5n, address: 1n })).toBe(2n + 4n + (6n * 2n ** 34n + 5000000000n) * 2n ** 34n + 2n ** 72n);
  });

  it('decodeQueueWord refuses words no operation has', () => {
    const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'word' }) });
    expect(() => decodeQueueWord(1n << 232n)).toThrow(invalid);
    expect(() => decodeQueueWord(-1n)).toThrow(invalid);
    expect(() => decodeQueueWord((1n << 72n) + 4n)).toThrow(invalid);
    expect(() => decodeQueueWord(2n)).toThrow(invalid);
    expect(() => decodeQueueWord((1n << 72n) + ((15n << 34n) + (1n << 34n) - 1n) * (1n << 34n) + 2n)).toThrow(invalid);
  });

  it('the hash chain is Poseidon([hash, Ax, Ay, word]) mod 2^216 (circomlibjs Poseidon as the reference)', () => {
    const ops = [op(1, 9, 300n, 0), op(2, 0, 5n, 1), op(3, 5, 0n, 2), { ...op(1, 10, 12345n * 10n ** 5n, 3), address: random(160) | 1n }];
    let expected = 0n;
    const hashes: bigint[] = [];
    for (const o of ops) {
      const word = referenceWord(o.kind, o.index, o.amount, o.address);
      expected = reference.F.toObject(reference([expected, o.publicKey[0], o.publicKey[1], word])) % (1n << 216n);
      hashes.push(expected);
    }
    expect(ops.map((_, k) => queueHashOf(suite, ops.slice(0, k + 1)))).toEqual(hashes);
    expect(queueHashOf(suite, [])).toBe(0n);
    expect(queueHashOf(suite, ops.slice(2), hashes[1])).toBe(hashes[3]);
    expect(queueHashStep(suite, hashes[2], ops[3])).toBe(hashes[3]);
    expect(hashes.every((h) => h < QUEUE_HASH_LIMIT)).toBe(true);
    // Reordering, skipping or changing a field changes the hash.
    expect(queueHashOf(suite, [ops[1], ops[0]])).not.toBe(hashes[1]);
    expect(queueHashOf(suite, [ops[0], { ...ops[1], amount: 6n }])).not.toBe(hashes[1]);
    expect(() => queueHashStep(suite, QUEUE_HASH_LIMIT, ops[0])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'hash' }) }));
  });
});

describe('assertQueueOperation', () => {
  const refusal = (o: QueueOperation, depth = DEPTH): unknown => {
    try {
      assertQueueOperation(suite, o, depth, 'op');
    } catch (e) {
      return { code: (e as { code: string }).code, field: (e as { details: { field: string } }).details.field };
    }
    return 'accepted';
  };
  it('accepts what the contract queues and names the field of anything else', () => {
    expect([refusal(op(1, 3, 0n)), refusal(op(2, 3, 1n)), refusal(op(3, 3, 0n))]).toEqual(['accepted', 'accepted', 'accepted']);
    const invalid = (field: string) => ({ code: 'INVALID_ARGUMENT', field });
    expect(refusal({ ...op(1, 3, 0n), kind: 0 as 1 })).toEqual(invalid('op.kind'));
    expect(refusal({ ...op(1, 3, 0n), kind: 4 as 1 })).toEqual(invalid('op.kind'));
    expect(refusal(op(1, 256, 0n))).toEqual(invalid('op.index'));
    expect(refusal(op(1, 256, 0n), 10)).toBe('accepted');
    expect(refusal(op(2, 3, 0n))).toEqual(invalid('op.amount'));
    expect(refusal(op(3, 3, 1n))).toEqual(invalid('op.amount'));
    expect(refusal(op(2, 3, 1n << 34n))).toEqual({ code: 'AMOUNT_NOT_REPRESENTABLE', field: 'op.amount' });
    expect(refusal(op(2, 3, VALUE_LIMIT))).toEqual(invalid('op.amount'));
    expect(refusal(op(2, 3, 1n, 0, 0n))).toEqual(invalid('op.address'));
    expect(refusal(op(2, 3, 1n, 0, 1n << 160n))).toEqual(invalid('op.address'));
    expect(refusal({ ...op(2, 3, 1n), publicKey: [0n, 1n] })).toEqual(invalid('op.publicKey'));
    expect(refusal({ ...op(3, 3, 0n), publicKey: testKey(suite, 3).publicKey })).toEqual(invalid('op.publicKey'));
    expect(refusal({ ...op(1, 3, 0n), publicKey: [0n, 0n] })).toEqual(invalid('op.publicKey'));
    expect(refusal({ ...op(1, 3, 0n), publicKey: [1n, 2n] })).toEqual(invalid('op.publicKey'));
    expect(refusal({ ...op(1, 3, 0n), position: -1 })).toEqual(invalid('op.position'));
    expect(refusal({ ...op(1, 3, 0n), time: 2 ** 40 })).toEqual(invalid('op.time'));
  });
});

describe('applying an operation (§12.2)', () => {
  const apply = (o: QueueOperation) => applyQueueOperation(genesis(), o);
  it('kind 1 at an empty index creates the account (owner = address, nonce 0) and credits 0', () => {
    const state = genesis();
    const result = applyQueueOperation(state, op(1, 9, 300n));
    expect([result.outcome, result.credit]).toEqual(['applied', { address: testOwner(9), amount: 0n }]);
    expect(result.state.account(9)).toEqual({ publicKey: testKey(suite, 9).publicKey, balance: 300n, nonce: 0n, owner: testOwner(9) });
    expect(result.update).toMatchObject({ index: 9, before: null, rootBefore: state.root, rootAfter: result.state.root });
    expect(computeRoot(suite.poseidon, 9, 0n, result.update.siblings)).toBe(state.root);
    expect(computeRoot(suite.poseidon, 9, leafHash(suite.poseidon, result.update.after!), result.update.siblings)).toBe(result.state.root);
    expect([state.account(9), state.nextIndex, result.state.nextIndex]).toEqual([undefined, 6, 10]);
  });

  it('kind 1 at a taken index changes nothing and refunds the amount (INDEX_TAKEN)', () => {
    const result = apply(op(1, 5, 300n));
    expect([result.outcome, result.credit, result.state.root]).toEqual(['INDEX_TAKEN', { address: testOwner(5), amount: 300n }, genesis().root]);
    expect(result.update.after).toEqual(result.update.before);
  });

  it('kind 2 credits an existing account, or refunds on UNKNOWN_ACCOUNT and BALANCE_OVERFLOW', () => {
    const applied = apply(op(2, 5, 7n, 0, 0xbeefn));
    expect([applied.outcome, applied.credit, applied.state.account(5)!.balance]).toEqual(['applied', { address: 0xbeefn, amount: 0n }, 57n]);
    const unknown = apply(op(2, 4, 7n));
    expect([unknown.outcome, unknown.credit, unknown.update.before, unknown.update.after]).toEqual(['UNKNOWN_ACCOUNT', { address: testOwner(4), amount: 7n }, null, null]);
    const edge = apply(op(2, 1, 9n));
    expect([edge.outcome, edge.state.account(1)!.balance]).toEqual(['applied', VALUE_LIMIT - 1n]);
    const overflow = apply(op(2, 1, 10n));
    expect([overflow.outcome, overflow.credit, overflow.state.root]).toEqual(['BALANCE_OVERFLOW', { address: testOwner(1), amount: 10n }, genesis().root]);
  });

  it('kind 3 pays the whole balance out to the owner, else credits 0 (UNKNOWN_ACCOUNT, NOT_OWNER)', () => {
    const exit = apply(op(3, 5, 0n));
    expect([exit.outcome, exit.credit]).toEqual(['applied', { address: testOwner(5), amount: 50n }]);
    expect(exit.state.account(5)).toEqual({ ...genesis().account(5), balance: 0n });
    const notOwner = apply(op(3, 5, 0n, 0, testOwner(0)));
    expect([notOwner.outcome, notOwner.credit, notOwner.state.root]).toEqual(['NOT_OWNER', { address: testOwner(0), amount: 0n }, genesis().root]);
    // Account 1 has no owner (0): nobody can force its exit.
    expect(apply(op(3, 1, 0n, 0, 1n)).outcome).toBe('NOT_OWNER');
    expect(apply(op(3, 4, 0n)).outcome).toBe('UNKNOWN_ACCOUNT');
  });
});

describe('buildBatch with queue operations', () => {
  const transfer = (from: number, to: number, amount: bigint, fee: bigint, nonce = 0n) =>
    signTransfer(suite, testKey(suite, from).privateKey, DOMAIN, { from, to, amount, fee, nonce });

  it('consumes min(Q, pending) operations in order, leaves the rest pending, and counts them in the state', () => {
    const state = genesis({ queuePositions: 2 });
    const ops = [op(1, 6, 300n, 0), op(2, 0, 5n, 1), op(3, 5, 0n, 2)];
    const first = buildBatch(state, [], { batchSize: 1, feeRecipient: 0, queue: ops });
    expect(first.queueOutcomes.map((o) => [o.operation.position, o.outcome])).toEqual([[0, 'applied'], [1, 'applied']]);
    expect(first.batch).toMatchObject({ queuePositions: 2, queueStart: 0, queueCount: 2, oldQueueHash: 0n, newQueueHash: queueHashOf(suite, ops.slice(0, 2)) });
    expect([first.state.queueCount, first.state.queueHash, first.state.batchCount]).toEqual([2, first.batch.newQueueHash, 1]);
    expect([first.state.account(6)!.balance, first.state.account(0)!.balance]).toEqual([300n, 1005n]);
    assertBatchConsistent(suite, first.batch);
    // The same full list again: the first two are skipped as consumed (their hash matches), the third is consumed.
    const second = buildBatch(first.state, [], { batchSize: 1, feeRecipient: 0, queue: ops });
    expect(second.batch.queue.map((p) => p.kind)).toEqual(['operation', 'empty']);
    expect(second.batch).toMatchObject({ queueStart: 2, queueCount: 1, oldQueueHash: first.batch.newQueueHash, newQueueHash: queueHashOf(suite, ops) });
    expect(creditsOf(second.batch)).toEqual([{ address: testOwner(5), amount: 50n }]);
    const empty = second.batch.queue[1];
    expect(empty.kind === 'empty' && empty.root).toBe(second.state.root);
    assertBatchConsistent(suite, second.batch);
    // Only the pending ones work as well; with none pending the batch consumes nothing.
    expect(buildBatch(first.state, [], { batchSize: 1, feeRecipient: 0, queue: ops.slice(2) }).batch.dataHash).toBe(second.batch.dataHash);
    const none = buildBatch(second.state, [], { batchSize: 1, feeRecipient: 0, queue: ops });
    expect([none.batch.queueCount, none.state.queueCount, none.batch.newQueueHash]).toEqual([0, 3, second.state.queueHash]);
  });

  it('publishes every consumed operation credit in the batch data, empty positions as zeros', () => {
    const state = genesis({ queuePositions: 3 });
    const { batch } = buildBatch(state, [], { batchSize: 1, feeRecipient: 0, queue: [op(1, 5, 300n, 0), op(2, 4, 9n, 1)] });
    const decoded = decodeBatchData(batch.batchData, { depth: DEPTH, queuePositions: 3, withdrawalPositions: 1 });
    expect(decoded.queue).toEqual([{ address: testOwner(5), amount: 300n }, { address: testOwner(4), amount: 9n }, { address: 0n, amount: 0n }]);
    expect(creditsOf(batch)).toEqual(decoded.queue.slice(0, 2));
  });

  it('a deposit creates an account that transfers in the same batch, and may be the fee recipient', () => {
    const state = genesis();
    const deposit = op(1, 6, 300n, 0);
    const spend = transfer(6, 0, 100n, 3n);
    const { batch, state: post, accepted } = buildBatch(state, [spend], { batchSize: 2, feeRecipient: 6, queue: [deposit] });
    expect(accepted).toEqual([spend]);
    expect(post.account(6)).toMatchObject({ balance: 200n, nonce: 1n, owner: testOwner(6) });
    expect(post.account(0)!.balance).toBe(1100n);
    expect(() => buildBatch(state, [spend], { batchSize: 2, feeRecipient: 6 })).toThrow(expect.objectContaining({ code: 'UNKNOWN_FEE_RECIPIENT' }));
    assertBatchConsistent(suite, batch);
  });

  it('refuses a gap, a wrong order or an already consumed prefix that does not hash to the state (QUEUE_MISMATCH), leaving the state alone', () => {
    const ops = [op(1, 6, 300n, 0), op(2, 0, 5n, 1), op(2, 0, 6n, 2)];
    const consumed = buildBatch(genesis(), [], { batchSize: 1, feeRecipient: 0, queue: ops }).state;
    const snapshot = stateToJson(consumed);
    const mismatch = (queue: QueueOperation[], field: string) => {
      expect(() => buildBatch(consumed, [], { batchSize: 1, feeRecipient: 0, queue })).toThrow(
        expect.objectContaining({ code: 'QUEUE_MISMATCH', details: expect.objectContaining({ field }) }),
      );
    };
    mismatch(ops.slice(2), '[0].position');
    mismatch([ops[0], ops[2]], '[1].position');
    mismatch([ops[1], ops[0]], '[1].position');
    mismatch([ops[0], ops[0]], '[1].position');
    mismatch([{ ...ops[0], amount: 301n }, ops[1]], '[0..0]');
    expect(() => buildBatch(genesis(), [], { batchSize: 1, feeRecipient: 0, queue: [op(1, 6, 300n, 1)] })).toThrow(expect.objectContaining({ code: 'QUEUE_MISMATCH' }));
    expect(stateToJson(consumed)).toEqual(snapshot);
    // A list that starts after position 0 cannot be checked against the hash, but its pending part is consumed.
    expect(buildBatch(consumed, [], { batchSize: 1, feeRecipient: 0, queue: ops.slice(1) }).batch.queueStart).toBe(1);
  });

  it('refuses a malformed pending operation with INVALID_ARGUMENT naming it', () => {
    expect(() => buildBatch(genesis(), [], { batchSize: 1, feeRecipient: 0, queue: [op(2, 256, 5n)] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'queue[0].index' }) }),
    );
  });

});
