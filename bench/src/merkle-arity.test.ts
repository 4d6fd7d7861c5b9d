/**
 * The measured Merkle circuits are the trees they claim to be: for random leaves and indices, the
 * circuit's new root equals the JS reference (whose arity-4 variant is @zkr/state's v2 tree), a wrong
 * sibling or a wrong old root has no witness, and the selector and level counts are the ones the report uses.
 */
import { createHash } from 'node:crypto';
import { isZkrError } from '@zkr/errors';
import { parseWtns, WitnessGenerator } from '@zkr/circuits';
import { computeRoot, createPoseidon, type Poseidon } from '@zkr/state';
import { compileMerkleCircuit } from './merkle-arity-compile';
import { arityOf, arityRoot, indexBits, levelsFor, SparseArityTree, TREE_VARIANTS, type TreeVariant } from './merkle-arity-tree';
import { updateMain } from './merkle-arity';

const SEED = process.env.ZKR_TEST_SEED ?? String(Date.now());

/** A deterministic stream of 64-bit values from SEED (printed on failure through the test name). */
function seededRandom(label: string): () => bigint {
  let counter = 0;
  return () => BigInt(`0x${createHash('sha256').update(`${SEED}/${label}/${counter++}`).digest('hex').slice(0, 16)}`);
}

let poseidon: Poseidon;
beforeAll(async () => {
  poseidon = await createPoseidon('lite');
});

test(`the arity-4 JS reference is @zkr/state's (protocol v2) computeRoot (seed ${SEED})`, () => {
  const next = seededRandom('quad');
  const quad = TREE_VARIANTS.find((v) => v.id === 'quad')!;
  for (let trial = 0; trial < 4; trial++) {
    const index = Number(next() % 2n ** 24n);
    const siblings = Array.from({ length: 12 }, () => [next(), next(), next()] as const);
    const leaf = next();
    expect(arityRoot(poseidon, quad, index, leaf, siblings)).toBe(computeRoot(poseidon, index, leaf, siblings));
  }
});

test('the selectors cost what the report says: (2^k - k - 1) + (2^k - 1) constraints', async () => {
  for (const k of [1, 2, 3]) {
    const compiled = await compileMerkleCircuit({ name: `select-${k}`, include: 'position_select.circom', component: `PositionSelect(${k})` });
    expect(compiled.constraints).toBe(2 ** k - k - 1 + 2 ** k - 1);
  }
});

async function witnessCode(witness: WitnessGenerator, input: Record<string, unknown>): Promise<string> {
  return witness.compute(input).then(
    () => 'witness computed',
    (e: unknown) => (isZkrError(e) ? e.code : String(e)),
  );
}

describe.each(TREE_VARIANTS.map((v) => [v.id, v] as const))('%s membership + update circuit at D = 24', (id: string, variant: TreeVariant) => {
  test(`new root equals the JS reference for random leaves and indices; a wrong sibling fails (seed ${SEED})`, async () => {
    const next = seededRandom(id);
    const levels = levelsFor(variant, 24);
    const compiled = await compileMerkleCircuit(updateMain(variant, 24));
    const witness = await WitnessGenerator.create(compiled.wasmPath);
    const tree = new SparseArityTree(poseidon, variant, levels);
    const capacity = 2n ** BigInt(variant.k * levels);
    // The first and last index exercise the extreme positions at every level.
    const indices = [0, Number(capacity - 1n), ...Array.from({ length: 4 }, () => Number(next() % capacity))];
    for (const index of indices) tree.set(index, next());
    for (const index of indices) {
      const rootBefore = tree.root;
      const siblings = tree.siblings(index);
      const leafBefore = tree.leaf(index);
      const leafAfter = next();
      const input = {
        enabled: 1n,
        rootBefore,
        leafBefore,
        leafAfter,
        bits: indexBits(variant, index, levels).map(BigInt),
        siblings,
      };
      const values = parseWtns(await witness.compute(input));
      tree.set(index, leafAfter);
      // wtns[0] is the constant 1, wtns[1] the main component's only output, rootAfter.
      expect(values[1]).toBe(tree.root);
      expect(values[1]).toBe(arityRoot(poseidon, variant, index, leafAfter, siblings));

      const wrongSibling = siblings.map((level) => [...level]);
      wrongSibling[Number(next() % BigInt(levels))][Number(next() % BigInt(arityOf(variant) - 1))] += 1n;
      expect(await witnessCode(witness, { ...input, siblings: wrongSibling })).toBe('WITNESS_CONSTRAINT_FAILED');
      expect(await witnessCode(witness, { ...input, rootBefore: rootBefore + 1n })).toBe('WITNESS_CONSTRAINT_FAILED');
    }
  });
});
