/**
 * The account tree (docs/protocol.md §3): a persistent sparse Merkle tree of arity 4 over `2^D`
 * leaves (`D` even, 2..32), with `L = D/2` levels; an inner node is `Poseidon([c0, c1, c2, c3])`.
 *
 * Only non-empty subtrees are stored (a missing child is the empty-subtree hash `Z_k` of its level),
 * so memory grows with the number of accounts, not with `2^D`. Trees are immutable: `set` returns a
 * new tree sharing all untouched nodes with the old one (O(L) hashes and allocations), which makes
 * snapshots free and batch application atomic by construction.
 */
import { stateError } from './errors';
import { assertDepth, assertIndex, VALUE_LIMIT } from './field';
import type { Poseidon } from './poseidon';
import type { Account, SiblingTriple } from './types';

/** One stored inner node: `level` 1..L, `position = index >> (2·level)` of any leaf below it, and its hash. */
export interface StoredNode {
  readonly level: number;
  readonly position: number;
  readonly hash: bigint;
}

/** One stored leaf: its index, its account and its leaf hash (`leafHash`). */
export type StoredLeaf = readonly [index: number, account: Account, hash: bigint];

/**
 * The rows that change from an older tree to a newer one (`newer.diff(older)`): leaves and inner nodes
 * to upsert, and the positions to delete. Applied to the rows of `older`, it gives the rows of `newer`.
 */
export interface TreeDiff {
  /** Leaves new or changed in the newer tree. */
  readonly leaves: readonly StoredLeaf[];
  /** Indices of leaves the older tree has and the newer one does not. */
  readonly removedLeaves: readonly number[];
  /** Inner nodes new or changed in the newer tree. */
  readonly inner: readonly StoredNode[];
  /** Inner nodes the older tree has and the newer one does not. */
  readonly removedInner: readonly { readonly level: number; readonly position: number }[];
}

/** Throws `INVALID_TREE` for stored rows that do not form a tree. */
function invalidTree(message: string, details: Record<string, unknown>): never {
  throw stateError('INVALID_TREE', `${message}; the stored tree is damaged: rebuild it from the accounts (AccountTree.fromAccounts) or from L1 (zkr sync)`, { details });
}

/** The four children of an inner node by position 0..3; `undefined` is an empty subtree. */
type Children = readonly (Node | undefined)[];

const NO_CHILDREN: Children = [undefined, undefined, undefined, undefined];

interface Node {
  readonly hash: bigint;
  /** Only on inner nodes (levels 1..L). */
  readonly children?: Children;
  /** Only on leaves (level 0). */
  readonly account?: Account;
}

/** The leaf of an account: `Poseidon([Ax, Ay, balance + 2^64·nonce, owner])`. */
export function leafHash(poseidon: Poseidon, account: Account): bigint {
  return poseidon.hash([account.publicKey[0], account.publicKey[1], account.balance + VALUE_LIMIT * account.nonce, account.owner]);
}

/** The number of levels `L = depth / 2` of the arity-4 tree of `depth` (checked: even, 2..32). */
export function treeLevels(depth: number): number {
  assertDepth(depth);
  return depth / 2;
}

/** The digit `d_k = (index >> 2k) & 3` of `index` at level `k`: its path node's position among four children. */
export function pathDigit(index: number, level: number): number {
  return (index >>> (2 * level)) & 3;
}

/** The empty-subtree hashes `Z_0 .. Z_L` (`Z_0 = 0`, `Z_{k+1} = Poseidon([Z_k, Z_k, Z_k, Z_k])`, `L = depth / 2`). */
export function emptyHashes(poseidon: Poseidon, depth: number): readonly bigint[] {
  const levels = treeLevels(depth);
  const zeros = [0n];
  for (let k = 0; k < levels; k++) zeros.push(poseidon.hash([zeros[k], zeros[k], zeros[k], zeros[k]]));
  return zeros;
}

/** The four children of a path node at `digit` whose three `siblings` are in increasing position. */
function placed(node: bigint, digit: number, siblings: SiblingTriple): bigint[] {
  const children = [...siblings];
  children.splice(digit, 0, node);
  return children;
}

