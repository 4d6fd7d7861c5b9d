/**
 * The batch data the contract hashes and the data hash rule (docs/protocol.md §7).
 *
 * Layout (big-endian), with `I = ceil(D/8)`, `S = 2·I + 6`, `V = I + 26`: the header
 * `oldStateHash` (32 bytes), `batchNumber` (4), `feeRecipient` (I); then `Q` queue entries of 28
 * bytes (`address` 20, credited `amount` 8); `N` slots of `S` bytes (`from` I, `to` I, the op word
 * `kind·2^38 + e·2^34 + m` 5, the fee byte `16·e + m` 1); `W` withdrawal entries of `V` bytes
 * (`from` I, op word 5, fee byte 1, `address` 20). Empty entries and no-op slots are all zeros.
 */
import { createHash } from 'node:crypto';
import { stateError } from './errors';
import {
  assertDepth, assertFieldElement, assertIndex, assertInteger, assertL1Address, assertOwner, assertPositions, assertValue, BATCH_NUMBER_LIMIT,
  FIELD_ORDER, isIndex,
} from './field';
import { AMOUNT_WORD_LIMIT, decodeAmount, decodeFee, encodeAmount, encodeFee } from './float';
import type { Batch, BatchSlot, Credit, QueuePosition, WithdrawalPosition } from './types';

/** The operation kinds of a slot (docs/protocol.md §6); kind 2 is the withdrawal kind (invalid in a slot), 3 is reserved. */
export const SLOT_KINDS = { noop: 0, transfer: 1 } as const;

/** The kind of a slot in the batch data: 0 (no-op) or 1 (transfer). */
export type SlotKind = (typeof SLOT_KINDS)[keyof typeof SLOT_KINDS];

/** The kinds of a withdrawal position in the batch data (docs/protocol.md §6): 0 (empty) or 2 (withdrawal). */
export const WITHDRAWAL_KINDS = { empty: 0, withdrawal: 2 } as const;

/** The kind of a withdrawal position: 0 (empty) or 2 (withdrawal). */
export type WithdrawalKind = (typeof WITHDRAWAL_KINDS)[keyof typeof WITHDRAWAL_KINDS];

/** `28`: the bytes of a queue entry (address 20, amount 8). */
export const QUEUE_ENTRY_BYTES = 28;

/** The public part of one slot; a no-op has `from = to = amount = fee = 0`. */
export interface PublicSlot {
  readonly kind: SlotKind;
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
}

/** The public part of a queue position: the credit `(address, amount)` of a consumed operation, or `(0, 0)` when empty. */
export interface PublicQueueEntry {
  readonly address: bigint;
  readonly amount: bigint;
}

/** The public part of a withdrawal position; an empty one has kind 0 and every field 0. */
export interface PublicWithdrawal {
  readonly kind: WithdrawalKind;
  readonly from: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly address: bigint;
}

/** The fields of a batch's batch data, for a tree of `depth`. */
export interface BatchData {
  /** `Poseidon([domain, oldRoot])`. */
  readonly oldStateHash: bigint;
  /** `1 <= batchNumber < 2^32`. */
  readonly batchNumber: number;
  readonly feeRecipient: number;
  /** The tree depth `D`, which fixes the index width `I`, the slot size `S` and the withdrawal entry size `V`. */
  readonly depth: number;
  /** `Q` entries, `1 <= Q <= 64`: the consumed operations' credits, then empty entries. */
  readonly queue: readonly PublicQueueEntry[];
  /** `N >= 1` slots. */
  readonly slots: readonly PublicSlot[];
  /** `W` entries, `1 <= W <= 64`. */
  readonly withdrawals: readonly PublicWithdrawal[];
}

/** The parameters that fix the batch data layout of a rollup (with the batch size). */
export interface BatchDataLayout {
  readonly depth: number;
  /** `Q`, 1..64. */
  readonly queuePositions: number;
  /** `W`, 1..64. */
  readonly withdrawalPositions: number;
}

/** The public slot of a no-op. */
export const NOOP_SLOT: PublicSlot = { kind: SLOT_KINDS.noop, from: 0, to: 0, amount: 0n, fee: 0n };

/** The public entry of an empty queue position. */
export const EMPTY_QUEUE_ENTRY: PublicQueueEntry = { address: 0n, amount: 0n };

