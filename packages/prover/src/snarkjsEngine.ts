/**
 * The reference engine: snarkjs's own `groth16.prove`, fed from memory (the zkey bytes are read
 * once per artifact load), on ffjavascript's shared thread pool (one worker per core).
 */
import { acquireCurve, snarkjs, type CurveLease, type SnarkjsLogger } from '@zkr/bn254';
import type { EngineName, ProgressListener, ProofWithSignals, ProverEngine } from './engine';
import { proverError } from './errors';
import type { Witness } from './witness';

/** snarkjs log markers of each proving stage, with the fraction of the proof done when it starts. */
const STAGES: ReadonlyArray<readonly [marker: string, stage: string, fraction: number]> = [
  ['Building ABC', 'abc', 0.02],
  ['IFFT_A', 'fft', 0.05],
  ['Join ABC', 'fft', 0.18],
  ['Reading A Points', 'msm-a', 0.2],
  ['Reading B1 Points', 'msm-b1', 0.33],
  ['Reading B2 Points', 'msm-b2', 0.46],
  ['Reading C Points', 'msm-c', 0.72],
  ['Reading H Points', 'msm-h', 0.84],
];

function progressLogger(onProgress: ProgressListener): SnarkjsLogger {
  let next = 0;
  const debug = (message: string): void => {
    const stage = STAGES[next];
    if (stage && message.includes(stage[0])) {
      next += 1;
      onProgress({ stage: stage[1], fraction: stage[2] });
    }
  };
  const ignore = (): void => undefined;
  return { debug, info: ignore, warn: ignore, error: ignore };
}

function closedError() {
  return proverError('PROVER_CLOSED', 'the Prover was closed while this proof was running; open a new Prover');
}

/** The snarkjs reference engine over an in-memory zkey. */
export class SnarkjsEngine implements ProverEngine {
  readonly name: EngineName = 'snarkjs';

  private closed = false;
  /** The proof snarkjs is computing, if any: {@link close} waits for it before ending the curve's workers. */
  private running: Promise<unknown> | undefined;

  private constructor(
    private readonly zkey: Uint8Array,
    private readonly lease: CurveLease,
  ) {}

  /** Creates the engine, starting (or sharing) ffjavascript's worker pool. */
  static async create(zkey: Uint8Array): Promise<SnarkjsEngine> {
    return new SnarkjsEngine(zkey, await acquireCurve());
  }

  /** ffjavascript sizes its pool to the machine's cores. */
  get threads(): number {
    return this.lease.curve.tm.concurrency;
  }

  /** Proves `witness`; `PROVER_CLOSED` when the engine is closed before or while it runs. */
  async prove(witness: Witness, onProgress?: ProgressListener): Promise<ProofWithSignals> {
    if (this.closed) throw closedError();
    onProgress?.({ stage: 'start', fraction: 0 });
    const logger = onProgress ? progressLogger(onProgress) : undefined;
    const proof = snarkjs().groth16.prove({ type: 'mem', data: this.zkey }, { type: 'mem', data: witness.wtns }, logger);
    this.running = proof.catch(() => undefined);
    let result: ProofWithSignals;
    try {
      result = await proof;
    } finally {
      this.running = undefined;
    }
    // snarkjs cannot be interrupted: a proof that finishes after close() is discarded, as the zkr engine's is.
    if (this.closed) throw closedError();
    onProgress?.({ stage: 'done', fraction: 1 });
    return result;
  }

  /** Lets a running proof finish (it then rejects with `PROVER_CLOSED`) and releases the curve. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.running;
    await this.lease.release();
  }
}
