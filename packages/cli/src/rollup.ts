/**
 * What the commands that talk to a deployed Rollup share: the deployment file, a connection to its
 * node (the file's RPC URL unless `--rpc` overrides it), the attached client, and amounts shown in
 * the rollup's asset (docs/protocol.md §1: an L2 amount `a` is worth `a·U` base units on L1).
 */
import { connect, readDeploymentFile, RollupClient, type Deployment } from '@zkr/l1';
import type { Cli } from './cli';
import { l1Options, noteNetwork, type L1Flags } from './commands/deploy';

/** The flags of a command that attaches to a deployment. */
export interface RollupFlags extends L1Flags {
  deployment: string;
}

/** Reads the `--deployment` file (so flags that depend on it, like indices below `2^depth`, are checked before connecting). */
export function readDeployment(flags: RollupFlags): Promise<Deployment> {
  return readDeploymentFile(flags.deployment);
}

/**
 * Connects to `deployment`'s node (`--rpc` overrides its RPC URL), attaches and runs `action` with
 * the client and the confirmations to wait for; the provider is stopped when `action` throws, so a
 * timed-out wait cannot keep the process alive.
 */
export async function withRollup<T>(cli: Cli, deployment: Deployment, flags: L1Flags, action: (client: RollupClient, confirmations: number) => Promise<T>): Promise<T> {
  const options = l1Options({ ...flags, rpc: flags.rpc ?? deployment.rpcUrl });
  const connection = await connect(options.connect);
  noteNetwork(cli, connection);
  try {
    return await action(await RollupClient.attach(deployment, connection), options.confirmations);
  } catch (error) {
    connection.provider.destroy();
    throw error;
  }
}

/** The ETH unit the default rollup uses: 10^9 wei per L2 unit, so L2 balances are in gwei. */
const GWEI = 10n ** 9n;

/** `value / 10^decimals` as a decimal string without trailing zeros (`1500000000, 9` is `1.5`). */
function decimal(value: bigint, decimals: bigint): string {
  const scale = 10n ** decimals;
  const fraction = (value % scale).toString().padStart(Number(decimals), '0').replace(/0+$/, '');
  return `${value / scale}${fraction === '' ? '' : `.${fraction}`}`;
}

/** `wei` in ETH as a decimal string without trailing zeros (`1500000000000000000` is `1.5`). */
export function ethOf(wei: bigint): string {
  return decimal(wei, 18n);
}

/** An L1 amount in base units, labelled: `0.5 ETH (500000000000000000 wei)` on an ETH rollup, `N base units of TOKEN` otherwise. */
export function formatL1(deployment: Pick<Deployment, 'token'>, baseUnits: bigint): string {
  if (deployment.token === undefined) return `${ethOf(baseUnits)} ETH (${baseUnits} wei)`;
  return `${baseUnits} base units of token ${deployment.token}`;
}

/** An L2 amount, labelled with what it is worth on L1: `500000000 gwei (0.5 ETH)` on the default ETH rollup. */
export function formatL2(deployment: Pick<Deployment, 'token' | 'unit'>, amount: bigint): string {
  if (deployment.token === undefined && deployment.unit === GWEI) return `${amount} gwei (${ethOf(amount * GWEI)} ETH)`;
  return `${amount} L2 units (${formatL1(deployment, amount * deployment.unit)})`;
}


