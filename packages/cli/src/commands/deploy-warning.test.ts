/**
 * The DEVELOPMENT-ONLY warning of `zkr deploy` and `zkr submit` (one stderr line, stdout stays
 * `--json`), on the embedded chain with the four-input toy circuit set up by `zkr setup --dev --r1cs` and
 * proved by `zkr prove --input`; artifacts of a ceremony get no warning.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, createCryptoSuite, type CryptoSuite, readStateFile, RollupState, signTransfer, writeBatchFile, writeStateFile } from '@zkr/state';
import { terminateCurve, testKey, TOY_SIZE, toyBatchInputFor, toyCeremony, toyCircuit } from '@zkr/test-helpers';
import { run } from '../main';

/** Runs `zkr --json <args>` in-process; resolves to the parsed stdout and the stderr lines. */
async function zkr(...args: string[]): Promise<{ json: Record<string, unknown>; stderr: string[] }> {
  let stdout = '';
  let stderr = '';
  await run(['--json', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { json: JSON.parse(stdout) as Record<string, unknown>, stderr: stderr.split('\n').filter((line) => line !== '') };
}

const warnings = (lines: string[]): string[] => lines.filter((line) => line.includes('DEVELOPMENT-ONLY'));

let work: string;
let suite: CryptoSuite;
const file = (name: string): string => join(work, name);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zkr-cli-deploy-warning-'));
  suite = await createCryptoSuite();
  const accounts = [0, 1].map((index) => ({ index, account: { publicKey: testKey(suite, index).publicKey, balance: 100n, nonce: 0n, owner: 0n } }));
  await writeStateFile(file('genesis.json'), RollupState.genesis(suite, { depth: 4, domain: 0n, accounts }));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await terminateCurve();
});

test('deploy and submit with dev keys each print one DEVELOPMENT-ONLY line on stderr; the deployment file records it', async () => {
  const toy = await toyCircuit(TOY_SIZE, { inputs: 4 });
  const artifacts = file('toy-dev');
  await zkr('setup', '--dev', '--r1cs', toy.r1csPath, '--wasm', toy.wasmPath, '--circuit-name', 'toy', '--out', artifacts);


  const deployed = await zkr('deploy', '--artifacts', artifacts, '--batch-size', '2', '--state', file('genesis.json'), '--state-out', file('state.json'), '--out', file('deployment.json'));
  expect(warnings(deployed.stderr)).toEqual([
    `WARNING: DEVELOPMENT-ONLY KEYS in ${artifacts}: whoever ran the setup could forge proofs; never rely on them for anything of value.`,
  ]);
  expect(deployed.json).toMatchObject({ verifiers: [{ batchSize: 2, developmentOnly: true }] });
  expect(JSON.parse(readFileSync(file('deployment.json'), 'utf8'))).toMatchObject({ verifiers: [{ batchSize: 2, developmentOnly: true }] });

  const state = await readStateFile(suite, file('state.json'));
  const transfer = signTransfer(suite, testKey(suite, 0).privateKey, state.domain, { from: 0, to: 1, amount: 30n, fee: 2n, nonce: 0n });
  const { batch } = buildBatch(state, [transfer], { batchSize: 2, feeRecipient: 1 });
  await writeBatchFile(file('batch.json'), batch);
  await writeFile(file('input.json'), JSON.stringify(toyBatchInputFor([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash])));
  await zkr('prove', '--artifacts', artifacts, '--input', file('input.json'), '--out', file('proof.json'));

  const submitted = await zkr('submit', '--deployment', file('deployment.json'), '--batch', file('batch.json'), '--proof', file('proof.json'));
  expect(submitted.json).toMatchObject({ batchNumber: '1', newRoot: batch.newRoot.toString() });
  expect(warnings(submitted.stderr)).toEqual([
    `WARNING: DEVELOPMENT-ONLY KEYS behind the batch-size-2 verifier of ${file('deployment.json')}: whoever ran the setup could forge proofs; never rely on them for anything of value.`,
  ]);
});

test('artifacts of a ceremony: no warning, and the deployment file records nothing about dev keys', async () => {
  const ceremony = await toyCeremony(TOY_SIZE, { inputs: 4 });
  const deployed = await zkr('deploy', '--artifacts', ceremony.dir, '--batch-size', '2', '--state', file('genesis.json'), '--out', file('ceremony.json'));
  expect(warnings(deployed.stderr)).toEqual([]);
  const recorded = JSON.parse(readFileSync(file('ceremony.json'), 'utf8')) as { verifiers: object[] };
  expect(recorded.verifiers).toEqual([{ batchSize: 2, address: expect.any(String) }]);
});
