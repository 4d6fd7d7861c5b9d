/** Locates circuit statements by their source text, to check where a witness calculation failed. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIRCUITS_DIR } from '@zkr/circuits';

/** The lines of the template `name` (from its `template name(` line to the next template), with 1-based line numbers. */
function templateLines(name: string): { file: string; lines: { no: number; text: string }[] } {
  const files = readdirSync(CIRCUITS_DIR).filter((f) => f.endsWith('.circom'));
  for (const file of files) {
    const all = readFileSync(join(CIRCUITS_DIR, file), 'utf8').split('\n');
    const start = all.findIndex((line) => new RegExp(`^\\s*template\\s+${name}\\s*\\(`).test(line));
    if (start < 0) continue;
    const next = all.findIndex((line, i) => i > start && /^\s*template\s+\w+\s*\(/.test(line));
    const end = next < 0 ? all.length : next;
    return { file, lines: all.slice(start, end).map((text, i) => ({ no: start + i + 1, text })) };
  }
  throw new Error(`no template ${name} in ${CIRCUITS_DIR}`);
}

/** A pattern matching a failure frame at the (unique) line of `template` containing `snippet`. */
export function site(template: string, snippet: string): RegExp {
  const { file, lines } = templateLines(template);
  const found = lines.filter((line) => line.text.includes(snippet));
  if (found.length !== 1) throw new Error(`"${snippet}" occurs ${found.length} times in template ${template} (${file})`);
  return new RegExp(`(^| < )${template}_\\d+:${found[0].no}( |$)`);
}
