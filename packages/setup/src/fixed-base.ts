/**
 * A pool of worker threads computing k_i * G for the fixed generators of G1 and G2
 * (see fixed-base-worker.ts for the method). Results come back in input order as snarkjs
 * LEM-encoded affine points.
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fixedBaseWorkerMain } from './fixed-base-worker';
import { writeLE32 } from './field';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildBn128 } = require('ffjavascript') as {
  buildBn128: (singleThread: boolean) => Promise<{ tm: { code: Uint8Array; memory: { buffer: ArrayBuffer }; pG1gen: number; pG2gen: number } }>;
};

/** A generator group: G1 (64-byte points) or G2 (128-byte points). */
export type Group = 'G1' | 'G2';

/** Encoded affine point size in bytes. */
export const POINT_SIZE: Readonly<Record<Group, number>> = { G1: 64, G2: 128 };

const CHUNK = 4096;

interface Pending {
  resolve: (points: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** Worker pool for batched fixed-base scalar multiplication; call {@link terminate} when done. */
export class GeneratorMultiplier {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextWorker = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (msg: { id: number; points?: Uint8Array; error?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.points) p.resolve(msg.points);
        else p.reject(new Error(`fixed-base worker failed: ${msg.error}`));
      });
      worker.on('error', (error) => this.failAll(error));
    }
  }

  /** Starts `threads` workers (default: one per core). */
  static async start(threads: number = cpus().length): Promise<GeneratorMultiplier> {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`threads must be an integer >= 1, got ${threads}`);
    }
    // A single-threaded curve starts no workers; it only builds the wasm module the workers run.
    const { tm } = await buildBn128(true);
    const workerData = {
      wasm: tm.code,
      initialPages: tm.memory.buffer.byteLength / 65536,
      pG1gen: tm.pG1gen,
      pG2gen: tm.pG2gen,
      maxChunk: CHUNK,
    };
    const code = `(${fixedBaseWorkerMain.toString()})()`;
    const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true, workerData }));
    return new GeneratorMultiplier(workers);
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * Computes scalars[i] * G for every i, handing the encoded points to `sink` chunk by chunk in
   * input order. Scalar buffers are zeroed after use; at most 2 chunks per worker are in flight.
   */
  async multiply(group: Group, scalars: readonly bigint[], sink: (points: Uint8Array) => Promise<void>): Promise<void> {
    const window = this.workers.length * 2;
    const inFlight: Promise<Uint8Array>[] = [];
    for (let start = 0; start < scalars.length || inFlight.length > 0; ) {
      while (start < scalars.length && inFlight.length < window) {
        const end = Math.min(start + CHUNK, scalars.length);
        inFlight.push(this.submit(group, scalars, start, end));
        start = end;
      }
      const points = await inFlight.shift()!;
      await sink(points);
    }
  }

  /** Convenience: multiplies and returns all points concatenated. */
  async multiplyAll(group: Group, scalars: readonly bigint[]): Promise<Uint8Array> {
    const out = new Uint8Array(scalars.length * POINT_SIZE[group]);
    let pos = 0;
    await this.multiply(group, scalars, async (points) => {
      out.set(points, pos);
      pos += points.byteLength;
    });
    return out;
  }

  /** Stops every worker. */
  async terminate(): Promise<void> {
    this.failAll(new Error('fixed-base pool terminated'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private submit(group: Group, scalars: readonly bigint[], start: number, end: number): Promise<Uint8Array> {
    const bytes = new Uint8Array((end - start) * 32);
    for (let i = start; i < end; i++) writeLE32(scalars[i], bytes, (i - start) * 32);
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker];
    this.nextWorker = (this.nextWorker + 1) % this.workers.length;
    const result = new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, group, scalars: bytes }, [bytes.buffer]);
    });
    // Observed by multiply() in order; this keeps a later failure from being reported as unhandled.
    result.catch(() => undefined);
    return result;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
