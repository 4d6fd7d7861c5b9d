/**
 * The Sequencer proving through a proving fleet (`redisUrl`): a real redis-server, two ProverWorkers
 * on the default circuit, the in-process chain. Batches are enqueued as jobs several at a time,
 * every proof is verified by the node before it is stored, and submission stays strictly in order.
 */
import { join } from 'node:path';
import { ProverWorker } from '@zkr/fleet';
import type { SubmittedTransaction, TransactionId } from '@zkr/sequencer';
import { Sequencer, type NodeEvent } from '@zkr/sequencer';
import { signTransfer } from '@zkr/state';
import { startRedis, type TestRedis } from '@zkr/test-helpers';
import { testRollup, type TestRollup } from './rollup.fixture';

let rollup: TestRollup;
let redis: TestRedis;
const workers: ProverWorker[] = [];
const events: NodeEvent[] = [];

beforeAll(async () => {
  rollup = await testRollup('zkr-fleet-node-');
  redis = await startRedis();
  for (const workerId of ['w1', 'w2']) workers.push(await ProverWorker.start({ redisUrl: redis.url, artifactsDir: rollup.artifactsDir, threads: 1, workerId }));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await redis?.stop();
  await rollup?.close();
});

async function until(what: string, check: () => boolean, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.slice(-10))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('batches proved by fleet workers, verified by the node, submitted and settled in order', async () => {
  const { suite, accounts, client, connection, genesis, artifactsDir, dir } = rollup;
  const node = await Sequencer.open({
    connection, deployment: client.deployment, genesis, dbFile: join(dir, 'node.sqlite'), artifactsDir,
    redisUrl: redis.url, fleetParallelism: 2, maxWaitMs: 200, pollIntervalMs: 50, signatureThreads: 1, onEvent: (e) => events.push(e),
  });
  try {
    expect(node.engineName).toBe('fleet');
    await node.start();
    const transfer = (from: number, to: number, nonce: bigint): SubmittedTransaction => ({
      kind: 'transfer', transfer: signTransfer(suite, accounts.keys[from].privateKey, client.deployment.domain, { from, to, amount: 10n, fee: 1n, nonce }),
    });
    const ids: TransactionId[] = [];
    // Eight transfers from four senders: four full batches, cut at once, two of them in the fleet at a time.
    for (let nonce = 0n; nonce < 2n; nonce++) for (let from = 0; from < 4; from++) ids.push((await node.submit(transfer(from, (from + 1) % 4, nonce))).id);
    await until('every transfer settled', () => ids.every((id) => node.transaction(id)?.status === 'settled'));
    const settledBatches = node.status().batches.settled;
    expect(settledBatches).toBeGreaterThanOrEqual(4);
    expect(await client.stateHash()).toBe(node.headState.stateHash);
    const proven = events.filter((e): e is Extract<NodeEvent, { event: 'batch-proven' }> => e.event === 'batch-proven');
    expect(proven.map((e) => e.batchNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: settledBatches }, (_, i) => i + 1));
    for (const e of proven) expect(['w1', 'w2']).toContain(e.workerId);
    const submitted = events.filter((e) => e.event === 'batch-submitted').map((e) => (e as { batchNumber: number }).batchNumber);
    expect(submitted).toEqual(Array.from({ length: settledBatches }, (_, i) => i + 1));
  } finally {
    await node.stop();
  }
});
