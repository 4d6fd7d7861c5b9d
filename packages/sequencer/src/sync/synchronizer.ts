/**
 * The L1 synchronizer: follows the Rollup's `QueueOperationAdded` and `BatchSubmitted` events up to
 * the confirmed head (`head - confirmations + 1`), in pages of `pageBlocks` blocks, and notices
 * reorganisations. Each page is saved to the checkpoint with the hashes of its last block and of
 * the confirmed head's `maxReorgDepth` ancestors and itself. A poll first compares the
 * stored hash of the last processed block with the chain's; when they differ it walks back through
 * the stored hashes to the newest block that still matches, rewinds the checkpoint to it and
 * reports the first block after it as the fork block.
 *
 * A page is read between two reads of its last block's hash: if the hash changed (or a log names
 * another hash of a block than the chain gives), the chain moved under the read and the page is
 * dropped; the next poll sees the reorganisation through the stored hashes.
 */
import type { QueueEvent, RollupClient } from '@zkr/l1';
import { sequencerError } from '../errors';
import { DEFAULT_KEPT_BLOCKS, type ProcessedBlock, type SyncCheckpoint, type SyncEvents, type SyncQueueEvent } from './checkpoint';

/** Options of {@link L1Synchronizer}. */
export interface SynchronizerOptions {
  /** Blocks a block needs on top of it, itself included, before it is processed: 1 (default) processes the head. */
  readonly confirmations?: number;
  /** Blocks per `eth_getLogs` request (default 10,000; lower it for a node with a smaller range limit). */
  readonly pageBlocks?: number;
  /** Milliseconds between two polls of {@link L1Synchronizer.start} (default 1000). */
  readonly pollIntervalMs?: number;
  /** The deepest reorganisation it repairs, in replaced blocks (default 64); the checkpoint must keep the hashes of that many blocks below its position. Deeper is `REORG_TOO_DEEP`. */
  readonly maxReorgDepth?: number;
}

/** What one poll found. */
export interface SyncUpdate {
  /** The chain's latest block when the poll started. */
  readonly head: number;
  /** The last processed block after the poll (the block before the fork block after a reorganisation). */
  readonly synced: number;
  /** The events of the blocks processed by this poll. */
  readonly events: SyncEvents;
  /** Set when processed blocks were replaced: every block from `forkBlock` on was forgotten (with its events) and will be processed again. */
  readonly reorg?: { readonly forkBlock: number };
}

const NO_EVENTS: SyncEvents = { queue: [], batches: [] };

function positiveInteger(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw sequencerError('INVALID_ARGUMENT', `${field} must be an integer >= 1, got ${String(v)}`, { details: { field, value: v } });
  return v;
}

/** The synchronizer's form of a queue event: the operation, the new account's key for kind 1, the block. */
function queueEventOf(event: QueueEvent): SyncQueueEvent {
  const { operation, blockNumber } = event;
  return operation.kind === 1 ? { operation, publicKey: operation.publicKey, blockNumber } : { operation, blockNumber };
}

/** Follows one Rollup's events into a {@link SyncCheckpoint}; see the module comment. */
export class L1Synchronizer {
  private readonly confirmations: number;
  private readonly pageBlocks: number;
  private readonly pollIntervalMs: number;
  private readonly maxReorgDepth: number;
  /** The poll in flight (polls never overlap). */
  private current: Promise<unknown> = Promise.resolve();
  private loop?: { stopped: boolean; timer?: NodeJS.Timeout; tick?: Promise<void> };

  constructor(
    /** The Rollup to follow. */
    readonly client: RollupClient,
    /** Where the position, the block hashes and the events go. */
    readonly checkpoint: SyncCheckpoint,
    options: SynchronizerOptions = {},
  ) {
    this.confirmations = positiveInteger(options.confirmations, 1, 'confirmations');
    this.pageBlocks = positiveInteger(options.pageBlocks, 10_000, 'pageBlocks');
    this.pollIntervalMs = positiveInteger(options.pollIntervalMs, 1000, 'pollIntervalMs');
    this.maxReorgDepth = positiveInteger(options.maxReorgDepth, DEFAULT_KEPT_BLOCKS, 'maxReorgDepth');
  }

  /**
   * One step: detects a reorganisation of the processed blocks (then rewinds and returns it with no
   * events), else processes the confirmed blocks after the checkpoint page by page, saving each.
   * Throws `REORG_TOO_DEEP` when no stored hash within `maxReorgDepth` blocks matches the chain, and
   * @zkr/l1's codes when the node fails. Concurrent calls run one after the other.
   */
  poll(): Promise<SyncUpdate> {
    const next = this.current.then(() => this.step());
    this.current = next.catch(() => undefined);
    return next;
  }

