/**
 * End to end, as `zkr demo` runs it: default circuit instance (compiled and set up with cached
 * dev keys), deployment of an ETH rollup on the in-process Hardhat chain, a deposit on L1 into a new
 * account, batches built from the L1 queue, transfers and a withdrawal, proved with the real prover,
 * submitted, and L1 checked against the local state after every batch (state hash, batch count,
 * consumed queue count, claimable balances); the withdrawal claimed on L1 at the end. The artifacts
 * go to the shared fixture directory of the default instance, so the suites that prove batches set
 * it up once.
 */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { runEndToEnd } from '@zkr/operator';
import { batchDataLength } from '@zkr/state';
import { batchArtifacts } from '@zkr/test-helpers';

describe('end to end on the default instance', () => {
  it('moves money in (deposit), around (transfers) and out (withdrawal, claim), rejecting the invalid transfers', async () => {
    const outDir = await batchArtifacts(DEFAULT_INSTANCE);
    const report = await runEndToEnd({ batches: 2, artifacts: { outDir } });
    expect(report.instance).toEqual(DEFAULT_INSTANCE);
    expect(report.artifactsDir).toBe(outDir);
    expect(report.developmentOnly).toBe(true);
    expect(report.batches.map((b) => b.batchNumber)).toEqual([1, 2]);
    // txData is everything after the 36 + I header (docs/protocol.md §7).
    const txData = batchDataLength(DEFAULT_INSTANCE, DEFAULT_INSTANCE.batchSize) - 37;
    for (const b of report.batches) {
      expect(b.transfers).toBe(DEFAULT_INSTANCE.batchSize);
      expect(b.onChainStateHash).toBe(b.newStateHash);
      expect(b.txDataBytes).toBe(txData);
      expect(b.gasUsed).toBeGreaterThan(150_000n);
    }
    const { money } = report;
    // The deposit takes the first free index (8 genesis accounts) and is applied by batch 1.
    expect(money.deposit).toEqual({ amount: 500_000_000n, index: 8, position: 0 });
    expect(report.batches[0].queue).toEqual([{ position: 0, kind: 1, index: 8, outcome: 'applied' }]);
    expect(report.batches[1].queue).toEqual([]);
    expect(report.batches[1].rejected).toEqual(['BAD_NONCE', 'INVALID_SIGNATURE']);
    expect([report.batches[0].withdrawals, report.batches[1].withdrawals]).toEqual([0, 1]);
    expect(report.batches[1].credits).toEqual([{ address: money.user, amount: 200_000_000n }]);
    const wei = 10n ** 9n;
    expect(money.unit).toBe(wei);
    expect(money.claimed).toBe(200_000_000n * wei);
    expect(money.snapshots.map((s) => [s.when, s.claimable, s.l2])).toEqual([
      ['before the deposit', 0n, null],
      ['after batch 1', 0n, 500_000_000n],
      ['after batch 2', 200_000_000n * wei, 500_000_000n - 200_000_000n - 1n],
      ['after the claim', 0n, 299_999_999n],
    ]);
    // The user's L1 balance moved by minus the deposit, plus the claim, minus the gas of its two
    // transactions (deposit, claim): some gas, and far less than 0.01 ETH at Hardhat's gas price.
    expect(money.gasPaid).toBeGreaterThan(0n);
    expect(money.gasPaid).toBeLessThan(10n ** 16n);
    // Batches move no money of the user on L1: its balance changes only with its own transactions.
    expect(money.snapshots[1].l1).toBe(money.snapshots[2].l1);
    expect(report.finalRoot).toBe(report.batches[1].newRoot);
    expect(report.finalRoot).not.toBe(report.genesisRoot);
    expect(report.finalStateHash).toBe(report.batches[1].newStateHash);
  });
});
