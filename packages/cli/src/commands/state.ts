/** `zkr state ...`: inspect a state file. */
import type { Command } from 'commander';
import { readStateFile } from '@zkr/state';
import type { Cli } from '../cli';

/** Registers `zkr state root --state FILE`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('state').description('inspect a rollup state file');
  group
    .command('root')
    .description('print the state root (the file is validated and its root recomputed)')
    .requiredOption('--state <file>', 'state file')
    .action(async (options: { state: string }) => {
      const state = await readStateFile(await cli.crypto(), options.state);
      cli.result({ root: state.root, depth: state.depth, domain: state.domain, accounts: state.size }, state.root.toString());
    });
}
