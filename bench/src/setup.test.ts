import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isZkrError } from '@zkr/errors';
import { benchSetup, chainConstraints, setupTables, writeChainR1cs } from './setup';

const run = promisify(execFile);

describe('setup bench', () => {
  it('writes a chain r1cs that snarkjs reads with the intended counts and domain', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zkr-bench-r1cs-'));
    const path = join(dir, 'c.r1cs');
    await writeChainR1cs(path, chainConstraints(7));
    const { stdout } = await run('npx', ['snarkjs', 'r1cs', 'info', path], { cwd: join(__dirname, '..', '..') });
    expect(stdout).toMatch(/# of Constraints: 125\b/);
    expect(stdout).toMatch(/# of Wires: 128\b/);
    expect(stdout).toMatch(/# of Public Inputs: 1\b/);
    expect(stdout).toMatch(/# of Outputs: 1\b/);
  });

  it('times both routes side by side and reports the ratio', async () => {
    const result = await benchSetup({ devPowers: [6], comparePower: 6, threads: 2 });
    expect(result.dev.map((d) => [d.power, d.constraints])).toEqual([[6, 61]]);
    expect(result.snarkjs).toMatchObject({ power: 6, constraints: 61 });
    expect(result.snarkjs.totalSeconds).toBeCloseTo(result.snarkjs.ptauSeconds + result.snarkjs.preparePhase2Seconds + result.snarkjs.zkeySeconds, 9);
    expect(result.speedup).toBeCloseTo(result.snarkjs.totalSeconds / result.devAtComparison.seconds, 9);
    const tables = setupTables(result);
    expect(tables.map((t) => t.id)).toEqual(['setup-compare', 'setup-dev']);
    expect(tables[1].rows).toEqual([['2^6', '61', result.dev[0].seconds.toFixed(1)]]);
  });

  it('refuses a comparison size the snarkjs route cannot finish', async () => {
    const error = await benchSetup({ devPowers: [6], comparePower: 16 }).catch((e: unknown) => e);
    expect(isZkrError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});
