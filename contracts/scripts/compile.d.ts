/** Types of `compile.js` (the build-time solc-js compile of `contracts/src`). */

/** One compiled contract: its ABI and creation bytecode. */
export interface CompiledContract {
  readonly abi: readonly Record<string, unknown>[];
  readonly bytecode: `0x${string}`;
}

/** The deployable contracts the build ships. */
export declare const SHIPPED: readonly string[];

/** solc standard JSON input of every `src/*.sol` with the settings of `solc.json`. */
export declare function standardJsonInput(): { version: string; settings: Record<string, unknown>; input: { language: 'Solidity'; sources: Record<string, { content: string }>; settings: Record<string, unknown> } };

/** Compiles the sources with the pinned solc-js. */
export declare function compileContracts(): {
  compiler: { version: string; settings: Record<string, unknown> };
  contracts: Record<string, CompiledContract>;
};
