import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheKey, compileCircuit } from './compile';
import { DEFAULT_INSTANCE, mainComponentSource, sha256Blocks } from './instance';
import { parseR1csHeader } from './r1cs';

describe('DEFAULT_INSTANCE', () => {
  it('has exactly 123,460 constraints, within the 2^17 Groth16 domain (2^17 - N - 2)', async () => {
    const compiled = await compileCircuit(DEFAULT_INSTANCE);
    expect(DEFAULT_INSTANCE).toEqual({ depth: 8, batchSize: 2 });
    expect(compiled.constraints).toBe(123460);
    expect(compiled.constraints).toBeLessThanOrEqual(2 ** 17 - DEFAULT_INSTANCE.batchSize - 2);
    expect(parseR1csHeader(await readFile(compiled.r1csPath))).toMatchObject({ nConstraints: 123460, nPublicInputs: 1, nPublicOutputs: 0 });
    expect(compiled.compilerVersion).toBe('circom compiler 2.2.3');
    const again = await compileCircuit(DEFAULT_INSTANCE);
    expect(again).toEqual({ ...compiled, cached: true });
  });
});

describe('instances', () => {
  it.each([
    [{ depth: 0, batchSize: 1 }, 'depth'],
    [{ depth: 33, batchSize: 1 }, 'depth'],
    [{ depth: 1.5, batchSize: 1 }, 'depth'],
    [{ depth: 8, batchSize: 0 }, 'batchSize'],
    [{ depth: 8, batchSize: 257 }, 'batchSize'],
  ])('rejects %j with INVALID_INSTANCE naming %s', async (instance, field) => {
    await expect(compileCircuit(instance)).rejects.toMatchObject({ code: 'INVALID_INSTANCE', details: { field } });
  });

  it('generates the main component with publicInput as the only public signal', () => {
    expect(mainComponentSource({ depth: 12, batchSize: 3 })).toContain('component main {public [publicInput]} = Batch(12, 3);');
  });

  it('counts SHA-256 blocks of 100 + 24N bytes of public data', () => {
    expect([1, 2, 3, 4, 5, 6, 8].map(sha256Blocks)).toEqual([3, 3, 3, 4, 4, 4, 5]);
  });

  it('keys the cache by instance', async () => {
    const keys = await Promise.all([cacheKey({ depth: 8, batchSize: 2 }), cacheKey({ depth: 8, batchSize: 3 }), cacheKey({ depth: 9, batchSize: 2 })]);
    expect(new Set(keys).size).toBe(3);
    expect(await cacheKey({ depth: 8, batchSize: 2 })).toBe(keys[0]);
  });
});

describe('compile cache', () => {
  const tiny = { depth: 1, batchSize: 1 };
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
    expect((await readdir(cacheDir)).filter((name) => name.startsWith('.tmp-'))).toEqual([]);

    // An interrupted build leaves only a temporary directory, which never counts as cached.
    await mkdir(join(cacheDir, '.tmp-batch-d1-n1-1-deadbeef', 'main_js'), { recursive: true });
    await writeFile(join(cacheDir, '.tmp-batch-d1-n1-1-deadbeef', 'main.r1cs'), 'partial');
    const second = await compileCircuit(tiny, { cacheDir });
    expect(second).toEqual({ ...first, cached: true });

    // A corrupted artifact (here one extra byte) fails the manifest check and is rebuilt.
    await appendFile(first.r1csPath, 'x');
    const third = await compileCircuit(tiny, { cacheDir });
    expect(third.cached).toBe(false);
    expect(third.constraints).toBe(first.constraints);
    expect((await compileCircuit(tiny, { cacheDir })).cached).toBe(true);

    // So is an entry whose manifest is missing.
    await rm(join(first.dir, 'manifest.json'));
    expect((await compileCircuit(tiny, { cacheDir })).cached).toBe(false);
  });
});
