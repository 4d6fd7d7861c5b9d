/** `zkr circuit compile`: compile (or reuse from the cache) the batch circuit of an instance. */
import type { Command } from 'commander';
import { compileCircuit, DEFAULT_INSTANCE, MAX_BATCH_SIZE } from '@zkr/circuits';
import { parseDepth, parseInteger } from '../args';
import type { Cli } from '../cli';

/** Registers `zkr circuit compile [--depth D] [--batch-size N] [--cache-dir DIR]`. */
export function register(program: Command, cli: Cli): void {
  const circuit = program.command('circuit').description('the batch circuit (Circom 2)');
  circuit
    .command('compile')
    .description(`compile the batch circuit for a tree depth and batch size (cached; default D=${DEFAULT_INSTANCE.depth}, N=${DEFAULT_INSTANCE.batchSize})`)
    .option('--depth <D>', 'account tree depth, even, 2..32', String(DEFAULT_INSTANCE.depth))
    .option('--batch-size <N>', `transfer slots per batch, 1..${MAX_BATCH_SIZE}`, String(DEFAULT_INSTANCE.batchSize))
    .option('--cache-dir <dir>', 'compile cache directory (default <cache>/circuits, cache = $ZKR_CACHE_DIR, $XDG_CACHE_HOME/zkr or ~/.cache/zkr)')
    .action(async (options: { depth: string; batchSize: string; cacheDir?: string }) => {
      const instance = { depth: parseDepth(options.depth, '--depth'), batchSize: parseInteger(options.batchSize, '--batch-size', 1, MAX_BATCH_SIZE) };
      const compiled = await compileCircuit(instance, { cacheDir: options.cacheDir, onProgress: (line) => cli.note(line) });
      cli.result(
        compiled,
        [
          `circuit D=${instance.depth} N=${instance.batchSize}: ${compiled.constraints} constraints${compiled.cached ? ' (cached)' : ''}`,
          `r1cs: ${compiled.r1csPath}`,
          `wasm: ${compiled.wasmPath}`,
          `sym:  ${compiled.symPath}`,
        ].join('\n'),
      );
    });
}
