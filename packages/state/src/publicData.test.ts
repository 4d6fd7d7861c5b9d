import { createHash } from 'node:crypto';
import { concat, getBytes, keccak256, toBeHex, toUtf8Bytes } from 'ethers';
import { computeDomain } from './domain';
import { FIELD_ORDER, VALUE_LIMIT } from './field';
import { decodePublicData, encodePublicData, publicDataLength, publicInputOf, type PublicData } from './publicData';

const sample: PublicData = {
  domain: FIELD_ORDER - 1n,
  oldRoot: 1n,
  newRoot: 2n ** 200n + 7n,
  feeRecipient: 2 ** 32 - 1,
  slots: [
    { from: 1, to: 2 ** 32 - 1, amount: VALUE_LIMIT - 1n, fee: 3n },
    { from: 0, to: 0, amount: 0n, fee: 0n },
  ],
};

describe('public data', () => {
  it('encodes to 100 + 24N big-endian bytes at the offsets of §7 and round-trips', () => {
    const bytes = encodePublicData(sample);
    expect(bytes.length).toBe(publicDataLength(2));
    expect(bytes.length).toBe(148);
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex.slice(0, 64)).toBe((FIELD_ORDER - 1n).toString(16).padStart(64, '0'));
    expect(hex.slice(192, 200)).toBe('ffffffff');
    expect(hex.slice(200, 248)).toBe('00000001' + 'ffffffff' + 'ffffffffffffffff' + '0000000000000003');
    expect(decodePublicData(bytes)).toEqual(sample);
    expect(encodePublicData(decodePublicData(bytes))).toEqual(bytes);
  });

  it('public input is sha256 with the top three bits cleared', () => {
    const bytes = encodePublicData(sample);
    const digest = BigInt('0x' + createHash('sha256').update(bytes).digest('hex'));
    const input = publicInputOf(bytes);
    expect(input).toBe(digest % 2n ** 253n);
    expect(input < FIELD_ORDER).toBe(true);
  });

  it('rejects out-of-range fields naming them, and bad lengths', () => {
    expect(() => encodePublicData({ ...sample, slots: [{ ...sample.slots[0], fee: VALUE_LIMIT }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'slots[0].fee' }) }),
    );
    expect(() => encodePublicData({ ...sample, slots: [] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => encodePublicData({ ...sample, oldRoot: FIELD_ORDER })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'oldRoot' }) }),
    );
    for (const length of [0, 100, 123, 125]) {
      expect(() => decodePublicData(new Uint8Array(length))).toThrow(expect.objectContaining({ code: 'INVALID_PUBLIC_DATA' }));
    }
    const bad = encodePublicData(sample);
    bad.fill(0xff, 32, 64);
    expect(() => decodePublicData(bad)).toThrow(expect.objectContaining({ code: 'INVALID_PUBLIC_DATA', details: { field: 'oldRoot' } }));
  });
});

describe('computeDomain', () => {
  it('is keccak256("zkr-rollup-v1" ‖ uint256 chainId ‖ address) mod r', () => {
    const address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const packed = concat([toUtf8Bytes('zkr-rollup-v1'), toBeHex(31337n, 32), getBytes(address)]);
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
});