/** The root reached from `leaf` at `index` with `siblings` (one triple per level, level 0 first). */
export function computeRoot(poseidon: Poseidon, index: number, leaf: bigint, siblings: readonly SiblingTriple[]): bigint {
  let node = leaf;
  siblings.forEach((triple, level) => {
    node = poseidon.hash(placed(node, pathDigit(index, level), triple));
  });
  return node;
}

/** An immutable sparse arity-4 Merkle tree of accounts. */
export class AccountTree {
  private constructor(
    /** Tree depth `D` in bits; indices are `< 2^D`. */
    readonly depth: number,
    private readonly poseidon: Poseidon,
    /** `Z_0 .. Z_L`, computed on first use when `undefined` (so `fromStoredNodes` hashes nothing). */
    private zeroCache: readonly bigint[] | undefined,
    private readonly top: Node | undefined,
    /** Number of non-empty leaves. */
    readonly size: number,
  ) {}

  /** The empty-subtree hashes, computed once per tree on first use. */
  private get zeros(): readonly bigint[] {
    this.zeroCache ??= emptyHashes(this.poseidon, this.depth);
    return this.zeroCache;
  }

  /** The empty tree of `depth`. */
  static empty(poseidon: Poseidon, depth: number): AccountTree {
    return new AccountTree(depth, poseidon, emptyHashes(poseidon, depth), undefined, 0);
  }

  /**
   * Builds a tree from `(index, account)` pairs in one bottom-up pass (each stored node hashed once,
   * so n consecutive indices cost about 4n/3 hashes instead of n·L). Throws on duplicate indices.
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
    let level = leaves;
    for (let k = 0; k < depth / 2; k++) {
      const parents: { index: number; node: Node }[] = [];
      for (let i = 0; i < level.length;) {
        const parent = Math.floor(level[i].index / 4);
        const children = [...NO_CHILDREN];
        for (; i < level.length && Math.floor(level[i].index / 4) === parent; i++) children[level[i].index % 4] = level[i].node;
        parents.push({ index: parent, node: AccountTree.inner(poseidon, zeros[k], children) });
      }
      level = parents;
    }
    return new AccountTree(depth, poseidon, zeros, level[0]?.node, leaves.length);
  }

  private static inner(poseidon: Poseidon, zero: bigint, children: Children): Node {
    return { hash: poseidon.hash(children.map((c) => c?.hash ?? zero)), children };
  }

  /** Number of levels `L = D / 2`. */
  get levels(): number {
    return this.depth / 2;
  }

  /** The root `Z_L` of the empty tree, or of the accounts stored. */
  get root(): bigint {
    return this.top?.hash ?? this.zeros[this.levels];
  }

  /** The empty-subtree hash `Z_level` (`0 <= level <= L`). */
  zero(level: number): bigint {
    return this.zeros[level];
  }

  /** The stored nodes on the path of `index`, from the root (`path[L]`) down to the leaf (`path[0]`). */
  private path(index: number): (Node | undefined)[] {
    assertIndex(index, this.depth, 'index');
    const path = new Array<Node | undefined>(this.levels + 1);
    path[this.levels] = this.top;
    for (let level = this.levels - 1; level >= 0; level--) path[level] = path[level + 1]?.children?.[pathDigit(index, level)];
    return path;
  }

  /** The account at `index`, or `undefined` if the leaf is empty. */
  account(index: number): Account | undefined {
    return this.path(index)[0]?.account;
  }

  /** The leaf value at `index` (`0` if empty). */
  leaf(index: number): bigint {
    return this.path(index)[0]?.hash ?? 0n;
  }

  /** The Merkle proof of `index`: `L` sibling triples, level 0 first, each in increasing position. */
  siblings(index: number): SiblingTriple[] {
    const path = this.path(index);
    const siblings = new Array<SiblingTriple>(this.levels);
    for (let level = 0; level < this.levels; level++) {
      const digit = pathDigit(index, level);
      const children = path[level + 1]?.children;
      const [a, b, c] = [0, 1, 2, 3].filter((p) => p !== digit).map((p) => children?.[p]?.hash ?? this.zeros[level]);
      siblings[level] = [a, b, c];
    }
    return siblings;
  }

