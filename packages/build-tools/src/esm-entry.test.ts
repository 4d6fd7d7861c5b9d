import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredValueExports, writeEsmEntry } from './esm-entry';

describe('zkr-esm-entry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zkr-esm-entry-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeBuild(js: string, dts: string): Promise<string> {
    await writeFile(join(dir, 'index.js'), js);
    await writeFile(join(dir, 'index.d.ts'), dts);
    return join(dir, 'index.js');
  }

  it('re-exports every value export of the declarations, and only the types through index.d.mts', async () => {
    const entry = await writeBuild(
      "'use strict';\nclass Thing {}\nexports.Thing = Thing;\nexports.LIMIT = 3;\nexports.make = () => new Thing();\n",
      'export declare class Thing {}\nexport declare const LIMIT = 3;\nexport declare function make(): Thing;\nexport interface Options { readonly n: number }\nexport type Kind = "a";\n',
    );
    expect(declaredValueExports(join(dir, 'index.d.ts'))).toEqual(['LIMIT', 'Thing', 'make']);
    expect(await writeEsmEntry(entry)).toEqual(['LIMIT', 'Thing', 'make']);
    const esm = await readFile(join(dir, 'index.mjs'), 'utf8');
    expect(esm).toContain("import cjs from './index.js';");
    expect(esm).toMatch(/export const \{\n {2}LIMIT,\n {2}Thing,\n {2}make,\n\} = cjs;/);
    expect(await readFile(join(dir, 'index.d.mts'), 'utf8')).toContain("export * from './index.js';");
  });

  it('fails when a declared export is missing at run time', async () => {
    const entry = await writeBuild("'use strict';\nexports.a = 1;\n", 'export declare const a = 1;\nexport declare function b(): void;\n');
    await expect(writeEsmEntry(entry)).rejects.toThrow('declared but not exported at run time: b');
  });

  it('fails when the module exports something the declarations do not', async () => {
    const entry = await writeBuild("'use strict';\nexports.a = 1;\nexports.hidden = 2;\n", 'export declare const a = 1;\n');
    await expect(writeEsmEntry(entry)).rejects.toThrow('exported at run time but not declared: hidden');
  });
});
