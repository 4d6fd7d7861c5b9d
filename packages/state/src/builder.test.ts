import { isZkrError } from '@zkr/errors';
import { buildBatch } from './builder';
import { testKey } from '@zkr/test-helpers';
import type { KeyPair } from './eddsa';
import { dataHashOf, decodeBatchData, EMPTY_QUEUE_ENTRY, EMPTY_WITHDRAWAL, NOOP_SLOT, SLOT_KINDS } from './batchData';
import { stateHashOf } from './domain';
import { FIELD_ORDER, MAX_BATCH_SIZE, SUBGROUP_ORDER, VALUE_LIMIT } from './field';
import { RollupState } from './state';
import { createCryptoSuite, type CryptoSuite } from './suite';
import { REJECTION_CODES, signTransfer, transferMessage } from './transfer';
import { stateToJson } from './json';
import { computeRoot } from './tree';
import type { Batch, LeafUpdate, SignedTransfer, TransferBody } from './types';

let suite: CryptoSuite;
let keys: KeyPair[];
const DOMAIN = 12345678901234567890n;
const DEPTH = 8;
const LAYOUT = { depth: DEPTH, queuePositions: 1, withdrawalPositions: 1 };

beforeAll(async () => {
  suite = await createCryptoSuite();
  keys = Array.from({ length: 4 }, (_, i) => testKey(suite, i));
});

/** Accounts at indices 0, 3, 6, 9; account 3 has no owner, the others own themselves at 0xa11ce…+i. */
function genesis(balances: bigint[] = [1000n, 1000n, 1000n, 0n], nonces: bigint[] = [], batchCount?: number): RollupState {
  return RollupState.genesis(suite, {
    depth: DEPTH,
    domain: DOMAIN,
    batchCount,
    accounts: balances.map((balance, i) => ({
      index: i * 3,
      account: { publicKey: keys[i].publicKey, balance, nonce: nonces[i] ?? 0n, owner: i === 1 ? 0n : 0xa11ce00000000000000000000000000000000000n + BigInt(i) },
    })),
  });
}

/** A transfer signed over its message directly, bypassing `signTransfer`'s checks (for fields the builder must reject). */
function forge(sender: number, body: TransferBody): SignedTransfer {
  return { ...body, signature: suite.eddsa.sign(keys[sender].privateKey, transferMessage(suite, DOMAIN, body)) };
}

function sign(sender: number, body: Omit<TransferBody, 'nonce'> & { nonce?: bigint }, domain = DOMAIN): SignedTransfer {
  return signTransfer(suite, keys[sender].privateKey, domain, { nonce: 0n, ...body });
}

/** Recomputes every Merkle relation of a batch from its witnesses. */
function checkUpdate(u: LeafUpdate): void {
  const leaf = (a: LeafUpdate['before']) => suite.poseidon.hash([...a.publicKey, a.balance + (a.nonce << 64n), a.owner]);
  expect(u.siblings).toHaveLength(DEPTH / 2);
  expect(u.after.owner).toBe(u.before.owner);
  expect(u.after.publicKey).toEqual(u.before.publicKey);
  expect(computeRoot(suite.poseidon, u.index, leaf(u.before), u.siblings)).toBe(u.rootBefore);
  expect(computeRoot(suite.poseidon, u.index, leaf(u.after), u.siblings)).toBe(u.rootAfter);
}

function checkBatch(batch: Batch): void {
  let root = batch.oldRoot;
  for (const slot of batch.slots) {
    if (slot.kind === 'noop') {
      expect(slot.root).toBe(root);
      continue;
    }
    expect(slot.sender.rootBefore).toBe(root);
    checkUpdate(slot.sender);
    expect(slot.receiver.rootBefore).toBe(slot.sender.rootAfter);
    checkUpdate(slot.receiver);
    root = slot.receiver.rootAfter;
  }
  expect(batch.feeCredit.rootBefore).toBe(root);
  checkUpdate(batch.feeCredit);
  expect(batch.feeCredit.rootAfter).toBe(batch.newRoot);
  expect(batch.oldStateHash).toBe(suite.poseidon.hash([batch.domain, batch.oldRoot]));
  expect(batch.newStateHash).toBe(suite.poseidon.hash([batch.domain, batch.newRoot]));
  expect(batch.batchData.length).toBe(37 + 28 + 8 * batch.batchSize + 27);
  expect(dataHashOf(batch.batchData)).toBe(batch.dataHash);
  const decoded = decodeBatchData(batch.batchData, LAYOUT);
  expect([decoded.oldStateHash, decoded.batchNumber, decoded.feeRecipient]).toEqual([batch.oldStateHash, batch.batchNumber, batch.feeRecipient]);
}

