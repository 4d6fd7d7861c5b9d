/**
 * Compiles the Merkle benchmark circuits (bench/merkle/*.circom, which holds the v1 binary-tree templates, and
 * circomlib) with the real circom2 (`--O2 --r1cs --wasm`), cached under `<cacheRoot()>/bench-merkle`
 * by a hash of the main component and every template it can include. An entry is built in a
 * temporary directory and renamed into place, so an interrupted compile never looks cached.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseR1csHeader } from '@zkr/bn254';
import { cacheRoot, CIRCUITS_DIR } from '@zkr/circuits';
import { benchError } from './errors';
import { circomlibModules, commonAncestor } from './circom-measure';

const run = promisify(execFile);

/** bench/merkle: the templates of the measured variants. */
export const MERKLE_TEMPLATES_DIR = resolve(__dirname, '..', 'merkle');

/** The flags every benchmark circuit is compiled with (the batch circuit's, without `--sym`). */
export const MERKLE_CIRCOM_FLAGS: readonly string[] = Object.freeze(['--O2', '--r1cs', '--wasm']);

/** A main component to compile: `component main = <component>;` after `include "<include>";`. */
export interface MerkleMain {
  /** File name stem of the main (letters, digits, `-`, `_`). */
  readonly name: string;
  /** The template file to include (found in bench/merkle, circuits/ or node_modules). */
  readonly include: string;
  /** The main component expression, e.g. `TreeUpdate(2, 12, 0)`. */
  readonly component: string;
}

/** A compiled benchmark circuit. */
export interface CompiledMerkleCircuit {
  readonly main: MerkleMain;
  readonly r1csPath: string;
  readonly wasmPath: string;
  /** R1CS constraints after --O2. */
  readonly constraints: number;
  /** Witness wires, including the constant 1. */
  readonly wires: number;
  /** Whether the artifacts came from the cache. */
  readonly cached: boolean;
}

async function templatesHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of [MERKLE_TEMPLATES_DIR, CIRCUITS_DIR]) {
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.circom')).sort()) {
      hash.update(`${dir}/${name}\0`).update(await readFile(join(dir, name))).update('\0');
    }
  }
  const circomlib = JSON.parse(await readFile(join(circomlibModules(), 'circomlib', 'package.json'), 'utf8')) as { version: string };
  const circom2 = JSON.parse(await readFile(require.resolve('circom2/package.json'), 'utf8')) as { version: string };
  return hash.update(`circomlib ${circomlib.version} circom2 ${circom2.version} ${MERKLE_CIRCOM_FLAGS.join(' ')}`).digest('hex');
}

function mainSource(main: MerkleMain): string {
  return `pragma circom 2.1.0;\n\ninclude "${main.include}";\n\ncomponent main = ${main.component};\n`;
}

async function readCompiled(main: MerkleMain, dir: string, cached: boolean): Promise<CompiledMerkleCircuit> {
  const r1csPath = join(dir, `${main.name}.r1cs`);
  const header = parseR1csHeader(await readFile(r1csPath), r1csPath);
  return { main, r1csPath, wasmPath: join(dir, `${main.name}_js`, `${main.name}.wasm`), constraints: header.nConstraints, wires: header.nWires, cached };
}

/**
 * Compiles `main` with circom2 (or returns the cached build). `cacheDir` defaults to
 * `<cacheRoot()>/bench-merkle`. Throws `INVALID_ARGUMENT` for a bad name and `BENCH_INVALID`
 * when circom fails (its output is in the message).
 */
export async function compileMerkleCircuit(main: MerkleMain, cacheDir = join(cacheRoot(), 'bench-merkle')): Promise<CompiledMerkleCircuit> {
  if (!/^[A-Za-z0-9_-]+$/.test(main.name)) {
    throw benchError('INVALID_ARGUMENT', `circuit name must be letters, digits, '-' or '_', got ${JSON.stringify(main.name)}`, { details: { field: 'name', value: main.name } });
  }
  const source = mainSource(main);
  const key = createHash('sha256').update(source).update(await templatesHash()).digest('hex').slice(0, 16);
  const dir = join(resolve(cacheDir), `${main.name}-${key}`);
  try {
    return await readCompiled(main, dir, true);
  } catch {
    // Not cached yet (or unreadable): build it below.
  }
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    const mainPath = join(tmp, `${main.name}.circom`);
    await writeFile(mainPath, source);
    const libraries = [circomlibModules(), MERKLE_TEMPLATES_DIR, CIRCUITS_DIR];
    const cwd = commonAncestor([tmp, ...libraries]);
    const args = [relative(cwd, mainPath), ...MERKLE_CIRCOM_FLAGS, ...libraries.flatMap((d) => ['-l', relative(cwd, d) || '.']), '-o', relative(cwd, tmp)];
    try {
      await run(process.execPath, [require.resolve('circom2/cli.js'), ...args], { cwd, maxBuffer: 64 << 20 });
    } catch (cause) {
      const output = String((cause as { stderr?: string; stdout?: string }).stderr ?? '') + String((cause as { stdout?: string }).stdout ?? '');
      throw benchError('BENCH_INVALID', `circom2 failed to compile ${main.component}; fix bench/merkle/${main.include}:\n${output.replace(/\x1b\[[0-9;]*m/g, '').slice(-3000)}`, {
        details: { component: main.component },
        cause,
      });
    }
    const compiled = await readCompiled(main, tmp, false);
    await rename(tmp, dir).catch(async (error: unknown) => {
      // A concurrent compile of the same key won the rename: keep its entry.
      await readCompiled(main, dir, true).catch(() => {
        throw error;
      });
    });
    return { ...compiled, r1csPath: join(dir, `${main.name}.r1cs`), wasmPath: join(dir, `${main.name}_js`, `${main.name}.wasm`) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
