/** Reading and atomically writing JSON files, with errors that name the file and the field. */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import type { ZkrError } from '@zkr/errors';
import { commitFiles, recoverDirectory, writeFileAtomic } from '@zkr/files';
import { stateError } from './errors';

/** Formats a zod issue path as `transfers[3].amount`. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/** Throws `INVALID_FILE` naming `field` in `source`. */
export function invalidFile(source: string, field: string, problem: string, cause?: unknown): ZkrError {
  return stateError('INVALID_FILE', `${source}: ${field || '(root)'}: ${problem}`, { details: { source, field }, cause });
}

/** The protocol version of every zkr JSON file this zkr reads and writes (docs/protocol.md §10). */
export const FILE_VERSION = 3;

/** The command that re-creates a file of each kind. */
const RECREATE: Record<string, string> = {
  key: 'zkr keygen',
  keys: 'zkr genesis',
  accounts: 'zkr genesis',
  state: 'zkr genesis',
  transfers: 'zkr tx sign',
  withdrawals: 'zkr tx withdraw',
  queue: 'zkr queue',
  batch: 'zkr batch build',
};

/**
 * Validates `value` (already JSON-parsed) against a `{version: 3, kind, ...}` schema: a numeric
 * version other than 3 is `UNSUPPORTED_VERSION` (`details.version`), every other problem
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
  const { version } = record;
  if (typeof version === 'number' && version !== FILE_VERSION) {
    const command = RECREATE[kind] ?? 'zkr genesis';
    throw stateError(
      'UNSUPPORTED_VERSION',
      `file ${source} is zkr protocol version ${version}; this zkr reads version ${FILE_VERSION} only — re-create it with \`${command}\` (see docs/protocol.md)`,
      { details: { source, field: 'version', version } },
    );
  }
  if (version !== FILE_VERSION) {
    throw invalidFile(source, 'version', `must be the number ${FILE_VERSION}, got ${JSON.stringify(version)}`);
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
 * read, `INVALID_JSON` (a one-line message) if not JSON. First settles what a killed zkr writer
 * left in the file's directory (`recoverDirectory`, best effort: a read-only directory holds
 * nothing zkr wrote), so a multi-file commit is never seen half done.
 */
export async function readJson(file: string): Promise<unknown> {
  await recoverDirectory(dirname(resolve(file))).catch(() => undefined);
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

/** Pretty JSON text of a file value (two-space indent, trailing newline). */
function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes `value` as pretty JSON atomically (temp beside it, flushed, renamed; see `@zkr/files`):
 * `FILE_UNWRITABLE` if it cannot, and then `file` is unchanged.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, jsonText(value), 'file');
}

/** One JSON file of a {@link writeJsonFiles} commit; `label` names it in errors (e.g. `--state-out`). */
export interface JsonFileWrite {
  readonly file: string;
  readonly value: unknown;
  readonly label?: string;
}

/**
 * Writes several JSON files all-or-nothing (`@zkr/files` commitFiles): after a failure, or a kill
 * -9 once the next zkr write in those directories has run, every file is all old or all new.
 */
export async function writeJsonFiles(writes: readonly JsonFileWrite[]): Promise<void> {
  await commitFiles(writes.map(({ file, value, label }) => ({ path: file, data: jsonText(value), label })));
}
