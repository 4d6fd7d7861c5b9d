/** Public data encoding and the public input rule (docs/protocol.md §7). */
import { createHash } from 'node:crypto';
import { stateError } from './errors';
import { assertFieldElement, assertIndex, assertInteger, assertValue } from './field';

/** Bytes before the first slot: domain, oldRoot, newRoot (32 each) and feeRecipient (4). */
export const PUBLIC_DATA_HEADER_BYTES = 100;

/** Bytes per slot: from (4), to (4), amount (8), fee (8). */
export const PUBLIC_DATA_SLOT_BYTES = 24;

/** The public part of one slot; a no-op slot is all zeros. */
export interface PublicSlot {
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
}

/** The decoded public data of a batch. */
export interface PublicData {
  readonly domain: bigint;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly feeRecipient: number;
  readonly slots: readonly PublicSlot[];
}

/** `100 + 24·batchSize`, the public data length of a batch of `batchSize` slots. */
export function publicDataLength(batchSize: number): number {
  assertInteger(batchSize, 'batchSize', 1, Number.MAX_SAFE_INTEGER);
  return PUBLIC_DATA_HEADER_BYTES + PUBLIC_DATA_SLOT_BYTES * batchSize;
}

function writeUint(view: DataView, offset: number, bytes: number, value: bigint): void {
  for (let i = bytes - 1; i >= 0; i--) {
    view.setUint8(offset + i, Number(value & 0xffn));
    value >>= 8n;
  }
}

function readUint(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

/** Encodes public data to `100 + 24·N` big-endian bytes; every field is range-checked. */
export function encodePublicData(data: PublicData): Uint8Array {
  assertFieldElement(data.domain, 'domain');
  assertFieldElement(data.oldRoot, 'oldRoot');
  assertFieldElement(data.newRoot, 'newRoot');
  assertIndex(data.feeRecipient, 32, 'feeRecipient');
  const bytes = new Uint8Array(publicDataLength(data.slots.length));
  const view = new DataView(bytes.buffer);
  writeUint(view, 0, 32, data.domain);
  writeUint(view, 32, 32, data.oldRoot);
  writeUint(view, 64, 32, data.newRoot);
  view.setUint32(96, data.feeRecipient);
  data.slots.forEach((slot, j) => {
    const at = PUBLIC_DATA_HEADER_BYTES + PUBLIC_DATA_SLOT_BYTES * j;
    assertIndex(slot.from, 32, `slots[${j}].from`);
    assertIndex(slot.to, 32, `slots[${j}].to`);
    assertValue(slot.amount, `slots[${j}].amount`);
    assertValue(slot.fee, `slots[${j}].fee`);
    view.setUint32(at, slot.from);
    view.setUint32(at + 4, slot.to);
    writeUint(view, at + 8, 8, slot.amount);
    writeUint(view, at + 16, 8, slot.fee);
  });
  return bytes;
}

/** Decodes public data; throws `INVALID_PUBLIC_DATA` on a bad length or a field element `>= r`. */
export function decodePublicData(bytes: Uint8Array): PublicData {
  const slotBytes = bytes.length - PUBLIC_DATA_HEADER_BYTES;
  if (slotBytes < PUBLIC_DATA_SLOT_BYTES || slotBytes % PUBLIC_DATA_SLOT_BYTES !== 0) {
    throw stateError('INVALID_PUBLIC_DATA', `public data must be 100 + 24·N bytes with N >= 1, got ${bytes.length} bytes`, {
      details: { field: 'publicData', value: bytes.length },
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (offset: number, field: string): bigint => {
    const value = readUint(bytes, offset, 32);
    try {
      assertFieldElement(value, field);
    } catch (cause) {
      throw stateError('INVALID_PUBLIC_DATA', `public data ${field} at byte ${offset} is not below r`, { details: { field }, cause });
    }
    return value;
  };
  const slots: PublicSlot[] = [];
  for (let at = PUBLIC_DATA_HEADER_BYTES; at < bytes.length; at += PUBLIC_DATA_SLOT_BYTES) {
    slots.push({
      from: view.getUint32(at),
      to: view.getUint32(at + 4),
      amount: readUint(bytes, at + 8, 8),
      fee: readUint(bytes, at + 16, 8),
    });
  }
  return {
    domain: word(0, 'domain'),
    oldRoot: word(32, 'oldRoot'),
    newRoot: word(64, 'newRoot'),
    feeRecipient: view.getUint32(96),
    slots,
  };
}

/** The circuit's single public input: `uint256(sha256(publicData)) & (2^253 - 1)`. */
export function publicInputOf(publicData: Uint8Array): bigint {
  const digest = createHash('sha256').update(publicData).digest('hex');
  return BigInt(`0x${digest}`) & ((1n << 253n) - 1n);
}
