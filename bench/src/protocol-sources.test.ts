/** The v1 circuits come from git history (commit d6f58db), extracted once into a cache directory. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v1MainSource, v1Sources, v2Sources } from './protocol-sources';

test('v1 sources are the d6f58db templates with the one-public-input main; v2 is circuits/', async () => {
  const cacheDir = await mkdtemp(join(tmpdir(), 'zkr-bench-v1-'));
  try {
    const v1 = await v1Sources(cacheDir);
    expect(v1.version).toBe(1);
    expect(await readFile(join(v1.dir, 'public_data.circom'), 'utf8')).toContain('template PublicDataHash(D, N)');
    expect((await v1Sources(cacheDir)).dir).toBe(v1.dir);
    expect(v1MainSource({ depth: 24, batchSize: 16 })).toContain('component main {public [publicInput]} = Batch(24, 16);');
    expect(v2Sources().main({ depth: 24, batchSize: 16 })).toContain('Batch(24, 16)');
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
});
