/** The v3 per-position report from synthetic compiles (no circom run): instances, bytes, marginal costs, Markdown and arguments. */
import { CONSTRAINT_CATEGORIES, type ConstraintBreakdown } from '@zkr/circuits';
import { positionBytes, positionCosts, protocolV3Args, protocolV3Markdown, v3CountJob, v3Instance, type V3Compile } from './protocol-v3';

const breakdown = (total: number, batchDataHash: number): ConstraintBreakdown => {
  const values = Object.fromEntries(CONSTRAINT_CATEGORIES.map((c) => [c, c === 'batchDataHash' ? batchDataHash : c === 'merkle' ? total - batchDataHash : 0])) as Record<(typeof CONSTRAINT_CATEGORIES)[number], number>;
  return { ...values, total };
};
const compile = { wallSeconds: 30.5, peakRssMiB: 900, circom2: '0.2.23', flags: ['--O2'], finishedAt: '2026-12-02T06:00:00.000Z' };
const at = (kind: Parameters<typeof v3Instance>[1], total: number, hash: number, blocks: number): V3Compile => ({ instance: v3Instance(32, kind), blocks, breakdown: breakdown(total, hash), compile });

test('the four instances of a depth: the base (1, 1, 1) and one more slot, queue or withdrawal position', () => {
  expect(v3Instance(24)).toEqual({ depth: 24, batchSize: 1, queuePositions: 1, withdrawalPositions: 1 });
  expect(v3Instance(24, 'slot')).toEqual({ depth: 24, batchSize: 2, queuePositions: 1, withdrawalPositions: 1 });
  expect(v3Instance(24, 'queue')).toEqual({ depth: 24, batchSize: 1, queuePositions: 2, withdrawalPositions: 1 });
  expect(v3Instance(24, 'withdrawal')).toEqual({ depth: 24, batchSize: 1, queuePositions: 1, withdrawalPositions: 2 });
  expect(v3CountJob(v3Instance(8, 'queue'))).toMatchObject({ name: 'v3-d8-n1-q2-w1', flags: ['--O2', '--r1cs', '--sym'] });
  expect(v3CountJob(v3Instance(8, 'queue')).source).toContain('= Batch(8, 1, 2, 1);');
});

test('bytes per position (§7): slot S = 2·I + 6, queue entry 28, withdrawal I + 26', () => {
  expect([8, 16, 24, 32].map((d) => positionBytes('slot', d))).toEqual([8, 10, 12, 14]);
  expect([8, 32].map((d) => positionBytes('queue', d))).toEqual([28, 28]);
  expect([8, 16, 24, 32].map((d) => positionBytes('withdrawal', d))).toEqual([27, 28, 29, 30]);
});

test('costs are differences of totals, without and with the per-byte amortized hash', () => {
  // Base: 64,000 hash constraints over 4 blocks = 250 per byte.
  const base = at(undefined, 200_000, 64_000, 4);
  const more = { slot: at('slot', 230_000, 64_000, 4), queue: at('queue', 260_000, 80_000, 5), withdrawal: at('withdrawal', 250_000, 64_000, 4) };
  const { costs, hashPerByte } = positionCosts(32, base, more);
  expect(hashPerByte).toBe(250);
  expect(costs).toEqual([
    { depth: 32, kind: 'slot', marginal: 30_000, withoutHash: 30_000, bytes: 14, amortized: 33_500, blocks: [4, 4] },
    { depth: 32, kind: 'queue', marginal: 60_000, withoutHash: 44_000, bytes: 28, amortized: 51_000, blocks: [4, 5] },
    { depth: 32, kind: 'withdrawal', marginal: 50_000, withoutHash: 50_000, bytes: 30, amortized: 57_500, blocks: [4, 4] },
  ]);
  const md = protocolV3Markdown({ compiles: [base, ...Object.values(more)], costs, hashPerByte: { 32: hashPerByte }, startedAt: '2026-12-02T06:00:00.000Z' }, 'bench v3');
  expect(md).toContain('| 32 | transfer slot | 14 | 30,000 | 30,000 | **33,500** | 1.00x | 1.00x | 4 → 4 |');
  expect(md).toContain('| 32 | queue operation | 28 | 60,000 | 44,000 | **51,000** | 1.52x | 1.47x | 4 → 5 |');
  expect(md).toContain('| 32 | withdrawal | 30 | 50,000 | 50,000 | **57,500** | 1.72x | 1.67x | 4 → 4 |');
  expect(md).toContain('Batch-data hash per byte (base compile): D = 32: 250.0.');
  expect(md).toContain('| 32 | 1 | 2 | 1 | 260,000 | 180,000 | 0 | 0 | 0 | 0 | 80,000 | 0 | 5 | 30.5 s | 900 MiB |');
});

test('arguments: an output path and even depths 2..32, nothing else', () => {
  expect(protocolV3Args([])).toEqual({ out: 'bench/results/protocol-v3.md', depths: [8, 16, 24, 32] });
  expect(protocolV3Args(['out.md', '--depths=8,32'])).toEqual({ out: 'out.md', depths: [8, 32] });
  expect(() => protocolV3Args(['--depths=7'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: '--depths', value: '7' } }));
  expect(() => protocolV3Args(['--fast'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: 'argv', value: '--fast' } }));
});
