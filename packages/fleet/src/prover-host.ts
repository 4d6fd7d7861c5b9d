/**
 * A Prover resident in its own child process (prover-host.worker.ts). The BullMQ worker's event
 * loop only sends batch JSON and receives proofs, so its lock renewals and stalled checks run on
 * time however long a proof takes (the witness and parts of the zkr engine run on the thread that
 * calls `prove`, up to ~2 s per proof at depth 8 on this machine). A process rather than a worker
 * thread: snarkjs's `web-worker` dependency takes over any non-main thread that loads it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { childProcessArgs } from '@zkr/bn254';
import type { CircuitInstance } from '@zkr/circuits';
import type { EngineName, Groth16Proof, VerificationKey } from '@zkr/prover';
import { fleetError, rebuildError, type ErrorFields } from './errors';

/** What the host process opens. */
export interface HostSettings {
  readonly artifactsDir: string;
  readonly engine?: EngineName;
  readonly threads?: number;
}

/** Messages to the host process. */
export type HostRequest =
  | { readonly type: 'open'; readonly settings: HostSettings }
  | { readonly type: 'prove'; readonly id: number; readonly jobId: string; readonly input: unknown }
  | { readonly type: 'close' };

/** Messages from the host process. */
export type HostReply =
  | { readonly type: 'ready'; readonly engine: EngineName; readonly threads: number; readonly instance: CircuitInstance | null; readonly vkey: VerificationKey }
  | ({ readonly type: 'open-failed' } & ErrorFields)
  | { readonly type: 'notice'; readonly line: string }
  | { readonly type: 'proved'; readonly id: number; readonly proof: Groth16Proof; readonly publicSignals: string[]; readonly proveMs: number }
  | ({ readonly type: 'failed'; readonly id: number } & ErrorFields)
  | { readonly type: 'closed' };

/** A proof made by the host. */
export interface HostProof {
  readonly proof: Groth16Proof;
  readonly publicSignals: string[];
  readonly proveMs: number;
}

interface Pending {
  resolve(proof: HostProof): void;
  reject(error: Error): void;
}

const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/** The parent's handle of a prover host process. */
export class ProverHost {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    /** The engine proving (`zkr` when `native` fell back). */
    readonly engine: EngineName,
    /** Engine threads. */
    readonly threads: number,
    /** The circuit instance of the artifacts. */
    readonly instance: CircuitInstance,
    /** The verification key of the artifacts. */
    readonly vkey: VerificationKey,
  ) {
    child.on('message', (reply: HostReply) => this.onReply(reply));
    child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  /**
   * Starts the host process and opens the artifacts in it (`Prover.fromArtifacts`: the prover's
   * errors, e.g. `ARTIFACTS_MISSING`, are rethrown with their codes). `notice` receives the
   * engine's one-line notices (native falling back to zkr).
   */
  static async open(settings: HostSettings, notice: (line: string) => void): Promise<ProverHost> {
    // The host's stdout is not ours (a `--json` worker prints events there): its output goes to stderr.
    const child = spawn(process.execPath, childProcessArgs(__dirname, 'prover-host.worker'), { stdio: ['ignore', 2, 'inherit', 'ipc'], serialization: 'advanced' });
    child.on('message', (reply: HostReply) => void (reply.type === 'notice' && notice(reply.line)));
    const ready = await new Promise<Extract<HostReply, { type: 'ready' }>>((resolve, reject) => {
      child.on('message', (reply: HostReply) => {
        if (reply.type === 'ready') resolve(reply);
        else if (reply.type === 'open-failed') reject(rebuildError(reply));
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(fleetError('CLOSED', `the prover process exited (${signal ?? `code ${code}`}) while opening ${settings.artifactsDir}`)));
      child.send({ type: 'open', settings } satisfies HostRequest);
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    child.removeAllListeners('message');
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    child.on('error', () => undefined); // a failed send after the child died: 'exit' rejects what is pending
    child.on('message', (reply: HostReply) => void (reply.type === 'notice' && notice(reply.line)));
    if (ready.instance === null) {
      child.kill('SIGKILL');
      throw fleetError('INVALID_ARGUMENT', `the artifacts in ${settings.artifactsDir} do not record their batch circuit instance; recreate them with \`zkr setup\``, {
        details: { field: 'artifactsDir', value: settings.artifactsDir },
      });
    }
    return new ProverHost(child, ready.engine, ready.threads, ready.instance, ready.vkey);
  }

  /** Proves a batch JSON (checked in the host with `batchFromJson`: `INVALID_JOB` when it is not a batch); rejects with the prover's error. */
  prove(jobId: string, input: unknown): Promise<HostProof> {
    if (this.closing !== undefined || exited(this.child)) return Promise.reject(fleetError('CLOSED', 'this prover host is closed; start a new ProverWorker'));
    const id = this.nextId++;
    return new Promise<HostProof>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'prove', id, jobId, input } satisfies HostRequest);
    });
  }

  /**
   * Closes the Prover in the host after the proof in progress and ends the process; with `force`,
   * kills the process at once (the proof in progress rejects with `CLOSED`). Idempotent.
   */
  close(force = false): Promise<void> {
    if (force && !exited(this.child)) this.child.kill('SIGKILL');
    this.closing ??= new Promise<void>((resolve) => {
      if (exited(this.child)) return resolve();
      this.child.once('exit', () => resolve());
      if (this.child.connected) this.child.send({ type: 'close' } satisfies HostRequest);
    });
    return this.closing;
  }

  private onReply(reply: HostReply): void {
    if (reply.type !== 'proved' && reply.type !== 'failed') return;
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    if (reply.type === 'proved') pending.resolve({ proof: reply.proof, publicSignals: reply.publicSignals, proveMs: reply.proveMs });
    else pending.reject(rebuildError(reply));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ?? `code ${code}`;
    for (const pending of this.pending.values()) pending.reject(fleetError('CLOSED', `the prover process exited (${how}) before finishing the proof; restart the worker`));
    this.pending.clear();
  }
}