/** The public entry of an empty withdrawal position. */
export const EMPTY_WITHDRAWAL: PublicWithdrawal = { kind: WITHDRAWAL_KINDS.empty, from: 0, amount: 0n, fee: 0n, address: 0n };

/** The public slot of a batch slot: a transfer's route, amount and fee, or the all-zero no-op. */
export function publicSlotOf(slot: BatchSlot): PublicSlot {
  if (slot.kind === 'noop') return NOOP_SLOT;
  const { from, to, amount, fee } = slot.transfer;
  return { kind: SLOT_KINDS.transfer, from, to, amount, fee };
}

/** The public entry of a queue position: its credit, or `(0, 0)` when empty. */
export function publicQueueEntryOf(position: QueuePosition): PublicQueueEntry {
  return position.kind === 'empty' ? EMPTY_QUEUE_ENTRY : { address: position.credit.address, amount: position.credit.amount };
}

/** The public entry of a withdrawal position. */
export function publicWithdrawalOf(position: WithdrawalPosition): PublicWithdrawal {
  if (position.kind === 'empty') return EMPTY_WITHDRAWAL;
  const { from, amount, fee, address } = position.withdrawal;
  return { kind: WITHDRAWAL_KINDS.withdrawal, from, amount, fee, address };
}

/**
 * The L1 credits of a batch (docs/protocol.md §6): one per consumed queue operation, then one per
 * withdrawal, in position order, zero amounts included (the contract skips them).
 */
export function creditsOf(batch: Pick<Batch, 'queue' | 'withdrawals'>): Credit[] {
  const credits: Credit[] = [];
  for (const position of batch.queue) if (position.kind === 'operation') credits.push(position.credit);
  for (const position of batch.withdrawals) {
    if (position.kind === 'withdrawal') credits.push({ address: position.withdrawal.address, amount: position.withdrawal.amount });
  }
  return credits;
}

