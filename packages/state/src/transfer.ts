/**
 * Transfer messages, signing and the validity rules of docs/protocol.md §5. The rules a withdrawal
 * shares with a transfer (§11: value ranges and encodings, signature, nonce, balance, the fee credit)
 * are the helpers here, used by both.
 */
import { assertFieldElement, assertIndex, assertValue, isIndex, isValue, VALUE_LIMIT } from './field';
import { amountEncodingProblem, assertAmountRepresentable, assertFeeRepresentable, feeEncodingProblem } from './float';
import { updateAccount, type RollupState } from './state';
import type { CryptoSuite } from './suite';
import type { Account, LeafUpdate, Signature, SignedTransfer, TransferBody } from './types';

/** Why a builder rejected a transfer (docs/protocol.md §5, checked in this order). */
export type RejectionCode =
  | 'FIELD_RANGE'
  | 'AMOUNT_NOT_REPRESENTABLE'
  | 'FEE_NOT_REPRESENTABLE'
  | 'ZERO_TRANSFER'
  | 'UNKNOWN_SENDER'
  | 'UNKNOWN_RECEIVER'
  | 'INVALID_SIGNATURE'
  | 'BAD_NONCE'
  | 'NONCE_OVERFLOW'
  | 'INSUFFICIENT_BALANCE'
  | 'RECEIVER_OVERFLOW'
  | 'FEE_OVERFLOW';

/** Every rejection code, in the order the rules are checked. */
export const REJECTION_CODES: readonly RejectionCode[] = [
  'FIELD_RANGE', 'AMOUNT_NOT_REPRESENTABLE', 'FEE_NOT_REPRESENTABLE', 'ZERO_TRANSFER', 'UNKNOWN_SENDER', 'UNKNOWN_RECEIVER', 'INVALID_SIGNATURE',
  'BAD_NONCE', 'NONCE_OVERFLOW', 'INSUFFICIENT_BALANCE', 'RECEIVER_OVERFLOW', 'FEE_OVERFLOW',
];

/** The operation kind of a transfer in its signed message and its slot (docs/protocol.md §6). */
const TRANSFER_KIND = 1n;

/** `2^34`: the second index or address is packed above `kind + 4·from` (which is below 2^34 since `from < 2^32`). */
export const ROUTE_SHIFT = 1n << 34n;

/**
 * The signed message `Poseidon([domain, 1 + 4·from + 2^34·to, amount + 2^64·fee, nonce])` (docs/protocol.md §5).
 * The packing is injective only for fields in range (`from, to < 2^32`, values `< 2^64`): check them first.
 */
export function transferMessage(suite: CryptoSuite, domain: bigint, body: TransferBody): bigint {
  assertFieldElement(domain, 'domain');
  const route = TRANSFER_KIND + 4n * BigInt(body.from) + ROUTE_SHIFT * BigInt(body.to);
  return suite.poseidon.hash([domain, route, body.amount + VALUE_LIMIT * body.fee, body.nonce]);
}

/** The value fields every signed operation carries. */
interface SignedValues {
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
}

/** Throws unless `amount`, `fee` and `nonce` are below 2^64 (`INVALID_ARGUMENT`) and amount and fee have float encodings (`AMOUNT_NOT_REPRESENTABLE` / `FEE_NOT_REPRESENTABLE`). */
export function assertSignableValues(body: SignedValues): void {
  assertValue(body.amount, 'amount');
  assertValue(body.fee, 'fee');
  assertValue(body.nonce, 'nonce');
  assertAmountRepresentable(body.amount, 'amount');
  assertFeeRepresentable(body.fee, 'fee');
}

/**
 * Signs `body` for the rollup `domain` with the sender's private key. Fields are range-checked
 * (`INVALID_ARGUMENT`, depth 32 bound) and the amount and fee must have float encodings
 * (`AMOUNT_NOT_REPRESENTABLE` / `FEE_NOT_REPRESENTABLE`, whose message and `details.below` /
 * `details.above` give the nearest representable values).
 */
export function signTransfer(suite: CryptoSuite, privateKey: Uint8Array, domain: bigint, body: TransferBody): SignedTransfer {
  assertIndex(body.from, 32, 'from');
  assertIndex(body.to, 32, 'to');
  assertSignableValues(body);
  const { from, to, amount, fee, nonce } = body;
  const signature = suite.eddsa.sign(privateKey, transferMessage(suite, domain, body));
  return { from, to, amount, fee, nonce, signature };
}

/** A transfer that passed rules 1–8 of §5, applied to a state (rule 9 depends on the batch). */
export interface AppliedTransfer {
  readonly ok: true;
  readonly state: RollupState;
  readonly sender: LeafUpdate;
  readonly receiver: LeafUpdate;
}

/** An operation that failed a rule, with the rule's code. */
export interface Rejected<C extends string> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
}

/** A transfer that failed a rule of §5. */
export type RejectedTransfer = Rejected<RejectionCode>;

/** A rejection with `code`. */
export function reject<C extends string>(code: C, message: string): Rejected<C> {
  return { ok: false, code, message };
}

/** An account a rule produced (the debited sender or the credited receiver). */
export interface RuledAccount {
  readonly ok: true;
  readonly account: Account;
}

