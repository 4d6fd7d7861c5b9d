/** Progress of long work on stderr: a redrawn bar on a TTY, one line per stage otherwise, nothing with `--json`. */
import type { Cli } from './cli';

/** One progress report: the stage, how far it is (0..1) and the text shown after the bar. */
export interface ProgressStep {
  readonly stage: string;
  readonly fraction: number;
  readonly detail: string;
}

/**
 * A progress listener for `cli`, or undefined with `--json`. `label` prefixes the bar and the
 * stage lines; `toStep` maps the library's progress report to a {@link ProgressStep}.
 */
export function progressPrinter<T>(cli: Cli, label: string, toStep: (progress: T) => ProgressStep): ((progress: T) => void) | undefined {
  if (cli.json) return undefined;
  const tty = process.stderr.isTTY === true;
  const width = 30;
  let stage = '';
  return (progress) => {
    const step = toStep(progress);
    if (tty) {
      const filled = Math.round(Math.min(1, Math.max(0, step.fraction)) * width);
      cli.io.stderr(`\r${label}${step.stage.padEnd(18 - label.length)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${step.detail}\x1b[K`);
      if (step.fraction >= 1) cli.io.stderr('\n');
    } else if (step.stage !== stage) {
      cli.note(`${label}${step.stage}...`);
    }
    stage = step.stage;
  };
}
