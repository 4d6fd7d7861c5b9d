import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isZkrError } from '@zkr/errors';
import { machineInfo } from './machine';
import { PROFILE_NAMES, REFERENCE_PROFILE } from './profiles';
import { reportPaths, writeBenchReport, type BenchReport } from './report';

const report: BenchReport = {
  version: 1,
  profile: 'quick',
  command: 'zkr-bench --profile quick',
  startedAt: '2026-11-25T20:00:00.000Z',
  finishedAt: '2026-11-25T20:01:00.000Z',
  machine: machineInfo(),
  tables: [{ id: 'prove', title: 'Proving', columns: ['instance', 'zkr s'], rows: [['D=8 N=2', '1.20']], notes: ['medians of 3'] }],
  charts: [{ id: 'prove-time', title: 'Prove time', xLabel: 'constraints', yLabel: 's', series: [{ name: 'zkr', points: [[1000, 1]] }] }],
  raw: { prove: { samples: [1.2, 1.1, 1.3] } },
};

describe('writeBenchReport', () => {
  it('writes the raw JSON, the SVG charts and a Markdown view linking both', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zkr-bench-'));
    const written = await writeBenchReport(report, dir);
    expect(path.basename(written.json)).toBe('2026-11-25T20-00-00-000Z.json');
    expect(JSON.parse(await fs.readFile(written.json, 'utf8'))).toEqual(report);
    const md = await fs.readFile(written.markdown, 'utf8');
    expect(md).toContain('| D=8 N=2 | 1.20 |');
    expect(md).toContain('![Prove time](prove-time.svg)');
    expect(md).toContain('(2026-11-25T20-00-00-000Z.json)');
    expect(await fs.readFile(path.join(dir, 'prove-time.svg'), 'utf8')).toContain('<svg');
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives the committed names (latest.md, <chart>.svg, <timestamp>.json) to the reference profile only', () => {
    expect(REFERENCE_PROFILE).toBe('quick');
    expect(reportPaths(report, 'bench/results')).toEqual({
      json: path.join('bench/results', '2026-11-25T20-00-00-000Z.json'),
      markdown: path.join('bench/results', 'latest.md'),
      charts: [path.join('bench/results', 'prove-time.svg')],
    });
    for (const profile of PROFILE_NAMES.filter((name) => name !== REFERENCE_PROFILE)) {
      const written = reportPaths({ ...report, profile }, 'bench/results');
      expect(written).toEqual({
        json: path.join('bench/results', `${profile}-2026-11-25T20-00-00-000Z.json`),
        markdown: path.join('bench/results', `${profile}-latest.md`),
        charts: [path.join('bench/results', `${profile}-prove-time.svg`)],
      });
    }
  });

  it('writes a smoke run beside the committed results without touching them, its Markdown linking its own files', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zkr-bench-'));
    await fs.writeFile(path.join(dir, 'latest.md'), 'committed');
    await fs.writeFile(path.join(dir, 'prove-time.svg'), 'committed');
    const written = await writeBenchReport({ ...report, profile: 'smoke' }, dir);
    expect(await fs.readFile(path.join(dir, 'latest.md'), 'utf8')).toBe('committed');
    expect(await fs.readFile(path.join(dir, 'prove-time.svg'), 'utf8')).toBe('committed');
    expect((await fs.readdir(dir)).sort()).toEqual(['latest.md', 'prove-time.svg', 'smoke-2026-11-25T20-00-00-000Z.json', 'smoke-latest.md', 'smoke-prove-time.svg']);
    const md = await fs.readFile(written.markdown, 'utf8');
    expect(md).toContain('![Prove time](smoke-prove-time.svg)');
    expect(md).toContain('(smoke-2026-11-25T20-00-00-000Z.json)');
  });

  it('reports an unwritable directory as FILE_UNWRITABLE', async () => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'zkr-bench-')), 'a-file');
    await fs.writeFile(file, 'x');
    const error = await writeBenchReport(report, path.join(file, 'sub')).catch((e: unknown) => e);
    expect(isZkrError(error, 'FILE_UNWRITABLE')).toBe(true);
  });
});

describe('machineInfo', () => {
  it('finds the installed snarkjs and circom2 versions', () => {
    const m = machineInfo();
    expect(m.snarkjs).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.circom).toMatch(/^circom2 \d+\.\d+\.\d+/);
    expect(m.cores).toBeGreaterThan(0);
  });
});
