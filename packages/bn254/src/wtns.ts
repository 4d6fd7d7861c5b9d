/**
 * snarkjs `.wtns` files, version 2: section 1 holds the field (n8, prime) and the number of
 * values, section 2 the values (n8-byte little-endian, standard form). Defects are `WTNS_INVALID`.
 */
import { readUintLE, viewOf, writeUintLE } from './bytes';
import { FIELD_BYTES, FR_ORDER } from './constants';
import { encodeContainer, invalidFile, parseContainer, sectionBytes, uniqueSection } from './container';

/** A witness as `.wtns` bytes with a view of its values. */
export interface WtnsView {
  /** The complete `.wtns` file bytes. */
  readonly wtns: Uint8Array;
  /** `nVars` little-endian 32-byte field elements in standard form (a view into `wtns`). */
  readonly values: Uint8Array;
  /** Number of witness values, including the constant `1`. */
  readonly nVars: number;
}

const HEADER_BYTES = 4 + FIELD_BYTES + 4;

/** Checks that `bytes` are a BN254 `.wtns` file (`WTNS_INVALID` otherwise) and returns a view of its values. */
export function readWtns(bytes: Uint8Array, what = 'wtns'): WtnsView {
  const layout = parseContainer(bytes, 'wtns', what);
  if (layout.version !== 2) invalidFile('wtns', what, `version ${layout.version}, expected 2`);
  const header = sectionBytes(bytes, uniqueSection(layout, 1, what));
  const view = viewOf(header);
  if (header.byteLength !== HEADER_BYTES || view.getUint32(0, true) !== FIELD_BYTES || readUintLE(header, 4, FIELD_BYTES) !== FR_ORDER) {
    invalidFile('wtns', what, 'not over the BN254 scalar field; compute it with a bn128 circuit wasm');
  }
  const nVars = view.getUint32(4 + FIELD_BYTES, true);
  const values = sectionBytes(bytes, uniqueSection(layout, 2, what));
  if (values.byteLength !== nVars * FIELD_BYTES) invalidFile('wtns', what, `values section holds ${values.byteLength} bytes, expected ${nVars * FIELD_BYTES}`);
  return { wtns: bytes, values, nVars };
}

/** Decodes `.wtns` bytes into field elements indexed by wire (wire 0 is the constant 1). */
export function parseWtns(bytes: Uint8Array, what = 'wtns'): bigint[] {
  const { values, nVars } = readWtns(bytes, what);
  return Array.from({ length: nVars }, (_, i) => readUintLE(values, i * FIELD_BYTES, FIELD_BYTES));
}

/** Encodes field elements (each `0 <= w < r`) as a BN254 `.wtns` file (what `snarkjs wtns check` reads). */
export function encodeWtns(witness: readonly bigint[]): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  viewOf(header).setUint32(0, FIELD_BYTES, true);
  writeUintLE(header, 4, FIELD_BYTES, FR_ORDER);
  viewOf(header).setUint32(4 + FIELD_BYTES, witness.length, true);
  const values = new Uint8Array(witness.length * FIELD_BYTES);
  witness.forEach((w, i) => writeUintLE(values, i * FIELD_BYTES, FIELD_BYTES, w));
  return encodeContainer('wtns', 2, [[1, header], [2, values]]);
}
