/**
 * CLI fuzz: hundreds of bad invocations (test/fuzz/corpus.ts) run through `zkr` in-process. Each
 * must exit 2 (usage and flag-value errors) or 1 (anything else) with exactly one stderr line
 * `error [CODE]: message` (no stack trace, never INTERNAL), print nothing on stdout, and leave every
 * file of the work directory as it was. The valid fixtures are made with the CLI itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INSTANCE, instanceName } from '@zkr/circuits';
import { batchArtifacts, FIXTURE_CACHE, proveToyJson, runZkr, terminateCurve, tinyPtau, toyCircuit, toyInputFor, TOY_SIZE } from '@zkr/test-helpers';
import { FuzzPaths, fuzzCases, writeArtifactVariants, writeFileVariants, type FuzzCase } from './fuzz/corpus';

/**
 * KNOWN_FAILING: the cases that fail today, each a real bug. They run as `it.failing`, so the suite
 * stays green while they fail and turns red the day one is fixed: then delete its line here.
 */
const KNOWN_FAILING: ReadonlySet<string> = new Set<string>([]);

const paths = new FuzzPaths(mkdtempSync(join(tmpdir(), 'zkr-fuzz-')), join(FIXTURE_CACHE, `artifacts-${instanceName(DEFAULT_INSTANCE)}`));
const CASES = fuzzCases(paths);