describe('transfer messages', () => {
  it('are Poseidon([domain, 1 + 4·from + 2^34·to, amount + 2^64·fee, nonce])', () => {
    const body = { from: 2 ** 32 - 1, to: 2 ** 32 - 1, amount: VALUE_LIMIT - 1n, fee: 15n * 10n ** 15n, nonce: VALUE_LIMIT - 1n };
    const route = 1n + 4n * BigInt(body.from) + (1n << 34n) * BigInt(body.to);
    expect(transferMessage(suite, DOMAIN, body)).toBe(suite.poseidon.hash([DOMAIN, route, body.amount + (body.fee << 64n), body.nonce]));
    expect(transferMessage(suite, DOMAIN, { from: 1, to: 0, amount: 0n, fee: 0n, nonce: 0n })).not.toBe(
      transferMessage(suite, DOMAIN, { from: 0, to: 1, amount: 0n, fee: 0n, nonce: 0n }),
    );
  });

  it('signTransfer refuses an amount or fee with no float encoding, giving the nearest values', () => {
    const refusal = (amount: bigint, fee: bigint): unknown => {
      try {
        return sign(0, { from: 0, to: 3, amount, fee });
      } catch (e) {
        return e;
      }
    };
    const amountError = refusal(1n << 34n, 1n);
    expect(amountError).toMatchObject({ code: 'AMOUNT_NOT_REPRESENTABLE', details: { field: 'amount', below: (1n << 34n) - 1n, above: (1n << 34n) + 6n } });
    expect((amountError as Error).message).toContain('17179869183 and 17179869190');
    const feeError = refusal(5n, 17n);
    expect(feeError).toMatchObject({ code: 'FEE_NOT_REPRESENTABLE', details: { field: 'fee', below: 15n, above: 20n } });
    expect((feeError as Error).message).toContain('15 and 20');
    expect(refusal(VALUE_LIMIT, 0n)).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'amount' } });
    expect(refusal((1n << 34n) * 10n + 60n, 150n)).toMatchObject({ amount: (1n << 34n) * 10n + 60n, fee: 150n });
  });
});

describe('eddsa', () => {
  it('signPoseidon gives S < l and R8 on the curve, and verifies', () => {
    const message = transferMessage(suite, DOMAIN, { from: 0, to: 3, amount: 5n, fee: 1n, nonce: 0n });
    const sig = suite.eddsa.sign(keys[0].privateKey, message);
    expect(sig.S < SUBGROUP_ORDER).toBe(true);
    expect(sig.R8x < FIELD_ORDER && sig.R8y < FIELD_ORDER).toBe(true);
    expect(suite.eddsa.isValidPublicKey([sig.R8x, sig.R8y])).toBe(true);
    expect(suite.eddsa.verify(message, sig, keys[0].publicKey)).toBe(true);
    expect(suite.eddsa.verify(message + 1n, sig, keys[0].publicKey)).toBe(false);
    expect(suite.eddsa.verify(message, { ...sig, S: sig.S + SUBGROUP_ORDER }, keys[0].publicKey)).toBe(false);
  });
});

