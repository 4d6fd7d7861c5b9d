/**
 * The zkr node's engine: a mempool in front of the head state, a builder that cuts a batch when
 * `N` transfers are ready or the oldest waiting transaction or L1 queue operation waited
 * `maxWaitMs`, one Prover that proves the built batches in order (the next batch is built while
 * one proves), a submitter that sends them to L1 strictly in order, and the L1 synchronizer whose
 * events settle them. Everything it knows is in its SQLite database, written one transaction per
 * step, so a node killed at any moment restarts where it was:
 *
 * - `built` batches are proved again from their stored witness data;
 * - a `proven` or `submitted` batch L1 already holds (its event seen, or L1's batch count past it)
 *   is not sent again; otherwise the node waits until its L1 account has no transaction in flight,
 *   checks again and sends it. A `WRONG_BATCH_NUMBER` revert for a batch L1 holds means it landed.
 *
 * A reorganisation of L1 un-settles the batches whose events vanished; they are sent again if
 * their transactions do not come back. Once the synchronizer has caught up with the new chain, a
 * batch L1 does not hold whose consumed queue operations L1's queue no longer holds as they were
 * is rolled back with every batch after it (one SQLite transaction): the head returns to before
 * it, its transactions are pending again and the next batches are built on what L1 holds.
 */
import type { Deployment, L1Connection } from '@zkr/l1';
import { RollupClient } from '@zkr/l1';
import { isZkrError } from '@zkr/errors';
import { toSolidityCalldata, type EngineName, type Groth16Proof } from '@zkr/prover';
import { buildBatch, type Batch, type QueueOperation, type RollupState } from '@zkr/state';
import { sequencerError } from './errors';
import { Mempool } from './mempool';
import { createNodeMetrics, type NodeMetrics } from './metrics';
import { openFleetProver, openLocalProver, type BatchProver } from './proving';
import { createSignatureChecker, type SignatureChecker } from './signatures';
import { SequencerStore, storeIdentityOf } from './store/store';
import { L1Synchronizer, type SyncUpdate } from './sync';
import type { AccountView, BatchRecord, NodeApi, NodeStatus, QueueView, SubmittedTransaction, TransactionId, TransactionRecord } from './types';

/** Options of {@link Sequencer.open}. */
export interface SequencerOptions {
  /** The L1 connection; its signer submits the batches (a sequencer of the Rollup). */
  readonly connection: L1Connection;
  readonly deployment: Deployment;
  /** The rollup's genesis state (its domain is the deployment's). */
  readonly genesis: RollupState;
  /** The SQLite database file (created on first start). */
  readonly dbFile: string;
  /** A prepared artifact directory of the rollup's circuit instance. */
  readonly artifactsDir: string;
  /** Proving engine (default `native`, falling back to `zkr` when its addon cannot load). */
  readonly engine?: EngineName;
  /** A proving fleet's Redis (`redis://host:port`): batches are proved by `zkr prover worker` processes instead of in this process. */
  readonly redisUrl?: string;
  /** The fleet's BullMQ queue name (default `zkr-proving`). */
  readonly queueName?: string;
  /** Batches in the fleet at once (default 4; in-process proving is one at a time). */
  readonly fleetParallelism?: number;
  /** Longest wait of a pending transaction or queue operation before a batch is cut anyway, ms (default 2000). */
  readonly maxWaitMs?: number;
  /** L1 confirmations of an event before the node uses it (default 1: the head block). */
  readonly confirmations?: number;
  /** Most pending transactions (default 10,000). */
  readonly mempoolCapacity?: number;
  /** Account credited with the batches' fees (default 0; it must exist). */
  readonly feeRecipient?: number;
  /** Milliseconds between two L1 polls (default 500). */
  readonly pollIntervalMs?: number;
  /** Threads checking signatures (default: the machine's parallelism). */
  readonly signatureThreads?: number;
  /** Receives every event the node reports (one per step; `zkr node --json` prints them as lines). */
  readonly onEvent?: (event: NodeEvent) => void;
}

