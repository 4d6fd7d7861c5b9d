/**
 * Fixed-base multiplication worker (started by {@link GeneratorMultiplier} through `launchWorker`).
 *
 * Method: for the generator G of G1 or G2 and a window of w bits, a table T[j][d] = d * 2^(w j) * G
 * (ceil(256 / w) windows of 2^w entries, affine, Montgomery form as the wasm stores it), built when
 * the worker starts (w = 16: 64 MiB for G1, 128 MiB for G2). A scalar k = sum k_j 2^(w j) is the
 * sum of at most ceil(256 / w) table entries, and a chunk of scalars is summed window by window in
 * affine coordinates with one batched inversion per window for the whole chunk (Montgomery's
 * trick: ~6 field multiplications per addition instead of ~11 for a mixed Jacobian one). No
 * addition doubles or cancels: for a scalar k < r, the partial sum s < 2^(w j) and the next entry
 * d 2^(w j) (d > 0) satisfy 0 < s < s + d 2^(w j) <= k < r, so neither s = d 2^(w j) nor
 * s + d 2^(w j) = 0 mod r; the pool only sends scalars < r. The output bytes are exactly snarkjs's
 * LEM point encoding (zeros for the point at infinity).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Bn128Wasm, FIELD_BYTES, G1_AFFINE_BYTES, G1_JACOBIAN_BYTES, G2_AFFINE_BYTES, G2_JACOBIAN_BYTES, type GroupOps } from '@zkr/bn254';
import { setupError } from './errors';

/** What the pool passes to each worker: the bn128 module, its generator addresses, the chunk size and window widths. */
export interface FixedBaseWorkerData {
  readonly code: Uint8Array;
  readonly pG1gen: number;
  readonly pG2gen: number;
  readonly maxChunk: number;
  /** Window width in bits (1..16) of each group's table. */
  readonly windowBits: { readonly G1: number; readonly G2: number };
}

/** A request: multiply the generator of `group` by each 32-byte little-endian scalar (zeroed after use). */
export interface FixedBaseRequest {
  readonly id: number;
  readonly group: 'G1' | 'G2';
  readonly scalars: Uint8Array;
}

/** A reply: the affine LEM points in input order, or the failure. */
export type FixedBaseReply = { readonly id: number; readonly points: Uint8Array } | { readonly id: number; readonly error: string };

const SCALAR_BITS = 8 * FIELD_BYTES;
/** batchToAffine/batchInverse borrow scratch above the heap: keep 4 MiB spare. */
const HEADROOM = 4 << 20;

interface GroupTable {
  readonly table: number;
  readonly bits: number;
  readonly windows: number;
  readonly aff: number;
}

interface GroupSpec {
  readonly ops: GroupOps;
  readonly generator: number;
  readonly jac: number;
  readonly aff: number;
  readonly bits: number;
}

/** Builds T[j][d] row by row through one Jacobian scratch row (2^bits points, freed at the end). */
function buildTable(wasm: Bn128Wasm, spec: GroupSpec): GroupTable {
  const { ops, jac, aff, bits } = spec;
  const windows = Math.ceil(SCALAR_BITS / bits);
  const entries = 1 << bits;
  const table = wasm.alloc(windows * entries * aff, HEADROOM);
  const scratch = wasm.heap;
  const rowJac = wasm.alloc(entries * jac, HEADROOM);
  // batchToAffine's scratch above the heap grows with the batch: a row's worth is plenty.
  const step = wasm.alloc(jac, Math.max(HEADROOM, entries * jac));
  ops.copy(spec.generator, step);
  for (let j = 0; j < windows; j++) {
    ops.zero(rowJac);
    ops.copy(step, rowJac + jac);
    for (let d = 2; d < entries; d++) ops.add(rowJac + (d - 1) * jac, step, rowJac + d * jac);
    ops.add(rowJac + (entries - 1) * jac, step, step);
    ops.batchToAffine(rowJac, entries, table + j * entries * aff);
  }
  wasm.reset(scratch); // frees the Jacobian row
  return { table, bits, windows, aff };
}

/** Digit j (bits [w j, w j + w)) of the little-endian scalar at `s`. */
function digit(u8: Uint8Array, s: number, bits: number, j: number): number {
  const first = j * bits;
  const byte = first >>> 3;
  let word = 0;
  for (let k = 2; k >= 0; k--) word = (word << 8) | (byte + k < FIELD_BYTES ? u8[s + byte + k] : 0);
  return (word >>> (first & 7)) & ((1 << bits) - 1);
}

/** The base-field operations of a group's coordinates (Fq for G1, Fq2 for G2), on wasm addresses. */
interface FieldOps {
  readonly sub: (a: number, b: number, r: number) => void;
  readonly mul: (a: number, b: number, r: number) => void;
  readonly square: (a: number, r: number) => void;
  readonly copy: (a: number, r: number) => void;
  readonly batchInverse: (pIn: number, inStep: number, n: number, pOut: number, outStep: number) => void;
}

