/**
 * @zkr/l1 with real @zkr/state batches (protocol version 2): build a batch of signed transfers on
 * the deployment's domain, prove its public inputs [newStateHash, dataHash] with the two-input toy
 * circuit (real snarkjs), submit it, and rebuild it from L1 (events plus calldata); plus the
 * client's pre-checks and attach checks.
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
  type Batch, batchDataHeaderBytes, buildBatch, computeDomain, createCryptoSuite, type CryptoSuite, dataHashOf, decodeBatchData, type KeyPair,
  RollupState, signTransfer, stateHashOf,
} from '@zkr/state';
import { proveToy, terminateCurve, testKey, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';

const DEPTH = 4;

let fx: ToyArtifacts;
let connection: L1Connection;
let suite: CryptoSuite;
let keys: KeyPair[];
let client: RollupClient;

function genesis(domain: bigint): RollupState {
  return RollupState.genesis(suite, {
    depth: DEPTH,
    domain,
    accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: 1000n, nonce: 0n, owner: BigInt(index) } })),
  });
}

/** A batch of two transfers (1 -> 2, then 2 -> 1) on `s`, with the senders' current nonces. */
function batchOn(s: RollupState): { batch: Batch; state: RollupState } {
  const transfers = [
    signTransfer(suite, keys[1].privateKey, s.domain, { from: 1, to: 2, amount: 10n, fee: 1n, nonce: s.account(1)!.nonce }),
    signTransfer(suite, keys[2].privateKey, s.domain, { from: 2, to: 1, amount: 5n, fee: 2n, nonce: s.account(2)!.nonce }),
  ];
  return buildBatch(s, transfers, { batchSize: 4, feeRecipient: 0 });
}

/** The toy proof of `batch`'s public inputs. */
function proofOf(batch: Batch) {
  return proveToy(fx, [batch.newStateHash, batch.dataHash]);
}

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 2 });
  connection = await connect();
  suite = await createCryptoSuite();
  keys = Array.from({ length: 3 }, (_, i) => testKey(suite, i));
  // The genesis root does not depend on the domain; the domain is known once deployed.
  client = await deploy({ connection, genesisRoot: genesis(0n).root, depth: DEPTH, verifiers: [{ batchSize: 4, artifactsDir: fx.dir }] });
});

afterAll(terminateCurve);

test('the rollup starts at the genesis state hash of @zkr/state, with no batch', async () => {
  const state = genesis(client.deployment.domain);
  expect(await client.stateHash()).toBe(state.stateHash);
  expect(await client.stateHash()).toBe(stateHashOf(suite, client.deployment.domain, state.root));
  expect(await client.batchNumber()).toBe(BigInt(state.batchCount));
});

test('submits real batches in sequence; batchEvents and the genesis state rebuild every batch from L1', async () => {
  const domain = client.deployment.domain;
  const start = genesis(domain);
  const first = buildBatch(start, [signTransfer(suite, keys[1].privateKey, domain, { from: 1, to: 2, amount: 10n, fee: 1n, nonce: 0n })], { batchSize: 4, feeRecipient: 0 });
  const r1 = await client.submitBatch(first.batch, await proofOf(first.batch));
  const second = batchOn(first.state);
  expect(second.batch.slots.map((slot) => slot.kind)).toEqual(['transfer', 'transfer', 'noop', 'noop']);
  const r2 = await client.submitBatch(second.batch, await proofOf(second.batch));
  expect([r1.batchNumber, r2.batchNumber]).toEqual([1n, 2n]);
  expect([await client.stateHash(), await client.batchNumber()]).toEqual([second.state.stateHash, 2n]);

  const events = await client.batchEvents();
  expect(events.map((e) => [e.batchNumber, e.newStateHash, e.feeRecipient, e.txHash])).toEqual([
    [1n, first.batch.newStateHash, 0, r1.txHash],
    [2n, second.batch.newStateHash, 0, r2.txHash],
  ]);
  // Rebuild: each batch's data is the previous state hash (genesis, then the previous event's),
  // its number and fee recipient, and the slot bytes from the calldata; it hashes to the proven dataHash.
  let stateHash = start.stateHash;
  for (const [event, batch] of [[events[0], first.batch], [events[1], second.batch]] as const) {
    // D = 4: one-byte indices, so the header is 32 + 4 + 1 bytes.
    const header = Buffer.alloc(batchDataHeaderBytes(DEPTH));
    header.write(stateHash.toString(16).padStart(64, '0'), 0, 'hex');
    header.writeUInt32BE(Number(event.batchNumber), 32);
    header.writeUInt8(event.feeRecipient, 36);
    const batchData = Buffer.concat([header, event.txData]);
    expect(Buffer.from(batchData).equals(Buffer.from(batch.batchData))).toBe(true);
    expect(dataHashOf(batchData)).toBe(batch.dataHash);
    stateHash = event.newStateHash;
  }
  expect(decodeBatchData(Buffer.concat([Buffer.from(second.batch.batchData.subarray(0, batchDataHeaderBytes(DEPTH))), events[1].txData]), DEPTH).slots.slice(0, 2)).toEqual([
    { kind: 1, from: 1, to: 2, amount: 10n, fee: 1n },
    { kind: 1, from: 2, to: 1, amount: 5n, fee: 2n },
  ]);
});

