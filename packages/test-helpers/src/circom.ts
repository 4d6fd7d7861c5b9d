/**
 * Small circuits compiled with the real circom (circom2, WASI), the snarkjs CLI, and small BN254
 * ptau files made with snarkjs, all cached in the shared fixture cache.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { withSnarkjs } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { cachedDir, REPO_ROOT } from './cache';

const run = promisify(execFile);

/** Paths of a compiled fixture circuit. */
export interface CompiledFixture {
  readonly r1csPath: string;
  readonly wasmPath: string;
}

/** Compiles circom `source` as `name` (cached by content hash; `includeDirs` are extra `-l` paths). */
export async function compileFixture(name: string, source: string, includeDirs: readonly string[] = []): Promise<CompiledFixture> {
  const key = createHash('sha256').update(source).update(JSON.stringify(includeDirs)).digest('hex').slice(0, 16);
  const dir = await cachedDir(`${name}-${key}`, async (tmp) => {
    await writeFile(join(tmp, `${name}.circom`), source);
    const libs = ['node_modules', ...includeDirs.map((d) => relative(REPO_ROOT, d))].flatMap((d) => ['-l', d]);
    await run('npx', ['circom2', relative(REPO_ROOT, join(tmp, `${name}.circom`)), '--r1cs', '--wasm', '--O2', '-o', relative(REPO_ROOT, tmp), ...libs], {
      cwd: REPO_ROOT,
      maxBuffer: 64 << 20,
    });
  });
  return { r1csPath: join(dir, `${name}.r1cs`), wasmPath: join(dir, `${name}_js`, `${name}.wasm`) };
}

/** Runs the snarkjs CLI (`npx snarkjs ...`) from the repository root and returns stdout. */
export async function snarkjsCli(args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['snarkjs', ...args], { cwd: REPO_ROOT, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * A small BN254 ptau prepared for phase 2 (new accumulator, one contribution, prepare phase2),
 * made with snarkjs and cached. Keep `power` <= 11: snarkjs's prepare phase2 is slow in JS.
 */
export async function tinyPtau(power: number): Promise<string> {
  const dir = await cachedDir(`ptau-${power}`, (tmp) =>
    withSnarkjs(async (snarkjs, curve) => {
      await snarkjs.powersOfTau.newAccumulator(curve, power, join(tmp, 'p0.ptau'));
      await snarkjs.powersOfTau.contribute(join(tmp, 'p0.ptau'), join(tmp, 'p1.ptau'), 'zkr fixture', 'zkr fixture entropy');
      await snarkjs.powersOfTau.preparePhase2(join(tmp, 'p1.ptau'), join(tmp, 'final.ptau'));
    }),
  );
  return join(dir, 'final.ptau');
}

/** The ZkrError code `p` rejects with (or a description of what else happened). */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => 'resolved',
    (err: unknown) => err,
  );
  if (e === 'resolved') return 'resolved without error';
  return isZkrError(e) ? e.code : `not a ZkrError: ${String(e)}`;
}
