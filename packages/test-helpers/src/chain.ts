/**
 * An L1 chain that outlives the process under test: anvil (from npm's `@foundry-rs/anvil`, its
 * platform binary spawned directly, no wrapper process) on 127.0.0.1 and a port the kernel picks,
 * with anvil's deterministic dev accounts (the public `test ... junk` mnemonic). Automine by
 * default; `blockTime` (or {@link ExternalChain.setIntervalMining} at run time) leaves moments
 * where a transaction is sent but not mined, which crash tests aim at. And a rollup deployed on it
 * from a genesis of fresh test accounts, with its deployment and genesis files written for `zkr node`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HDNodeWallet, JsonRpcProvider } from 'ethers';
import { deploy, writeDeploymentFile, type Deployment, type RollupClient } from '@zkr/l1';
import { generateKeyPair, RollupState, stateFromJson, stateToJson, writeStateFile, type CryptoSuite, type KeyPair } from '@zkr/state';

/** Anvil's (and Hardhat's) public dev mnemonic: its accounts are test keys known to everyone. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
/** How long anvil may take to answer `eth_chainId`. */
const START_TIMEOUT_MS = 20_000;

/** The private key (0x-hex) of anvil's dev account `i` (account 0 deploys and sequences in tests). */
export function devAccountKey(i: number): string {
  return HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).privateKey;
}

/** The anvil binary of this platform, from `@foundry-rs/anvil`'s optional dependency; `ZKR_ANVIL` overrides it. */
function anvilBinary(): string {
  if (process.env.ZKR_ANVIL) return process.env.ZKR_ANVIL;
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return join(dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
}

/** Options of {@link startExternalChain}. */
export interface ExternalChainOptions {
  /** Port on 127.0.0.1; 0 (default) lets the kernel pick a free one. */
  readonly port?: number;
  /** Seconds between blocks (interval mining); omitted: a block per transaction (automine). */
  readonly blockTime?: number;
  /** Dev accounts to fund (default 10). */
  readonly accounts?: number;
}

/** A running anvil: its URL and pid, its dev keys, mining controls and its end. */
export interface ExternalChain {
  readonly rpcUrl: string;
  readonly pid: number;
  /** Private keys of the funded dev accounts, in anvil's order. */
  readonly keys: readonly string[];
  /** Switches to a block every `seconds` (transactions wait in the pool until then). */
  setIntervalMining(seconds: number): Promise<void>;
  /** Switches back to a block per transaction. */
  setAutomine(): Promise<void>;
  /** Mines one block now. */
  mine(): Promise<void>;
  /** Kills anvil (SIGKILL: its state is in memory, nothing to flush) and resolves once it exited; idempotent. */
  stop(): Promise<void>;
}

/** Every anvil this process started and has not stopped: killed when the process exits, whatever the test did. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every running anvil on exit, and on SIGINT/SIGTERM before the signal's default action ends the process. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => running.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal); // the once-listener is gone: the default action ends the process
    });
  }
}

/** One JSON-RPC call to `rpcUrl`; rejects with the node's error message. */
async function rpcCall(rpcUrl: string, method: string, params: readonly unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method} failed on ${rpcUrl}: ${body.error.message}`);
  return body.result;
}

/** Resolves with the URL anvil prints ("Listening on 127.0.0.1:PORT"); rejects with its output when it exits or times out first. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`did not print "Listening on" within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`anvil ${why}; its output:\n${output}\n(set ZKR_ANVIL to an anvil binary if @foundry-rs/anvil is not installed for this platform)`));
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Listening on (127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining so anvil never blocks on a full pipe
        resolve(`http://${match[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal}) before listening`));
    child.once('error', (error) => fail(`could not start (${error.message})`));
  });
}

