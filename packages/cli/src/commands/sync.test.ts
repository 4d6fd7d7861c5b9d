/**
 * `zkr sync` on the embedded chain: a rollup deployed with the four-input toy circuit's verifier,
 * a deposit and two batches submitted by an operator (real snarkjs proofs); the command rebuilds the
 * state from the genesis file and L1 data alone, prints the roots, writes the state file, and exits
 * 1 with STATE_MISMATCH for a genesis that is not the rollup's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, deploy, predictDeployment, type RollupClient, writeDeploymentFile } from '@zkr/l1';
import { buildBatch, readStateFile, type RollupState, writeStateFile } from '@zkr/state';
import { genesis, proveToy, signAll, terminateCurve, testKey, TOY_SIZE, toyCeremony, type Fixture } from '@zkr/test-helpers';
import { main, run } from '../main';

let work: string;
let start: Fixture;
let operator: RollupState;
let client: RollupClient;
const file = (name: string): string => join(work, name);

/** Runs `zkr --json <args>` in-process; resolves to the parsed stdout. */
async function zkr(...args: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  await run(['--json', ...args], { stdout: (t) => void (stdout += t), stderr: () => undefined });
  return JSON.parse(stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zkr-cli-sync-'));
  const fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  const connection = await connect();
  const { domain } = await predictDeployment(connection, 1);
  start = await genesis(4, [{ index: 0, balance: 1000n }, { index: 1, balance: 500n }], domain);
  client = await deploy({ connection, genesis: start.state, verifiers: [{ batchSize: 2, artifactsDir: fx.dir }] });
  await writeDeploymentFile(file('deployment.json'), client.deployment);
  await writeStateFile(file('genesis.json'), start.state);
  operator = start.state;
  await client.deposit({ publicKey: testKey(start.suite, 2).publicKey, amount: 40n });
  for (const transfers of [[{ from: 0, to: 1, amount: 25n, fee: 1n }], [{ from: 2, to: 0, amount: 10n, fee: 2n }]]) {
    const queue = await client.queueOperations({ fromPosition: operator.queueCount });
    const { batch, state } = buildBatch(operator, signAll({ ...start, state: operator }, transfers), { batchSize: 2, feeRecipient: 1, queue });
    await client.submitBatch(batch, await proveToy(fx, [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]));
    operator = state;
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await terminateCurve();
});

test('rebuilds the operator\'s state from genesis and L1 data, prints the roots and writes the state file', async () => {
  const out = await zkr('sync', '--deployment', file('deployment.json'), '--genesis', file('genesis.json'), '--out', file('state.json'));
  expect(out).toMatchObject({
    rollup: client.deployment.rollup, batches: 2, batchCount: 2, queueCount: 1, matches: true, out: file('state.json'),
    root: operator.root.toString(), stateHash: operator.stateHash.toString(), stateHashOnChain: (await client.stateHash()).toString(),
  });
  const written = await readStateFile(start.suite, file('state.json'));
  expect([written.root, written.batchCount, written.queueCount, written.queueHash]).toEqual([operator.root, 2, 1, operator.queueHash]);
  expect([...written.accounts()]).toEqual([...operator.accounts()]);
  const paged = await zkr('sync', '--deployment', file('deployment.json'), '--genesis', file('genesis.json'), '--page-blocks', '1');
  expect([paged.stateHash, paged.matches, paged.out]).toEqual([operator.stateHash.toString(), true, null]);
});

test('a genesis that is not the rollup\'s exits 1 with STATE_MISMATCH and writes nothing; a bad --page-blocks is a usage error', async () => {
  const other = await genesis(4, [{ index: 0, balance: 1000n }, { index: 1, balance: 499n }], start.state.domain);
  await writeStateFile(file('other.json'), other.state);
  let stderr = '';
  const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
  const code = await main(['node', 'zkr', 'sync', '--deployment', file('deployment.json'), '--genesis', file('other.json'), '--out', file('other-state.json')], io);
  expect(code).toBe(1);
  expect(stderr).toMatch(/^error \[STATE_MISMATCH\]: batch 1 \(transaction 0x[0-9a-f]{64}, block \d+\): L1 records state hash \d+ but replaying its data gives \d+/m);
  expect(existsSync(file('other-state.json'))).toBe(false);
  stderr = '';
  expect(await main(['node', 'zkr', 'sync', '--deployment', file('deployment.json'), '--genesis', file('genesis.json'), '--page-blocks', '0'], io)).toBe(2);
  expect(stderr).toContain('error [INVALID_ARGUMENT]: --page-blocks must be an integer 1 <= x <= 1000000');
});
