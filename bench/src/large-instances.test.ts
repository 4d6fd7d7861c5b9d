/** The large-instance runner's pure parts: the v3 compile job, record paths, and deterministic full batches. */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIRCUITS_DIR, resolveInstance } from '@zkr/circuits';
import { embeddedDomain, LARGE_FLAGS, largeBatches, largeJob, recordPath, snapshotSources } from './large-instances';

test('a large compile is the v3 main with a witness generator, named by instance', () => {
  const job = largeJob(resolveInstance({ depth: 24, batchSize: 32 }));
  expect(job).toMatchObject({ name: 'v3-d24-n32-q1-w1', flags: LARGE_FLAGS });
  expect(job.libraries).toContain(CIRCUITS_DIR);
  expect(job.source).toContain('Batch(24, 32, 1, 1)');
  expect(LARGE_FLAGS).toContain('--wasm');
  expect(recordPath('/r', 'prove', resolveInstance({ depth: 32, batchSize: 16, withdrawalPositions: 2 }))).toBe('/r/records/prove-v3-d32-n16-q1-w2.json');
});

test('the batches proved and the batches settled are the same: rebuilt from the domain alone', async () => {
  const domain = embeddedDomain();
  const first = await largeBatches(resolveInstance({ depth: 4, batchSize: 3 }), domain, 2);
  const again = await largeBatches(resolveInstance({ depth: 4, batchSize: 3 }), domain, 2);
  expect(first.batches.map((b) => b.batchNumber)).toEqual([1, 2]);
  expect(first.batches.every((b) => b.slots.every((s) => s.kind === 'transfer'))).toBe(true);
  expect(again.batches.map((b) => b.dataHash)).toEqual(first.batches.map((b) => b.dataHash));
  expect(again.genesis.root).toBe(first.genesis.root);
});

test('a snapshot of the templates is named by their content and made once', async () => {
  const root = await mkdtemp(join(tmpdir(), 'zkr-bench-snap-'));
  try {
    const from = join(root, 'from');
    await snapshotSources(root, CIRCUITS_DIR).then(async (dir) => expect(await readdir(dir)).toContain('batch.circom'));
    await mkdir(from);
    await writeFile(join(from, 'batch.circom'), 'template A() {}\n');
    const first = await snapshotSources(root, from);
    expect(await snapshotSources(root, from)).toBe(first);
    await writeFile(join(from, 'batch.circom'), 'template B() {}\n');
    expect(await snapshotSources(root, from)).not.toBe(first);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
