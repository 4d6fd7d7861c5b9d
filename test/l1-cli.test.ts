/**
 * `zkr deploy` and `zkr submit` against a real JSON-RPC node (`hardhat node` in a child process),
 * with keys from ZKR_PRIVATE_KEY and from an encrypted keystore, real snarkjs proofs of the
 * two-input fixture circuit (any `[newStateHash, dataHash]` has one), and `zkr status` comparing a
 * local state with the chain, through @zkr/cli's in-process `run`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { encryptKeystoreJson, HDNodeWallet, JsonRpcProvider, Wallet } from 'ethers';
import { run } from '@zkr/cli';
import {
  buildBatch, createCryptoSuite, readStateFile, RollupState, signTransfer, writeBatchFile, writeStateFile,
} from '@zkr/state';
import { proveToyJson, terminateCurve, testKey, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';

/** Hardhat's first default account (from its public test mnemonic). */
const HARDHAT_KEY = HDNodeWallet.fromPhrase('test test test test test test test test test test test junk', undefined, "m/44'/60'/0'/0/0").privateKey;

let node: ChildProcess;
let rpc: string;
let dir: string;
let fx: ToyArtifacts;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startNode(port: number): Promise<ChildProcess> {
  const cliPath = path.join(path.dirname(require.resolve('hardhat/package.json')), 'internal', 'cli', 'cli.js');
  const child = spawn(process.execPath, [cliPath, 'node', '--config', path.resolve(__dirname, '../contracts/hardhat.config.js'), '--hostname', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Started HTTP')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`hardhat node exited with ${code}: ${out}`)));
  });
  return child;
}

/** Runs `zkr --json <args>` in-process; resolves to the parsed JSON result, rejects with the command's error. */
async function zkr(...args: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  await run(['--json', ...args], { stdout: (t) => void (stdout += t), stderr: () => undefined });
  return JSON.parse(stdout) as Record<string, unknown>;
}

const file = (name: string) => path.join(dir, name);

/** A TCP server on 127.0.0.1 that accepts connections and never answers; resolves to its URL and a closer. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const close = () => new Promise<void>((resolve) => {
    sockets.forEach((s) => s.destroy());
    server.close(() => resolve());
  });
  return { url: `http://127.0.0.1:${port}`, close };
}

/**
 * A JSON-RPC proxy to the real node that never answers any request (or batch) calling `method`:
 * a node that hangs on one call only (estimate, send, receipt).
 */
async function stallingProxy(method: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => void (body += chunk.toString()));
    req.on('end', () => {
      const calls = [JSON.parse(body)].flat() as { method: string }[];
      if (calls.some((c) => c.method === method)) return; // never answer
      void fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then((r) => r.text())
        .then((text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { url: `http://127.0.0.1:${port}`, close };
}

/** Runs `zkr` and returns the error code it failed with and the milliseconds it took. */
async function failure(...args: string[]): Promise<{ code: unknown; ms: number }> {
  const start = Date.now();
  const error = await zkr(...args).then(() => undefined, (e: { code?: unknown }) => e);
  return { code: error?.code, ms: Date.now() - start };
}

/** The transaction count of Hardhat's first account on the node: unchanged means nothing was sent. */
async function sentCount(): Promise<number> {
  const provider = new JsonRpcProvider(rpc);
  try {
    return await provider.getTransactionCount(new Wallet(HARDHAT_KEY).address);
  } finally {
    provider.destroy();
  }
}

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 2 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-l1-cli-'));
  const port = await freePort();
  rpc = `http://127.0.0.1:${port}`;
  node = await startNode(port);
  const suite = await createCryptoSuite();
  const keys = [testKey(suite, 0), testKey(suite, 1)];
  fs.writeFileSync(file('keys.json'), JSON.stringify(keys.map((k) => Buffer.from(k.privateKey).toString('hex'))));
  const genesis = RollupState.genesis(suite, {
    depth: 4,
    domain: 0n,
    accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: 100n, nonce: 0n, owner: 0n } })),
  });
  await writeStateFile(file('genesis.json'), genesis);
});

afterAll(async () => {
  node?.kill();
  delete process.env.ZKR_PRIVATE_KEY;
  delete process.env.ZKR_KEYSTORE_PASSWORD;
  fs.rmSync(dir, { recursive: true, force: true });
  await terminateCurve();
});

