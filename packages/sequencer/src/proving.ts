/**
 * Who proves the node's batches. By default a Prover in this process (one batch at a time, the
 * next one built meanwhile); with a proving fleet (`zkr node --redis`) the batches go to
 * `zkr prover worker` processes as BullMQ jobs, several at once, and every returned proof is
 * verified here before the node stores it. Either way the node submits strictly in order.
 */
import type { CircuitInstance } from '@zkr/circuits';
import { ProvingQueue, type QueueEvent } from '@zkr/fleet';
import { Prover, type EngineName, type Groth16Proof, type ProgressListener } from '@zkr/prover';
import type { Batch } from '@zkr/state';

/** A batch's proof as the node stores it. */
export interface BatchProof {
  readonly proof: Groth16Proof;
  readonly publicSignals: readonly string[];
  /** Milliseconds the proof took where it was made (witness + proof). */
  readonly proveMs: number;
  /** The fleet worker that made it. */
  readonly workerId?: string;
}

/** What the Sequencer proves with. */
export interface BatchProver {
  /** The in-process engine (`zkr` when `native` could not load), or `fleet`. */
  readonly engineName: EngineName | 'fleet';
  /** The circuit instance of the artifacts. */
  readonly instance: CircuitInstance | undefined;
  /** Batches proved at the same time. */
  readonly parallelism: number;
  prove(batch: Batch): Promise<BatchProof>;
  close(): Promise<void>;
}

/** A Prover of `artifactsDir` in this process; `onProgress` follows each proof. */
export async function openLocalProver(artifactsDir: string, engine: EngineName, onProgress: ProgressListener): Promise<BatchProver> {
  const prover = await Prover.fromArtifacts(artifactsDir, { engine, onProgress });
  return {
    engineName: prover.engineName,
    instance: prover.instance,
    parallelism: 1,
    async prove(batch) {
      const result = await prover.prove(batch);
      return { proof: result.proof, publicSignals: result.publicSignals, proveMs: Math.round(result.timings.totalMs) };
    },
    close: () => prover.close(),
  };
}

/** Options of {@link openFleetProver}. */
export interface FleetProverOptions {
  readonly redisUrl: string;
  readonly queueName?: string;
  /** The artifact directory of the rollup's circuit: its verification key checks every proof. */
  readonly artifactsDir: string;
  /** Batches in the fleet at once (default 4). */
  readonly parallelism?: number;
  readonly onEvent?: (event: QueueEvent) => void;
}

/** The proving fleet behind `redisUrl` (see the module comment). */
export async function openFleetProver(options: FleetProverOptions): Promise<BatchProver> {
  const queue = await ProvingQueue.fromArtifacts(options.artifactsDir, { redisUrl: options.redisUrl, queueName: options.queueName, onEvent: options.onEvent });
  return {
    engineName: 'fleet',
    instance: queue.instance,
    parallelism: options.parallelism ?? 4,
    async prove(batch) {
      const result = await queue.prove(batch);
      return { proof: result.proof, publicSignals: result.publicSignals, proveMs: result.proveMs, workerId: result.workerId };
    },
    close: () => queue.close(),
  };
}
