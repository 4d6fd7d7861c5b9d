/**
 * Rebuilding a rollup's state from L1 alone (docs/protocol.md §7, §12): the genesis state, the
 * queue operations of the `QueueOperationAdded` events (their hash chain checked against the
 * hashes the events record) and every accepted batch's data from the calldata of the transaction
 * that emitted its `BatchSubmitted` event, replayed in order with `applyBatchData`. Each batch's
 * replayed state hash and consumed count are checked against its event, and the result against the
 * Rollup's state hash at the block the events were read up to.
 */
import { isZkrError } from '@zkr/errors';
import { type Deployment, type L1Connection, RollupClient, type RollupEvents } from '@zkr/l1';
import { applyBatchData, batchDataHeaderBytes, indexBytes, queueHashStep, type QueueOperation, type RollupState } from '@zkr/state';
import { sequencerError } from '../errors';

/** Options of {@link rebuildFromL1}. */
export interface RebuildOptions {
  readonly connection: L1Connection;
  readonly deployment: Deployment;
  /** The rollup's genesis state (the state file `zkr genesis` wrote and `zkr deploy` deployed). */
  readonly genesis: RollupState;
  /** Blocks per `eth_getLogs` request (default 10,000). */
  readonly pageBlocks?: number;
  /** Called after each replayed batch. */
  readonly onProgress?: (progress: { readonly batchNumber: number; readonly batches: number; readonly blockNumber: number }) => void;
}

/** What {@link rebuildFromL1} rebuilt. */
export interface RebuildResult {
  /** The state after every batch L1 accepted up to the block read. */
  readonly state: RollupState;
  /** The number of batches replayed. */
  readonly batches: number;
  /** The Rollup's state hash at the block the events were read up to. */
  readonly stateHashOnChain: bigint;
  /** The block the events were read up to. */
  readonly blockNumber: number;
  /** True when the rebuilt state's hash and batch count are the Rollup's. */
  readonly matches: boolean;
}

function mismatch(message: string, details: Record<string, unknown>, cause?: unknown): never {
  throw sequencerError('STATE_MISMATCH', message, { details, ...(cause === undefined ? {} : { cause }) });
}

/** Refuses a genesis state that cannot be this deployment's: another domain, depth, `Q` or `W`, or a state after batches. */
function checkGenesis(genesis: RollupState, deployment: Deployment): void {
  const pairs = [
    ['domain', genesis.domain, deployment.domain],
    ['depth', genesis.depth, deployment.depth],
    ['queuePositions', genesis.queuePositions, deployment.queuePositions],
    ['withdrawalPositions', genesis.withdrawalPositions, deployment.withdrawalPositions],
    ['batchCount', genesis.batchCount, 0],
    ['queueCount', genesis.queueCount, 0],
  ] as const;
  for (const [field, given, expected] of pairs) {
    if (given !== expected) {
      mismatch(`the genesis state has ${field} ${given} but the rollup at ${deployment.rollup} starts with ${expected}; pass the genesis state file the rollup was deployed with`, {
        field, given, expected,
      });
    }
  }
}

/** The batch data header (docs/protocol.md §7): `oldStateHash` (32 bytes), `batchNumber` (4), `feeRecipient` (I), big-endian. */
function header(oldStateHash: bigint, batchNumber: number, feeRecipient: number, depth: number): Uint8Array {
  const bytes = Buffer.alloc(batchDataHeaderBytes(depth));
  bytes.write(oldStateHash.toString(16).padStart(64, '0'), 0, 'hex');
  bytes.writeUInt32BE(batchNumber, 32);
  bytes.write(feeRecipient.toString(16).padStart(2 * indexBytes(depth), '0'), 36, 'hex');
  return bytes;
}

/** The queue operations of the events, checked: positions 0, 1, .. and each recorded queue hash equal to the chain recomputed (docs/protocol.md §12.1). */
function checkedQueue(state: RollupState, events: RollupEvents['queue'], queueLength: number): QueueOperation[] {
  let hash = 0n;
  const operations = events.map((event, i) => {
    const { operation } = event;
    if (operation.position !== i) mismatch(`the queue events jump to position ${operation.position} after ${i - 1}; query a node that keeps the rollup's full log history`, { position: i });
    hash = queueHashStep(state.suite, hash, operation);
    if (hash !== event.queueHash) {
      mismatch(`queue operation ${i} (transaction ${event.txHash}) hashes to ${hash} but its event records ${event.queueHash}; query another node`, { position: i });
    }
    return operation;
  });
  if (operations.length !== queueLength) {
    mismatch(`the Rollup holds ${queueLength} queue operations but the events give ${operations.length}; query a node that keeps the rollup's full log history`, { position: operations.length });
  }
  return operations;
}

/**
 * Rebuilds the state of `deployment` from `genesis` and L1 data alone (see the module comment).
 * Throws `STATE_MISMATCH` naming the first batch whose data does not replay, whose replayed state
 * hash or consumed count differs from its event, or a genesis of another rollup; @zkr/l1's codes
 * for the node (`INDIRECT_SUBMISSION` for a batch not submitted by a direct call). A result that
 * differs only at the end (`matches: false`) is returned, not thrown: the caller decides.
 */
export async function rebuildFromL1(options: RebuildOptions): Promise<RebuildResult> {
  const { connection, deployment, genesis, pageBlocks, onProgress } = options;
  checkGenesis(genesis, deployment);
  const client = await RollupClient.attach(deployment, connection, { suite: genesis.suite });
  const chain = await client.rollupStateAt();
  const events = await client.rollupEvents(deployment.blockNumber, chain.blockNumber, pageBlocks);
  const queue = checkedQueue(genesis, events.queue, chain.queueLength);
  let state = genesis;
  for (const event of events.batches) {
    const batchNumber = state.batchCount + 1;
    const where = `batch ${event.batchNumber} (transaction ${event.txHash}, block ${event.blockNumber})`;
    if (event.batchNumber !== BigInt(batchNumber)) mismatch(`${where} follows batch ${state.batchCount}; query a node that keeps the rollup's full log history`, { batchNumber: event.batchNumber });
    const data = Buffer.concat([header(state.stateHash, batchNumber, event.feeRecipient, state.depth), event.txData]);
    let next: RollupState;
    try {
      next = applyBatchData(state, data, queue);
    } catch (error) {
      if (!isZkrError(error)) throw error;
      mismatch(`${where} does not replay on the state rebuilt so far (${error.code}: ${error.message}); check that --genesis is the state the rollup was deployed with`, {
        batchNumber: event.batchNumber, replay: error.code,
      }, error);
    }
    if (next.queueCount !== event.consumed || next.queueCount - state.queueCount !== event.queueCount) {
      mismatch(`${where} consumed ${event.queueCount} queue operations (${event.consumed} in all) but its data consumes ${next.queueCount - state.queueCount}`, {
        batchNumber: event.batchNumber, consumed: event.consumed, replayed: next.queueCount,
      });
    }
    if (next.stateHash !== event.newStateHash) {
      mismatch(`${where}: L1 records state hash ${event.newStateHash} but replaying its data gives ${next.stateHash}; check that --genesis is the state the rollup was deployed with`, {
        batchNumber: event.batchNumber, onChain: event.newStateHash, replayed: next.stateHash,
      });
    }
    state = next;
    onProgress?.({ batchNumber, batches: events.batches.length, blockNumber: event.blockNumber });
  }
  const matches = state.stateHash === chain.stateHash && BigInt(state.batchCount) === chain.batchCount;
  return { state, batches: events.batches.length, stateHashOnChain: chain.stateHash, blockNumber: chain.blockNumber, matches };
}
