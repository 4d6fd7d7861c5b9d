/**
 * The JS reference of the Merkle tree variants measured by `merkle-arity.ts` (the same functions
 * as bench/merkle/*.circom): an arity-2^k Poseidon tree whose node is Poseidon(children) or, when
 * tagged, Poseidon(children, 1). A leaf's position at level l is digit l (base 2^k) of its index.
 */
import type { Poseidon } from '@zkr/state';
import { benchError } from './errors';

/** One tree shape under measurement. */
export interface TreeVariant {
  /** Stable id used in tables and tests. */
  readonly id: 'binary' | 'quad' | 'quad-tagged' | 'octo';
  /** Index bits consumed per level (the arity is 2^k). */
  readonly k: 1 | 2 | 3;
  /** Whether a constant domain element 1 is hashed after the children. */
  readonly tagged: boolean;
}

/** The variants: binary Poseidon(2) (v1), arity 4 with Poseidon(4) or Poseidon(5), arity 8 with Poseidon(8). */
export const TREE_VARIANTS: readonly TreeVariant[] = Object.freeze([
  { id: 'binary', k: 1, tagged: false },
  { id: 'quad', k: 2, tagged: false },
  { id: 'quad-tagged', k: 2, tagged: true },
  { id: 'octo', k: 3, tagged: false },
]);

/** Children per node of `variant`. */
export function arityOf(variant: TreeVariant): number {
  return 1 << variant.k;
}

/** Poseidon inputs per node hash of `variant`. */
export function hashInputsOf(variant: TreeVariant): number {
  return arityOf(variant) + (variant.tagged ? 1 : 0);
}

/** Levels a tree of `variant` needs to hold 2^depth leaves (the top level may be wider than needed). */
export function levelsFor(variant: TreeVariant, depth: number): number {
  if (!Number.isInteger(depth) || depth < 1 || depth > 48) {
    throw benchError('INVALID_ARGUMENT', `depth must be an integer 1 <= depth <= 48, got ${depth}`, { details: { field: 'depth', value: depth } });
  }
  return Math.ceil(depth / variant.k);
}

/** The parent hash of `children` (arity-many) in `variant`. */
export function nodeHash(poseidon: Poseidon, variant: TreeVariant, children: readonly bigint[]): bigint {
  return poseidon.hash(variant.tagged ? [...children, 1n] : children);
}

/** The position of `index` among its siblings at `level` (digit `level` of `index` in base 2^k). */
export function positionAt(variant: TreeVariant, index: number, level: number): number {
  return Math.floor(index / 2 ** (variant.k * level)) % arityOf(variant);
}

/** The `k * levels` index bits the circuit takes (level 0 first, least significant bit first). */
export function indexBits(variant: TreeVariant, index: number, levels: number): number[] {
  return Array.from({ length: variant.k * levels }, (_, i) => Math.floor(index / 2 ** i) % 2);
}

/** The root reached from `leaf` at `index` with `siblings` (level 0 first, arity - 1 per level in child order). */
export function arityRoot(poseidon: Poseidon, variant: TreeVariant, index: number, leaf: bigint, siblings: readonly (readonly bigint[])[]): bigint {
  let node = leaf;
  siblings.forEach((level, l) => {
    const children = [...level];
    children.splice(positionAt(variant, index, l), 0, node);
    node = nodeHash(poseidon, variant, children);
  });
  return node;
}

/** A mutable sparse tree of `variant` (one map of stored nodes per level; a missing node is that level's empty hash). */
export class SparseArityTree {
  private readonly nodes: Map<number, bigint>[];
  private readonly zeros: bigint[];

  /** An empty tree of `levels` levels. */
  constructor(
    private readonly poseidon: Poseidon,
    readonly variant: TreeVariant,
    readonly levels: number,
  ) {
    this.nodes = Array.from({ length: levels + 1 }, () => new Map<number, bigint>());
    this.zeros = [0n];
    for (let l = 0; l < levels; l++) this.zeros.push(nodeHash(poseidon, variant, new Array<bigint>(arityOf(variant)).fill(this.zeros[l])));
  }

  /** The current root. */
  get root(): bigint {
    return this.node(this.levels, 0);
  }

  /** The leaf at `index` (0 when empty). */
  leaf(index: number): bigint {
    return this.node(0, index);
  }

  private node(level: number, index: number): bigint {
    return this.nodes[level].get(index) ?? this.zeros[level];
  }

  /** Stores `leaf` at `index` and rehashes its path (one node hash per level). */
  set(index: number, leaf: bigint): void {
    const arity = arityOf(this.variant);
    this.nodes[0].set(index, leaf);
    let at = index;
    for (let l = 0; l < this.levels; l++) {
      const parent = Math.floor(at / arity);
      const children = Array.from({ length: arity }, (_, j) => this.node(l, parent * arity + j));
      this.nodes[l + 1].set(parent, nodeHash(this.poseidon, this.variant, children));
      at = parent;
    }
  }

  /** The proof of `index`: per level (level 0 first), the arity - 1 siblings in child order. */
  siblings(index: number): bigint[][] {
    const arity = arityOf(this.variant);
    const proof: bigint[][] = [];
    let at = index;
    for (let l = 0; l < this.levels; l++) {
      const first = at - (at % arity);
      const level: bigint[] = [];
      for (let j = 0; j < arity; j++) if (first + j !== at) level.push(this.node(l, first + j));
      proof.push(level);
      at = Math.floor(at / arity);
    }
    return proof;
  }
}
