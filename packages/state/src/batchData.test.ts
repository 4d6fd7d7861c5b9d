import { createHash } from 'node:crypto';
import { concat, getBytes, keccak256, toBeHex, toUtf8Bytes } from 'ethers';
import {
  batchDataHeaderBytes, batchDataLength, dataHashOf, decodeBatchData, EMPTY_QUEUE_ENTRY, EMPTY_WITHDRAWAL, encodeBatchData, indexBytes, NOOP_SLOT,
  QUEUE_ENTRY_BYTES, SLOT_KINDS, slotBytes, txDataOf, WITHDRAWAL_KINDS, withdrawalEntryBytes, type BatchData, type BatchDataLayout, type PublicWithdrawal,
} from './batchData';
import { computeDomain, DOMAIN_TAG, stateHashOf } from './domain';
import { FIELD_ORDER } from './field';
import { createCryptoSuite, type CryptoSuite } from './suite';

let suite: CryptoSuite;

beforeAll(async () => {
  suite = await createCryptoSuite({ poseidon: 'lite' });
});

const transfer = (from: number, to: number, amount: bigint, fee: bigint) => ({ kind: SLOT_KINDS.transfer, from, to, amount, fee });
const withdrawal = (from: number, amount: bigint, fee: bigint, address: bigint): PublicWithdrawal => ({ kind: WITHDRAWAL_KINDS.withdrawal, from, amount, fee, address });
const ADDRESS = 0x00112233445566778899aabbccddeeff00112233n;
const TOP = (1n << 160n) - 1n;

const sample: BatchData = {
  oldStateHash: FIELD_ORDER - 1n,
  batchNumber: 2 ** 32 - 1,
  feeRecipient: 2 ** 32 - 1,
  depth: 32,
  queue: [{ address: TOP, amount: (1n << 64n) - 1n }, { address: ADDRESS, amount: 0n }, EMPTY_QUEUE_ENTRY],
  slots: [
    transfer(1, 2 ** 32 - 1, 18446744070000000000n, 150n),
    NOOP_SLOT,
    transfer(0x01020304, 0, 7n, 0n),
  ],
  withdrawals: [withdrawal(0x0a0b0c0d, 100n, 1n, ADDRESS), EMPTY_WITHDRAWAL],
};
const LAYOUT32 = { depth: 32, queuePositions: 3, withdrawalPositions: 2 };
const layout = (depth: number, queuePositions = 1, withdrawalPositions = 1) => ({ depth, queuePositions, withdrawalPositions });
const one = (data: Omit<BatchData, 'queue' | 'withdrawals'>): BatchData => ({ ...data, queue: [EMPTY_QUEUE_ENTRY], withdrawals: [EMPTY_WITHDRAWAL] });

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('batch data sizes', () => {
  it.each([
    [2, 1, 8], [8, 1, 8], [10, 2, 10], [16, 2, 10], [24, 3, 12], [26, 4, 14], [32, 4, 14],
  ])('depth %i: I = %i bytes per index, S = %i bytes per slot, V = I + 26 per withdrawal, a header of 36 + I bytes', (depth, index, slot) => {
    expect([indexBytes(depth), slotBytes(depth), withdrawalEntryBytes(depth), batchDataHeaderBytes(depth)]).toEqual([index, slot, index + 26, 36 + index]);
    expect(QUEUE_ENTRY_BYTES).toBe(28);
    expect(batchDataLength(layout(depth), 16)).toBe(36 + index + 28 + 16 * slot + index + 26);
    expect(batchDataLength(layout(depth, 64, 3), 5)).toBe(36 + index + 28 * 64 + 5 * slot + 3 * (index + 26));
  });

  it('refuses odd or out-of-range depths, empty batches and Q or W outside 1..64', () => {
    const invalid = (field: string) => expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field }) });
    for (const depth of [0, 7, 33]) expect(() => slotBytes(depth)).toThrow(invalid('depth'));
    expect(() => batchDataLength(layout(8), 0)).toThrow(invalid('batchSize'));
    expect(() => batchDataLength(layout(8, 0), 1)).toThrow(invalid('queuePositions'));
    expect(() => batchDataLength(layout(8, 65), 1)).toThrow(invalid('queuePositions'));
    expect(() => batchDataLength(layout(8, 1, 0), 1)).toThrow(invalid('withdrawalPositions'));
    expect(() => batchDataLength(layout(8, 1, 65), 1)).toThrow(invalid('withdrawalPositions'));
    expect(() => decodeBatchData(new Uint8Array(100), layout(8, 0))).toThrow(invalid('queuePositions'));
  });
});

