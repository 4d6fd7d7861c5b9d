import type { EndToEndReport } from '@zkr/operator';
import { demoSummary } from './demo';

const report: EndToEndReport = {
  instance: { depth: 8, batchSize: 2 },
  constraints: 123460,
  artifactsDir: '.zkr/artifacts/batch-d8-n2',
  developmentOnly: true,
  compileMs: 1500,
  setupMs: 2500,
  rollup: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  domain: 42n,
  genesisRoot: 1n,
  finalRoot: 3n,
  batches: [
    { batchNumber: 1, transfers: 2, rejected: [], newRoot: 2n, witnessMs: 300, proveMs: 4000, gasUsed: 239000n, calldataBytes: 484, onChainRoot: 2n },
    { batchNumber: 2, transfers: 1, rejected: ['BAD_NONCE'], newRoot: 3n, witnessMs: 200, proveMs: 6000, gasUsed: 239010n, calldataBytes: 484, onChainRoot: 3n },
  ],
};

describe('demoSummary', () => {
  const text = demoSummary(report);

  it('prints one aligned row per batch with gas per transfer', () => {
    const rows = text.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0].trim().split(/\s+/)).toEqual(['1', '2', '0', '0.3', 's', '4.0', 's', '239000', '119500', '484']);
    expect(rows[1].trim().split(/\s+/)).toEqual(['2', '1', '1', '0.2', 's', '6.0', 's', '239010', '239010', '484']);
  });

  it('totals transfers and gas, takes the median prove time and flags development keys', () => {
    expect(text).toContain('2 batches, 3 transfers settled on L1');
    expect(text).toContain('median prove 5.0 s');
    expect(text).toContain('gas 239005 per batch, 159336 per transfer');
    expect(text).toContain('DEVELOPMENT-ONLY keys');
    expect(text).toContain('final root 3');
  });
});