test('refuses a batch for another domain or depth, an inconsistent batch and a proof of other inputs before sending', async () => {
  const nonce = await connection.signer.getNonce();
  const foreign = batchOn(genesis(12345n)).batch;
  await expect(client.submitBatch(foreign, await proofOf(foreign))).rejects.toMatchObject({ code: 'DOMAIN_MISMATCH' });
  const deeper = RollupState.genesis(suite, { depth: DEPTH + 2, domain: client.deployment.domain, accounts: [{ index: 0, account: { publicKey: keys[0].publicKey, balance: 1n, nonce: 0n, owner: 0n } }] });
  const deep = buildBatch(deeper, [], { batchSize: 4, feeRecipient: 0 }).batch;
  await expect(client.submitBatch(deep, await proofOf(deep))).rejects.toMatchObject({ code: 'DEPTH_MISMATCH', details: { batchDepth: DEPTH + 2, rollupDepth: DEPTH } });

  const { batch } = batchOn(genesis(client.deployment.domain));
  const proof = await proofOf(batch);
  const batchData = Uint8Array.from(batch.batchData);
  batchData[batchDataHeaderBytes(DEPTH)] ^= 1;
  for (const altered of [{ ...batch, batchData }, { ...batch, batchNumber: batch.batchNumber + 1 }, { ...batch, feeRecipient: 1 }, { ...batch, dataHash: batch.dataHash ^ 1n }, { ...batch, oldStateHash: batch.oldStateHash ^ 1n }]) {
    await expect(client.submitBatch(altered, proof)).rejects.toMatchObject({ code: 'BATCH_INCONSISTENT' });
  }
  await expect(client.submitBatch(batch, await proveToy(fx, [batch.newStateHash + 1n, batch.dataHash]))).rejects.toMatchObject({ code: 'PROOF_MISMATCH' });
  await expect(client.submitBatch(batch, await proveToy(fx, [batch.dataHash, batch.newStateHash]))).rejects.toMatchObject({ code: 'PROOF_MISMATCH' });
  await expect(client.submitBatch(batch, { ...proof, input: [batch.newStateHash] })).rejects.toMatchObject({ code: 'PROOF_MISMATCH' });
  expect(await connection.signer.getNonce()).toBe(nonce);
});

test('a batch of a used or future number is WRONG_BATCH_NUMBER, one on another state STATE_MISMATCH, before sending', async () => {
  const nonce = await connection.signer.getNonce();
  const count = await client.batchNumber();
  const replayed = batchOn(genesis(client.deployment.domain)).batch;
  expect(replayed.batchNumber).toBe(1);
  await expect(client.submitBatch(replayed, await proofOf(replayed))).rejects.toMatchObject({
    code: 'WRONG_BATCH_NUMBER',
    details: { expected: count + 1n, given: 1n },
  });
  // A state at the right count but not the rollup's (another history): its old state hash differs.
  const elsewhere = RollupState.genesis(suite, {
    depth: DEPTH,
    domain: client.deployment.domain,
    batchCount: Number(count),
    accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: 999n, nonce: 0n, owner: 0n } })),
  });
  const forked = batchOn(elsewhere).batch;
  expect(BigInt(forked.batchNumber)).toBe(count + 1n);
  await expect(client.submitBatch(forked, await proofOf(forked))).rejects.toMatchObject({
    code: 'STATE_MISMATCH',
    details: { batchStateHash: forked.oldStateHash, rollupStateHash: await client.stateHash() },
  });
  expect(await connection.signer.getNonce()).toBe(nonce);
});

