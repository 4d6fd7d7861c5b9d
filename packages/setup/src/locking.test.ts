/** One setup at a time per artifact directory, and a setup killed at any moment leaves the old set or the new one. */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { finished, spawnTs, terminateCurve, toyCircuit, type CompiledFixture } from '@zkr/test-helpers';
import { loadArtifacts, setupArtifacts, verifyArtifacts } from './artifacts';

const FIXTURE = join(__dirname, 'setup.fixture.ts');
let toy: CompiledFixture;
let root: string;

beforeAll(async () => {
  toy = await toyCircuit(20, { outputs: 1 });
  root = await mkdtemp(join(tmpdir(), 'zkr-setup-lock-'));
});

afterAll(async () => {
  await terminateCurve();
});

describe('setup locking and crash safety', () => {
  it('two concurrent setups into one directory: one gets LOCKED, the other leaves a consistent set', async () => {
    const outDir = join(root, 'concurrent');
    const run = () => setupArtifacts({ ...toy, circuit: { name: 'toy' }, outDir, mode: { kind: 'dev', threads: 1 } });
    const results = await Promise.allSettled([run(), run()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    expect(isZkrError(failure, 'LOCKED')).toBe(true);
    expect((failure as Error).message).toMatch(/is in use by zkr setup \(pid \d+/);
    const report = await verifyArtifacts(outDir);
    expect(report).toMatchObject({ kind: 'dev', developmentOnly: true });
    expect((await readdir(outDir)).sort()).toEqual(['Verifier.sol', 'circuit.r1cs', 'circuit.wasm', 'circuit.zkey', 'manifest.json', 'vkey.json']);
  });

  // Renames of a dev setup: 1 the zkey inside its producer, 2 the commit record, 3-8 the six files
  // (manifest last). Killed before rename k, the directory reads as never set up (k <= 2) or as
  // the complete new setup (k >= 3), and nothing else is left.
  it.each([2, 3])('kill -9 before rename %i: never set up or fully set up, and nothing left behind', async (killAt) => {
    const outDir = join(root, `killed-${killAt}`);
    const crashed = await finished(spawnTs(FIXTURE, [toy.r1csPath, toy.wasmPath, outDir], { killBeforeRename: killAt }));
    expect([crashed.signal, crashed.stderr]).toEqual(['SIGKILL', '']);
    const loaded = await loadArtifacts(outDir).then(() => 'set up', (error: unknown) => (isZkrError(error) ? error.code : String(error)));
    expect(loaded).toBe(killAt <= 2 ? 'ARTIFACTS_MISSING' : 'set up');
    if (killAt >= 3) await verifyArtifacts(outDir);
    const left = (await readdir(outDir)).sort();
    expect(left).toEqual(killAt <= 2 ? [] : ['Verifier.sol', 'circuit.r1cs', 'circuit.wasm', 'circuit.zkey', 'manifest.json', 'vkey.json']);
  });
});
