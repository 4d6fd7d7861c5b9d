/**
 * The rollup state (docs/protocol.md §3–§6, §12): a domain, an immutable account tree, the count of
 * batches applied, the positions per batch (`Q`, `W`) and the L1 queue operations consumed so far
 * with the queue hash after them.
 */
import { stateHashOf } from './domain';
import { stateError } from './errors';
import {
  assertDepth, assertFieldElement, assertIndex, assertInteger, assertOwner, assertPositions, assertValue, BATCH_NUMBER_LIMIT, DEFAULT_POSITIONS,
  QUEUE_HASH_LIMIT,
} from './field';
import type { CryptoSuite } from './suite';
import { AccountTree } from './tree';
import type { Account, LeafUpdate, PublicKey, SiblingTriple } from './types';

/** An account at a given tree index. */
export interface IndexedAccount {
  readonly index: number;
  readonly account: Account;
}

/** Parameters of {@link RollupState.genesis}. */
export interface GenesisParams {
  readonly depth: number;
  readonly domain: bigint;
  readonly accounts: readonly IndexedAccount[];
  /** Batches already applied to this state, `0 <= batchCount < 2^32`; default 0 (a fresh rollup). */
  readonly batchCount?: number;
  /** `Q`, the queue positions per batch, `1..64`; default 1 (docs/protocol.md §1). */
  readonly queuePositions?: number;
  /** `W`, the withdrawal positions per batch, `1..64`; default 1 (docs/protocol.md §1). */
  readonly withdrawalPositions?: number;
  /** L1 queue operations already consumed (a non-negative safe integer); default 0. */
  readonly queueCount?: number;
  /** The queue hash after `queueCount` operations (`< 2^216`, docs/protocol.md §12.1); default 0 (the hash of none). */
  readonly queueHash?: bigint;
}

/** The counters a batch advances (docs/protocol.md §6). */
export interface StateCounters {
  readonly batchCount: number;
  readonly queueCount: number;
  readonly queueHash: bigint;
}

/** Throws `INVALID_ARGUMENT` naming `field` unless `publicKey` is a Baby Jubjub key the circuit accepts (on the curve, `8·A` not of `x = 0`; docs/protocol.md §10). */
export function assertPublicKey(suite: CryptoSuite, publicKey: PublicKey, field: string): void {
  const [ax, ay] = publicKey ?? [];
  assertFieldElement(ax, `${field}[0]`);
  assertFieldElement(ay, `${field}[1]`);
  if (!suite.eddsa.isValidPublicKey(publicKey)) {
    throw stateError('INVALID_ARGUMENT', `${field} is not a valid Baby Jubjub public key; use a key made by \`zkr keygen\``, { details: { field } });
  }
}

/** Throws `INVALID_ARGUMENT` naming `field` unless `account` is a well-formed account usable by the circuit. */
export function assertAccount(suite: CryptoSuite, account: Account, field: string): void {
  assertPublicKey(suite, account.publicKey, `${field}.publicKey`);
  assertValue(account.balance, `${field}.balance`);
  assertValue(account.nonce, `${field}.nonce`);
  assertOwner(account.owner, `${field}.owner`);
}

/** Throws `INVALID_ARGUMENT` unless the counters are in range (batch count `< 2^32`, queue count a safe integer, queue hash `< 2^216`). */
function assertCounters({ batchCount, queueCount, queueHash }: StateCounters): void {
  assertInteger(batchCount, 'batchCount', 0, BATCH_NUMBER_LIMIT - 1);
  assertInteger(queueCount, 'queueCount', 0, Number.MAX_SAFE_INTEGER);
  if (typeof queueHash !== 'bigint' || queueHash < 0n || queueHash >= QUEUE_HASH_LIMIT) {
    throw stateError('INVALID_ARGUMENT', `queueHash must be a bigint 0 <= queueHash < 2^216, got ${String(queueHash)}`, { details: { field: 'queueHash', value: queueHash } });
  }
}

/** An immutable rollup state; every update returns a new state and leaves this one untouched. */
export class RollupState {
  private constructor(
    /** The primitives used for hashing and signature checks. */
    readonly suite: CryptoSuite,
    /** The rollup domain (docs/protocol.md §4). */
    readonly domain: bigint,
    /** The account tree. */
    readonly tree: AccountTree,
    /** `Q`, the queue positions of every batch of this rollup (docs/protocol.md §6). */
    readonly queuePositions: number,
    /** `W`, the withdrawal positions of every batch of this rollup (docs/protocol.md §6). */
    readonly withdrawalPositions: number,
    private readonly counters: StateCounters,
  ) {}

  private memoStateHash: bigint | undefined;

