/**
 * `zkr status`: where the rollup's chain of batches stands on L1 (batch count, state hash, the queue
 * and its consumed count, exodus mode; docs/protocol.md §12, §13), an address's claimable balance,
 * and whether a local state file is the state L1 holds: same batch count and
 * `Poseidon([domain, root]) = stateHash` (docs/protocol.md §3, §7).
 */
import type { Command } from 'commander';
import { getAddress } from 'ethers';
import { connect, DEFAULT_RPC_TIMEOUT_MS, readDeploymentFile, RollupClient } from '@zkr/l1';
import { ownerToHex, readStateFile, type RollupState } from '@zkr/state';
import { cliError } from '../errors';
import type { Cli } from '../cli';
import { parseInteger, parseOwner } from '../args';
import { formatL1 } from '../rollup';
import { noteNetwork } from './deploy';

interface StatusFlags {
  deployment: string;
  state?: string;
  address?: string;
  rpc?: string;
  privateKey?: string;
  keystore?: string;
  rpcTimeout: string;
}

/** What L1 holds. */
interface ChainStatus {
  readonly batchCount: bigint;
  readonly stateHash: bigint;
  /** Queue operations ever queued, and those consumed by accepted batches. */
  readonly queueLength: number;
  readonly consumed: number;
  readonly exodus: boolean;
  /** When exodus mode can be activated: the oldest unconsumed operation's time plus the exodus delay (null: nothing pending). */
  readonly exodusDueAt: number | null;
}

/** How a local state relates to L1's: the same state, behind or ahead of it by whole batches, or a different chain. */
function compare(local: { batchCount: bigint; stateHash: bigint }, chain: ChainStatus): string {
  if (local.batchCount === chain.batchCount) return local.stateHash === chain.stateHash ? 'in sync' : 'diverged from L1';
  const gap = local.batchCount - chain.batchCount;
  return gap > 0n ? `ahead of L1 by ${gap} batch(es)` : `behind L1 by ${-gap} batch(es)`;
}

/** The one-line advice for a local state that is not L1's. */
function advice(relation: string, chain: ChainStatus): string {
  if (relation.startsWith('ahead')) return `batch #${chain.batchCount + 1n} and later are built locally but not on L1: prove and submit them`;
  if (relation.startsWith('behind')) return `L1 accepted batches after this state: rebuild the state by applying batches up to #${chain.batchCount}`;
  return 'the same batch count with another state hash: this state is not of this rollup (or was edited)';
}

/** The local side of the comparison, for a state file. */
function localStatus(state: RollupState): { batchCount: bigint; stateHash: bigint } {
  return { batchCount: BigInt(state.batchCount), stateHash: state.stateHash };
}

/** Registers `zkr status`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('status')
    .description("print the rollup's batch count, state hash, queue and exodus mode on L1; with --address, its claimable balance; with --state, compare them with a local state file (exit 1 unless it is the state L1 holds)")
    .requiredOption('--deployment <file>', 'deployment file written by `zkr deploy`')
    .option('--state <file>', 'local state file to compare: same batch count and Poseidon([domain, root]) = the state hash on L1')
    .option('--address <0x..>', 'also print the claimable balance of this L1 address')
    .option('--rpc <url>', "JSON-RPC URL of the L1 node (default: the deployment file's)")
    .option('--private-key <key>', 'an account key for the connection (nothing is sent; prefer ZKR_PRIVATE_KEY)')
    .option('--keystore <file>', 'ethers JSON keystore instead of --private-key; password from ZKR_KEYSTORE_PASSWORD')
    .option('--rpc-timeout <ms>', 'give up on an RPC call after this many milliseconds', String(DEFAULT_RPC_TIMEOUT_MS))
    .action(async (flags: StatusFlags) => {
      const deployment = await readDeploymentFile(flags.deployment);
      const state = flags.state === undefined ? undefined : await readStateFile(await cli.crypto(), flags.state);
      if (state !== undefined && state.domain !== deployment.domain) {
        throw cliError('STATE_MISMATCH', `${flags.state} has domain ${state.domain} but the rollup's is ${deployment.domain}: it is not a state of this rollup`, {
          details: { field: '--state', stateDomain: state.domain, rollupDomain: deployment.domain },
        });
      }
      const rpcTimeoutMs = parseInteger(flags.rpcTimeout, '--rpc-timeout', 1, 2 ** 31 - 1);
      const address = flags.address === undefined ? undefined : getAddress(ownerToHex(parseOwner(flags.address, '--address')));
      const connection = await connect({ rpcUrl: flags.rpc ?? deployment.rpcUrl, privateKey: flags.privateKey, keystore: flags.keystore, rpcTimeoutMs });
      noteNetwork(cli, connection);
      let chain: ChainStatus;
      let claimable: bigint | undefined;
      try {
        const client = await RollupClient.attach(deployment, connection);
        const [batchCount, stateHash, queueLength, consumed, exodus, exodusDueAt] = await Promise.all([
          client.batchNumber(), client.stateHash(), client.queueLength(), client.consumed(), client.exodus(), client.exodusDueAt(),
        ]);
        chain = { batchCount, stateHash, queueLength, consumed, exodus, exodusDueAt: exodusDueAt ?? null };
        if (address !== undefined) claimable = await client.claimable(address);
      } catch (error) {
        // A timed-out call keeps polling the node: stop the provider so the process can exit.
        connection.provider.destroy();
        throw error;
      }
      const pending = chain.queueLength - chain.consumed;
      const lines = [
        `Rollup ${deployment.rollup} on chain ${deployment.chainId}: ${chain.batchCount} batch(es) accepted, next #${chain.batchCount + 1n}${chain.exodus ? '; EXODUS MODE (final state, no more batches)' : ''}`,
        `L1 state hash    ${chain.stateHash}`,
        `L1 queue         ${chain.queueLength} operation(s), ${chain.consumed} consumed, ${pending} pending` +
          (chain.exodusDueAt === null || chain.exodus ? '' : `; exodus can be activated after ${new Date(chain.exodusDueAt * 1000).toISOString()} unless a batch consumes them`),
      ];
      if (address !== undefined) lines.push(`claimable        ${formatL1(deployment, claimable!)} for ${address}`);
      const base = { rollup: deployment.rollup, chainId: deployment.chainId, ...chain, ...(address === undefined ? {} : { claimable: { address, amount: claimable! } }) };
      if (state === undefined) {
        cli.result(base, lines.join('\n'));
        return;
      }
      const local = localStatus(state);
      const relation = compare(local, chain);
      lines.push(`local state hash ${local.stateHash} (${flags.state}, batch count ${local.batchCount}): ${relation}`);
      const value = { ...base, local: { file: flags.state, ...local }, inSync: relation === 'in sync', relation };
      if (relation === 'in sync') {
        cli.result(value, lines.join('\n'));
        return;
      }
      // Like `zkr verify`: the report still goes to stdout (--json) or is named in the error.
      if (cli.json) cli.result(value, '');
      throw cliError('STATE_MISMATCH', `${flags.state} is ${relation} (local batch count ${local.batchCount}, L1 ${chain.batchCount}): ${advice(relation, chain)}`, {
        details: { field: '--state', local, chain },
      });
    });
}