  /** A new tree with `account` stored at `index` (O(L) hashes); this tree is unchanged. */
  set(index: number, account: Account): AccountTree {
    const path = this.path(index);
    const existed = path[0] !== undefined;
    let node: Node = { hash: leafHash(this.poseidon, account), account };
    for (let level = 0; level < this.levels; level++) {
      const children = [...(path[level + 1]?.children ?? NO_CHILDREN)];
      children[pathDigit(index, level)] = node;
      node = AccountTree.inner(this.poseidon, this.zeros[level], children);
    }
    return new AccountTree(this.depth, this.poseidon, this.zeros, node, existed ? this.size : this.size + 1);
  }

  /** The largest index holding an account (`undefined` for the empty tree), found down the rightmost stored path (O(L)). */
  lastIndex(): number | undefined {
    if (!this.top) return undefined;
    let node: Node = this.top;
    let index = 0;
    for (let level = this.levels; level > 0; level--) {
      const children: Children = node.children!;
      let p = 3;
      while (!children[p]) p--;
      index += p * 4 ** (level - 1);
      node = children[p]!;
    }
    return index;
  }

  /** All `(index, account)` pairs in increasing index order. */
  *entries(): Generator<[number, Account]> {
    const stack: { node: Node; level: number; index: number }[] = this.top ? [{ node: this.top, level: this.levels, index: 0 }] : [];
    while (stack.length > 0) {
      const { node, level, index } = stack.pop()!;
      if (level === 0) {
        yield [index, node.account!];
        continue;
      }
      const width = 4 ** (level - 1);
      for (let p = 3; p >= 0; p--) {
        const child = node.children![p];
        if (child) stack.push({ node: child, level: level - 1, index: index + p * width });
      }
    }
  }

