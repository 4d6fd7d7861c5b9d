/**
 * End to end, as `zkr demo` runs it: default circuit instance (compiled and set up with cached
 * dev keys), deployment on the in-process Hardhat chain, batches built, proved with the real prover,
 * submitted, and the L1 state hash and batch count checked against the local state after every batch. The artifacts go to
 * the shared fixture directory of the default instance, so the suites that prove batches set it up once.
 */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { runEndToEnd } from '@zkr/operator';
import { batchArtifacts } from '@zkr/test-helpers';

describe('end to end on the default instance', () => {
  it('proves and settles consecutive batches, rejecting the invalid transfers', async () => {
    const outDir = await batchArtifacts(DEFAULT_INSTANCE);
    const report = await runEndToEnd({ batches: 2, artifacts: { outDir } });
    expect(report.instance).toEqual(DEFAULT_INSTANCE);
    expect(report.artifactsDir).toBe(outDir);
    expect(report.developmentOnly).toBe(true);
    expect(report.batches.map((b) => b.batchNumber)).toEqual([1, 2]);
    for (const b of report.batches) {
      expect(b.transfers).toBe(DEFAULT_INSTANCE.batchSize);
      expect(b.onChainStateHash).toBe(b.newStateHash);
      // Each transfer publishes one S-byte slot (S = 8 at D = 8, docs/protocol.md §7).
      expect(b.slotBytes).toBe(8 * DEFAULT_INSTANCE.batchSize);
      expect(b.gasUsed).toBeGreaterThan(150_000n);
    }
    expect(report.batches[1].rejected).toEqual(['BAD_NONCE', 'INVALID_SIGNATURE']);
    expect(report.finalRoot).toBe(report.batches[1].newRoot);
    expect(report.finalRoot).not.toBe(report.genesisRoot);
    expect(report.finalStateHash).toBe(report.batches[1].newStateHash);
  });
});
