/**
 * The built `zkr` binary as a user runs it: a real process, exit codes, stdout/stderr separation.
 * Builds the CLI first (incremental `tsc -b`, a no-op when up to date).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    const made = JSON.parse(genesis.stdout) as { root: string; stateHash: string };
    expect(JSON.parse(root.stdout)).toEqual({
      root: made.root, depth: 20, queuePositions: 1, withdrawalPositions: 1, domain: '5', accounts: 3, batchCount: 0, queueCount: 0, queueHash: '0', stateHash: made.stateHash,
    });
  });

  it('refuses a version-2 state file with one UNSUPPORTED_VERSION line (exit 1), and an inexact fee with exit 2', () => {
    const v3 = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'v2.json'), JSON.stringify({ ...v3, version: 2 }));
    const old = zkr('state', 'root', '--state', 'v2.json');
    expect([old.status, old.stdout]).toEqual([1, '']);
    expect(old.stderr).toMatch(/^error \[UNSUPPORTED_VERSION\]: file v2\.json is zkr protocol version 2; [^\n]*`zkr genesis`[^\n]*\n$/);
    const fee = zkr('tx', 'sign', '--key', 'keys.json', '--from', '0', '--state', 'state.json', '--to', '1', '--amount', '5', '--fee', '17', '--out', 'txs.json');
    expect([fee.status, fee.stdout]).toEqual([2, '']);
    expect(fee.stderr).toMatch(/^error \[FEE_NOT_REPRESENTABLE\]: --fee 17 [^\n]*the nearest representable fees are 15 and 20\n$/);
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
