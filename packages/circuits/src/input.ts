/**
 * The mapping from a {@link Batch} (packages/state) to the batch circuit's input signals
 * (docs/protocol.md §9). Every value is a decimal string, as circom's witness calculator and
 * `snarkjs wtns calculate` accept them and as JSON carries them.
 */
import type { ZkrError } from '@zkr/errors';
import { circuitsError, type CircuitsErrorCode } from './errors';
import {
  assertFieldElement, assertIndex, assertInteger, assertOwner, assertValue, BATCH_NUMBER_LIMIT, encodeFee,
  isAmountRepresentable, isFeeRepresentable, opWordOf, queueWordOf, SLOT_KINDS, WITHDRAWAL_KINDS, type Account, type Batch, type LeafUpdate, type SiblingTriple,
} from '@zkr/state';
import { resolveInstance, type CircuitInstanceParams } from './instance';

/** A field element as a decimal string. */
export type SignalValue = string;

/** The sibling triples of one Merkle path (`D/2` levels, level 0 first). */
export type SiblingSignals = readonly (readonly SignalValue[])[];

/**
 * The batch circuit's input signals (`circuits/batch.circom`): the header, then arrays indexed by
 * queue position (`queue*`), by slot, and by withdrawal position (`withdrawal*`). An empty
 * position's or a no-op slot's signals are all 0 (docs/protocol.md §9).
 */
export interface CircuitInput {
  /** First public input: `Poseidon([domain, newRoot])`. */
  readonly newStateHash: SignalValue;
  /** Second public input: `sha256(batchData) & (2^253 - 1)`. */
  readonly dataHash: SignalValue;
  /** Third public input: the queue hash after the operations consumed before this batch (docs/protocol.md §12). */
  readonly oldQueueHash: SignalValue;
  /** Fourth public input: the queue hash after this batch's operations. */
  readonly newQueueHash: SignalValue;
  readonly domain: SignalValue;
  readonly oldRoot: SignalValue;
  readonly batchNumber: SignalValue;
  readonly feeRecipient: SignalValue;
  /** The operation word `kind + 4·index + 2^34·amountWord + 2^72·address` (docs/protocol.md §12.1); 0 at an empty position. */
  readonly queueWord: readonly SignalValue[];
  /** The operation's key (kind 1; `0` for kinds 2 and 3), hashed into the queue hash. */
  readonly queueAx: readonly SignalValue[];
  readonly queueAy: readonly SignalValue[];
  /** `1` when the leaf at the operation's index holds an account before the position, `0` when it is empty. */
  readonly queueExists: readonly SignalValue[];
  /** That account's key, balance, nonce and owner (all 0 when the leaf is empty). */
  readonly queueLeafAx: readonly SignalValue[];
  readonly queueLeafAy: readonly SignalValue[];
  readonly queueBalance: readonly SignalValue[];
  readonly queueNonce: readonly SignalValue[];
  readonly queueOwner: readonly SignalValue[];
  readonly queueSiblings: readonly SiblingSignals[];
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
  readonly withdrawalFrom: readonly SignalValue[];
  /** The entry's op word `2·2^38 + e·2^34 + m` (docs/protocol.md §7); 0 at an empty position. */
  readonly withdrawalOpWord: readonly SignalValue[];
  readonly withdrawalFeeByte: readonly SignalValue[];
  /** The L1 address credited. */
  readonly withdrawalAddress: readonly SignalValue[];
  /** The account's nonce before the position (the signed nonce). */
  readonly withdrawalNonce: readonly SignalValue[];
  readonly withdrawalSigR8x: readonly SignalValue[];
  readonly withdrawalSigR8y: readonly SignalValue[];
  readonly withdrawalSigS: readonly SignalValue[];
  readonly withdrawalAx: readonly SignalValue[];
  readonly withdrawalAy: readonly SignalValue[];
  readonly withdrawalOwner: readonly SignalValue[];
  /** The account's balance before the position. */
  readonly withdrawalBalance: readonly SignalValue[];
  readonly withdrawalSiblings: readonly SiblingSignals[];
  readonly feeRecipientAx: SignalValue;
  readonly feeRecipientAy: SignalValue;
  readonly feeRecipientOwner: SignalValue;
  /** The fee recipient's balance after the last withdrawal position, before the credit. */
  readonly feeRecipientBalance: SignalValue;
  readonly feeRecipientNonce: SignalValue;
  readonly feeRecipientSiblings: SiblingSignals;
}

