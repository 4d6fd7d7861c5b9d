/**
 * The `zkr-bench` command (`npm run bench`): runs a benchmark profile and writes
 * `<out>/<timestamp>.json`, `latest.md` and SVG charts (prefixed `<profile>-` unless the profile is
 * the reference one, whose results are committed). Progress goes to stderr unless `--json`.
 * Errors print one line `error [CODE]: message` and exit 1 (2 for usage errors).
 */
import { parseArgs } from 'node:util';
import { isZkrError } from '@zkr/errors';
import { PROFILE_NAMES, REFERENCE_PROFILE } from './profiles';
import { runBench } from './run';

const DEFAULT_OUT = 'bench/results';

const USAGE = [
  'usage: zkr-bench [--profile <name>] [--out <dir>] [--json]',
  '',
  'Benchmark zkr against snarkjs and write the results (tables, charts, raw samples).',
  `  --profile <name>  what to measure: ${PROFILE_NAMES.join(', ')} (quick takes ~10 min, full hours); default quick`,
  `  --out <dir>       results directory; default ${DEFAULT_OUT} (only --profile ${REFERENCE_PROFILE} writes latest.md,`,
  '                    its charts and <timestamp>.json; other profiles write <profile>-latest.md etc.)',
  '  --json            one JSON document on stdout (bigints as decimal strings), no progress',
  '',
].join('\n');

/** Where `zkr-bench` writes. */
export interface BenchIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: BenchIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/** Runs `zkr-bench` with `argv` in `process.argv` form; resolves to the exit code (0, 1 error, 2 usage). Never throws. */
export async function main(argv: readonly string[], io: BenchIo = PROCESS_IO): Promise<number> {
  let flags: { profile: string; out: string; json: boolean; help: boolean };
  try {
    const { values } = parseArgs({
      args: argv.slice(2),
      options: {
        profile: { type: 'string', default: 'quick' },
        out: { type: 'string', default: DEFAULT_OUT },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    flags = { profile: values.profile ?? 'quick', out: values.out ?? DEFAULT_OUT, json: values.json === true, help: values.help === true };
  } catch (error) {
    io.stderr(`error [INVALID_ARGUMENT]: ${(error as Error).message}\n${USAGE}`);
    return (process.exitCode = 2);
  }
  if (flags.help) {
    io.stdout(USAGE);
    return (process.exitCode = 0);
  }
  try {
    const { report, written } = await runBench({
      profile: flags.profile,
      outDir: flags.out,
      command: `zkr-bench --profile ${flags.profile}${flags.out === DEFAULT_OUT ? '' : ` --out ${flags.out}`}`,
      onProgress: flags.json ? undefined : (line) => io.stderr(`${line}\n`),
    });
    io.stdout(
      flags.json
        ? `${toJson({ written, report })}\n`
        : `${[`results: ${written.markdown} (raw: ${written.json})`, '', ...report.tables.map((t) => `${t.title}: ${t.rows.length} row(s)`)].join('\n')}\n`,
    );
    return (process.exitCode = 0);
  } catch (error) {
    const code = isZkrError(error) ? error.code : 'INTERNAL';
    io.stderr(`error [${code}]: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.ZKR_DEBUG === '1' && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return (process.exitCode = 1);
  }
}