/** The batch data of a built batch (docs/protocol.md §7), from its parameters and positions. */
export function batchDataOf(batch: Pick<Batch, 'oldStateHash' | 'batchNumber' | 'feeRecipient' | 'depth' | 'queue' | 'slots' | 'withdrawals'>): BatchData {
  return {
    oldStateHash: batch.oldStateHash,
    batchNumber: batch.batchNumber,
    feeRecipient: batch.feeRecipient,
    depth: batch.depth,
    queue: batch.queue.map(publicQueueEntryOf),
    slots: batch.slots.map(publicSlotOf),
    withdrawals: batch.withdrawals.map(publicWithdrawalOf),
  };
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

/** `V = I + 26`, the bytes of one withdrawal entry: from (I), op word (5), fee byte (1), address (20). */
export function withdrawalEntryBytes(depth: number): number {
  return indexBytes(depth) + 26;
}

/** `H = 36 + I`, the bytes before the first queue entry: oldStateHash (32), batchNumber (4), feeRecipient (I). */
export function batchDataHeaderBytes(depth: number): number {
  return 36 + indexBytes(depth);
}

function assertLayout(layout: BatchDataLayout): void {
  assertDepth(layout.depth);
  assertPositions(layout.queuePositions, 'queuePositions');
  assertPositions(layout.withdrawalPositions, 'withdrawalPositions');
}

/** `H + 28·Q + S·N + V·W`, the batch data length of `batchSize` slots with the layout's depth, `Q` and `W`. */
export function batchDataLength(layout: BatchDataLayout, batchSize: number): number {
  assertLayout(layout);
  assertInteger(batchSize, 'batchSize', 1, Number.MAX_SAFE_INTEGER);
  const { depth, queuePositions, withdrawalPositions } = layout;
  return batchDataHeaderBytes(depth) + QUEUE_ENTRY_BYTES * queuePositions + slotBytes(depth) * batchSize + withdrawalEntryBytes(depth) * withdrawalPositions;
}

/** The bytes `submitBatch` takes as `txData` (queue entries, slots, withdrawal entries) of batch data of a tree of `depth`: everything after the header. */
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

/** The 40-bit op word of a slot or withdrawal entry (docs/protocol.md §7): `kind·2^38` plus the canonical amount word (`AMOUNT_NOT_REPRESENTABLE` for an amount without one). */
export function opWordOf(kind: SlotKind | WithdrawalKind, amount: bigint): bigint {
  return BigInt(kind) * AMOUNT_WORD_LIMIT + encodeAmount(amount);
}

function invalidArgument(field: string, problem: string, value?: unknown): never {
  throw stateError('INVALID_ARGUMENT', `${field} ${problem}`, { details: { field, value } });
}

/** Throws `INVALID_ARGUMENT` unless slot `j` is a well-formed no-op or transfer at `depth`. */
function assertSlot(slot: PublicSlot, j: number, depth: number): void {
  const field = `slots[${j}]`;
  if (slot.kind === SLOT_KINDS.noop) {
    if (slot.from !== 0 || slot.to !== 0 || slot.amount !== 0n || slot.fee !== 0n) invalidArgument(field, 'is a no-op, so from, to, amount and fee must all be 0');
    return;
  }
  if (slot.kind !== SLOT_KINDS.transfer) invalidArgument(`${field}.kind`, `must be 0 (no-op) or 1 (transfer), got ${String(slot.kind)}`, slot.kind);
  assertIndex(slot.from, depth, `${field}.from`);
  assertIndex(slot.to, depth, `${field}.to`);
}

/** Throws `INVALID_ARGUMENT` unless queue entry `q` is empty `(0, 0)` or a credit to a non-zero address of an amount below 2^64. */
function assertQueueEntry(entry: PublicQueueEntry, q: number): void {
  const field = `queue[${q}]`;
  assertOwner(entry.address, `${field}.address`);
  assertValue(entry.amount, `${field}.amount`);
  if (entry.address === 0n && entry.amount !== 0n) invalidArgument(field, 'is empty (address 0), so its amount must be 0 too', entry.amount);
}

/** Throws `INVALID_ARGUMENT` unless withdrawal entry `w` is a well-formed empty entry or withdrawal at `depth`. */
function assertWithdrawalEntry(entry: PublicWithdrawal, w: number, depth: number): void {
  const field = `withdrawals[${w}]`;
  if (entry.kind === WITHDRAWAL_KINDS.empty) {
    if (entry.from !== 0 || entry.amount !== 0n || entry.fee !== 0n || entry.address !== 0n) invalidArgument(field, 'is empty, so from, amount, fee and address must all be 0');
    return;
  }
  if (entry.kind !== WITHDRAWAL_KINDS.withdrawal) invalidArgument(`${field}.kind`, `must be 0 (empty) or 2 (withdrawal), got ${String(entry.kind)}`, entry.kind);
  assertIndex(entry.from, depth, `${field}.from`);
  assertL1Address(entry.address, `${field}.address`);
}

/**
 * Encodes batch data to `H + 28·Q + S·N + V·W` bytes (docs/protocol.md §7), amounts and fees of
 * slots and withdrawals in their canonical float words. Fields are checked (`INVALID_ARGUMENT`
 * naming them, e.g. `withdrawals[0].address`; an amount or fee with no encoding is
 * `AMOUNT_NOT_REPRESENTABLE` / `FEE_NOT_REPRESENTABLE`).
 */
export function encodeBatchData(data: BatchData): Uint8Array {
  const { depth } = data;
  const width = indexBytes(depth);
  assertFieldElement(data.oldStateHash, 'oldStateHash');
  assertInteger(data.batchNumber, 'batchNumber', 1, BATCH_NUMBER_LIMIT - 1);
  assertIndex(data.feeRecipient, depth, 'feeRecipient');
  const layout = { depth, queuePositions: data.queue.length, withdrawalPositions: data.withdrawals.length };
  const bytes = new Uint8Array(batchDataLength(layout, data.slots.length));
  writeUint(bytes, 0, 32, data.oldStateHash);
  writeUint(bytes, 32, 4, BigInt(data.batchNumber));
  writeUint(bytes, 36, width, BigInt(data.feeRecipient));
  const header = batchDataHeaderBytes(depth);
  data.queue.forEach((entry, q) => {
    assertQueueEntry(entry, q);
    writeUint(bytes, header + QUEUE_ENTRY_BYTES * q, 20, entry.address);
    writeUint(bytes, header + QUEUE_ENTRY_BYTES * q + 20, 8, entry.amount);
  });
  const slotsAt = header + QUEUE_ENTRY_BYTES * data.queue.length;
  const size = slotBytes(depth);
  data.slots.forEach((slot, j) => {
    assertSlot(slot, j, depth);
    if (slot.kind === SLOT_KINDS.noop) return;
    const at = slotsAt + size * j;
    writeUint(bytes, at, width, BigInt(slot.from));
    writeUint(bytes, at + width, width, BigInt(slot.to));
    writeUint(bytes, at + 2 * width, 5, opWordOf(slot.kind, slot.amount));
    bytes[at + 2 * width + 5] = encodeFee(slot.fee);
  });
  const withdrawalsAt = slotsAt + size * data.slots.length;
  data.withdrawals.forEach((entry, w) => {
    assertWithdrawalEntry(entry, w, depth);
    if (entry.kind === WITHDRAWAL_KINDS.empty) return;
    const at = withdrawalsAt + withdrawalEntryBytes(depth) * w;
    writeUint(bytes, at, width, BigInt(entry.from));
    writeUint(bytes, at + width, 5, opWordOf(entry.kind, entry.amount));
    bytes[at + width + 5] = encodeFee(entry.fee);
    writeUint(bytes, at + width + 6, 20, entry.address);
  });
  return bytes;
}

function invalidData(field: string, problem: string, value?: unknown): never {
  throw stateError('INVALID_BATCH_DATA', `batch data ${field} ${problem}; take the batch data from \`zkr batch build\` or the submitting transaction`, {
    details: { field, value },
  });
}

/** The kind and amount of a 5-byte op word at `at` (`INVALID_BATCH_DATA` naming `field.amount` for a value `>= 2^64`). */
function readOpWord(bytes: Uint8Array, at: number, field: string): { kind: number; amountWord: bigint; amount: () => bigint } {
  const opWord = readUint(bytes, at, 5);
  const amountWord = opWord % AMOUNT_WORD_LIMIT;
  const amount = (): bigint => {
    try {
      return decodeAmount(amountWord);
    } catch {
      return invalidData(`${field}.amount`, `word ${amountWord} decodes to a value not below 2^64`, amountWord);
    }
  };
  return { kind: Number(opWord / AMOUNT_WORD_LIMIT), amountWord, amount };
}

/** Decodes queue entry `q` at byte `at`: an entry with address 0 must be all zeros. */
function decodeQueueEntry(bytes: Uint8Array, at: number, q: number): PublicQueueEntry {
  const address = readUint(bytes, at, 20);
  const amount = readUint(bytes, at + 20, 8);
  if (address === 0n) {
    if (amount !== 0n) invalidData(`queue[${q}]`, `(at byte ${at}) is empty (address 0) but credits ${amount}; an empty queue position is all zeros`, amount);
    return EMPTY_QUEUE_ENTRY;
  }
  return { address, amount };
}

/** Decodes slot `j` at byte `at`: kind 0 must be all zeros, kinds 2 and 3 are refused, indices must be below `2^depth`. */
function decodeSlot(bytes: Uint8Array, at: number, j: number, depth: number): PublicSlot {
  const width = indexBytes(depth);
  const field = `slots[${j}]`;
  const from = Number(readUint(bytes, at, width));
  const to = Number(readUint(bytes, at + width, width));
  const { kind, amountWord, amount } = readOpWord(bytes, at + 2 * width, field);
  const feeByte = bytes[at + 2 * width + 5];
  if (kind === SLOT_KINDS.noop) {
    if (from !== 0 || to !== 0 || amountWord !== 0n || feeByte !== 0) invalidData(field, `(at byte ${at}) is a no-op (kind 0) with non-zero fields; a no-op slot is all zeros`);
    return NOOP_SLOT;
  }
  if (kind !== SLOT_KINDS.transfer) invalidData(`${field}.kind`, `(at byte ${at}) is ${kind}, which is invalid in a slot (0 no-op, 1 transfer; 2 is the withdrawal kind, 3 reserved)`, kind);
  if (!isIndex(from, depth)) invalidData(`${field}.from`, `is ${from}, not below 2^${depth}`, from);
  if (!isIndex(to, depth)) invalidData(`${field}.to`, `is ${to}, not below 2^${depth}`, to);
  return { kind, from, to, amount: amount(), fee: decodeFee(feeByte) };
}

/** Decodes withdrawal entry `w` at byte `at`: kind 0 must be all zeros, kinds 1 and 3 are refused, a withdrawal needs a non-zero address. */
function decodeWithdrawal(bytes: Uint8Array, at: number, w: number, depth: number): PublicWithdrawal {
  const width = indexBytes(depth);
  const field = `withdrawals[${w}]`;
  const from = Number(readUint(bytes, at, width));
  const { kind, amountWord, amount } = readOpWord(bytes, at + width, field);
  const feeByte = bytes[at + width + 5];
  const address = readUint(bytes, at + width + 6, 20);
  if (kind === WITHDRAWAL_KINDS.empty) {
    if (from !== 0 || amountWord !== 0n || feeByte !== 0 || address !== 0n) invalidData(field, `(at byte ${at}) is empty (kind 0) with non-zero fields; an empty withdrawal position is all zeros`);
    return EMPTY_WITHDRAWAL;
  }
  if (kind !== WITHDRAWAL_KINDS.withdrawal) invalidData(`${field}.kind`, `(at byte ${at}) is ${kind}, which is invalid in a withdrawal position (0 empty, 2 withdrawal)`, kind);
  if (!isIndex(from, depth)) invalidData(`${field}.from`, `is ${from}, not below 2^${depth}`, from);
  if (address === 0n) invalidData(`${field}.address`, 'is 0; a withdrawal credits a non-zero L1 address', address);
  return { kind, from, amount: amount(), fee: decodeFee(feeByte), address };
}

/**
 * Decodes batch data of the rollup `layout` (depth, `Q`, `W`); throws `INVALID_BATCH_DATA` naming
 * the field on a length that is not `H + 28·Q + S·N + V·W` (`N >= 1`), an `oldStateHash >= r`, a
 * batch number 0, a fee recipient or index `>= 2^depth`, a slot of kind 2 or 3, a withdrawal of
 * kind 1 or 3, an empty entry (or no-op) with a non-zero byte, a withdrawal to address 0, or an
 * amount `>= 2^64` (docs/protocol.md §7). Any amount or fee word that decodes is accepted
 * (non-canonical ones too, as the circuit does). `INVALID_ARGUMENT` for a bad layout.
 */
export function decodeBatchData(bytes: Uint8Array, layout: BatchDataLayout): BatchData {
  assertLayout(layout);
  const { depth, queuePositions, withdrawalPositions } = layout;
  const size = slotBytes(depth);
  const header = batchDataHeaderBytes(depth);
  const fixed = header + QUEUE_ENTRY_BYTES * queuePositions + withdrawalEntryBytes(depth) * withdrawalPositions;
  const body = bytes.length - fixed;
  if (body < size || body % size !== 0) {
    invalidData(
      'length',
      `must be ${header} + 28·${queuePositions} + ${size}·N + ${withdrawalEntryBytes(depth)}·${withdrawalPositions} bytes with N >= 1 at depth ${depth}, got ${bytes.length} bytes`,
      bytes.length,
    );
  }
  const oldStateHash = readUint(bytes, 0, 32);
  if (oldStateHash >= FIELD_ORDER) invalidData('oldStateHash', 'is not below r', oldStateHash);
  const batchNumber = Number(readUint(bytes, 32, 4));
  if (batchNumber === 0) invalidData('batchNumber', 'is 0; batches are numbered from 1', batchNumber);
  const feeRecipient = Number(readUint(bytes, 36, indexBytes(depth)));
  if (!isIndex(feeRecipient, depth)) invalidData('feeRecipient', `is ${feeRecipient}, not below 2^${depth}`, feeRecipient);
  const queue: PublicQueueEntry[] = [];
  for (let q = 0; q < queuePositions; q++) queue.push(decodeQueueEntry(bytes, header + QUEUE_ENTRY_BYTES * q, q));
  const slotsAt = header + QUEUE_ENTRY_BYTES * queuePositions;
  const slots: PublicSlot[] = [];
  for (let j = 0; j < body / size; j++) slots.push(decodeSlot(bytes, slotsAt + size * j, j, depth));
  const withdrawalsAt = slotsAt + body;
  const withdrawals: PublicWithdrawal[] = [];
  for (let w = 0; w < withdrawalPositions; w++) withdrawals.push(decodeWithdrawal(bytes, withdrawalsAt + withdrawalEntryBytes(depth) * w, w, depth));
  return { oldStateHash, batchNumber, feeRecipient, depth, queue, slots, withdrawals };
}

/** The circuit's second public input: `uint256(sha256(batchData)) & (2^253 - 1)`. */
export function dataHashOf(batchData: Uint8Array): bigint {
  const digest = createHash('sha256').update(batchData).digest('hex');
  return BigInt(`0x${digest}`) & ((1n << 253n) - 1n);
}
