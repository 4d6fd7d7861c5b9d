import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { compileCircuit, DEFAULT_INSTANCE } from '@zkr/circuits';
import { writeBatchFile } from '@zkr/state';
import { Cli } from '../cli';
import * as circuit from './circuit';
import * as witness from './witness';
// Test-only fixtures of @zkr/circuits (deterministic keys, honest batches from the real builder).
import { genesis, honestBatch } from '@zkr/test-helpers';

/** The stderr of the latest `run` (also when it rejected). */
let lastStderr = '';

async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  lastStderr = '';
  const program = new Command('zkr').option('--json').exitOverride();
  const cli = new Cli({ stdout: (t) => void (stdout += t), stderr: (t) => {
    stderr += t;
    lastStderr += t;
  } }, program);
  circuit.register(program, cli);
  witness.register(program, cli);
  program.commands.forEach(function quiet(c: Command): void {
    c.exitOverride().configureOutput({ writeErr: () => undefined });
    c.commands.forEach(quiet);
  });
  await program.parseAsync(['node', 'zkr', ...args]);
  return { stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkr-cli-circuit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('zkr circuit compile / zkr witness', () => {
  it('compiles the default instance and writes a witness that snarkjs wtns check accepts', async () => {
    const compiled = JSON.parse((await run('circuit', 'compile', '--json')).stdout) as { r1csPath: string; constraints: number; instance: object };
    expect(compiled.instance).toEqual(DEFAULT_INSTANCE);
    // The count @zkr/circuits pins for the default instance (its compile test), as the CLI reports it.
    expect(compiled.constraints).toBe((await compileCircuit(DEFAULT_INSTANCE)).constraints);
    expect(compiled.constraints).toBeLessThan(2 ** 17);

    const fixture = await genesis(DEFAULT_INSTANCE.depth, [{ index: 0, balance: 1n }, { index: 4, balance: 300n }, { index: 9, balance: 0n }]);
    const batchFile = join(dir, 'batch.json');
    await writeBatchFile(batchFile, honestBatch(fixture, [{ from: 4, to: 9, amount: 120n, fee: 4n }], DEFAULT_INSTANCE.batchSize, 0));
    const out = join(dir, 'w.wtns');
    const made = JSON.parse((await run('witness', '--batch', batchFile, '--out', out, '--json')).stdout) as { out: string; r1csPath: string };
    expect(made.out).toBe(out);
    const { stdout } = await promisify(execFile)('npx', ['snarkjs', 'wtns', 'check', made.r1csPath, out], { maxBuffer: 1 << 24 });
    expect(stdout).toContain('WITNESS IS CORRECT');
  });

  it('--cache-dir on a regular file (or under one): FILE_UNWRITABLE from @zkr/circuits, not a raw ENOTDIR/EEXIST', async () => {
    const plain = join(dir, 'plain-file');
    await writeFile(plain, 'not a directory');
    for (const cacheDir of [plain, join(plain, 'sub')]) {
      await expect(run('circuit', 'compile', '--cache-dir', cacheDir)).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', details: { path: cacheDir } });
    }
    const batchFile = join(dir, 'batch-cache.json');
    const fixture = await genesis(DEFAULT_INSTANCE.depth, [{ index: 0, balance: 10n }, { index: 1, balance: 0n }]);
    await writeBatchFile(batchFile, honestBatch(fixture, [{ from: 0, to: 1, amount: 1n, fee: 0n }], DEFAULT_INSTANCE.batchSize, 0));
    await expect(run('witness', '--batch', batchFile, '--out', join(dir, 'c.wtns'), '--cache-dir', plain)).rejects.toMatchObject({ code: 'FILE_UNWRITABLE', details: { path: plain } });
  });

  it('witness --out into a missing directory or onto a directory fails with FILE_UNWRITABLE before any compile', async () => {
    const batchFile = join(dir, 'batch-out.json');
    const fixture = await genesis(DEFAULT_INSTANCE.depth, [{ index: 0, balance: 10n }, { index: 1, balance: 0n }]);
    await writeBatchFile(batchFile, honestBatch(fixture, [{ from: 0, to: 1, amount: 1n, fee: 0n }], DEFAULT_INSTANCE.batchSize, 0));
    await mkdir(join(dir, 'out-dir'));
    for (const out of [join(dir, 'missing', 'w.wtns'), join(dir, 'out-dir')]) {
      const error = await run('witness', '--batch', batchFile, '--out', out).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'FILE_UNWRITABLE', details: { field: '--out', path: out } });
      expect((error as Error).message).not.toMatch(/\n/);
      expect(lastStderr).toBe('');
    }
  });

  it('rejects an out-of-range or odd --depth with INVALID_ARGUMENT naming the flag', async () => {
    await expect(run('circuit', 'compile', '--depth', '33')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: '--depth' } });
    await expect(run('circuit', 'compile', '--depth', '9')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: '--depth' } });
  });
});
