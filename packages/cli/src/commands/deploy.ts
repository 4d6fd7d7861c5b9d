/** `zkr deploy`: deploy the two Poseidon hashers, one verifier per artifact dir and the Rollup (its asset, unit and exodus delay), write the deployment file. */
import type { Command } from 'commander';
import { getAddress } from 'ethers';
import { cliError } from '../errors';
import { DEFAULT_ETH_UNIT, DEFAULT_EXODUS_DELAY, DEFAULT_RPC_TIMEOUT_MS, deploy, writeDeploymentFile, type ConnectOptions, type L1Connection } from '@zkr/l1';
import { readStateFile, stateFromJson, stateHashOf, stateToJson, writeStateFile } from '@zkr/state';
import { parseAddress, parseBigint, parseInteger } from '../args';
import type { Cli } from '../cli';
import { assertWritableOutputs } from '../outputs';
import { warnDevelopmentKeys } from '../warnings';

/** The L1 flags shared by `deploy` and `submit`. */
export interface L1Flags {
  rpc?: string;
  privateKey?: string;
  keystore?: string;
  confirmations: string;
  rpcTimeout: string;
}

/** Adds `--rpc`, `--rpc-timeout`, `--private-key`, `--keystore` and `--confirmations` to `command`. */
export function addL1Options(command: Command): Command {
  return command
    .option('--rpc <url>', 'JSON-RPC URL of the L1 node (default: an in-process Hardhat network that lives for this command only)')
    .option('--private-key <key>', 'signer key, 0x + 64 hex (visible in the process list: prefer ZKR_PRIVATE_KEY)')
    .option('--keystore <file>', 'ethers JSON keystore of the signer; password from ZKR_KEYSTORE_PASSWORD')
    .option('--confirmations <n>', 'blocks to wait for each transaction', '1')
    .option('--rpc-timeout <ms>', 'give up on an RPC call (and on a receipt, per confirmation) after this many milliseconds', String(DEFAULT_RPC_TIMEOUT_MS));
}

/** The connection options and confirmations the flags give. */
export function l1Options(flags: L1Flags): { connect: ConnectOptions; confirmations: number } {
  return {
    connect: { rpcUrl: flags.rpc, privateKey: flags.privateKey, keystore: flags.keystore, rpcTimeoutMs: parseInteger(flags.rpcTimeout, '--rpc-timeout', 1, 2 ** 31 - 1) },
    confirmations: parseInteger(flags.confirmations, '--confirmations', 1, 1000),
  };
}

/** Notes on stderr when the chain is the ephemeral in-process one. */
export function noteNetwork(cli: Cli, connection: L1Connection): void {
  if (connection.inProcess) cli.note('note: no --rpc: using an in-process Hardhat network that ends with this command');
}

interface DeployFlags extends L1Flags {
  artifacts: string[];
  batchSize?: string[];
  state: string;
  out: string;
  stateOut?: string;
  token?: string;
  unit?: string;
  exodusDelay: string;
}

function batchSizes(flags: DeployFlags): (number | undefined)[] {
  if (flags.batchSize === undefined) return flags.artifacts.map(() => undefined);
  if (flags.batchSize.length !== flags.artifacts.length) {
    throw cliError('INVALID_ARGUMENT', `--batch-size must be given once per --artifacts dir (${flags.artifacts.length}), or not at all to read it from each manifest.json`, {
      details: { field: '--batch-size' },
    });
  }
  return flags.batchSize.map((n) => parseInteger(n, '--batch-size', 1, 2 ** 32 - 1));
}

/** The asset flags: `--token` (absent: ETH) and `--unit` (absent: the library's default, 10^9 for ETH, 1 for a token). */
function assetOf(flags: DeployFlags): { token?: string; unit?: bigint } {
  const token = flags.token === undefined ? undefined : getAddress(`0x${parseAddress(flags.token, '--token').toString(16).padStart(40, '0')}`);
  if (flags.unit === undefined) return { token };
  const unit = parseBigint(flags.unit, '--unit', 1n << 128n, '2^128');
  if (unit === 0n) throw cliError('INVALID_ARGUMENT', '--unit must be 1 <= U < 2^128, got "0"', { details: { field: '--unit', value: flags.unit } });
  return { token, unit };
}

