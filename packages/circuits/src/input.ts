/**
 * The mapping from a {@link Batch} (packages/state) to the batch circuit's input signals.
 * Every value is a decimal string, as circom's witness calculator and `snarkjs wtns calculate`
 * accept them and as JSON carries them.
 */
import type { ZkrError } from '@zkr/errors';
import { circuitsError, type CircuitsErrorCode } from './errors';
import { assertFieldElement, assertIndex, assertValue, type Account, type Batch, type LeafUpdate } from '@zkr/state';
import { assertInstance, type CircuitInstance } from './instance';

/** A field element as a decimal string. */
export type SignalValue = string;

/** The batch circuit's input signals (`circuits/batch.circom`), arrays indexed by slot. */
export interface CircuitInput {
  /** The single public input: `sha256(publicData) & (2^253 - 1)`. */
  readonly publicInput: SignalValue;
  readonly domain: SignalValue;
  readonly oldRoot: SignalValue;
  readonly newRoot: SignalValue;
  readonly feeRecipient: SignalValue;
  readonly from: readonly SignalValue[];
  readonly to: readonly SignalValue[];
  readonly amount: readonly SignalValue[];
  readonly fee: readonly SignalValue[];
  /** The sender's nonce before the slot (the signed nonce). */
  readonly nonce: readonly SignalValue[];
  readonly sigR8x: readonly SignalValue[];
  readonly sigR8y: readonly SignalValue[];
  readonly sigS: readonly SignalValue[];
  readonly senderAx: readonly SignalValue[];
  readonly senderAy: readonly SignalValue[];
  /** The sender's balance before the slot. */
  readonly senderBalance: readonly SignalValue[];
  readonly senderSiblings: readonly (readonly SignalValue[])[];
  readonly receiverAx: readonly SignalValue[];
  readonly receiverAy: readonly SignalValue[];
  /** The receiver's balance after the sender update, before the credit. */
  readonly receiverBalance: readonly SignalValue[];
  readonly receiverNonce: readonly SignalValue[];
  readonly receiverSiblings: readonly (readonly SignalValue[])[];
  readonly feeRecipientAx: SignalValue;
  readonly feeRecipientAy: SignalValue;
  /** The fee recipient's balance after the last slot, before the credit. */
  readonly feeRecipientBalance: SignalValue;
  readonly feeRecipientNonce: SignalValue;
  readonly feeRecipientSiblings: readonly SignalValue[];
}

/** The names of every input signal, in declaration order. */
export const CIRCUIT_INPUT_SIGNALS: readonly (keyof CircuitInput)[] = Object.freeze([
  'publicInput', 'domain', 'oldRoot', 'newRoot', 'feeRecipient',
  'from', 'to', 'amount', 'fee', 'nonce', 'sigR8x', 'sigR8y', 'sigS',
  'senderAx', 'senderAy', 'senderBalance', 'senderSiblings',
  'receiverAx', 'receiverAy', 'receiverBalance', 'receiverNonce', 'receiverSiblings',
  'feeRecipientAx', 'feeRecipientAy', 'feeRecipientBalance', 'feeRecipientNonce', 'feeRecipientSiblings',
] as const);

interface SlotValues {
  from: bigint; to: bigint; amount: bigint; fee: bigint; nonce: bigint;
  sigR8x: bigint; sigR8y: bigint; sigS: bigint;
  senderAx: bigint; senderAy: bigint; senderBalance: bigint; senderSiblings: readonly bigint[];
  receiverAx: bigint; receiverAy: bigint; receiverBalance: bigint; receiverNonce: bigint; receiverSiblings: readonly bigint[];
}

function mismatch(field: string, message: string, value: unknown): ZkrError<CircuitsErrorCode> {
  return circuitsError('INVALID_BATCH', `batch.${field} ${message}; rebuild the batch with @zkr/state's buildBatch`, {
    details: { field: `batch.${field}`, value },
  });
}

function checkAccount(account: Account, field: string): void {
  assertFieldElement(account?.publicKey?.[0], `batch.${field}.publicKey[0]`);
  assertFieldElement(account.publicKey[1], `batch.${field}.publicKey[1]`);
  assertValue(account.balance, `batch.${field}.balance`);
  assertValue(account.nonce, `batch.${field}.nonce`);
}

function checkUpdate(update: LeafUpdate, index: number, depth: number, field: string): void {
  if (update?.index !== index) throw mismatch(`${field}.index`, `must be ${index}`, update?.index);
  checkAccount(update.before, `${field}.before`);
  if (!Array.isArray(update.siblings) || update.siblings.length !== depth) {
    throw mismatch(`${field}.siblings`, `must hold depth = ${depth} siblings`, update.siblings?.length);
  }
  update.siblings.forEach((s, k) => assertFieldElement(s, `batch.${field}.siblings[${k}]`));
}

const NOOP: SlotValues = {
  from: 0n, to: 0n, amount: 0n, fee: 0n, nonce: 0n, sigR8x: 0n, sigR8y: 0n, sigS: 0n,
  senderAx: 0n, senderAy: 0n, senderBalance: 0n, senderSiblings: [],
  receiverAx: 0n, receiverAy: 0n, receiverBalance: 0n, receiverNonce: 0n, receiverSiblings: [],
};

