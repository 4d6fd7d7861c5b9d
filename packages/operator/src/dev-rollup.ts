/**
 * A development rollup: the test accounts' genesis deployed on a chain. The genesis leaves do not
 * depend on the domain, so the root is known before the contract (and its domain) exists; the
 * returned genesis is the same state bound to the deployed domain, the one users sign for.
 */
import type { CircuitInstance } from '@zkr/circuits';
import { deploy, type L1Connection, type RollupClient } from '@zkr/l1';
import type { CryptoSuite, RollupState } from '@zkr/state';
import { testGenesis, type TestAccounts } from './traffic';

/** What {@link deployDevelopmentRollup} deploys, and where. */
export interface DevelopmentRollupOptions {
  readonly connection: L1Connection;
  readonly suite: CryptoSuite;
  readonly accounts: TestAccounts;
  /** The artifact directory of the instance's circuit (its verifier is deployed). */
  readonly artifactsDir: string;
  readonly instance: CircuitInstance;
}

/** A deployed development rollup. */
export interface DevelopmentRollup {
  readonly client: RollupClient;
  /** The genesis state with the deployed rollup's domain. */
  readonly genesis: RollupState;
}

/** Deploys the hashers, the instance's verifier and a Rollup holding the test accounts' genesis. */
export async function deployDevelopmentRollup(options: DevelopmentRollupOptions): Promise<DevelopmentRollup> {
  const { connection, suite, accounts, artifactsDir, instance } = options;
  const client = await deploy({ connection, verifiers: [{ artifactsDir }], genesis: testGenesis(suite, accounts, instance.depth, 0n, instance) });
  return { client, genesis: testGenesis(suite, accounts, instance.depth, client.deployment.domain, instance) };
}
