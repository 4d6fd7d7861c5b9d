/**
 * An L1 reorganisation under a running Sequencer, made on the in-process Hardhat chain with
 * evm_snapshot / evm_revert, with the real default circuit and Prover: a settled batch that
 * consumed a deposit loses both its event and the deposit. The node must un-settle it, roll its
 * head back to before it (its transfers pending again), build and settle the transfers again
 * without the vanished deposit, and end with L1's state hash equal to its head.
 */
import { join } from 'node:path';
import type { JsonRpcApiProvider } from 'ethers';
import type { L1Connection, RollupClient } from '@zkr/l1';
import type { TestAccounts } from '@zkr/operator';
import { generateKeyPair, signTransfer, type CryptoSuite, type RollupState } from '@zkr/state';
import { Sequencer, type NodeEvent, type SubmittedTransaction } from '@zkr/sequencer';
import { testRollup, type TestRollup } from './rollup.fixture';

let rollup: TestRollup;
let suite: CryptoSuite;
let accounts: TestAccounts;
let connection: L1Connection;
let client: RollupClient;
let genesis: RollupState;
let artifactsDir: string;
let dir: string;
const events: NodeEvent[] = [];

beforeAll(async () => {
  rollup = await testRollup('zkr-reorg-');
  ({ suite, accounts, connection, client, genesis, artifactsDir, dir } = rollup);
});

afterAll(async () => {
  await rollup?.close();
});

const rpc = (method: string, params: unknown[] = []) => (connection.provider as JsonRpcApiProvider).send(method, params);

function transfer(from: number, to: number): SubmittedTransaction {
  return { kind: 'transfer', transfer: signTransfer(suite, accounts.keys[from].privateKey, client.deployment.domain, { from, to, amount: 10n, fee: 1n, nonce: 0n }) };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Sequencer under an L1 reorganisation', () => {
  it('rolls back a batch whose deposit vanished and settles its transfers again without it', async () => {
    // maxWaitMs is out of reach: a batch is cut only when N = 2 transfers are pending, so batch 1 holds both and the deposit.
    const node = await Sequencer.open({
      connection, deployment: client.deployment, genesis, dbFile: join(dir, 'node.sqlite'), artifactsDir, maxWaitMs: 600_000, pollIntervalMs: 50, signatureThreads: 1,
      onEvent: (e) => events.push(e),
    });
    try {
      await node.start();
      const snapshot = (await rpc('evm_snapshot')) as string;
      const user = await (connection.provider as JsonRpcApiProvider).getSigner(1);
      const deposited = await client.withSigner(user).deposit({ publicKey: generateKeyPair(suite.eddsa).publicKey, amount: 5_000n });
      await until('the deposit mirrored', () => node.status().l1.queueLength === 1);
      const ids = [(await node.submit(transfer(0, 1))).id, (await node.submit(transfer(2, 3))).id];
      await until('batch 1 settled', () => node.status().batches.settled === 1);
      expect(node.batch(1)).toMatchObject({ queueCount: 1, transactionIds: ids });
      expect(node.account(deposited.index)?.account.balance).toBe(5_000n);

      expect(await rpc('evm_revert', [snapshot])).toBe(true);
      for (let i = 0; i < 3; i++) await rpc('evm_mine');
      await until('the transfers settled again', () => events.some((e) => e.event === 'rolled-back') && ids.every((id) => node.transaction(id)?.status === 'settled'));

      expect(events.find((e) => e.event === 'reorg')).toBeDefined();
      expect(events.find((e) => e.event === 'rolled-back')).toEqual({ event: 'rolled-back', batchNumbers: [1], transactions: 2 });
      const status = node.status();
      expect(status.batches).toEqual({ built: 1, proven: 1, submitted: 1, settled: 1 });
      expect(status.l1.queueLength).toBe(0);
      expect(node.batch(1)).toMatchObject({ queueCount: 0, transactionIds: ids, status: 'settled' });
      expect(node.headState.queueCount).toBe(0);
      expect(node.account(deposited.index)).toBeUndefined();
      expect(await client.stateHash()).toBe(node.headState.stateHash);
      expect(Number(await client.batchNumber())).toBe(1);
    } finally {
      await node.stop();
    }
  });
});
