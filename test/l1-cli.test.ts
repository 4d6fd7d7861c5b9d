/**
 * `zkr deploy` and `zkr submit` against a real JSON-RPC node (`hardhat node` in a child process),
 * with keys from ZKR_PRIVATE_KEY and from an encrypted keystore, real snarkjs proofs of the
 * four-input fixture circuit (any `[newStateHash, dataHash, oldQueueHash, newQueueHash]` has one),
 * and `zkr status` comparing a local state with the chain, through @zkr/cli's in-process `run`;
 * then money in and out (docs/protocol.md §11–§13) through the real `zkr` binary: deposits, the L1
 * queue into batches, a withdrawal, a claim, a forced exit and the escape hatch.
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
  buildBatch, createCryptoSuite, readBatchFile, readStateFile, RollupState, signTransfer, writeBatchFile, writeKeysFile, writeStateFile, type Batch,
} from '@zkr/state';
import { proveToyJson, terminateCurve, testKey, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';

/** Hardhat's default accounts 0 (deployer, sequencer) and 1 (a user), from its public test mnemonic. */
const hardhatKey = (i: number): string => HDNodeWallet.fromPhrase('test test test test test test test test test test test junk', undefined, `m/44'/60'/0'/0/${i}`).privateKey;
const HARDHAT_KEY = hardhatKey(0);
const USER_KEY = hardhatKey(1);
const USER = new Wallet(USER_KEY).address;

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

/** The four public inputs of a batch (docs/protocol.md §7), which the fixture circuit proves for any values. */
function publicInputs(batch: Batch): [bigint, bigint, bigint, bigint] {
  return [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash];
}

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
  fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-l1-cli-'));
  const port = await freePort();
  rpc = `http://127.0.0.1:${port}`;
  node = await startNode(port);
  const suite = await createCryptoSuite();
  const keys = [testKey(suite, 0), testKey(suite, 1)];
  fs.writeFileSync(file('keys.json'), JSON.stringify(keys.map((k) => Buffer.from(k.privateKey).toString('hex'))));
  await writeKeysFile(file('keyring.json'), keys.map((k, index) => ({ index, ...k })));
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
  expect(d).toMatchObject({ queuePositions: 1, withdrawalPositions: 1, token: null, unit: '1000000000', exodusDelay: 604800, nextIndex: 2 });
  expect(deployment).toMatchObject({
    version: 3, kind: 'deployment', rpcUrl: rpc, rollup: d.rollup, domain: d.domain, depth: 4, hashers: d.hashers, queuePositions: 1, withdrawalPositions: 1,
    token: null, unit: '1000000000', exodusDelay: 604800, nextIndex: 2,
  });

  const suite = await createCryptoSuite();
  const state = await readStateFile(suite, file('state.json'));
  expect(state.domain.toString()).toBe(d.domain);
  const [k0] = JSON.parse(fs.readFileSync(file('keys.json'), 'utf8')) as string[];
  const transfer = signTransfer(suite, Buffer.from(k0, 'hex'), state.domain, { from: 0, to: 1, amount: 30n, fee: 2n, nonce: 0n });
  const { batch, state: after } = buildBatch(state, [transfer], { batchSize: 2, feeRecipient: 1 });
  await writeBatchFile(file('batch.json'), batch);
  await writeStateFile(file('state-1.json'), after);
  fs.writeFileSync(file('proof.json'), JSON.stringify(await proveToyJson(fx, publicInputs(batch))));

  // Before the batch: the genesis state is L1's, the state after it is one batch ahead.
  const before = await zkr('status', '--deployment', file('deployment.json'), '--state', file('state.json'));
  expect(before).toMatchObject({ batchCount: '0', stateHash: batch.oldStateHash.toString(), inSync: true, relation: 'in sync' });
  await expect(zkr('status', '--deployment', file('deployment.json'), '--state', file('state-1.json'))).rejects.toMatchObject({
    code: 'STATE_MISMATCH',
    message: expect.stringContaining('is ahead of L1 by 1 batch(es) (local batch count 1, L1 0): batch #1 and later are built locally but not on L1'),
  });

  // No --rpc: the deployment file's URL is used.
  const r = await zkr('submit', '--deployment', file('deployment.json'), '--batch', file('batch.json'), '--proof', file('proof.json'));
  // D = 4: 1-byte indices; txData is one 28-byte queue position, two 8-byte slots and one 27-byte withdrawal position (docs/protocol.md §7).
  expect(r).toMatchObject({
    batchNumber: '1', slots: 2, queueCount: 0, transfers: 1, txDataBytes: 28 + 16 + 27, credits: [], newRoot: batch.newRoot.toString(), newStateHash: batch.newStateHash.toString(),
  });
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

