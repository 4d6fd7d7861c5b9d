/**
 * A process for compile-guard.test.ts to kill: compiles the instance `<depth> <batchSize>` from
 * `<sourcesDir>` into `<cacheDir>` with {@link compileCircuit}, printing progress lines.
 */
import { compileCircuit } from './compile';

const [sourcesDir, cacheDir, depth, batchSize] = process.argv.slice(2);
compileCircuit({ depth: Number(depth), batchSize: Number(batchSize) }, { sourcesDir, cacheDir, onProgress: (line) => process.stdout.write(`${line}\n`) }).catch(
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
