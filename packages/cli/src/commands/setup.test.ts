import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { isZkrError } from '@zkr/errors';
import { Cli } from '../cli';
import { register } from './setup';
import { runZkr, toyCircuit } from '@zkr/test-helpers';

async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const program = new Command('zkr').option('--json').exitOverride();
  const cli = new Cli({ stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, program);
  register(program, cli);
  await program.parseAsync(['node', 'zkr', ...args]);
  return { stdout, stderr };
}

describe('zkr setup', () => {
  let dir: string;
  let fixture: { r1csPath: string; wasmPath: string };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zkr-cli-setup-'));
    fixture = await toyCircuit(20, { outputs: 1 });
  });

  it('--dev writes artifacts with a loud warning; verify and contribute work on the dir', async () => {
    const out = join(dir, 'art');
    const made = await run('setup', '--dev', '--r1cs', fixture.r1csPath, '--wasm', fixture.wasmPath, '--circuit-name', 'chain', '--out', out, '--json');
    expect(made.stderr).toContain('WARNING: DEVELOPMENT-ONLY KEYS');
    const json = JSON.parse(made.stdout) as { dir: string; manifest: { developmentOnly: boolean; circuit: { name: string } } };
    expect(json).toMatchObject({ dir: out, manifest: { developmentOnly: true, circuit: { name: 'chain' } } });

    const verified = await run('setup', 'verify', '--dir', out);
    expect(verified.stdout).toContain(`${out}: OK (dev, DEVELOPMENT ONLY, 0 contribution(s))`);

    const contributed = await run('setup', 'contribute', '--dir', out, '--name', 'bob', '--json');
    expect(JSON.parse(contributed.stdout).contribution.name).toBe('bob');
    expect(contributed.stderr).toContain('does not make a dev key secure');
    // A dev key has no ceremony: --ptau is accepted and ignored for it.
    expect((await run('setup', 'verify', '--dir', out, '--ptau', fixture.r1csPath)).stdout).toContain('1 contribution(s)');
  });

  it.each([
    [['setup', '--dev', '--ptau', 'x.ptau', '--depth', '2', '--batch-size', '1'], 'INVALID_ARGUMENT'],
    [['setup', '--dev', '--depth', '2'], 'INVALID_ARGUMENT'],
    [['setup', '--dev', '--r1cs', 'a.r1cs', '--depth', '2', '--batch-size', '1'], 'INVALID_ARGUMENT'],
    [['setup', 'verify', '--dir', '/nonexistent-zkr-dir'], 'ARTIFACTS_MISSING'],
  ])('%j fails with %s', async (args, code) => {
    const error = await run(...args).catch((e: unknown) => e);
    expect(isZkrError(error) ? error.code : error).toBe(code);
  });

  describe('bad paths give one-line errors before any work', () => {
    const zkr = runZkr;
    const custom = (r1cs: string, wasm: string, out: string) => ['setup', '--dev', '--r1cs', r1cs, '--wasm', wasm, '--circuit-name', 'toy', '--out', out];

    it.each([
      ['--r1cs a directory', 'INPUT_FILE_INVALID', () => custom(dir, fixture.wasmPath, join(dir, 'a1')), /--r1cs .* is a directory/],
      ['--r1cs a missing file', 'INPUT_FILE_INVALID', () => custom(join(dir, 'none.r1cs'), fixture.wasmPath, join(dir, 'a2')), /--r1cs .* does not exist/],
      ['--wasm a directory', 'INPUT_FILE_INVALID', () => custom(fixture.r1csPath, dir, join(dir, 'a3')), /--wasm .* is a directory/],
      ['--out a regular file', 'OUT_DIR_INVALID', () => custom(fixture.r1csPath, fixture.wasmPath, fixture.r1csPath), /--out .* exists and is not a directory/],
      ['--out under a regular file', 'OUT_DIR_INVALID', () => custom(fixture.r1csPath, fixture.wasmPath, join(fixture.r1csPath, 'sub')), /is not a directory/],
      // The batch circuit would be compiled first: the --out check must come before it.
      ['--out a file with --depth/--batch-size', 'OUT_DIR_INVALID', () => ['setup', '--dev', '--depth', '30', '--batch-size', '7', '--out', fixture.r1csPath], /--out/],
    ])('%s: exit 1 with [%s] on one line', async (_what, code, args, message) => {
      const before = await readdir(dir);
      const result = await zkr(...args());
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error \\[${code}\\]: [^\\n]*\\n$`));
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('compiling');
      expect(await readdir(dir)).toEqual(before);
    });

    it('accepts a new nested --out directory', async () => {
      const nested = join(dir, 'new', 'nested');
      const result = await zkr(...custom(fixture.r1csPath, fixture.wasmPath, nested), '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ dir: nested });
    });
  });
});
