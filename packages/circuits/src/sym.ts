/** Reads circom `.sym` files: `labelId,wireId,componentId,name` per signal (wire -1 = optimized away). */
import { readFile } from 'node:fs/promises';

/** For each witness wire, the full names of the signals it carries (e.g. `main.slots[0].fee`). */
export type WireNames = ReadonlyMap<number, readonly string[]>;

/** Parses `.sym` text into wire -> signal names (signals removed by the optimizer are skipped). */
export function parseSym(text: string): WireNames {
  const names = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    const first = line.indexOf(',');
    const second = line.indexOf(',', first + 1);
    const third = line.indexOf(',', second + 1);
    if (third < 0) continue;
    const wire = Number(line.slice(first + 1, second));
    if (wire < 0) continue;
    const list = names.get(wire);
    const name = line.slice(third + 1).trim();
    if (list) list.push(name);
    else names.set(wire, [name]);
  }
  return names;
}

/** Reads and parses a `.sym` file. */
export async function readSym(path: string): Promise<WireNames> {
  return parseSym(await readFile(path, 'utf8'));
}
