/** @zkr/prover: Groth16 proving of zkr batches, off-chain verification and Solidity calldata. */
export { Prover, parseCircuitInput } from './prover';
export type { ProverFiles, ProverInput, ProverOptions, ProveResult, ProveTimings } from './prover';
export { ENGINE_NAMES, type EngineName, type ProverEngine, type ProofWithSignals, type ProveProgress, type ProgressListener } from './engine';
export { verifyProof, parseVerificationKey } from './verify';
export { parseProof, parsePublicSignals, toSolidityCalldata } from './proof';
export type { SolidityCalldata } from './proof';
export type { Groth16Proof, VerificationKey } from '@zkr/bn254';
export type { CircuitInput, Witness } from './witness';
export { toWitness } from './witness';
export { readZkey, type ZkeyInfo } from '@zkr/bn254';
// Engine building blocks, exported for benchmarks (bench/src/prover.ts measures MSM throughput with them).
export { MsmPool } from './msmPool';
export type { MsmRequest, ResidentSection } from './msmPool';
export { acquireCurve, bn128WasmCode, zkeySection, type Bn128, type CurveLease } from '@zkr/bn254';
export { PROVER_ERROR_CODES, type ProverErrorCode } from './errors';
