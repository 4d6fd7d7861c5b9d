/** Types of `poseidon.js` (the build-time generated Poseidon(2) hasher contract). */
import type { CompiledContract } from './compile';

/** Inputs of the generated hasher (2). */
export declare const POSEIDON_INPUTS: 2;

/** circomlibjs's generated Poseidon(2) contract: ABI and creation bytecode. */
export declare function poseidonContract(): CompiledContract;
