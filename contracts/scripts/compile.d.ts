/** Types of `compile.js` (the build-time solc-js compile of `contracts/src`). */

/** One compiled contract: its ABI and creation bytecode. */
export interface CompiledContract {
  readonly abi: readonly Record<string, unknown>[];
  readonly bytecode: `0x${string}`;
}

/** The deployable contracts the build ships. */
export declare const SHIPPED: readonly string[];

/** The interfaces whose ABIs the build needs (the Poseidon hashers'), by source file. */
export declare const INTERFACES: Readonly<Record<'IPoseidon2' | 'IPoseidon4', string>>;

/** solc standard JSON input of every `src/*.sol` with the settings of `solc.json`. */
export declare function standardJsonInput(): { version: string; settings: Record<string, unknown>; input: { language: 'Solidity'; sources: Record<string, { content: string }>; settings: Record<string, unknown> } };

/** Compiles the sources with the pinned solc-js: the shipped contracts and the ABIs of `INTERFACES`. */
export declare function compileContracts(): {
  compiler: { version: string; settings: Record<string, unknown> };
  contracts: Record<string, CompiledContract>;
  interfaces: Record<'IPoseidon2' | 'IPoseidon4', CompiledContract['abi']>;
};
