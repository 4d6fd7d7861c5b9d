import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifactsCacheDir, cacheRoot, CIRCUITS_DIR, compileCacheDir } from './paths';

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
