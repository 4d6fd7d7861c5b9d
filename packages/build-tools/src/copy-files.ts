/**
 * Copies files kept elsewhere in the repository into a package so they ship with it (e.g. the
 * canonical `circuits/*.circom` into `@zkr/circuits`). The destination is replaced as a whole:
 * files gone from the source disappear from the copy.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './write';

/** Replaces `destDir` with a copy of the files of `sourceDir` whose names end with `suffix`; returns their names. */
export async function copyFiles(sourceDir: string, destDir: string, suffix: string): Promise<string[]> {
  const names = (await readdir(sourceDir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith(suffix)).map((e) => e.name).sort();
  if (names.length === 0) throw new Error(`no *${suffix} file in ${sourceDir}`);
  const staging = `${resolve(destDir)}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const name of names) await writeFileAtomic(join(staging, name), await readFile(join(sourceDir, name)));
  await rm(destDir, { recursive: true, force: true });
  await rename(staging, destDir);
  return names;
}

/** `zkr-copy-files <sourceDir> <destDir> <suffix>`; exit 1 on failure. */
export async function main(argv: readonly string[]): Promise<number> {
  const [sourceDir, destDir, suffix] = argv;
  if (sourceDir === undefined || destDir === undefined || suffix === undefined) {
    process.stderr.write('usage: zkr-copy-files <sourceDir> <destDir> <suffix>\n');
    return 2;
  }
  try {
    const names = await copyFiles(sourceDir, destDir, suffix);
    process.stdout.write(`zkr-copy-files: ${names.length} *${suffix} file(s) from ${sourceDir} into ${destDir}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`zkr-copy-files: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