/** What the node reports as it works. */
export type NodeEvent =
  | { readonly event: 'batch-built'; readonly batchNumber: number; readonly transactions: number; readonly queueCount: number; readonly rejected: number }
  | { readonly event: 'proving'; readonly batchNumber: number }
  | { readonly event: 'batch-proven'; readonly batchNumber: number; readonly proveMs: number; readonly workerId?: string }
  | { readonly event: 'batch-submitted'; readonly batchNumber: number; readonly txHash: string }
  | { readonly event: 'batch-settled'; readonly batchNumber: number; readonly txHash: string }
  | { readonly event: 'reorg'; readonly forkBlock: number }
  | { readonly event: 'rolled-back'; readonly batchNumbers: readonly number[]; readonly transactions: number }
  | { readonly event: 'problem'; readonly code: string; readonly message: string };

/** Built batches that may wait for a proof beyond those being proved before the builder pauses. */
const UNPROVEN_AHEAD = 1;
/** How often the loops look for work when nothing woke them, ms. */
const IDLE_MS = 100;

function positive(value: number | undefined, fallback: number, field: string, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min) throw sequencerError('INVALID_ARGUMENT', `${field} must be an integer >= ${min}, got ${String(v)}`, { details: { field, value: v } });
  return v;
}

/** True when two queue operations are the same operation at the same position. */
function sameOperation(a: QueueOperation, b: QueueOperation): boolean {
  return a.position === b.position && a.kind === b.kind && a.index === b.index && a.amount === b.amount && a.address === b.address &&
    a.time === b.time && a.publicKey[0] === b.publicKey[0] && a.publicKey[1] === b.publicKey[1];
}

