/** @zkr/circuits: batch circuit instances, cached circom compilation, circuit inputs and witnesses. */
export {
  DEFAULT_INSTANCE, MAX_BATCH_SIZE, assertInstance, instanceName, mainComponentSource, sha256Blocks,
  type CircuitInstance,
} from './instance';
export { compileCircuit, cacheKey, CIRCOM_FLAGS, type CompileOptions, type CompiledCircuit } from './compile';
export { batchToCircuitInput, CIRCUIT_INPUT_SIGNALS, type CircuitInput, type SignalValue } from './input';
export { WitnessGenerator } from './witness';
export {
  readR1cs, parseR1cs, parseR1csHeader, unsatisfiedConstraints, constraintHolds, constraintsByWire,
  type R1cs, type R1csHeader, type Constraint, type LinearCombination,
} from './r1cs';
export { parseWtns, encodeWtns } from './wtns';
export { BN254_ORDER } from './binary';
export { CIRCUITS_DIR, DEFAULT_CACHE_DIR } from './paths';
export {
  constraintBreakdown, breakdownOf, categoryOf, CONSTRAINT_CATEGORIES,
  type ConstraintBreakdown, type ConstraintCategory,
} from './breakdown';
export { readSym, parseSym, type WireNames } from './sym';