/** Polls `eth_chainId` until anvil answers. */
async function waitForChainId(rpcUrl: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await rpcCall(rpcUrl, 'eth_chainId');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`anvil at ${rpcUrl} does not answer eth_chainId: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Starts anvil as its own process on 127.0.0.1 and resolves once it answers `eth_chainId`. */
export async function startExternalChain(options: ExternalChainOptions = {}): Promise<ExternalChain> {
  const accounts = options.accounts ?? 10;
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0), '--mnemonic', DEV_MNEMONIC, '--accounts', String(accounts)];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child), () => undefined);
  const rpcUrl = await listeningUrl(child);
  await waitForChainId(rpcUrl);
  const pid = child.pid!;
  return {
    rpcUrl,
    pid,
    keys: Array.from({ length: accounts }, (_, i) => devAccountKey(i)),
    setIntervalMining: async (seconds) => {
      await rpcCall(rpcUrl, 'evm_setAutomine', [false]);
      await rpcCall(rpcUrl, 'evm_setIntervalMining', [seconds]);
    },
    setAutomine: async () => {
      await rpcCall(rpcUrl, 'evm_setIntervalMining', [0]);
      await rpcCall(rpcUrl, 'evm_setAutomine', [true]);
    },
    mine: async () => void (await rpcCall(rpcUrl, 'evm_mine')),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Options of {@link deployTestRollup}. */
export interface TestRollupOptions {
  readonly suite: CryptoSuite;
  readonly chain: ExternalChain;
  /** Artifact dir of the batch circuit (its manifest gives depth, batch size, `Q`, `W`), e.g. `batchArtifacts(DEFAULT_INSTANCE)`. */
  readonly artifactsDir: string;
  /** Tree depth, queue and withdrawal positions of the genesis: the artifact's. */
  readonly depth: number;
  readonly queuePositions: number;
  readonly withdrawalPositions: number;
  /** Funded test accounts at indices `0..accounts-1`. */
  readonly accounts: number;
  /** Balance of each test account (L2 units). */
  readonly balance: bigint;
  /** L1 owner of each account (default none, the zero address); an owner may request its forced exit. */
  readonly ownerOf?: (index: number) => bigint;
  /** Where to write `deployment.json` and `genesis.json` (default: a fresh temp dir, removed by `close()`). */
  readonly dir?: string;
}

/** A rollup deployed on an external chain: its files for `zkr node`, its genesis and the accounts' keys. */
export interface TestRollup {
  readonly dir: string;
  readonly deploymentFile: string;
  readonly genesisFile: string;
  readonly deployment: Deployment;
  /** The genesis state re-bound to the deployed rollup's domain (what users sign for). */
  readonly genesis: RollupState;
  readonly keys: readonly KeyPair[];
  /** A client of the rollup signed by dev account 0 (the deployer and sequencer). */
  readonly client: RollupClient;
  /** Closes the client's RPC connection and removes `dir` when the helper created it. */
  close(): void;
}

/** Deploys a rollup on `chain` (dev account 0 deploys; automine or interval mining both work) and writes its deployment and genesis files. */
export async function deployTestRollup(options: TestRollupOptions): Promise<TestRollup> {
  const { suite, chain } = options;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'zkr-rollup-'));
  const keys = Array.from({ length: options.accounts }, () => generateKeyPair(suite.eddsa));
  const draft = RollupState.genesis(suite, {
    depth: options.depth,
    queuePositions: options.queuePositions,
    withdrawalPositions: options.withdrawalPositions,
    domain: 0n,
    accounts: keys.map((k, index) => ({ index, account: { publicKey: k.publicKey, balance: options.balance, nonce: 0n, owner: options.ownerOf?.(index) ?? 0n } })),
  });
  const client = await deploy({
    rpcUrl: chain.rpcUrl,
    privateKey: chain.keys[0],
    genesis: draft,
    verifiers: [{ artifactsDir: options.artifactsDir }],
  });
  const deployment = client.deployment;
  const genesis = stateFromJson(suite, { ...stateToJson(draft), domain: deployment.domain.toString() }, 'genesis');
  const deploymentFile = join(dir, 'deployment.json');
  const genesisFile = join(dir, 'genesis.json');
  await writeDeploymentFile(deploymentFile, deployment);
  await writeStateFile(genesisFile, genesis);
  const close = (): void => {
    if (client.connection.provider instanceof JsonRpcProvider) client.connection.provider.destroy();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  return { dir, deploymentFile, genesisFile, deployment, genesis, keys, client, close };
}

