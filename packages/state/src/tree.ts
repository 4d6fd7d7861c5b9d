/**
 * The account tree (docs/protocol.md §3): a persistent sparse Merkle tree of depth 1..32.
 *
 * Only non-empty subtrees are stored (a missing child is the empty-subtree hash `Z_k` of its level),
 * so memory grows with the number of accounts, not with `2^D`. Trees are immutable: `set` returns a
 * new tree sharing all untouched nodes with the old one (O(D) hashes and allocations), which makes
 * snapshots free and batch application atomic by construction.
 */
import { stateError } from './errors';
import { assertDepth, assertIndex } from './field';
import type { Poseidon } from './poseidon';
import type { Account } from './types';

interface Node {
  readonly hash: bigint;
  readonly left?: Node;
  readonly right?: Node;
  /** Only on leaves (level 0). */
  readonly account?: Account;
}

/** The leaf of an account: `Poseidon([Ax, Ay, balance, nonce])`. */
export function leafHash(poseidon: Poseidon, account: Account): bigint {
  return poseidon.hash([account.publicKey[0], account.publicKey[1], account.balance, account.nonce]);
}

/** The empty-subtree hashes `Z_0 .. Z_depth` (`Z_0 = 0`, `Z_{k+1} = Poseidon([Z_k, Z_k])`). */
export function emptyHashes(poseidon: Poseidon, depth: number): readonly bigint[] {
  assertDepth(depth);
  const zeros = [0n];
  for (let k = 0; k < depth; k++) zeros.push(poseidon.hash([zeros[k], zeros[k]]));
  return zeros;
}

/** The root reached from `leaf` at `index` with `siblings` (level 0 first). */
export function computeRoot(poseidon: Poseidon, index: number, leaf: bigint, siblings: readonly bigint[]): bigint {
  let node = leaf;
  siblings.forEach((sibling, level) => {
    node = (index >>> level) & 1 ? poseidon.hash([sibling, node]) : poseidon.hash([node, sibling]);
  });
  return node;
}

/** An immutable sparse Merkle tree of accounts. */
export class AccountTree {
  private constructor(
    /** Tree depth `D`; indices are `< 2^D`. */
    readonly depth: number,
    private readonly poseidon: Poseidon,
    private readonly zeros: readonly bigint[],
    private readonly top: Node | undefined,
    /** Number of non-empty leaves. */
    readonly size: number,
  ) {}

  /** The empty tree of `depth`. */
  static empty(poseidon: Poseidon, depth: number): AccountTree {
    return new AccountTree(depth, poseidon, emptyHashes(poseidon, depth), undefined, 0);
  }

  /**
   * Builds a tree from `(index, account)` pairs in one bottom-up pass (each stored node hashed once,
   * so n consecutive indices cost about 2n hashes instead of n·D). Throws on duplicate indices.
   */
  static fromAccounts(poseidon: Poseidon, depth: number, accounts: Iterable<readonly [number, Account]>): AccountTree {
    const zeros = emptyHashes(poseidon, depth);
    const leaves: { index: number; node: Node }[] = [];
    for (const [index, account] of accounts) {
      assertIndex(index, depth, 'index');
      leaves.push({ index, node: { hash: leafHash(poseidon, account), account } });
    }
    leaves.sort((a, b) => a.index - b.index);
    for (let i = 1; i < leaves.length; i++) {
      if (leaves[i].index === leaves[i - 1].index) {
        throw stateError('DUPLICATE_ACCOUNT', `account index ${leaves[i].index} appears twice; give each account its own index`, {
          details: { field: 'index', value: leaves[i].index },
        });
      }
    }
    let level: { index: number; node: Node }[] = leaves;
    for (let k = 0; k < depth; k++) {
      const parents: { index: number; node: Node }[] = [];
      for (let i = 0; i < level.length; i++) {
        const { index, node } = level[i];
        const parent = Math.floor(index / 2);
        if (index % 2 === 0) {
          const right = i + 1 < level.length && level[i + 1].index === index + 1 ? level[++i].node : undefined;
          parents.push({ index: parent, node: AccountTree.inner(poseidon, zeros[k], node, right) });
        } else {
          parents.push({ index: parent, node: AccountTree.inner(poseidon, zeros[k], undefined, node) });
        }
      }
      level = parents;
    }
    return new AccountTree(depth, poseidon, zeros, level[0]?.node, leaves.length);
  }

  private static inner(poseidon: Poseidon, zero: bigint, left: Node | undefined, right: Node | undefined): Node {
    return { hash: poseidon.hash([left?.hash ?? zero, right?.hash ?? zero]), left, right };
  }

  /** The root `Z_D` of the empty tree, or of the accounts stored. */
  get root(): bigint {
    return this.top?.hash ?? this.zeros[this.depth];
  }

  /** The empty-subtree hash `Z_level`. */
  zero(level: number): bigint {
    return this.zeros[level];
  }

  private leafNode(index: number): Node | undefined {
    assertIndex(index, this.depth, 'index');
    let node = this.top;
    for (let level = this.depth - 1; level >= 0 && node; level--) {
      node = (index >>> level) & 1 ? node.right : node.left;
    }
    return node;
  }

  /** The account at `index`, or `undefined` if the leaf is empty. */
  account(index: number): Account | undefined {
    return this.leafNode(index)?.account;
  }

  /** The leaf value at `index` (`0` if empty). */
  leaf(index: number): bigint {
    return this.leafNode(index)?.hash ?? 0n;
  }

  /** The Merkle proof of `index`: its `D` siblings, level 0 first. */
  siblings(index: number): bigint[] {
    assertIndex(index, this.depth, 'index');
    const siblings = new Array<bigint>(this.depth);
    let node = this.top;
    for (let level = this.depth - 1; level >= 0; level--) {
      const right = (index >>> level) & 1;
      const sibling = right ? node?.left : node?.right;
      siblings[level] = sibling?.hash ?? this.zeros[level];
      node = right ? node?.right : node?.left;
    }
    return siblings;
  }

  /** A new tree with `account` stored at `index` (O(D) hashes); this tree is unchanged. */
  set(index: number, account: Account): AccountTree {
    assertIndex(index, this.depth, 'index');
    const path: (Node | undefined)[] = new Array(this.depth + 1);
    path[this.depth] = this.top;
    for (let level = this.depth - 1; level >= 0; level--) {
      const parent = path[level + 1];
      path[level] = (index >>> level) & 1 ? parent?.right : parent?.left;
    }
    const existed = path[0] !== undefined;
    let node: Node = { hash: leafHash(this.poseidon, account), account };
    for (let level = 0; level < this.depth; level++) {
      const parent = path[level + 1];
      node = (index >>> level) & 1
        ? AccountTree.inner(this.poseidon, this.zeros[level], parent?.left, node)
        : AccountTree.inner(this.poseidon, this.zeros[level], node, parent?.right);
    }
    return new AccountTree(this.depth, this.poseidon, this.zeros, node, existed ? this.size : this.size + 1);
  }

  /** All `(index, account)` pairs in increasing index order. */
  *entries(): Generator<[number, Account]> {
    const stack: { node: Node; level: number; index: number }[] = this.top ? [{ node: this.top, level: this.depth, index: 0 }] : [];
    while (stack.length > 0) {
      const { node, level, index } = stack.pop()!;
      if (level === 0) {
        yield [index, node.account!];
        continue;
      }
      const rightIndex = index + 2 ** (level - 1);
      if (node.right) stack.push({ node: node.right, level: level - 1, index: rightIndex });
      if (node.left) stack.push({ node: node.left, level: level - 1, index });
    }
  }
}