/** Runs a command that must succeed (building the fixtures). */
async function ok(...args: string[]): Promise<string> {
  const run = await runZkr(...args);
  if (run.code !== 0) throw new Error(`fixture command zkr ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** One entry of a directory snapshot: a directory, or a file's size, times and content hash. */
interface Entry {
  readonly stat: string;
  readonly hash: string;
}

/** Names and content hashes of everything under `dir`; a file whose stat is unchanged since `previous` is not re-read. */
async function snapshot(dir: string, previous?: ReadonlyMap<string, Entry>): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  const walk = async (path: string): Promise<void> => {
    const s = await lstat(path);
    const stat = `${s.mode}:${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
    if (s.isDirectory()) {
      out.set(`${path}/`, { stat: 'dir', hash: '' });
      for (const name of (await readdir(path)).sort()) await walk(join(path, name));
      return;
    }
    const before = previous?.get(path);
    out.set(path, before?.stat === stat ? before : { stat, hash: createHash('sha256').update(await readFile(path)).digest('hex') });
  };
  await walk(dir);
  return out;
}

/** What changed between two snapshots: created, deleted and changed paths. */
function changes(before: ReadonlyMap<string, Entry>, after: ReadonlyMap<string, Entry>): string[] {
  const out: string[] = [];
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (!old) out.push(`created ${path}`);
    else if (old.hash !== entry.hash) out.push(`changed ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path)) out.push(`deleted ${path}`);
  return out;
}

/** The valid inputs every case breaks one thing of, made with the CLI (and snarkjs for the toy proof). */
async function writeFixtures(): Promise<void> {
  const good = join(paths.root, 'good');
  await mkdir(good, { recursive: true });
  await mkdir(paths.aDirectory, { recursive: true });
  // A valid batch artifact dir (a shared fixture; `deploy` cases read its manifest and vkey); built only on a cold cache.
  if (!existsSync(join(paths.batchArtifacts, 'manifest.json'))) await batchArtifacts(DEFAULT_INSTANCE);

  await ok('genesis', '--depth', '8', '--generate', '4', '--domain', '7', '--out', paths.good('state'), '--keys-out', paths.good('keys'));
  const keys = JSON.parse(await readFile(paths.good('keys'), 'utf8')) as { keys: { privateKey: string; publicKey: string[] }[] };
  const [key] = keys.keys;
  await writeFile(paths.good('key'), JSON.stringify({ version: 3, kind: 'key', privateKey: key.privateKey, publicKey: key.publicKey }, null, 2));
  await writeFile(paths.good('accounts'), JSON.stringify({ version: 3, kind: 'accounts', accounts: keys.keys.map((k) => ({ publicKey: k.publicKey })) }, null, 2));
  await ok('tx', 'withdraw', '--key', paths.good('keys'), '--from', '1', '--state', paths.good('state'), '--address', `0x${'22'.repeat(20)}`, '--amount', '5', '--fee', '1',
    '--out', paths.good('withdrawals'));
  // One L1 deposit into a new account (index 4, the next free one), as `zkr queue` writes it from the chain.
  await writeFile(paths.good('queue'), JSON.stringify({
    version: 3, kind: 'queue',
    operations: [{ position: 0, kind: 1, index: 4, amount: '5', address: `0x${'22'.repeat(20)}`, publicKey: keys.keys[1].publicKey, time: 1_700_000_000 }],
  }, null, 2));
  for (const [from, to] of [['0', '1'], ['1', '2'], ['2', '3']]) {
    await ok('tx', 'sign', '--key', paths.good('keys'), '--from', from, '--state', paths.good('state'), '--to', to, '--amount', '5', '--fee', '1', '--append', paths.good('transfers'));
  }
  const built = join(good, 'built');
  await mkdir(built);
  await ok('batch', 'build', '--state', paths.good('state'), '--txs', paths.good('transfers'), '--batch-size', '2', '--fee-recipient', '0', '--out', paths.good('batch'), '--state-out', paths.built('state'));
  await writeFile(paths.good('deployment'), JSON.stringify({
    version: 3, kind: 'deployment', chainId: '31337', rpcUrl: 'http://127.0.0.1:9',
    rollup: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', domain: '7', depth: 8, queuePositions: 1, withdrawalPositions: 1, token: null, unit: '1000000000',
    exodusDelay: 604800, nextIndex: 4, hashers: { poseidon2: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9', poseidon4: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' },
    genesisRoot: '1', deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', blockNumber: 1, verifiers: [{ batchSize: 2, address: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }],
  }, null, 2));

  const toy = await toyCircuit(TOY_SIZE);
  await copyFile(toy.r1csPath, paths.circuitFile('circuit.r1cs'));
  await copyFile(toy.wasmPath, paths.circuitFile('circuit.wasm'));
  await copyFile(await tinyPtau(8), paths.circuitFile('tiny.ptau'));
  await ok('setup', '--r1cs', paths.circuitFile('circuit.r1cs'), '--wasm', paths.circuitFile('circuit.wasm'), '--circuit-name', 'toy',
    '--ptau', paths.circuitFile('tiny.ptau'), '--contributor', 'fuzz', '--out', paths.artifacts);
  const { proof, publicSignals } = await proveToyJson({ wasm: join(paths.artifacts, 'circuit.wasm'), zkey: join(paths.artifacts, 'circuit.zkey') }, 5n);
  await writeFile(paths.good('proof'), JSON.stringify(proof, null, 1));
  await writeFile(paths.good('public'), JSON.stringify(publicSignals));
  await writeFile(paths.good('input'), JSON.stringify(toyInputFor(5n)));
  await writeFileVariants(paths);
  await writeArtifactVariants(paths);
}

let baseline: Map<string, Entry>;

beforeAll(async () => {
  await writeFixtures();
  // The fixtures themselves are valid: the verify base case succeeds (so each verify case breaks exactly one thing).
  expect(await ok('verify', '--artifacts', paths.artifacts, '--proof', paths.good('proof'), '--public', paths.good('public'))).toMatch(/^OK: /);
  baseline = await snapshot(paths.root);
}, 300_000);

afterAll(async () => {
  process.exitCode = 0;
  await terminateCurve();
  await rm(paths.root, { recursive: true, force: true });
});

/** Runs one case and checks every rule; throws on the first broken one. */
async function expectCleanFailure(c: FuzzCase): Promise<void> {
  const run = await runZkr(...c.args);
  const after = await snapshot(paths.root, baseline);
  const touched = changes(baseline, after);
  // Undo what a failing case created, so the next cases start from the same files.
  for (const change of touched.filter((t) => t.startsWith('created '))) await rm(change.slice('created '.length), { recursive: true, force: true });
  baseline = touched.length > 0 ? await snapshot(paths.root, after) : after;
  const line = /^error \[([A-Z0-9_]+)\]: (.+)\n$/.exec(run.stderr);
  expect({ exit: run.code, stdout: run.stdout, stderr: run.stderr, oneLine: line !== null, code: line?.[1], touched }).toEqual({
    exit: c.exit,
    stdout: '',
    stderr: run.stderr,
    oneLine: true,
    code: expect.not.stringMatching(/^INTERNAL$/),
    touched: [],
  });
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const passing = CASES.filter((c) => !KNOWN_FAILING.has(c.name));
const failing = CASES.filter((c) => KNOWN_FAILING.has(c.name));

describe(`zkr on ${CASES.length} bad inputs`, () => {
  it('has at least 150 cases, and every known failure names a case', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect([...KNOWN_FAILING].filter((name) => !CASES.some((c) => c.name === name))).toEqual([]);
  });

  it.each(passing.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectCleanFailure(c);
  });

  if (failing.length > 0) {
    it.failing.each(failing.map((c) => [c.name, c] as const))('KNOWN BUG: %s', async (_name, c) => {
      await expectCleanFailure(c);
    });
  }
});
