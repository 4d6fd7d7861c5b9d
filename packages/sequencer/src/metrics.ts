/** The node's Prometheus metrics (prom-client), on a registry of its own that the HTTP layer serves and may add to. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric the node updates. */
export interface NodeMetrics {
  readonly registry: Registry;
  readonly mempoolPending: Gauge;
  readonly accepted: Counter<'kind'>;
  readonly refused: Counter<'code'>;
  readonly lastBatch: Gauge<'status'>;
  readonly proveSeconds: Histogram;
  readonly l1Head: Gauge;
  readonly l1Synced: Gauge;
}

/** A fresh registry with the node's metrics (names prefixed `zkr_`). */
export function createNodeMetrics(): NodeMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    mempoolPending: new Gauge({ name: 'zkr_mempool_pending', help: 'Transactions in the mempool', registers }),
    accepted: new Counter({ name: 'zkr_transactions_accepted_total', help: 'Transactions the mempool accepted', labelNames: ['kind'], registers }),
    refused: new Counter({ name: 'zkr_transactions_refused_total', help: 'Transactions refused on entry or by the builder, by code', labelNames: ['code'], registers }),
    lastBatch: new Gauge({ name: 'zkr_last_batch', help: 'The last batch number in each status', labelNames: ['status'], registers }),
    proveSeconds: new Histogram({ name: 'zkr_prove_seconds', help: 'Seconds to prove one batch', buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300], registers }),
    l1Head: new Gauge({ name: 'zkr_l1_head_block', help: 'The latest L1 block the synchronizer saw', registers }),
    l1Synced: new Gauge({ name: 'zkr_l1_synced_block', help: 'The last L1 block the synchronizer processed (confirmed)', registers }),
  };
}
