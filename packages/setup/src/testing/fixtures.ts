/**
 * Test-only helpers: small circuits compiled with the real circom (circom2, WASI) into a
 * git-ignored cache keyed by the source hash, and snarkjs CLI runs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { isZkrError } from '@zkr/errors';
import { withSnarkjs } from '../snarkjs';

const run = promisify(execFile);

/** The repository root (circom2 only sees the current directory and below). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
/** Git-ignored cache of compiled fixtures and ptau files. */
export const FIXTURE_CACHE = join(REPO_ROOT, '.zkr', 'setup-fixtures');

/** Paths of a compiled fixture circuit. */
export interface CompiledFixture {
  readonly r1csPath: string;
  readonly wasmPath: string;
}

/**
 * A chain of `k` multiplications with one public input `y` and one output:
 * t[i+1] = t[i]^2 + y, out = t[k] * y, so about k + 1 constraints and nPublic = 2.
 */
export function chainCircuit(k: number): string {
  return `pragma circom 2.0.0;
template Chain(k) {
  signal input x;
  signal input y;
  signal output out;
  signal t[k + 1];
  t[0] <== x * x;
  for (var i = 0; i < k; i++) { t[i + 1] <== t[i] * t[i] + y; }
  out <== t[k] * y;
}
component main {public [y]} = Chain(${k});
`;
}

/** Compiles `source` (cached by content hash) and returns the r1cs and wasm paths. */
export async function compileFixture(name: string, source: string): Promise<CompiledFixture> {
  const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(FIXTURE_CACHE, `${name}-${key}`);
  const r1csPath = join(dir, `${name}.r1cs`);
  const wasmPath = join(dir, `${name}_js`, `${name}.wasm`);
  if (existsSync(join(dir, 'done'))) return { r1csPath, wasmPath };
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, `${name}.circom`), source);
  await run(
    'npx',
    ['circom2', relative(REPO_ROOT, join(tmp, `${name}.circom`)), '--r1cs', '--wasm', '--O2', '-o', relative(REPO_ROOT, tmp), '-l', 'node_modules'],
    { cwd: REPO_ROOT, maxBuffer: 64 << 20 },
  );
  await writeFile(join(tmp, 'done'), '');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { r1csPath, wasmPath };
}

/** Runs the snarkjs CLI (`npx snarkjs ...`) from the repository root and returns stdout. */
export async function snarkjsCli(args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['snarkjs', ...args], { cwd: REPO_ROOT, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * A small BN254 ptau prepared for phase 2 (new accumulator, one contribution, prepare phase2),
 * made with snarkjs and cached. Keep `power` <= 10: snarkjs's prepare phase2 is slow in JS.
 */
export async function tinyPtau(power: number): Promise<string> {
  const path = join(FIXTURE_CACHE, `tiny-${power}.ptau`);
  if (existsSync(path)) return path;
  await mkdir(FIXTURE_CACHE, { recursive: true });
  const raw = `${path}.raw-${process.pid}`;
  const contributed = `${path}.contrib-${process.pid}`;
  const prepared = `${path}.tmp-${process.pid}`;
  try {
    await withSnarkjs(async ({ powersOfTau, curves }) => {
      const curve = await curves.getCurveFromName('bn128');
      await powersOfTau.newAccumulator(curve, power, raw);
      await powersOfTau.contribute(raw, contributed, 'fixture', 'fixture entropy');
      await powersOfTau.preparePhase2(contributed, prepared);
    });
    await rename(prepared, path);
    return path;
  } finally {
    await Promise.all([raw, contributed, prepared].map((p) => rm(p, { force: true })));
  }
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
