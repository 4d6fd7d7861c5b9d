/**
 * Constraint counts of a compiled instance by component, attributed through the `.sym` file.
 * A wire belongs to the most specific category among the names it carries (a bit of an op word
 * is both a range-check output and a SHA-256 input: it counts as a range check); a constraint
 * goes to the category most of its wires belong to (ties: the more specific category).
 */
import { readFile } from 'node:fs/promises';
import { readR1cs, type R1cs } from '@zkr/bn254';
import { parseSym, type WireNames } from './sym';

/** The components constraints are attributed to, most specific first. */
export const CONSTRAINT_CATEGORIES = ['rangeChecks', 'signature', 'merkle', 'queueHash', 'stateHash', 'batchDataHash', 'other'] as const;

/** One component constraints are attributed to. */
export type ConstraintCategory = (typeof CONSTRAINT_CATEGORIES)[number];

/** Constraint counts by category; `total` is their sum. */
export type ConstraintBreakdown = Readonly<Record<ConstraintCategory, number>> & { readonly total: number };

/**
 * The category of a signal name: 64-bit and index range checks and bit decompositions of slot,
 * queue and withdrawal fields (including the leaves' stored values, the queue word, the deposit
 * sum and credit bits, and the fee-overflow bounds) are `rangeChecks`; the EdDSA verifiers and
 * their message hashes are `signature`; leaf hashes and Merkle paths of the sender, receiver,
 * queue and fee-credit updates are `merkle`; the queue hash chain (Poseidon and its strict
 * 216-bit reduction) `queueHash`; the two state hashes `stateHash`; the old state hash's bits and
 * SHA-256 of the batch data `batchDataHash`; the rest (float decoding, empty-position zero checks,
 * outcome selectors, the fee-overflow selectors) `other`.
 */
export function categoryOf(name: string): ConstraintCategory {
  if (/Range\.|\.bound\[|^main\.queue\[\d+\]\.(op\.bits|sum|creditBits)\./.test(name)) return 'rangeChecks';
  if (/\.(signature|message)\./.test(name)) return 'signature';
  if (/\.(sender|receiver|credit)\.|^main\.queue\[\d+\]\.(leafHash|leafAfter|pathBefore|pathAfter)\./.test(name)) return 'merkle';
  if (/^main\.queue\[\d+\]\.chain\./.test(name)) return 'queueHash';
  if (/^main\.(oldState|newState)\./.test(name)) return 'stateHash';
  if (name.startsWith('main.batchData.')) return 'batchDataHash';
  return 'other';
}

const rank = (category: ConstraintCategory): number => CONSTRAINT_CATEGORIES.indexOf(category);

/** Attributes every constraint of `r1cs` to a category using the signal names of `sym`. */
export function breakdownOf(r1cs: Pick<R1cs, 'constraints'>, names: WireNames): ConstraintBreakdown {
  const counts: Record<ConstraintCategory, number> = { rangeChecks: 0, signature: 0, merkle: 0, queueHash: 0, stateHash: 0, batchDataHash: 0, other: 0 };
  const wireRank = new Map<number, number>();
  const rankOf = (wire: number): number => {
    let known = wireRank.get(wire);
    if (known === undefined) {
      known = Math.min(...(names.get(wire) ?? ['main']).map((name) => rank(categoryOf(name))));
      wireRank.set(wire, known);
    }
    return known;
  };
  for (const c of r1cs.constraints) {
    const votes = new Array<number>(CONSTRAINT_CATEGORIES.length).fill(0);
    const seen = new Set<number>();
    for (const lc of [c.a, c.b, c.c]) {
      for (const wire of lc.wires) {
        if (wire === 0 || seen.has(wire)) continue;
        seen.add(wire);
        votes[rankOf(wire)] += 1;
      }
    }
    // indexOf(max) returns the lowest rank among the tied, i.e. the most specific category.
    counts[CONSTRAINT_CATEGORIES[votes.indexOf(Math.max(...votes))]] += 1;
  }
  return { ...counts, total: r1cs.constraints.length };
}

/** Reads a compiled instance's `.r1cs` and `.sym` files and attributes its constraints. */
export async function constraintBreakdown(files: { readonly r1csPath: string; readonly symPath: string }): Promise<ConstraintBreakdown> {
  const [r1cs, sym] = await Promise.all([readR1cs(files.r1csPath), readFile(files.symPath, 'utf8')]);
  return breakdownOf(r1cs, parseSym(sym));
}
