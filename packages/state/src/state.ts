/** The rollup state: a domain, an immutable account tree and the count of batches applied (docs/protocol.md §3–§6). */
import { stateHashOf } from './domain';
import { stateError } from './errors';
import { assertDepth, assertFieldElement, assertIndex, assertInteger, assertOwner, assertValue, BATCH_NUMBER_LIMIT } from './field';
import type { CryptoSuite } from './suite';
import { AccountTree } from './tree';
import type { Account, SiblingTriple } from './types';

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
}

/** Throws `INVALID_ARGUMENT` naming `field` unless `account` is a well-formed account usable by the circuit. */
export function assertAccount(suite: CryptoSuite, account: Account, field: string): void {
  const [ax, ay] = account.publicKey ?? [];
  assertFieldElement(ax, `${field}.publicKey[0]`);
  assertFieldElement(ay, `${field}.publicKey[1]`);
  if (!suite.eddsa.isValidPublicKey(account.publicKey)) {
    throw stateError('INVALID_ARGUMENT', `${field}.publicKey is not a valid Baby Jubjub public key; use a key made by \`zkr keygen\``, {
      details: { field: `${field}.publicKey` },
    });
  }
  assertValue(account.balance, `${field}.balance`);
  assertValue(account.nonce, `${field}.nonce`);
  assertOwner(account.owner, `${field}.owner`);
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
    /** Batches applied so far (0 at genesis); the next batch is number `batchCount + 1` (docs/protocol.md §6). */
    readonly batchCount: number,
  ) {}

  private memoStateHash: bigint | undefined;

  /** A state holding `accounts` (validated; indices unique) in a tree of `depth`, after `batchCount` batches (default 0). */
  static genesis(suite: CryptoSuite, params: GenesisParams): RollupState {
    assertDepth(params.depth);
    assertFieldElement(params.domain, 'domain');
    const batchCount = params.batchCount ?? 0;
    assertInteger(batchCount, 'batchCount', 0, BATCH_NUMBER_LIMIT - 1);
    params.accounts.forEach(({ index, account }, i) => {
      assertIndex(index, params.depth, `accounts[${i}].index`);
      assertAccount(suite, account, `accounts[${i}]`);
    });
    const pairs = params.accounts.map(({ index, account }) => [index, account] as const);
    return new RollupState(suite, params.domain, AccountTree.fromAccounts(suite.poseidon, params.depth, pairs), batchCount);
  }

  /** Tree depth `D`. */
  get depth(): number {
    return this.tree.depth;
  }

  /** The current state root. */
  get root(): bigint {
    return this.tree.root;
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

  /** A new state with `account` at `index` (validated; the key check is skipped when key and owner are unchanged). */
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
    return new RollupState(this.suite, this.domain, this.tree.set(index, account), this.batchCount);
  }

  /** This state's accounts after `batchCount` batches (`0 <= batchCount < 2^32`); the builder sets `batchCount + 1`. */
  withBatchCount(batchCount: number): RollupState {
    assertInteger(batchCount, 'batchCount', 0, BATCH_NUMBER_LIMIT - 1);
    return new RollupState(this.suite, this.domain, this.tree, batchCount);
  }
}
