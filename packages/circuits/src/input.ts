/**
 * The mapping from a {@link Batch} (packages/state) to the batch circuit's input signals
 * (docs/protocol.md §9). Every value is a decimal string, as circom's witness calculator and
 * `snarkjs wtns calculate` accept them and as JSON carries them.
 */
import type { ZkrError } from '@zkr/errors';
import { circuitsError, type CircuitsErrorCode } from './errors';
import {
  assertFieldElement, assertIndex, assertInteger, assertOwner, assertValue, BATCH_NUMBER_LIMIT, encodeFee,
  isAmountRepresentable, isFeeRepresentable, opWordOf, SLOT_KINDS, type Account, type Batch, type LeafUpdate, type SiblingTriple,
} from '@zkr/state';
import { assertInstance, type CircuitInstance } from './instance';

/** A field element as a decimal string. */
export type SignalValue = string;

/** The sibling triples of one Merkle path (`D/2` levels, level 0 first). */
export type SiblingSignals = readonly (readonly SignalValue[])[];

/** The batch circuit's input signals (`circuits/batch.circom`), arrays indexed by slot. */
export interface CircuitInput {
  /** First public input: `Poseidon([domain, newRoot])`. */
  readonly newStateHash: SignalValue;
  /** Second public input: `sha256(batchData) & (2^253 - 1)`. */
  readonly dataHash: SignalValue;
  readonly domain: SignalValue;
  readonly oldRoot: SignalValue;
  readonly batchNumber: SignalValue;
  readonly feeRecipient: SignalValue;
  readonly from: readonly SignalValue[];
  readonly to: readonly SignalValue[];
  /** The slot's op word `kind·2^38 + e·2^34 + m` (docs/protocol.md §7). */
  readonly opWord: readonly SignalValue[];
  /** The slot's fee byte `16·e + m`. */
  readonly feeByte: readonly SignalValue[];
  /** The sender's nonce before the slot (the signed nonce). */
  readonly nonce: readonly SignalValue[];
  readonly sigR8x: readonly SignalValue[];
  readonly sigR8y: readonly SignalValue[];
  readonly sigS: readonly SignalValue[];
  readonly senderAx: readonly SignalValue[];
  readonly senderAy: readonly SignalValue[];
  readonly senderOwner: readonly SignalValue[];
  /** The sender's balance before the slot. */
  readonly senderBalance: readonly SignalValue[];
  readonly senderSiblings: readonly SiblingSignals[];
  readonly receiverAx: readonly SignalValue[];
  readonly receiverAy: readonly SignalValue[];
  readonly receiverOwner: readonly SignalValue[];
  /** The receiver's balance after the sender update, before the credit. */
  readonly receiverBalance: readonly SignalValue[];
  readonly receiverNonce: readonly SignalValue[];
  readonly receiverSiblings: readonly SiblingSignals[];
  readonly feeRecipientAx: SignalValue;
  readonly feeRecipientAy: SignalValue;
  readonly feeRecipientOwner: SignalValue;
  /** The fee recipient's balance after the last slot, before the credit. */
  readonly feeRecipientBalance: SignalValue;
  readonly feeRecipientNonce: SignalValue;
  readonly feeRecipientSiblings: SiblingSignals;
}

/** The names of every input signal, in declaration order (the first two are the public inputs). */
export const CIRCUIT_INPUT_SIGNALS: readonly (keyof CircuitInput)[] = Object.freeze([
  'newStateHash', 'dataHash', 'domain', 'oldRoot', 'batchNumber', 'feeRecipient',
  'from', 'to', 'opWord', 'feeByte', 'nonce', 'sigR8x', 'sigR8y', 'sigS',
  'senderAx', 'senderAy', 'senderOwner', 'senderBalance', 'senderSiblings',
  'receiverAx', 'receiverAy', 'receiverOwner', 'receiverBalance', 'receiverNonce', 'receiverSiblings',
  'feeRecipientAx', 'feeRecipientAy', 'feeRecipientOwner', 'feeRecipientBalance', 'feeRecipientNonce', 'feeRecipientSiblings',
] as const);

