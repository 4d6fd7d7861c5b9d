import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { cacheKey, compileCircuit } from './compile';
import { CIRCUITS_DIR } from './paths';
import { DEFAULT_INSTANCE, instanceName, MAX_BATCH_SIZE, mainComponentSource, resolveInstance, sha256Blocks } from './instance';
import { parseR1csHeader } from '@zkr/bn254';

describe('DEFAULT_INSTANCE', () => {
  it('has exactly 90,631 constraints and four public inputs, within the 2^17 Groth16 domain', async () => {
    const compiled = await compileCircuit(DEFAULT_INSTANCE);
    expect(DEFAULT_INSTANCE).toEqual({ depth: 8, batchSize: 2, queuePositions: 1, withdrawalPositions: 1 });
    expect(compiled.instance).toEqual(DEFAULT_INSTANCE);
    expect(compiled.constraints).toBe(90631);
    expect(compiled.constraints + 4 + 1).toBeGreaterThan(2 ** 16);
    expect(compiled.constraints + 4 + 1).toBeLessThanOrEqual(2 ** 17);
    expect(parseR1csHeader(await readFile(compiled.r1csPath))).toMatchObject({ nConstraints: 90631, nPublicInputs: 4, nPublicOutputs: 0 });
    expect(compiled.compilerVersion).toBe('circom compiler 2.2.3');
    const again = await compileCircuit(DEFAULT_INSTANCE);
    expect(again).toEqual({ ...compiled, cached: true });
  });
});

describe('instances', () => {
  it.each([
    [{ depth: 0, batchSize: 1 }, 'depth'],
    [{ depth: 1, batchSize: 1 }, 'depth'],
    [{ depth: 7, batchSize: 1 }, 'depth'],
    [{ depth: 34, batchSize: 1 }, 'depth'],
    [{ depth: 2.5, batchSize: 1 }, 'depth'],
    [{ depth: 8, batchSize: 0 }, 'batchSize'],
    [{ depth: 8, batchSize: MAX_BATCH_SIZE + 1 }, 'batchSize'],
    [{ depth: 8, batchSize: 1, queuePositions: 0 }, 'queuePositions'],
    [{ depth: 8, batchSize: 1, queuePositions: 65 }, 'queuePositions'],
    [{ depth: 8, batchSize: 1, queuePositions: 1.5 }, 'queuePositions'],
    [{ depth: 8, batchSize: 1, withdrawalPositions: 0 }, 'withdrawalPositions'],
    [{ depth: 8, batchSize: 1, withdrawalPositions: 65 }, 'withdrawalPositions'],
  ])('rejects %j with INVALID_INSTANCE naming %s', async (instance, field) => {
    await expect(compileCircuit(instance)).rejects.toMatchObject({ code: 'INVALID_INSTANCE', details: { field } });
  });

  it('generates the main component with the four public signals of §7, in order', () => {
    expect(mainComponentSource({ depth: 12, batchSize: 3, queuePositions: 4, withdrawalPositions: 2 }))
      .toContain('component main {public [newStateHash, dataHash, oldQueueHash, newQueueHash]} = Batch(12, 3, 4, 2);');
    expect(mainComponentSource({ depth: 12, batchSize: 3 })).toContain('= Batch(12, 3, 1, 1);');
  });

  it('names instances by all four parameters, Q and W defaulting to 1', () => {
    expect(instanceName(DEFAULT_INSTANCE)).toBe('batch-d8-n2-q1-w1');
    expect(instanceName({ depth: 32, batchSize: 16, queuePositions: 8, withdrawalPositions: 4 })).toBe('batch-d32-n16-q8-w4');
    expect(resolveInstance({ depth: 8, batchSize: 2 })).toEqual(DEFAULT_INSTANCE);
  });

  it('counts SHA-256 blocks of 36 + I + 28·Q + S·N + (I + 26)·W bytes of batch data plus 9 bytes of padding (I = 1, 3, 4 and S = 8, 12, 14 at D = 8, 24, 32)', () => {
    const blocks = (depth: number, sizes: number[], queuePositions = 1, withdrawalPositions = 1) =>
      sizes.map((batchSize) => sha256Blocks({ depth, batchSize, queuePositions, withdrawalPositions }));
    // D = 8, Q = W = 1: 37 + 28 + 8·N + 27 bytes; 92 + 8·N + 9 > 64 for N >= 1, <= 128 up to N = 3.
    expect(blocks(8, [1, 2, 3, 4, 16])).toEqual([2, 2, 2, 3, 4]);
    expect(blocks(24, [1, 16, 32, 64])).toEqual([2, 5, 8, 14]);
    expect(blocks(32, [1, 16, 32, 64])).toEqual([2, 6, 9, 16]);
    // Q and W add 28 and I + 26 bytes each: D = 32, N = 1: 40 + 28·Q + 14 + 30·W (+ 9).
    expect(blocks(32, [1], 64, 64)).toEqual([Math.ceil((40 + 28 * 64 + 14 + 30 * 64 + 9) / 64)]);
  });

  it('keys the cache by instance', async () => {
    const keys = await Promise.all([
      cacheKey({ depth: 8, batchSize: 2 }), cacheKey({ depth: 8, batchSize: 3 }), cacheKey({ depth: 10, batchSize: 2 }),
      cacheKey({ depth: 8, batchSize: 2, queuePositions: 2 }), cacheKey({ depth: 8, batchSize: 2, withdrawalPositions: 2 }),
    ]);
    expect(new Set(keys).size).toBe(5);
    expect(await cacheKey(DEFAULT_INSTANCE)).toBe(keys[0]);
  });
});