const ROOT = path.resolve(__dirname, '..');
let built = false;

/** Builds the `zkr` binary (packages/cli/bin/zkr.js runs dist/) once per run. */
function buildBinary(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli/tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

test('the zkr binary against a silent node: prints one RPC_TIMEOUT line and the process exits 1 in bounded time', async () => {
  const root = ROOT;
  buildBinary();
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
  fs.writeFileSync(file('proof2.json'), JSON.stringify(await proveToyJson(fx, publicInputs(batch))));
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

/** What one run of the `zkr` binary did: its exit code, stdout parsed as JSON (`--json`) when it succeeded, and stderr. */
interface BinaryRun {
  readonly status: number | null;
  readonly json: Record<string, unknown>;
  readonly stderr: string;
}

/** Runs the real `zkr` binary with `--json` and ZKR_PRIVATE_KEY = `key`. */
async function zkrBin(key: string, ...args: string[]): Promise<BinaryRun> {
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/cli/bin/zkr.js'), '--json', ...args], { env: { ...process.env, ZKR_PRIVATE_KEY: key, ZKR_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { status, json: status === 0 ? (JSON.parse(stdout) as Record<string, unknown>) : {}, stderr };
}

/** Runs the binary and expects success (with nothing on stderr but notes); resolves to its JSON result. */
async function ok(key: string, ...args: string[]): Promise<Record<string, unknown>> {
  const r = await zkrBin(key, ...args);
  expect([r.status, r.stderr.match(/^error.*$/m)?.[0]]).toEqual([0, undefined]);
  return r.json;
}

/** Runs the binary and expects it to fail with `code` and exit status `status`; resolves to its stderr line. */
async function fails(status: number, code: string, key: string, ...args: string[]): Promise<string> {
  const r = await zkrBin(key, ...args);
  expect([r.status, r.stderr.match(/^error \[([A-Z_]+)\]/m)?.[1]]).toEqual([status, code]);
  return r.stderr;
}

/** Writes `proof-<name>.json` for the batch file `batch` (the fixture circuit proves any four public inputs). */
async function proveBatchFile(batch: string, name: string): Promise<string> {
  const proof = file(`proof-${name}.json`);
  fs.writeFileSync(proof, JSON.stringify(await proveToyJson(fx, publicInputs(await readBatchFile(await createCryptoSuite(), batch)))));
  return proof;
}

/** Sends a JSON-RPC call to the node. */
async function rpcCall(method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await response.json()) as { result: unknown }).result;
}

const GWEI = 10n ** 9n;

test('money in and out through the zkr binary: deposits, the L1 queue in batches, a withdrawal, a claim', async () => {
  buildBinary();
  const m = (name: string) => file(`money-${name}`);
  const d = await ok(HARDHAT_KEY, 'deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--state-out', m('s0.json'), '--out', m('d.json'), '--rpc', rpc);
  expect(d).toMatchObject({ token: null, unit: GWEI.toString(), nextIndex: 2 });
  const deployment = m('d.json');
  await ok(HARDHAT_KEY, 'keygen', '--out', m('key.json'));

  // Money in: a new account with the key (index 2 = nextIndex), then a deposit into account 0.
  const inexact = await fails(2, 'AMOUNT_NOT_REPRESENTABLE', USER_KEY, 'deposit', '--deployment', deployment, '--key', m('key.json'), '--amount', String(2n ** 34n + 1n));
  expect(inexact).toContain('the nearest representable amounts are 17179869183 and 17179869190');
  await fails(2, 'INVALID_ARGUMENT', USER_KEY, 'deposit', '--deployment', deployment, '--key', m('key.json'), '--to', '0', '--amount', '5');
  const before = BigInt((await ok(USER_KEY, 'balance', '--deployment', deployment)).l1Balance as string);
  expect(await ok(USER_KEY, 'deposit', '--deployment', deployment, '--key', m('key.json'), '--amount', '500')).toMatchObject({
    kind: 1, position: 0, index: 2, amount: '500', value: (500n * GWEI).toString(),
  });
  expect(await ok(USER_KEY, 'deposit', '--deployment', deployment, '--to', '0', '--amount', '7')).toMatchObject({ kind: 2, position: 1, index: 0, amount: '7' });
  const after = BigInt((await ok(USER_KEY, 'balance', '--deployment', deployment)).l1Balance as string);
  // The user paid 507 gwei of ETH and some gas.
  expect(before - after > 507n * GWEI && before - after < 507n * GWEI + 10n ** 16n).toBe(true);
  const queue = await ok(USER_KEY, 'queue', '--deployment', deployment, '-o', m('q1.json'));
  expect(queue).toMatchObject({ length: 2, consumed: 0, pending: 2 });
  expect((queue.operations as object[]).map((op) => ({ ...op, time: undefined }))).toEqual([
    { position: 0, kind: 1, index: 2, amount: '500', address: USER.toLowerCase(), publicKey: expect.any(Array), time: undefined },
    { position: 1, kind: 2, index: 0, amount: '7', address: USER.toLowerCase(), publicKey: ['0', '0'], time: undefined },
  ]);

  // Batch 1 (Q = 1): the deposit to the new account and a transfer 0 -> 1.
  await ok(HARDHAT_KEY, 'tx', 'sign', '--key', file('keyring.json'), '--from', '0', '--state', m('s0.json'), '--to', '1', '--amount', '10', '--fee', '1', '-o', m('t1.json'));
  const b1 = await ok(HARDHAT_KEY, 'batch', 'build', '--state', m('s0.json'), '--txs', m('t1.json'), '--queue', m('q1.json'), '--batch-size', '2', '--fee-recipient', '1',
    '--out', m('b1.json'), '--state-out', m('s1.json'));
  expect(b1).toMatchObject({ batchNumber: 1, queue: [{ position: 0, kind: 1, index: 2, outcome: 'applied' }], accepted: 1, withdrawals: 0, credits: [] });
  expect(await ok(HARDHAT_KEY, 'submit', '--deployment', deployment, '--batch', m('b1.json'), '--proof', await proveBatchFile(m('b1.json'), 'm1'))).toMatchObject({
    batchNumber: '1', queueCount: 1, credits: [],
  });
  expect(await ok(USER_KEY, 'balance', '--deployment', deployment, '--state', m('s1.json'), '--index', '2')).toMatchObject({
    address: USER, claimable: '0', l2: { index: 2, balance: '500', nonce: '0' },
  });

  // Money out: the new account withdraws 200 to the user; inexact amounts and fees are refused like `tx sign`'s.
  const w = ['tx', 'withdraw', '--key', m('key.json'), '--state', m('s1.json'), '--address', USER];
  await fails(2, 'AMOUNT_NOT_REPRESENTABLE', HARDHAT_KEY, ...w, '--amount', String(2n ** 34n + 1n), '--fee', '1', '-o', m('w.json'));
  expect(await fails(2, 'FEE_NOT_REPRESENTABLE', HARDHAT_KEY, ...w, '--amount', '200', '--fee', '17', '-o', m('w.json'))).toContain('the nearest representable fees are 15 and 20');
  await fails(2, 'INVALID_ARGUMENT', HARDHAT_KEY, 'tx', 'withdraw', '--key', m('key.json'), '--state', m('s1.json'), '--address', `0x${'0'.repeat(40)}`, '--amount', '200', '--fee', '1', '-o', m('w.json'));
  expect(fs.existsSync(m('w.json'))).toBe(false);
  expect(await ok(HARDHAT_KEY, ...w, '--amount', '200', '--fee', '1', '-o', m('w.json'))).toMatchObject({
    count: 1, withdrawal: { from: 2, address: USER.toLowerCase(), amount: '200', fee: '1', nonce: '0' },
  });

  // Batch 2: the deposit into account 0 (queue position 1) and the withdrawal; its credit lands on L1.
  await ok(USER_KEY, 'queue', '--deployment', deployment, '-o', m('q2.json'));
  fs.writeFileSync(m('t2.json'), JSON.stringify({ version: 3, kind: 'transfers', transfers: [] }));
  const b2 = await ok(HARDHAT_KEY, 'batch', 'build', '--state', m('s1.json'), '--txs', m('t2.json'), '--queue', m('q2.json'), '--withdrawals', m('w.json'), '--batch-size', '2',
    '--fee-recipient', '1', '--out', m('b2.json'), '--state-out', m('s2.json'));
  expect(b2).toMatchObject({ batchNumber: 2, queue: [{ position: 1, kind: 2, index: 0, outcome: 'applied' }], accepted: 0, withdrawals: 1, credits: [{ address: USER.toLowerCase(), amount: '200' }] });
  expect(await ok(HARDHAT_KEY, 'submit', '--deployment', deployment, '--batch', m('b2.json'), '--proof', await proveBatchFile(m('b2.json'), 'm2'))).toMatchObject({
    batchNumber: '2', queueCount: 1, credits: [{ address: USER.toLowerCase(), amount: '200', value: (200n * GWEI).toString() }],
  });
  expect(await ok(USER_KEY, 'status', '--deployment', deployment, '--state', m('s2.json'), '--address', USER)).toMatchObject({
    batchCount: '2', queueLength: 2, consumed: 2, exodus: false, exodusDueAt: null, inSync: true, claimable: { address: USER, amount: (200n * GWEI).toString() },
  });
  expect(await ok(USER_KEY, 'balance', '--deployment', deployment, '--state', m('s2.json'), '--index', '2')).toMatchObject({
    claimable: (200n * GWEI).toString(), l2: { index: 2, balance: '299', nonce: '1' },
  });

  // The claim pays the user; a second one has nothing to pay and sends nothing.
  expect(await ok(USER_KEY, 'claim', '--deployment', deployment)).toMatchObject({ address: USER, amount: (200n * GWEI).toString() });
  await fails(1, 'NOTHING_TO_CLAIM', USER_KEY, 'claim', '--deployment', deployment);
  expect(await ok(USER_KEY, 'balance', '--deployment', deployment)).toMatchObject({ claimable: '0' });
}, 300_000);

test('the escape hatch through the zkr binary: an unserved exit opens exodus; owners withdraw by Merkle proof, deposits are refunded', async () => {
  const m = (name: string) => file(`money-${name}`);
  const deployment = m('d.json');
  // Queued and never served: a forced exit of account 2 by its owner, and a deposit into account 1.
  expect(await ok(USER_KEY, 'exit', 'request', '--deployment', deployment, '--index', '2')).toMatchObject({ kind: 3, position: 2, index: 2 });
  expect(await ok(USER_KEY, 'deposit', '--deployment', deployment, '--to', '1', '--amount', '5')).toMatchObject({ kind: 2, position: 3 });
  await fails(1, 'EXODUS_NOT_DUE', HARDHAT_KEY, 'exodus', 'activate', '--deployment', deployment);
  const status = await ok(USER_KEY, 'status', '--deployment', deployment);
  expect(status).toMatchObject({ queueLength: 4, consumed: 2, exodus: false, exodusDueAt: expect.any(Number) });
  await rpcCall('evm_increaseTime', [604_801]);
  await rpcCall('evm_mine', []);
  await ok(HARDHAT_KEY, 'exodus', 'activate', '--deployment', deployment);
  expect(await ok(USER_KEY, 'status', '--deployment', deployment)).toMatchObject({ exodus: true });
  await fails(1, 'EXODUS_MODE', USER_KEY, 'deposit', '--deployment', deployment, '--to', '1', '--amount', '5');

  // Withdraw by Merkle proof from the final state (s2): a stale state, an account without an owner, twice.
  await fails(1, 'STALE_ROOT', HARDHAT_KEY, 'exodus', 'withdraw', '--deployment', deployment, '--state', m('s1.json'), '--index', '2');
  await fails(1, 'NO_OWNER', HARDHAT_KEY, 'exodus', 'withdraw', '--deployment', deployment, '--state', m('s2.json'), '--index', '0');
  expect(await ok(HARDHAT_KEY, 'exodus', 'withdraw', '--deployment', deployment, '--state', m('s2.json'), '--index', '2')).toMatchObject({
    index: 2, owner: USER.toLowerCase(), balance: '299', value: (299n * GWEI).toString(),
  });
  await fails(1, 'ALREADY_EXITED', HARDHAT_KEY, 'exodus', 'withdraw', '--deployment', deployment, '--state', m('s2.json'), '--index', '2');

  // Refunds: the unconsumed deposit, once; the forced exit is not a deposit; an unknown position is a usage error.
  await fails(1, 'NOT_REFUNDABLE', HARDHAT_KEY, 'exodus', 'refund', '--deployment', deployment, '--position', '2');
  expect(await ok(HARDHAT_KEY, 'exodus', 'refund', '--deployment', deployment, '--position', '3')).toMatchObject({ position: 3, address: USER.toLowerCase(), amount: '5' });
  await fails(1, 'ALREADY_REFUNDED', HARDHAT_KEY, 'exodus', 'refund', '--deployment', deployment, '--position', '3');
  await fails(2, 'INVALID_ARGUMENT', HARDHAT_KEY, 'exodus', 'refund', '--deployment', deployment, '--position', '9');

  // Both credits leave with one claim.
  expect(await ok(USER_KEY, 'claim', '--deployment', deployment)).toMatchObject({ amount: (304n * GWEI).toString() });
}, 300_000);