  /** A state holding `accounts` (validated; indices unique) in a tree of `depth`, with the counters of `params` (defaults: a fresh rollup, `Q = W = 1`). */
  static genesis(suite: CryptoSuite, params: GenesisParams): RollupState {
    assertDepth(params.depth);
    assertFieldElement(params.domain, 'domain');
    const queuePositions = params.queuePositions ?? DEFAULT_POSITIONS;
    const withdrawalPositions = params.withdrawalPositions ?? DEFAULT_POSITIONS;
    assertPositions(queuePositions, 'queuePositions');
    assertPositions(withdrawalPositions, 'withdrawalPositions');
    const counters = { batchCount: params.batchCount ?? 0, queueCount: params.queueCount ?? 0, queueHash: params.queueHash ?? 0n };
    assertCounters(counters);
    params.accounts.forEach(({ index, account }, i) => {
      assertIndex(index, params.depth, `accounts[${i}].index`);
      assertAccount(suite, account, `accounts[${i}]`);
    });
    const pairs = params.accounts.map(({ index, account }) => [index, account] as const);
    const tree = AccountTree.fromAccounts(suite.poseidon, params.depth, pairs);
    return new RollupState(suite, params.domain, tree, queuePositions, withdrawalPositions, counters);
  }

  /** Tree depth `D`. */
  get depth(): number {
    return this.tree.depth;
  }

  /** The current state root. */
  get root(): bigint {
    return this.tree.root;
  }

  /** Batches applied so far (0 at genesis); the next batch is number `batchCount + 1` (docs/protocol.md §6). */
  get batchCount(): number {
    return this.counters.batchCount;
  }

  /** L1 queue operations consumed so far (0 at genesis): the next batch consumes from this position on (docs/protocol.md §6). */
  get queueCount(): number {
    return this.counters.queueCount;
  }

  /** The queue hash after the first `queueCount` operations (docs/protocol.md §12.1; 0 for none). */
  get queueHash(): bigint {
    return this.counters.queueHash;
  }

  /** The state hash `Poseidon([domain, root])` (docs/protocol.md §3), computed once per state. */
  get stateHash(): bigint {
    this.memoStateHash ??= stateHashOf(this.suite, this.domain, this.root);
    return this.memoStateHash;
  }

  /** Number of existing accounts. */
  get size(): number {
    return this.tree.size;
  }

  /** The number of index slots in use, `max index + 1` (0 when empty): the contract's starting `nextIndex` (docs/protocol.md §12.1). */
  get nextIndex(): number {
    const last = this.tree.lastIndex();
    return last === undefined ? 0 : last + 1;
  }

  /** The account at `index`, or `undefined` if none exists there. */
  account(index: number): Account | undefined {
    return this.tree.account(index);
  }

  /** The Merkle siblings of `index`: `depth / 2` triples, level 0 first. */
  siblings(index: number): SiblingTriple[] {
    return this.tree.siblings(index);
  }

  /** All accounts in increasing index order. */
  *accounts(): Generator<IndexedAccount> {
    for (const [index, account] of this.tree.entries()) yield { index, account };
  }

  /**
   * A new state with `account` at `index`: an update of an existing account (key and owner
   * unchanged: only balance and nonce are checked) or the creation of an account at an empty index
   * or with a new key or owner (fully validated, {@link assertAccount}).
   */
  withAccount(index: number, account: Account): RollupState {
    assertIndex(index, this.depth, 'index');
    const previous = this.tree.account(index);
    const sameKey = previous && previous.publicKey[0] === account.publicKey[0] && previous.publicKey[1] === account.publicKey[1];
    if (sameKey && previous.owner === account.owner) {
      assertValue(account.balance, 'account.balance');
      assertValue(account.nonce, 'account.nonce');
    } else {
      assertAccount(this.suite, account, 'account');
    }
    return new RollupState(this.suite, this.domain, this.tree.set(index, account), this.queuePositions, this.withdrawalPositions, this.counters);
  }

  /**
   * This rollup's state with another account `tree` of the same depth (one restored from stored rows by
   * `AccountTree.fromStoredNodes`, say) and `counters` (checked). The tree's accounts are taken as they
   * are: they were validated when they entered the tree its rows were stored from.
   */
  withTree(tree: AccountTree, counters: StateCounters): RollupState {
    if (tree.depth !== this.depth) {
      throw stateError('INVALID_ARGUMENT', `the tree has depth ${tree.depth}, this rollup ${this.depth}; pass a tree of this rollup`, { details: { field: 'tree', value: tree.depth } });
    }
    assertCounters(counters);
    const { batchCount, queueCount, queueHash } = counters;
    return new RollupState(this.suite, this.domain, tree, this.queuePositions, this.withdrawalPositions, { batchCount, queueCount, queueHash });
  }

  /** This state's accounts with other counters (checked: batch count `< 2^32`, queue hash `< 2^216`); the builder advances them once per batch. */
  withCounters(counters: StateCounters): RollupState {
    assertCounters(counters);
    const { batchCount, queueCount, queueHash } = counters;
    return new RollupState(this.suite, this.domain, this.tree, this.queuePositions, this.withdrawalPositions, { batchCount, queueCount, queueHash });
  }
}

/** Replaces the existing account at `index` by `after`: the new state and the leaf update with its siblings (valid before and after). */
export function updateAccount(state: RollupState, index: number, after: Account): { state: RollupState; update: LeafUpdate } {
  const before = state.account(index)!;
  const siblings = state.siblings(index);
  const next = state.withAccount(index, after);
  return { state: next, update: { index, before, after, siblings, rootBefore: state.root, rootAfter: next.root } };
}
