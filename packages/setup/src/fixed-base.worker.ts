/**
 * Fixed-base multiplication worker (started by {@link GeneratorMultiplier} through `launchWorker`).
 *
 * Method: for the generator G of G1 or G2, a table T[j][b] = b * 256^j * G (32 windows of 8 bits,
 * affine, Montgomery form as the wasm stores it). A scalar k = sum k_j 256^j then costs at most 32
 * mixed additions and no doublings; a chunk is normalised with one batched inversion
 * (`batchToAffine`). The output bytes are exactly snarkjs's LEM point encoding.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Bn128Wasm, FIELD_BYTES, G1_AFFINE_BYTES, G1_JACOBIAN_BYTES, G2_AFFINE_BYTES, G2_JACOBIAN_BYTES, type GroupOps } from '@zkr/bn254';

/** What the pool passes to each worker: the bn128 module, its generator addresses and the chunk size. */
export interface FixedBaseWorkerData {
  readonly code: Uint8Array;
  readonly pG1gen: number;
  readonly pG2gen: number;
  readonly maxChunk: number;
}

/** A request: multiply the generator of `group` by each 32-byte little-endian scalar (zeroed after use). */
export interface FixedBaseRequest {
  readonly id: number;
  readonly group: 'G1' | 'G2';
  readonly scalars: Uint8Array;
}

/** A reply: the affine LEM points in input order, or the failure. */
export type FixedBaseReply = { readonly id: number; readonly points: Uint8Array } | { readonly id: number; readonly error: string };

const WINDOWS = 32;
const ENTRIES = 256;
/** batchToAffine/batchInverse borrow scratch above the heap: keep 4 MiB spare. */
const HEADROOM = 4 << 20;

interface GroupTable {
  readonly ops: GroupOps;
  readonly table: number;
  readonly jac: number;
  readonly aff: number;
}

function buildTable(wasm: Bn128Wasm, ops: GroupOps, generator: number, jac: number, aff: number): GroupTable {
  const tableJac = wasm.alloc(WINDOWS * ENTRIES * jac, HEADROOM);
  const step = wasm.alloc(jac, HEADROOM);
  ops.copy(generator, step);
  for (let j = 0; j < WINDOWS; j++) {
    const row = tableJac + j * ENTRIES * jac;
    ops.zero(row);
    ops.copy(step, row + jac);
    for (let b = 2; b < ENTRIES; b++) ops.add(row + (b - 1) * jac, step, row + b * jac);
    ops.add(row + (ENTRIES - 1) * jac, step, step);
  }
  const table = wasm.alloc(WINDOWS * ENTRIES * aff, HEADROOM);
  ops.batchToAffine(tableJac, WINDOWS * ENTRIES, table);
  return { ops, table, jac, aff };
}

function main(port: NonNullable<typeof parentPort>, data: FixedBaseWorkerData): void {
  const wasm = new Bn128Wasm(data.code);
  const tables = { G1: buildTable(wasm, wasm.g1, data.pG1gen, G1_JACOBIAN_BYTES, G1_AFFINE_BYTES), G2: buildTable(wasm, wasm.g2, data.pG2gen, G2_JACOBIAN_BYTES, G2_AFFINE_BYTES) };
  const scalars = wasm.alloc(data.maxChunk * FIELD_BYTES, HEADROOM);
  const jacOut = wasm.alloc(data.maxChunk * G2_JACOBIAN_BYTES, HEADROOM);
  const affOut = wasm.alloc(data.maxChunk * G2_AFFINE_BYTES, HEADROOM);

  port.on('message', (msg: FixedBaseRequest) => {
    try {
      const g = tables[msg.group];
      const n = msg.scalars.byteLength / FIELD_BYTES;
      const u8 = wasm.bytes();
      u8.set(msg.scalars, scalars);
      msg.scalars.fill(0);
      for (let i = 0; i < n; i++) {
        const out = jacOut + i * g.jac;
        g.ops.zero(out);
        const s = scalars + i * FIELD_BYTES;
        for (let j = 0; j < WINDOWS; j++) {
          const b = u8[s + j];
          if (b !== 0) g.ops.addMixed(out, g.table + (j * ENTRIES + b) * g.aff, out);
        }
      }
      u8.fill(0, scalars, scalars + n * FIELD_BYTES);
      g.ops.batchToAffine(jacOut, n, affOut);
      const points = wasm.bytes().slice(affOut, affOut + n * g.aff);
      port.postMessage({ id: msg.id, points } satisfies FixedBaseReply, [points.buffer]);
    } catch (error) {
      port.postMessage({ id: msg.id, error: String((error as Error)?.stack ?? error) } satisfies FixedBaseReply);
    }
  });
}

if (parentPort) main(parentPort, workerData as FixedBaseWorkerData);
