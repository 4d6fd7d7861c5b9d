/**
 * The rollup the Sequencer's tests run on: four funded test accounts, the default circuit's shared
 * dev artifacts, a fresh Rollup on the in-process Hardhat chain, the genesis re-bound to its domain
 * and a temporary directory for databases.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { connect, type L1Connection, type RollupClient } from '@zkr/l1';
import { deployDevelopmentRollup, generateTestAccounts, type TestAccounts } from '@zkr/operator';
import { createCryptoSuite, type CryptoSuite, type RollupState } from '@zkr/state';
import { batchArtifacts } from '@zkr/test-helpers';

/** A deployed test rollup; `close()` ends its chain connection and removes `dir`. */
export interface TestRollup {
  readonly suite: CryptoSuite;
  readonly accounts: TestAccounts;
  readonly connection: L1Connection;
  readonly client: RollupClient;
  readonly genesis: RollupState;
  readonly artifactsDir: string;
  readonly dir: string;
  close(): Promise<void>;
}

/** Deploys a test rollup; its temporary directory's name starts with `prefix`. */
export async function testRollup(prefix: string): Promise<TestRollup> {
  const suite = await createCryptoSuite();
  const accounts = generateTestAccounts(suite, 4, 1_000_000n);
  const artifactsDir = await batchArtifacts(DEFAULT_INSTANCE);
  const connection = await connect();
  const { client, genesis } = await deployDevelopmentRollup({ connection, suite, accounts, artifactsDir, instance: DEFAULT_INSTANCE });
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    suite, accounts, connection, client, genesis, artifactsDir, dir,
    async close() {
      connection.provider.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
