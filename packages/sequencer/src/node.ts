/**
 * `startNode`: a whole zkr node from one configuration, the Sequencer behind the HTTP API. With an
 * `rpc`, it runs the rollup of `deploymentFile` from `genesisFile` with its database in `dbFile`
 * (default: one file per chain and rollup under `.zkr/node`, so a restart finds it).
 * Without one it is a development node: an in-process chain, a fresh rollup deployed on it with
 * funded test accounts (their keys written beside the database so a user can sign transfers), and
 * everything in a temporary directory, gone with the process like the chain.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { connect, readDeploymentFile, type Deployment, type L1Connection } from '@zkr/l1';
import { deployDevelopmentRollup, generateTestAccounts, prepareBatchArtifacts } from '@zkr/operator';
import type { EngineName } from '@zkr/prover';
import { createCryptoSuite, readStateFile, writeKeysFile, type RollupState } from '@zkr/state';
import { sequencerError } from './errors';
import { createHttpServer, type HttpServer } from './http';
import { Sequencer, type NodeEvent } from './sequencer';

/** The configuration of a node (`zkr node --config FILE` holds these keys; flags override them). */
export interface NodeConfig {
  /** JSON-RPC URL of L1; absent: a development node on an in-process chain. */
  readonly rpc?: string;
  readonly privateKey?: string;
  readonly keystore?: string;
  readonly rpcTimeoutMs?: number;
  /** The deployment file (required with `rpc`). */
  readonly deploymentFile?: string;
  /** The genesis state file the rollup was deployed with (required with `rpc`). */
  readonly genesisFile?: string;
  /** The database file; default `<dataDir>/node.sqlite` for a development node, `<dataDir>/<chainId>-<rollup address>.sqlite` with `rpc`. */
  readonly dbFile?: string;
  /** Where the node keeps its database (and a development node its test keys); default a new temporary directory, or `.zkr/node` in the working directory with `rpc`. */
  readonly dataDir?: string;
  /** The artifact directory of the rollup's circuit; default the cached artifacts of the default instance (prepared on first use). */
  readonly artifactsDir?: string;
  readonly engine?: EngineName;
  /** A proving fleet's Redis URL: batches are proved by `zkr prover worker` processes (default: in this process). */
  readonly redisUrl?: string;
  /** The fleet's BullMQ queue name (default `zkr-proving`). */
  readonly queueName?: string;
  /** Batches in the fleet at once (default 4). */
  readonly fleetParallelism?: number;
  /** HTTP host (default 127.0.0.1) and port (default 8080; 0 = any free port). */
  readonly host?: string;
  readonly port?: number;
  readonly maxWaitMs?: number;
  readonly confirmations?: number;
  readonly mempoolCapacity?: number;
  readonly feeRecipient?: number;
  readonly pollIntervalMs?: number;
  /** Test accounts of a development node (default 8, each with 10^6 L2 units). */
  readonly devAccounts?: number;
}

/** A running node. */
export interface RunningNode {
  readonly sequencer: Sequencer;
  readonly http: HttpServer;
  readonly url: string;
  readonly deployment: Deployment;
  /** A development node's test keys (`kind: "keys"` file), for signing transfers. */
  readonly devKeysFile?: string;
  readonly dbFile: string;
  /** Stops HTTP, the sequencer and (a development node's) chain connection. */
  stop(): Promise<void>;
}

/** What {@link startNode} reports besides the node's events. */
export interface StartNodeHooks {
  readonly onEvent?: (event: NodeEvent) => void;
  /** Progress lines while starting (compiling, deploying...). */
  readonly onNote?: (line: string) => void;
}

interface Rollup {
  readonly connection: L1Connection;
  readonly deployment: Deployment;
  readonly genesis: RollupState;
  readonly artifactsDir: string;
  readonly dbFile: string;
  readonly devKeysFile?: string;
}

async function artifactsOf(config: NodeConfig, note: (line: string) => void): Promise<string> {
  if (config.artifactsDir !== undefined) return config.artifactsDir;
  note(`preparing the artifacts of the default circuit D=${DEFAULT_INSTANCE.depth} N=${DEFAULT_INSTANCE.batchSize} (cached after the first run)`);
  return (await prepareBatchArtifacts(DEFAULT_INSTANCE)).dir;
}

