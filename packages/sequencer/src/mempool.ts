/**
 * The mempool: transfers and withdrawals checked on entry against the head state plus the pending
 * transactions (the builder's rules of docs/protocol.md §5 and §11 in their order, the signature
 * off the event loop, the nonce equal to the sender's pending nonce, the balance after every
 * pending debit), refused when already known or when the pool is full, persisted before `submit`
 * resolves. Per sender, transactions leave in nonce order; {@link Mempool.select} picks what fits a
 * batch without breaking that order.
 */
import {
  checkTransferFields, checkWithdrawalFields, transferMessage, withdrawalMessage, type Account, type RollupState, type SignedTransfer, type SignedWithdrawal,
} from '@zkr/state';
import { sequencerError, type SequencerErrorCode } from './errors';
import type { SignatureChecker } from './signatures';
import type { SequencerStore } from './store/store';
import type { SubmittedTransaction, TransactionId, TransactionRecord } from './types';

/** A sender's account as the pending transactions leave it. */
interface PendingView {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly count: number;
}

/** The transactions one batch takes, in order. */
export interface Selection {
  readonly transfers: readonly { readonly id: TransactionId; readonly transfer: SignedTransfer }[];
  readonly withdrawals: readonly { readonly id: TransactionId; readonly withdrawal: SignedWithdrawal }[];
}

/** `0x` and the 64 hex digits of `message`. */
function idOf(message: bigint): TransactionId {
  return `0x${message.toString(16).padStart(64, '0')}`;
}

function refuse(code: SequencerErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw sequencerError(code, message, { details });
}

/** The sender's index, nonce and debit of a transaction. */
function debitOf(tx: SubmittedTransaction): { from: number; nonce: bigint; debit: bigint } {
  const body = tx.kind === 'transfer' ? tx.transfer : tx.withdrawal;
  return { from: body.from, nonce: body.nonce, debit: body.amount + body.fee };
}

/** See the module comment. */
export class Mempool {
  private pending: TransactionRecord[] = [];
  private readonly views = new Map<number, PendingView>();
  private readonly ids = new Set<TransactionId>();

  constructor(
    private readonly store: SequencerStore,
    private readonly checker: SignatureChecker,
    /** The most pending transactions it holds. */
    readonly capacity: number,
  ) {}

  /** Number of pending transactions. */
  get size(): number {
    return this.pending.length;
  }

  /** The oldest pending transaction's acceptance time, if any. */
  get oldestAcceptedAt(): number | undefined {
    return this.pending[0]?.acceptedAt;
  }

  /** Reloads the pending transactions from the store and recomputes every sender's view on `head`. */
  reset(head: RollupState): void {
    this.pending = this.store.pendingTransactions();
    this.ids.clear();
    this.views.clear();
    for (const record of this.pending) {
      this.ids.add(record.id);
      this.extend(head, record.tx);
    }
  }

  private view(head: RollupState, from: number): PendingView | undefined {
    const known = this.views.get(from);
    if (known) return known;
    const account = head.account(from);
    return account ? { nonce: account.nonce, balance: account.balance, count: 0 } : undefined;
  }

  private extend(head: RollupState, tx: SubmittedTransaction): void {
    const { from, debit } = debitOf(tx);
    const view = this.view(head, from)!;
    this.views.set(from, { nonce: view.nonce + 1n, balance: view.balance - debit, count: view.count + 1 });
  }

  /** The nonce the next transaction of `index` must carry and its balance after its pending debits. */
  pendingOf(head: RollupState, index: number): { nonce: bigint; balance: bigint } | undefined {
    const view = this.view(head, index);
    return view ? { nonce: view.nonce, balance: view.balance } : undefined;
  }