/** The names of every input signal, in declaration order (the first four are the public inputs). */
export const CIRCUIT_INPUT_SIGNALS: readonly (keyof CircuitInput)[] = Object.freeze([
  'newStateHash', 'dataHash', 'oldQueueHash', 'newQueueHash', 'domain', 'oldRoot', 'batchNumber', 'feeRecipient',
  'queueWord', 'queueAx', 'queueAy', 'queueExists', 'queueLeafAx', 'queueLeafAy', 'queueBalance', 'queueNonce', 'queueOwner', 'queueSiblings',
  'from', 'to', 'opWord', 'feeByte', 'nonce', 'sigR8x', 'sigR8y', 'sigS',
  'senderAx', 'senderAy', 'senderOwner', 'senderBalance', 'senderSiblings',
  'receiverAx', 'receiverAy', 'receiverOwner', 'receiverBalance', 'receiverNonce', 'receiverSiblings',
  'withdrawalFrom', 'withdrawalOpWord', 'withdrawalFeeByte', 'withdrawalAddress', 'withdrawalNonce',
  'withdrawalSigR8x', 'withdrawalSigR8y', 'withdrawalSigS', 'withdrawalAx', 'withdrawalAy', 'withdrawalOwner', 'withdrawalBalance', 'withdrawalSiblings',
  'feeRecipientAx', 'feeRecipientAy', 'feeRecipientOwner', 'feeRecipientBalance', 'feeRecipientNonce', 'feeRecipientSiblings',
] as const);

/** One position's values: scalars by signal name, and at most one sibling path (undefined: all zeros). */
interface PositionValues<Name extends string> {
  readonly scalars: Readonly<Record<Name, bigint>>;
  readonly siblings: readonly SiblingTriple[] | undefined;
  readonly receiverSiblings?: readonly SiblingTriple[] | undefined;
}

type SlotScalar = 'from' | 'to' | 'opWord' | 'feeByte' | 'nonce' | 'sigR8x' | 'sigR8y' | 'sigS' | 'senderAx' | 'senderAy' | 'senderOwner'
  | 'senderBalance' | 'receiverAx' | 'receiverAy' | 'receiverOwner' | 'receiverBalance' | 'receiverNonce';
type QueueScalar = 'queueWord' | 'queueAx' | 'queueAy' | 'queueExists' | 'queueLeafAx' | 'queueLeafAy' | 'queueBalance' | 'queueNonce' | 'queueOwner';
type WithdrawalScalar = 'withdrawalFrom' | 'withdrawalOpWord' | 'withdrawalFeeByte' | 'withdrawalAddress' | 'withdrawalNonce' | 'withdrawalSigR8x'
  | 'withdrawalSigR8y' | 'withdrawalSigS' | 'withdrawalAx' | 'withdrawalAy' | 'withdrawalOwner' | 'withdrawalBalance';

const SLOT_SCALARS: readonly SlotScalar[] = ['from', 'to', 'opWord', 'feeByte', 'nonce', 'sigR8x', 'sigR8y', 'sigS', 'senderAx', 'senderAy',
  'senderOwner', 'senderBalance', 'receiverAx', 'receiverAy', 'receiverOwner', 'receiverBalance', 'receiverNonce'];
const QUEUE_SCALARS: readonly QueueScalar[] = ['queueWord', 'queueAx', 'queueAy', 'queueExists', 'queueLeafAx', 'queueLeafAy', 'queueBalance',
  'queueNonce', 'queueOwner'];