type SiblingName = 'senderSiblings' | 'receiverSiblings';
type ScalarName = Exclude<keyof SlotValues, SiblingName>;

interface SlotValues {
  from: bigint; to: bigint; opWord: bigint; feeByte: bigint; nonce: bigint;
  sigR8x: bigint; sigR8y: bigint; sigS: bigint;
  senderAx: bigint; senderAy: bigint; senderOwner: bigint; senderBalance: bigint; senderSiblings: readonly SiblingTriple[] | undefined;
  receiverAx: bigint; receiverAy: bigint; receiverOwner: bigint; receiverBalance: bigint; receiverNonce: bigint;
  receiverSiblings: readonly SiblingTriple[] | undefined;
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
  assertOwner(account.owner, `batch.${field}.owner`);
}

function checkUpdate(update: LeafUpdate, index: number, depth: number, field: string): void {
  if (update?.index !== index) throw mismatch(`${field}.index`, `must be ${index}`, update?.index);
  checkAccount(update.before, `${field}.before`);
  const levels = depth / 2;
  if (!Array.isArray(update.siblings) || update.siblings.length !== levels) {
    throw mismatch(`${field}.siblings`, `must hold depth / 2 = ${levels} sibling triples`, update.siblings?.length);
  }
  update.siblings.forEach((triple, k) => {
    if (!Array.isArray(triple) || triple.length !== 3) throw mismatch(`${field}.siblings[${k}]`, 'must hold 3 siblings', triple);
    triple.forEach((s, i) => assertFieldElement(s, `batch.${field}.siblings[${k}][${i}]`));
  });
}

/** §9: a no-op slot's public fields and private witness are all zeros. */
const NOOP: SlotValues = {
  from: 0n, to: 0n, opWord: 0n, feeByte: 0n, nonce: 0n, sigR8x: 0n, sigR8y: 0n, sigS: 0n,
  senderAx: 0n, senderAy: 0n, senderOwner: 0n, senderBalance: 0n, senderSiblings: undefined,
  receiverAx: 0n, receiverAy: 0n, receiverOwner: 0n, receiverBalance: 0n, receiverNonce: 0n, receiverSiblings: undefined,
};

function slotValues(batch: Batch, j: number): SlotValues {
  const slot = batch.slots[j];
  const field = `slots[${j}]`;
  if (slot?.kind === 'noop') return NOOP;
  if (slot?.kind !== 'transfer') {
    throw mismatch(`${field}.kind`, 'must be "transfer" or "noop"', (slot as { kind?: unknown } | undefined)?.kind);
  }
  const { transfer, sender, receiver } = slot;
  assertIndex(transfer?.from, batch.depth, `batch.${field}.transfer.from`);
  assertIndex(transfer.to, batch.depth, `batch.${field}.transfer.to`);
  assertValue(transfer.amount, `batch.${field}.transfer.amount`);
  assertValue(transfer.fee, `batch.${field}.transfer.fee`);
  assertValue(transfer.nonce, `batch.${field}.transfer.nonce`);
  if (!isAmountRepresentable(transfer.amount)) {
    throw mismatch(`${field}.transfer.amount`, 'has no amount encoding (m·10^e with m < 2^34, e < 16)', transfer.amount);
  }
  if (!isFeeRepresentable(transfer.fee)) {
    throw mismatch(`${field}.transfer.fee`, 'has no fee encoding (m·10^e with m, e < 16)', transfer.fee);
  }
  for (const part of ['R8x', 'R8y', 'S'] as const) {
    assertFieldElement(transfer.signature?.[part], `batch.${field}.transfer.signature.${part}`);
  }
  checkUpdate(sender, transfer.from, batch.depth, `${field}.sender`);
  checkUpdate(receiver, transfer.to, batch.depth, `${field}.receiver`);
  if (sender.before.nonce !== transfer.nonce) {
    throw mismatch(`${field}.sender.before.nonce`, `must equal the transfer nonce ${transfer.nonce}`, sender.before.nonce);
  }
  return {
    from: BigInt(transfer.from), to: BigInt(transfer.to),
    // The canonical words the builder writes into the batch data (§1.1, §7).
    opWord: opWordOf(SLOT_KINDS.transfer, transfer.amount),
    feeByte: BigInt(encodeFee(transfer.fee)),
    nonce: transfer.nonce,
    sigR8x: transfer.signature.R8x, sigR8y: transfer.signature.R8y, sigS: transfer.signature.S,
    senderAx: sender.before.publicKey[0], senderAy: sender.before.publicKey[1], senderOwner: sender.before.owner,
    senderBalance: sender.before.balance, senderSiblings: sender.siblings,
    receiverAx: receiver.before.publicKey[0], receiverAy: receiver.before.publicKey[1], receiverOwner: receiver.before.owner,
    receiverBalance: receiver.before.balance, receiverNonce: receiver.before.nonce, receiverSiblings: receiver.siblings,
  };
}

