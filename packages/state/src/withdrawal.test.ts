import { testKey, testOwner } from '@zkr/test-helpers';
import { buildBatch } from './builder';
import { creditsOf, decodeBatchData, WITHDRAWAL_KINDS } from './batchData';
import { VALUE_LIMIT } from './field';
import { stateToJson } from './json';
import { assertBatchConsistent } from './replay';
import { RollupState } from './state';
import { createCryptoSuite, type CryptoSuite } from './suite';
import { signTransfer, transferMessage } from './transfer';
import type { SignedWithdrawal, WithdrawalBody } from './types';
import { applyWithdrawal, signWithdrawal, WITHDRAWAL_REJECTION_CODES, withdrawalMessage } from './withdrawal';

let suite: CryptoSuite;
const DOMAIN = 4242n;
const DEPTH = 8;
const TO = 0x1234567890abcdef1234567890abcdef12345678n;

beforeAll(async () => {
  suite = await createCryptoSuite();
});

/** Accounts 0 (1000), 1 (1000, nonce 2^64 - 1), 2 (2^64 - 10: the fee recipient of overflow cases), 3 (1000); withdrawal positions `W`. */
function genesis(withdrawalPositions = 1): RollupState {
  const balances = [1000n, 1000n, VALUE_LIMIT - 10n, 1000n];
  return RollupState.genesis(suite, {
    depth: DEPTH, domain: DOMAIN, withdrawalPositions,
    accounts: balances.map((balance, i) => ({ index: i, account: { publicKey: testKey(suite, i).publicKey, balance, nonce: i === 1 ? VALUE_LIMIT - 1n : 0n, owner: testOwner(i) } })),
  });
}

function body(from: number, amount: bigint, fee: bigint, nonce = 0n, address = TO): WithdrawalBody {
  return { from, address, amount, fee, nonce };
}

/** A withdrawal signed by `signer` over its message directly, bypassing `signWithdrawal`'s checks. */
function forge(signer: number, b: WithdrawalBody, domain = DOMAIN): SignedWithdrawal {
  return { ...b, signature: suite.eddsa.sign(testKey(suite, signer).privateKey, withdrawalMessage(suite, domain, b)) };
}

describe('withdrawal messages', () => {
  it('are Poseidon([domain, 2 + 4·from + 2^34·address, amount + 2^64·fee, nonce]), distinct from a transfer message', () => {
    const b = body(2 ** 32 - 1, VALUE_LIMIT - 1n, 15n, VALUE_LIMIT - 1n, (1n << 160n) - 1n);
    const route = 2n + 4n * BigInt(b.from) + (1n << 34n) * b.address;
    expect(route < 1n << 194n).toBe(true);
    expect(withdrawalMessage(suite, DOMAIN, b)).toBe(suite.poseidon.hash([DOMAIN, route, b.amount + (b.fee << 64n), b.nonce]));
    const same = { from: 1, to: 5, address: 5n, amount: 3n, fee: 1n, nonce: 0n };
    expect(withdrawalMessage(suite, DOMAIN, same)).not.toBe(transferMessage(suite, DOMAIN, same));
  });

  it('signWithdrawal signs a verifiable message and refuses what no withdrawal may hold', () => {
    const signed = signWithdrawal(suite, testKey(suite, 0).privateKey, DOMAIN, body(0, 5n, 1n));
    expect(suite.eddsa.verify(withdrawalMessage(suite, DOMAIN, signed), signed.signature, testKey(suite, 0).publicKey)).toBe(true);
    const refusal = (b: WithdrawalBody) => {
      try {
        return signWithdrawal(suite, testKey(suite, 0).privateKey, DOMAIN, b);
      } catch (e) {
        return { code: (e as { code: string }).code, field: (e as { details: { field: string } }).details.field };
      }
    };
    expect(refusal(body(0, 5n, 1n, 0n, 0n))).toEqual({ code: 'INVALID_ARGUMENT', field: 'address' });
    expect(refusal(body(0, 5n, 1n, 0n, 1n << 160n))).toEqual({ code: 'INVALID_ARGUMENT', field: 'address' });
    expect(refusal(body(2 ** 32, 5n, 1n))).toEqual({ code: 'INVALID_ARGUMENT', field: 'from' });
    expect(refusal(body(0, 1n << 34n, 1n))).toEqual({ code: 'AMOUNT_NOT_REPRESENTABLE', field: 'amount' });
    expect(refusal(body(0, 5n, 17n))).toEqual({ code: 'FEE_NOT_REPRESENTABLE', field: 'fee' });
    expect(refusal(body(0, 5n, 1n, VALUE_LIMIT))).toEqual({ code: 'INVALID_ARGUMENT', field: 'nonce' });
  });
});

