/**
 * @zkr/l1 with real @zkr/state batches: build a batch of signed transfers on the deployment's
 * domain, prove its public input with the one-input fixture circuit (real snarkjs), submit it, and
 * replay it from the events; plus the client's pre-checks and attach checks.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { getCreateAddress } from 'ethers';
import {
  connect, deploy, type Deployment, type L1Connection, readDeploymentFile, RollupClient, writeDeploymentFile,
} from '@zkr/l1';
import {
  type Batch, buildBatch, computeDomain, createCryptoSuite, type CryptoSuite, decodePublicData, type KeyPair,
  PUBLIC_DATA_HEADER_BYTES, RollupState, signTransfer,
} from '@zkr/state';
import { proveToy, terminateCurve, testKey, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';

let fx: ToyArtifacts;
let connection: L1Connection;
let suite: CryptoSuite;
let keys: KeyPair[];
let client: RollupClient;

function genesis(domain: bigint): RollupState {
  return RollupState.genesis(suite, {
    depth: 4,
    domain,
    accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: 1000n, nonce: 0n } })),
  });
}

/** A batch of two transfers (1 -> 2, then 2 -> 1) on `s`, with the senders' current nonces. */
function batchOn(s: RollupState): Batch {
  const transfers = [
    signTransfer(suite, keys[1].privateKey, s.domain, { from: 1, to: 2, amount: 10n, fee: 1n, nonce: s.account(1)!.nonce }),
    signTransfer(suite, keys[2].privateKey, s.domain, { from: 2, to: 1, amount: 5n, fee: 2n, nonce: s.account(2)!.nonce }),
  ];
  return buildBatch(s, transfers, { batchSize: 4, feeRecipient: 0 }).batch;
}

beforeAll(async () => {
  fx = await toyCeremony();
  connection = await connect();
  suite = await createCryptoSuite();
  keys = Array.from({ length: 3 }, (_, i) => testKey(suite, i));
  // The genesis root does not depend on the domain; the domain is known once deployed.
  client = await deploy({ connection, genesisRoot: genesis(0n).root, verifiers: [{ batchSize: 4, artifactsDir: fx.dir }] });
});

afterAll(terminateCurve);

test('submits real batches in sequence and the events replay them', async () => {
  const first = buildBatch(genesis(client.deployment.domain), [signTransfer(suite, keys[1].privateKey, client.deployment.domain, { from: 1, to: 2, amount: 10n, fee: 1n, nonce: 0n })], {
    batchSize: 4,
    feeRecipient: 0,
  });
  const r1 = await client.submitBatch(first.batch, await proveToy(fx, first.batch.publicInput));
  const second = batchOn(first.state);
  expect(second.slots.map((slot) => slot.kind)).toEqual(['transfer', 'transfer', 'noop', 'noop']);
  const r2 = await client.submitBatch(second, await proveToy(fx, second.publicInput));
  expect([r1.batchNumber, r2.batchNumber]).toEqual([1n, 2n]);
  expect(await client.stateRoot()).toBe(second.newRoot);

  const events = await client.readBatches();
  expect(events.map((e) => Buffer.from(e.txData).toString('hex'))).toEqual(
    [first.batch, second].map((b) => Buffer.from(b.publicData.subarray(PUBLIC_DATA_HEADER_BYTES)).toString('hex')),
  );
  // Replay: the event's fields plus the stored domain rebuild each batch's public data exactly.
  const replayed = decodePublicData(
    Buffer.concat([
      Buffer.from(second.publicData.subarray(0, 32)),
      Buffer.from(events[1].oldRoot.toString(16).padStart(64, '0'), 'hex'),
      Buffer.from(events[1].newRoot.toString(16).padStart(64, '0'), 'hex'),
      Buffer.from([0, 0, 0, events[1].feeRecipient]),
      Buffer.from(events[1].txData),
    ]),
  );
  expect(replayed.slots.slice(0, 2)).toEqual([
    { from: 1, to: 2, amount: 10n, fee: 1n },
    { from: 2, to: 1, amount: 5n, fee: 2n },
  ]);
});

test('refuses a batch for another domain, an inconsistent batch and a proof of another input before sending', async () => {
  const foreign = batchOn(genesis(12345n));
  await expect(client.submitBatch(foreign, await proveToy(fx, foreign.publicInput))).rejects.toMatchObject({ code: 'DOMAIN_MISMATCH' });

  const batch = batchOn(genesis(client.deployment.domain));
  const publicData = Uint8Array.from(batch.publicData);
  publicData[PUBLIC_DATA_HEADER_BYTES] ^= 1;
  await expect(client.submitBatch({ ...batch, publicData }, await proveToy(fx, batch.publicInput))).rejects.toMatchObject({ code: 'BATCH_INCONSISTENT' });
  await expect(client.submitBatch({ ...batch, newRoot: batch.newRoot + 1n }, await proveToy(fx, batch.publicInput))).rejects.toMatchObject({
    code: 'BATCH_INCONSISTENT',
  });
  await expect(client.submitBatch(batch, await proveToy(fx, batch.publicInput + 1n))).rejects.toMatchObject({ code: 'PROOF_MISMATCH' });
});

test('a batch built on an old root is rejected on chain as STALE_ROOT', async () => {
  const stale = batchOn(genesis(client.deployment.domain));
  await expect(client.submitBatch(stale, await proveToy(fx, stale.publicInput))).rejects.toMatchObject({ code: 'STALE_ROOT' });
});

