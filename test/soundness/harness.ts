/**
 * Soundness harness: judges an input with the real witness generator (which asserts every
 * `===`) AND with the assert-free generator whose witness is checked against the real R1CS.
 * "Rejected" means both: the real generator finds no witness, and the witness an attacker's
 * generator produces violates the R1CS the verifier's key is made from. Each violated constraint
 * is reported with the names of its wires, so a test can check which checks it belongs to.
 */
import {
  compileCircuit, parseWtns, readR1cs, readSym, unsatisfiedConstraints, WitnessGenerator,
  type CircuitInstance, type CompiledCircuit, type R1cs, type WireNames,
} from '@zkr/circuits';
import { FIELD_BYTES, readUintLE, readWtns } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { compileFreeVariant } from './free';

/**
 * The small instance of the tests that need several positions of one kind in a batch (D = 2,
 * N = 2, Q = 2, W = 2): a consumed operation and an empty position, a transfer and a no-op, a
 * withdrawal and an empty position all fit in one witness (its batch data is 3 SHA-256 blocks).
 */
export const SMALL_INSTANCE: CircuitInstance = Object.freeze({ depth: 2, batchSize: 2, queuePositions: 2, withdrawalPositions: 2 });

/** Everything needed to judge inputs of one instance. */
export interface Harness {
  readonly instance: CircuitInstance;
  readonly circuit: CompiledCircuit;
  readonly r1cs: R1cs;
  readonly names: WireNames;
  readonly real: WitnessGenerator;
  readonly free: WitnessGenerator;
  /** Real wire -> wire of the same signal in the free variant. */
  readonly freeWireOf: Int32Array;
}

/** The outcome of judging one input. */
export interface Verdict {
  /** The real generator produced a witness (and it satisfies the R1CS). */
  readonly accepted: boolean;
  /** The real generator's failing frames, innermost first (`Template_id:line < ...`), if it failed. */
  readonly assertion?: string;
  /** Signal names of the wires in the R1CS constraints the free witness violates. */
  readonly violated: readonly string[];
  /** Per violated R1CS constraint, every name of every wire it uses (aliases included). */
  readonly constraints: readonly (readonly string[])[];
}

/**
 * The violated constraints that use no wire named under one of `prefixes` (component paths such
 * as `main.slots[0].signature.`). Empty means the free witness satisfies the real R1CS minus the
 * constraints of those components: the circuit without those checks would accept the forgery.
 */
export function unexplained(verdict: Verdict, prefixes: readonly string[]): (readonly string[])[] {
  return verdict.constraints.filter((names) => !names.some((name) => prefixes.some((p) => name.startsWith(p))));
}

/** Compiles (cached) the real and assert-free circuits of `instance` and loads them. */
export async function loadHarness(instance: CircuitInstance): Promise<Harness> {
  const circuit = await compileCircuit(instance);
  const freeFiles = await compileFreeVariant(instance);
  const [r1cs, names, freeNames, real, free] = await Promise.all([
    readR1cs(circuit.r1csPath),
    readSym(circuit.symPath),
    readSym(freeFiles.symPath),
    WitnessGenerator.create(circuit.wasmPath),
    WitnessGenerator.create(freeFiles.wasmPath),
  ]);
  const freeWireByName = new Map<string, number>();
  for (const [wire, list] of freeNames) for (const name of list) freeWireByName.set(name, wire);
  const freeWireOf = new Int32Array(r1cs.nWires);
  for (let wire = 1; wire < r1cs.nWires; wire++) {
    const name = names.get(wire)?.[0];
    const freeWire = name === undefined ? undefined : freeWireByName.get(name);
    if (freeWire === undefined) throw new Error(`wire ${wire} (${name}) has no counterpart in the free variant`);
    freeWireOf[wire] = freeWire;
  }
  return { instance, circuit, r1cs, names, real, free, freeWireOf };
}

/**
 * The attacker's witness for `input`, as values of the real circuit's wires. Only the free
 * variant's wires that the real circuit has are decoded (about 1 in 6 of its --O0 wires).
 */
export async function freeWitness(h: Harness, input: Readonly<Record<string, unknown>>): Promise<bigint[]> {
  const { values } = readWtns(await h.free.compute(input), 'free witness');
  return Array.from(h.freeWireOf, (freeWire, wire) => (wire === 0 ? 1n : readUintLE(values, freeWire * FIELD_BYTES, FIELD_BYTES)));
}

/** Judges `input` with both generators (see the module comment). */
export async function judge(h: Harness, input: Readonly<Record<string, unknown>>): Promise<Verdict> {
  let assertion: string | undefined;
  let real: bigint[] | undefined;
  try {
    real = parseWtns(await h.real.compute(input));
    const failed = unsatisfiedConstraints(h.r1cs, real);
    if (failed.length > 0) throw new Error(`the real generator produced a witness violating constraints ${failed.slice(0, 5).join(', ')}`);
  } catch (error) {
    if (!isZkrError(error, 'WITNESS_CONSTRAINT_FAILED')) throw error;
    assertion = (error.details.trace as string[]).join(' < ');
    real = undefined;
  }
  const witness = await freeWitness(h, input);
  const violated = new Set<string>();
  const constraints: string[][] = [];
  // A free witness equal to the real one, which was just checked, satisfies the R1CS: no second pass.
  const same = real !== undefined && real.length === witness.length && real.every((value, wire) => value === witness[wire]);
  for (const index of same ? [] : unsatisfiedConstraints(h.r1cs, witness)) {
    const c = h.r1cs.constraints[index];
    const all = new Set<string>();
    for (const lc of [c.a, c.b, c.c]) {
      for (const wire of lc.wires) {
        if (wire === 0) continue;
        const names = h.names.get(wire) ?? [`wire ${wire}`];
        violated.add(names[0]);
        for (const name of names) all.add(name);
      }
    }
    constraints.push([...all].sort());
  }
  if (assertion === undefined && violated.size > 0) throw new Error('the free witness violates the R1CS although the real generator accepted the input');
  return { accepted: assertion === undefined, assertion, violated: [...violated].sort(), constraints };
}
