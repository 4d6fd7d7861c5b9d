/** Reading and atomically writing JSON files, with errors that name the file and the field. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import type { ZkrError } from '@zkr/errors';
import { stateError } from './errors';

/** Formats a zod issue path as `transfers[3].amount`. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/** Throws `INVALID_FILE` naming `field` in `source`. */
export function invalidFile(source: string, field: string, problem: string, cause?: unknown): ZkrError {
  return stateError('INVALID_FILE', `${source}: ${field || '(root)'}: ${problem}`, { details: { source, field }, cause });
}

/**
 * Validates `value` (already JSON-parsed) against a `{version: 1, kind, ...}` schema; errors are
 * `INVALID_FILE` with the field path of the first problem. `source` names the file in messages.
 */
export function parseVersioned<S extends z.ZodType>(schema: S, kind: string, value: unknown, source: string): z.output<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFile(source, '', `expected a JSON object with "kind": "${kind}"`);
  }
  const record = value as Record<string, unknown>;
  if (record.kind !== kind) {
    throw invalidFile(source, 'kind', `expected "${kind}", got ${JSON.stringify(record.kind)}; is this the right file?`);
  }
  if (record.version !== 1) {
    throw invalidFile(source, 'version', `expected 1, got ${JSON.stringify(record.version)}; this zkr reads version 1 files`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalidFile(source, fieldPath(issue.path), issue.message, result.error);
  }
  return result.data;
}

/** The UTF-8 byte order mark some editors prepend; JSON files may start with it. */
const BOM = '\uFEFF';

/**
 * Reads and JSON-parses `file` (a leading UTF-8 BOM is skipped): `FILE_MISSING` if it cannot be
 * read, `INVALID_JSON` (a one-line message) if not JSON.
 */
export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    const why = missing ? 'does not exist; check the path' : `cannot be read (${(cause as Error).message}); check its permissions`;
    throw stateError('FILE_MISSING', `${file} ${why}`, { details: { source: file }, cause });
  }
  try {
    return JSON.parse(text.startsWith(BOM) ? text.slice(BOM.length) : text);
  } catch (cause) {
    const why = (cause as Error).message.replace(/\s+/g, ' ');
    throw stateError('INVALID_JSON', `${file} is not valid JSON (${why}); fix or regenerate the file`, {
      details: { source: file },
      cause,
    });
  }
}

/** Writes `value` as pretty JSON atomically: a temp file in the same directory, then rename. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (cause) {
    await fs.rm(temp, { force: true });
    throw stateError('FILE_UNWRITABLE', `cannot write ${file}: ${(cause as Error).message}`, { details: { source: file }, cause });
  }
}