const WITHDRAWAL_SCALARS: readonly WithdrawalScalar[] = ['withdrawalFrom', 'withdrawalOpWord', 'withdrawalFeeByte', 'withdrawalAddress',
  'withdrawalNonce', 'withdrawalSigR8x', 'withdrawalSigR8y', 'withdrawalSigS', 'withdrawalAx', 'withdrawalAy', 'withdrawalOwner', 'withdrawalBalance'];

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

function checkSiblings(siblings: readonly SiblingTriple[], depth: number, field: string): void {
  const levels = depth / 2;
  if (!Array.isArray(siblings) || siblings.length !== levels) {
    throw mismatch(`${field}.siblings`, `must hold depth / 2 = ${levels} sibling triples`, siblings?.length);
  }
  siblings.forEach((triple, k) => {
    if (!Array.isArray(triple) || triple.length !== 3) throw mismatch(`${field}.siblings[${k}]`, 'must hold 3 siblings', triple);
    triple.forEach((s, i) => assertFieldElement(s, `batch.${field}.siblings[${k}][${i}]`));
  });
}

function checkUpdate(update: LeafUpdate, index: number, depth: number, field: string): void {
  if (update?.index !== index) throw mismatch(`${field}.index`, `must be ${index}`, update?.index);
  checkAccount(update.before, `${field}.before`);
  checkSiblings(update.siblings, depth, field);
}

function checkFloats(amount: bigint, fee: bigint, field: string): void {
  assertValue(amount, `batch.${field}.amount`);
  assertValue(fee, `batch.${field}.fee`);
  if (!isAmountRepresentable(amount)) throw mismatch(`${field}.amount`, 'has no amount encoding (m·10^e with m < 2^34, e < 16)', amount);
  if (!isFeeRepresentable(fee)) throw mismatch(`${field}.fee`, 'has no fee encoding (m·10^e with m, e < 16)', fee);
}

function checkSignature(signature: { readonly R8x: bigint; readonly R8y: bigint; readonly S: bigint } | undefined, field: string): void {
  for (const part of ['R8x', 'R8y', 'S'] as const) assertFieldElement(signature?.[part], `batch.${field}.signature.${part}`);
}

function zeroScalars<Name extends string>(names: readonly Name[]): Record<Name, bigint> {
  return Object.fromEntries(names.map((name) => [name, 0n])) as Record<Name, bigint>;
}

function slotValues(batch: Batch, j: number): PositionValues<SlotScalar> {
  const slot = batch.slots[j];
  const field = `slots[${j}]`;
  // §9: a no-op slot's public fields and private witness are all zeros.
  if (slot?.kind === 'noop') return { scalars: zeroScalars(SLOT_SCALARS), siblings: undefined, receiverSiblings: undefined };
  if (slot?.kind !== 'transfer') {
    throw mismatch(`${field}.kind`, 'must be "transfer" or "noop"', (slot as { kind?: unknown } | undefined)?.kind);
  }
  const { transfer, sender, receiver } = slot;
  assertIndex(transfer?.from, batch.depth, `batch.${field}.transfer.from`);
  assertIndex(transfer.to, batch.depth, `batch.${field}.transfer.to`);
  checkFloats(transfer.amount, transfer.fee, `${field}.transfer`);
  assertValue(transfer.nonce, `batch.${field}.transfer.nonce`);
  checkSignature(transfer.signature, `${field}.transfer`);
  checkUpdate(sender, transfer.from, batch.depth, `${field}.sender`);
  checkUpdate(receiver, transfer.to, batch.depth, `${field}.receiver`);
  if (sender.before.nonce !== transfer.nonce) {
    throw mismatch(`${field}.sender.before.nonce`, `must equal the transfer nonce ${transfer.nonce}`, sender.before.nonce);
  }
  return {
    scalars: {
      from: BigInt(transfer.from), to: BigInt(transfer.to),
      // The canonical words the builder writes into the batch data (§1.1, §7).
      opWord: opWordOf(SLOT_KINDS.transfer, transfer.amount),
      feeByte: BigInt(encodeFee(transfer.fee)),
      nonce: transfer.nonce,
      sigR8x: transfer.signature.R8x, sigR8y: transfer.signature.R8y, sigS: transfer.signature.S,
      senderAx: sender.before.publicKey[0], senderAy: sender.before.publicKey[1], senderOwner: sender.before.owner,
      senderBalance: sender.before.balance,
      receiverAx: receiver.before.publicKey[0], receiverAy: receiver.before.publicKey[1], receiverOwner: receiver.before.owner,
      receiverBalance: receiver.before.balance, receiverNonce: receiver.before.nonce,
    },
    siblings: sender.siblings,
    receiverSiblings: receiver.siblings,
  };
}

