/**
 * bench/results/large-instances.md and its two SVG charts (prove time vs N, submitBatch gas per
 * transfer vs N) from the stage records of bench/src/large-instances.ts: real batch-circuit proofs
 * settled on the embedded chain, one line per instance. Nothing is measured here.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commitFiles } from '@zkr/files';
import type { CompileRecord, ProveRecord, SettleRecord, SetupRecord, StageRecord } from './large-instances';
import { renderLineChart, type LineChart } from './svg';

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const s = (x: number): string => `${x.toFixed(1)} s`;
const mib = (x: number): string => `${n(x)} MiB`;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The line of circom2's output that says why it stopped (an allocation failure, else its last line). */
export function failureLine(tail: string): string {
  const lines = tail.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /memory allocation|out of memory|error/i.test(l)) ?? lines[lines.length - 1] ?? '').slice(0, 120);
}

/** The instances that have any record, ordered by D then N. */
function instances(records: readonly StageRecord[]): { depth: number; batchSize: number }[] {
  const keys = [...new Set(records.map((r) => `${r.depth}x${r.batchSize}`))].map((k) => k.split('x').map(Number));
  return keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([depth, batchSize]) => ({ depth, batchSize }));
}

function find<T extends StageRecord>(records: readonly StageRecord[], stage: T['stage'], depth: number, batchSize: number): T | undefined {
  return records.find((r) => r.stage === stage && r.depth === depth && r.batchSize === batchSize) as T | undefined;
}

/** Median prove seconds (witness excluded) of a prove record. */
export function medianProveSeconds(record: ProveRecord): number {
  return median(record.proofs.map((p) => p.proveSeconds));
}

/** Gas per transfer of the last batch submitted (later batches are the steady state). */
export function steadyGasPerTransfer(record: SettleRecord): number {
  const last = record.batches[record.batches.length - 1];
  return last.gasUsed / record.batchSize;
}

/** The two charts, from the instances that were proved (and settled). */
export function largeCharts(records: readonly StageRecord[]): { id: string; chart: LineChart }[] {
  const depths = [...new Set(records.map((r) => r.depth))].sort((a, b) => a - b);
  const proves = (d: number) => records.filter((r): r is ProveRecord => r.stage === 'prove' && r.ok && r.depth === d);
  const settles = (d: number) => records.filter((r): r is SettleRecord => r.stage === 'settle' && r.ok && r.depth === d);
  return [
    {
      id: 'v2-prove-time',
      chart: {
        title: 'v2 prove time vs N (zkr engine, real batches, shared machine)',
        xLabel: 'batch size N (transfers per proof)',
        yLabel: 'seconds (median, witness excluded)',
        series: depths.map((d) => ({ name: `D = ${d}`, points: proves(d).map((r) => [r.batchSize, medianProveSeconds(r)] as const) })).filter((x) => x.points.length > 0),
      },
    },
    {
      id: 'v2-gas-per-transfer',
      chart: {
        title: 'v2 submitBatch gas per transfer vs N (real proofs)',
        xLabel: 'batch size N',
        yLabel: 'gas per transfer (real proof, embedded chain)',
        series: depths.map((d) => ({ name: `D = ${d}`, points: settles(d).map((r) => [r.batchSize, steadyGasPerTransfer(r)] as const) })).filter((x) => x.points.length > 0),
      },
    },
  ];
}

