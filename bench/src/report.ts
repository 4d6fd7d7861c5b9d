/**
 * Benchmark reports: the raw JSON of a run (`<timestamp>.json`) and the human view regenerated
 * from it (`latest.md` with tables, plus one SVG per chart) in a results directory. Those names
 * belong to the reference profile (the committed results); any other profile's files are prefixed
 * with its name (`smoke-latest.md`), so a smoke or full run never replaces the committed results.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { benchError } from './errors';
import type { MachineInfo } from './machine';
import { REFERENCE_PROFILE } from './profiles';
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

/** The file names of a report inside its results directory. */
export interface ReportFileNames {
  readonly json: string;
  readonly markdown: string;
  /** One per chart, in the report's chart order. */
  readonly charts: readonly string[];
}

/**
 * The file names {@link writeBenchReport} gives `report`: `<timestamp>.json`, `latest.md` and
 * `<chart id>.svg` for the reference profile, the same prefixed with `<profile>-` for any other.
 */
export function reportFileNames(report: Pick<BenchReport, 'profile' | 'startedAt' | 'charts'>): ReportFileNames {
  const prefix = report.profile === REFERENCE_PROFILE ? '' : `${report.profile}-`;
  return {
    json: `${prefix}${report.startedAt.replace(/[:.]/g, '-')}.json`,
    markdown: `${prefix}latest.md`,
    charts: report.charts.map((chart) => `${prefix}${chart.id}.svg`),
  };
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

/** Render the Markdown view of a report, linking its raw JSON and chart images by their {@link reportFileNames}. */
export function renderMarkdown(report: BenchReport, names: ReportFileNames = reportFileNames(report)): string {
  const m = report.machine;
  const parts = [
    `# zkr benchmark results (${report.profile} profile)`,
    '',
    `Produced by \`${report.command}\` from ${report.startedAt} to ${report.finishedAt}; raw samples in [${names.json}](${names.json}).`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}, snarkjs ${m.snarkjs}, ${m.circom}.`,
    '',
    'Times are medians of repeated runs; ratios are medians of per-pair ratios measured alternately in the same run. Absolute times on a shared 2-core machine are noisy: trust the ratios.',
    '',
    ...report.tables.flatMap((t) => [markdownTable(t), '']),
    ...report.charts.flatMap((c, i) => [`### ${c.title}`, '', `![${c.title}](${names.charts[i]})`, '']),
  ];
  return parts.join('\n');
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, file);
}

/** The paths {@link writeBenchReport} writes for `report` in `dir` (see {@link reportFileNames}). */
export function reportPaths(report: Pick<BenchReport, 'profile' | 'startedAt' | 'charts'>, dir: string): WrittenReport {
  const names = reportFileNames(report);
  return { json: path.join(dir, names.json), markdown: path.join(dir, names.markdown), charts: names.charts.map((name) => path.join(dir, name)) };
}

/** Write the raw JSON, regenerate the Markdown view and the chart SVGs in `dir`, named by {@link reportFileNames}. */
export async function writeBenchReport(report: BenchReport, dir: string): Promise<WrittenReport> {
  const written = reportPaths(report, dir);
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomic(written.json, JSON.stringify(report, null, 2) + '\n');
    for (const [i, chart] of report.charts.entries()) await writeAtomic(written.charts[i], renderLineChart(chart));
    await writeAtomic(written.markdown, renderMarkdown(report));
    return written;
  } catch (cause) {
    throw benchError('FILE_UNWRITABLE', `could not write benchmark results to ${dir}; check that it is writable`, {
      details: { dir },
      cause,
    });
  }
}