function queueValues(batch: Batch, q: number, consumedSoFar: boolean): PositionValues<QueueScalar> {
  const position = batch.queue[q];
  const field = `queue[${q}]`;
  // §9: an empty position's word and witness are all zeros.
  if (position?.kind === 'empty') return { scalars: zeroScalars(QUEUE_SCALARS), siblings: undefined };
  if (position?.kind !== 'operation') {
    throw mismatch(`${field}.kind`, 'must be "operation" or "empty"', (position as { kind?: unknown } | undefined)?.kind);
  }
  // §6: the consumed operations come first, then the empty positions.
  if (!consumedSoFar) throw mismatch(`${field}.kind`, 'is an operation after an empty position; consumed operations come first', position.kind);
  const { operation, update } = position;
  if (operation?.position !== batch.queueStart + q) {
    throw mismatch(`${field}.operation.position`, `must be queueStart + ${q} = ${batch.queueStart + q}`, operation?.position);
  }
  assertIndex(operation.index, batch.depth, `batch.${field}.operation.index`);
  assertFieldElement(operation.publicKey?.[0], `batch.${field}.operation.publicKey[0]`);
  assertFieldElement(operation.publicKey[1], `batch.${field}.operation.publicKey[1]`);
  if (update?.index !== operation.index) throw mismatch(`${field}.update.index`, `must be ${operation.index}`, update?.index);
  if (update.before !== null) checkAccount(update.before, `${field}.update.before`);
  checkSiblings(update.siblings, batch.depth, `${field}.update`);
  const before = update.before;
  return {
    scalars: {
      // queueWordOf validates the kind, the amount's encoding and the address (§12.1).
      queueWord: queueWordOf(operation),
      queueAx: operation.publicKey[0], queueAy: operation.publicKey[1],
      queueExists: before === null ? 0n : 1n,
      queueLeafAx: before?.publicKey[0] ?? 0n, queueLeafAy: before?.publicKey[1] ?? 0n,
      queueBalance: before?.balance ?? 0n, queueNonce: before?.nonce ?? 0n, queueOwner: before?.owner ?? 0n,
    },
    siblings: update.siblings,
  };
}

