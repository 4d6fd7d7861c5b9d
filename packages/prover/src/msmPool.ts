/**
 * A pool of MSM workers holding the proving key's point sections resident: points are copied
 * into the workers once (through one SharedArrayBuffer), so a proof sends only scalars.
 * Worker `k` of `W` owns the points whose index is `k mod W` in every section, which balances
 * sparse witnesses across workers without any per-proof coordination.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ZkrError } from '@zkr/errors';
import { MSM_WORKER_SOURCE } from './msmWorkerSource';

/** A point section to keep resident: `count` affine points of `group` at `offset` in the shared bytes. */
export interface ResidentSection {
  readonly id: number;
  readonly group: 1 | 2;
  readonly bytes: Uint8Array;
}

/** One MSM request: section `section` against scalar set `scalars`, scalar `i + offset` for point `i`. */
export interface MsmRequest {
  readonly section: number;
  readonly scalars: string;
  readonly offset: number;
}

type Reply = { type: 'ready' } | { type: 'result'; id: number; point: Uint8Array } | { type: 'error'; id?: number; message: string };

interface Pending {
  resolve(point: Uint8Array): void;
  reject(error: Error): void;
}

/** The resident-bases MSM worker pool. */
export class MsmPool {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(error));
    }
  }

  /** Starts `threads` workers (default: available cores) and loads `sections` into them. */
  static async start(code: Uint8Array, sections: readonly ResidentSection[], threads = availableParallelism()): Promise<MsmPool> {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new ZkrError('INVALID_ARGUMENT', `threads must be an integer in [1, 256], got ${threads}`, { details: { field: 'threads', value: threads } });
    }
    const total = sections.reduce((n, s) => n + s.bytes.byteLength, 0);
    const shared = new SharedArrayBuffer(total);
    const layout: { id: number; group: 1 | 2; offset: number; count: number }[] = [];
    let offset = 0;
    for (const s of sections) {
      new Uint8Array(shared, offset, s.bytes.byteLength).set(s.bytes);
      layout.push({ id: s.id, group: s.group, offset, count: s.bytes.byteLength / (s.group === 1 ? 64 : 128) });
      offset += s.bytes.byteLength;
    }
    const workers = Array.from({ length: threads }, () => new Worker(MSM_WORKER_SOURCE, { eval: true }));
    try {
      await Promise.all(
        workers.map(
          (worker, index) =>
            new Promise<void>((resolve, reject) => {
              worker.once('message', (reply: Reply) => (reply.type === 'ready' ? resolve() : reject(new Error(reply.type === 'error' ? reply.message : 'unexpected reply'))));
              worker.once('error', reject);
              worker.postMessage({ type: 'init', code, shared, sections: layout, index, stride: threads });
            }),
        ),
      );
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    return new MsmPool(workers);
  }

  /** Number of workers. */
  get size(): number {
    return this.workers.length;
  }

  /** Sends a scalar set (little-endian 32-byte values, standard form) to every worker under `name`. */
  setScalars(name: string, data: Uint8Array): void {
    for (const worker of this.workers) worker.postMessage({ type: 'scalars', name, data });
  }

  /** Runs one MSM on every worker; resolves with each worker's partial result (Jacobian, Montgomery). */
  msm(request: MsmRequest): Promise<Uint8Array>[] {
    return this.workers.map((worker) => {
      const id = this.nextId++;
      const promise = new Promise<Uint8Array>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      worker.postMessage({ type: 'msm', id, ...request });
      return promise;
    });
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(new Error('MSM pool closed'));
  }

  private settle(reply: Reply): void {
    if (reply.type === 'ready') return;
    const pending = reply.id === undefined ? undefined : this.pending.get(reply.id);
    if (!pending) return this.failAll(new Error(reply.type === 'error' ? reply.message : 'unexpected MSM reply'));
    this.pending.delete(reply.id!);
    if (reply.type === 'result') pending.resolve(reply.point);
    else pending.reject(new ZkrError('ENGINE_FAILED', `an MSM worker failed (${reply.message}); retry with --engine snarkjs and report the bug`, { details: { message: reply.message } }));
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