/** The report Markdown (chart files referenced by name). */
export function largeMarkdown(records: readonly StageRecord[]): string {
  const lines = ['# Large batch circuit instances, protocol v2 (issue 11)', ''];
  lines.push(
    'Each stage runs in its own process, one heavy job at a time, on a **shared 2-core machine** (other helpers compiled and tested at the same time): the load column gives the 1-minute load average at the start and the end of the stage. Times are single runs unless noted and are indicative, not benchmarks of an idle machine.',
    '',
    'Artifacts (r1cs, wasm, zkey, proofs) are under `.zkr/bench-large/` (git-ignored); the records this page is made from are `.zkr/bench-large/records/*.json`.',
    '',
    '## Compile (circom2 --O2 --r1cs --wasm --sym, wasm32: at most 4 GiB of memory)',
    '',
    '| D | N | result | constraints | per transfer | wall | circom2 peak RSS | r1cs | load |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
  );
  const all = instances(records);
  for (const { depth, batchSize } of all) {
    const c = find<CompileRecord>(records, 'compile', depth, batchSize);
    if (!c) continue;
    const result = c.ok ? 'compiled' : `**failed** (exit ${c.failure?.exitCode ?? '?'}${c.failure?.signal ? `, ${c.failure.signal}` : ''}): ${failureLine(c.failure?.tail ?? '')}`;
    lines.push(`| ${depth} | ${batchSize} | ${result} | ${c.constraints ? n(c.constraints) : '-'} | ${c.constraints ? n(c.constraints / batchSize) : '-'} | ${s(c.wallSeconds)} | ${mib(c.peakRssMiB)} | ${c.r1csBytes ? mib(c.r1csBytes / 2 ** 20) : '-'} | ${c.load.join(' → ')} |`);
  }
  lines.push('', '## Dev setup, proving and settlement', '');
  lines.push(
    '| D | N | dev setup | domain | zkey | setup peak RSS | witness | prove (zkr engine) | prove peak RSS | proven transfers / s of proving | submitBatch gas (batch 1; later) | gas per transfer | calldata bytes per transfer | slot bytes per transfer |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const { depth, batchSize } of all) {
    const setup = find<SetupRecord>(records, 'setup', depth, batchSize);
    const prove = find<ProveRecord>(records, 'prove', depth, batchSize);
    const settle = find<SettleRecord>(records, 'settle', depth, batchSize);
    if (!setup && !prove && !settle) continue;
    const proveSeconds = prove ? medianProveSeconds(prove) : 0;
    const witness = prove ? median(prove.proofs.map((p) => p.witnessSeconds)) : 0;
    const gas = settle ? settle.batches.map((b) => n(b.gasUsed)) : [];
    const last = settle?.batches[settle.batches.length - 1];
    lines.push([
      depth, batchSize,
      setup ? `${s(setup.totalSeconds)} (load ${setup.load.join(' → ')})` : '-',
      setup ? `2^${setup.power}` : '-',
      setup ? mib(setup.zkeyBytes / 2 ** 20) : '-',
      setup ? mib(setup.peakRssMiB) : '-',
      prove ? s(witness) : '-',
      prove ? `${s(proveSeconds)}${prove.proofs.length > 1 ? ` (median of ${prove.proofs.length}: ${prove.proofs.map((p) => p.proveSeconds.toFixed(1)).join(', ')})` : ''} (load ${prove.load.join(' → ')})` : '-',
      prove ? mib(prove.peakRssMiB) : '-',
      prove ? `${(batchSize / proveSeconds).toFixed(2)} (${(batchSize / (proveSeconds + witness)).toFixed(2)} with the witness)` : '-',
      settle ? (gas.length > 1 ? `${gas[0]}; ${gas.slice(1).join(', ')}` : gas[0]) : '-',
      last ? `**${n(last.gasUsed / batchSize)}**` : '-',
      last ? (last.calldataBytes / batchSize).toFixed(1) : '-',
      last ? (last.txDataBytes / batchSize).toFixed(1) : '-',
    ].join(' | ').replace(/^/, '| ').concat(' |'));
  }
  lines.push(
    '',
    'dev setup = `setupArtifacts` in dev mode (the setup, the zkey check, vkey and verifier export; DEVELOPMENT-ONLY keys). prove = `Prover.prove` with the zkr engine, witness excluded, every proof checked with `verifyProof`; peak RSS is the whole process (main thread and workers). ' +
      'Gas per transfer is the last submitted batch\'s total transaction gas (21k intrinsic and calldata included) / N; every batch submitted is listed (a later batch could differ from the first by its storage writes). Calldata bytes = the whole `submitBatch` transaction input (selector, proof, state hash, fee recipient, slot bytes); slot bytes = the published `txData`.',
    '',
    '![prove time vs N](v2-prove-time.svg) ![gas per transfer vs N](v2-gas-per-transfer.svg)',
    '',
    '## Commands',
    '',
    '```sh',
    ...records.map((r) => r.command),
    '```',
  );
  return `${lines.join('\n')}\n`;
}

/** The heading of the hand-written section that {@link writeLargeReport} keeps across regenerations. */
export const FINDINGS_HEADING = '## Findings';

/**
 * Writes the Markdown and the charts next to it, all or nothing, keeping the `## Findings` section
 * (and what follows it) of the file already there, which is written by hand from the figures.
 */
export async function writeLargeReport(records: readonly StageRecord[], markdownPath: string): Promise<string[]> {
  const dir = dirname(markdownPath);
  const charts = largeCharts(records).filter((c) => c.chart.series.length > 0);
  const previous = await readFile(markdownPath, 'utf8').catch(() => '');
  const at = previous.indexOf(`\n${FINDINGS_HEADING}`);
  const writes = [
    { path: markdownPath, data: largeMarkdown(records) + (at >= 0 ? previous.slice(at) : '') },
    ...charts.map((c) => ({ path: join(dir, `${c.id}.svg`), data: renderLineChart(c.chart) })),
  ];
  await commitFiles(writes, 'bench report');
  return writes.map((w) => w.path);
}
