import { buildPoseidon, type CircomPoseidon } from 'circomlibjs';
import { isZkrError } from '@zkr/errors';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { createPoseidon, type Poseidon } from './poseidon';
import { AccountTree, computeRoot, emptyHashes, leafHash, pathDigit } from './tree';
import type { Account } from './types';

// Random trees come from one seed, shown in the suite names: rerun a failure with ZKR_TEST_SEED.
const SEED = testSeed();
const random = seededBigints(SEED);
/** A uniform integer in [0, n) for n <= 2^48 (the modulo bias of 64 random bits is negligible here). */
const randomInt = (n: number): number => Number(random(64) % BigInt(n));

let reference: CircomPoseidon;
let wasm: Poseidon;
let lite: Poseidon;

beforeAll(async () => {
  reference = await buildPoseidon();
  wasm = await createPoseidon('wasm');
  lite = await createPoseidon('lite');
});

const H = (inputs: bigint[]): bigint => reference.F.toObject(reference(inputs));

/**
 * Independent root and proofs: the dense arity-4 definition of docs/protocol.md §3, hashed level by
 * level with circomlibjs directly over the sparse set of non-empty nodes (children of a node at
 * level k+1 with index p are the nodes 4p..4p+3 of level k).
 */
function referenceTree(depth: number, accounts: Map<number, Account>): { root: bigint; zeros: bigint[]; proof(index: number): bigint[][] } {
  const levels = depth / 2;
  const nodes: Map<number, bigint>[] = [new Map()];
  for (const [index, a] of accounts) nodes[0].set(index, H([a.publicKey[0], a.publicKey[1], a.balance + (1n << 64n) * a.nonce, a.owner]));
  const zeros = [0n];
  for (let k = 0; k < levels; k++) {
    zeros.push(H([zeros[k], zeros[k], zeros[k], zeros[k]]));
    const next = new Map<number, bigint>();
    for (const index of nodes[k].keys()) {
      const parent = Math.floor(index / 4);
      if (!next.has(parent)) next.set(parent, H([0, 1, 2, 3].map((c) => nodes[k].get(parent * 4 + c) ?? zeros[k])));
    }
    nodes.push(next);
  }
  return {
    root: nodes[levels].get(0) ?? zeros[levels],
    zeros,
    proof: (index) => nodes.slice(0, levels).map((level, k) => {
      const self = Math.floor(index / 4 ** k);
      const first = self - (self % 4);
      return [0, 1, 2, 3].filter((c) => first + c !== self).map((c) => level.get(first + c) ?? zeros[k]);
    }),
  };
}

const randomAccount = (): Account => ({
  publicKey: [BigInt(randomInt(2 ** 47)) ** 5n, BigInt(randomInt(2 ** 47))],
  balance: random(64),
  nonce: random(64),
  owner: random(160),
});

describe.each([2, 8, 24, 32])(`AccountTree depth %i (ZKR_TEST_SEED=${SEED})`, (depth) => {
  const max = 2 ** depth - 1;

  it('empty tree root is Z_L (L = D/2) and proofs are triples of Z_k', () => {
    const tree = AccountTree.empty(wasm, depth);
    const ref = referenceTree(depth, new Map());
    expect(tree.root).toBe(ref.root);
    expect(tree.levels).toBe(depth / 2);
    expect(tree.siblings(max)).toEqual(ref.proof(max));
    expect(tree.siblings(max)).toHaveLength(depth / 2);
    expect(tree.account(0)).toBeUndefined();
    expect(tree.leaf(max)).toBe(0n);
    expect(emptyHashes(lite, depth)).toEqual(ref.zeros);
    expect(ref.zeros).toHaveLength(depth / 2 + 1);
  });

  it('roots and proofs match the reference on a random tree including indices 0 and 2^D - 1', () => {
    // Index 0, 2^D - 1, a full group of four siblings and random indices.
    const group = depth === 2 ? [1, 2] : [4, 5, 6, 7];
    const accounts = new Map<number, Account>([0, max, ...group].map((i) => [i, randomAccount()]));
    while (accounts.size < Math.min(2 ** depth, 40)) accounts.set(randomInt(max + 1), randomAccount());
    const ref = referenceTree(depth, accounts);
    for (const poseidon of [wasm, lite]) {
      const bulk = AccountTree.fromAccounts(poseidon, depth, accounts);
      let incremental = AccountTree.empty(poseidon, depth);
      for (const [index, account] of accounts) incremental = incremental.set(index, account);
      expect([bulk.root, incremental.root]).toEqual([ref.root, ref.root]);
      expect(bulk.size).toBe(accounts.size);
      const probes = [0, 1, 2, 3, 5, 6, 8, max, max - 1, ...[...accounts.keys()].slice(0, 10), randomInt(max + 1)].filter((i) => i <= max);
      for (const index of probes) {
        expect(bulk.siblings(index)).toEqual(ref.proof(index));
        expect(incremental.siblings(index)).toEqual(ref.proof(index));
        expect(computeRoot(poseidon, index, bulk.leaf(index), bulk.siblings(index))).toBe(ref.root);
        expect(bulk.account(index)).toEqual(accounts.get(index));
      }
      expect([...bulk.entries()]).toEqual([...accounts.entries()].sort((a, b) => a[0] - b[0]));
    }
  });

  it('set is persistent: the old tree keeps its root and accounts', () => {
    const a = randomAccount();
    const before = AccountTree.fromAccounts(wasm, depth, [[max, a]]);
    const after = before.set(max, { ...a, balance: a.balance + 1n });
    expect(before.account(max)).toEqual(a);
    expect(before.root).toBe(referenceTree(depth, new Map([[max, a]])).root);
    expect(after.root).toBe(referenceTree(depth, new Map([[max, { ...a, balance: a.balance + 1n }]])).root);
    expect(after.size).toBe(1);
  });
});

