import { promises as fs } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { commitFiles, FileCommit, produceAtomically, recoverDirectory, tempOwner, writeFileAtomic } from '@zkr/files';
import { finished, spawnTs } from '@zkr/test-helpers';

const CRASH = join(__dirname, 'crash.fixture.ts');

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'zkr-files-'));
}

async function listing(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort()) out[name] = await fs.readFile(join(dir, name), 'utf8').catch(() => '<dir>');
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isZkrError(error) ? error.code : `not a ZkrError: ${String(error)}`;
  }
  return 'resolved';
}

describe('atomic writes', () => {
  it('writes a file and leaves no temp', async () => {
    const dir = freshDir();
    await writeFileAtomic(join(dir, 'a.json'), 'one');
    await writeFileAtomic(join(dir, 'a.json'), 'two');
    expect(await listing(dir)).toEqual({ 'a.json': 'two' });
  });

  it('refuses a missing directory or a directory target before writing anything', async () => {
    const dir = freshDir();
    await fs.mkdir(join(dir, 'sub'));
    expect(await codeOf(writeFileAtomic(join(dir, 'missing', 'a.json'), 'x'))).toBe('FILE_UNWRITABLE');
    expect(await codeOf(writeFileAtomic(join(dir, 'sub'), 'x'))).toBe('FILE_UNWRITABLE');
    expect(await codeOf(commitFiles([{ path: join(dir, 'ok.json'), data: 'x' }, { path: join(dir, 'nope', 'b.json'), data: 'y' }]))).toBe('FILE_UNWRITABLE');
    expect(await listing(dir)).toEqual({ sub: '<dir>' });
  });

  it('commits several files across directories, then removes its commit records', async () => {
    const [a, b] = [freshDir(), freshDir()];
    await commitFiles([{ path: join(a, 's.json'), data: 'S' }, { path: join(b, 't.json'), data: 'T' }, { path: join(b, 'u.json'), data: 'U' }]);
    expect(await listing(a)).toEqual({ 's.json': 'S' });
    expect(await listing(b)).toEqual({ 't.json': 'T', 'u.json': 'U' });
  });

  it('a producer that throws leaves the target and the directory as they were', async () => {
    const dir = freshDir();
    await writeFileAtomic(join(dir, 'z.bin'), 'old');
    await expect(produceAtomically(join(dir, 'z.bin'), async (temp) => {
      await fs.writeFile(temp, 'half');
      throw new Error('producer failed');
    })).rejects.toThrow('producer failed');
    expect(await listing(dir)).toEqual({ 'z.bin': 'old' });
  });

  it('abort drops staged writes; a finished commit cannot be reused', async () => {
    const dir = freshDir();
    const commit = new FileCommit();
    await commit.write(join(dir, 'x'), 'x');
    await commit.abort();
    expect(await listing(dir)).toEqual({});
    expect(await codeOf(commit.write(join(dir, 'y'), 'y'))).toBe('INVALID_ARGUMENT');
    const twice = new FileCommit();
    await twice.write(join(dir, 'x'), '1');
    expect(await codeOf(twice.write(join(dir, 'x'), '2'))).toBe('INVALID_ARGUMENT');
    await twice.abort();
  });

  it('names temps after their writer', () => {
    expect(tempOwner(`.state.json.zkr-tmp-${process.pid}-0a1b2c3d`)).toBe(process.pid);
    expect(tempOwner('.state.json.1234.tmp')).toBeUndefined();
    expect(tempOwner('state.json')).toBeUndefined();
  });
});

describe('kill -9 in the middle of a three-file commit over two directories', () => {
  // Renames 1-2 place the commit record copies (one per directory), 3-5 the files; 0 = no kill.
  const OLD = { 'state.json': 'old-state', 'batch.json': 'old-batch', 'remaining.json': 'old-remaining' };
  const NEW = { 'state.json': 'new-state', 'batch.json': 'new-batch', 'remaining.json': 'new-remaining' };

  async function crashAt(killAt: number): Promise<{ a: string; b: string }> {
    const [a, b] = [freshDir(), freshDir()];
    await fs.writeFile(join(a, 'state.json'), OLD['state.json']);
    await fs.writeFile(join(b, 'batch.json'), OLD['batch.json']);
    await fs.writeFile(join(b, 'remaining.json'), OLD['remaining.json']);
    const result = await finished(spawnTs(CRASH, [a, b], { killBeforeRename: killAt }));
    expect(result.signal).toBe(killAt === 0 ? null : 'SIGKILL');
    return { a, b };
  }

  async function contents(a: string, b: string): Promise<Record<string, string>> {
    return { ...(await listing(a)), ...(await listing(b)) };
  }

  it.each([
    [1, 'A then B', 'old'],
    [2, 'A then B', 'old'],
    [2, 'B then A', 'old'],
    [3, 'B then A', 'new'],
    [4, 'A then B', 'new'],
    [5, 'B then A', 'new'],
    [0, 'A then B', 'new'],
  ] as const)('killed before rename %i, recovered %s: all %s', async (killAt, order, which) => {
    const expected = which === 'old' ? OLD : NEW;
    const { a, b } = await crashAt(killAt);
    if (killAt !== 0) expect(Object.keys(await contents(a, b)).some((name) => name.includes('zkr-'))).toBe(true);
    const dirs = order === 'A then B' ? [a, b] : [b, a];
    for (const dir of dirs) await recoverDirectory(dir);
    expect(await contents(a, b)).toEqual(expected);
  });

  it('the next commit in the directory settles what a killed one left', async () => {
    const { a, b } = await crashAt(4);
    await writeFileAtomic(join(a, 'other.json'), 'other');
    expect(await listing(a)).toEqual({ 'other.json': 'other', 'state.json': 'new-state' });
    expect(await listing(b)).toEqual({ 'batch.json': 'new-batch', 'remaining.json': 'new-remaining' });
  });
});