test('deploy, then submit a proven batch over RPC, reporting gas; a replay is WRONG_BATCH_NUMBER; status compares the chain with local states', async () => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  const d = await zkr('deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--state-out', file('state.json'), '--out', file('deployment.json'), '--rpc', rpc);
  expect(d).toMatchObject({ chainId: '31337', inProcess: false, depth: 4, verifiers: [{ batchSize: 2 }] });
  const deployment = JSON.parse(fs.readFileSync(file('deployment.json'), 'utf8'));
  expect(deployment).toMatchObject({ version: 2, kind: 'deployment', rpcUrl: rpc, rollup: d.rollup, domain: d.domain, depth: 4, hasher: d.hasher });

  const suite = await createCryptoSuite();
  const state = await readStateFile(suite, file('state.json'));
  expect(state.domain.toString()).toBe(d.domain);
  const [k0] = JSON.parse(fs.readFileSync(file('keys.json'), 'utf8')) as string[];
  const transfer = signTransfer(suite, Buffer.from(k0, 'hex'), state.domain, { from: 0, to: 1, amount: 30n, fee: 2n, nonce: 0n });
  const { batch, state: after } = buildBatch(state, [transfer], { batchSize: 2, feeRecipient: 1 });
  await writeBatchFile(file('batch.json'), batch);
  await writeStateFile(file('state-1.json'), after);
  fs.writeFileSync(file('proof.json'), JSON.stringify(await proveToyJson(fx, [batch.newStateHash, batch.dataHash])));

  // Before the batch: the genesis state is L1's, the state after it is one batch ahead.
  const before = await zkr('status', '--deployment', file('deployment.json'), '--state', file('state.json'));
  expect(before).toMatchObject({ batchCount: '0', stateHash: batch.oldStateHash.toString(), inSync: true, relation: 'in sync' });
  await expect(zkr('status', '--deployment', file('deployment.json'), '--state', file('state-1.json'))).rejects.toMatchObject({
    code: 'STATE_MISMATCH',
    message: expect.stringContaining('is ahead of L1 by 1 batch(es) (local batch count 1, L1 0): batch #1 and later are built locally but not on L1'),
  });

  // No --rpc: the deployment file's URL is used.
  const r = await zkr('submit', '--deployment', file('deployment.json'), '--batch', file('batch.json'), '--proof', file('proof.json'));
  // D = 4: 1-byte indices, 8-byte slots (docs/protocol.md §7).
  expect(r).toMatchObject({ batchNumber: '1', slots: 2, transfers: 1, slotBytes: 16, newRoot: batch.newRoot.toString(), newStateHash: batch.newStateHash.toString() });
  expect(BigInt(r.gasUsed as string)).toBeGreaterThan(150000n);
  expect(r.gasPerTransfer).toBe(r.gasUsed);

  expect(await zkr('status', '--deployment', file('deployment.json'), '--state', file('state-1.json'))).toMatchObject({
    batchCount: '1', stateHash: batch.newStateHash.toString(), local: { batchCount: '1', stateHash: batch.newStateHash.toString() }, inSync: true,
  });
  await expect(zkr('status', '--deployment', file('deployment.json'), '--state', file('state.json'))).rejects.toMatchObject({
    code: 'STATE_MISMATCH',
    message: expect.stringContaining('is behind L1 by 1 batch(es) (local batch count 0, L1 1)'),
  });
  // Batch 1 built from other transfers: the same batch count, another state hash.
  const other = signTransfer(suite, Buffer.from(k0, 'hex'), state.domain, { from: 0, to: 1, amount: 7n, fee: 0n, nonce: 0n });
  await writeStateFile(file('state-1-other.json'), buildBatch(state, [other], { batchSize: 2, feeRecipient: 1 }).state);
  await expect(zkr('status', '--deployment', file('deployment.json'), '--state', file('state-1-other.json'))).rejects.toMatchObject({
    code: 'STATE_MISMATCH',
    message: expect.stringContaining('is diverged from L1 (local batch count 1, L1 1): the same batch count with another state hash'),
  });
  // The same proof again: the rollup has moved on to batch 2, so it is valid nowhere.
  await expect(zkr('submit', '--deployment', file('deployment.json'), '--batch', file('batch.json'), '--proof', file('proof.json'))).rejects.toMatchObject({
    code: 'WRONG_BATCH_NUMBER',
  });
});

test('a node that accepts connections and never answers: deploy and submit fail with RPC_TIMEOUT in bounded time', async () => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  const silent = await silentServer();
  try {
    await expectDeployAndSubmitTimeOut(silent.url, { timeoutMs: 300, boundMs: 5000, out: 'silent.json', batch: 'batch.json', proof: 'proof.json' });
  } finally {
    await silent.close();
  }
  expect(fs.existsSync(file('silent.json'))).toBe(false);
}, 30_000);

