/** The v1-vs-v2 report from a synthetic result (no compile): totals, per-transfer split, model check; and its argument parser. */
import { COMPONENTS, type ComponentCounts } from './constraint-split';
import { protocolV2Args, protocolV2Markdown, type ProtocolRow, type ProtocolV2Result } from './protocol-v2';

const counts = (total: number): ComponentCounts => {
  const values = Object.fromEntries(COMPONENTS.map((c) => [c, c === 'merkle' ? total : 0])) as Record<(typeof COMPONENTS)[number], number>;
  return { ...values, total };
};
const compile = { wallSeconds: 12.3, peakRssMiB: 800, circom2: '0.2.23', flags: ['--O2'], finishedAt: '2026-12-02T03:00:00.000Z' };
const rows: ProtocolRow[] = [
  { version: 1, depth: 24, batchSize: 16, blocks: 8, counts: counts(1_600_000), source: 'model' },
  { version: 2, depth: 24, batchSize: 16, blocks: 4, counts: counts(400_000), source: 'compiled', compile, predicted: counts(400_100) },
];
const result: ProtocolV2Result = { rows, startedAt: '2026-12-02T03:00:00.000Z', models: [{ version: 2, depth: 24, model: { base: counts(0), perSlot: counts(0), perBlock: counts(0), fittedOn: [1, 2, 4] } }] };

test('the report puts v1 and v2 side by side, per transfer, with the model check and the goal', () => {
  const md = protocolV2Markdown(result, 'npm run bench:v2');
  expect(md).toContain('| 24 | 16 | 1,600,000 | 100,000 | 400,000 | **25,000** | 25.0% | 8 → 4 | model / compiled |');
  expect(md).toContain('D = 24, goal <= 28,000 per transfer at N >= 16: N = 16: 25,000');
  expect(md).toContain('| 24 | 16 | 100,000 → 25,000 | 0 → 0 |');
  expect(md).toContain('| v2 | 24 | 16 | 400,000 | 400,100 | +100 (0.03%) |');
  expect(md).toContain('| v2 | 24 | 16 | 400,000 | 12.3 s | 800 MiB | 2026-12-02T03:00Z |');
});

test('arguments: lists of positive integers, an output path, nothing else', () => {
  expect(protocolV2Args(['out.md', '--depths=24,32', '--check=', '--sizes=1,16'])).toEqual({ out: 'out.md', options: { depths: [24, 32], checkSizes: [], tableSizes: [1, 16] } });
  expect(() => protocolV2Args(['--depths=a'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: '--depths', value: 'a' } }));
  expect(() => protocolV2Args(['--fast'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
});
