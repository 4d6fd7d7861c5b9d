/** The part of circom_runtime (installed with snarkjs) that @zkr/circuits uses. */
declare module 'circom_runtime' {
  /** A loaded circom 2 witness calculator; one wasm instance, reused across inputs. */
  export interface WitnessCalculator {
    readonly witnessSize: number;
    readonly prime: bigint;
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
  }
  /** Compiles and instantiates a circom witness wasm. */
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: { sanityCheck?: boolean }): Promise<WitnessCalculator>;
}
