/**
 * The assertions of the forging tests, shared by every test file that judges forged batches: a
 * forgery is rejected at one rule's constraint (and nowhere else), or accepted, or refused by the
 * witness generator in a way the R1CS cannot even express.
 */
import { parseWtns } from '@zkr/circuits';
import type { ForgedBatch } from './forge';
import { freeWitness, judge, unexplained, type Harness } from './harness';
import { circuitInput } from './input';
import { site } from './sites';

/** Where a check is: its failure frame(s) in the real generator and its R1CS components (signal name prefixes). */
export interface Check {
  readonly frames: readonly RegExp[];
  readonly components: readonly string[];
}

/** A check failing at `frames` (innermost first; none to assert no frame) whose constraints use signals under `components`. */
export const check = (frames: RegExp | readonly RegExp[], ...components: string[]): Check => ({ frames: Array.isArray(frames) ? frames : [frames as RegExp], components });

/** Membership of the fee recipient before the fee credit: fails when the root reached by the last position is not the attacker's. */
export const CREDIT_MEMBERSHIP = (): Check =>
  check([site('FeeCredit', 'credit.nonceAfter <=='), site('LeafUpdate', 'enabled * (pathBefore.root - rootBefore) === 0')], 'main.feeCredit.credit.pathBefore.');
/** The first public input: the new state hash is the result of every position and the credit. */
export const NEW_STATE = (): Check => check(site('Batch', 'newState.out === newStateHash'), 'main.newState.');
/** The second public input: the data hash is the SHA-256 of the batch data the witness publishes. */
export const DATA_HASH = (): Check => check(site('Batch', 'batchData.out === dataHash'), 'main.batchData.');
/** The credited fee recipient balance stays below 2^64 (§6). */
export const CREDIT_RANGE = (): Check => check(site('FeeCredit', 'balanceAfterRange.in <=='), 'main.feeCredit.balanceAfterRange.');

/** The verdict assertions on the harness `harness()` returns (set once the suite has loaded it). */
export function verdictsOf(harness: () => Harness) {
  /**
   * Three things must hold: the real witness generator fails at the first check's constraint;
   * the witness of the assert-free generator violates the real R1CS; and every constraint it
   * violates belongs to one of `checks`, i.e. the circuit minus those checks would accept the forgery.
   */
  async function expectRejected(b: ForgedBatch, ...checks: Check[]): Promise<void> {
    const verdict = await judge(harness(), circuitInput(b));
    expect(verdict.accepted).toBe(false);
    for (const frame of checks[0].frames) expect(verdict.assertion).toMatch(frame);
    expect(verdict.violated.length).toBeGreaterThan(0);
    expect(unexplained(verdict, checks.flatMap((c) => c.components))).toEqual([]);
  }

  /**
   * Rejected, but the check's violation is spread by --O2: it solved the check's linear constraint
   * for one of its signals and substituted it everywhere, so the free witness violates the
   * constraints that read that signal instead (named in `why`). Only the failure site and the R1CS
   * rejection are asserted.
   */
  async function expectRejectedSpread(b: ForgedBatch, first: Check, why: string): Promise<void> {
    const verdict = await judge(harness(), circuitInput(b));
    expect(verdict.accepted).toBe(false);
    for (const frame of first.frames) expect(verdict.assertion).toMatch(frame);
    expect(verdict.violated.length).toBeGreaterThan(0);
    expect(why.length).toBeGreaterThan(0);
  }

  /**
   * The real generator refuses the input, but --O2 replaced `signal` by the bits it is decomposed
   * into (no wire holds it), so the R1CS speaks only of those bits: the free witness satisfies it
   * and equals the witness of the honest batch `honest`, whose value is those bits. A proof of this
   * input proves exactly the honest batch.
   */
  async function expectNoOtherStatement(b: ForgedBatch, honest: ForgedBatch, first: Check, signal: string): Promise<void> {
    const h = harness();
    const verdict = await judge(h, circuitInput(b));
    expect(verdict.accepted).toBe(false);
    for (const frame of first.frames) expect(verdict.assertion).toMatch(frame);
    expect([...h.names.values()].flat()).not.toContain(signal);
    expect(verdict.violated).toEqual([]);
    expect(await freeWitness(h, circuitInput(b))).toEqual(parseWtns(await h.real.compute(circuitInput(honest))));
  }

  /** Both generators accept `b` and its witness satisfies the R1CS. */
  async function expectAccepted(b: ForgedBatch): Promise<void> {
    const verdict = await judge(harness(), circuitInput(b));
    expect(verdict).toMatchObject({ accepted: true, assertion: undefined, violated: [] });
  }

  return { expectRejected, expectRejectedSpread, expectNoOtherStatement, expectAccepted };
}
