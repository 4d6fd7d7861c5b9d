/**
 * The swappable proving engine: given a witness, produce a Groth16 proof with the zkey the engine
 * was created for.
 */
import type { Groth16Proof } from '@zkr/bn254';
import type { Witness } from './witness';

/** A proof and its public signals, both in snarkjs's JSON shape (decimal strings). */
export interface ProofWithSignals {
  readonly proof: Groth16Proof;
  readonly publicSignals: string[];
}

/** Progress of one proof: the stage running and the fraction of the proof done, in `[0, 1]`. */
export interface ProveProgress {
  readonly stage: string;
  readonly fraction: number;
}

/** Receives progress reports while a proof runs. */
export type ProgressListener = (progress: ProveProgress) => void;

/**
 * Names of the engines: `snarkjs` (reference), `zkr` (resident-bases parallel engine on wasm
 * workers) and `native` (the same engine with its MSMs in the `@zkr/native` addon).
 */
export type EngineName = 'snarkjs' | 'zkr' | 'native';

/** Every engine name, in the order the CLI lists them. */
export const ENGINE_NAMES: readonly EngineName[] = ['zkr', 'native', 'snarkjs'];

/** A Groth16 prover bound to one proving key. */
export interface ProverEngine {
  readonly name: EngineName;
  /** Number of worker threads the engine computes on. */
  readonly threads: number;
  /** Proves the statement whose full witness is `witness`. */
  prove(witness: Witness, onProgress?: ProgressListener): Promise<ProofWithSignals>;
  /** Ends the engine's worker threads; the engine is unusable afterwards. */
  close(): Promise<void>;
}