const dec = (value: bigint): SignalValue => value.toString(10);
const triples = (siblings: readonly SiblingTriple[]): SignalValue[][] => siblings.map((triple) => triple.map(dec));

/**
 * Maps `batch` to the circuit's input signals. When `instance` is given, the batch must be of
 * that depth and size (`INSTANCE_MISMATCH`); malformed batches throw `INVALID_BATCH` or
 * `INVALID_ARGUMENT` naming the field. No-op slots map to all-zero witnesses (protocol §9).
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
  for (const name of ['domain', 'oldRoot', 'newStateHash', 'dataHash'] as const) assertFieldElement(batch[name], `batch.${name}`);
  assertInteger(batch.batchNumber, 'batch.batchNumber', 1, BATCH_NUMBER_LIMIT - 1);
  assertIndex(batch.feeRecipient, depth, 'batch.feeRecipient');
  checkUpdate(batch.feeCredit, batch.feeRecipient, depth, 'feeCredit');
  const slots = batch.slots.map((_, j) => slotValues(batch, j));
  const zeros: SignalValue[][] = Array.from({ length: depth / 2 }, () => ['0', '0', '0']);
  const column = (name: ScalarName): SignalValue[] => slots.map((s) => dec(s[name]));
  const siblings = (name: SiblingName): SignalValue[][][] => slots.map((s) => {
    const path = s[name];
    return path === undefined ? zeros : triples(path);
  });
  const recipient = batch.feeCredit.before;
  return {
    newStateHash: dec(batch.newStateHash),
    dataHash: dec(batch.dataHash),
    domain: dec(batch.domain),
    oldRoot: dec(batch.oldRoot),
    batchNumber: dec(BigInt(batch.batchNumber)),
    feeRecipient: dec(BigInt(batch.feeRecipient)),
    from: column('from'),
    to: column('to'),
    opWord: column('opWord'),
    feeByte: column('feeByte'),
    nonce: column('nonce'),
    sigR8x: column('sigR8x'),
    sigR8y: column('sigR8y'),
    sigS: column('sigS'),
    senderAx: column('senderAx'),
    senderAy: column('senderAy'),
    senderOwner: column('senderOwner'),
    senderBalance: column('senderBalance'),
    senderSiblings: siblings('senderSiblings'),
    receiverAx: column('receiverAx'),
    receiverAy: column('receiverAy'),
    receiverOwner: column('receiverOwner'),
    receiverBalance: column('receiverBalance'),
    receiverNonce: column('receiverNonce'),
    receiverSiblings: siblings('receiverSiblings'),
    feeRecipientAx: dec(recipient.publicKey[0]),
    feeRecipientAy: dec(recipient.publicKey[1]),
    feeRecipientOwner: dec(recipient.owner),
    feeRecipientBalance: dec(recipient.balance),
    feeRecipientNonce: dec(recipient.nonce),
    feeRecipientSiblings: triples(batch.feeCredit.siblings),
  };
}