describe(`leaves and paths (ZKR_TEST_SEED=${SEED})`, () => {
  it('the leaf is Poseidon([Ax, Ay, balance + 2^64·nonce, owner]), at the limits of each field', () => {
    const a: Account = { publicKey: [1n, 2n], balance: (1n << 64n) - 1n, nonce: (1n << 64n) - 1n, owner: (1n << 160n) - 1n };
    expect(leafHash(wasm, a)).toBe(H([1n, 2n, (1n << 128n) - 1n, (1n << 160n) - 1n]));
    expect(leafHash(lite, { ...a, nonce: 1n, balance: 0n })).not.toBe(leafHash(lite, { ...a, nonce: 0n, balance: 1n }));
  });

  it('digit k of an index is (i >> 2k) & 3, up to index 2^32 - 1 at level 15', () => {
    expect([0, 1, 2, 3].map((k) => pathDigit(0b11_10_01_00, k))).toEqual([0, 1, 2, 3]);
    expect(pathDigit(2 ** 32 - 1, 15)).toBe(3);
    expect(pathDigit(2 ** 31, 15)).toBe(2);
  });

  it('computeRoot places the node at its digit among the three siblings', () => {
    const triple = [11n, 22n, 33n] as const;
    expect([0, 1, 2, 3].map((i) => computeRoot(lite, i, 7n, [triple]))).toEqual([
      H([7n, 11n, 22n, 33n]), H([11n, 7n, 22n, 33n]), H([11n, 22n, 7n, 33n]), H([11n, 22n, 33n, 7n]),
    ]);
  });
});

describe('AccountTree validation', () => {
  it.each([0, 1, 7, 31, 33, 34, 1.5])('rejects depth %p (must be even, 2..32)', (depth) => {
    expect(() => AccountTree.empty(wasm, depth)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'depth' }) }));
    expect(() => AccountTree.empty(wasm, depth)).toThrow(/even integer 2 <= depth <= 32/);
  });

  it('rejects indices outside [0, 2^D)', () => {
    const tree = AccountTree.empty(wasm, 4);
    for (const index of [-1, 16, 2.5]) {
      try {
        tree.siblings(index);
        throw new Error('no error');
      } catch (e) {
        expect(isZkrError(e, 'INVALID_ARGUMENT')).toBe(true);
      }
    }
  });

  it('rejects duplicate indices in a bulk build', () => {
    const a = randomAccount();
    expect(() => AccountTree.fromAccounts(wasm, 4, [[3, a], [3, a]])).toThrow(expect.objectContaining({ code: 'DUPLICATE_ACCOUNT' }));
  });
});

describe(`Poseidon implementations (ZKR_TEST_SEED=${SEED})`, () => {
  it('wasm and lite agree with circomlibjs for 1..16 inputs, and reject inputs >= r', () => {
    for (let n = 1; n <= 16; n++) {
      const inputs = Array.from({ length: n }, (_, i) => BigInt(randomInt(2 ** 47)) * BigInt(i + 1));
      expect([wasm.hash(inputs), lite.hash(inputs)]).toEqual([H(inputs), H(inputs)]);
    }
    expect(() => wasm.hash([21888242871839275222246405745257275088548364400416034343698204186575808495617n])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'inputs[0]' }) }),
    );
    expect(() => lite.hash([])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
