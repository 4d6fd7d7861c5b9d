/**
 * Temp names. A temp of `dir/name` is `dir/.name.zkr-tmp-<pid>-<8 hex>`: in the same directory (so
 * the final rename is atomic), hidden, and carrying the writer's pid so {@link staleTempOwner} can
 * recognise what a killed process left.
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

const TEMP_NAME = /^\..*\.zkr-tmp-(\d+)-[0-9a-f]{8}$/;

/** A fresh temp path for `target` (a file or a directory), in `target`'s directory. */
export function tempPathFor(target: string): string {
  const absolute = resolve(target);
  return join(dirname(absolute), `.${basename(absolute)}.zkr-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** The pid that wrote temp `name` (a base name), or `undefined` if `name` is not a zkr temp. */
export function tempOwner(name: string): number | undefined {
  const match = TEMP_NAME.exec(name);
  return match === null ? undefined : Number(match[1]);
}
