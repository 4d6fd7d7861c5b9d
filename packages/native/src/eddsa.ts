/**
 * EdDSA-Poseidon verification on Baby Jubjub in the native addon (csrc/eddsa.cc), with the
 * verdicts of `@zkr/state`'s `eddsa.verify`: every coordinate below the field order p, `S` below
 * the subgroup order l, `R8` and `A` on the curve, `8·A` not of `x = 0`, and `S·B8 = R8 + (8·h)·A`.
 * The caller supplies `h = Poseidon([R8x, R8y, Ax, Ay, message])` (and checks that `message` is a
 * field element), so the addon does curve arithmetic only. A batch runs synchronously on the calling
 * thread: call it from a worker thread to keep an event loop free.
 */
import { nativeAddon } from './addon';
import { nativeError } from './errors';

/** One signature to verify: `R8`, `S`, the public key `A` and `h = Poseidon([R8x, R8y, Ax, Ay, message])`. */
export interface EddsaRecord {
  readonly R8x: bigint;
  readonly R8y: bigint;
  readonly S: bigint;
  readonly Ax: bigint;
  readonly Ay: bigint;
  readonly h: bigint;
}

/** The fields of a record in the addon's layout: each 32 little-endian bytes, standard form. */
const FIELDS = ['R8x', 'R8y', 'S', 'Ax', 'Ay', 'h'] as const;
/** Bytes of one packed record (csrc/eddsa.h). */
const RECORD_BYTES = FIELDS.length * 32;
const LIMB = (1n << 64n) - 1n;
const LIMIT = 1n << 256n;

function invalid(field: string, expected: string, value: unknown): never {
  throw nativeError('INVALID_ARGUMENT', `${field} must be ${expected}, got ${value === null ? 'null' : typeof value}`, { details: { field } });
}

/** Writes record `i` at its offset; false when a value does not fit 256 bits (it cannot verify). */
function pack(view: DataView, i: number, record: EddsaRecord): boolean {
  if (typeof record !== 'object' || record === null) invalid(`records[${i}]`, 'an object { R8x, R8y, S, Ax, Ay, h } of bigints', record);
  let fits = true;
  FIELDS.forEach((field, k) => {
    const value = record[field];
    if (typeof value !== 'bigint') invalid(`records[${i}].${field}`, 'a bigint', value);
    if (value < 0n || value >= LIMIT) {
      fits = false;
      return;
    }
    const offset = i * RECORD_BYTES + k * 32;
    for (let limb = 0; limb < 4; limb++) view.setBigUint64(offset + 8 * limb, (value >> BigInt(64 * limb)) & LIMB, true);
  });
  return fits;
}

/**
 * One verdict per record, in order, each equal to `eddsa.verify(message, { R8x, R8y, S }, [Ax, Ay])`
 * of `@zkr/state` when `h` is that message's Poseidon hash: malformed values (negative, not below
 * p or l, off the curve) give false. `INVALID_ARGUMENT` when `records` is not an array of such
 * objects of bigints; `NATIVE_UNAVAILABLE` when the addon cannot be used.
 */
export function verifyEddsaBatch(records: readonly EddsaRecord[]): boolean[] {
  if (!Array.isArray(records)) invalid('records', 'an array of { R8x, R8y, S, Ax, Ay, h }', records);
  const addon = nativeAddon();
  const bytes = new Uint8Array(records.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  const fits = records.map((record, i) => pack(view, i, record));
  let verdicts: Uint8Array;
  try {
    verdicts = addon.eddsaVerifyBatch(bytes);
  } catch (error) {
    throw nativeError('NATIVE_FAILED', `the native EdDSA verification failed (${(error as Error).message}); set ZKR_NATIVE=0 to verify in JavaScript and report the bug`, { cause: error });
  }
  return fits.map((fit, i) => fit && verdicts[i] === 1);
}
