/**
 * A pool of worker threads computing k_i * G for the fixed generators of G1 and G2
 * (see fixed-base.worker.ts for the method). Results come back in input order as snarkjs
 * LEM-encoded affine points.
 */
import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { bn128Module, FR_ORDER, G1_AFFINE_BYTES, G2_AFFINE_BYTES, launchWorker, writeUintLE } from '@zkr/bn254';
import type { ZkrError } from '@zkr/errors';
import { setupError, type SetupErrorCode } from './errors';
import type { FixedBaseReply, FixedBaseRequest, FixedBaseWorkerData } from './fixed-base.worker';

/** A generator group: G1 (64-byte points) or G2 (128-byte points). */
export type Group = 'G1' | 'G2';

/** Encoded affine point size in bytes. */
export const POINT_SIZE: Readonly<Record<Group, number>> = { G1: G1_AFFINE_BYTES, G2: G2_AFFINE_BYTES };

const CHUNK = 4096;
/** Widest table window: 2^16 entries per window (64 MiB of G1, 128 MiB of G2 per worker). */
const MAX_WINDOW_BITS = 16;

/** Table window widths (bits) per group; see {@link windowBitsFor}. */
export type WindowBits = Readonly<Record<Group, number>>;

/**
 * The window width that minimises table building plus multiplication, ceil(256 / w) (2^w + points)
 * additions, for a worker that will compute `points` points of one group (at most 16 bits).
 */
export function windowBitsFor(points: number): number {
  let best = 1;
  const cost = (w: number): number => Math.ceil(256 / w) * (2 ** w + points);
  for (let w = 2; w <= MAX_WINDOW_BITS; w++) if (cost(w) < cost(best)) best = w;
  return best;
}

interface Pending {
  resolve: (points: Uint8Array) => void;
  reject: (error: ZkrError<SetupErrorCode>) => void;
}

/** Worker pool for batched fixed-base scalar multiplication; call {@link terminate} when done. */
export class GeneratorMultiplier {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextWorker = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (msg: FixedBaseReply) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if ('points' in msg) p.resolve(msg.points);
        else p.reject(setupError('WORKER_FAILED', `a fixed-base worker failed (${msg.error}); retry, and report the bug if it persists`, { details: { message: msg.error } }));
      });
      worker.on('error', (cause) => this.failAll(setupError('WORKER_FAILED', `a fixed-base worker crashed (${cause.message}); retry`, { cause })));
    }
  }

  /**
   * Starts `threads` workers (default: one per core) with tables of `windowBits` (default 8 bits;
   * wider windows pay off for large batches, see {@link windowBitsFor}); `INVALID_ARGUMENT` unless
   * `threads` is an integer >= 1 and every width an integer in 1..16.
   */
  static async start(threads: number = cpus().length, windowBits: WindowBits = { G1: 8, G2: 8 }): Promise<GeneratorMultiplier> {
    if (!Number.isInteger(threads) || threads < 1) {
      throw setupError('INVALID_ARGUMENT', `threads must be an integer >= 1, got ${threads}`, { details: { field: 'threads', value: threads } });
    }
    for (const group of ['G1', 'G2'] as const) {
      const bits = windowBits[group];
      if (!Number.isInteger(bits) || bits < 1 || bits > MAX_WINDOW_BITS) {
        throw setupError('INVALID_ARGUMENT', `windowBits.${group} must be an integer in 1..${MAX_WINDOW_BITS}, got ${bits}`, { details: { field: `windowBits.${group}`, value: bits } });
      }
    }
    const { code, pG1gen, pG2gen } = bn128Module();
    const workerData: FixedBaseWorkerData = { code, pG1gen, pG2gen, maxChunk: CHUNK, windowBits: { G1: windowBits.G1, G2: windowBits.G2 } };
    return new GeneratorMultiplier(Array.from({ length: threads }, () => launchWorker(__dirname, 'fixed-base.worker', { workerData })));
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * Computes scalars[i] * G for every i (each 0 <= k < r, else `INVALID_ARGUMENT`), handing the
   * encoded points to `sink` chunk by chunk in input order. Scalar buffers are zeroed after use; at
   * most 2 chunks per worker are in flight.
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

  /** Stops every worker; pending work fails with `WORKER_FAILED`. */
  async terminate(): Promise<void> {
    this.failAll(setupError('WORKER_FAILED', 'the fixed-base pool was terminated with work pending; start a new one'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private submit(group: Group, scalars: readonly bigint[], start: number, end: number): Promise<Uint8Array> {
    const bytes = new Uint8Array((end - start) * 32);
    for (let i = start; i < end; i++) {
      const k = scalars[i];
      // The workers' affine sums rely on canonical scalars (see fixed-base.worker.ts).
      if (k < 0n || k >= FR_ORDER) {
        bytes.fill(0);
        throw setupError('INVALID_ARGUMENT', `scalar ${i} is not a field element (0 <= k < r); reduce it mod r first`, { details: { field: 'scalars', index: i } });
      }
      writeUintLE(bytes, (i - start) * 32, 32, k);
    }
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker];
    this.nextWorker = (this.nextWorker + 1) % this.workers.length;
    const result = new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, group, scalars: bytes } satisfies FixedBaseRequest, [bytes.buffer]);
    });
    // Observed by multiply() in order; this keeps a later failure from being reported as unhandled.
    result.catch(() => undefined);
    return result;
  }

  private failAll(error: ZkrError<SetupErrorCode>): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
