/**
 * A "free" witness generator for the soundness tests: the batch circuit recompiled with every
 * `===` statement (ours and circomlib's) removed, so witness calculation never asserts. It
 * computes every signal the honest way from any input, as a malicious prover's generator would;
 * its witness is then checked against the REAL circuit's R1CS, which must reject it.
 * Signals are matched to the real circuit's wires by name (the variant is compiled with --O0,
 * so every signal keeps its own wire).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { cacheRoot, CIRCUITS_DIR, instanceName, mainComponentSource, type CircuitInstance } from '@zkr/circuits';

const CIRCOMLIB = join(dirname(require.resolve('circomlib/package.json')), 'circuits');

/** Comments out every `... === ...;` statement line (all of them are single-line). */
export function removeAsserts(source: string): string {
  return source
    .split('\n')
    .map((line) => (/===.*;\s*$/.test(line) && !line.trim().startsWith('//') ? `// free: ${line}` : line))
    .join('\n');
}

async function circomFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await circomFiles(path)));
    else if (entry.name.endsWith('.circom')) out.push(path);
  }
  return out.sort();
}

/** Runs circom2 in `cwd`; being WASI, it sees only `cwd` and its parents. */
function run(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('circom2/cli.js'), ...args], { cwd });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`circom failed (${code}):\n${output.slice(-3000)}`))));
  });
}

/** Compiles (or reuses) the assert-free variant of `instance`; returns its wasm and sym paths. */
export async function compileFreeVariant(instance: CircuitInstance): Promise<{ wasmPath: string; symPath: string }> {
  const sources = [...(await circomFiles(CIRCUITS_DIR)), ...(await circomFiles(CIRCOMLIB))];
  const hash = createHash('sha256').update(JSON.stringify(instance)).update('free-v1');
  const texts = new Map<string, string>();
  for (const file of sources) {
    const text = removeAsserts(await readFile(file, 'utf8'));
    texts.set(file, text);
    hash.update(file).update(text);
  }
  const dir = join(cacheRoot(), 'soundness', `free-${instanceName(instance)}-${hash.digest('hex').slice(0, 16)}`);
  const result = { wasmPath: join(dir, 'main_js', 'main.wasm'), symPath: join(dir, 'main.sym') };
  try {
    await access(join(dir, 'complete'));
    return result;
  } catch {
    // not built yet (or interrupted): build below
  }
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    for (const [file, text] of texts) {
      const target = file.startsWith(CIRCUITS_DIR) ? join(tmp, 'circuits', relative(CIRCUITS_DIR, file)) : join(tmp, 'lib', 'circomlib', 'circuits', relative(CIRCOMLIB, file));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    await writeFile(join(tmp, 'main.circom'), mainComponentSource(instance));
    await run([join(tmp, 'main.circom'), '--O0', '--wasm', '--sym', '-l', join(tmp, 'lib'), '-l', join(tmp, 'circuits'), '-o', tmp], tmp);
    await writeFile(join(tmp, 'complete'), 'ok\n');
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir).catch(async (error) => {
      await access(join(dir, 'complete')).catch(() => {
        throw error;
      });
    });
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