/** Registers `zkr deploy`. */
export function register(program: Command, cli: Cli): void {
  addL1Options(
    program
      .command('deploy')
      .description('deploy the Rollup at the genesis state\'s root, depth, queue and withdrawal positions, with its two Poseidon hashers and one Groth16 verifier per artifact dir (one per batch size); it holds ETH or one ERC-20')
      .requiredOption('--artifacts <dirs...>', 'artifact dirs of the batch circuit (vkey.json, manifest.json), one per batch size')
      .option('--batch-size <n...>', 'batch size of each --artifacts dir, in order (default: from its manifest.json)')
      .requiredOption('--state <file>', 'genesis state file, batch count 0 (its root and depth become the rollup\'s)')
      .requiredOption('--out <file>', 'deployment file to write')
      .option('--state-out <file>', 'write the state re-bound to the deployed rollup\'s domain here (may equal --state)')
      .option('--token <address>', 'the ERC-20 the rollup holds (default: ETH)')
      .option('--unit <U>', 'L1 base units per L2 unit, 1 <= U < 2^128 (default 10^9 for ETH: L2 balances in gwei; 1 for a token)')
      .option('--exodus-delay <seconds>', 'how long the oldest queued deposit or exit may wait before anyone can activate exodus mode, 1..2^32-1', String(DEFAULT_EXODUS_DELAY)),
  ).action(async (flags: DeployFlags) => {
    const sizes = batchSizes(flags);
    const asset = assetOf(flags);
    const exodusDelay = parseInteger(flags.exodusDelay, '--exodus-delay', 1, 2 ** 32 - 1);
    // Before any transaction: contracts deployed with nowhere to record them would be orphaned.
    assertWritableOutputs([[flags.out, '--out'], ...(flags.stateOut === undefined ? [] : [[flags.stateOut, '--state-out'] as const])]);
    const suite = await cli.crypto();
    const state = await readStateFile(suite, flags.state);
    if (state.batchCount !== 0) {
      throw cliError('NOT_GENESIS', `${flags.state} has batch count ${state.batchCount}: a new rollup starts at batch count 0; pass the genesis state`, {
        details: { field: '--state', batchCount: state.batchCount },
      });
    }
    const { connect, confirmations } = l1Options(flags);
    const client = await deploy({
      ...connect,
      genesis: state,
      ...asset,
      exodusDelay,
      verifiers: flags.artifacts.map((artifactsDir, i) => ({ artifactsDir, batchSize: sizes[i] })),
      confirmations,
    });
    const { deployment: d, connection } = client;
    noteNetwork(cli, connection);
    // The verifiers are in the order of --artifacts; each records whether its manifest says dev keys.
    const devDirs = flags.artifacts.filter((_, i) => d.verifiers[i]?.developmentOnly === true);
    if (devDirs.length > 0) warnDevelopmentKeys(cli, `in ${devDirs.join(', ')}`);
    await writeDeploymentFile(flags.out, d);
    if (flags.stateOut !== undefined) {
      await writeStateFile(flags.stateOut, stateFromJson(suite, { ...stateToJson(state), domain: d.domain.toString() }, flags.state));
    } else if (state.domain !== d.domain) {
      cli.note(`warning: ${flags.state} has domain ${state.domain}, the rollup's is ${d.domain}; sign transfers for the rollup's domain (write it with --state-out)`);
    }
    const stateHash = await client.stateHash();
    if (stateHash !== stateHashOf(suite, d.domain, d.genesisRoot)) {
      cli.note(`warning: the rollup's state hash ${stateHash} is not Poseidon([domain, genesis root]) as computed here; its hasher ${d.hashers.poseidon2} disagrees with zkr's Poseidon, do not use this rollup`);
    }
    cli.result(
      {
        file: flags.out, chainId: d.chainId, rollup: d.rollup, domain: d.domain, depth: d.depth, queuePositions: d.queuePositions,
        withdrawalPositions: d.withdrawalPositions, token: d.token ?? null, unit: d.unit, exodusDelay: d.exodusDelay, nextIndex: d.nextIndex,
        hashers: d.hashers, genesisRoot: d.genesisRoot, stateHash, verifiers: d.verifiers, inProcess: connection.inProcess,
      },
      [
        `wrote ${flags.out}: Rollup ${d.rollup} on chain ${d.chainId}${connection.inProcess ? ' (in-process)' : ''}, depth ${d.depth}, ` +
          `${d.queuePositions} queue and ${d.withdrawalPositions} withdrawal position(s) per batch`,
        `asset        ${d.token ?? 'ETH'}, unit ${d.unit} base units per L2 unit${d.token === undefined && d.unit === DEFAULT_ETH_UNIT ? ' (L2 balances in gwei)' : ''}`,
        `exodus delay ${d.exodusDelay} s; next account index ${d.nextIndex}`,
        `domain       ${d.domain}`,
        `genesis root ${d.genesisRoot}`,
        `state hash   ${stateHash}`,
        `hashers      ${d.hashers.poseidon2} (Poseidon 2), ${d.hashers.poseidon4} (Poseidon 4)`,
        ...d.verifiers.map((v) => `verifier N=${v.batchSize} ${v.address}`),
      ].join('\n'),
    );
  });
}