/** `zkr deploy` (writing `out`) and `zkr submit` (of `batch`, `proof`) against `url` both fail with RPC_TIMEOUT within `boundMs`. */
async function expectDeployAndSubmitTimeOut(
  url: string,
  o: { timeoutMs: number; boundMs: number; out: string; batch: string; proof: string },
): Promise<void> {
  const commands = [
    ['deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file(o.out)],
    ['submit', '--deployment', file('deployment.json'), '--batch', file(o.batch), '--proof', file(o.proof)],
  ];
  for (const args of commands) {
    const result = await failure(...args, '--rpc', url, '--rpc-timeout', String(o.timeoutMs));
    expect(result.code).toBe('RPC_TIMEOUT');
    expect(result.ms).toBeLessThan(o.boundMs);
  }
}

test('the zkr binary against a silent node: prints one RPC_TIMEOUT line and the process exits 1 in bounded time', async () => {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const silent = await silentServer();
  try {
    const start = Date.now();
    const args = ['deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file('bin.json'), '--rpc', silent.url, '--rpc-timeout', '300'];
    const child = spawn(process.execPath, [path.join(root, 'packages/cli/bin/zkr.js'), ...args], { env: { ...process.env, ZKR_PRIVATE_KEY: HARDHAT_KEY, ZKR_DEBUG: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    clearTimeout(killer);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error \[RPC_TIMEOUT\]: [^\n]*\n$/);
    expect(Date.now() - start).toBeLessThan(15_000);
  } finally {
    await silent.close();
  }
}, 120_000);

/** Writes batch2.json and proof2.json: a valid second batch on top of the first test's (nonce 1). */
async function writeSecondBatch(): Promise<void> {
  if (fs.existsSync(file('proof2.json'))) return;
  const suite = await createCryptoSuite();
  const state = await readStateFile(suite, file('state.json'));
  const [k0] = JSON.parse(fs.readFileSync(file('keys.json'), 'utf8')) as string[];
  const key = Buffer.from(k0, 'hex');
  const first = signTransfer(suite, key, state.domain, { from: 0, to: 1, amount: 30n, fee: 2n, nonce: 0n });
  const after = buildBatch(state, [first], { batchSize: 2, feeRecipient: 1 }).state;
  const second = signTransfer(suite, key, state.domain, { from: 0, to: 1, amount: 5n, fee: 1n, nonce: 1n });
  const { batch } = buildBatch(after, [second], { batchSize: 2, feeRecipient: 1 });
  await writeBatchFile(file('batch2.json'), batch);
  fs.writeFileSync(file('proof2.json'), JSON.stringify(await proveToyJson(fx, [batch.newStateHash, batch.dataHash])));
}

// In this order: the receipt case is the only one whose submission reaches the chain.
test.each(['eth_estimateGas', 'eth_sendRawTransaction', 'eth_getTransactionReceipt'])('a node that never answers %s: deploy and submit fail with RPC_TIMEOUT', async (method) => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  await writeSecondBatch();
  const proxy = await stallingProxy(method);
  try {
    await expectDeployAndSubmitTimeOut(proxy.url, { timeoutMs: 500, boundMs: 8000, out: 'stalled.json', batch: 'batch2.json', proof: 'proof2.json' });
  } finally {
    await proxy.close();
  }
  expect(fs.existsSync(file('stalled.json'))).toBe(false);
}, 60_000);

test('--rpc-timeout must be a positive integer (usage error)', async () => {
  await expect(zkr('deploy', '--artifacts', fx.dir, '--state', file('genesis.json'), '--out', file('x.json'), '--rpc', rpc, '--rpc-timeout', '0')).rejects.toMatchObject({
    code: 'INVALID_ARGUMENT',
    details: { field: '--rpc-timeout' },
  });
});

test('deploy checks --out and --state-out before any transaction: FILE_UNWRITABLE, nothing sent', async () => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  const before = await sentCount();
  const base = ['deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--rpc', rpc];
  await expect(zkr(...base, '--out', file('missing-dir/deployment.json'))).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', details: { field: '--out' } });
  await expect(zkr(...base, '--out', dir)).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', details: { field: '--out' } });
  await expect(zkr(...base, '--out', path.join(file('keys.json'), 'deployment.json'))).rejects.toMatchObject({ code: 'FILE_UNWRITABLE' });
  await expect(zkr(...base, '--out', file('ok.json'), '--state-out', file('missing-dir/state.json'))).rejects.toMatchObject({
    code: 'FILE_UNWRITABLE',
    details: { field: '--state-out' },
  });
  expect(await sentCount()).toBe(before);
  expect(fs.existsSync(file('ok.json'))).toBe(false);
});

test('deploy refuses a state that is not a genesis (batch count > 0): NOT_GENESIS, nothing sent', async () => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  const before = await sentCount();
  await expect(zkr('deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('state-1.json'), '--out', file('later.json'), '--rpc', rpc)).rejects.toMatchObject({
    code: 'NOT_GENESIS',
    details: { field: '--state', batchCount: 1 },
  });
  expect(await sentCount()).toBe(before);
  expect(fs.existsSync(file('later.json'))).toBe(false);
});

test('deploy refuses artifacts set up for another tree depth than the state\'s: DEPTH_MISMATCH, nothing sent', async () => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  const artifacts = file('depth6-artifacts');
  fs.cpSync(fx.dir, artifacts, { recursive: true });
  const vkey = fs.readFileSync(path.join(artifacts, 'vkey.json'));
  const manifest = { circuit: { name: 'toy', depth: 6, batchSize: 2 }, files: { vkey: createHash('sha256').update(vkey).digest('hex') } };
  fs.writeFileSync(path.join(artifacts, 'manifest.json'), JSON.stringify(manifest));
  const before = await sentCount();
  await expect(zkr('deploy', '--artifacts', artifacts, '--state', file('genesis.json'), '--out', file('depth.json'), '--rpc', rpc)).rejects.toMatchObject({
    code: 'DEPTH_MISMATCH',
    details: { artifactsDepth: 6, stateDepth: 4 },
  });
  expect(await sentCount()).toBe(before);
  expect(fs.existsSync(file('depth.json'))).toBe(false);
});