  /**
   * Rebuilds a tree from its stored rows (`storedLeaves` / `storedNodes`) WITHOUT hashing: the hashes are
   * taken as given, only the shape is checked: every inner node must have at least one child row, every
   * row but the top one its parent row, no row may appear twice, levels and positions must be in range,
   * and the top node's hash must equal `expectedRoot`; otherwise throws `INVALID_TREE`.
   *
   * This does not prove the hashes are right (a row whose hash was altered together with its ancestors
   * up to `expectedRoot` passes); for that, call `verify()` (a full rehash, like comparing
   * `AccountTree.fromAccounts(poseidon, depth, tree.entries()).root` with the root).
   */
  static fromStoredNodes(
    poseidon: Poseidon,
    depth: number,
    leaves: Iterable<StoredLeaf>,
    inner: Iterable<StoredNode>,
    expectedRoot: bigint,
  ): AccountTree {
    const levels = treeLevels(depth);
    const rows: Map<number, Node>[] = [new Map()];
    for (const [index, account, hash] of leaves) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** depth) invalidTree(`leaf index ${index} is outside 0..2^${depth}-1`, { level: 0, position: index });
      if (rows[0].has(index)) invalidTree(`leaf ${index} is stored twice`, { level: 0, position: index });
      rows[0].set(index, { hash, account });
    }
    const hashes: Map<number, bigint>[] = [new Map()];
    for (let k = 1; k <= levels; k++) hashes.push(new Map());
    for (const { level, position, hash } of inner) {
      if (!Number.isInteger(level) || level < 1 || level > levels) invalidTree(`inner node level ${level} is outside 1..${levels}`, { level, position });
      if (!Number.isSafeInteger(position) || position < 0 || position >= 4 ** (levels - level)) {
        invalidTree(`inner node position ${position} at level ${level} is outside 0..${4 ** (levels - level) - 1}`, { level, position });
      }
      if (hashes[level].has(position)) invalidTree(`inner node (level ${level}, position ${position}) is stored twice`, { level, position });
      hashes[level].set(position, hash);
    }
    for (let k = 1; k <= levels; k++) {
      const below = rows[k - 1];
      const nodes = new Map<number, Node>();
      let used = 0;
      for (const [position, hash] of hashes[k]) {
        const children = [0, 1, 2, 3].map((p) => below.get(position * 4 + p));
        const count = children.filter((c) => c !== undefined).length;
        if (count === 0) invalidTree(`inner node (level ${k}, position ${position}) has no child row`, { level: k, position });
        used += count;
        nodes.set(position, { hash, children });
      }
      if (used !== below.size) {
        const orphan = [...below.keys()].find((p) => !hashes[k].has(Math.floor(p / 4)))!;
        invalidTree(`${k === 1 ? 'leaf' : 'inner node'} (level ${k - 1}, position ${orphan}) has no parent row`, { level: k - 1, position: orphan });
      }
      rows.push(nodes);
    }
    const top = rows[levels].get(0);
    const tree = new AccountTree(depth, poseidon, undefined, top, rows[0].size);
    if (tree.root !== expectedRoot) invalidTree(`the stored root ${tree.root} is not the expected root ${expectedRoot}`, { field: 'root' });
    return tree;
  }

  /** Every stored inner node (levels 1..L), top-down: the `inner` rows `fromStoredNodes` takes. */
  *storedNodes(): Generator<StoredNode> {
    const stack: { node: Node; level: number; position: number }[] = this.top ? [{ node: this.top, level: this.levels, position: 0 }] : [];
    while (stack.length > 0) {
      const { node, level, position } = stack.pop()!;
      yield { level, position, hash: node.hash };
      for (let p = 3; p >= 0; p--) {
        const child = node.children![p];
        if (child && level > 1) stack.push({ node: child, level: level - 1, position: position * 4 + p });
      }
    }
  }

  /** Every leaf as `[index, account, leaf hash]` in increasing index order: the `leaves` rows `fromStoredNodes` takes. */
  *storedLeaves(): Generator<[number, Account, bigint]> {
    const stack: { node: Node; level: number; index: number }[] = this.top ? [{ node: this.top, level: this.levels, index: 0 }] : [];
    while (stack.length > 0) {
      const { node, level, index } = stack.pop()!;
      if (level === 0) {
        yield [index, node.account!, node.hash];
        continue;
      }
      for (let p = 3; p >= 0; p--) {
        const child = node.children![p];
        if (child) stack.push({ node: child, level: level - 1, index: index * 4 + p });
      }
    }
  }

  /**
   * The rows that change from `older` to this tree (same depth and hash function), found by walking both
   * trees and skipping shared or equal-hash subtrees: O(changed leaves · L). `older.diff(this)` is the
   * rollback. Throws `INVALID_ARGUMENT` for trees of different depths.
   */
  diff(older: AccountTree): TreeDiff {
    if (older.depth !== this.depth) {
      throw stateError('INVALID_ARGUMENT', `cannot diff a depth-${this.depth} tree against a depth-${older.depth} tree; diff trees of one rollup only`, {
        details: { field: 'depth', value: older.depth },
      });
    }
    const diff = { leaves: [] as StoredLeaf[], removedLeaves: [] as number[], inner: [] as StoredNode[], removedInner: [] as { level: number; position: number }[] };
    const walk = (now: Node | undefined, before: Node | undefined, level: number, position: number): void => {
      if (now === before || (now && before && now.hash === before.hash)) return;
      if (level === 0) {
        if (now) diff.leaves.push([position, now.account!, now.hash]);
        else diff.removedLeaves.push(position);
        return;
      }
      if (now) diff.inner.push({ level, position, hash: now.hash });
      else diff.removedInner.push({ level, position });
      for (let p = 0; p < 4; p++) walk(now?.children?.[p], before?.children?.[p], level - 1, position * 4 + p);
    };
    walk(this.top, older.top, this.levels, 0);
    return diff;
  }

  /** Rehashes every stored node and leaf (O(size) hashes) and tells whether each stored hash is right (for trees from `fromStoredNodes`). */
  verify(): boolean {
    const check = (node: Node | undefined, level: number): boolean => {
      if (!node) return true;
      if (level === 0) return node.hash === leafHash(this.poseidon, node.account!);
      const children = node.children!;
      if (!children.every((child) => check(child, level - 1))) return false;
      return node.hash === this.poseidon.hash(children.map((c) => c?.hash ?? this.zeros[level - 1]));
    };
    return check(this.top, this.levels);
  }
}