describe('compile cache', () => {
  const tiny = { depth: 2, batchSize: 1 };
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'zkr-circuit-cache-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('builds once, reuses a valid entry, ignores leftovers of an interrupted build and rebuilds a corrupted one', async () => {
    const progress: string[] = [];
    const first = await compileCircuit(tiny, { cacheDir, onProgress: (line) => progress.push(line) });
    expect(first.cached).toBe(false);
    expect(progress.some((line) => line.includes('non-linear constraints'))).toBe(true);
    expect((await readdir(cacheDir)).filter((name) => name.includes('zkr-tmp'))).toEqual([]);

    // A build killed midway leaves only a temporary directory named after its (now dead) process:
    // it never counts as cached, and the next build in the cache removes it.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = join(cacheDir, `.${basename(first.dir)}.zkr-tmp-${deadPid}-deadbeef`);
    await mkdir(join(leftover, 'main_js'), { recursive: true });
    await writeFile(join(leftover, 'main.r1cs'), 'partial');
    const second = await compileCircuit(tiny, { cacheDir });
    expect(second).toEqual({ ...first, cached: true });

    // A corrupted artifact (here one extra byte) fails the manifest check and is rebuilt.
    await appendFile(first.r1csPath, 'x');
    const third = await compileCircuit(tiny, { cacheDir });
    expect(third.cached).toBe(false);
    expect(third.constraints).toBe(first.constraints);
    expect((await readdir(cacheDir)).filter((name) => name.includes('zkr-tmp'))).toEqual([]);
    expect((await compileCircuit(tiny, { cacheDir })).cached).toBe(true);

    // So is an entry whose manifest is missing.
    await rm(join(first.dir, 'manifest.json'));
    expect((await compileCircuit(tiny, { cacheDir })).cached).toBe(false);
  });
});

describe('sources', () => {
  const tiny = { depth: 2, batchSize: 1 };
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'zkr-circuit-sources-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function copySources(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(CIRCUITS_DIR)) if (name.endsWith('.circom')) await writeFile(join(dir, name), await readFile(join(CIRCUITS_DIR, name)));
  }

  it('keys the cache by the content of sourcesDir, not its path', async () => {
    const copy = join(work, 'copy');
    await copySources(copy);
    expect(await cacheKey(tiny, copy)).toBe(await cacheKey(tiny));
    await appendFile(join(copy, 'range.circom'), '\n// changed\n');
    expect(await cacheKey(tiny, copy)).not.toBe(await cacheKey(tiny));
  });

  it('compiles other sources outside the repository into a cache elsewhere (circom runs from their common ancestor)', async () => {
    const sourcesDir = join(work, 'edited');
    await copySources(sourcesDir);
    await appendFile(join(sourcesDir, 'batch.circom'), '\n// an edited copy\n');
    const compiled = await compileCircuit(tiny, { sourcesDir, cacheDir: join(work, 'cache') });
    expect(compiled.cached).toBe(false);
    expect(compiled.dir.startsWith(join(work, 'cache'))).toBe(true);
    expect(compiled.key).toBe(await cacheKey(tiny, sourcesDir));
  });

  it('refuses a directory without batch.circom with CIRCUIT_SOURCES_MISSING', async () => {
    for (const sourcesDir of [join(work, 'missing'), work]) {
      await expect(compileCircuit(tiny, { sourcesDir, cacheDir: join(work, 'cache') })).rejects.toMatchObject({ code: 'CIRCUIT_SOURCES_MISSING', details: { sourcesDir } });
    }
  });
});
