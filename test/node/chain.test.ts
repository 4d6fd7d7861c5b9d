/**
 * The external chain launcher of @zkr/test-helpers: anvil runs as its own process (it survives a
 * client's end and is gone after `stop()`), automines or mines on an interval, and a rollup deployed
 * on it holds the genesis state hash with the deployed domain.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JsonRpcProvider, Wallet } from 'ethers';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { createCryptoSuite, stateHashOf, readStateFile } from '@zkr/state';
import { readDeploymentFile } from '@zkr/l1';
import { startNode } from '@zkr/sequencer';
import { batchArtifacts, deployTestRollup, devAccountKey, isRunning, startExternalChain, type ExternalChain } from '@zkr/test-helpers';

let chain: ExternalChain | undefined;

afterEach(async () => {
  await chain?.stop();
  chain = undefined;
});

test('anvil starts on a free 127.0.0.1 port with the dev accounts, and stop() ends its process', async () => {
  chain = await startExternalChain({ accounts: 3 });
  expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(chain.keys).toEqual([devAccountKey(0), devAccountKey(1), devAccountKey(2)]);
  const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { staticNetwork: true });
  try {
    expect((await provider.getNetwork()).chainId).toBe(31337n);
    expect(await provider.getBalance(new Wallet(chain.keys[2]).address)).toBe(10_000n * 10n ** 18n);
  } finally {
    provider.destroy();
  }
  expect(isRunning(chain.pid)).toBe(true);
  await chain.stop();
  expect(isRunning(chain.pid)).toBe(false);
  await chain.stop(); // idempotent
});

test('automine mines each transaction without help; interval mining leaves it pending until the next block', async () => {
  chain = await startExternalChain({ accounts: 2 });
  const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const wallet = new Wallet(chain.keys[0], provider);
  try {
    const mined = await wallet.sendTransaction({ to: new Wallet(chain.keys[1]).address, value: 1n });
    // anvil answers eth_sendRawTransaction before its automine block is sealed: wait for it, bounded.
    expect(await provider.waitForTransaction(mined.hash, 1, 10_000)).not.toBeNull();
    await chain.setIntervalMining(3600); // no block in the test's lifetime unless mined by hand
    const pending = await wallet.sendTransaction({ to: new Wallet(chain.keys[1]).address, value: 1n, nonce: mined.nonce + 1 });
    expect(await provider.getTransactionReceipt(pending.hash)).toBeNull();
    expect(await provider.getTransactionCount(wallet.address, 'pending')).toBe(mined.nonce + 2);
    expect(await provider.getTransactionCount(wallet.address, 'latest')).toBe(mined.nonce + 1);
    await chain.mine();
    expect(await provider.getTransactionReceipt(pending.hash)).not.toBeNull();
    await chain.setAutomine();
    const again = await wallet.sendTransaction({ to: new Wallet(chain.keys[1]).address, value: 1n, nonce: mined.nonce + 2 });
    expect(await provider.waitForTransaction(again.hash, 1, 10_000)).not.toBeNull();
  } finally {
    provider.destroy();
  }
});

test('deployTestRollup deploys the default instance and writes files zkr node reads', async () => {
  chain = await startExternalChain();
  const suite = await createCryptoSuite();
  const rollup = await deployTestRollup({
    suite, chain, artifactsDir: await batchArtifacts(DEFAULT_INSTANCE), depth: DEFAULT_INSTANCE.depth,
    queuePositions: 1, withdrawalPositions: 1, accounts: 4, balance: 1000n,
  });
  try {
    const deployment = await readDeploymentFile(rollup.deploymentFile);
    expect(deployment.rollup).toBe(rollup.deployment.rollup);
    const genesis = await readStateFile(suite, rollup.genesisFile);
    expect(genesis.domain).toBe(deployment.domain);
    expect(genesis.size).toBe(4);
    expect(await rollup.client.stateHash()).toBe(stateHashOf(suite, deployment.domain, genesis.root));
    // zkr node on it with no --db: one database per chain and rollup in the data directory.
    const node = await startNode({
      rpc: chain.rpcUrl, privateKey: chain.keys[0], deploymentFile: rollup.deploymentFile, genesisFile: rollup.genesisFile,
      dataDir: join(rollup.dir, 'data'), artifactsDir: await batchArtifacts(DEFAULT_INSTANCE), port: 0,
    });
    try {
      expect(node.dbFile).toBe(join(rollup.dir, 'data', `31337-${deployment.rollup.toLowerCase()}.sqlite`));
      expect(existsSync(node.dbFile)).toBe(true);
      expect(node.sequencer.status()).toMatchObject({ rollup: deployment.rollup, domain: deployment.domain, headRoot: genesis.root });
    } finally {
      await node.stop();
    }
  } finally {
    rollup.close();
  }
});
