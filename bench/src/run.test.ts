/** Keeps the harness working: the smoke profile end to end into a temp dir (asserts shape, never time). */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isZkrError } from '@zkr/errors';
import { benchProfile, PROFILE_NAMES } from './profiles';
import { runBench } from './run';

describe('runBench', () => {
  it('runs the smoke profile and writes JSON and Markdown', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zkr-bench-run-'));
    const lines: string[] = [];
    const { report, written } = await runBench({ profile: 'smoke', outDir: dir, onProgress: (l) => lines.push(l) });
    expect(report.profile).toBe('smoke');
    expect(report.tables.map((t) => t.id)).toEqual(['builder', 'constraints']);
    expect(lines[0]).toMatch(/^bench profile smoke: expect/);
    const md = await fs.readFile(written.markdown, 'utf8');
    expect(md).toContain('### Batch circuit constraints');
    expect(JSON.parse(await fs.readFile(written.json, 'utf8')).raw.constraints[0].constraints).toBeGreaterThan(0);
  });
});

describe('benchProfile', () => {
  it('knows smoke, quick and full, and refuses others with INVALID_ARGUMENT', () => {
    expect(PROFILE_NAMES).toEqual(['smoke', 'quick', 'full']);
    expect(benchProfile('quick').prover.length).toBeGreaterThan(0);
    let error: unknown;
    try {
      benchProfile('fast');
    } catch (e) {
      error = e;
    }
    expect(isZkrError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});
