/**
 * EdDSA-Poseidon signature checks off the event loop: a pool of worker threads, each with its own
 * crypto suite, giving `suite.eddsa.verify`'s verdicts (the builder's own check, so the mempool and
 * the builder never disagree): by default through `@zkr/native`'s addon (the worker hashes, the
 * addon checks the curve equation), else, or with `engine: 'js'` or `ZKR_NATIVE=0`, by calling
 * `suite.eddsa.verify` itself. Concurrent `check` calls are coalesced into batches of up to
 * {@link BATCH_LIMIT} checks, spread over the workers, so the HTTP thread only hashes messages and
 * parses requests. Malformed values (not bigints, out of range) are rejected here, as `verify`
 * rejects them, without a round trip.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { launchWorker } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { nativeStatus } from '@zkr/native';
import { isFieldElement, SUBGROUP_ORDER, type CryptoSuite, type PublicKey, type Signature } from '@zkr/state';
import { sequencerError } from './errors';
import type { SignatureEngine, VerifyReply, VerifyRequest, VerifyWorkerData, WireCheck } from './signatures/verify.worker';

export type { SignatureEngine } from './signatures/verify.worker';

/** One signature to check: the signed message, the signature and the signer's key. */
export interface SignatureCheck {
  readonly message: bigint;
  readonly signature: Signature;
  readonly publicKey: PublicKey;
}

/** Checks signatures on worker threads; `close()` ends them. */
export interface SignatureChecker {
  /** Worker threads. */
  readonly threads: number;
  /** How the workers check signatures (the node logs it). */
  readonly engine: SignatureEngine;
  /** One verdict per item, in order (`true`: the signature verifies). `NOT_RUNNING` after `close()`. */
  check(items: readonly SignatureCheck[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Options of {@link createSignatureChecker}. */
export interface SignatureCheckerOptions {
  readonly suite: CryptoSuite;
  /** Worker threads (default: the machine's parallelism, at least 1). */
  readonly threads?: number;
  /** The workers' engine (default: `native` when `@zkr/native`'s addon can be used, else `js`). */
  readonly engine?: SignatureEngine;
}

/** Most checks sent to a worker in one message. */
export const BATCH_LIMIT = 64;

interface Waiting {
  readonly wire: WireCheck;
  readonly resolve: (verdict: boolean) => void;
  readonly reject: (error: unknown) => void;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** The check as it travels, or undefined when `verify` would refuse its values outright. */
function wireOf({ message, signature, publicKey }: SignatureCheck): WireCheck | undefined {
  if (typeof signature !== 'object' || signature === null || !Array.isArray(publicKey)) return undefined;
  const { R8x, R8y, S } = signature;
  if (![message, R8x, R8y, publicKey[0], publicKey[1]].every(isFieldElement)) return undefined;
  if (typeof S !== 'bigint' || S < 0n || S >= SUBGROUP_ORDER) return undefined;
  return [hex(message), hex(R8x), hex(R8y), hex(S), hex(publicKey[0]), hex(publicKey[1])];
}

class WorkerChecker implements SignatureChecker {
  private queue: Waiting[] = [];
  private readonly inFlight = new Map<number, { worker: Worker; waiting: Waiting[] }>();
  private nextId = 0;
  private nextWorker = 0;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly workers: readonly Worker[],
    readonly engine: SignatureEngine,
  ) {
    for (const worker of workers) {
      worker.on('message', (reply: VerifyReply) => this.onReply(reply));
      worker.on('error', (error) => this.failAll(error));
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  check(items: readonly SignatureCheck[]): Promise<boolean[]> {
    if (this.closed) return Promise.reject(sequencerError('NOT_RUNNING', 'the signature checker is closed; create a new one'));
    return Promise.all(items.map((item) => {
      const wire = wireOf(item);
      if (!wire) return Promise.resolve(false);
      return new Promise<boolean>((resolve, reject) => {
        this.queue.push({ wire, resolve, reject });
        this.schedule();
      });
    }));
  }

  private schedule(): void {
    if (this.queue.length >= BATCH_LIMIT * this.workers.length) this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const per = Math.min(BATCH_LIMIT, Math.ceil(this.queue.length / this.workers.length));
      const waiting = this.queue.splice(0, per);
      const worker = this.workers[this.nextWorker++ % this.workers.length];
      const id = this.nextId++;
      this.inFlight.set(id, { worker, waiting });
      worker.postMessage({ id, checks: waiting.map((w) => w.wire) } satisfies VerifyRequest);
    }
  }

  private onReply(reply: VerifyReply): void {
    if (reply.type === 'ready') return;
    const job = reply.id === undefined ? undefined : this.inFlight.get(reply.id);
    if (!job || reply.id === undefined) return;
    this.inFlight.delete(reply.id);
    if (reply.type === 'result') reply.verdicts.forEach((v, i) => job.waiting[i].resolve(v));
    else job.waiting.forEach((w) => w.reject(sequencerError('INVALID_ARGUMENT', `a signature worker failed: ${reply.message}`)));
  }

  private failAll(error: unknown): void {
    const failure = isZkrError(error) ? error : sequencerError('NOT_RUNNING', `a signature worker stopped (${error instanceof Error ? error.message : String(error)}); restart the node`, { cause: error });
    for (const job of this.inFlight.values()) job.waiting.forEach((w) => w.reject(failure));
    this.inFlight.clear();
    this.queue.forEach((w) => w.reject(failure));
    this.queue = [];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(sequencerError('NOT_RUNNING', 'the signature checker was closed while checks were waiting; submit them again to a running node'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The engine to start the workers with: the requested one if it can run here, else the best available. */
function engineOf(requested: SignatureEngine | undefined): SignatureEngine {
  if (requested !== undefined && requested !== 'native' && requested !== 'js') {
    throw sequencerError('INVALID_ARGUMENT', `engine must be 'native' or 'js', got ${String(requested)}`, { details: { field: 'engine', value: String(requested) } });
  }
  const status = nativeStatus();
  if (requested === 'native' && !status.available) {
    throw sequencerError('INVALID_ARGUMENT', `engine 'native' cannot be used: ${status.reason}; omit engine to check signatures in JavaScript`, { details: { field: 'engine', value: requested } });
  }
  return requested ?? (status.available ? 'native' : 'js');
}

/** Starts `threads` signature workers on `engine` and waits until each is ready. */
export async function createSignatureChecker(options: SignatureCheckerOptions): Promise<SignatureChecker> {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 64) {
    throw sequencerError('INVALID_ARGUMENT', `threads must be an integer 1 <= threads <= 64, got ${String(threads)}`, { details: { field: 'threads', value: threads } });
  }
  const engine = engineOf(options.engine);
  const workerData: VerifyWorkerData = { engine };
  const workers = Array.from({ length: threads }, () => launchWorker(join(__dirname, 'signatures'), 'verify.worker', { workerData }));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const onMessage = (reply: VerifyReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'error') reject(sequencerError('NOT_RUNNING', `a signature worker failed to start: ${reply.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    })));
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  return new WorkerChecker(workers, engine);
}
