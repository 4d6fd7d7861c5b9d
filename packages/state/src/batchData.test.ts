import { createHash } from 'node:crypto';
import { concat, getBytes, keccak256, toBeHex, toUtf8Bytes } from 'ethers';
import {
  batchDataHeaderBytes, batchDataLength, dataHashOf, decodeBatchData, encodeBatchData, indexBytes, NOOP_SLOT, SLOT_KINDS, slotBytes,
  type BatchData,
} from './batchData';
import { computeDomain, stateHashOf } from './domain';
import { FIELD_ORDER } from './field';
import { createCryptoSuite, type CryptoSuite } from './suite';

let suite: CryptoSuite;

beforeAll(async () => {
  suite = await createCryptoSuite({ poseidon: 'lite' });
});

const transfer = (from: number, to: number, amount: bigint, fee: bigint) => ({ kind: SLOT_KINDS.transfer, from, to, amount, fee });

const sample: BatchData = {
  oldStateHash: FIELD_ORDER - 1n,
  batchNumber: 2 ** 32 - 1,
  feeRecipient: 2 ** 32 - 1,
  depth: 32,
  slots: [
    transfer(1, 2 ** 32 - 1, 18446744070000000000n, 150n),
    NOOP_SLOT,
    transfer(0x01020304, 0, 7n, 0n),
  ],
};

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('batch data sizes', () => {
  it.each([
    [2, 1, 8], [8, 1, 8], [10, 2, 10], [16, 2, 10], [24, 3, 12], [26, 4, 14], [32, 4, 14],
  ])('depth %i: I = %i bytes per index, S = %i bytes per slot, a header of 36 + I bytes', (depth, index, slot) => {
    expect([indexBytes(depth), slotBytes(depth), batchDataHeaderBytes(depth)]).toEqual([index, slot, 36 + index]);
    expect(batchDataLength(depth, 16)).toBe(36 + index + 16 * slot);
  });

  it('refuses odd or out-of-range depths and empty batches', () => {
    for (const depth of [0, 7, 33]) expect(() => slotBytes(depth)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'depth' }) }));
    expect(() => batchDataLength(8, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('encodeBatchData / decodeBatchData', () => {
  it('lays out header and 14-byte slots at D = 32 exactly as §7, and round-trips', () => {
    const bytes = encodeBatchData(sample);
    expect(bytes.length).toBe(40 + 3 * 14);
    const hex = hexOf(bytes);
    expect(hex.slice(0, 64)).toBe((FIELD_ORDER - 1n).toString(16).padStart(64, '0'));
    expect(hex.slice(64, 80)).toBe('ffffffff' + 'ffffffff');
    // slot 0: from 1, to 2^32-1, op word 1·2^38 + 10·2^34 + 1844674407, fee 150 = 15·10^1 -> 0x1f
    const op0 = (1n << 38n) + (10n << 34n) + 1844674407n;
    expect(hex.slice(80, 108)).toBe('00000001' + 'ffffffff' + op0.toString(16).padStart(10, '0') + '1f');
    expect(hex.slice(108, 136)).toBe('00'.repeat(14));
    expect(hex.slice(136, 164)).toBe('01020304' + '00000000' + '4000000007' + '00');
    expect(decodeBatchData(bytes, 32)).toEqual(sample);
    expect(encodeBatchData(decodeBatchData(bytes, 32))).toEqual(bytes);
  });

  it('uses ceil(D/8)-byte indices at smaller depths (D = 10: 2 bytes, S = 10)', () => {
    const data: BatchData = { oldStateHash: 5n, batchNumber: 1, feeRecipient: 1023, depth: 10, slots: [transfer(1023, 256, 20n, 20n)] };
    const bytes = encodeBatchData(data);
    expect(hexOf(bytes)).toBe('00'.repeat(31) + '05' + '00000001' + '03ff' + '03ff' + '0100' + '4000000014' + '12');
    expect(decodeBatchData(bytes, 10)).toEqual(data);
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
  });

  describe('decoding refuses bytes no valid batch holds with INVALID_BATCH_DATA', () => {
    const good = (): Uint8Array => encodeBatchData(sample);
    const patched = (at: number, ...values: number[]): Uint8Array => {
      const bytes = good();
      bytes.set(values, at);
      return bytes;
    };
    const slot2 = 40 + 2 * 14;
    it.each<[string, () => Uint8Array, number, string]>([
      ['no slot', () => good().subarray(0, 40), 32, 'length'],
      ['a partial slot', () => good().subarray(0, 40 + 14 + 13), 32, 'length'],
      ['a trailing byte', () => new Uint8Array([...good(), 0]), 32, 'length'],
      ['the slot size of another depth', () => good(), 24, 'length'],
      ['an oldStateHash >= r', () => patched(0, 0xff), 32, 'oldStateHash'],
      ['batch number 0', () => patched(32, 0, 0, 0, 0), 32, 'batchNumber'],
      ['a no-op with a non-zero fee byte', () => patched(40 + 14 + 13, 1), 32, 'slots[1]'],
      ['a no-op with a non-zero index', () => patched(40 + 14 + 3, 1), 32, 'slots[1]'],
      ['a no-op with a non-zero amount', () => patched(40 + 14 + 12, 1), 32, 'slots[1]'],
      ['kind 2 (reserved for withdrawals)', () => patched(slot2 + 8, 0x80), 32, 'slots[2].kind'],
      ['kind 3 (reserved)', () => patched(slot2 + 8, 0xc0), 32, 'slots[2].kind'],
      ['an amount word above 2^64', () => patched(slot2 + 8, 0x7f, 0xff, 0xff, 0xff, 0xff), 32, 'slots[2].amount'],
    ])('%s', (_what, bytes, depth, field) => {
      expect(() => decodeBatchData(bytes(), depth)).toThrow(expect.objectContaining({ code: 'INVALID_BATCH_DATA', details: expect.objectContaining({ field }) }));
    });

    it('indices and the fee recipient at or above 2^D', () => {
      const data: BatchData = { oldStateHash: 1n, batchNumber: 3, feeRecipient: 63, depth: 6, slots: [transfer(63, 0, 1n, 1n)] };
      const bytes = encodeBatchData(data);
      expect(decodeBatchData(bytes, 6)).toEqual(data);
      const at = (offset: number, value: number): Uint8Array => Uint8Array.from(bytes, (b, i) => (i === offset ? value : b));
      expect(() => decodeBatchData(at(36, 64), 6)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'feeRecipient' }) }));
      expect(() => decodeBatchData(at(37, 64), 6)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'slots[0].from' }) }));
      expect(() => decodeBatchData(at(38, 255), 6)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'slots[0].to' }) }));
    });

    it('accepts a non-canonical amount or fee word (the value is what counts) and re-encodes it canonically', () => {
      // 100 as 1·10^2 and fee 10 as 1·10^1 (canonical: 100·10^0 and 10·10^0).
      const bytes = patched(slot2 + 8, 0x48, 0x00, 0x00, 0x00, 0x01, 0x11);
      const decoded = decodeBatchData(bytes, 32);
      expect(decoded.slots[2]).toEqual(transfer(0x01020304, 0, 100n, 10n));
      expect(hexOf(encodeBatchData(decoded)).slice(slot2 * 2 + 16)).toBe('4000000064' + '0a');
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
  it('the domain is keccak256("zkr-rollup-v2" ‖ uint256 chainId ‖ address) mod r', () => {
    const address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const packed = concat([toUtf8Bytes('zkr-rollup-v2'), toBeHex(31337n, 32), getBytes(address)]);
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
