/**
 * The built `zkr` binary as a user runs it: a real process, exit codes, stdout/stderr separation.
 * Builds the CLI first (incremental `tsc -b`, a no-op when up to date).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'packages/cli/bin/zkr.js');
const dir = mkdtempSync(path.join(tmpdir(), 'zkr-bin-'));

function zkr(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ZKR_DEBUG: '' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli/tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
});

describe('zkr binary', () => {
  it('creates a genesis and prints its root as JSON on stdout', () => {
    const genesis = zkr('genesis', '--depth', '20', '--generate', '3', '--domain', '5', '--out', 'state.json', '--keys-out', 'keys.json', '--json');
    expect([genesis.status, genesis.stderr]).toEqual([0, '']);
    const root = zkr('--json', 'state', 'root', '--state', 'state.json');
    expect(root.status).toBe(0);
    expect(JSON.parse(root.stdout)).toEqual({ root: JSON.parse(genesis.stdout).root, depth: 20, domain: '5', accounts: 3 });
  });

  it('exits 1 with one error line, and 2 on usage errors', () => {
    const missing = zkr('state', 'root', '--state', 'missing.json');
    expect([missing.status, missing.stdout, missing.stderr]).toEqual([1, '', 'error [FILE_MISSING]: missing.json does not exist; check the path\n']);
    const usage = zkr('batch', 'build', '--state', 'state.json');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^error \[USAGE\]: required option '--txs <file>' not specified/);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  });
});
