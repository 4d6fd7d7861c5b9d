import { main } from './main';

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

describe('zkr-bench', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints its usage with --help and exits 0', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'zkr-bench', '--help'], io)).toBe(0);
    expect(out.join('')).toContain('usage: zkr-bench [--profile <name>]');
  });

  it('refuses an unknown flag with exit 2 and INVALID_ARGUMENT', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'zkr-bench', '--profle', 'quick'], io)).toBe(2);
    expect(err.join('')).toMatch(/^error \[INVALID_ARGUMENT\]: .*--profle/);
  });

  it('reports an unknown profile by its code and exits 1', async () => {
    const { io, err } = capture();
    expect(await main(['node', 'zkr-bench', '--profile', 'nope', '--json'], io)).toBe(1);
    expect(err.join('')).toMatch(/^error \[INVALID_ARGUMENT\]: --profile must be one of/);
  });
});