describe('encodeBatchData / decodeBatchData', () => {
  it('lays out header, 28-byte queue entries, 14-byte slots and 30-byte withdrawal entries at D = 32 exactly as §7, and round-trips', () => {
    const bytes = encodeBatchData(sample);
    expect(bytes.length).toBe(40 + 3 * 28 + 3 * 14 + 2 * 30);
    expect(bytes.length).toBe(batchDataLength(LAYOUT32, 3));
    const hex = hexOf(bytes);
    expect(hex.slice(0, 64)).toBe((FIELD_ORDER - 1n).toString(16).padStart(64, '0'));
    expect(hex.slice(64, 80)).toBe('ffffffff' + 'ffffffff');
    // queue entries: address (20 bytes) then amount (8 bytes), uint64 and not a float.
    expect(hex.slice(80, 248)).toBe('ff'.repeat(20) + 'ff'.repeat(8) + '00112233445566778899aabbccddeeff00112233' + '00'.repeat(8) + '00'.repeat(28));
    // slot 0: from 1, to 2^32-1, op word 1·2^38 + 10·2^34 + 1844674407, fee 150 = 15·10^1 -> 0x1f
    const op0 = (1n << 38n) + (10n << 34n) + 1844674407n;
    const slots = 80 + 3 * 56;
    expect(hex.slice(slots, slots + 28)).toBe('00000001' + 'ffffffff' + op0.toString(16).padStart(10, '0') + '1f');
    expect(hex.slice(slots + 28, slots + 56)).toBe('00'.repeat(14));
    expect(hex.slice(slots + 56, slots + 84)).toBe('01020304' + '00000000' + '4000000007' + '00');
    // withdrawal 0: from, op word 2·2^38 + 100, fee byte 1, address; withdrawal 1 empty.
    expect(hex.slice(slots + 84)).toBe('0a0b0c0d' + '8000000064' + '01' + '00112233445566778899aabbccddeeff00112233' + '00'.repeat(30));
    expect(hexOf(txDataOf(bytes, 32))).toBe(hex.slice(80));
    expect(decodeBatchData(bytes, LAYOUT32)).toEqual(sample);
    expect(encodeBatchData(decodeBatchData(bytes, LAYOUT32))).toEqual(bytes);
  });

  it('uses ceil(D/8)-byte indices at smaller depths (D = 10: 2 bytes, S = 10, V = 28)', () => {
    const data: BatchData = {
      oldStateHash: 5n, batchNumber: 1, feeRecipient: 1023, depth: 10, queue: [{ address: 1n, amount: 2n }], slots: [transfer(1023, 256, 20n, 20n)],
      withdrawals: [withdrawal(513, 3n, 0n, 4n)],
    };
    const bytes = encodeBatchData(data);
    expect(hexOf(bytes)).toBe(
      '00'.repeat(31) + '05' + '00000001' + '03ff' + '00'.repeat(19) + '01' + '00'.repeat(7) + '02' + '03ff' + '0100' + '4000000014' + '12'
      + '0201' + '8000000003' + '00' + '00'.repeat(19) + '04',
    );
    expect(decodeBatchData(bytes, layout(10))).toEqual(data);
  });

  it('refuses to encode out-of-range fields, naming them', () => {
    const invalid = (field: string) => expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field }) });
    expect(() => encodeBatchData({ ...sample, oldStateHash: FIELD_ORDER })).toThrow(invalid('oldStateHash'));
    expect(() => encodeBatchData({ ...sample, batchNumber: 0 })).toThrow(invalid('batchNumber'));
    expect(() => encodeBatchData({ ...sample, batchNumber: 2 ** 32 })).toThrow(invalid('batchNumber'));
    expect(() => encodeBatchData({ ...sample, depth: 8, feeRecipient: 256 })).toThrow(invalid('feeRecipient'));
    expect(() => encodeBatchData({ ...sample, depth: 8, feeRecipient: 0, slots: [transfer(0, 256, 1n, 0n)] })).toThrow(invalid('slots[0].to'));
    expect(() => encodeBatchData({ ...sample, slots: [] })).toThrow(invalid('batchSize'));
    expect(() => encodeBatchData({ ...sample, slots: [{ ...NOOP_SLOT, fee: 1n }] })).toThrow(invalid('slots[0]'));
    expect(() => encodeBatchData({ ...sample, slots: [{ ...NOOP_SLOT, kind: 2 as 0 }] })).toThrow(invalid('slots[0].kind'));
    expect(() => encodeBatchData({ ...sample, slots: [transfer(0, 0, 1n << 34n, 0n)] })).toThrow(expect.objectContaining({ code: 'AMOUNT_NOT_REPRESENTABLE' }));
    expect(() => encodeBatchData({ ...sample, slots: [transfer(0, 0, 1n, 17n)] })).toThrow(expect.objectContaining({ code: 'FEE_NOT_REPRESENTABLE' }));
    expect(() => encodeBatchData({ ...sample, queue: [] })).toThrow(invalid('queuePositions'));
    expect(() => encodeBatchData({ ...sample, withdrawals: [] })).toThrow(invalid('withdrawalPositions'));
    expect(() => encodeBatchData({ ...sample, queue: [{ address: 0n, amount: 1n }] })).toThrow(invalid('queue[0]'));
    expect(() => encodeBatchData({ ...sample, queue: [{ address: 1n << 160n, amount: 1n }] })).toThrow(invalid('queue[0].address'));
    expect(() => encodeBatchData({ ...sample, queue: [{ address: 1n, amount: 1n << 64n }] })).toThrow(invalid('queue[0].amount'));
    expect(() => encodeBatchData({ ...sample, withdrawals: [{ ...EMPTY_WITHDRAWAL, address: 1n }] })).toThrow(invalid('withdrawals[0]'));
    expect(() => encodeBatchData({ ...sample, withdrawals: [{ ...withdrawal(0, 1n, 0n, 1n), kind: 1 as 2 }] })).toThrow(invalid('withdrawals[0].kind'));
    expect(() => encodeBatchData({ ...sample, withdrawals: [withdrawal(0, 1n, 0n, 0n)] })).toThrow(invalid('withdrawals[0].address'));
    expect(() => encodeBatchData({ ...sample, depth: 8, feeRecipient: 0, slots: [NOOP_SLOT], withdrawals: [withdrawal(256, 1n, 0n, 1n)] })).toThrow(invalid('withdrawals[0].from'));
    expect(() => encodeBatchData({ ...sample, withdrawals: [withdrawal(0, 1n << 34n, 0n, 1n)] })).toThrow(expect.objectContaining({ code: 'AMOUNT_NOT_REPRESENTABLE' }));
    expect(() => encodeBatchData({ ...sample, withdrawals: [withdrawal(0, 1n, 17n, 1n)] })).toThrow(expect.objectContaining({ code: 'FEE_NOT_REPRESENTABLE' }));
  });

  describe('decoding refuses bytes no valid batch holds with INVALID_BATCH_DATA', () => {
    const good = (): Uint8Array => encodeBatchData(sample);
    const patched = (at: number, ...values: number[]): Uint8Array => {
      const bytes = good();
      bytes.set(values, at);
      return bytes;
    };
    const queueAt = 40;
    const slot1 = 40 + 3 * 28 + 14;
    const slot2 = slot1 + 14;
    const withdrawal0 = 40 + 3 * 28 + 3 * 14;
    const withdrawal1 = withdrawal0 + 30;
    it.each<[string, () => Uint8Array, BatchDataLayout, string]>([
      ['no slot', () => good().subarray(0, batchDataLength(LAYOUT32, 1) - 14), LAYOUT32, 'length'],
      ['a partial slot', () => good().subarray(0, good().length - 1), LAYOUT32, 'length'],
      ['a trailing byte', () => new Uint8Array([...good(), 0]), LAYOUT32, 'length'],
      ['the slot size of another depth', () => good(), { ...LAYOUT32, depth: 24 }, 'length'],
      ['more queue positions than the data holds', () => good(), { ...LAYOUT32, queuePositions: 5 }, 'length'],
      ['another number of withdrawal positions', () => good(), { ...LAYOUT32, withdrawalPositions: 3 }, 'length'],
      ['an oldStateHash >= r', () => patched(0, 0xff), LAYOUT32, 'oldStateHash'],
      ['batch number 0', () => patched(32, 0, 0, 0, 0), LAYOUT32, 'batchNumber'],
      ['an empty queue entry with a non-zero amount', () => patched(queueAt + 2 * 28 + 27, 1), LAYOUT32, 'queue[2]'],
      ['a no-op with a non-zero fee byte', () => patched(slot1 + 13, 1), LAYOUT32, 'slots[1]'],
      ['a no-op with a non-zero index', () => patched(slot1 + 3, 1), LAYOUT32, 'slots[1]'],
      ['a no-op with a non-zero amount', () => patched(slot1 + 12, 1), LAYOUT32, 'slots[1]'],
      ['slot kind 2 (the withdrawal kind)', () => patched(slot2 + 8, 0x80), LAYOUT32, 'slots[2].kind'],
      ['slot kind 3 (reserved)', () => patched(slot2 + 8, 0xc0), LAYOUT32, 'slots[2].kind'],
      ['a slot amount word above 2^64', () => patched(slot2 + 8, 0x7f, 0xff, 0xff, 0xff, 0xff), LAYOUT32, 'slots[2].amount'],
      ['withdrawal kind 1', () => patched(withdrawal0 + 4, 0x40), LAYOUT32, 'withdrawals[0].kind'],
      ['withdrawal kind 3', () => patched(withdrawal0 + 4, 0xc0), LAYOUT32, 'withdrawals[0].kind'],
      ['a withdrawal to address 0', () => patched(withdrawal0 + 10, ...new Array<number>(20).fill(0)), LAYOUT32, 'withdrawals[0].address'],
      ['a withdrawal amount word above 2^64', () => patched(withdrawal0 + 4, 0xbf, 0xff, 0xff, 0xff, 0xff), LAYOUT32, 'withdrawals[0].amount'],
      ['an empty withdrawal with a non-zero address byte', () => patched(withdrawal1 + 29, 1), LAYOUT32, 'withdrawals[1]'],
      ['an empty withdrawal with a non-zero from', () => patched(withdrawal1 + 3, 1), LAYOUT32, 'withdrawals[1]'],
      ['an empty withdrawal with a non-zero fee byte', () => patched(withdrawal1 + 9, 1), LAYOUT32, 'withdrawals[1]'],
    ])('%s', (_what, bytes, dataLayout, field) => {
      expect(() => decodeBatchData(bytes(), dataLayout)).toThrow(expect.objectContaining({ code: 'INVALID_BATCH_DATA', details: expect.objectContaining({ field }) }));
    });

    it('indices and the fee recipient at or above 2^D', () => {
      const data: BatchData = { ...one({ oldStateHash: 1n, batchNumber: 3, feeRecipient: 63, depth: 6, slots: [transfer(63, 0, 1n, 1n)] }), withdrawals: [withdrawal(63, 1n, 0n, 1n)] };
      const bytes = encodeBatchData(data);
      expect(decodeBatchData(bytes, layout(6))).toEqual(data);
      const at = (offset: number, value: number): Uint8Array => Uint8Array.from(bytes, (b, i) => (i === offset ? value : b));
      const refused = (field: string) => expect.objectContaining({ code: 'INVALID_BATCH_DATA', details: expect.objectContaining({ field }) });
      expect(() => decodeBatchData(at(36, 64), layout(6))).toThrow(refused('feeRecipient'));
      expect(() => decodeBatchData(at(37 + 28, 64), layout(6))).toThrow(refused('slots[0].from'));
      expect(() => decodeBatchData(at(38 + 28, 255), layout(6))).toThrow(refused('slots[0].to'));
      expect(() => decodeBatchData(at(37 + 28 + 8, 64), layout(6))).toThrow(refused('withdrawals[0].from'));
    });

    it('accepts a non-canonical amount or fee word (the value is what counts) and re-encodes it canonically', () => {
      // 100 as 1·10^2 and fee 10 as 1·10^1 (canonical: 100·10^0 and 10·10^0).
      const bytes = patched(slot2 + 8, 0x48, 0x00, 0x00, 0x00, 0x01, 0x11);
      const decoded = decodeBatchData(bytes, LAYOUT32);
      expect(decoded.slots[2]).toEqual(transfer(0x01020304, 0, 100n, 10n));
      expect(hexOf(encodeBatchData(decoded)).slice(slot2 * 2 + 16, slot2 * 2 + 28)).toBe('4000000064' + '0a');
      // The same in a withdrawal entry: 100 as 1·10^2.
      const withdrawn = decodeBatchData(patched(withdrawal0 + 4, 0x88, 0x00, 0x00, 0x00, 0x01), LAYOUT32);
      expect(withdrawn.withdrawals[0]).toEqual(withdrawal(0x0a0b0c0d, 100n, 1n, ADDRESS));
    });
  });
});

