/**
 * Benchmark reports: the raw JSON of a run (`<timestamp>.json`) and the human view regenerated
 * from it (`latest.md` with tables, plus one SVG per chart) in a results directory.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { benchError } from './errors';
import type { MachineInfo } from './machine';
import { renderLineChart, type LineChart } from './svg';

/** A table of a report: column headers and rows of preformatted cells. */
export interface BenchTable {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** How to read the table (what a ratio means, what was measured). */
  readonly notes?: readonly string[];
}

/** A chart of a report; rendered to `<id>.svg` beside `latest.md`. */
export interface BenchChart extends LineChart {
  readonly id: string;
}

/** Everything one benchmark run produced. */
export interface BenchReport {
  readonly version: 1;
  readonly profile: string;
  /** The command line that produced the report. */
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  readonly tables: readonly BenchTable[];
  readonly charts: readonly BenchChart[];
  /** Raw measurements per section (samples, medians, min/max), for re-analysis. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Paths written by {@link writeBenchReport}. */
export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly charts: readonly string[];
}

function markdownTable(table: BenchTable): string {
  const lines = [
    `### ${table.title}`,
    '',
    `| ${table.columns.join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  if (table.notes?.length) lines.push('', ...table.notes.map((n) => `_${n}_`));
  return lines.join('\n');
}

/** Render the Markdown view of a report; chart images are referenced as `<id>.svg`. */
export function renderMarkdown(report: BenchReport, jsonName: string): string {
  const m = report.machine;
  const parts = [
    `# zkr benchmark results (${report.profile} profile)`,
    '',
    `Produced by \`${report.command}\` from ${report.startedAt} to ${report.finishedAt}; raw samples in [${jsonName}](${jsonName}).`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}, snarkjs ${m.snarkjs}, ${m.circom}.`,
    '',
    'Times are medians of repeated runs; ratios are medians of per-pair ratios measured alternately in the same run. Absolute times on a shared 2-core machine are noisy: trust the ratios.',
    '',
    ...report.tables.flatMap((t) => [markdownTable(t), '']),
    ...report.charts.flatMap((c) => [`### ${c.title}`, '', `![${c.title}](${c.id}.svg)`, '']),
  ];
  return parts.join('\n');
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, file);
}

/** Write `<timestamp>.json`, regenerate `latest.md` and the chart SVGs in `dir`. */
export async function writeBenchReport(report: BenchReport, dir: string): Promise<WrittenReport> {
  try {
    await fs.mkdir(dir, { recursive: true });
    const stamp = report.startedAt.replace(/[:.]/g, '-');
    const jsonName = `${stamp}.json`;
    const json = path.join(dir, jsonName);
    await writeAtomic(json, JSON.stringify(report, null, 2) + '\n');
    const charts: string[] = [];
    for (const chart of report.charts) {
      const file = path.join(dir, `${chart.id}.svg`);
      await writeAtomic(file, renderLineChart(chart));
      charts.push(file);
    }
    const markdown = path.join(dir, 'latest.md');
    await writeAtomic(markdown, renderMarkdown(report, jsonName));
    return { json, markdown, charts };
  } catch (cause) {
    throw benchError('FILE_UNWRITABLE', `could not write benchmark results to ${dir}; check that it is writable`, {
      details: { dir },
      cause,
    });
  }
}