  /** Polls every `pollIntervalMs` (at once again after a reorganisation), handing each update to `onUpdate` and each failure to `onError`; `ALREADY_RUNNING` if started. */
  start(onUpdate: (update: SyncUpdate) => void | Promise<void>, onError: (error: unknown) => void): void {
    if (this.loop && !this.loop.stopped) throw sequencerError('ALREADY_RUNNING', 'the synchronizer is running already; stop() it first');
    const loop: { stopped: boolean; timer?: NodeJS.Timeout; tick?: Promise<void> } = { stopped: false };
    const tick = async (): Promise<void> => {
      let again = false;
      try {
        const update = await this.poll();
        if (!loop.stopped) await onUpdate(update);
        again = update.reorg !== undefined;
      } catch (error) {
        if (!loop.stopped) onError(error);
      }
      if (!loop.stopped) loop.timer = setTimeout(() => void (loop.tick = tick()), again ? 0 : this.pollIntervalMs);
    };
    this.loop = loop;
    loop.tick = tick();
  }

  /** Stops the polling loop and waits for the poll in flight; the checkpoint stays where it is. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    await loop.tick;
  }

  private async step(): Promise<SyncUpdate> {
    const head = await this.client.latestBlock();
    const last = this.checkpoint.load();
    if (last && (await this.client.blockHash(last.block)) !== last.hash) {
      const forkBlock = await this.forkBlock(last.block);
      this.checkpoint.rewind(forkBlock - 1);
      return { head, synced: forkBlock - 1, events: NO_EVENTS, reorg: { forkBlock } };
    }
    const confirmed = head - this.confirmations + 1;
    let synced = last?.block ?? this.client.deployment.blockNumber - 1;
    const queue: SyncQueueEvent[] = [];
    const batches: SyncEvents['batches'][number][] = [];
    while (synced < confirmed) {
      const to = Math.min(confirmed, synced + this.pageBlocks);
      const page = await this.page(synced + 1, to, confirmed);
      if (!page) break;
      this.checkpoint.save(page.processed, page.events);
      queue.push(...page.events.queue);
      batches.push(...page.events.batches);
      synced = to;
    }
    return { head, synced, events: { queue, batches } };
  }

  /** Reads blocks `from..to`; undefined when the chain moved during the read (see the module comment). */
  private async page(from: number, to: number, confirmed: number): Promise<{ processed: ProcessedBlock[]; events: SyncEvents } | undefined> {
    const before = await this.client.blockHash(to);
    const events = await this.client.rollupEvents(from, to, this.pageBlocks);
    const processed: ProcessedBlock[] = [];
    for (let block = Math.min(to, Math.max(from, confirmed - this.maxReorgDepth)); block <= to; block++) {
      const hash = await this.client.blockHash(block);
      if (hash === undefined) return undefined;
      processed.push({ block, hash });
    }
    if (processed.at(-1)?.hash !== before) return undefined;
    const hashes = new Map(processed.map((p) => [p.block, p.hash]));
    const logged = [...events.queue, ...events.batches];
    if (logged.some((e) => hashes.has(e.blockNumber) && hashes.get(e.blockNumber) !== e.blockHash)) return undefined;
    const previous = from - 1;
    const stored = this.checkpoint.blockHash(previous);
    if (stored !== undefined && (await this.client.blockHash(previous)) !== stored) return undefined;
    return { processed, events: { queue: events.queue.map(queueEventOf), batches: events.batches } };
  }

  /** The first block after the newest stored block that the chain still has, walking back from `last`. */
  private async forkBlock(last: number): Promise<number> {
    const lowest = Math.max(this.client.deployment.blockNumber, last - this.maxReorgDepth);
    for (let block = last - 1; block >= lowest; block--) {
      const stored = this.checkpoint.blockHash(block);
      if (stored !== undefined && (await this.client.blockHash(block)) === stored) return block + 1;
    }
    throw sequencerError(
      'REORG_TOO_DEEP',
      `L1 replaced the processed block ${last} and none of the stored hashes of blocks ${lowest}..${last - 1} matches the chain: a reorganisation deeper than the ${this.maxReorgDepth} blocks the synchronizer repairs; rebuild the state from L1 with \`zkr sync\``,
      { details: { lastBlock: last, lowestChecked: lowest, maxReorgDepth: this.maxReorgDepth } },
    );
  }
}