describe('withdrawals in a batch (§11)', () => {
  it('debits amount + fee, bumps the nonce, credits the address on L1 and publishes the entry after the slots', () => {
    const state = genesis();
    const w = signWithdrawal(suite, testKey(suite, 0).privateKey, DOMAIN, body(0, 300n, 5n));
    const t = signTransfer(suite, testKey(suite, 0).privateKey, DOMAIN, { from: 0, to: 3, amount: 10n, fee: 1n, nonce: 0n });
    const w2 = signWithdrawal(suite, testKey(suite, 0).privateKey, DOMAIN, body(0, 300n, 5n, 1n));
    const result = buildBatch(state, [t], { batchSize: 1, feeRecipient: 3, withdrawals: [w, w2] });
    // w was signed with nonce 0, but the transfer (slot, before the withdrawal positions) took nonce 0.
    expect(result.rejectedWithdrawals.map((r) => [r.position, r.code])).toEqual([[0, 'BAD_NONCE']]);
    expect(result.acceptedWithdrawals).toEqual([w2]);
    expect(result.state.account(0)).toMatchObject({ balance: 1000n - 11n - 305n, nonce: 2n });
    expect(result.state.account(3)!.balance).toBe(1000n + 10n + 1n + 5n);
    expect(result.batch.totalFees).toBe(6n);
    expect(creditsOf(result.batch)).toEqual([{ address: TO, amount: 300n }]);
    const decoded = decodeBatchData(result.batch.batchData, { depth: DEPTH, queuePositions: 1, withdrawalPositions: 1 });
    expect(decoded.withdrawals).toEqual([{ kind: WITHDRAWAL_KINDS.withdrawal, from: 0, amount: 300n, fee: 5n, address: TO }]);
    expect(Buffer.from(result.batch.batchData.subarray(37 + 28 + 8)).toString('hex')).toBe('00' + '800000012c' + '05' + TO.toString(16));
    const position = result.batch.withdrawals[0];
    expect(position.kind === 'withdrawal' && [position.sender.rootBefore, position.sender.rootAfter]).toEqual([
      result.batch.slots[0].kind === 'transfer' && result.batch.slots[0].receiver.rootAfter, result.batch.feeCredit.rootBefore,
    ]);
    assertBatchConsistent(suite, result.batch);
  });

  it('fills W positions in order and returns the rest as remaining', () => {
    const state = genesis(2);
    const ws = [0, 3, 0].map((from, i) => signWithdrawal(suite, testKey(suite, from).privateKey, DOMAIN, body(from, 10n + BigInt(i), 0n, from === 0 && i === 2 ? 1n : 0n)));
    const result = buildBatch(state, [], { batchSize: 1, feeRecipient: 3, withdrawals: ws });
    expect([result.acceptedWithdrawals, result.remainingWithdrawals]).toEqual([ws.slice(0, 2), ws.slice(2)]);
    expect(result.batch.withdrawals.map((p) => p.kind)).toEqual(['withdrawal', 'withdrawal']);
    expect(buildBatch(state, [], { batchSize: 1, feeRecipient: 3, withdrawals: ws.slice(0, 1) }).batch.withdrawals.map((p) => p.kind)).toEqual(['withdrawal', 'empty']);
  });

  it('rejects each rule with its code and leaves the state alone', () => {
    const state = genesis();
    const cases: [SignedWithdrawal, string][] = [
      [{ ...forge(0, body(0, 5n, 0n)), from: 256 }, 'FIELD_RANGE'],
      [{ ...forge(0, body(0, 5n, 0n)), address: 1n << 160n }, 'FIELD_RANGE'],
      [{ ...forge(0, body(0, 5n, 0n)), amount: VALUE_LIMIT }, 'FIELD_RANGE'],
      [{ ...forge(0, body(0, 5n, 0n)), fee: -1n }, 'FIELD_RANGE'],
      [null as unknown as SignedWithdrawal, 'FIELD_RANGE'],
      [forge(0, body(0, 1n << 34n, 0n)), 'AMOUNT_NOT_REPRESENTABLE'],
      [forge(0, body(0, 5n, 16n)), 'FEE_NOT_REPRESENTABLE'],
      [forge(0, body(0, 0n, 1n)), 'ZERO_WITHDRAWAL'],
      [forge(0, body(0, 5n, 1n, 0n, 0n)), 'INVALID_ADDRESS'],
      [forge(0, body(4, 5n, 1n)), 'UNKNOWN_SENDER'],
      [forge(3, body(0, 5n, 1n)), 'INVALID_SIGNATURE'],
      [forge(0, body(0, 5n, 1n), DOMAIN + 1n), 'INVALID_SIGNATURE'],
      [{ ...forge(0, body(0, 5n, 1n)), address: TO + 1n }, 'INVALID_SIGNATURE'],
      [forge(0, body(0, 5n, 1n, 1n)), 'BAD_NONCE'],
      [forge(1, body(1, 5n, 1n, VALUE_LIMIT - 1n)), 'NONCE_OVERFLOW'],
      [forge(0, body(0, 1000n, 1n)), 'INSUFFICIENT_BALANCE'],
      [forge(0, body(0, 5n, 10n)), 'FEE_OVERFLOW'],
    ];
    const snapshot = stateToJson(state);
    for (const [w, code] of cases) {
      const result = buildBatch(state, [], { batchSize: 1, feeRecipient: 2, withdrawals: [w] });
      expect([result.rejectedWithdrawals.map((r) => r.code), code]).toEqual([[code], code]);
      expect([result.batch.newRoot, result.batch.withdrawals[0].kind]).toEqual([state.root, 'empty']);
    }
    expect(stateToJson(state)).toEqual(snapshot);
    expect(new Set(cases.map(([, code]) => code))).toEqual(new Set(WITHDRAWAL_REJECTION_CODES));
  });

  it('checks the rules in the order of §11: each withdrawal breaking several reports the first', () => {
    const state = genesis();
    const cases: [SignedWithdrawal, string][] = [
      [{ ...forge(3, body(4, 1n << 34n, 17n, 5n, 0n)), from: 256 }, 'FIELD_RANGE'],
      [forge(3, body(4, 1n << 34n, 17n, 5n, 0n)), 'AMOUNT_NOT_REPRESENTABLE'],
      [forge(3, body(4, 0n, 17n, 5n, 0n)), 'FEE_NOT_REPRESENTABLE'],
      [forge(3, body(4, 0n, 1n, 5n, 0n)), 'ZERO_WITHDRAWAL'],
      [forge(3, body(4, 2000n, 1n, 5n, 0n)), 'INVALID_ADDRESS'],
      [forge(3, body(4, 2000n, 1n, 5n)), 'UNKNOWN_SENDER'],
      [forge(3, body(0, 2000n, 1n, 5n)), 'INVALID_SIGNATURE'],
      [forge(0, body(0, 2000n, 1n, 5n)), 'BAD_NONCE'],
      [forge(1, body(1, 2000n, 10n, VALUE_LIMIT - 1n)), 'NONCE_OVERFLOW'],
      [forge(0, body(0, 2000n, 10n)), 'INSUFFICIENT_BALANCE'],
    ];
    for (const [w, code] of cases) {
      expect([buildBatch(state, [], { batchSize: 1, feeRecipient: 2, withdrawals: [w] }).rejectedWithdrawals.map((r) => r.code), code]).toEqual([[code], code]);
    }
    expect(applyWithdrawal(state, cases[1][0])).toMatchObject({ ok: false, code: 'AMOUNT_NOT_REPRESENTABLE', message: expect.stringContaining('17179869183 and 17179869190') });
  });

  it('FEE_OVERFLOW counts the fees of all slots and earlier withdrawals (rule 9 of §5 after every position)', () => {
    const state = RollupState.genesis(suite, {
      depth: DEPTH, domain: DOMAIN, withdrawalPositions: 2,
      accounts: [0, 1].map((i) => ({ index: i, account: { publicKey: testKey(suite, i).publicKey, balance: i === 1 ? VALUE_LIMIT - 10n : 1000n, nonce: 0n, owner: 0n } })),
    });
    const t = signTransfer(suite, testKey(suite, 0).privateKey, DOMAIN, { from: 0, to: 0, amount: 0n, fee: 6n, nonce: 0n });
    const w1 = signWithdrawal(suite, testKey(suite, 0).privateKey, DOMAIN, body(0, 1n, 4n, 1n));
    const w2 = signWithdrawal(suite, testKey(suite, 0).privateKey, DOMAIN, body(0, 1n, 1n, 1n));
    const result = buildBatch(state, [t], { batchSize: 1, feeRecipient: 1, withdrawals: [w1, w2] });
    expect(result.rejectedWithdrawals.map((r) => [r.position, r.code])).toEqual([[0, 'FEE_OVERFLOW']]);
    expect(result.acceptedWithdrawals).toEqual([w2]);
    expect(result.state.account(1)!.balance).toBe(VALUE_LIMIT - 3n);
    assertBatchConsistent(suite, result.batch);
  });

  it('replay refuses a batch whose position lists do not match its sizes', () => {
    const { batch } = buildBatch(genesis(2), [], { batchSize: 1, feeRecipient: 3 });
    const refused = (edited: object, field: string) => expect(() => assertBatchConsistent(suite, { ...batch, ...edited })).toThrow(
      expect.objectContaining({ code: 'BATCH_INCONSISTENT', details: expect.objectContaining({ field }) }),
    );
    refused({ withdrawals: batch.withdrawals.slice(1) }, 'withdrawals.length');
    refused({ queuePositions: 2 }, 'queue.length');
    refused({ slots: [...batch.slots, ...batch.slots] }, 'slots.length');
  });

  it('a fee recipient that withdraws is debited before the fee credit', () => {
    const state = genesis();
    const w = signWithdrawal(suite, testKey(suite, 3).privateKey, DOMAIN, body(3, 1000n - 4n, 4n));
    const result = buildBatch(state, [], { batchSize: 1, feeRecipient: 3, withdrawals: [w] });
    expect(result.state.account(3)).toMatchObject({ balance: 4n, nonce: 1n });
    assertBatchConsistent(suite, result.batch);
  });
});