describe('deployment files and attach', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-l1-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('round-trips through a file and attaches to the same contract', async () => {
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, client.deployment);
    const read = await readDeploymentFile(file);
    expect(read).toEqual({ ...client.deployment, rpcUrl: undefined });
    const again = await RollupClient.attach(read, connection);
    expect(await again.stateRoot()).toBe(await client.stateRoot());
  });

  test('rejects a file for another chain, address or domain', async () => {
    const d: Deployment = client.deployment;
    await expect(RollupClient.attach({ ...d, chainId: 1n }, connection)).rejects.toMatchObject({ code: 'CHAIN_MISMATCH' });
    await expect(RollupClient.attach({ ...d, rollup: '0x000000000000000000000000000000000000dEaD' }, connection)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    await expect(RollupClient.attach({ ...d, domain: d.domain + 1n }, connection)).rejects.toMatchObject({ code: 'DOMAIN_MISMATCH' });
  });

  test('reads the batch size from an artifact manifest and checks vkey.json against its hash', async () => {
    const art = path.join(dir, 'artifacts');
    fs.mkdirSync(art);
    const text = fs.readFileSync(fx.vkey, 'utf8');
    fs.writeFileSync(path.join(art, 'vkey.json'), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const manifest = (batchSize: number, vkey = sha) => fs.writeFileSync(path.join(art, 'manifest.json'), JSON.stringify({ circuit: { batchSize }, files: { vkey } }));
    manifest(8);
    const c = await deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: art }] });
    expect(c.deployment.verifiers.map((v) => v.batchSize)).toEqual([8]);
    await expect(deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: art, batchSize: 4 }] })).rejects.toMatchObject({ code: 'BATCH_SIZE_MISMATCH' });
    manifest(8, '0'.repeat(64));
    await expect(deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'ARTIFACTS_CORRUPT' });
    // A key edited after the setup no longer matches the manifest, even if it is still a valid key.
    manifest(8);
    fs.writeFileSync(path.join(art, 'vkey.json'), `${text}\n`);
    await expect(deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'ARTIFACTS_CORRUPT' });
    fs.rmSync(path.join(art, 'manifest.json'));
    await expect(deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'BATCH_SIZE_UNKNOWN' });
    await expect(deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: dir, batchSize: 1 }] })).rejects.toMatchObject({ code: 'VERIFICATION_KEY_NOT_FOUND' });
    await expect(
      deploy({ connection, genesisRoot: 5n, verifiers: [{ artifactsDir: art, batchSize: 2 }, { verificationKey: JSON.parse(text), batchSize: 2 }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'verifiers[1].batchSize' } });
  });
});

test('connect bounds every RPC call: a node that accepts and never answers is RPC_TIMEOUT; rpcTimeoutMs is checked', async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const rpcUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  try {
    const start = Date.now();
    await expect(connect({ rpcUrl, rpcTimeoutMs: 200, privateKey: `0x${'11'.repeat(32)}` })).rejects.toMatchObject({ code: 'RPC_TIMEOUT', details: { timeoutMs: 200 } });
    expect(Date.now() - start).toBeLessThan(3000);
    await expect(connect({ rpcUrl, rpcTimeoutMs: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'rpcTimeoutMs' } });
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
}, 30_000);

test('deploy refuses artifacts whose manifest records another tree depth than the state\'s (DEPTH_MISMATCH) before sending', async () => {
  const art = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-l1-depth-'));
  try {
    const text = fs.readFileSync(fx.vkey, 'utf8');
    fs.writeFileSync(path.join(art, 'vkey.json'), text);
    const vkey = createHash('sha256').update(text).digest('hex');
    fs.writeFileSync(path.join(art, 'manifest.json'), JSON.stringify({ circuit: { depth: 3, batchSize: 4 }, files: { vkey } }));
    const nonce = await connection.signer.getNonce();
    await expect(deploy({ connection, genesisRoot: 5n, depth: 4, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({
      code: 'DEPTH_MISMATCH',
      details: { field: 'verifiers[0].artifactsDir', artifactsDepth: 3, stateDepth: 4 },
    });
    expect(await connection.signer.getNonce()).toBe(nonce);
    const c = await deploy({ connection, genesisRoot: 5n, depth: 3, verifiers: [{ artifactsDir: art }] });
    expect(c.deployment.verifiers.map((v) => v.batchSize)).toEqual([4]);
  } finally {
    fs.rmSync(art, { recursive: true, force: true });
  }
});

test('the Rollup is created after its verifiers: with K verifiers it takes the deployer nonce n + K (protocol §4)', async () => {
  const deployer = await connection.signer.getAddress();
  const nonce = await connection.provider.getTransactionCount(deployer);
  const c = await deploy({ connection, genesisRoot: 7n, verifiers: [{ batchSize: 1, artifactsDir: fx.dir }, { batchSize: 2, artifactsDir: fx.dir }] });
  expect(c.deployment.rollup).toBe(getCreateAddress({ from: deployer, nonce: nonce + 2 }));
  expect(c.deployment.verifiers.map((v) => v.address)).toEqual([0, 1].map((k) => getCreateAddress({ from: deployer, nonce: nonce + k })));
  expect(c.deployment.domain).toBe(computeDomain(connection.chainId, getCreateAddress({ from: deployer, nonce: nonce + 2 })));
});