function slotValues(batch: Batch, j: number): SlotValues {
  const slot = batch.slots[j];
  const field = `slots[${j}]`;
  if (slot?.kind === 'noop') return NOOP;
  if (slot?.kind !== 'transfer') {
    throw mismatch(`${field}.kind`, 'must be "transfer" or "noop"', (slot as { kind?: unknown } | undefined)?.kind);
  }
  const { transfer, sender, receiver } = slot;
  assertIndex(transfer.from, batch.depth, `batch.${field}.transfer.from`);
  assertIndex(transfer.to, batch.depth, `batch.${field}.transfer.to`);
  assertValue(transfer.amount, `batch.${field}.transfer.amount`);
  assertValue(transfer.fee, `batch.${field}.transfer.fee`);
  assertValue(transfer.nonce, `batch.${field}.transfer.nonce`);
  for (const part of ['R8x', 'R8y', 'S'] as const) {
    assertFieldElement(transfer.signature?.[part], `batch.${field}.transfer.signature.${part}`);
  }
  checkUpdate(sender, transfer.from, batch.depth, `${field}.sender`);
  checkUpdate(receiver, transfer.to, batch.depth, `${field}.receiver`);
  if (sender.before.nonce !== transfer.nonce) {
    throw mismatch(`${field}.sender.before.nonce`, `must equal the transfer nonce ${transfer.nonce}`, sender.before.nonce);
  }
  return {
    from: BigInt(transfer.from), to: BigInt(transfer.to), amount: transfer.amount, fee: transfer.fee, nonce: transfer.nonce,
    sigR8x: transfer.signature.R8x, sigR8y: transfer.signature.R8y, sigS: transfer.signature.S,
    senderAx: sender.before.publicKey[0], senderAy: sender.before.publicKey[1], senderBalance: sender.before.balance,
    senderSiblings: sender.siblings,
    receiverAx: receiver.before.publicKey[0], receiverAy: receiver.before.publicKey[1],
    receiverBalance: receiver.before.balance, receiverNonce: receiver.before.nonce, receiverSiblings: receiver.siblings,
  };
}

const dec = (value: bigint): SignalValue => value.toString(10);

/**
 * Maps `batch` to the circuit's input signals. When `instance` is given, the batch must be of
 * that depth and size (`INSTANCE_MISMATCH`); malformed batches throw `INVALID_BATCH` or
 * `INVALID_ARGUMENT` naming the field. No-op slots map to all-zero witnesses (protocol §8).
 */
export function batchToCircuitInput(batch: Batch, instance?: CircuitInstance): CircuitInput {
  assertInstance({ depth: batch?.depth, batchSize: batch?.batchSize });
  if (instance !== undefined) {
    assertInstance(instance);
    if (batch.depth !== instance.depth || batch.batchSize !== instance.batchSize) {
      throw circuitsError(
        'INSTANCE_MISMATCH',
        `batch has depth ${batch.depth} and size ${batch.batchSize} but the circuit is depth ${instance.depth}, size ${instance.batchSize}; build the batch for this circuit or compile the circuit with --depth ${batch.depth} --batch-size ${batch.batchSize}`,
        { details: { batch: { depth: batch.depth, batchSize: batch.batchSize }, instance } },
      );
    }
  }
  const { depth, batchSize } = batch;
  if (!Array.isArray(batch.slots) || batch.slots.length !== batchSize) {
    throw mismatch('slots', `must hold batchSize = ${batchSize} slots`, batch.slots?.length);
  }
  for (const name of ['domain', 'oldRoot', 'newRoot', 'publicInput'] as const) assertFieldElement(batch[name], `batch.${name}`);
  assertIndex(batch.feeRecipient, depth, 'batch.feeRecipient');
  checkUpdate(batch.feeCredit, batch.feeRecipient, depth, 'feeCredit');
  const slots = batch.slots.map((_, j) => slotValues(batch, j));
  const zeros = new Array<bigint>(depth).fill(0n);
  const column = (name: Exclude<keyof SlotValues, 'senderSiblings' | 'receiverSiblings'>): SignalValue[] => slots.map((s) => dec(s[name]));
  const siblings = (name: 'senderSiblings' | 'receiverSiblings'): SignalValue[][] =>
    slots.map((s) => (s[name].length === 0 ? zeros : s[name]).map(dec));
  const fee = batch.feeCredit.before;
  return {
    publicInput: dec(batch.publicInput),
    domain: dec(batch.domain),
    oldRoot: dec(batch.oldRoot),
    newRoot: dec(batch.newRoot),
    feeRecipient: dec(BigInt(batch.feeRecipient)),
    from: column('from'),
    to: column('to'),
    amount: column('amount'),
    fee: column('fee'),
    nonce: column('nonce'),
    sigR8x: column('sigR8x'),
    sigR8y: column('sigR8y'),
    sigS: column('sigS'),
    senderAx: column('senderAx'),
    senderAy: column('senderAy'),
    senderBalance: column('senderBalance'),
    senderSiblings: siblings('senderSiblings'),
    receiverAx: column('receiverAx'),
    receiverAy: column('receiverAy'),
    receiverBalance: column('receiverBalance'),
    receiverNonce: column('receiverNonce'),
    receiverSiblings: siblings('receiverSiblings'),
    feeRecipientAx: dec(fee.publicKey[0]),
    feeRecipientAy: dec(fee.publicKey[1]),
    feeRecipientBalance: dec(fee.balance),
    feeRecipientNonce: dec(fee.nonce),
    feeRecipientSiblings: batch.feeCredit.siblings.map(dec),
  };
}
