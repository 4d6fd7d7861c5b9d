import { statSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifactsCacheDir, cacheRoot, CIRCUITS_DIR, compileCacheDir, ensureWritableDirectory } from './paths';

describe('cacheRoot', () => {
  it('takes an explicit directory first, resolved against the working directory', () => {
    expect(cacheRoot('/opt/zkr', { ZKR_CACHE_DIR: '/env/zkr', XDG_CACHE_HOME: '/xdg' })).toBe('/opt/zkr');
    expect(cacheRoot('rel/cache', {})).toBe(resolve('rel/cache'));
  });

  it('then ZKR_CACHE_DIR, then $XDG_CACHE_HOME/zkr, then ~/.cache/zkr', () => {
    expect(cacheRoot(undefined, { ZKR_CACHE_DIR: '/env/zkr', XDG_CACHE_HOME: '/xdg' })).toBe('/env/zkr');
    expect(cacheRoot(undefined, { XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'zkr'));
    expect(cacheRoot(undefined, {})).toBe(join(homedir(), '.cache', 'zkr'));
  });

  it('ignores empty values and a relative XDG_CACHE_HOME (the XDG spec requires an absolute path)', () => {
    expect(cacheRoot('', { ZKR_CACHE_DIR: '', XDG_CACHE_HOME: 'relative' })).toBe(join(homedir(), '.cache', 'zkr'));
  });

  it('uses the process environment by default (test/jest.env.js sets ZKR_CACHE_DIR when unset)', () => {
    expect(process.env.ZKR_CACHE_DIR).toBeTruthy();
    expect(cacheRoot()).toBe(resolve(process.env.ZKR_CACHE_DIR!));
  });
});

describe('cache layout', () => {
  it('puts the compile cache in <root>/circuits and artifacts in <root>/artifacts/<name>', () => {
    expect(compileCacheDir('/c')).toBe(join('/c', 'circuits'));
    expect(artifactsCacheDir('batch-d2-n1', '/c')).toBe(join('/c', 'artifacts', 'batch-d2-n1'));
  });
});

describe('CIRCUITS_DIR', () => {
  it("is the repository's circuits/ in a checkout (the canonical copy, not the shipped one)", () => {
    expect(CIRCUITS_DIR).toBe(resolve(__dirname, '..', '..', '..', 'circuits'));
  });
});

describe('ensureWritableDirectory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zkr-paths-'));
    await writeFile(join(dir, 'file'), 'x');
  });
  afterAll(async () => {
    await chmod(join(dir, 'read-only'), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a missing directory with its parents and accepts an existing one', async () => {
    await ensureWritableDirectory(join(dir, 'a', 'b'), 'cache');
    await ensureWritableDirectory(join(dir, 'a', 'b'), 'cache');
    expect(statSync(join(dir, 'a', 'b')).isDirectory()).toBe(true);
  });

  it.each([
    ['a regular file', 'file', /cache .*file: it exists and is not a directory; pass another directory/],
    ['a path under a regular file', join('file', 'sub'), /a part of the path is a file/],
  ])('refuses %s with FILE_UNWRITABLE on one line, not a raw EEXIST/ENOTDIR', async (_what, name, message) => {
    const target = join(dir, name);
    const error = await ensureWritableDirectory(target, 'cache').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_UNWRITABLE', details: { path: target } });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  (process.getuid?.() === 0 ? it.skip : it)('refuses a directory it cannot write (skipped as root)', async () => {
    await ensureWritableDirectory(join(dir, 'read-only'), 'cache');
    await chmod(join(dir, 'read-only'), 0o555);
    await expect(ensureWritableDirectory(join(dir, 'read-only'), 'cache')).rejects.toMatchObject({ code: 'FILE_UNWRITABLE' });
    await expect(ensureWritableDirectory(join(dir, 'read-only', 'sub'), 'cache')).rejects.toMatchObject({ code: 'FILE_UNWRITABLE' });
  });
});