/** Rules 1 (the values) and 2 of §5 and §11: amount, fee and nonce below 2^64, float encodings of amount and fee. */
export function checkValues(body: SignedValues): Rejected<'FIELD_RANGE' | 'AMOUNT_NOT_REPRESENTABLE' | 'FEE_NOT_REPRESENTABLE'> | undefined {
  const { amount, fee, nonce } = body;
  if (!isValue(amount) || !isValue(fee) || !isValue(nonce)) {
    return reject('FIELD_RANGE', 'amount, fee and nonce must be bigints in [0, 2^64)');
  }
  const amountProblem = amountEncodingProblem(amount);
  if (amountProblem !== undefined) return reject('AMOUNT_NOT_REPRESENTABLE', amountProblem);
  const feeProblem = feeEncodingProblem(fee);
  if (feeProblem !== undefined) return reject('FEE_NOT_REPRESENTABLE', feeProblem);
  return undefined;
}

/** Rules 1–3 of §5: field ranges (indices below `2^depth`, values below 2^64), float encodings of amount and fee, a non-zero transfer. */
export function checkTransferFields(transfer: SignedTransfer, depth: number): RejectedTransfer | undefined {
  if (typeof transfer !== 'object' || transfer === null) return reject('FIELD_RANGE', 'a transfer must be an object');
  const { from, to, amount, fee } = transfer;
  if (!isIndex(from, depth) || !isIndex(to, depth)) {
    return reject('FIELD_RANGE', `from and to must be integers in [0, 2^${depth})`);
  }
  const values = checkValues(transfer);
  if (values) return values;
  if (amount + fee === 0n) return reject('ZERO_TRANSFER', 'amount + fee must be > 0');
  return undefined;
}

/** The fields of a signed debit: a transfer or a withdrawal. */
interface SignedDebit extends SignedValues {
  readonly from: number;
  readonly signature: Signature;
}

/**
 * The signature, nonce and balance rules of a debit (§5 rules 5–7, §11 rules 6–8) against the
 * existing account `signer`, for the signed `message`: the account after `balance -= amount + fee`, `nonce += 1`.
 */
export function debitSigner(
  suite: CryptoSuite,
  message: bigint,
  debit: SignedDebit,
  signer: Account,
): RuledAccount | Rejected<'INVALID_SIGNATURE' | 'BAD_NONCE' | 'NONCE_OVERFLOW' | 'INSUFFICIENT_BALANCE'> {
  const { from, amount, fee, nonce, signature } = debit;
  if (!suite.eddsa.verify(message, signature, signer.publicKey)) {
    return reject('INVALID_SIGNATURE', `signature does not verify under the key of account ${from} for this rollup's domain`);
  }
  if (nonce !== signer.nonce) return reject('BAD_NONCE', `nonce must be ${signer.nonce}, got ${nonce}`);
  if (signer.nonce === VALUE_LIMIT - 1n) return reject('NONCE_OVERFLOW', `account ${from} has reached the last nonce`);
  if (amount + fee > signer.balance) {
    return reject('INSUFFICIENT_BALANCE', `amount + fee = ${amount + fee} exceeds the balance ${signer.balance} of account ${from}`);
  }
  return { ok: true, account: { ...signer, balance: signer.balance - amount - fee, nonce: signer.nonce + 1n } };
}

/** Rules 5–7 of §5 against the existing `sender` account: signature, nonce, balance; the sender after its debit and nonce bump. */
export function debitSender(suite: CryptoSuite, domain: bigint, transfer: SignedTransfer, sender: Account): RuledAccount | RejectedTransfer {
  return debitSigner(suite, transferMessage(suite, domain, transfer), transfer, sender);
}

/** Rule 8 of §5 for the receiver (as left by the sender's debit): the receiver after its credit. */
export function creditReceiver(transfer: SignedTransfer, receiver: Account): RuledAccount | RejectedTransfer {
  if (receiver.balance + transfer.amount >= VALUE_LIMIT) {
    return reject('RECEIVER_OVERFLOW', `the balance of account ${transfer.to} would reach 2^64`);
  }
  return { ok: true, account: { ...receiver, balance: receiver.balance + transfer.amount } };
}

/** Rule 9 of §5 (and §11): the fee recipient's `balance` plus the batch's `fees` so far must stay below 2^64. */
export function checkFeeCredit(balance: bigint, fees: bigint, feeRecipient: number): Rejected<'FEE_OVERFLOW'> | undefined {
  if (balance + fees < VALUE_LIMIT) return undefined;
  return reject('FEE_OVERFLOW', `crediting the batch fees to account ${feeRecipient} would reach 2^64`);
}

/**
 * Checks rules 1–8 of §5 for `transfer` against `state` and, if they hold, applies its two leaf
 * updates (sender debit and nonce bump, then receiver credit). Never throws on a bad transfer:
 * any malformed field (wrong type, out of range) is a `FIELD_RANGE` rejection. `state` is unchanged.
 */
export function applyTransfer(state: RollupState, transfer: SignedTransfer): AppliedTransfer | RejectedTransfer {
  const malformed = checkTransferFields(transfer, state.depth);
  if (malformed) return malformed;
  const { from, to } = transfer;
  const sender = state.account(from);
  if (!sender) return reject('UNKNOWN_SENDER', `no account at index ${from}`);
  if (!state.account(to)) return reject('UNKNOWN_RECEIVER', `no account at index ${to}`);
  const debited = debitSender(state.suite, state.domain, transfer, sender);
  if (!debited.ok) return debited;
  const debit = updateAccount(state, from, debited.account);
  const credited = creditReceiver(transfer, debit.state.account(to)!);
  if (!credited.ok) return credited;
  const credit = updateAccount(debit.state, to, credited.account);
  return { ok: true, state: credit.state, sender: debit.update, receiver: credit.update };
}