async function developmentRollup(config: NodeConfig, note: (line: string) => void): Promise<Rollup> {
  const suite = await createCryptoSuite();
  const artifactsDir = await artifactsOf(config, note);
  const count = config.devAccounts ?? 8;
  if (!Number.isSafeInteger(count) || count < 2 || count >= 2 ** DEFAULT_INSTANCE.depth) {
    throw sequencerError('INVALID_ARGUMENT', `devAccounts must be an integer 2 <= devAccounts < 2^${DEFAULT_INSTANCE.depth}, got ${String(count)}`, { details: { field: 'devAccounts', value: count } });
  }
  const accounts = generateTestAccounts(suite, count, 1_000_000n);
  const connection = await connect({ rpcTimeoutMs: config.rpcTimeoutMs });
  note('deploying a development rollup on the in-process chain (it ends with this process)');
  const { client, genesis } = await deployDevelopmentRollup({ connection, suite, accounts, artifactsDir, instance: DEFAULT_INSTANCE });
  const dataDir = config.dataDir ?? (await mkdtemp(join(tmpdir(), 'zkr-node-')));
  const devKeysFile = join(dataDir, 'keys.json');
  await writeKeysFile(devKeysFile, accounts.keys.map((k, index) => ({ ...k, index })));
  return { connection, deployment: client.deployment, genesis, artifactsDir, dbFile: config.dbFile ?? join(dataDir, 'node.sqlite'), devKeysFile };
}

async function configuredRollup(config: NodeConfig & { rpc: string }, note: (line: string) => void): Promise<Rollup> {
  for (const [field, flag, value] of [['deploymentFile', '--deployment', config.deploymentFile], ['genesisFile', '--genesis', config.genesisFile]] as const) {
    if (value === undefined) throw sequencerError('INVALID_ARGUMENT', `${flag} is required with --rpc (config key ${field}): a node on an L1 of its own runs one deployed rollup`, { details: { field: flag } });
  }
  const suite = await createCryptoSuite();
  const deployment = await readDeploymentFile(config.deploymentFile!);
  const genesis = await readStateFile(suite, config.genesisFile!);
  const connection = await connect({ rpcUrl: config.rpc, privateKey: config.privateKey, keystore: config.keystore, rpcTimeoutMs: config.rpcTimeoutMs });
  if (connection.chainId !== deployment.chainId) {
    throw sequencerError('STORE_MISMATCH', `${config.rpc} is chain ${connection.chainId}, the deployment is on chain ${deployment.chainId}; pass the deployment's --rpc`, { details: { field: 'rpc' } });
  }
  const dbFile = config.dbFile ?? join(config.dataDir ?? resolve('.zkr', 'node'), `${deployment.chainId}-${deployment.rollup.toLowerCase()}.sqlite`);
  return { connection, deployment, genesis, artifactsDir: await artifactsOf(config, note), dbFile };
}

/** Starts a node as `config` says and returns it serving; see the module comment. */
export async function startNode(config: NodeConfig, hooks: StartNodeHooks = {}): Promise<RunningNode> {
  const note = hooks.onNote ?? (() => undefined);
  const rollup = config.rpc === undefined ? await developmentRollup(config, note) : await configuredRollup({ ...config, rpc: config.rpc }, note);
  const stopConnection = () => rollup.connection.provider.destroy();
  let sequencer: Sequencer;
  try {
    sequencer = await Sequencer.open({
      connection: rollup.connection, deployment: rollup.deployment, genesis: rollup.genesis, dbFile: rollup.dbFile, artifactsDir: rollup.artifactsDir,
      engine: config.engine, redisUrl: config.redisUrl, queueName: config.queueName, fleetParallelism: config.fleetParallelism, maxWaitMs: config.maxWaitMs, confirmations: config.confirmations, mempoolCapacity: config.mempoolCapacity,
      feeRecipient: config.feeRecipient, pollIntervalMs: config.pollIntervalMs, onEvent: hooks.onEvent,
    });
  } catch (error) {
    stopConnection();
    throw error;
  }
  let http: HttpServer;
  try {
    await sequencer.start();
    http = await createHttpServer(sequencer, { host: config.host ?? '127.0.0.1', port: config.port ?? 8080, registry: sequencer.registry });
  } catch (error) {
    await sequencer.stop();
    stopConnection();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    sequencer, http, url: http.url, deployment: rollup.deployment, dbFile: rollup.dbFile,
    ...(rollup.devKeysFile === undefined ? {} : { devKeysFile: rollup.devKeysFile }),
    stop() {
      stopped ??= (async () => {
        await http.close();
        await sequencer.stop();
        stopConnection();
      })();
      return stopped;
    },
  };
}
