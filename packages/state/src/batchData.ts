/**
 * The batch data the contract hashes and the data hash rule (docs/protocol.md §7).
 *
 * Layout (big-endian): `oldStateHash` (32 bytes), `batchNumber` (4), `feeRecipient` (I), then `N`
 * slots of `S = 2·I + 6` bytes with `I = ceil(D/8)`: `from` (I), `to` (I), the op word
 * `kind·2^38 + e·2^34 + m` (5) and the fee byte `16·e + m` (1). A no-op slot is `S` zero bytes.
 */
import { createHash } from 'node:crypto';
import { stateError } from './errors';
import { assertDepth, assertFieldElement, assertIndex, assertInteger, BATCH_NUMBER_LIMIT, FIELD_ORDER, isIndex } from './field';
import { AMOUNT_WORD_LIMIT, decodeAmount, decodeFee, encodeAmount, encodeFee } from './float';
import type { BatchSlot } from './types';


/** The operation kinds of a slot (docs/protocol.md §6); kinds 2 and 3 are reserved and invalid in version 2. */
export const SLOT_KINDS = { noop: 0, transfer: 1 } as const;

/** The kind of a slot in the batch data: 0 (no-op) or 1 (transfer). */
export type SlotKind = (typeof SLOT_KINDS)[keyof typeof SLOT_KINDS];

/** The public part of one slot; a no-op has `from = to = amount = fee = 0`. */
export interface PublicSlot {
  readonly kind: SlotKind;
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
}

/** The fields of a batch's batch data, for a tree of `depth`. */
export interface BatchData {
  /** `Poseidon([domain, oldRoot])`. */
  readonly oldStateHash: bigint;
  /** `1 <= batchNumber < 2^32`. */
  readonly batchNumber: number;
  readonly feeRecipient: number;
  /** The tree depth `D`, which fixes the index width `I` and the slot size `S`. */
  readonly depth: number;
  /** At least one slot. */
  readonly slots: readonly PublicSlot[];
}

/** The public slot of a no-op. */
export const NOOP_SLOT: PublicSlot = { kind: SLOT_KINDS.noop, from: 0, to: 0, amount: 0n, fee: 0n };

/** The public slot of a batch slot: a transfer's route, amount and fee, or the all-zero no-op. */
export function publicSlotOf(slot: BatchSlot): PublicSlot {
  if (slot.kind === 'noop') return NOOP_SLOT;
  const { from, to, amount, fee } = slot.transfer;
  return { kind: SLOT_KINDS.transfer, from, to, amount, fee };
}

/** `I = ceil(depth / 8)`, the bytes of an account index in the batch data. */
export function indexBytes(depth: number): number {
  assertDepth(depth);
  return Math.ceil(depth / 8);
}

/** `S = 2·I + 6`, the bytes of one slot in the batch data. */
export function slotBytes(depth: number): number {
  return 2 * indexBytes(depth) + 6;
}

/** `H = 36 + I`, the bytes before the first slot: oldStateHash (32), batchNumber (4), feeRecipient (I). */
export function batchDataHeaderBytes(depth: number): number {
  return 36 + indexBytes(depth);
}

/** `H + S·batchSize`, the batch data length of `batchSize` slots at `depth`. */
export function batchDataLength(depth: number, batchSize: number): number {
  assertInteger(batchSize, 'batchSize', 1, Number.MAX_SAFE_INTEGER);
  return batchDataHeaderBytes(depth) + slotBytes(depth) * batchSize;
}

/** The slot bytes (`txData`, what `submitBatch` takes) of batch data of a tree of `depth`: everything after the header. */
export function txDataOf(batchData: Uint8Array, depth: number): Uint8Array {
  return batchData.subarray(batchDataHeaderBytes(depth));
}

