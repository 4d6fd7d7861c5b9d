/**
 * Withdrawals to L1 (docs/protocol.md §11): the signed message, signing, and the validity rules in
 * their order. The rules shared with transfers (value ranges and encodings, signature, nonce,
 * balance, the fee credit) are `transfer.ts`'s helpers.
 */
import { assertFieldElement, assertIndex, assertL1Address, isIndex, isOwner, VALUE_LIMIT } from './field';
import { updateAccount, type RollupState } from './state';
import type { CryptoSuite } from './suite';
import { assertSignableValues, checkValues, debitSigner, reject, ROUTE_SHIFT, type Rejected, type RuledAccount } from './transfer';
import type { Account, Credit, LeafUpdate, SignedWithdrawal, WithdrawalBody } from './types';

/** Why a builder rejected a withdrawal (docs/protocol.md §11, checked in this order). */
export type WithdrawalRejectionCode =
  | 'FIELD_RANGE'
  | 'AMOUNT_NOT_REPRESENTABLE'
  | 'FEE_NOT_REPRESENTABLE'
  | 'ZERO_WITHDRAWAL'
  | 'INVALID_ADDRESS'
  | 'UNKNOWN_SENDER'
  | 'INVALID_SIGNATURE'
  | 'BAD_NONCE'
  | 'NONCE_OVERFLOW'
  | 'INSUFFICIENT_BALANCE'
  | 'FEE_OVERFLOW';

/** Every withdrawal rejection code, in the order the rules of §11 are checked. */
export const WITHDRAWAL_REJECTION_CODES: readonly WithdrawalRejectionCode[] = [
  'FIELD_RANGE', 'AMOUNT_NOT_REPRESENTABLE', 'FEE_NOT_REPRESENTABLE', 'ZERO_WITHDRAWAL', 'INVALID_ADDRESS', 'UNKNOWN_SENDER', 'INVALID_SIGNATURE',
  'BAD_NONCE', 'NONCE_OVERFLOW', 'INSUFFICIENT_BALANCE', 'FEE_OVERFLOW',
];

/** The operation kind of a withdrawal in its signed message and its batch data entry (docs/protocol.md §11). */
export const WITHDRAWAL_KIND = 2;

/** A withdrawal that failed a rule of §11. */
export type RejectedWithdrawal = Rejected<WithdrawalRejectionCode>;

/** A withdrawal that passed rules 1–8 of §11, applied to a state (rule 9 depends on the batch). */
export interface AppliedWithdrawal {
  readonly ok: true;
  readonly state: RollupState;
  /** The debit of `amount + fee` and the nonce increment. */
  readonly sender: LeafUpdate;
  /** `(address, amount)`, paid on L1 when the batch is accepted. */
  readonly credit: Credit;
}

/**
 * The signed message `Poseidon([domain, 2 + 4·from + 2^34·address, amount + 2^64·fee, nonce])` (docs/protocol.md §11).
 * The packing is injective only for fields in range (`from < 2^32`, `address < 2^160`, values `< 2^64`): check them first.
 */
export function withdrawalMessage(suite: CryptoSuite, domain: bigint, body: WithdrawalBody): bigint {
  assertFieldElement(domain, 'domain');
  const route = BigInt(WITHDRAWAL_KIND) + 4n * BigInt(body.from) + ROUTE_SHIFT * body.address;
  return suite.poseidon.hash([domain, route, body.amount + VALUE_LIMIT * body.fee, body.nonce]);
}

/**
 * Signs a withdrawal of `amount` (plus `fee`) from account `from` to the L1 `address` for the rollup
 * `domain`. Refuses (`INVALID_ARGUMENT`) an index `>= 2^32`, an address that is 0 or `>= 2^160`,
 * values `>= 2^64`, and (`AMOUNT_NOT_REPRESENTABLE` / `FEE_NOT_REPRESENTABLE`, with the nearest
 * values) an amount or fee with no float encoding.
 */
export function signWithdrawal(suite: CryptoSuite, privateKey: Uint8Array, domain: bigint, body: WithdrawalBody): SignedWithdrawal {
  assertIndex(body.from, 32, 'from');
  assertL1Address(body.address, 'address');
  assertSignableValues(body);
  const { from, address, amount, fee, nonce } = body;
  const signature = suite.eddsa.sign(privateKey, withdrawalMessage(suite, domain, body));
  return { from, address, amount, fee, nonce, signature };
}

/** Rules 1–4 of §11: field ranges, float encodings, a non-zero amount, a non-zero address. */
export function checkWithdrawalFields(withdrawal: SignedWithdrawal, depth: number): RejectedWithdrawal | undefined {
  if (typeof withdrawal !== 'object' || withdrawal === null) return reject('FIELD_RANGE', 'a withdrawal must be an object');
  const { from, address, amount } = withdrawal;
  if (!isIndex(from, depth)) return reject('FIELD_RANGE', `from must be an integer in [0, 2^${depth})`);
  if (!isOwner(address)) return reject('FIELD_RANGE', 'address must be a bigint in [0, 2^160)');
  const values = checkValues(withdrawal);
  if (values) return values;
  if (amount === 0n) return reject('ZERO_WITHDRAWAL', 'amount must be > 0; a withdrawal of nothing is not a withdrawal');
  if (address === 0n) return reject('INVALID_ADDRESS', 'address must not be 0; name the L1 address to credit');
  return undefined;
}

/** Rules 6–8 of §11 against the existing account `sender`: signature, nonce, balance; the account after its debit. */
export function debitWithdrawer(suite: CryptoSuite, domain: bigint, withdrawal: SignedWithdrawal, sender: Account): RuledAccount | RejectedWithdrawal {
  return debitSigner(suite, withdrawalMessage(suite, domain, withdrawal), withdrawal, sender);
}

/**
 * Checks rules 1–8 of §11 for `withdrawal` against `state` and, if they hold, applies its leaf
 * update (`balance -= amount + fee`, `nonce += 1`) and returns its L1 credit. Never throws on a bad
 * withdrawal (a malformed field is `FIELD_RANGE`); `state` is unchanged.
 */
export function applyWithdrawal(state: RollupState, withdrawal: SignedWithdrawal): AppliedWithdrawal | RejectedWithdrawal {
  const malformed = checkWithdrawalFields(withdrawal, state.depth);
  if (malformed) return malformed;
  const sender = state.account(withdrawal.from);
  if (!sender) return reject('UNKNOWN_SENDER', `no account at index ${withdrawal.from}`);
  const debited = debitWithdrawer(state.suite, state.domain, withdrawal, sender);
  if (!debited.ok) return debited;
  const debit = updateAccount(state, withdrawal.from, debited.account);
  return { ok: true, state: debit.state, sender: debit.update, credit: { address: withdrawal.address, amount: withdrawal.amount } };
}
