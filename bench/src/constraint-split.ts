/**
 * Constraint counts of a compiled batch circuit by component, from its `.r1cs` and `.sym` files,
 * for the v1-vs-v2 table. Each wire gets the most specific component among the signal names it
 * carries (rules per protocol version, first match wins, in {@link COMPONENTS} order of
 * specificity); a constraint goes to the component most of its distinct wires belong to (ties: the
 * more specific one). Streams both files (a wire rank array and the raw terms), so it also reads
 * instances of a million constraints without decoding them.
 */
import { readFile } from 'node:fs/promises';
import { forEachTerm, readR1csFile } from '@zkr/bn254';

/** The components of the table, most specific first. */
export const COMPONENTS = ['rangeChecks', 'signature', 'merkle', 'feeCredit', 'sha256', 'other'] as const;

/** One component of the split. */
export type Component = (typeof COMPONENTS)[number];

/** Constraints per component; `total` is their sum. */
export type ComponentCounts = Readonly<Record<Component, number>> & { readonly total: number };

/** Column titles of the components. */
export const COMPONENT_TITLES: Readonly<Record<Component, string>> = Object.freeze({
  merkle: 'Merkle / account updates',
  signature: 'signature',
  sha256: 'SHA-256 of the data',
  rangeChecks: 'range checks',
  feeCredit: 'fee credit',
  other: 'other',
});

/** The components in the order tables show them. */
export const COMPONENT_COLUMNS: readonly Component[] = Object.freeze(['merkle', 'signature', 'sha256', 'rangeChecks', 'feeCredit', 'other'] as const);

/** Name rules of one protocol version: the first pattern a signal's full name matches decides; no match is `other`. */
export type ComponentRules = readonly (readonly [Component, RegExp])[];

/**
 * Version 1 (commit d6f58db): 64-bit and index range checks (`*Range`, the fee-overflow bounds);
 * the EdDSA verifier and its Poseidon(6) message; the sender and receiver updates (leaf hashes and
 * paths); the fee credit update and the fee-overflow bookkeeping; the public-data bits and SHA-256.
 */
export const V1_RULES: ComponentRules = Object.freeze([
  ['rangeChecks', /Range\.|\.bound\[/],
  ['signature', /\.(signature|message)\./],
  ['merkle', /^main\.slots\[\d+\]\.(sender|receiver)\./],
  ['feeCredit', /^main\.(feeCredit|feeOverflow)\./],
  ['sha256', /^main\.publicData\./],
] as const);

/**
 * Version 2 (circuits/ of the working tree): as v1, with the slot fields' decoding (`fields`: index
 * bits, op word, fee byte and the float values of amount and fee) counted as range checks, the
 * batch data bits and SHA-256 (`batchData`) as the hash, and the two state-hash commitments
 * (`Poseidon([domain, root])`) as `other`.
 */
export const V2_RULES: ComponentRules = Object.freeze([
  ['rangeChecks', /Range\.|\.bound\[|^main\.slots\[\d+\]\.fields\./],
  ['signature', /\.(signature|message)\./],
  ['merkle', /^main\.slots\[\d+\]\.(sender|receiver)\./],
  ['feeCredit', /^main\.(feeCredit|feeOverflow)\./],
  ['sha256', /^main\.(batchData|publicData)\./],
] as const);

/** The component of one signal name under `rules`. */
export function componentOf(name: string, rules: ComponentRules): Component {
  for (const [component, pattern] of rules) if (pattern.test(name)) return component;
  return 'other';
}

/** Per wire, the rank in {@link COMPONENTS} of its most specific component (`.sym` lines `label,wire,component,name`). */
export function wireRanks(symText: string, nWires: number, rules: ComponentRules): Uint8Array {
  const other = COMPONENTS.indexOf('other');
  const ranks = new Uint8Array(nWires).fill(other);
  let start = 0;
  while (start < symText.length) {
    let end = symText.indexOf('\n', start);
    if (end < 0) end = symText.length;
    const first = symText.indexOf(',', start);
    const second = first < 0 ? -1 : symText.indexOf(',', first + 1);
    const third = second < 0 ? -1 : symText.indexOf(',', second + 1);
    if (third >= 0 && third < end) {
      const wire = Number(symText.slice(first + 1, second));
      if (wire >= 0 && wire < nWires) {
        const rank = COMPONENTS.indexOf(componentOf(symText.slice(third + 1, end).trim(), rules));
        if (rank < ranks[wire]) ranks[wire] = rank;
      }
    }
    start = end + 1;
  }
  return ranks;
}

/** Attributes every constraint of a compiled circuit to a component. */
export async function splitConstraints(files: { readonly r1csPath: string; readonly symPath: string }, rules: ComponentRules): Promise<ComponentCounts> {
  const r1cs = await readR1csFile(files.r1csPath);
  const ranks = wireRanks(await readFile(files.symPath, 'utf8'), r1cs.nWires, rules);
  const counts = new Array<number>(COMPONENTS.length).fill(0);
  const votes = new Array<number>(COMPONENTS.length).fill(0);
  const seen = new Set<number>();
  let current = -1;
  const close = (): void => {
    if (current < 0) return;
    // indexOf(max) is the lowest rank among the tied: the most specific component (only the
    // constant wire: other).
    const max = Math.max(...votes);
    counts[max === 0 ? COMPONENTS.indexOf('other') : votes.indexOf(max)] += 1;
    votes.fill(0);
    seen.clear();
  };
  forEachTerm(r1cs, (_matrix, constraint, wire) => {
    if (constraint !== current) {
      close();
      current = constraint;
    }
    if (wire === 0 || seen.has(wire)) return;
    seen.add(wire);
    votes[ranks[wire]] += 1;
  });
  close();
  // A constraint with no terms at all is never visited; count it as `other`.
  const visited = counts.reduce((a, b) => a + b, 0);
  counts[COMPONENTS.indexOf('other')] += r1cs.nConstraints - visited;
  const result = Object.fromEntries(COMPONENTS.map((c, i) => [c, counts[i]])) as Record<Component, number>;
  return { ...result, total: r1cs.nConstraints };
}
