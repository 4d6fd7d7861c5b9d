/**
 * `zkr demo`: the whole rollup on embedded defaults, no flags and no network — genesis with test
 * accounts, signed transfers (two invalid on purpose), the default batch circuit compiled and set
 * up with DEVELOPMENT-ONLY keys (cached: a second run reuses them), an in-process Hardhat chain with
 * Poseidon hashers, verifier and an ETH Rollup deployed, an L1 user depositing into a new account,
 * and every batch built from the L1 queue, transfers and withdrawals, proved, submitted and L1
 * checked against the local state. The new account withdraws to the user, who claims on L1. Ends
 * with two tables: the batches (gas and calldata per transfer) and the user's money on L1 (ETH)
 * and L2 (gwei) before and after.
 */
import type { Command } from 'commander';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { runEndToEnd, type EndToEndOptions, type EndToEndReport, type PrepareArtifactsOptions } from '@zkr/operator';
import type { ProveProgress } from '@zkr/prover';
import type { SetupProgress } from '@zkr/setup';
import { ENGINE_NAMES, parseDepth, parseEngine, parseInteger } from '../args';
import type { Cli } from '../cli';
import { progressPrinter } from '../progress';
import { ethOf } from '../rollup';

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

/** Right-aligned columns (the first one left-aligned with `labels`): `header` over `rows`, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[], labels = false): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 && labels ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** The money table: the user's L1 balance and claimable balance in ETH, the new account's L2 balance in gwei, at each moment. */
export function moneySummary(report: EndToEndReport): string[] {
  const m = report.money;
  const rows = m.snapshots.map((s) => [s.when, ethOf(s.l1), ethOf(s.claimable), s.l2 === null ? '-' : s.l2.toString()]);
  const gwei = m.unit === 10n ** 9n;
  const l2 = (amount: bigint): string => (gwei ? `${amount} gwei` : `${amount} L2 units`);
  return [
    `money in and out: L1 user ${m.user}, L2 account ${m.deposit.index} (${gwei ? '1 L2 unit = 1 gwei = 10^9 wei' : `1 L2 unit = ${m.unit} wei`})`,
    ...table(['', 'user L1 balance (ETH)', 'user claimable on Rollup (ETH)', `account ${m.deposit.index} on L2 (${gwei ? 'gwei' : 'L2 units'})`], rows, true),
    `deposit ${l2(m.deposit.amount)} (${ethOf(m.deposit.amount * m.unit)} ETH) on L1 -> new account ${m.deposit.index} (queue #${m.deposit.position}, applied by batch 1); ` +
      `withdrawal ${l2(m.withdrawal.amount)} + fee ${l2(m.withdrawal.fee)} (batch 2); claimed ${ethOf(m.claimed)} ETH on L1; the user paid ${ethOf(m.gasPaid)} ETH of L1 gas`,
  ];
}

/** The human summary: one row per batch (queue operations, transfers, withdrawals; gas and calldata bytes per transfer), totals, then the money table. */
export function demoSummary(report: EndToEndReport): string {
  const rows = report.batches.map((b) => [
    String(b.batchNumber), String(b.queue.length), String(b.transfers), String(b.rejected.length), String(b.withdrawals), seconds(b.witnessMs), seconds(b.proveMs),
    b.gasUsed.toString(), b.transfers === 0 ? '-' : (b.gasUsed / BigInt(b.transfers)).toString(),
    String(b.calldataBytes), perTransfer(b.calldataBytes, b.transfers),
  ]);
  const header = ['batch', 'queue ops', 'transfers', 'rejected', 'withdrawals', 'witness', 'prove', 'gas', 'gas/transfer', 'calldata B', 'B/transfer'];
  const transfers = report.batches.reduce((s, b) => s + b.transfers, 0);
  const gas = report.batches.reduce((s, b) => s + b.gasUsed, 0n);
  const calldata = report.batches.reduce((s, b) => s + b.calldataBytes, 0);
  return [
    '',
    ...table(header, rows),
    '',
    `${report.batches.length} batches, ${transfers} transfers settled on L1 (Rollup ${report.rollup}); after every batch L1's state hash, batch count, consumed queue count and claimable balances = the local state's`,
    `circuit D=${report.instance.depth} N=${report.instance.batchSize} Q=${report.instance.queuePositions} W=${report.instance.withdrawalPositions}: ${report.constraints} constraints; ` +
      `median prove ${seconds(median(report.batches.map((b) => b.proveMs)))} (${report.engine} engine); ` +
      `gas ${gas / BigInt(report.batches.length)} per batch, ${transfers === 0 ? '-' : gas / BigInt(transfers)} per transfer; ` +
      `calldata ${perTransfer(calldata, transfers)} B per transfer (txData ${report.batches[0].txDataBytes} B per batch)`,
    `compile ${seconds(report.compileMs)}, setup ${seconds(report.setupMs)} (artifacts ${report.artifactsDir}` +
      `${report.developmentOnly ? ', DEVELOPMENT-ONLY keys' : ''})`,
    `final root ${report.finalRoot}, state hash ${report.finalStateHash}`,
    '',
    ...moneySummary(report),
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
    .description('end to end on an embedded chain: genesis, a deposit on L1, signed transfers, a withdrawal, batches proved (dev keys, cached) and settled on L1, the withdrawal claimed; L1 and L2 balances before and after')
    .option('--batches <K>', 'number of batches to prove and submit, 2..100 (the deposit lands in batch 1, the withdrawal in batch 2)', '2')
    .option('--depth <D>', `account tree depth (default ${DEFAULT_INSTANCE.depth})`)
    .option('--batch-size <N>', `transfers per batch (default ${DEFAULT_INSTANCE.batchSize})`)
    .option('--engine <name>', `proving engine: ${ENGINE_NAMES.join(' or ')} (native falls back to zkr, with one line, when its addon cannot load)`, 'native')
    .action(async (flags: DemoFlags) => {
      const instance = {
        ...DEFAULT_INSTANCE,
        depth: flags.depth === undefined ? DEFAULT_INSTANCE.depth : parseDepth(flags.depth, '--depth'),
        batchSize: flags.batchSize === undefined ? DEFAULT_INSTANCE.batchSize : parseInteger(flags.batchSize, '--batch-size', 1, 256),
      };
      const engine = parseEngine(flags.engine);
      const batches = parseInteger(flags.batches, '--batches', 2, 100);
      cli.note('zkr demo: DEVELOPMENT-ONLY keys on an in-process chain; nothing leaves this machine');
      const report = await runEndToEnd({ instance, batches, engine, ...demoProgress(cli) });
      cli.result(report, demoSummary(report));
    });
}
