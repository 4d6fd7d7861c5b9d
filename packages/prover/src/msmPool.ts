/**
 * A pool of MSM workers (msm.worker.ts) holding the proving key's point sections resident: points
 * are copied into the workers once (through one SharedArrayBuffer), so a proof sends only scalars.
 * Worker `k` of `W` owns the points whose index is `k mod W` in every section, which balances
 * sparse witnesses across workers without any per-proof coordination.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { G1_AFFINE_BYTES, G2_AFFINE_BYTES, launchWorker } from '@zkr/bn254';
import type { ZkrError } from '@zkr/errors';
import { proverError, type ProverErrorCode } from './errors';
import type { MsmMessage, MsmReply, SectionLayout } from './msm.worker';

/** A point section to keep resident: the affine LEM points of `group`, under id `id`. */
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

interface Pending {
  resolve(point: Uint8Array): void;
  reject(error: ZkrError<ProverErrorCode>): void;
}

function workerFailed(message: string, cause?: unknown): ZkrError<ProverErrorCode> {
  return proverError('ENGINE_FAILED', `an MSM worker failed (${message}); retry with --engine snarkjs and report the bug`, { details: { message }, cause });
}

/** The resident-bases MSM worker pool. */
export class MsmPool {
  private nextId = 0;
  private closed = false;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: MsmReply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(workerFailed(error.message, error)));
    }
  }

  /** Starts `threads` workers (default: available cores) and loads `sections` into them; `INVALID_ARGUMENT` for a bad count. */
  static async start(code: Uint8Array, sections: readonly ResidentSection[], threads = availableParallelism()): Promise<MsmPool> {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw proverError('INVALID_ARGUMENT', `threads must be an integer in [1, 256], got ${threads}`, { details: { field: 'threads', value: threads } });
    }
    const total = sections.reduce((n, s) => n + s.bytes.byteLength, 0);
    const shared = new SharedArrayBuffer(total);
    const layout: SectionLayout[] = [];
    let offset = 0;
    for (const s of sections) {
      new Uint8Array(shared, offset, s.bytes.byteLength).set(s.bytes);
      layout.push({ id: s.id, group: s.group, offset, count: s.bytes.byteLength / (s.group === 1 ? G1_AFFINE_BYTES : G2_AFFINE_BYTES) });
      offset += s.bytes.byteLength;
    }
    const workers = Array.from({ length: threads }, () => launchWorker(__dirname, 'msm.worker'));
    try {
      await Promise.all(
        workers.map(
          (worker, index) =>
            new Promise<void>((resolve, reject) => {
              worker.once('message', (reply: MsmReply) => (reply.type === 'ready' ? resolve() : reject(workerFailed(reply.type === 'error' ? reply.message : 'unexpected reply'))));
              worker.once('error', (error) => reject(workerFailed(error.message, error)));
              worker.postMessage({ type: 'init', code, shared, sections: layout, index, stride: threads } satisfies MsmMessage);
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
    for (const worker of this.workers) worker.postMessage({ type: 'scalars', name, data } satisfies MsmMessage);
  }

  /** Runs one MSM on every worker; resolves with each worker's partial result (Jacobian, Montgomery). `PROVER_CLOSED` after {@link close}. */
  msm(request: MsmRequest): Promise<Uint8Array>[] {
    return this.workers.map((worker) => {
      if (this.closed) return Promise.reject(proverError('PROVER_CLOSED', 'the MSM pool was closed; open a new Prover'));
      const id = this.nextId++;
      const promise = new Promise<Uint8Array>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      worker.postMessage({ type: 'msm', id, ...request } satisfies MsmMessage);
      return promise;
    });
  }

  /** Terminates every worker; pending MSMs fail with `PROVER_CLOSED`. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.failAll(proverError('PROVER_CLOSED', 'the MSM pool was closed while a proof was running; open a new Prover'));
  }

  private settle(reply: MsmReply): void {
    if (reply.type === 'ready') return;
    const pending = reply.id === undefined ? undefined : this.pending.get(reply.id);
    if (!pending) return this.failAll(workerFailed(reply.type === 'error' ? reply.message : 'unexpected MSM reply'));
    this.pending.delete(reply.id!);
    if (reply.type === 'result') pending.resolve(reply.point);
    else pending.reject(workerFailed(reply.message));
  }

  private failAll(error: ZkrError<ProverErrorCode>): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
