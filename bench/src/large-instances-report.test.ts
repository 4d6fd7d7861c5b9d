/** The large-instance report from stage records: figures per instance, charts from proved and settled instances only. */
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeCharts, largeMarkdown, medianProveSeconds, steadyGasPerTransfer, writeLargeReport } from './large-instances-report';
import type { StageRecord } from './large-instances';

const base = { ok: true, command: 'cmd', finishedAt: '2026-12-02T04:00:00.000Z', load: [2, 3] as const, peakRssMiB: 1000 };
const records: StageRecord[] = [
  { ...base, stage: 'compile', sources: '/s', depth: 24, batchSize: 16, constraints: 400_000, wires: 400_100, wallSeconds: 80, r1csBytes: 2 ** 27 },
  { ...base, stage: 'compile', sources: '/s', depth: 24, batchSize: 64, ok: false, wallSeconds: 300, peakRssMiB: 4100, failure: { wallSeconds: 300, peakRssMiB: 4100, exitCode: 1, signal: null, tail: 'RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded\n' } },
  { ...base, stage: 'setup', depth: 24, batchSize: 16, constraints: 400_000, power: 19, totalSeconds: 40, zkeyBytes: 2 ** 28 },
  { ...base, stage: 'prove', depth: 24, batchSize: 16, domain: '1', openSeconds: 2, proofs: [{ transfers: 16, witnessSeconds: 2, proveSeconds: 10 }, { transfers: 16, witnessSeconds: 2, proveSeconds: 14 }] },
  { ...base, stage: 'settle', depth: 24, batchSize: 16, batches: [{ batchNumber: 1, gasUsed: 260_000, calldataBytes: 600, calldataGas: 9000, txDataBytes: 192 }, { batchNumber: 2, gasUsed: 240_000, calldataBytes: 600, calldataGas: 9000, txDataBytes: 192 }] },
];

test('medians and steady-state gas', () => {
  expect(medianProveSeconds(records[3] as Extract<StageRecord, { stage: 'prove' }>)).toBe(12);
  expect(steadyGasPerTransfer(records[4] as Extract<StageRecord, { stage: 'settle' }>)).toBe(15_000);
});

test('the Markdown lists every stage figure and the failed compile with its last output line', () => {
  const md = largeMarkdown(records);
  expect(md).toContain('| 24 | 16 | compiled | 400,000 | 25,000 | 80.0 s | 1,000 MiB | 128 MiB | 2 → 3 |');
  expect(md).toContain('**failed** (exit 1): RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded');
  expect(md).toContain('| 24 | 16 | 40.0 s (load 2 → 3) | 2^19 | 256 MiB | 1,000 MiB | 2.0 s | 12.0 s (median of 2: 10.0, 14.0)');
  expect(md).toContain('1.33 (1.14 with the witness) | 260,000; 240,000 | **15,000** | 37.5 | 12.0 |');
});

test('charts plot prove time and gas per transfer against N per depth', () => {
  const [prove, gas] = largeCharts(records);
  expect(prove.chart.series).toEqual([{ name: 'D = 24', points: [[16, 12]] }]);
  expect(gas.chart.series).toEqual([{ name: 'D = 24', points: [[16, 15_000]] }]);
});

test('rewriting the report keeps the hand-written findings and writes both charts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zkr-bench-large-'));
  try {
    const path = join(dir, 'large.md');
    await writeLargeReport(records, path);
    await appendFile(path, '\n## Findings\n\nN = 64 does not compile.\n');
    await writeLargeReport(records.slice(0, 3), path);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('# Large batch circuit instances')).toBe(true);
    expect(text.endsWith('## Findings\n\nN = 64 does not compile.\n')).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['large.md', 'v2-gas-per-transfer.svg', 'v2-prove-time.svg']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
