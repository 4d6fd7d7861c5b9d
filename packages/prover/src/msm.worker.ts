/**
 * MSM worker thread of {@link MsmPool} (started through `launchWorker`).
 *
 * Each worker owns one residue class of every point section (points whose index is `k mod W`),
 * copied once into its own wasm memory at start. Per proof it receives only scalars. An MSM
 * skips points at infinity and zero scalars, adds the points of scalar 1 directly, and runs
 * windowed Pippenger separately over 64-bit and full-width scalars with a window size chosen for
 * each count.
 */
import { parentPort } from 'node:worker_threads';
import { Bn128Wasm, G1_AFFINE_BYTES, G2_AFFINE_BYTES, type GroupOps } from '@zkr/bn254';
import { proverError } from './errors';

/** Layout of one resident section in the shared buffer. */
export interface SectionLayout {
  readonly id: number;
  readonly group: 1 | 2;
  readonly offset: number;
  readonly count: number;
}

/** Messages to a worker. */
export type MsmMessage =
  | { readonly type: 'init'; readonly code: Uint8Array; readonly shared: SharedArrayBuffer; readonly sections: readonly SectionLayout[]; readonly index: number; readonly stride: number }
  | { readonly type: 'scalars'; readonly name: string; readonly data: Uint8Array }
  | { readonly type: 'msm'; readonly id: number; readonly section: number; readonly scalars: string; readonly offset: number };

/** Messages from a worker; `point` is a Jacobian Montgomery point. */
export type MsmReply = { readonly type: 'ready' } | { readonly type: 'result'; readonly id: number; readonly point: Uint8Array } | { readonly type: 'error'; readonly id?: number; readonly message: string };

/** Headroom above the heap for the bucket tables the wasm MSM allocates itself. */
const HEADROOM = 64 << 20;

interface Resident {
  readonly ops: GroupOps;
  readonly ptr: number;
  readonly local: number;
  readonly size: number;
  /** 1 where the point is at infinity (stored as zeros: variables absent from A or B). */
  readonly zero: Uint8Array;
}

interface State {
  readonly wasm: Bn128Wasm;
  readonly sections: Map<number, Resident>;
  readonly index: number;
  readonly stride: number;
}

function init(msg: Extract<MsmMessage, { type: 'init' }>): State {
  const wasm = new Bn128Wasm(msg.code);
  const shared = new Uint8Array(msg.shared);
  const sections = new Map<number, Resident>();
  for (const s of msg.sections) {
    const size = s.group === 1 ? G1_AFFINE_BYTES : G2_AFFINE_BYTES;
    const local = Math.max(0, Math.ceil((s.count - msg.index) / msg.stride));
    const ptr = wasm.alloc(local * size, HEADROOM);
    const u8 = wasm.bytes();
    for (let j = 0; j < local; j++) {
      const src = s.offset + (msg.index + j * msg.stride) * size;
      u8.set(shared.subarray(src, src + size), ptr + j * size);
    }
    const words = new Uint32Array(u8.buffer, ptr, (local * size) >> 2);
    const zero = new Uint8Array(local);
    for (let j = 0; j < local; j++) {
      let z = 1;
      for (let t = (j * size) >> 2, end = ((j + 1) * size) >> 2; t < end; t++) {
        if (words[t] !== 0) {
          z = 0;
          break;
        }
      }
      zero[j] = z;
    }
    sections.set(s.id, { ops: s.group === 1 ? wasm.g1 : wasm.g2, ptr, local, size, zero });
  }
  return { wasm, sections, index: msg.index, stride: msg.stride };
}

/** Window size minimising ceil(bits / c) windows of n mixed additions plus a bucket reduction of 2^(c+1) additions (~1.5 mixed each). */
function windowBits(n: number, bits: number): number {
  let best = 1;
  let bestCost = Infinity;
  for (let c = 1; c <= 16; c++) {
    const cost = Math.ceil(bits / c) * (n + 3 * 2 ** c);
    if (cost < bestCost) {
      best = c;
      bestCost = cost;
    }
  }
  return best;
}