describe('buildBatch', () => {
  it('applies transfers, pads with no-ops and credits fees once', () => {
    const state = genesis();
    const txs = [sign(0, { from: 0, to: 3, amount: 100n, fee: 2n }), sign(1, { from: 3, to: 9, amount: 50n, fee: 1n })];
    const { batch, state: post, accepted, rejected, remaining } = buildBatch(state, txs, { batchSize: 4, feeRecipient: 6 });
    expect(accepted).toEqual(txs);
    expect(rejected).toEqual([]);
    expect(remaining).toEqual([]);
    expect(batch.slots.map((s) => s.kind)).toEqual(['transfer', 'transfer', 'noop', 'noop']);
    expect(batch.totalFees).toBe(3n);
    expect(post.account(0)).toMatchObject({ balance: 898n, nonce: 1n });
    expect(post.account(3)).toMatchObject({ balance: 1049n, nonce: 1n });
    expect(post.account(6)).toMatchObject({ balance: 1003n, nonce: 0n });
    expect(post.account(9)).toMatchObject({ balance: 50n, nonce: 0n });
    expect(post.root).toBe(batch.newRoot);
    expect(state.account(0)).toMatchObject({ balance: 1000n, nonce: 0n });
    checkBatch(batch);
    expect(post.account(3)!.owner).toBe(0n);
    expect(post.account(9)!.owner).toBe(0xa11ce00000000000000000000000000000000003n);
    expect([batch.batchNumber, post.batchCount, state.batchCount]).toEqual([1, 1, 0]);
    expect([batch.oldStateHash, batch.newStateHash]).toEqual([stateHashOf(suite, DOMAIN, state.root), stateHashOf(suite, DOMAIN, post.root)]);
    expect(post.stateHash).toBe(batch.newStateHash);
    const decoded = decodeBatchData(batch.batchData, LAYOUT);
    expect(decoded).toEqual({
      oldStateHash: batch.oldStateHash, batchNumber: 1, feeRecipient: 6, depth: DEPTH, queue: [EMPTY_QUEUE_ENTRY],
      slots: [
        { kind: SLOT_KINDS.transfer, from: 0, to: 3, amount: 100n, fee: 2n }, { kind: SLOT_KINDS.transfer, from: 3, to: 9, amount: 50n, fee: 1n },
        NOOP_SLOT, NOOP_SLOT,
      ],
      withdrawals: [EMPTY_WITHDRAWAL],
    });
    expect(Buffer.from(batch.batchData.subarray(37)).toString('hex')).toBe(
      '00'.repeat(28) + '00' + '03' + '4000000064' + '02' + '03' + '09' + '4000000032' + '01' + '00'.repeat(16) + '00'.repeat(27),
    );
  });

  it('rejects invalid transfers with their codes', () => {
    const state = genesis([1000n, 1000n, VALUE_LIMIT - 10n, VALUE_LIMIT - 5n], [0n, VALUE_LIMIT - 1n]);
    const cases: [SignedTransfer, string][] = [
      [{ ...sign(0, { from: 0, to: 3, amount: 1n, fee: 0n }), amount: VALUE_LIMIT }, 'FIELD_RANGE'],
      [{ ...sign(0, { from: 0, to: 3, amount: 1n, fee: 0n }), amount: -1n }, 'FIELD_RANGE'],
      [{ ...sign(0, { from: 0, to: 3, amount: 1n, fee: 0n }), to: 256 }, 'FIELD_RANGE'],
      [forge(0, { from: 0, to: 3, amount: 1n << 34n, fee: 0n, nonce: 0n }), 'AMOUNT_NOT_REPRESENTABLE'],
      [forge(0, { from: 0, to: 3, amount: 1n, fee: 16n, nonce: 0n }), 'FEE_NOT_REPRESENTABLE'],
      [sign(0, { from: 0, to: 3, amount: 0n, fee: 0n }), 'ZERO_TRANSFER'],
      [sign(0, { from: 1, to: 3, amount: 1n, fee: 0n }), 'UNKNOWN_SENDER'],
      [sign(0, { from: 0, to: 4, amount: 1n, fee: 0n }), 'UNKNOWN_RECEIVER'],
      [sign(1, { from: 0, to: 3, amount: 1n, fee: 0n }), 'INVALID_SIGNATURE'],
      [sign(0, { from: 0, to: 3, amount: 1n, fee: 0n }, DOMAIN + 1n), 'INVALID_SIGNATURE'],
      [sign(0, { from: 0, to: 3, amount: 1n, fee: 0n, nonce: 1n }), 'BAD_NONCE'],
      [sign(1, { from: 3, to: 0, amount: 1n, fee: 0n, nonce: VALUE_LIMIT - 1n }), 'NONCE_OVERFLOW'],
      [sign(0, { from: 0, to: 3, amount: 1000n, fee: 1n }), 'INSUFFICIENT_BALANCE'],
      [sign(0, { from: 0, to: 9, amount: 5n, fee: 0n }), 'RECEIVER_OVERFLOW'],
      [sign(0, { from: 0, to: 3, amount: 1n, fee: 10n }), 'FEE_OVERFLOW'],
    ];
    const snapshot = stateToJson(state);
    for (const [tx, code] of cases) {
      const result = buildBatch(state, [tx], { batchSize: 2, feeRecipient: 6 });
      expect([result.rejected.map((r) => r.code), code]).toEqual([[code], code]);
      expect(result.batch.newRoot).toBe(state.root);
      expect(stateToJson(result.state)).toEqual({ ...snapshot, batchCount: 1 });
    }
    expect(stateToJson(state)).toEqual(snapshot);
    expect(new Set(cases.map(([, code]) => code))).toEqual(new Set(REJECTION_CODES));
  });

  it('checks the rules in the order of §5: each transfer breaking several reports the first', () => {
    const state = genesis();
    const cases: [SignedTransfer, string][] = [
      [{ ...forge(0, { from: 0, to: 3, amount: 1n << 34n, fee: 17n, nonce: 0n }), to: 256 }, 'FIELD_RANGE'],
      [forge(0, { from: 0, to: 3, amount: 1n << 34n, fee: 17n, nonce: 0n }), 'AMOUNT_NOT_REPRESENTABLE'],
      [forge(1, { from: 1, to: 4, amount: 1n, fee: 17n, nonce: 5n }), 'FEE_NOT_REPRESENTABLE'],
      [forge(1, { from: 1, to: 4, amount: 0n, fee: 0n, nonce: 5n }), 'ZERO_TRANSFER'],
      [forge(1, { from: 1, to: 4, amount: 1n, fee: 0n, nonce: 5n }), 'UNKNOWN_SENDER'],
      [forge(1, { from: 0, to: 4, amount: 5000n, fee: 0n, nonce: 5n }), 'UNKNOWN_RECEIVER'],
      [forge(1, { from: 0, to: 3, amount: 5000n, fee: 0n, nonce: 5n }), 'INVALID_SIGNATURE'],
      [forge(0, { from: 0, to: 3, amount: 5000n, fee: 0n, nonce: 5n }), 'BAD_NONCE'],
    ];
    for (const [tx, code] of cases) {
      expect([buildBatch(state, [tx], { batchSize: 1, feeRecipient: 6 }).rejected.map((r) => r.code), code]).toEqual([[code], code]);
    }
    const message = buildBatch(state, [cases[1][0]], { batchSize: 1, feeRecipient: 6 }).rejected[0].message;
    expect(message).toContain('17179869183 and 17179869190');
  });

  it('rejects a non-object transfer as FIELD_RANGE', () => {
    const result = buildBatch(genesis(), [null as unknown as SignedTransfer], { batchSize: 1, feeRecipient: 0 });
    expect(result.rejected.map((r) => [r.position, r.code])).toEqual([[0, 'FIELD_RANGE']]);
  });

  it('keeps the input order, skips rejected transfers and returns the overflow as remaining', () => {
    const state = genesis();
    const t0 = sign(0, { from: 0, to: 3, amount: 1n, fee: 0n });
    const replay = t0;
    const t1 = sign(0, { from: 0, to: 3, amount: 2n, fee: 0n, nonce: 1n });
    const t2 = sign(1, { from: 3, to: 0, amount: 3n, fee: 0n });
    const { accepted, rejected, remaining, batch } = buildBatch(state, [t0, replay, t1, t2], { batchSize: 2, feeRecipient: 0 });
    expect(accepted).toEqual([t0, t1]);
    expect(rejected.map((r) => [r.position, r.code])).toEqual([[1, 'BAD_NONCE']]);
    expect(remaining).toEqual([t2]);
    checkBatch(batch);
  });

  it('applies self-transfers literally: balance -= fee, nonce += 1', () => {
    const state = genesis();
    const tx = sign(0, { from: 0, to: 0, amount: 400n, fee: 5n });
    const { state: post, batch } = buildBatch(state, [tx], { batchSize: 1, feeRecipient: 6 });
    expect(post.account(0)).toMatchObject({ balance: 995n, nonce: 1n });
    expect(post.account(6)).toMatchObject({ balance: 1005n });
    checkBatch(batch);
    const slot = batch.slots[0];
    expect(slot.kind === 'transfer' && [slot.sender.after.balance, slot.receiver.before.balance, slot.receiver.after.balance]).toEqual([595n, 595n, 995n]);
  });

  it('credits fees to a fee recipient that also sends in the batch', () => {
    const state = genesis();
    const txs = [sign(0, { from: 0, to: 3, amount: 10n, fee: 4n }), sign(2, { from: 6, to: 0, amount: 1000n - 4n, fee: 4n })];
    const { state: post, accepted, batch } = buildBatch(state, txs, { batchSize: 2, feeRecipient: 6 });
    expect(accepted.length).toBe(2);
    expect(post.account(6)).toMatchObject({ balance: 8n, nonce: 1n });
    checkBatch(batch);
  });

  it('with zero accepted transfers returns an all-no-op batch with newRoot = oldRoot', () => {
    const state = genesis();
    const { batch, state: post, accepted } = buildBatch(state, [sign(1, { from: 0, to: 3, amount: 1n, fee: 1n })], { batchSize: 3, feeRecipient: 0 });
    expect(accepted).toEqual([]);
    expect(batch.slots).toEqual([{ kind: 'noop', root: state.root }, { kind: 'noop', root: state.root }, { kind: 'noop', root: state.root }]);
    expect(batch.totalFees).toBe(0n);
    expect([batch.newRoot, post.root]).toEqual([state.root, state.root]);
    expect(Buffer.from(batch.batchData.subarray(37)).toString('hex')).toBe('00'.repeat(28 + 24 + 27));
    checkBatch(batch);
  });

  it('numbers batches from the state batch count, so two empty batches in a row differ', () => {
    const state = genesis(undefined, undefined, 41);
    const first = buildBatch(state, [], { batchSize: 2, feeRecipient: 0 });
    const second = buildBatch(first.state, [], { batchSize: 2, feeRecipient: 0 });
    expect([first.batch.batchNumber, first.state.batchCount, second.batch.batchNumber, second.state.batchCount]).toEqual([42, 42, 43, 43]);
    expect(second.batch.newRoot).toBe(first.batch.newRoot);
    expect(second.batch.oldStateHash).toBe(first.batch.newStateHash);
    expect(second.batch.dataHash).not.toBe(first.batch.dataHash);
    expect(Buffer.from(first.batch.batchData.subarray(32, 36)).toString('hex')).toBe('0000002a');
    checkBatch(second.batch);
  });

  it('refuses to build past batch number 2^32 - 1', () => {
    const last = buildBatch(genesis(undefined, undefined, 2 ** 32 - 2), [], { batchSize: 1, feeRecipient: 0 });
    expect(last.batch.batchNumber).toBe(2 ** 32 - 1);
    expect(() => buildBatch(last.state, [], { batchSize: 1, feeRecipient: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'batchCount' }) }),
    );
    expect(() => genesis(undefined, undefined, 2 ** 32)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'batchCount' }) }));
  });

  it('is deterministic and never modifies its input state', () => {
    const state = genesis();
    const snapshot = stateToJson(state);
    const txs = [sign(0, { from: 0, to: 3, amount: 10n, fee: 4n })];
    const a = buildBatch(state, txs, { batchSize: 2, feeRecipient: 6 });
    const b = buildBatch(state, txs, { batchSize: 2, feeRecipient: 6 });
    expect(a.batch).toEqual(b.batch);
    expect(stateToJson(state)).toEqual(snapshot);
  });

  it('throws UNKNOWN_FEE_RECIPIENT and leaves the state alone', () => {
    const state = genesis();
    const root = state.root;
    expect(() => buildBatch(state, [], { batchSize: 2, feeRecipient: 1 })).toThrow(expect.objectContaining({ code: 'UNKNOWN_FEE_RECIPIENT' }));
    expect(state.root).toBe(root);
    let error: unknown;
    try {
      buildBatch(state, [], { batchSize: 0, feeRecipient: 0 });
    } catch (e) {
      error = e;
    }
    expect(isZkrError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it.each([MAX_BATCH_SIZE + 1, 67108864, 2 ** 40])('refuses batchSize %d with BATCH_TOO_LARGE before allocating anything', (batchSize) => {
    expect(() => buildBatch(genesis(), [], { batchSize, feeRecipient: 0 })).toThrow(
      expect.objectContaining({ code: 'BATCH_TOO_LARGE', details: expect.objectContaining({ field: 'batchSize', max: MAX_BATCH_SIZE }) }),
    );
  });

  it('builds a batch of exactly MAX_BATCH_SIZE slots', () => {
    const { batch } = buildBatch(genesis(), [sign(0, { from: 0, to: 3, amount: 5n, fee: 1n })], { batchSize: MAX_BATCH_SIZE, feeRecipient: 9 });
    expect(batch.slots).toHaveLength(MAX_BATCH_SIZE);
    expect(batch.batchData.length).toBe(37 + 28 + 8 * MAX_BATCH_SIZE + 27);
  });
});

describe('RollupState v3 parameters', () => {
  const params = { depth: DEPTH, domain: DOMAIN, accounts: [] };
  const invalid = (field: string) => expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field }) });
  it('defaults Q = W = 1 and a fresh queue, and bounds them', () => {
    const state = RollupState.genesis(suite, params);
    expect([state.queuePositions, state.withdrawalPositions, state.queueCount, state.queueHash, state.nextIndex]).toEqual([1, 1, 0, 0n, 0]);
    expect(RollupState.genesis(suite, { ...params, queuePositions: 64, withdrawalPositions: 64 }).withdrawalPositions).toBe(64);
    expect(() => RollupState.genesis(suite, { ...params, queuePositions: 0 })).toThrow(invalid('queuePositions'));
    expect(() => RollupState.genesis(suite, { ...params, withdrawalPositions: 65 })).toThrow(invalid('withdrawalPositions'));
    expect(() => RollupState.genesis(suite, { ...params, queueCount: -1 })).toThrow(invalid('queueCount'));
    expect(() => RollupState.genesis(suite, { ...params, queueHash: 1n << 216n })).toThrow(invalid('queueHash'));
    expect(RollupState.genesis(suite, { ...params, queueHash: (1n << 216n) - 1n }).queueHash).toBe((1n << 216n) - 1n);
  });

  it('nextIndex is the largest index in use plus one', () => {
    expect(genesis().nextIndex).toBe(10);
    const key = keys[0].publicKey;
    const at = (depth: number, index: number) => RollupState.genesis(suite, { depth, domain: DOMAIN, accounts: [{ index, account: { publicKey: key, balance: 0n, nonce: 0n, owner: 0n } }] });
    expect([at(8, 0).nextIndex, at(8, 255).nextIndex, at(32, 2 ** 32 - 1).nextIndex, at(32, 2 ** 20 + 3).nextIndex]).toEqual([1, 256, 2 ** 32, 2 ** 20 + 4]);
    expect(at(8, 7).withAccount(200, { publicKey: key, balance: 1n, nonce: 0n, owner: 0n }).nextIndex).toBe(201);
  });

  it('a batch advances batchCount, queueCount and queueHash together, and keeps Q and W', () => {
    const state = RollupState.genesis(suite, { ...params, queuePositions: 3, withdrawalPositions: 2, accounts: [{ index: 0, account: { publicKey: keys[0].publicKey, balance: 0n, nonce: 0n, owner: 0n } }] });
    const { state: post, batch } = buildBatch(state, [], { batchSize: 1, feeRecipient: 0 });
    expect([post.queuePositions, post.withdrawalPositions, post.queueCount, post.queueHash, post.batchCount]).toEqual([3, 2, 0, 0n, 1]);
    expect([batch.queue.length, batch.withdrawals.length, batch.batchData.length]).toEqual([3, 2, 37 + 3 * 28 + 8 + 2 * 27]);
  });
});
