/** @zkr/circuits: batch circuit instances, cached circom compilation, circuit inputs and witnesses. */
export {
  DEFAULT_INSTANCE, DEFAULT_POSITIONS, MAX_BATCH_SIZE, MAX_POSITIONS, assertInstance, resolveInstance, instanceName, mainComponentSource, sha256Blocks,
  type CircuitInstance, type CircuitInstanceParams,
} from './instance';
export { compileCircuit, cacheKey, CIRCOM_FLAGS, type CompileOptions, type CompiledCircuit } from './compile';
export { batchToCircuitInput, CIRCUIT_INPUT_SIGNALS, type CircuitInput, type SiblingSignals, type SignalValue } from './input';
export { WitnessGenerator } from './witness';
// The r1cs and wtns formats live in @zkr/bn254; re-exported so circuit users need one import.
export {
  readR1cs, parseR1cs, parseR1csHeader, unsatisfiedConstraints, constraintHolds, constraintsByWire,
  parseWtns, encodeWtns, FR_ORDER as BN254_ORDER,
  type R1cs, type R1csHeader, type Constraint, type LinearCombination,
} from '@zkr/bn254';
export { CIRCUITS_ERROR_CODES, type CircuitsErrorCode } from './errors';
export { CIRCUITS_DIR, BATCH_TEMPLATE, cacheRoot, compileCacheDir, artifactsCacheDir } from './paths';
export {
  constraintBreakdown, breakdownOf, categoryOf, CONSTRAINT_CATEGORIES,
  type ConstraintBreakdown, type ConstraintCategory,
} from './breakdown';
export { readSym, parseSym, type WireNames } from './sym';
