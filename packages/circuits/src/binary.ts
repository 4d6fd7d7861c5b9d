/**
 * Readers for circom's binary containers (`.r1cs`, `.wtns`): a 4-byte magic, u32 version,
 * u32 section count, then sections of (u32 id, u64 byte size, payload), all little-endian.
 */
import { ZkrError } from '@zkr/errors';

/** The BN254 scalar field order `r` every zkr circuit is compiled over. */
export const BN254_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Section id -> payload of a binary container. */
export type Sections = ReadonlyMap<number, Uint8Array>;

/** Splits `bytes` into its sections; `code` errors name `what` and the defect. */
export function readSections(bytes: Uint8Array, magic: string, code: string, what: string): Sections {
  const fail = (why: string): never => {
    throw new ZkrError(code, `${what} is not a valid .${magic} file (${why}); regenerate it`, { details: { file: what, why } });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== magic) fail(`no "${magic}" magic`);
  const count = view.getUint32(8, true);
  const sections = new Map<number, Uint8Array>();
  let at = 12;
  for (let i = 0; i < count; i++) {
    if (at + 12 > bytes.byteLength) fail(`section table truncated at section ${i}`);
    const id = view.getUint32(at, true);
    const size = Number(view.getBigUint64(at + 4, true));
    at += 12;
    if (at + size > bytes.byteLength) fail(`section ${id} is truncated`);
    if (sections.has(id)) fail(`section ${id} appears twice`);
    sections.set(id, bytes.subarray(at, at + size));
    at += size;
  }
  return sections;
}

/** The payload of section `id`, or a `code` error. */
export function section(sections: Sections, id: number, code: string, what: string): Uint8Array {
  const payload = sections.get(id);
  if (payload === undefined) {
    throw new ZkrError(code, `${what} has no section ${id}; regenerate it`, { details: { file: what, section: id } });
  }
  return payload;
}

/** Reads an unsigned little-endian integer of `n8` bytes at `offset`. */
export function readUintLE(bytes: Uint8Array, offset: number, n8: number): bigint {
  let value = 0n;
  for (let i = n8 - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

/** Writes `value` as an unsigned little-endian integer of `n8` bytes at `offset`. */
export function writeUintLE(bytes: Uint8Array, offset: number, n8: number, value: bigint): void {
  let rest = value;
  for (let i = 0; i < n8; i++) {
    bytes[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** Throws `code` unless the file's field is BN254 with 32-byte elements. */
export function assertBn254(n8: number, prime: bigint, code: string, what: string): void {
  if (n8 !== 32 || prime !== BN254_ORDER) {
    throw new ZkrError(code, `${what} is not over the BN254 scalar field; compile with circom's default prime (bn128)`, {
      details: { file: what, n8, prime: prime.toString() },
    });
  }
}