/** The queue operations `batch` consumed, in order. */
function consumedOperations(batch: Batch): QueueOperation[] {
  return batch.queue.flatMap((p) => (p.kind === 'operation' ? [p.operation] : []));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** See the module comment. */
export class Sequencer implements NodeApi {
  private head: RollupState;
  private running = false;
  private stopping: Promise<void> | undefined;
  private loops: Promise<void>[] = [];
  /** The batches being proved, by number. */
  private readonly proving = new Map<number, NonNullable<NodeStatus['proving']>>();
  private readonly problems = new Map<string, string>();
  private l1Head = 0;
  private queueWaitingSince: number | undefined;
  /** Set at start and by a reorganisation: compare the batches' consumed queue operations with L1's once the synchronizer caught up. */
  private queueCheck = true;
  private readonly startedAt = Date.now();

  private constructor(
    private readonly options: SequencerOptions,
    private readonly client: RollupClient,
    private readonly store: SequencerStore,
    private readonly mempool: Mempool,
    private readonly prover: BatchProver,
    private readonly checker: SignatureChecker,
    private readonly sync: L1Synchronizer,
    private readonly metricsSet: NodeMetrics,
    private readonly maxWaitMs: number,
    private readonly confirmations: number,
    private readonly feeRecipient: number,
    /** The batch size `N` of the rollup's circuit. */
    readonly batchSize: number,
  ) {
    this.head = store.loadHead(options.genesis.suite, options.genesis);
    mempool.reset(this.head);
  }

  /** Opens the database (recovering what a killed node left), the prover and the L1 client; `start()` begins work. */
  static async open(options: SequencerOptions): Promise<Sequencer> {
    const { deployment, genesis } = options;
    const maxWaitMs = positive(options.maxWaitMs, 2000, 'maxWaitMs', 0);
    const confirmations = positive(options.confirmations, 1, 'confirmations');
    const capacity = positive(options.mempoolCapacity, 10_000, 'mempoolCapacity');
    const feeRecipient = positive(options.feeRecipient, 0, 'feeRecipient', 0);
    if (genesis.domain !== deployment.domain || genesis.root !== deployment.genesisRoot || genesis.depth !== deployment.depth) {
      throw sequencerError('STORE_MISMATCH', 'the genesis state is not this deployment\'s (domain, root or depth differ); pass the genesis file the rollup was deployed with', {
        details: { genesisRoot: genesis.root, deploymentRoot: deployment.genesisRoot },
      });
    }
    const verifier = deployment.verifiers[0];
    if (!verifier) throw sequencerError('INVALID_ARGUMENT', 'the deployment registers no verifier; deploy with one', { details: { field: 'deployment' } });
    const client = await RollupClient.attach(deployment, options.connection, { suite: genesis.suite });
    const store = SequencerStore.open(options.dbFile, storeIdentityOf(deployment, verifier.batchSize), genesis);
    const closers: (() => Promise<void> | void)[] = [() => store.close()];
    try {
      const checker = await createSignatureChecker({ suite: genesis.suite, threads: options.signatureThreads });
      closers.push(() => checker.close());
      let progress: ((p: { stage: string; fraction: number }) => void) | undefined;
      const prover = options.redisUrl === undefined
        ? await openLocalProver(options.artifactsDir, options.engine ?? 'native', (p) => progress?.(p))
        : await openFleetProver({
          redisUrl: options.redisUrl, queueName: options.queueName, artifactsDir: options.artifactsDir,
          parallelism: positive(options.fleetParallelism, 4, 'fleetParallelism'),
          onEvent: (e) => {
            if (e.event === 'worker-rejected') progress?.({ stage: `rejected a proof of worker ${e.workerId}`, fraction: 0 });
          },
        });
      closers.push(() => prover.close());
      const instance = prover.instance;
      if (!instance || instance.batchSize !== verifier.batchSize || instance.depth !== deployment.depth) {
        throw sequencerError('STORE_MISMATCH', `the artifacts are for D=${instance?.depth} N=${instance?.batchSize}, the rollup is D=${deployment.depth} N=${verifier.batchSize}; pass the rollup's --artifacts`, {
          details: { artifactsDir: options.artifactsDir },
        });
      }
      const sync = new L1Synchronizer(client, store, { confirmations, pollIntervalMs: positive(options.pollIntervalMs, 500, 'pollIntervalMs') });
      const node = new Sequencer(options, client, store, new Mempool(store, checker, capacity), prover, checker, sync, createNodeMetrics(), maxWaitMs, confirmations, feeRecipient, verifier.batchSize);
      progress = (p) => {
        // In-process proving is one batch at a time: the progress is of the one being proved.
        for (const [n, proving] of node.proving) node.proving.set(n, { ...proving, phase: p.stage, progress: p.fraction });
      };
      return node;
    } catch (error) {
      for (const close of closers.reverse()) await close();
      throw error;
    }
  }

  /** The engine that proves (`zkr` when `native` could not load; `fleet` with a Redis). */
  get engineName(): EngineName | 'fleet' {
    return this.prover.engineName;
  }

  /** What checks the mempool's signatures: the native addon or JavaScript, on worker threads. */
  get signatureEngine(): SignatureChecker['engine'] {
    return this.checker.engine;
  }

  /** The state after the last built batch. */
  get headState(): RollupState {
    return this.head;
  }

  private emit(event: NodeEvent): void {
    this.options.onEvent?.(event);
  }

  private problem(key: string, error: unknown): void {
    const code = isZkrError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    if (this.problems.get(key) !== message) this.emit({ event: 'problem', code, message });
    this.problems.set(key, message);
  }

  /** Starts syncing, building, proving and submitting (`ALREADY_RUNNING` if started). */
  async start(): Promise<void> {
    if (this.running) throw sequencerError('ALREADY_RUNNING', 'the node is running already');
    if (this.stopping) throw sequencerError('NOT_RUNNING', 'the node was stopped; open a new one');
    this.running = true;
    await this.onSync(await this.sync.poll()).catch((error: unknown) => this.problem('sync', error));
    this.sync.start((update) => this.onSync(update), (error) => this.problem('sync', error));
    const provers = Array.from({ length: this.prover.parallelism }, () => this.loop('prove', () => this.proveStep()));
    this.loops = [this.loop('build', () => this.buildStep()), ...provers, this.loop('submit', () => this.submitStep())];
  }

  /** Stops every loop, the synchronizer, the prover and the signature threads, and closes the database; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.running = false;
      await this.sync.stop();
      await Promise.all(this.loops);
      await this.prover.close();
      await this.checker.close();
      this.store.close();
    })();
    return this.stopping;
  }

  private async loop(name: string, step: () => Promise<boolean>): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await step();
        this.problems.delete(name);
      } catch (error) {
        if (!this.running) return;
        this.problem(name, error);
        await sleep(1000);
      }
      if (!worked) await sleep(IDLE_MS);
    }
  }

  // ---- building -------------------------------------------------------------------------------

  private pendingQueue(): QueueOperation[] {
    return this.store.queueOperations(this.head.queueCount, this.head.queuePositions).map((q) => q.operation);
  }

  private async buildStep(): Promise<boolean> {
    if (this.store.batchNumbers('built').length >= this.prover.parallelism + UNPROVEN_AHEAD) return false;
    const queue = this.pendingQueue();
    if (queue.length === 0) this.queueWaitingSince = undefined;
    else this.queueWaitingSince ??= Date.now();
    const selection = this.mempool.select(this.batchSize, this.head.withdrawalPositions);
    const ready = selection.transfers.length >= this.batchSize;
    const oldest = Math.min(this.mempool.oldestAcceptedAt ?? Infinity, this.queueWaitingSince ?? Infinity);
    if (!ready && !(Date.now() - oldest >= this.maxWaitMs)) return false;
    if (selection.transfers.length + selection.withdrawals.length === 0 && queue.length === 0) return false;
    this.build(selection, queue);
    return true;
  }

  private build(selection: ReturnType<Mempool['select']>, queue: QueueOperation[]): void {
    const before = this.head;
    const built = buildBatch(before, selection.transfers.map((t) => t.transfer), {
      batchSize: this.batchSize, feeRecipient: this.feeRecipient, queue, withdrawals: selection.withdrawals.map((w) => w.withdrawal),
    });
    const transferIds = new Map(selection.transfers.map((t) => [t.transfer, t.id]));
    const withdrawalIds = new Map(selection.withdrawals.map((w) => [w.withdrawal, w.id]));
    const rejected = [
      ...built.rejected.map((r) => ({ id: selection.transfers[r.position].id, code: r.code, message: r.message })),
      ...built.rejectedWithdrawals.map((r) => ({ id: selection.withdrawals[r.position].id, code: r.code, message: r.message })),
    ];
    const ids = [...built.accepted.map((t) => transferIds.get(t)!), ...built.acceptedWithdrawals.map((w) => withdrawalIds.get(w)!)];
    const { batch } = built;
    const record: BatchRecord = {
      batchNumber: batch.batchNumber, status: 'built', transactionIds: ids, queueCount: batch.queueCount, firstQueuePosition: batch.queueStart,
      oldRoot: before.root, newRoot: batch.newRoot, newStateHash: batch.newStateHash, builtAt: Date.now(),
    };
    this.store.commitBuilt({ record, batch, before, after: built.state, rejected });
    this.head = built.state;
    this.mempool.reset(this.head);
    for (const r of rejected) this.metricsSet.refused.inc({ code: r.code });
    this.emit({ event: 'batch-built', batchNumber: batch.batchNumber, transactions: ids.length, queueCount: batch.queueCount, rejected: rejected.length });
  }

  // ---- proving --------------------------------------------------------------------------------

  private async proveStep(): Promise<boolean> {
    // Each prove loop takes the lowest built batch no other loop is proving.
    const n = this.store.batchNumbers('built').find((b) => !this.proving.has(b));
    if (n === undefined) return false;
    const batch = this.store.batchInput(this.head.suite, n);
    this.proving.set(n, { batchNumber: n, progress: 0, phase: this.prover.engineName === 'fleet' ? 'queued' : 'witness' });
    this.emit({ event: 'proving', batchNumber: n });
    try {
      const result = await this.prover.prove(batch);
      if (!this.running) return false;
      // A rollback during the proof removed (and maybe rebuilt) batch n: this proof is of a batch that no longer exists.
      const now = this.store.batch(n);
      if (now?.status !== 'built' || now.newStateHash !== batch.newStateHash) return true;
      const { proveMs, workerId } = result;
      this.store.updateBatch(n, 'proven', { proof: { proof: result.proof, publicSignals: [...result.publicSignals] }, proveMs, provenAt: Date.now() });
      this.metricsSet.proveSeconds.observe(proveMs / 1000);
      this.emit({ event: 'batch-proven', batchNumber: n, proveMs, ...(workerId === undefined ? {} : { workerId }) });
    } finally {
      this.proving.delete(n);
    }
    return true;
  }

  // ---- submitting -----------------------------------------------------------------------------

  /** True when the node's L1 account has a transaction sent and not mined. */
  private async inFlight(): Promise<boolean> {
    const address = await this.options.connection.signer.getAddress();
    const provider = this.options.connection.provider;
    const [latest, pending] = await Promise.all([provider.getTransactionCount(address, 'latest'), provider.getTransactionCount(address, 'pending')]);
    return pending > latest;
  }

  private async submitStep(): Promise<boolean> {
    const [n] = this.store.batchNumbers('proven');
    if (n === undefined) return false;
    const l1Count = Number(await this.client.batchNumber());
    if (l1Count >= n) {
      // It landed (sent before a crash, or its event not seen yet): never send it again; the synchronizer settles it.
      if (this.store.batch(n)?.status === 'proven') this.store.updateBatch(n, 'submitted', {});
      return true;
    }
    if (l1Count < n - 1 || (await this.inFlight())) return false;
    const record = this.store.batch(n)!;
    const batch = this.store.batchInput(this.head.suite, n);
    const proof = record.proof!;
    try {
      const result = await this.client.submitBatch(batch, toSolidityCalldata(proof.proof as Groth16Proof, proof.publicSignals), {
        confirmations: 1,
        onSent: (txHash) => {
          if (this.store.batch(n)?.newStateHash !== record.newStateHash) return;
          this.store.updateBatch(n, 'submitted', { l1TxHash: txHash });
          this.emit({ event: 'batch-submitted', batchNumber: n, txHash });
        },
      });
      if (this.store.batch(n)?.status === 'submitted') this.store.updateBatch(n, 'submitted', { l1TxHash: result.txHash, l1BlockNumber: result.blockNumber });
    } catch (error) {
      if (isZkrError(error, 'WRONG_BATCH_NUMBER') && Number(await this.client.batchNumber()) >= n) {
        this.store.updateBatch(n, 'submitted', {});
        return true;
      }
      throw error;
    }
    return true;
  }

  // ---- L1 -------------------------------------------------------------------------------------

  private async onSync(update: SyncUpdate): Promise<void> {
    this.l1Head = update.head;
    this.metricsSet.l1Head.set(update.head);
    this.metricsSet.l1Synced.set(update.synced);
    if (update.reorg) {
      this.emit({ event: 'reorg', forkBlock: update.reorg.forkBlock });
      this.queueCheck = true;
    } else if (update.synced >= update.head - this.confirmations + 1 && (this.queueCheck || this.head.queueCount > this.store.queueLength())) {
      this.reconcileQueue();
      this.queueCheck = false;
    }
    for (const status of ['built', 'proven', 'submitted'] as const) {
      for (const n of this.store.batchNumbers(status)) {
        const l1 = this.store.l1Batch(n);
        if (!l1) continue;
        const record = this.store.batch(n)!;
        if (l1.stateHash !== record.newStateHash) {
          throw sequencerError('STATE_MISMATCH', `L1 accepted another batch ${n} (state hash ${l1.stateHash}, this node built ${record.newStateHash}): another sequencer submitted it; ` +
            'stop the node and rebuild the state with `zkr sync`', { details: { batchNumber: n } });
        }
        this.store.updateBatch(n, 'settled', { l1TxHash: l1.txHash, l1BlockNumber: l1.blockNumber, settledAt: Date.now() });
        this.emit({ event: 'batch-settled', batchNumber: n, txHash: l1.txHash });
      }
    }
  }

  /** Rolls back from the first batch L1 does not hold whose consumed queue operations differ from L1's queue (see the module comment). */
  private reconcileQueue(): void {
    const open = (['built', 'proven', 'submitted'] as const).flatMap((status) => this.store.batchNumbers(status)).sort((a, b) => a - b);
    for (const n of open) {
      const record = this.store.batch(n)!;
      if (record.queueCount === 0 || this.store.l1Batch(n)) continue;
      const mirrored = this.store.queueOperations(record.firstQueuePosition, record.queueCount).map((q) => q.operation);
      const consumed = consumedOperations(this.store.batchInput(this.head.suite, n));
      if (mirrored.length === consumed.length && consumed.every((op, i) => sameOperation(op, mirrored[i]))) continue;
      const pendingBefore = this.mempool.size;
      const batchNumbers = this.store.rollBack(n);
      this.head = this.store.loadHead(this.head.suite, this.options.genesis);
      this.mempool.reset(this.head);
      this.emit({ event: 'rolled-back', batchNumbers, transactions: this.mempool.size - pendingBefore });
      return;
    }
  }

  // ---- NodeApi --------------------------------------------------------------------------------

  /** {@inheritDoc NodeApi.submit} */
  async submit(tx: SubmittedTransaction): Promise<TransactionRecord> {
    if (!this.running) throw sequencerError('NOT_RUNNING', 'the node is not running; start it (or wait for it to finish starting)');
    try {
      const record = await this.mempool.submit(() => this.head, tx);
      this.metricsSet.accepted.inc({ kind: tx.kind });
      return record;
    } catch (error) {
      this.metricsSet.refused.inc({ code: isZkrError(error) ? error.code : 'INTERNAL' });
      throw error;
    }
  }

  /** {@inheritDoc NodeApi.transaction} */
  transaction(id: TransactionId): TransactionRecord | undefined {
    return this.store.transaction(id);
  }

  /** {@inheritDoc NodeApi.account} */
  account(index: number): AccountView | undefined {
    if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** this.head.depth) return undefined;
    const account = this.head.account(index);
    const pending = this.mempool.pendingOf(this.head, index);
    if (!account || !pending) return undefined;
    return { index, account, pendingNonce: pending.nonce, pendingBalance: pending.balance, root: this.head.root, siblings: this.head.siblings(index) };
  }

  /** {@inheritDoc NodeApi.batches} */
  batches(options: { readonly before?: number; readonly limit: number }): readonly BatchRecord[] {
    return this.store.batches(options.before, options.limit);
  }

  /** {@inheritDoc NodeApi.batch} */
  batch(batchNumber: number): BatchRecord | undefined {
    return this.store.batch(batchNumber);
  }

  /** {@inheritDoc NodeApi.queue} */
  queue(options: { readonly from?: number; readonly limit: number }): readonly QueueView[] {
    const from = options.from ?? 0;
    const consumedBy = this.store.consumingBatches(from, options.limit);
    return this.store.queueOperations(from, options.limit).map(({ operation }) => {
      const batchNumber = consumedBy.get(operation.position);
      return { operation, ...(batchNumber === undefined ? {} : { batchNumber }), ...(operation.kind === 1 ? { publicKey: operation.publicKey } : {}) };
    });
  }

  /** {@inheritDoc NodeApi.status} */
  status(): NodeStatus {
    const batches = this.store.batchCounts();
    const built = Math.max(batches.built, batches.proven, batches.submitted, batches.settled);
    const counts = { built, proven: Math.max(batches.proven, batches.submitted, batches.settled), submitted: Math.max(batches.submitted, batches.settled), settled: batches.settled };
    const settled = counts.settled > 0 ? this.store.batch(counts.settled) : undefined;
    const l1Count = this.store.l1BatchCount();
    const l1Last = l1Count > 0 ? this.store.l1Batch(l1Count) : undefined;
    const { deployment } = this.options;
    this.metricsSet.mempoolPending.set(this.mempool.size);
    for (const [status, n] of Object.entries(counts)) this.metricsSet.lastBatch.set({ status }, n);
    return {
      rollup: deployment.rollup,
      chainId: Number(deployment.chainId),
      domain: deployment.domain,
      instance: { depth: this.head.depth, batchSize: this.batchSize, queuePositions: this.head.queuePositions, withdrawalPositions: this.head.withdrawalPositions },
      batches: counts,
      mempool: { pending: this.mempool.size, capacity: this.mempool.capacity },
      ...(this.proving.size > 0 ? { proving: this.proving.get(Math.min(...this.proving.keys())) } : {}),
      l1: {
        head: this.l1Head,
        synced: this.store.load()?.block ?? 0,
        stateHash: l1Last?.stateHash ?? this.options.genesis.stateHash,
        batchCount: l1Count,
        queueLength: this.store.queueLength(),
        consumed: settled ? settled.firstQueuePosition + settled.queueCount : this.options.genesis.queueCount,
      },
      headRoot: this.head.root,
      settledRoot: settled?.newRoot ?? this.options.genesis.root,
      health: this.problems.size === 0 && this.running ? 'ok' : 'degraded',
      problems: this.running ? [...this.problems.values()] : ['the node is not running', ...this.problems.values()],
      startedAt: this.startedAt,
    };
  }

  /** {@inheritDoc NodeApi.metrics} */
  metrics(): Promise<string> {
    this.status();
    return this.metricsSet.registry.metrics();
  }

  /** The node's metrics registry (the HTTP layer adds its own metrics to it). */
  get registry(): NodeMetrics['registry'] {
    return this.metricsSet.registry;
  }
}