  /**
   * Checks `tx` against `head()` plus the pending transactions and stores it as pending; throws a
   * `ZkrError` with the rule's code (nothing is stored then).
   */
  async submit(head: () => RollupState, tx: SubmittedTransaction): Promise<TransactionRecord> {
    const state = head();
    const { message, publicKey } = this.checkFields(state, tx);
    const id = idOf(message);
    if (this.ids.has(id) || this.store.transaction(id)) refuse('DUPLICATE_TRANSACTION', `transaction ${id} was accepted already; query GET /v1/transactions/${id}`, { id });
    const signature = tx.kind === 'transfer' ? tx.transfer.signature : tx.withdrawal.signature;
    const [valid] = await this.checker.check([{ message, signature, publicKey }]);
    if (!valid) refuse('INVALID_SIGNATURE', `the signature does not verify under the key of account ${debitOf(tx).from} for this rollup's domain; sign with the account's key`, { id });
    // The signature check awaited: the head and the pool may have moved, so the stateful rules run now, synchronously with the insert.
    const now = head();
    if (this.ids.has(id)) refuse('DUPLICATE_TRANSACTION', `transaction ${id} was accepted already; query GET /v1/transactions/${id}`, { id });
    const { from, nonce, debit } = debitOf(tx);
    const view = this.view(now, from);
    if (!view) refuse('UNKNOWN_SENDER', `no account at index ${from}`, { from });
    if (nonce !== view.nonce) refuse('BAD_NONCE', `nonce must be ${view.nonce} (the account's nonce plus its ${view.count} pending transactions), got ${nonce}`, { expected: view.nonce.toString(), got: nonce.toString() });
    if (view.nonce === (1n << 64n) - 1n) refuse('NONCE_OVERFLOW', `account ${from} has reached the last nonce`);
    if (debit > view.balance) refuse('INSUFFICIENT_BALANCE', `amount + fee = ${debit} exceeds the balance ${view.balance} of account ${from} after its pending transactions`, { balance: view.balance.toString() });
    if (this.pending.length >= this.capacity) refuse('MEMPOOL_FULL', `the mempool holds its maximum of ${this.capacity} transactions; retry after the next batch`, { capacity: this.capacity });
    const record: TransactionRecord = { id, tx, status: 'pending', acceptedAt: Date.now() };
    this.store.insertTransaction(record);
    this.pending.push(record);
    this.ids.add(id);
    this.extend(now, tx);
    return record;
  }

  /** The stateless rules (fields, encodings, known accounts) and the signed message with the key to check it under. */
  private checkFields(state: RollupState, tx: SubmittedTransaction): { message: bigint; publicKey: Account['publicKey'] } {
    if (typeof tx !== 'object' || tx === null || (tx.kind !== 'transfer' && tx.kind !== 'withdrawal')) refuse('INVALID_TRANSACTION', 'a transaction is {kind: "transfer", transfer} or {kind: "withdrawal", withdrawal}');
    const problem = tx.kind === 'transfer' ? checkTransferFields(tx.transfer, state.depth) : checkWithdrawalFields(tx.withdrawal, state.depth);
    if (problem) refuse(problem.code as SequencerErrorCode, problem.message);
    const from = debitOf(tx).from;
    const sender = state.account(from);
    if (!sender) refuse('UNKNOWN_SENDER', `no account at index ${from}`, { from });
    if (tx.kind === 'transfer' && !state.account(tx.transfer.to)) refuse('UNKNOWN_RECEIVER', `no account at index ${tx.transfer.to}`, { to: tx.transfer.to });
    const message = tx.kind === 'transfer' ? transferMessage(state.suite, state.domain, tx.transfer) : withdrawalMessage(state.suite, state.domain, tx.withdrawal);
    return { message, publicKey: sender.publicKey };
  }

  /**
   * What the next batch takes: up to `slots` transfers and `positions` withdrawals in acceptance
   * order, keeping each sender's nonce order (a sender whose transaction does not fit, or who has
   * a withdrawal in this batch, waits for the next batch with the rest of its transactions:
   * withdrawals come after the slots in a batch).
   */
  select(slots: number, positions: number): Selection {
    const transfers: { id: TransactionId; transfer: SignedTransfer }[] = [];
    const withdrawals: { id: TransactionId; withdrawal: SignedWithdrawal }[] = [];
    const held = new Set<number>();
    for (const record of this.pending) {
      const { from } = debitOf(record.tx);
      if (held.has(from)) continue;
      if (record.tx.kind === 'transfer' && transfers.length < slots) {
        transfers.push({ id: record.id, transfer: record.tx.transfer });
      } else if (record.tx.kind === 'withdrawal' && withdrawals.length < positions) {
        withdrawals.push({ id: record.id, withdrawal: record.tx.withdrawal });
        held.add(from);
      } else {
        held.add(from);
      }
      if (transfers.length === slots && withdrawals.length === positions) break;
    }
    return { transfers, withdrawals };
  }

  /** Number of pending transactions a batch can take now (see {@link select}). */
  ready(slots: number, positions: number): number {
    const s = this.select(slots, positions);
    return s.transfers.length + s.withdrawals.length;
  }
}