/** Pippenger over `n` gathered points with `scalarSize`-byte scalars, added into `pAcc`. */
function pippenger(wasm: Bn128Wasm, ops: GroupOps, pBases: number, pScalars: number, scalarSize: number, n: number, pAcc: number, jac: number): void {
  if (n === 0) return;
  const bits = scalarSize * 8;
  const c = windowBits(n, bits);
  const nWindows = Math.ceil(bits / c);
  const pSum = wasm.alloc(jac, HEADROOM);
  const pW = wasm.alloc(jac, HEADROOM);
  ops.zero(pSum);
  for (let w = nWindows - 1; w >= 0; w--) {
    for (let d = 0; d < c && w < nWindows - 1; d++) ops.double(pSum, pSum);
    const start = w * c;
    ops.multiexpAffineChunk(pBases, pScalars, scalarSize, n, start, Math.min(c, bits - start), pW);
    ops.add(pSum, pW, pSum);
  }
  ops.add(pAcc, pSum, pAcc);
}

function msm(state: State, scalarSets: Map<string, Uint8Array>, msg: Extract<MsmMessage, { type: 'msm' }>): Uint8Array {
  const { wasm } = state;
  const sec = state.sections.get(msg.section);
  const data = scalarSets.get(msg.scalars);
  if (!sec || !data) throw proverError('INVALID_ARGUMENT', `unknown section ${msg.section} or scalar set ${msg.scalars} (bug in the MSM pool: please report it)`, { details: { section: msg.section, scalars: msg.scalars } });
  const s32 = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  const { ops, size } = sec;
  const jac = (size / 2) * 3;
  const saved = wasm.heap;
  const n = sec.local;
  const pAcc = wasm.alloc(jac, HEADROOM);
  const pSmall = wasm.alloc(n * size, HEADROOM);
  const pSmallS = wasm.alloc(n * 8, HEADROOM);
  const pBig = wasm.alloc(n * size, HEADROOM);
  const pBigS = wasm.alloc(n * 32, HEADROOM);
  const u8 = wasm.bytes();
  const u32 = wasm.words();
  ops.zero(pAcc);
  let nSmall = 0;
  let nBig = 0;
  for (let j = 0; j < n; j++) {
    if (sec.zero[j]) continue;
    const k = (msg.offset + state.index + j * state.stride) * 8;
    let top = 7;
    while (top >= 0 && s32[k + top] === 0) top--;
    if (top < 0) continue;
    const pBase = sec.ptr + j * size;
    if (top === 0 && s32[k] === 1) {
      ops.addMixed(pAcc, pBase, pAcc);
      continue;
    }
    if (top <= 1) {
      u8.copyWithin(pSmall + nSmall * size, pBase, pBase + size);
      const q = (pSmallS >> 2) + nSmall * 2;
      u32[q] = s32[k];
      u32[q + 1] = s32[k + 1];
      nSmall++;
    } else {
      u8.copyWithin(pBig + nBig * size, pBase, pBase + size);
      const q = (pBigS >> 2) + nBig * 8;
      for (let t = 0; t < 8; t++) u32[q + t] = s32[k + t];
      nBig++;
    }
  }
  pippenger(wasm, ops, pSmall, pSmallS, 8, nSmall, pAcc, jac);
  pippenger(wasm, ops, pBig, pBigS, 32, nBig, pAcc, jac);
  const point = wasm.bytes().slice(pAcc, pAcc + jac);
  wasm.reset(saved);
  return point;
}

function main(port: NonNullable<typeof parentPort>): void {
  let state: State | undefined;
  const scalarSets = new Map<string, Uint8Array>();
  const reply = (message: MsmReply, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);
  port.on('message', (msg: MsmMessage) => {
    try {
      if (msg.type === 'init') {
        state = init(msg);
        reply({ type: 'ready' });
      } else if (msg.type === 'scalars') {
        scalarSets.set(msg.name, msg.data);
      } else {
        if (!state) throw proverError('INVALID_ARGUMENT', 'MSM requested before the worker was initialised (bug in the MSM pool: please report it)');
        const point = msm(state, scalarSets, msg);
        reply({ type: 'result', id: msg.id, point }, [point.buffer as ArrayBuffer]);
      }
    } catch (error) {
      reply({ type: 'error', id: msg.type === 'msm' ? msg.id : undefined, message: String((error as Error)?.stack ?? error) });
    }
  });
}

if (parentPort) main(parentPort);
