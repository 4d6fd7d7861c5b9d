/** Warm witness generation: a circuit's wasm is compiled once and reused for every input. */
import { WitnessCalculatorBuilder, type WitnessCalculator } from 'circom_runtime';
import { FR_ORDER, readFileBytes } from '@zkr/bn254';
import type { ZkrError } from '@zkr/errors';
import { circuitsError, type CircuitsErrorCode } from './errors';
import type { CircuitInput } from './input';

/**
 * The failing frames of the latest failure, innermost first (`Error in template T line: L`).
 * circom_runtime never clears its message buffer, so earlier failures precede it; every trace
 * ends with the main template's frame, which marks where the previous trace stopped.
 */
function lastTrace(message: string): string[] {
  const frames = [...message.matchAll(/Error in template (\S+) line: (\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
  const main = frames[frames.length - 1]?.split(':')[0];
  let start = frames.length - 1;
  while (start > 0 && frames[start - 1].split(':')[0] !== main) start--;
  return frames.slice(start);
}

/** Classifies a circom runtime failure: a violated constraint or a malformed input. */
function witnessError(cause: unknown): ZkrError<CircuitsErrorCode> {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (message.includes('Assert Failed')) {
    const trace = lastTrace(message);
    return circuitsError('WITNESS_CONSTRAINT_FAILED', `no witness exists for this input: a circuit constraint fails (${trace.join(' < ') || 'in the circuit'}); the batch breaks a protocol rule or does not match its public input`, {
      details: { trace },
      cause,
    });
  }
  return circuitsError('INVALID_CIRCUIT_INPUT', `the circuit rejected the input signals (${message.trim()}); pass the object made by batchToCircuitInput for this circuit instance`, {
    cause,
  });
}

/** Computes witnesses (snarkjs `.wtns` bytes) for one compiled circuit, keeping its wasm warm. */
export class WitnessGenerator {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly calculator: WitnessCalculator) {}

  /** Loads the circuit's witness wasm: `FILE_MISSING` if it cannot be read, `WASM_INVALID` if it is not a BN254 circom wasm. */
  static async create(wasmPath: string): Promise<WitnessGenerator> {
    const code = await readFileBytes(wasmPath, 'witness wasm (compile the circuit with `zkr circuit compile`)');
    let calculator: WitnessCalculator;
    try {
      calculator = await WitnessCalculatorBuilder(code);
    } catch (cause) {
      throw circuitsError('WASM_INVALID', `${wasmPath} is not a circom witness wasm; recompile the circuit`, { details: { wasmPath }, cause });
    }
    if (calculator.prime !== FR_ORDER) {
      throw circuitsError('WASM_INVALID', `${wasmPath} was compiled for another field than BN254; recompile the circuit`, {
        details: { wasmPath, prime: calculator.prime.toString() },
      });
    }
    return new WitnessGenerator(calculator);
  }

  /** Number of witness values (wires) per witness, including the constant `1`. */
  get witnessSize(): number {
    return this.calculator.witnessSize;
  }

  /**
   * Computes the witness of `input` as `.wtns` bytes. Throws `WITNESS_CONSTRAINT_FAILED` when no
   * witness exists (a circuit constraint fails) and `INVALID_CIRCUIT_INPUT` for missing, extra
   * or mis-sized signals. Calls are serialized on the one wasm instance.
   */
  compute(input: CircuitInput | Readonly<Record<string, unknown>>): Promise<Uint8Array> {
    const run = this.queue.then(async () => {
      try {
        // sanityCheck makes the wasm check every `===` and every signal assigned once.
        return await this.calculator.calculateWTNSBin(input as Record<string, unknown>, true);
      } catch (cause) {
        throw witnessError(cause);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
