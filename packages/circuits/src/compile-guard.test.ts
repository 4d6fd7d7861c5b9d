import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendants, finished, isRunning, REPO_ROOT, spawnTs, type ProcInfo } from '@zkr/test-helpers';
import { compileCircuit } from './compile';

/** A stand-in batch template over the toy circuit (the batch circuit's four public inputs): `D * N * Q * W * 1000` squarings, so the compile time is chosen by the instance. */
const TOY_BATCH = `pragma circom 2.1.0;
include "toy.circom";
template Batch(D, N, Q, W) {
    signal input newStateHash;
    signal input dataHash;
    signal input oldQueueHash;
    signal input newQueueHash;
    signal input x[2];
    component toy = Toy(D * N * Q * W * 1000, 0);
    toy.publicInput <== newStateHash + dataHash + oldQueueHash + newQueueHash;
    toy.x <== x;
}
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isCircom = (p: ProcInfo) => p.cmdline.includes('circom2/cli.js');

let root: string;
let sources: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zkr-circom-guard-'));
  sources = join(root, 'sources');
  await mkdir(sources);
  await copyFile(join(REPO_ROOT, 'packages', 'test-helpers', 'src', 'toy.circom'), join(sources, 'toy.circom'));
  await writeFile(join(sources, 'batch.circom'), TOY_BATCH);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('circom2 runs through a guard process', () => {
  it('compiles, and leaves no process behind', async () => {
    const compiled = await compileCircuit({ depth: 2, batchSize: 1 }, { sourcesDir: sources, cacheDir: join(root, 'ok') });
    expect(compiled.constraints).toBe(2002);
    expect(descendants(process.pid).filter(isCircom)).toEqual([]);
  });

  it('relays circom\'s errors (CIRCUIT_COMPILE_FAILED with its output)', async () => {
    const broken = await mkdtemp(join(root, 'broken-'));
    await writeFile(join(broken, 'batch.circom'), 'pragma circom 2.1.0;\ntemplate Batch(D, N, Q, W) { signal input publicInput; publicInput === ; }\n');
    await expect(compileCircuit({ depth: 2, batchSize: 1 }, { sourcesDir: broken, cacheDir: join(root, 'broken-cache') })).rejects.toMatchObject({
      code: 'CIRCUIT_COMPILE_FAILED',
      message: expect.stringMatching(/error/i),
    });
  });

  it('kill -9 of the compiling process ends its circom2 child within seconds', async () => {
    // 100,000 squarings: circom2 needs several seconds, the test kills it as soon as it runs.
    const child = spawnTs(join(__dirname, 'compile-child.fixture.ts'), [sources, join(root, 'killed'), '10', '10']);
    const exited = finished(child);
    let started: ProcInfo[] = [];
    try {
      for (const deadline = Date.now() + 60_000; !started.some(isCircom); await sleep(50)) {
        if (Date.now() > deadline) throw new Error(`circom2 never started under ${child.pid}: ${JSON.stringify(await Promise.race([exited, sleep(0)]))}`);
        started = descendants(child.pid!);
      }
      child.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');
      const gone = Date.now();
      while (started.some((p) => isRunning(p.pid)) && Date.now() - gone < 5_000) await sleep(50);
      expect(started.filter((p) => isRunning(p.pid)).map((p) => p.cmdline.slice(0, 80))).toEqual([]);
    } finally {
      for (const p of started) if (isRunning(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
  }, 90_000);
});
