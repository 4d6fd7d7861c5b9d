/**
 * `zkr bench`: run a benchmark profile (builder, constraints, setup, zkr vs snarkjs proving, gas)
 * and write `bench/results/<timestamp>.json`, `latest.md` and SVG charts. Progress lines go to
 * stderr unless `--json`.
 */
import type { Command } from 'commander';
import { PROFILE_NAMES, runBench } from '@zkr/bench';
import type { Cli } from '../cli';

/** Registers `zkr bench`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('bench')
    .description('benchmark zkr against snarkjs and write bench/results (tables, charts, raw samples)')
    .option('--profile <name>', `what to measure: ${PROFILE_NAMES.join(', ')} (quick takes ~10 min, full hours)`, 'quick')
    .option('--out <dir>', 'results directory', 'bench/results')
    .action(async (flags: { profile: string; out: string }) => {
      const { report, written } = await runBench({
        profile: flags.profile,
        outDir: flags.out,
        command: `zkr bench --profile ${flags.profile}${flags.out === 'bench/results' ? '' : ` --out ${flags.out}`}`,
        onProgress: cli.json ? undefined : (line) => cli.note(line),
      });
      cli.result(
        { written, report },
        [`results: ${written.markdown} (raw: ${written.json})`, '', ...report.tables.map((t) => `${t.title}: ${t.rows.length} row(s)`)].join('\n'),
      );
    });
}