test('signs with an encrypted keystore; without any key an RPC deploy is NO_SIGNER', async () => {
  delete process.env.ZKR_PRIVATE_KEY;
  const args = ['deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file('d2.json'), '--rpc', rpc];
  await expect(zkr(...args)).rejects.toMatchObject({ code: 'NO_SIGNER' });

  const account = new Wallet(HARDHAT_KEY);
  const keystore = await encryptKeystoreJson({ address: account.address, privateKey: account.privateKey }, 'correct horse', { scrypt: { N: 1024 } });
  fs.writeFileSync(file('keystore.json'), keystore);
  await expect(zkr(...args, '--keystore', file('keystore.json'))).rejects.toMatchObject({ code: 'KEYSTORE_PASSWORD_MISSING' });
  process.env.ZKR_KEYSTORE_PASSWORD = 'wrong';
  await expect(zkr(...args, '--keystore', file('keystore.json'))).rejects.toMatchObject({ code: 'KEYSTORE_DECRYPT_FAILED' });
  process.env.ZKR_KEYSTORE_PASSWORD = 'correct horse';
  const d = await zkr(...args, '--keystore', file('keystore.json'));
  expect(JSON.parse(fs.readFileSync(file('d2.json'), 'utf8')).deployer).toBe(new Wallet(HARDHAT_KEY).address);
  expect(d.rollup).toMatch(/^0x[0-9a-fA-F]{40}$/);
});

test('without --rpc, deploy uses the in-process network and Hardhat\'s first account', async () => {
  delete process.env.ZKR_PRIVATE_KEY;
  const d = await zkr('deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file('local.json'));
  expect(d).toMatchObject({ chainId: '31337', inProcess: true });
  expect(JSON.parse(fs.readFileSync(file('local.json'), 'utf8'))).toMatchObject({ rpcUrl: null, deployer: new Wallet(HARDHAT_KEY).address });
});

test('a bad key or an unreachable node is a clear error that never shows the key', async () => {
  const secret = `0x${'ab'.repeat(31)}`; // 31 bytes: invalid
  const error = await zkr('deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file('d3.json'), '--rpc', rpc, '--private-key', secret).catch(
    (e: Error) => e,
  );
  expect(error).toMatchObject({ code: 'INVALID_PRIVATE_KEY' });
  expect((error as Error).message).not.toContain('abab');
  const port = await freePort();
  await expect(
    zkr('deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file('d3.json'), '--rpc', `http://127.0.0.1:${port}`, '--private-key', HARDHAT_KEY),
  ).rejects.toMatchObject({ code: 'RPC_UNREACHABLE' });
  await expect(zkr('deploy', '--artifacts', fx.dir, '--state', file('genesis.json'), '--out', file('d3.json'), '--rpc', rpc)).rejects.toMatchObject({
    code: 'BATCH_SIZE_UNKNOWN',
  });
});
