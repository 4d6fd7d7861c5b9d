/** @zkr/prover: Groth16 proving of zkr batches, off-chain verification and Solidity calldata. */
export { Prover } from './prover';
export type { ProverFiles, ProverInput, ProverOptions, ProveResult, ProveTimings } from './prover';
export type { EngineName, ProverEngine, ProofWithSignals, ProveProgress, ProgressListener } from './engine';
export { verifyProof, parseVerificationKey } from './verify';
export { parseProof, parsePublicSignals, toSolidityCalldata } from './proof';
export type { SolidityCalldata } from './proof';
export type { Groth16Proof, VerificationKey } from './vendor';
export type { CircuitInput, Witness } from './witness';
export { toWitness } from './witness';
export { readZkey } from './zkey';
export type { ZkeyInfo } from './zkey';
// Engine building blocks, exported for benchmarks (bench/src/prover.ts measures MSM throughput with them).
export { MsmPool } from './msmPool';
export type { MsmRequest, ResidentSection } from './msmPool';
export { bn128WasmCode } from './bn128Wasm';
export { zkeySection } from './zkey';
export { acquireCurve } from './curve';
export type { CurveLease } from './curve';
export type { Bn128 } from './vendor';