function writeUint(bytes: Uint8Array, offset: number, length: number, value: bigint): void {
  for (let i = length - 1; i >= 0; i--) {
    bytes[offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

function readUint(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

/** The 40-bit op word of a slot (docs/protocol.md §7): `kind·2^38` plus the canonical amount word (`AMOUNT_NOT_REPRESENTABLE` for an amount without one). */
export function opWordOf(kind: SlotKind, amount: bigint): bigint {
  return BigInt(kind) * AMOUNT_WORD_LIMIT + encodeAmount(amount);
}

/** Throws `INVALID_ARGUMENT` unless slot `j` is a well-formed no-op or transfer at `depth`. */
function assertSlot(slot: PublicSlot, j: number, depth: number): void {
  const field = `slots[${j}]`;
  if (slot.kind === SLOT_KINDS.noop) {
    if (slot.from !== 0 || slot.to !== 0 || slot.amount !== 0n || slot.fee !== 0n) {
      throw stateError('INVALID_ARGUMENT', `${field} is a no-op, so from, to, amount and fee must all be 0`, { details: { field } });
    }
    return;
  }
  if (slot.kind !== SLOT_KINDS.transfer) {
    throw stateError('INVALID_ARGUMENT', `${field}.kind must be 0 (no-op) or 1 (transfer), got ${String(slot.kind)}`, {
      details: { field: `${field}.kind`, value: slot.kind },
    });
  }
  assertIndex(slot.from, depth, `${field}.from`);
  assertIndex(slot.to, depth, `${field}.to`);
}

/**
 * Encodes batch data to `H + S·N` bytes (docs/protocol.md §7), amounts and fees in their canonical
 * float words. Fields are checked (`INVALID_ARGUMENT` naming them; an amount or fee with no
 * encoding is `AMOUNT_NOT_REPRESENTABLE` / `FEE_NOT_REPRESENTABLE`).
 */
export function encodeBatchData(data: BatchData): Uint8Array {
  const { depth } = data;
  const width = indexBytes(depth);
  assertFieldElement(data.oldStateHash, 'oldStateHash');
  assertInteger(data.batchNumber, 'batchNumber', 1, BATCH_NUMBER_LIMIT - 1);
  assertIndex(data.feeRecipient, depth, 'feeRecipient');
  const size = slotBytes(depth);
  const bytes = new Uint8Array(batchDataLength(depth, data.slots.length));
  writeUint(bytes, 0, 32, data.oldStateHash);
  writeUint(bytes, 32, 4, BigInt(data.batchNumber));
  writeUint(bytes, 36, width, BigInt(data.feeRecipient));
  const header = batchDataHeaderBytes(depth);
  data.slots.forEach((slot, j) => {
    assertSlot(slot, j, depth);
    if (slot.kind === SLOT_KINDS.noop) return;
    const at = header + size * j;
    writeUint(bytes, at, width, BigInt(slot.from));
    writeUint(bytes, at + width, width, BigInt(slot.to));
    writeUint(bytes, at + 2 * width, 5, opWordOf(slot.kind, slot.amount));
    bytes[at + 2 * width + 5] = encodeFee(slot.fee);
  });
  return bytes;
}

function invalidData(field: string, problem: string, value?: unknown): never {
  throw stateError('INVALID_BATCH_DATA', `batch data ${field} ${problem}; take the batch data from \`zkr batch build\` or the submitting transaction`, {
    details: { field, value },
  });
}

/** Decodes slot `j` at byte `at`: kind 0 must be all zeros, kinds 2 and 3 are refused, indices must be below `2^depth`. */
function decodeSlot(bytes: Uint8Array, at: number, j: number, depth: number): PublicSlot {
  const width = indexBytes(depth);
  const field = `slots[${j}]`;
  const from = Number(readUint(bytes, at, width));
  const to = Number(readUint(bytes, at + width, width));
  const opWord = readUint(bytes, at + 2 * width, 5);
  const feeByte = bytes[at + 2 * width + 5];
  const kind = Number(opWord / AMOUNT_WORD_LIMIT);
  const amountWord = opWord % AMOUNT_WORD_LIMIT;
  if (kind === SLOT_KINDS.noop) {
    if (from !== 0 || to !== 0 || amountWord !== 0n || feeByte !== 0) invalidData(field, `(at byte ${at}) is a no-op (kind 0) with non-zero fields; a no-op slot is all zeros`);
    return NOOP_SLOT;
  }
  if (kind !== SLOT_KINDS.transfer) invalidData(`${field}.kind`, `(at byte ${at}) is ${kind}, which is reserved in protocol version 2 (0 no-op, 1 transfer)`, kind);
  if (!isIndex(from, depth)) invalidData(`${field}.from`, `is ${from}, not below 2^${depth}`, from);
  if (!isIndex(to, depth)) invalidData(`${field}.to`, `is ${to}, not below 2^${depth}`, to);
  let amount: bigint;
  try {
    amount = decodeAmount(amountWord);
  } catch {
    invalidData(`${field}.amount`, `word ${amountWord} decodes to a value not below 2^64`, amountWord);
  }
  return { kind, from, to, amount, fee: decodeFee(feeByte) };
}

/**
 * Decodes batch data of a tree of `depth`; throws `INVALID_BATCH_DATA` naming the field on a length
 * that is not `H + S·N` (`N >= 1`), an `oldStateHash >= r`, a batch number 0, a fee recipient or
 * index `>= 2^depth`, a reserved slot kind, a no-op with non-zero bytes or an amount `>= 2^64`.
 * Any amount or fee word that decodes is accepted (non-canonical ones too, as the circuit does).
 */
export function decodeBatchData(bytes: Uint8Array, depth: number): BatchData {
  const size = slotBytes(depth);
  const header = batchDataHeaderBytes(depth);
  const body = bytes.length - header;
  if (body < size || body % size !== 0) {
    invalidData('length', `must be ${header} + ${size}·N bytes with N >= 1 at depth ${depth}, got ${bytes.length} bytes`, bytes.length);
  }
  const oldStateHash = readUint(bytes, 0, 32);
  if (oldStateHash >= FIELD_ORDER) invalidData('oldStateHash', 'is not below r', oldStateHash);
  const batchNumber = Number(readUint(bytes, 32, 4));
  if (batchNumber === 0) invalidData('batchNumber', 'is 0; batches are numbered from 1', batchNumber);
  const feeRecipient = Number(readUint(bytes, 36, indexBytes(depth)));
  if (!isIndex(feeRecipient, depth)) invalidData('feeRecipient', `is ${feeRecipient}, not below 2^${depth}`, feeRecipient);
  const slots: PublicSlot[] = [];
  for (let j = 0; j < body / size; j++) slots.push(decodeSlot(bytes, header + size * j, j, depth));
  return { oldStateHash, batchNumber, feeRecipient, depth, slots };
}

/** The circuit's second public input: `uint256(sha256(batchData)) & (2^253 - 1)`. */
export function dataHashOf(batchData: Uint8Array): bigint {
  const digest = createHash('sha256').update(batchData).digest('hex');
  return BigInt(`0x${digest}`) & ((1n << 253n) - 1n);
}
