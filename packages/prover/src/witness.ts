/**
 * Warm witness generation: the circuit's wasm is compiled once and reused for every input.
 */
import { ZkrError } from '@zkr/errors';
import { buildWitnessCalculator, type CircomWitnessCalculator } from './vendor';
import { BN254_R } from './zkey';

/** Circuit input as circom expects it: signal name to value(s); bigints, numbers or decimal strings. */
export type CircuitInput = Readonly<Record<string, unknown>>;

/** A computed witness in snarkjs's `.wtns` binary format, with its variable count. */
export interface Witness {
  /** The complete `.wtns` file bytes (what `snarkjs wtns calculate` writes). */
  readonly wtns: Uint8Array;
  /** The witness values, `nVars` little-endian 32-byte field elements (a view into `wtns`). */
  readonly values: Uint8Array;
  readonly nVars: number;
}

/** Offset of the witness values in a `.wtns` file written by circom_runtime (header 12 + section 1 header 12 + 40 + section 2 header 12). */
const WTNS_VALUES_OFFSET = 12 + 12 + 4 + 32 + 4 + 12;

/** A compiled circuit witness calculator that stays warm across inputs. */
export class WitnessCalculator {
  private constructor(private readonly calculator: CircomWitnessCalculator) {}

  /** Compiles the circuit's witness wasm; `WITNESS_WASM_INVALID` when the bytes are not a circom witness wasm. */
  static async load(wasm: Uint8Array): Promise<WitnessCalculator> {
    let calculator: CircomWitnessCalculator;
    try {
      calculator = await buildWitnessCalculator(wasm);
    } catch (cause) {
      throw new ZkrError('WITNESS_WASM_INVALID', 'circuit.wasm is not a circom witness generator; recompile the circuit with `zkr setup`', { cause });
    }
    if (calculator.prime !== BN254_R) {
      throw new ZkrError('WITNESS_WASM_INVALID', 'circuit.wasm was compiled for another curve than BN254; recompile the circuit with `--prime bn128`', {
        details: { prime: calculator.prime.toString() },
      });
    }
    return new WitnessCalculator(calculator);
  }

  /** Number of witness variables the circuit produces. */
  get nVars(): number {
    return this.calculator.witnessSize;
  }

  /** Computes the witness of `input`; `CIRCUIT_INPUT_INVALID` when the circuit rejects it. */
  async compute(input: CircuitInput): Promise<Witness> {
    let wtns: Uint8Array;
    try {
      wtns = await this.calculator.calculateWTNSBin(input as Record<string, unknown>, true);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new ZkrError('CIRCUIT_INPUT_INVALID', `the circuit rejected the input (${reason}); check that it was built for this circuit's depth and batch size`, {
        details: { reason },
        cause,
      });
    }
    const nVars = this.calculator.witnessSize;
    return { wtns, values: wtns.subarray(WTNS_VALUES_OFFSET, WTNS_VALUES_OFFSET + nVars * 32), nVars };
  }
}