test('the contract itself refuses a replayed batch sent raw (WRONG_BATCH_NUMBER) and renumbered (INVALID_PROOF)', async () => {
  const events = await client.batchEvents();
  const last = events[events.length - 1];
  const tx = await connection.provider.getTransaction(last.txHash);
  const call = client.iface.parseTransaction({ data: tx!.data })!;
  const proof = { a: call.args[4][0], b: call.args[4][1], c: call.args[4][2] } as const;
  const raw = { batchNumber: last.batchNumber, newStateHash: last.newStateHash, feeRecipient: last.feeRecipient, txData: last.txData, proof };
  await expect(client.submit(raw)).rejects.toMatchObject({ code: 'WRONG_BATCH_NUMBER' });
  await expect(client.submit({ ...raw, batchNumber: last.batchNumber + 1n })).rejects.toMatchObject({ code: 'INVALID_PROOF' });
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
    expect(await again.stateHash()).toBe(await client.stateHash());
  });

  test('rejects a file for another chain, address, domain or depth', async () => {
    const d: Deployment = client.deployment;
    await expect(RollupClient.attach({ ...d, chainId: 1n }, connection)).rejects.toMatchObject({ code: 'CHAIN_MISMATCH' });
    await expect(RollupClient.attach({ ...d, rollup: '0x000000000000000000000000000000000000dEaD' }, connection)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    await expect(RollupClient.attach({ ...d, domain: d.domain + 1n }, connection)).rejects.toMatchObject({ code: 'DOMAIN_MISMATCH' });
    await expect(RollupClient.attach({ ...d, depth: d.depth + 2 }, connection)).rejects.toMatchObject({ code: 'DEPTH_MISMATCH', details: { contractDepth: DEPTH, fileDepth: DEPTH + 2 } });
  });

  test('reads the batch size from an artifact manifest and checks vkey.json against its hash', async () => {
    const art = path.join(dir, 'artifacts');
    fs.mkdirSync(art);
    const text = fs.readFileSync(fx.vkey, 'utf8');
    fs.writeFileSync(path.join(art, 'vkey.json'), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const manifest = (batchSize: number, vkey = sha) => fs.writeFileSync(path.join(art, 'manifest.json'), JSON.stringify({ circuit: { batchSize }, files: { vkey } }));
    manifest(8);
    const c = await deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: art }] });
    expect(c.deployment.verifiers.map((v) => v.batchSize)).toEqual([8]);
    await expect(deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: art, batchSize: 4 }] })).rejects.toMatchObject({ code: 'BATCH_SIZE_MISMATCH' });
    manifest(8, '0'.repeat(64));
    await expect(deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'ARTIFACTS_CORRUPT' });
    // A key edited after the setup no longer matches the manifest, even if it is still a valid key.
    manifest(8);
    fs.writeFileSync(path.join(art, 'vkey.json'), `${text}\n`);
    await expect(deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'ARTIFACTS_CORRUPT' });
    fs.rmSync(path.join(art, 'manifest.json'));
    await expect(deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'BATCH_SIZE_UNKNOWN' });
    await expect(deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: dir, batchSize: 1 }] })).rejects.toMatchObject({ code: 'VERIFICATION_KEY_NOT_FOUND' });
    await expect(
      deploy({ connection, genesisRoot: 5n, depth: DEPTH, verifiers: [{ artifactsDir: art, batchSize: 2 }, { verificationKey: JSON.parse(text), batchSize: 2 }] }),
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
    fs.writeFileSync(path.join(art, 'manifest.json'), JSON.stringify({ circuit: { depth: 6, batchSize: 4 }, files: { vkey } }));
    const nonce = await connection.signer.getNonce();
    await expect(deploy({ connection, genesisRoot: 5n, depth: 4, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({
      code: 'DEPTH_MISMATCH',
      details: { field: 'verifiers[0].artifactsDir', artifactsDepth: 6, stateDepth: 4 },
    });
    expect(await connection.signer.getNonce()).toBe(nonce);
    const c = await deploy({ connection, genesisRoot: 5n, depth: 6, verifiers: [{ artifactsDir: art }] });
    expect(c.deployment.verifiers.map((v) => v.batchSize)).toEqual([4]);
  } finally {
    fs.rmSync(art, { recursive: true, force: true });
  }
});

test('the hasher comes first, then the verifiers: with K verifiers the Rollup takes the deployer nonce n + 1 + K (protocol §4)', async () => {
  const deployer = await connection.signer.getAddress();
  const nonce = await connection.provider.getTransactionCount(deployer);
  const c = await deploy({ connection, genesisRoot: 7n, depth: DEPTH, verifiers: [{ batchSize: 1, artifactsDir: fx.dir }, { batchSize: 2, artifactsDir: fx.dir }] });
  expect(c.deployment.hasher).toBe(getCreateAddress({ from: deployer, nonce }));
  expect(c.deployment.verifiers.map((v) => v.address)).toEqual([1, 2].map((k) => getCreateAddress({ from: deployer, nonce: nonce + k })));
  expect(c.deployment.rollup).toBe(getCreateAddress({ from: deployer, nonce: nonce + 3 }));
  expect(c.deployment.domain).toBe(computeDomain(connection.chainId, getCreateAddress({ from: deployer, nonce: nonce + 3 })));
  expect(c.deployment.depth).toBe(DEPTH);
});
