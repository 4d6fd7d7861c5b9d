/**
 * Where the L1 synchronizer stands: the last block it processed, the hashes of the blocks it
 * processed recently (to notice a reorganisation), and the sink of the events it read. The node
 * implements {@link SyncCheckpoint} in SQLite (one transaction per `save`); {@link MemoryCheckpoint}
 * serves `zkr sync` and tests.
 */
import type { BatchEvent } from '@zkr/l1';
import type { PublicKey, QueueOperation } from '@zkr/state';

/** One `QueueOperationAdded` event as the synchronizer hands it on. */
export interface SyncQueueEvent {
  readonly operation: QueueOperation;
  /** The new account's key, for a deposit to a new account (kind 1). */
  readonly publicKey?: PublicKey;
  readonly blockNumber: number;
}

/** The events of a range of processed blocks, each list in chain order. */
export interface SyncEvents {
  readonly queue: readonly SyncQueueEvent[];
  readonly batches: readonly BatchEvent[];
}

/** A processed block and its hash. */
export interface ProcessedBlock {
  readonly block: number;
  readonly hash: string;
}

/**
 * The synchronizer's persistent position. `save` and `rewind` must each be atomic: after a crash
 * the checkpoint is as before or as after the call, never half of it.
 */
export interface SyncCheckpoint {
  /** The last processed block and its hash; undefined before the first `save`. */
  load(): ProcessedBlock | undefined;
  /** The stored hash of processed block `n`, if it is still kept. */
  blockHash(n: number): string | undefined;
  /**
   * Records the blocks processed (ascending; the last is the new position, and every block after
   * the previous position up to it is processed even if not listed) with the events they hold.
   */
  save(processed: readonly ProcessedBlock[], events: SyncEvents): void;
  /** Forgets every block after `toBlock`, with its events: `toBlock` (whose hash is kept) becomes the last processed block. */
  rewind(toBlock: number): void;
}

/** The number of block hashes a checkpoint keeps by default: the deepest reorganisation the synchronizer can repair. */
export const DEFAULT_KEPT_BLOCKS = 64;

/** A {@link SyncCheckpoint} in memory that also collects every event it was given (for `zkr sync` and tests). */
export class MemoryCheckpoint implements SyncCheckpoint {
  private readonly hashes = new Map<number, string>();
  private last: ProcessedBlock | undefined;
  private readonly queueEvents: SyncQueueEvent[] = [];
  private readonly batchEvents: BatchEvent[] = [];

  /** Keeps the hashes of the position and the `keep` blocks below it (default {@link DEFAULT_KEPT_BLOCKS}). */
  constructor(private readonly keep = DEFAULT_KEPT_BLOCKS) {}

  /** Every queue event saved and not rewound, in chain order. */
  get queue(): readonly SyncQueueEvent[] {
    return this.queueEvents;
  }

  /** Every batch event saved and not rewound, in chain order. */
  get batches(): readonly BatchEvent[] {
    return this.batchEvents;
  }

  /** {@inheritDoc SyncCheckpoint.load} */
  load(): ProcessedBlock | undefined {
    return this.last;
  }

  /** {@inheritDoc SyncCheckpoint.blockHash} */
  blockHash(n: number): string | undefined {
    return this.hashes.get(n);
  }

  /** {@inheritDoc SyncCheckpoint.save} */
  save(processed: readonly ProcessedBlock[], events: SyncEvents): void {
    for (const { block, hash } of processed) this.hashes.set(block, hash);
    this.last = processed.at(-1) ?? this.last;
    this.queueEvents.push(...events.queue);
    this.batchEvents.push(...events.batches);
    const oldest = (this.last?.block ?? 0) - this.keep;
    for (const block of this.hashes.keys()) if (block < oldest) this.hashes.delete(block);
  }

  /** {@inheritDoc SyncCheckpoint.rewind} */
  rewind(toBlock: number): void {
    for (const block of this.hashes.keys()) if (block > toBlock) this.hashes.delete(block);
    const kept = [...this.hashes.keys()].filter((block) => block <= toBlock);
    const block = kept.length === 0 ? undefined : Math.max(...kept);
    this.last = block === undefined ? undefined : { block, hash: this.hashes.get(block)! };
    const after = (event: { readonly blockNumber: number }): boolean => event.blockNumber > (block ?? -1);
    this.queueEvents.splice(0, this.queueEvents.length, ...this.queueEvents.filter((e) => !after(e)));
    this.batchEvents.splice(0, this.batchEvents.length, ...this.batchEvents.filter((e) => !after(e)));
  }
}
