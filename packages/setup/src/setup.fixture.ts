/**
 * Test fixture (a child process, run by `spawnTs` with `killBeforeRename` to crash it midway): a
 * dev setup of `<r1cs> <wasm>` into `<outDir>`.
 */
import { setupArtifacts } from '@zkr/setup';

const [r1csPath, wasmPath, outDir] = process.argv.slice(2) as [string, string, string];
void setupArtifacts({ r1csPath, wasmPath, circuit: { name: 'toy' }, outDir, mode: { kind: 'dev', threads: 1 } });
