import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson } from '@zkr/state';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkr-state-files-'));
});

describe('readJson', () => {
  it('skips a leading UTF-8 byte order mark', async () => {
    const file = join(dir, 'bom.json');
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":\n 1}\n')]));
    expect(await readJson(file)).toEqual({ a: 1 });
  });

  it('refuses malformed JSON with INVALID_JSON on one line', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n"a":\n}\n');
    const error = await readJson(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_JSON', details: { source: file } });
    expect((error as Error).message).not.toContain('\n');
  });
});
