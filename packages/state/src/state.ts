/** The rollup state: a domain plus an immutable account tree (docs/protocol.md §3–§4). */
import { stateError } from './errors';
import { assertDepth, assertFieldElement, assertIndex, assertValue } from './field';
import type { CryptoSuite } from './suite';
import { AccountTree } from './tree';
import type { Account } from './types';

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
  ) {}

  /** A state holding `accounts` (validated; indices unique) in a tree of `depth`. */
  static genesis(suite: CryptoSuite, params: GenesisParams): RollupState {
    assertDepth(params.depth);
    assertFieldElement(params.domain, 'domain');
    params.accounts.forEach(({ index, account }, i) => {
      assertIndex(index, params.depth, `accounts[${i}].index`);
      assertAccount(suite, account, `accounts[${i}]`);
    });
    const pairs = params.accounts.map(({ index, account }) => [index, account] as const);
    return new RollupState(suite, params.domain, AccountTree.fromAccounts(suite.poseidon, params.depth, pairs));
  }

  /** Tree depth `D`. */
  get depth(): number {
    return this.tree.depth;
  }

  /** The current state root. */
  get root(): bigint {
    return this.tree.root;
  }

  /** Number of existing accounts. */
  get size(): number {
    return this.tree.size;
  }

  /** The account at `index`, or `undefined` if none exists there. */
  account(index: number): Account | undefined {
    return this.tree.account(index);
  }

  /** The Merkle siblings of `index`, level 0 first. */
  siblings(index: number): bigint[] {
    return this.tree.siblings(index);
  }

  /** All accounts in increasing index order. */
  *accounts(): Generator<IndexedAccount> {
    for (const [index, account] of this.tree.entries()) yield { index, account };
  }

  /** A new state with `account` at `index` (validated; the key check is skipped when the key is unchanged). */
  withAccount(index: number, account: Account): RollupState {
    assertIndex(index, this.depth, 'index');
    const previous = this.tree.account(index);
    if (previous && previous.publicKey[0] === account.publicKey[0] && previous.publicKey[1] === account.publicKey[1]) {
      assertValue(account.balance, 'account.balance');
      assertValue(account.nonce, 'account.nonce');
    } else {
      assertAccount(this.suite, account, 'account');
    }
    return new RollupState(this.suite, this.domain, this.tree.set(index, account));
  }
}