function fieldOps(wasm: Bn128Wasm, prefix: 'f1m' | 'f2m'): FieldOps {
  const exports = wasm.exports as unknown as Record<string, unknown>;
  const f = <T>(name: string): T => {
    const fn = exports[`${prefix}_${name}`];
    if (typeof fn !== 'function') throw setupError('WORKER_FAILED', `the bn128 wasm module has no export ${prefix}_${name}; reinstall ffjavascript/wasmcurves`);
    return fn as T;
  };
  return { sub: f('sub'), mul: f('mul'), square: f('square'), copy: f('copy'), batchInverse: f('batchInverse') };
}

function main(port: NonNullable<typeof parentPort>, data: FixedBaseWorkerData): void {
  const wasm = new Bn128Wasm(data.code);
  const specs = {
    G1: { ops: wasm.g1, generator: data.pG1gen, jac: G1_JACOBIAN_BYTES, aff: G1_AFFINE_BYTES, bits: data.windowBits.G1 },
    G2: { ops: wasm.g2, generator: data.pG2gen, jac: G2_JACOBIAN_BYTES, aff: G2_AFFINE_BYTES, bits: data.windowBits.G2 },
  };
  const fields = { G1: fieldOps(wasm, 'f1m'), G2: fieldOps(wasm, 'f2m') };
  // Built up front: the tables take seconds at 16 bits, time the pool overlaps with the caller's QAP.
  const tables = { G1: buildTable(wasm, specs.G1), G2: buildTable(wasm, specs.G2) };
  const maxCoord = G2_AFFINE_BYTES / 2;
  const scalars = wasm.alloc(data.maxChunk * FIELD_BYTES, HEADROOM);
  const acc = wasm.alloc(data.maxChunk * G2_AFFINE_BYTES, HEADROOM);
  const denominators = wasm.alloc(data.maxChunk * maxCoord, HEADROOM);
  const inverses = wasm.alloc(data.maxChunk * maxCoord, HEADROOM);
  const lambda = wasm.alloc(maxCoord, HEADROOM);
  const t1 = wasm.alloc(maxCoord, HEADROOM);
  const t2 = wasm.alloc(maxCoord, HEADROOM);
  const infinity = new Uint8Array(data.maxChunk);
  const pairAcc = new Int32Array(data.maxChunk);
  const pairEntry = new Int32Array(data.maxChunk);

  port.on('message', (msg: FixedBaseRequest) => {
    try {
      const g = tables[msg.group];
      const f = fields[msg.group];
      const coord = g.aff / 2;
      const n = msg.scalars.byteLength / FIELD_BYTES;
      const u8 = wasm.bytes();
      u8.set(msg.scalars, scalars);
      msg.scalars.fill(0);
      infinity.fill(1, 0, n);
      const entries = 1 << g.bits;
      for (let j = 0; j < g.windows; j++) {
        let m = 0;
        for (let i = 0; i < n; i++) {
          const d = g.bits === 8 ? u8[scalars + i * FIELD_BYTES + j] : digit(u8, scalars + i * FIELD_BYTES, g.bits, j);
          if (d === 0) continue;
          const entry = g.table + (j * entries + d) * g.aff;
          const a = acc + i * g.aff;
          if (infinity[i] === 1) {
            u8.copyWithin(a, entry, entry + g.aff);
            infinity[i] = 0;
            continue;
          }
          f.sub(entry, a, denominators + m * coord); // x_T - x_acc, never 0 (see the header)
          pairAcc[m] = a;
          pairEntry[m] = entry;
          m++;
        }
        if (m === 0) continue;
        f.batchInverse(denominators, coord, m, inverses, coord);
        for (let k = 0; k < m; k++) {
          const a = pairAcc[k];
          const entry = pairEntry[k];
          f.sub(entry + coord, a + coord, t1); // lambda = (y_T - y_acc) / (x_T - x_acc)
          f.mul(t1, inverses + k * coord, lambda);
          f.square(lambda, t2); // x' = lambda^2 - x_acc - x_T
          f.sub(t2, a, t2);
          f.sub(t2, entry, t2);
          f.sub(a, t2, t1); // y' = lambda (x_acc - x') - y_acc
          f.mul(lambda, t1, t1);
          f.sub(t1, a + coord, a + coord);
          f.copy(t2, a);
        }
      }
      for (let i = 0; i < n; i++) if (infinity[i] === 1) u8.fill(0, acc + i * g.aff, acc + (i + 1) * g.aff);
      u8.fill(0, scalars, scalars + n * FIELD_BYTES);
      const points = u8.slice(acc, acc + n * g.aff);
      port.postMessage({ id: msg.id, points } satisfies FixedBaseReply, [points.buffer]);
    } catch (error) {
      port.postMessage({ id: msg.id, error: String((error as Error)?.stack ?? error) } satisfies FixedBaseReply);
    }
  });
}

if (parentPort) main(parentPort, workerData as FixedBaseWorkerData);
