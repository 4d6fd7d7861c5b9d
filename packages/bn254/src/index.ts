/**
 * @zkr/bn254: the low-level core of zkr's proving layer. BN254 constants and scalar-field
 * arithmetic, the iden3 binary container and the r1cs / wtns / zkey / ptau formats on it, the typed
 * bn128 wasm loader, the typed snarkjs/ffjavascript facade with the shared curve lease, and the
 * worker launcher. Cheap to import: the engines are required on first use.
 */
export { BN254_ERROR_CODES, type Bn254ErrorCode } from './errors';
export {
  FR_ORDER, FQ_ORDER, FIELD_BYTES, G1_AFFINE_BYTES, G2_AFFINE_BYTES, G1_JACOBIAN_BYTES, G2_JACOBIAN_BYTES,
  MONTGOMERY_R, FR_MONTGOMERY_R2, FR_TWO_ADICITY,
} from './constants';
export { frAdd, frSub, frMul, frPow, frInv, frReduce, frBatchInvert, frRootOfUnity, frRandomNonZero } from './fr';
export { readUintLE, writeUintLE } from './bytes';
export {
  BinWriter, encodeContainer, invalidCode, openFile, parseContainer, readContainer, readFileBytes, readSection, sectionBytes, uniqueSection,
  type BinFormat, type BinLayout, type InvalidCode, type SectionRef,
} from './container';
export {
  coefficientAt, constraintHolds, constraintsByWire, decodeConstraints, domainPower, forEachTerm, parseR1cs, parseR1csFile, parseR1csHeader,
  readR1cs, readR1csFile, readR1csHeader, unsatisfiedConstraints,
  type Constraint, type LinearCombination, type R1cs, type R1csFile, type R1csHeader, type TermVisitor,
} from './r1cs';
export { encodeWtns, parseWtns, readWtns, type WtnsView } from './wtns';
export {
  COEFFICIENT_ENTRY_BYTES, GROTH16_HEADER_BYTES, GROTH16_HEADER_FIXED_BYTES, coefficientSection, groth16HeaderFixed, readZkey, readZkeyFile, zkeySection, zkeySectionSizes,
  type ZkeyInfo, type ZkeyVerificationPoints,
} from './zkey';
export { checkPtau } from './ptau';
export { BN128_EXPORTS, Bn128Wasm, bn128Module, bn128WasmCode, type Bn128Exports, type Bn128Module, type GroupOps, type WasmFunction } from './wasm';
export {
  ffjavascript, groth16VerifierTemplate, snarkjs,
  type Bn128, type FfField, type FfGroup, type Ffjavascript, type Groth16Proof, type Snarkjs, type SnarkjsFile, type SnarkjsHash, type SnarkjsLogger, type VerificationKey,
} from './engines';
export { acquireCurve, withSnarkjs, type CurveLease } from './curve';
export { PINNED_ENGINES, installedVersion, type EngineName } from './versions';
export { childProcessArgs, launchWorker, type LaunchOptions } from './workers';