function withdrawalValues(batch: Batch, w: number): PositionValues<WithdrawalScalar> {
  const position = batch.withdrawals[w];
  const field = `withdrawals[${w}]`;
  // §9: an empty position's entry and witness are all zeros.
  if (position?.kind === 'empty') return { scalars: zeroScalars(WITHDRAWAL_SCALARS), siblings: undefined };
  if (position?.kind !== 'withdrawal') {
    throw mismatch(`${field}.kind`, 'must be "withdrawal" or "empty"', (position as { kind?: unknown } | undefined)?.kind);
  }
  const { withdrawal, sender } = position;
  assertIndex(withdrawal?.from, batch.depth, `batch.${field}.withdrawal.from`);
  assertOwner(withdrawal.address, `batch.${field}.withdrawal.address`);
  if (withdrawal.address === 0n) throw mismatch(`${field}.withdrawal.address`, 'must not be 0 (§11 rule 4)', withdrawal.address);
  checkFloats(withdrawal.amount, withdrawal.fee, `${field}.withdrawal`);
  assertValue(withdrawal.nonce, `batch.${field}.withdrawal.nonce`);
  checkSignature(withdrawal.signature, `${field}.withdrawal`);
  checkUpdate(sender, withdrawal.from, batch.depth, `${field}.sender`);
  if (sender.before.nonce !== withdrawal.nonce) {
    throw mismatch(`${field}.sender.before.nonce`, `must equal the withdrawal nonce ${withdrawal.nonce}`, sender.before.nonce);
  }
  return {
    scalars: {
      withdrawalFrom: BigInt(withdrawal.from),
      // The canonical words the builder writes into the batch data (§1.1, §7).
      withdrawalOpWord: opWordOf(WITHDRAWAL_KINDS.withdrawal, withdrawal.amount),
      withdrawalFeeByte: BigInt(encodeFee(withdrawal.fee)),
      withdrawalAddress: withdrawal.address,
      withdrawalNonce: withdrawal.nonce,
      withdrawalSigR8x: withdrawal.signature.R8x, withdrawalSigR8y: withdrawal.signature.R8y, withdrawalSigS: withdrawal.signature.S,
      withdrawalAx: sender.before.publicKey[0], withdrawalAy: sender.before.publicKey[1],
      withdrawalOwner: sender.before.owner, withdrawalBalance: sender.before.balance,
    },
    siblings: sender.siblings,
  };
}

const dec = (value: bigint): SignalValue => value.toString(10);
const triples = (siblings: readonly SiblingTriple[]): SignalValue[][] => siblings.map((triple) => triple.map(dec));

/** The signal columns of `positions`: one array per scalar name, plus the sibling paths (zeros when undefined). */
function columns<Name extends string>(positions: readonly PositionValues<Name>[], names: readonly Name[]): Record<Name, SignalValue[]> {
  return Object.fromEntries(names.map((name) => [name, positions.map((p) => dec(p.scalars[name]))])) as Record<Name, SignalValue[]>;
}

function paths(list: readonly (readonly SiblingTriple[] | undefined)[], depth: number): SignalValue[][][] {
  const zeros: SignalValue[][] = Array.from({ length: depth / 2 }, () => ['0', '0', '0']);
  return list.map((path) => (path === undefined ? zeros : triples(path)));
}

function checkLength(list: readonly unknown[] | undefined, expected: number, field: string, what: string): void {
  if (!Array.isArray(list) || list.length !== expected) throw mismatch(field, `must hold ${what} = ${expected} entries`, list?.length);
}

/**
 * Maps `batch` to the circuit's input signals. When `instance` is given, the batch must be of
 * that depth, size and positions (`INSTANCE_MISMATCH`); malformed batches throw `INVALID_BATCH`
 * or `INVALID_ARGUMENT` naming the field. Empty positions and no-op slots map to all-zero
 * witnesses (docs/protocol.md §9).
 */
