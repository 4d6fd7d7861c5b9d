/** `zkr witness`: compute the circuit witness (`.wtns`) of a batch file. */
import { writeFileAtomic } from '@zkr/files';
import type { Command } from 'commander';
import { batchToCircuitInput, compileCircuit, WitnessGenerator } from '@zkr/circuits';
import { readBatchFile } from '@zkr/state';
import type { Cli } from '../cli';
import { assertWritableOutputs } from '../outputs';

/** Registers `zkr witness --batch FILE --out FILE [--cache-dir DIR]`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('witness')
    .description("compute the batch circuit's witness (snarkjs .wtns) for a batch file; compiles the circuit of the batch's depth and size if needed")
    .requiredOption('--batch <file>', 'batch file (kind "batch", from `zkr batch build`)')
    .requiredOption('--out <file>', 'where to write the .wtns file')
    .option('--cache-dir <dir>', 'compile cache directory (default <cache>/circuits, cache = $ZKR_CACHE_DIR, $XDG_CACHE_HOME/zkr or ~/.cache/zkr)')
    .action(async (options: { batch: string; out: string; cacheDir?: string }) => {
      // Before compiling or computing anything: a witness with nowhere to go is wasted work.
      assertWritableOutputs([[options.out, '--out']]);
      const batch = await readBatchFile(await cli.crypto(), options.batch);
      const instance = { depth: batch.depth, batchSize: batch.batchSize };
      const compiled = await compileCircuit(instance, { cacheDir: options.cacheDir, onProgress: (line) => cli.note(line) });
      const generator = await WitnessGenerator.create(compiled.wasmPath);
      const wtns = await generator.compute(batchToCircuitInput(batch, instance));
      await writeFileAtomic(options.out, wtns, '--out');
      cli.result(
        { out: options.out, r1csPath: compiled.r1csPath, witnessSize: generator.witnessSize, publicInputs: [batch.newStateHash, batch.dataHash] },
        `wrote ${options.out} (${generator.witnessSize} values)\ncheck it: npx snarkjs wtns check ${compiled.r1csPath} ${options.out}`,
      );
    });
}
