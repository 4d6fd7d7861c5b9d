/** `zkr witness`: compute the circuit witness (`.wtns`) of a batch file. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { batchToCircuitInput, compileCircuit, WitnessGenerator } from '@zkr/circuits';
import { readBatchFile } from '@zkr/state';
import type { Cli } from '../cli';

/** Registers `zkr witness --batch FILE --out FILE [--cache-dir DIR]`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('witness')
    .description("compute the batch circuit's witness (snarkjs .wtns) for a batch file; compiles the circuit of the batch's depth and size if needed")
    .requiredOption('--batch <file>', 'batch file (kind "batch", from `zkr batch build`)')
    .requiredOption('--out <file>', 'where to write the .wtns file')
    .option('--cache-dir <dir>', 'compile cache directory (default <cache>/circuits, cache = $ZKR_CACHE_DIR, $XDG_CACHE_HOME/zkr or ~/.cache/zkr)')
    .action(async (options: { batch: string; out: string; cacheDir?: string }) => {
      const batch = await readBatchFile(options.batch);
      const instance = { depth: batch.depth, batchSize: batch.batchSize };
      const compiled = await compileCircuit(instance, { cacheDir: options.cacheDir, onProgress: (line) => cli.note(line) });
      const generator = await WitnessGenerator.create(compiled.wasmPath);
      const wtns = await generator.compute(batchToCircuitInput(batch, instance));
      const tmp = `${options.out}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, wtns);
        await rename(tmp, options.out);
      } finally {
        await rm(tmp, { force: true });
      }
      cli.result(
        { out: options.out, r1csPath: compiled.r1csPath, witnessSize: generator.witnessSize, publicInput: batch.publicInput },
        `wrote ${options.out} (${generator.witnessSize} values)\ncheck it: npx snarkjs wtns check ${compiled.r1csPath} ${options.out}`,
      );
    });
}