export function batchToCircuitInput(batch: Batch, instance?: CircuitInstanceParams): CircuitInput {
  const own = resolveInstance({
    depth: batch?.depth, batchSize: batch?.batchSize, queuePositions: batch?.queuePositions ?? 0, withdrawalPositions: batch?.withdrawalPositions ?? 0,
  });
  if (instance !== undefined) {
    const expected = resolveInstance(instance);
    const keys = ['depth', 'batchSize', 'queuePositions', 'withdrawalPositions'] as const;
    if (keys.some((key) => own[key] !== expected[key])) {
      throw circuitsError(
        'INSTANCE_MISMATCH',
        `batch has depth ${own.depth}, size ${own.batchSize}, ${own.queuePositions} queue and ${own.withdrawalPositions} withdrawal positions but the circuit is depth ${expected.depth}, size ${expected.batchSize}, ${expected.queuePositions} queue and ${expected.withdrawalPositions} withdrawal positions; build the batch for this circuit or compile the circuit with --depth ${own.depth} --batch-size ${own.batchSize} --queue-positions ${own.queuePositions} --withdrawal-positions ${own.withdrawalPositions}`,
        { details: { batch: own, instance: expected } },
      );
    }
  }
  const { depth, batchSize, queuePositions, withdrawalPositions } = own;
  checkLength(batch.queue, queuePositions, 'queue', 'queuePositions');
  checkLength(batch.slots, batchSize, 'slots', 'batchSize');
  checkLength(batch.withdrawals, withdrawalPositions, 'withdrawals', 'withdrawalPositions');
  for (const name of ['domain', 'oldRoot', 'newStateHash', 'dataHash', 'oldQueueHash', 'newQueueHash'] as const) assertFieldElement(batch[name], `batch.${name}`);
  assertInteger(batch.batchNumber, 'batch.batchNumber', 1, BATCH_NUMBER_LIMIT - 1);
  assertInteger(batch.queueStart, 'batch.queueStart', 0, Number.MAX_SAFE_INTEGER);
  assertIndex(batch.feeRecipient, depth, 'batch.feeRecipient');
  checkUpdate(batch.feeCredit, batch.feeRecipient, depth, 'feeCredit');

  const queue = batch.queue.map((_, q) => queueValues(batch, q, q === 0 || batch.queue[q - 1].kind === 'operation'));
  const slots = batch.slots.map((_, j) => slotValues(batch, j));
  const withdrawals = batch.withdrawals.map((_, w) => withdrawalValues(batch, w));
  const queueColumns = columns(queue, QUEUE_SCALARS);
  const slotColumns = columns(slots, SLOT_SCALARS);
  const withdrawalColumns = columns(withdrawals, WITHDRAWAL_SCALARS);
  const recipient = batch.feeCredit.before;
  return {
    newStateHash: dec(batch.newStateHash),
    dataHash: dec(batch.dataHash),
    oldQueueHash: dec(batch.oldQueueHash),
    newQueueHash: dec(batch.newQueueHash),
    domain: dec(batch.domain),
    oldRoot: dec(batch.oldRoot),
    batchNumber: dec(BigInt(batch.batchNumber)),
    feeRecipient: dec(BigInt(batch.feeRecipient)),
    ...queueColumns,
    queueSiblings: paths(queue.map((p) => p.siblings), depth),
    from: slotColumns.from,
    to: slotColumns.to,
    opWord: slotColumns.opWord,
    feeByte: slotColumns.feeByte,
    nonce: slotColumns.nonce,
    sigR8x: slotColumns.sigR8x,
    sigR8y: slotColumns.sigR8y,
    sigS: slotColumns.sigS,
    senderAx: slotColumns.senderAx,
    senderAy: slotColumns.senderAy,
    senderOwner: slotColumns.senderOwner,
    senderBalance: slotColumns.senderBalance,
    senderSiblings: paths(slots.map((s) => s.siblings), depth),
    receiverAx: slotColumns.receiverAx,
    receiverAy: slotColumns.receiverAy,
    receiverOwner: slotColumns.receiverOwner,
    receiverBalance: slotColumns.receiverBalance,
    receiverNonce: slotColumns.receiverNonce,
    receiverSiblings: paths(slots.map((s) => s.receiverSiblings), depth),
    ...withdrawalColumns,
    withdrawalSiblings: paths(withdrawals.map((w) => w.siblings), depth),
    feeRecipientAx: dec(recipient.publicKey[0]),
    feeRecipientAy: dec(recipient.publicKey[1]),
    feeRecipientOwner: dec(recipient.owner),
    feeRecipientBalance: dec(recipient.balance),
    feeRecipientNonce: dec(recipient.nonce),
    feeRecipientSiblings: triples(batch.feeCredit.siblings),
  };
}
