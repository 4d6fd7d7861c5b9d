/** The v1 and v2 circuits come from git history (commits d6f58db, 7dc0a41), extracted once into a cache directory; v3 is circuits/. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v1MainSource, v1Sources, v2MainSource, v2Sources, v3Sources, V2_COMMIT } from './protocol-sources';

test('v1 and v2 sources are their commits\' templates with their mains; v3 is circuits/ with Batch(D, N, Q, W)', async () => {
  const cacheDir = await mkdtemp(join(tmpdir(), 'zkr-bench-v1-'));
  try {
    const v1 = await v1Sources(cacheDir);
    expect(v1.version).toBe(1);
    expect(await readFile(join(v1.dir, 'public_data.circom'), 'utf8')).toContain('template PublicDataHash(D, N)');
    expect((await v1Sources(cacheDir)).dir).toBe(v1.dir);
    expect(v1MainSource({ depth: 24, batchSize: 16 })).toContain('component main {public [publicInput]} = Batch(24, 16);');
    const v2 = await v2Sources(cacheDir);
    expect(v2.dir).toBe(join(cacheDir, `circuits-v2-${V2_COMMIT}`));
    expect(await readFile(join(v2.dir, 'batch.circom'), 'utf8')).toContain('template Batch(D, N)');
    expect(v2MainSource({ depth: 24, batchSize: 16 })).toContain('component main {public [newStateHash, dataHash]} = Batch(24, 16);');
    expect(v3Sources().main({ depth: 24, batchSize: 16, queuePositions: 2, withdrawalPositions: 3 })).toContain('= Batch(24, 16, 2, 3);');
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
});
