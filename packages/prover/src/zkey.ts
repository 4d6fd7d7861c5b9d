/**
 * Structural reader of Groth16 `.zkey` files (the snarkjs binary format): header fields and the
 * byte ranges of the point sections, checked against each other so a truncated or corrupted file
 * fails at load time with `ZKEY_INVALID` rather than deep inside a proof.
 */
import { ZkrError } from '@zkr/errors';

/** BN254 base field order `q`. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** BN254 scalar field order `r`. */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A byte range of the zkey buffer. */
export interface ZkeySection {
  readonly offset: number;
  readonly size: number;
}

/** The Groth16 header of a zkey and where its sections live. */
export interface ZkeyInfo {
  /** Number of witness variables (including the constant 1). */
  readonly nVars: number;
  /** Number of public signals. */
  readonly nPublic: number;
  /** FFT domain size, a power of two. */
  readonly domainSize: number;
  /** log2(domainSize). */
  readonly power: number;
  /** Raw Montgomery-form bytes of the verification points, in header order. */
  readonly vk: {
    readonly alpha1: Uint8Array;
    readonly beta1: Uint8Array;
    readonly beta2: Uint8Array;
    readonly gamma2: Uint8Array;
    readonly delta1: Uint8Array;
    readonly delta2: Uint8Array;
  };
  /** Sections 1..10 by id. */
  readonly sections: ReadonlyMap<number, ZkeySection>;
}

const G1_SIZE = 64;
const G2_SIZE = 128;

function fail(reason: string, details: Record<string, unknown> = {}): never {
  throw new ZkrError('ZKEY_INVALID', `the zkey is not a valid Groth16 BN254 proving key (${reason}); regenerate it with \`zkr setup\``, {
    details: { reason, ...details },
  });
}

function readLe(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return value;
}

/** Parses and cross-checks the header and section table of a zkey held in memory. */
export function readZkey(bytes: Uint8Array): ZkeyInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== 'zkey') fail('missing "zkey" magic');
  const nSections = view.getUint32(8, true);
  const sections = new Map<number, ZkeySection>();
  let pos = 12;
  for (let i = 0; i < nSections; i++) {
    if (pos + 12 > bytes.byteLength) fail('section table runs past the end of the file');
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (pos + size > bytes.byteLength) fail(`section ${id} runs past the end of the file`, { section: id });
    if (sections.has(id)) fail(`section ${id} appears twice`, { section: id });
    sections.set(id, { offset: pos, size });
    pos += size;
  }
  for (let id = 1; id <= 9; id++) if (!sections.has(id)) fail(`section ${id} is missing`, { section: id });
  const section = (id: number): ZkeySection => sections.get(id)!;
  if (view.getUint32(section(1).offset, true) !== 1) fail('protocol is not groth16');

  let p = section(2).offset;
  const n8q = view.getUint32(p, true);
  if (n8q !== 32 || readLe(bytes, p + 4, 32) !== BN254_Q) fail('curve is not BN254');
  p += 36;
  const n8r = view.getUint32(p, true);
  if (n8r !== 32 || readLe(bytes, p + 4, 32) !== BN254_R) fail('curve is not BN254');
  p += 36;
  const nVars = view.getUint32(p, true);
  const nPublic = view.getUint32(p + 4, true);
  const domainSize = view.getUint32(p + 8, true);
  p += 12;
  const power = Math.log2(domainSize);
  if (!Number.isInteger(power) || domainSize < 2) fail(`domain size ${domainSize} is not a power of two`);
  if (nPublic + 1 > nVars) fail(`nPublic ${nPublic} does not fit in nVars ${nVars}`);
  const take = (size: number): Uint8Array => {
    const out = bytes.slice(p, p + size);
    p += size;
    return out;
  };
  const vk = { alpha1: take(G1_SIZE), beta1: take(G1_SIZE), beta2: take(G2_SIZE), gamma2: take(G2_SIZE), delta1: take(G1_SIZE), delta2: take(G2_SIZE) };
  if (p - section(2).offset !== section(2).size) fail('groth16 header has the wrong size');

  const expected: Record<number, number> = {
    3: (nPublic + 1) * G1_SIZE,
    5: nVars * G1_SIZE,
    6: nVars * G1_SIZE,
    7: nVars * G2_SIZE,
    8: (nVars - nPublic - 1) * G1_SIZE,
    9: domainSize * G1_SIZE,
  };
  for (const [id, size] of Object.entries(expected)) {
    const actual = section(Number(id)).size;
    if (actual !== size) fail(`section ${id} holds ${actual} bytes, expected ${size}`, { section: Number(id), actual, expected: size });
  }
  const coeffs = section(4);
  const nCoeffs = view.getUint32(coeffs.offset, true);
  if (coeffs.size !== 4 + nCoeffs * (12 + n8r)) fail('coefficient section has the wrong size', { section: 4 });
  return { nVars, nPublic, domainSize, power, vk, sections };
}

/** The bytes of section `id` (a view, not a copy). */
export function zkeySection(bytes: Uint8Array, info: ZkeyInfo, id: number): Uint8Array {
  const s = info.sections.get(id);
  if (!s) throw new ZkrError('ZKEY_INVALID', `the zkey has no section ${id}; regenerate it with \`zkr setup\``, { details: { section: id } });
  return bytes.subarray(s.offset, s.offset + s.size);
}
