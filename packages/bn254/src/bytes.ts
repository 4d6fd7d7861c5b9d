/** Little-endian integer helpers for the binary formats. */

/** Reads an unsigned little-endian integer of `n8` bytes at `offset`. */
export function readUintLE(bytes: Uint8Array, offset: number, n8: number): bigint {
  let value = 0n;
  let i = n8;
  if (n8 % 8 === 0) {
    // Whole 64-bit words: 8x fewer bigint operations (witnesses hold up to a million elements).
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n8);
    for (i -= 8; i >= 0; i -= 8) value = (value << 64n) | view.getBigUint64(i, true);
    return value;
  }
  for (i--; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

/** Writes `value` as an unsigned little-endian integer of `n8` bytes at `offset`. */
export function writeUintLE(bytes: Uint8Array, offset: number, n8: number, value: bigint): void {
  let rest = value;
  if (n8 % 8 === 0) {
    // Whole 64-bit words, as in readUintLE (dev setup encodes millions of scalars).
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n8);
    for (let i = 0; i < n8; i += 8, rest >>= 64n) view.setBigUint64(i, BigInt.asUintN(64, rest), true);
    return;
  }
  for (let i = 0; i < n8; i++) {
    bytes[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** A DataView over exactly `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
