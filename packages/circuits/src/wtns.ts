/** Reads and writes snarkjs `.wtns` files (version 2: field header section 1, values section 2). */
import { assertBn254, BN254_ORDER, readSections, readUintLE, section, writeUintLE } from './binary';

const CODE = 'CIRCUIT_ARTIFACT_INVALID';

/** Decodes a `.wtns` file into its field elements, indexed by wire (wire 0 is the constant 1). */
export function parseWtns(bytes: Uint8Array, what = 'wtns'): bigint[] {
  const sections = readSections(bytes, 'wtns', CODE, what);
  const header = section(sections, 1, CODE, what);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const n8 = view.getUint32(0, true);
  assertBn254(n8, readUintLE(header, 4, n8), CODE, what);
  const count = view.getUint32(4 + n8, true);
  const values = section(sections, 2, CODE, what);
  const witness: bigint[] = [];
  for (let i = 0; i < count; i++) witness.push(readUintLE(values, i * n8, n8));
  return witness;
}

/** Encodes field elements as a `.wtns` file over BN254 (what `snarkjs wtns check` reads). */
export function encodeWtns(witness: readonly bigint[]): Uint8Array {
  const n8 = 32;
  const headerSize = 4 + n8 + 4;
  const bytes = new Uint8Array(12 + 12 + headerSize + 12 + n8 * witness.length);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from('wtns', 'latin1'), 0);
  view.setUint32(4, 2, true);
  view.setUint32(8, 2, true);
  view.setUint32(12, 1, true);
  view.setBigUint64(16, BigInt(headerSize), true);
  view.setUint32(24, n8, true);
  writeUintLE(bytes, 28, n8, BN254_ORDER);
  view.setUint32(28 + n8, witness.length, true);
  const values = 32 + n8;
  view.setUint32(values, 2, true);
  view.setBigUint64(values + 4, BigInt(n8 * witness.length), true);
  witness.forEach((w, i) => writeUintLE(bytes, values + 12 + i * n8, n8, w));
  return bytes;
}
