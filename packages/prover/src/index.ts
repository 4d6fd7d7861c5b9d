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
