/**
 * Every publishable package works installed from its tarball into a project outside the
 * repository, with npm's default layout and with `--install-strategy=linked`: the embed program
 * (test/package/embed/embed.ts, public APIs only) is type-checked with tsc (`strict`, `nodenext`)
 * and run as CommonJS and as ESM, compiling the circuit from the installed @zkr/circuits into a
 * cache inside the project. Needs `npm run build` first (`npm run test:package` does both).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { childEnv, exec, packAll, publishableWorkspaces, REPO_ROOT, runProgram, tarballFiles, writeProject } from './project';

const EMBED = join(__dirname, 'embed', 'embed.ts');
/** Registry packages the project needs besides the tarballs (hardhat comes with @zkr/l1). */
const TOOLCHAIN = ['typescript', '@types/node'];

const TSCONFIG = {
  compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', types: ['node'], skipLibCheck: true },
  include: ['cjs/*.ts', 'esm/*.ts'],
};

interface EmbedOutput {
  readonly cacheRoot: string;
  readonly circuitDir: string;
  readonly artifactsDir: string;
  readonly constraints: number;
  readonly batchNumber: string;
  readonly root: string;
  readonly stateHash: string;
  readonly claimed: string;
}

let work: string;
let tarballs: Map<string, string>;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'packages', 'circuits', 'dist', 'index.mjs'))) throw new Error('build the packages first: npm run build');
  work = await mkdtemp(join(tmpdir(), 'zkr-package-'));
  tarballs = await packAll(join(work, 'tarballs'));
});

afterAll(async () => {
  // ZKR_KEEP_PACKAGE_TEST=1 keeps the projects for a look after a failure.
  if (work !== undefined && process.env.ZKR_KEEP_PACKAGE_TEST !== '1') await rm(work, { recursive: true, force: true });
});

describe('tarballs', () => {
  it('packs every publishable workspace, bench and test helpers stay private', () => {
    const names = publishableWorkspaces().map((w) => w.name);
    expect([...tarballs.keys()].sort()).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['@zkr/errors', '@zkr/circuits', '@zkr/l1', '@zkr/cli', '@zkr/contracts']));
    expect(names).not.toContain('@zkr/bench');
    expect(names).not.toContain('@zkr/test-helpers');
  });

  it('ships the circuit sources, both entry points and a license', async () => {
    const files = await tarballFiles('@zkr/circuits');
    expect(files).toEqual(expect.arrayContaining(['circuits/batch.circom', 'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts', 'LICENSE']));
  });
});

describe.each([
  ['default layout', []],
  ['linked layout', ['--install-strategy=linked']],
])('installed with the %s', (layout, installFlags) => {
  let project: string;
  let cache: string;

  beforeAll(async () => {
    project = join(work, layout.replace(/\W+/g, '-'));
    cache = join(project, '.cache', 'zkr');
    await writeProject(project, tarballs, TOOLCHAIN);
    await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', ...installFlags], project);
    for (const [dir, type] of [['cjs', 'commonjs'], ['esm', 'module']] as const) {
      await mkdir(join(project, dir));
      await writeFile(join(project, dir, 'package.json'), `${JSON.stringify({ type })}\n`);
      await copyFile(EMBED, join(project, dir, 'embed.ts'));
    }
    await writeFile(join(project, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  });

  it('does not pull @zkr/bench in with the CLI', () => {
    expect(existsSync(join(project, 'node_modules', '@zkr', 'bench'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', '.bin', 'zkr'))).toBe(true);
  });

  it('type-checks the embed program (strict, nodenext) as CommonJS and as ESM', async () => {
    await exec(join(project, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], project);
    expect(existsSync(join(project, 'cjs', 'embed.js'))).toBe(true);
    expect(existsSync(join(project, 'esm', 'embed.js'))).toBe(true);
  });

  it.each(['cjs', 'esm'])('runs the embed program as %s: compile, setup, deploy, deposit, prove, verify, submit, L1 state hash, claim', async (format) => {
    const out = (await runProgram(join(format, 'embed.js'), project, childEnv({ ZKR_CACHE_DIR: cache }))) as EmbedOutput;
    expect(out.cacheRoot).toBe(cache);
    for (const dir of [out.circuitDir, out.artifactsDir]) expect(relative(cache, dir).startsWith('..')).toBe(false);
    expect(out.batchNumber).toBe('1');
    // 120 L2 units withdrawn at the default ETH unit of 10^9 wei.
    expect(out.claimed).toBe('120000000000');
    expect(existsSync(join(project, 'node_modules', '.zkr'))).toBe(false);
  });
});
