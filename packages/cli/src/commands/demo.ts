/**
 * `zkr demo`: the whole rollup on embedded defaults, no flags and no network — genesis with test
 * accounts, signed transfers (two invalid on purpose), the default batch circuit compiled and set
 * up with DEVELOPMENT-ONLY keys (cached: a second run reuses them), an in-process Hardhat chain with
 * Poseidon hasher, verifier and Rollup deployed, and every batch built, proved, submitted and the
 * L1 state hash and batch count checked against the local state. Ends with a summary table: gas and
 * calldata bytes per transfer.
 */
import type { Command } from 'commander';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { runEndToEnd, type EndToEndOptions, type EndToEndReport, type PrepareArtifactsOptions } from '@zkr/operator';
import type { ProveProgress } from '@zkr/prover';
import type { SetupProgress } from '@zkr/setup';
import { ENGINE_NAMES, parseDepth, parseEngine, parseInteger } from '../args';
import type { Cli } from '../cli';
import { progressPrinter } from '../progress';

interface DemoFlags {
  batches: string;
  depth?: string;
  batchSize?: string;
  engine: string;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The median of a non-empty list (mean of the two middle values for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `total / count` to one decimal (`-` for no transfers). */
function perTransfer(total: number, count: number): string {
  return count === 0 ? '-' : (total / count).toFixed(1).replace(/\.0$/, '');
}

/** The human summary: one row per batch (gas and calldata bytes per transfer), then totals. */
export function demoSummary(report: EndToEndReport): string {
  const rows = report.batches.map((b) => [
    String(b.batchNumber), String(b.transfers), String(b.rejected.length), seconds(b.witnessMs), seconds(b.proveMs),
    b.gasUsed.toString(), b.transfers === 0 ? '-' : (b.gasUsed / BigInt(b.transfers)).toString(),
    String(b.calldataBytes), perTransfer(b.calldataBytes, b.transfers),
  ]);
  const header = ['batch', 'transfers', 'rejected', 'witness', 'prove', 'gas', 'gas/transfer', 'calldata B', 'B/transfer'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const transfers = report.batches.reduce((s, b) => s + b.transfers, 0);
  const gas = report.batches.reduce((s, b) => s + b.gasUsed, 0n);
  const calldata = report.batches.reduce((s, b) => s + b.calldataBytes, 0);
  const slotBytes = report.batches[0].slotBytes / report.instance.batchSize;
  return [
    '',
    line(header),
    ...rows.map(line),
    '',
    `${report.batches.length} batches, ${transfers} transfers settled on L1 (Rollup ${report.rollup}); L1 state hash = local state hash after every batch`,
    `circuit D=${report.instance.depth} N=${report.instance.batchSize}: ${report.constraints} constraints; ` +
      `median prove ${seconds(median(report.batches.map((b) => b.proveMs)))}; ` +
      `gas ${gas / BigInt(report.batches.length)} per batch, ${transfers === 0 ? '-' : gas / BigInt(transfers)} per transfer; ` +
      `calldata ${perTransfer(calldata, transfers)} B per transfer, of which ${slotBytes} B is its slot`,
    `compile ${seconds(report.compileMs)}, setup ${seconds(report.setupMs)} (artifacts ${report.artifactsDir}` +
      `${report.developmentOnly ? ', DEVELOPMENT-ONLY keys' : ''})`,
    `final root ${report.finalRoot}, state hash ${report.finalStateHash}`,
  ].join('\n');
}

/** The listeners the demo hands to the pipeline. */
export interface DemoProgress extends Pick<EndToEndOptions, 'onStep' | 'onProveProgress'> {
  readonly artifacts: Pick<PrepareArtifactsOptions, 'onCompileProgress' | 'onSetupProgress'>;
}

/**
 * The demo's progress on stderr: one line per step, the compiler's lines, and the setup and
 * proving bars of {@link progressPrinter} (redrawn on a TTY, one line per stage otherwise);
 * every listener is undefined with `--json`.
 */
export function demoProgress(cli: Cli): DemoProgress {
  if (cli.json) return { artifacts: {} };
  return {
    onStep: (line) => cli.note(line),
    onProveProgress: progressPrinter(cli, 'proving ', (p: ProveProgress) => ({ stage: p.stage, fraction: p.fraction, detail: `${Math.round(p.fraction * 100)}%` })),
    artifacts: {
      onCompileProgress: (line) => cli.note(`  circom: ${line}`),
      onSetupProgress: progressPrinter(cli, 'setup ', (p: SetupProgress) => ({ stage: p.stage, fraction: p.total === 0 ? 1 : p.done / p.total, detail: `${p.done}/${p.total}` })),
    },
  };
}

/** Registers `zkr demo`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('demo')
    .description('end to end on an embedded chain: genesis, signed transfers, batches proved (dev keys, cached) and settled on L1')
    .option('--batches <K>', 'number of batches to prove and submit', '3')
    .option('--depth <D>', `account tree depth (default ${DEFAULT_INSTANCE.depth})`)
    .option('--batch-size <N>', `transfers per batch (default ${DEFAULT_INSTANCE.batchSize})`)
    .option('--engine <name>', `proving engine: ${ENGINE_NAMES.join(' or ')}`, 'zkr')
    .action(async (flags: DemoFlags) => {
      const instance = {
        depth: flags.depth === undefined ? DEFAULT_INSTANCE.depth : parseDepth(flags.depth, '--depth'),
        batchSize: flags.batchSize === undefined ? DEFAULT_INSTANCE.batchSize : parseInteger(flags.batchSize, '--batch-size', 1, 256),
      };
      const engine = parseEngine(flags.engine);
      const batches = parseInteger(flags.batches, '--batches', 1, 100);
      cli.note('zkr demo: DEVELOPMENT-ONLY keys on an in-process chain; nothing leaves this machine');
      const report = await runEndToEnd({ instance, batches, engine, ...demoProgress(cli) });
      cli.result(report, demoSummary(report));
    });
}