describe('dataHashOf', () => {
  it('is sha256 of the batch data with the top three bits cleared', () => {
    const bytes = encodeBatchData(sample);
    const digest = BigInt('0x' + createHash('sha256').update(bytes).digest('hex'));
    expect(dataHashOf(bytes)).toBe(digest % 2n ** 253n);
    expect(dataHashOf(bytes) < FIELD_ORDER).toBe(true);
  });
});

describe('computeDomain and stateHashOf', () => {
  it('the domain is keccak256("zkr-rollup-v3" ‖ uint256 chainId ‖ address) mod r', () => {
    const address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    expect(DOMAIN_TAG).toBe('zkr-rollup-v3');
    const packed = concat([toUtf8Bytes('zkr-rollup-v3'), toBeHex(31337n, 32), getBytes(address)]);
    expect(packed.length).toBe(2 + 2 * (13 + 32 + 20));
    expect(computeDomain(31337n, address)).toBe(BigInt(keccak256(packed)) % FIELD_ORDER);
    expect(computeDomain(31337n, address)).not.toBe(computeDomain(1n, address));
  });

  it('rejects a bad address or chain id', () => {
    expect(() => computeDomain(1n, '0x1234')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'rollupAddress' }) }));
    expect(() => computeDomain(-1n, '0x5FbDB2315678afecb367f032d93F642f64180aa3')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'chainId' }) }),
    );
  });

  it('the state hash is Poseidon([domain, root]) and checks both are field elements', () => {
    expect(stateHashOf(suite, 7n, 9n)).toBe(suite.poseidon.hash([7n, 9n]));
    expect(stateHashOf(suite, 7n, 9n)).not.toBe(stateHashOf(suite, 8n, 9n));
    expect(() => stateHashOf(suite, FIELD_ORDER, 1n)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'domain' }) }));
    expect(() => stateHashOf(suite, 1n, -1n)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'root' }) }));
  });
});
