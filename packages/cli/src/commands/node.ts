/**
 * `zkr node`: runs the zkr node (HTTP API, mempool, batching, proving, L1 sync; `@zkr/sequencer`'s
 * `startNode`) until SIGINT or SIGTERM, then stops it cleanly. Configuration from `--config FILE`,
 * each flag overriding its key. Without `--rpc`: a development node on an in-process chain.
 */
import type { Command } from 'commander';
import { ENGINE_NAMES, type EngineName } from '@zkr/prover';
import { readNodeConfig, startNode, type NodeConfig } from '@zkr/sequencer';
import type { Cli } from '../cli';
import { parseInteger } from '../args';
import { cliError } from '../errors';

interface NodeFlags {
  config?: string;
  rpc?: string;
  privateKey?: string;
  keystore?: string;
  rpcTimeout?: string;
  deployment?: string;
  genesis?: string;
  db?: string;
  dataDir?: string;
  artifacts?: string;
  engine?: string;
  redis?: string;
  queue?: string;
  fleetParallelism?: string;
  host?: string;
  port?: string;
  maxWaitMs?: string;
  confirmations?: string;
  mempoolSize?: string;
  feeRecipient?: string;
  pollMs?: string;
  devAccounts?: string;
}

const MAX_INT = 2 ** 31 - 1;

/** The configuration the flags give on top of `base`. */
function withFlags(base: NodeConfig, flags: NodeFlags): NodeConfig {
  const int = (text: string | undefined, flag: string, min: number, max = MAX_INT) => (text === undefined ? undefined : parseInteger(text, flag, min, max));
  if (flags.engine !== undefined && !ENGINE_NAMES.includes(flags.engine as EngineName)) {
    throw cliError('INVALID_ARGUMENT', `--engine must be one of ${ENGINE_NAMES.join(', ')}, got ${flags.engine}`, { details: { field: '--engine', value: flags.engine } });
  }
  const overrides: NodeConfig = {
    rpc: flags.rpc, privateKey: flags.privateKey, keystore: flags.keystore, rpcTimeoutMs: int(flags.rpcTimeout, '--rpc-timeout', 1),
    deploymentFile: flags.deployment, genesisFile: flags.genesis, dbFile: flags.db, dataDir: flags.dataDir, artifactsDir: flags.artifacts,
    engine: flags.engine as EngineName | undefined, redisUrl: flags.redis, queueName: flags.queue, fleetParallelism: int(flags.fleetParallelism, '--fleet-parallelism', 1, 1000), host: flags.host, port: int(flags.port, '--port', 0, 65_535), maxWaitMs: int(flags.maxWaitMs, '--max-wait-ms', 0),
    confirmations: int(flags.confirmations, '--confirmations', 1, 1000), mempoolCapacity: int(flags.mempoolSize, '--mempool-size', 1),
    feeRecipient: int(flags.feeRecipient, '--fee-recipient', 0, 2 ** 32 - 1), pollIntervalMs: int(flags.pollMs, '--poll-ms', 1), devAccounts: int(flags.devAccounts, '--dev-accounts', 2),
  };
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) out[key] = value;
  return out as NodeConfig;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Registers `zkr node`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('node')
    .description('run the zkr node: HTTP API on 127.0.0.1, mempool, batches built, proved and submitted in order, L1 followed (no --rpc: a development node on an in-process chain)')
    .option('--config <file>', 'JSON configuration file (keys as in the README; flags override them)')
    .option('--rpc <url>', 'JSON-RPC URL of L1 (default: an in-process chain with a fresh development rollup)')
    .option('--private-key <key>', 'sequencer key, 0x + 64 hex (prefer ZKR_PRIVATE_KEY)')
    .option('--keystore <file>', 'ethers JSON keystore of the sequencer; password from ZKR_KEYSTORE_PASSWORD')
    .option('--rpc-timeout <ms>', 'give up on an RPC call after this many milliseconds')
    .option('--deployment <file>', 'deployment file of the rollup (with --rpc)')
    .option('--genesis <file>', 'genesis state file the rollup was deployed with (with --rpc)')
    .option('--db <file>', 'SQLite database of the node, created on first start (default <data-dir>/<chainId>-<rollup>.sqlite with --rpc)')
    .option('--data-dir <dir>', 'where the node keeps its database (default .zkr/node with --rpc) and a development node its test keys (default: a temporary directory)')
    .option('--artifacts <dir>', 'artifact directory of the rollup\'s circuit (default: the default instance, prepared and cached)')
    .option('--engine <name>', `proving engine: ${ENGINE_NAMES.join(', ')} (default native)`)
    .option('--redis <url>', 'prove through a proving fleet on this Redis (redis://host:port; workers: zkr prover worker) instead of in this process')
    .option('--queue <name>', 'the fleet\'s queue name (default zkr-proving)')
    .option('--fleet-parallelism <n>', 'batches in the fleet at once (default 4)')
    .option('--host <host>', 'HTTP host (default 127.0.0.1)')
    .option('--port <n>', 'HTTP port (default 8080; 0 = any free port)')
    .option('--max-wait-ms <ms>', 'cut a batch when the oldest waiting transaction or queue operation waited this long (default 2000)')
    .option('--confirmations <n>', 'L1 blocks an event needs before the node uses it (default 1)')
    .option('--mempool-size <n>', 'most pending transactions (default 10000)')
    .option('--fee-recipient <index>', 'account credited with the batch fees (default 0)')
    .option('--poll-ms <ms>', 'milliseconds between two L1 polls (default 500)')
    .option('--dev-accounts <n>', 'test accounts of a development node (default 8)')
    .action(async (flags: NodeFlags) => {
      const base = flags.config === undefined ? {} : await readNodeConfig(flags.config);
      const config = withFlags(base, flags);
      const print = (value: object) => cli.io.stdout(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
      const node = await startNode(config, {
        onNote: (line) => cli.note(line),
        onEvent: (event) => {
          if (cli.json) print(event);
          else cli.note(`${event.event}${'batchNumber' in event ? ` #${event.batchNumber}` : ''}${'txHash' in event ? ` ${event.txHash}` : ''}${'code' in event ? ` [${event.code}] ${event.message}` : ''}`);
        },
      });
      if (cli.json) {
        print({ event: 'listening', url: node.url, rollup: node.deployment.rollup, db: node.dbFile, engine: node.sequencer.engineName, signatures: node.sequencer.signatureEngine, ...(node.devKeysFile ? { devKeys: node.devKeysFile } : {}) });
      } else {
        cli.io.stdout(`zkr node listening on ${node.url} (rollup ${node.deployment.rollup}, database ${node.dbFile}, engine ${node.sequencer.engineName}, signature checks ${node.sequencer.signatureEngine})\n`);
        if (node.devKeysFile) cli.io.stdout(`development rollup: test account keys in ${node.devKeysFile}\n`);
      }
      const signal = await untilSignal();
      cli.note(`${signal}: stopping`);
      await node.stop();
      if (cli.json) print({ event: 'stopped' });
    });
}
