/**
 * The `zkr` command line: builds the commander program, registers the command groups and turns
 * every failure into one line `error [CODE]: message` on stderr and a non-zero exit code.
 *
 * Adding a command group: create `src/commands/<group>.ts` exporting
 * `register(program: Command, cli: Cli): void` (add subcommands to `program`, print results with
 * `cli.result(value, text)`, throw `ZkrError` for anything the user can fix), then add its module to
 * `GROUPS` below — one line. `--json`, `--verbose`, error formatting and exit codes are handled here.
 * Commands hold no protocol logic: they parse flags, call the libraries and print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { isZkrError, type ZkrError } from '@zkr/errors';
import { Cli, type CliIo } from './cli';
import * as batch from './commands/batch';
import * as circuit from './commands/circuit';
import * as demo from './commands/demo';
import * as prove from './commands/prove';
import * as proverWorker from './commands/prover-worker';
import * as setup from './commands/setup';
import * as submit from './commands/submit';
import * as deploy from './commands/deploy';
import * as exodus from './commands/exodus';
import * as genesis from './commands/genesis';
import * as keygen from './commands/keygen';
import * as money from './commands/money';
import * as node from './commands/node';
import * as state from './commands/state';
import * as status from './commands/status';
import * as sync from './commands/sync';
import * as tx from './commands/tx';
import * as witness from './commands/witness';

/** A command group module. */
export interface CommandGroup {
  register(program: Command, cli: Cli): void;
}

/** Every command group, in help order. Add new groups here. */
const GROUPS: readonly CommandGroup[] = [keygen, genesis, tx, state, batch, circuit, witness, setup, prove, deploy, submit, status, sync, money, exodus, node, proverWorker, demo];

/** Exit code of usage errors (unknown command or flag, missing or invalid flag value). */
export const EXIT_USAGE = 2;

/** The version of `@zkr/cli`, read from its package.json (beside both src/ and dist/). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Folds a multi-line message (commander's "Did you mean", quoted file text) into one line. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Codes that, naming a `--flag` in `details.field`, mean its value is malformed: a usage error. */
const FLAG_VALUE_CODES: ReadonlySet<string> = new Set(['INVALID_ARGUMENT', 'INVALID_PRIVATE_KEY', 'AMOUNT_NOT_REPRESENTABLE', 'FEE_NOT_REPRESENTABLE']);

/** True for a `ZkrError` about a flag's value (`INVALID_ARGUMENT` naming a `--flag`): a usage error. */
function isFlagError(error: ZkrError): boolean {
  const field = error.details.field ?? error.details.source;
  return FLAG_VALUE_CODES.has(error.code) && typeof field === 'string' && field.startsWith('--');
}

const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Builds the `zkr` program with every command group registered. */
export function buildProgram(io: CliIo): { program: Command; cli: Cli } {
  const program = new Command('zkr')
    .description('Build, prove and settle ZK-rollup batches.')
    .option('--json', 'machine-readable output on stdout')
    .option('--verbose', 'print full stack traces on errors (also ZKR_DEBUG=1)')
    .version(packageVersion(), '-V, --version', 'print the zkr version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
  const cli = new Cli(io, program);
  for (const group of GROUPS) group.register(program, cli);
  program.commands.forEach(function inherit(command: Command): void {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
    command.commands.forEach(inherit);
  });
  return { program, cli };
}

function describe(error: unknown, verbose: boolean): string {
  if (!verbose) return '';
  const lines: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) lines.push(e.stack ?? String(e));
  return `${lines.join('\ncaused by: ')}\n`;
}

/**
 * Runs `zkr <args>` (user arguments only, e.g. `['--json', 'state', 'root', ...]`) writing to
 * `io`, as a program embedding the CLI would. Rejects with the command's `ZkrError` (or
 * commander's `CommanderError` for usage errors); {@link main} turns those into exit codes.
 */
export async function run(args: readonly string[], io: CliIo): Promise<void> {
  await buildProgram(io).program.parseAsync([...args], { from: 'user' });
}

/**
 * Runs `zkr` with `argv` in `process.argv` form (`[node, script, ...args]`); resolves to the exit
 * code (0 ok, 1 error, 2 usage: commander's errors and a bad flag value: `INVALID_ARGUMENT` or a non-representable amount or fee naming a flag) and also
 * sets `process.exitCode`. Every error is one stderr line (plus stack traces with `--verbose`). Never throws.
 */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const verbose = argv.includes('--verbose') || process.env.ZKR_DEBUG === '1';
  let code = 0;
  try {
    await run(argv.slice(2), io);
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version';
      code = error.exitCode === 0 ? 0 : helpShown ? error.exitCode : EXIT_USAGE;
      if (!helpShown && code !== 0) io.stderr(`error [USAGE]: ${oneLine(error.message.replace(/^error: /, ''))} (see zkr --help)\n`);
    } else if (isZkrError(error)) {
      code = isFlagError(error) ? EXIT_USAGE : 1;
      io.stderr(`error [${error.code}]: ${oneLine(error.message)}\n${describe(error, verbose)}`);
    } else {
      code = 1;
      const message = oneLine(error instanceof Error ? error.message : String(error));
      io.stderr(`error [INTERNAL]: ${message}${verbose ? '' : ' (rerun with --verbose for the stack trace)'}\n${describe(error, verbose)}`);
    }
  }
  process.exitCode = code;
  return code;
}
