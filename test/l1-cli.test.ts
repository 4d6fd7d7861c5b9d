/**
 * `zkr deploy` and `zkr submit` against a real JSON-RPC node (`hardhat node` in a child process),
 * with keys from ZKR_PRIVATE_KEY and from an encrypted keystore, and real snarkjs proofs of the
 * one-input fixture circuit, through @zkr/cli's in-process `run`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { encryptKeystoreJson, HDNodeWallet, Wallet } from 'ethers';
import { run } from '@zkr/cli';
import {
  buildBatch, createCryptoSuite, readStateFile, RollupState, signTransfer, writeBatchFile, writeStateFile,
} from '@zkr/state';
import { proveToyJson, terminateCurve, testKey, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';

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

beforeAll(async () => {
  fx = await toyCeremony();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-l1-cli-'));
  const port = await freePort();
  rpc = `http://127.0.0.1:${port}`;
  node = await startNode(port);
  const suite = await createCryptoSuite();
  const keys = [testKey(suite, 0), testKey(suite, 1)];
  fs.writeFileSync(file('keys.json'), JSON.stringify(keys.map((k) => Buffer.from(k.privateKey).toString('hex'))));
  const genesis = RollupState.genesis(suite, {
    depth: 3,
    domain: 0n,
    accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: 100n, nonce: 0n } })),
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

test('deploy, then submit a proven batch over RPC, reporting gas; a replay is STALE_ROOT', async () => {
  process.env.ZKR_PRIVATE_KEY = HARDHAT_KEY;
  const d = await zkr('deploy', '--artifacts', fx.dir, '--batch-size', '2', '--state', file('genesis.json'), '--state-out', file('state.json'), '--out', file('deployment.json'), '--rpc', rpc);
  expect(d).toMatchObject({ chainId: '31337', inProcess: false, verifiers: [{ batchSize: 2 }] });
  const deployment = JSON.parse(fs.readFileSync(file('deployment.json'), 'utf8'));
  expect(deployment).toMatchObject({ version: 1, kind: 'deployment', rpcUrl: rpc, rollup: d.rollup, domain: d.domain });

  const suite = await createCryptoSuite();
  const state = await readStateFile(suite, file('state.json'));
  expect(state.domain.toString()).toBe(d.domain);
  const [k0] = JSON.parse(fs.readFileSync(file('keys.json'), 'utf8')) as string[];
  const transfer = signTransfer(suite, Buffer.from(k0, 'hex'), state.domain, { from: 0, to: 1, amount: 30n, fee: 2n, nonce: 0n });
  const { batch } = buildBatch(state, [transfer], { batchSize: 2, feeRecipient: 1 });
  await writeBatchFile(file('batch.json'), batch);
  fs.writeFileSync(file('proof.json'), JSON.stringify(await proveToyJson(fx, batch.publicInput)));

  // No --rpc: the deployment file's URL is used.
  const r = await zkr('submit', '--deployment', file('deployment.json'), '--batch', file('batch.json'), '--proof', file('proof.json'));
  expect(r).toMatchObject({ batchNumber: '1', slots: 2, transfers: 1, newRoot: batch.newRoot.toString() });
  expect(BigInt(r.gasUsed as string)).toBeGreaterThan(200000n);
  expect(r.gasPerTransfer).toBe(r.gasUsed);

  await expect(zkr('submit', '--deployment', file('deployment.json'), '--batch', file('batch.json'), '--proof', file('proof.json'))).rejects.toMatchObject({
    code: 'STALE_ROOT',
  });
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
