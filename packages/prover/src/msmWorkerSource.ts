/**
 * Source of the MSM worker thread, kept as a string so the same code runs under ts-jest and from
 * `dist/` (workers cannot load TypeScript). Started with `new Worker(MSM_WORKER_SOURCE, { eval: true })`.
 *
 * Each worker owns one residue class of every point section (points whose index is `k mod W`),
 * copied once into its own wasm memory at start. Per proof it receives only scalars. An MSM
 * skips points at infinity and zero scalars, adds the points of scalar 1 directly, and runs windowed Pippenger
 * separately over 64-bit and full-width scalars with a window size chosen for each count.
 *
 * Messages in: `{type:'init', code, shared, sections:[{id, group, offset, count}], index, stride}`,
 * `{type:'scalars', name, data}`, `{type:'msm', id, section, scalars, offset}`.
 * Messages out: `{type:'ready'}`, `{type:'result', id, point}`, `{type:'error', id, message}`.
 */
export const MSM_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
let instance, memory, ex;
const sections = new Map();
const scalars = new Map();

function heap() { return new Uint32Array(memory.buffer, 0, 1)[0]; }
function setHeap(p) { new Uint32Array(memory.buffer, 0, 1)[0] = p; }
function alloc(length) {
  let p = heap();
  p = (p + 7) & ~7;
  const end = p + length;
  // Keep 64 MiB of headroom above the heap for the bucket tables the wasm MSM allocates itself.
  const need = end + (64 << 20);
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  setHeap(end);
  return p;
}

function init(msg) {
  memory = new WebAssembly.Memory({ initial: 32, maximum: 65536 });
  instance = new WebAssembly.Instance(new WebAssembly.Module(msg.code), { env: { memory } });
  ex = instance.exports;
  const shared = new Uint8Array(msg.shared);
  for (const s of msg.sections) {
    const size = s.group === 1 ? 64 : 128;
    const local = Math.max(0, Math.ceil((s.count - msg.index) / msg.stride));
    const ptr = alloc(local * size);
    const u8 = new Uint8Array(memory.buffer);
    for (let j = 0; j < local; j++) {
      const src = s.offset + (msg.index + j * msg.stride) * size;
      u8.set(shared.subarray(src, src + size), ptr + j * size);
    }
    // Points at infinity (variables absent from A or B) are stored as zeros: flag them once, skip them per proof.
    const words = new Uint32Array(memory.buffer, ptr, (local * size) >> 2);
    const zero = new Uint8Array(local);
    for (let j = 0; j < local; j++) {
      let z = 1;
      for (let t = (j * size) >> 2, end = ((j + 1) * size) >> 2; t < end; t++) if (words[t] !== 0) { z = 0; break; }
      zero[j] = z;
    }
    sections.set(s.id, { group: s.group, ptr, local, size, zero });
  }
  sections.stride = msg.stride;
  sections.index = msg.index;
}

// Window size minimising the cost of ceil(bits / c) windows of n mixed additions plus a bucket
// reduction of 2^(c+1) full additions (about 1.5 mixed additions each).
function windowBits(n, bits) {
  let best = 1, bestCost = Infinity;
  for (let c = 1; c <= 16; c++) {
    const cost = Math.ceil(bits / c) * (n + 3 * 2 ** c);
    if (cost < bestCost) { best = c; bestCost = cost; }
  }
  return best;
}

// Pippenger over n gathered points with scalarSize-byte scalars, added into pAcc.
function pippenger(pre, pBases, pScalars, scalarSize, n, pAcc, jac) {
  if (n === 0) return;
  const bits = scalarSize * 8;
  const c = windowBits(n, bits);
  const nWindows = Math.ceil(bits / c);
  const pSum = alloc(jac), pW = alloc(jac);
  ex[pre + '_zero'](pSum);
  for (let w = nWindows - 1; w >= 0; w--) {
    for (let d = 0; d < c && w < nWindows - 1; d++) ex[pre + '_double'](pSum, pSum);
    const start = w * c;
    ex[pre + '_multiexpAffine_chunk'](pBases, pScalars, scalarSize, n, start, Math.min(c, bits - start), pW);
    ex[pre + '_add'](pSum, pW, pSum);
  }
  ex[pre + '_add'](pAcc, pSum, pAcc);
}

function msm(msg) {
  const sec = sections.get(msg.section);
  const data = scalars.get(msg.scalars);
  const s32 = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  const pre = sec.group === 1 ? 'g1m' : 'g2m';
  const size = sec.size, jac = size / 2 * 3;
  const saved = heap();
  const n = sec.local;
  const pAcc = alloc(jac);
  const pSmall = alloc(n * size), pSmallS = alloc(n * 8);
  const pBig = alloc(n * size), pBigS = alloc(n * 32);
  const u8 = new Uint8Array(memory.buffer);
  const u32 = new Uint32Array(memory.buffer);
  ex[pre + '_zero'](pAcc);
  let nSmall = 0, nBig = 0;
  for (let j = 0; j < n; j++) {
    if (sec.zero[j]) continue;
    const k = (msg.offset + sections.index + j * sections.stride) * 8;
    let top = 7;
    while (top >= 0 && s32[k + top] === 0) top--;
    if (top < 0) continue;
    const pBase = sec.ptr + j * size;
    if (top === 0 && s32[k] === 1) { ex[pre + '_addMixed'](pAcc, pBase, pAcc); continue; }
    if (top <= 1) {
      u8.copyWithin(pSmall + nSmall * size, pBase, pBase + size);
      const q = (pSmallS >> 2) + nSmall * 2;
      u32[q] = s32[k]; u32[q + 1] = s32[k + 1];
      nSmall++;
    } else {
      u8.copyWithin(pBig + nBig * size, pBase, pBase + size);
      const q = (pBigS >> 2) + nBig * 8;
      for (let t = 0; t < 8; t++) u32[q + t] = s32[k + t];
      nBig++;
    }
  }
  pippenger(pre, pSmall, pSmallS, 8, nSmall, pAcc, jac);
  pippenger(pre, pBig, pBigS, 32, nBig, pAcc, jac);
  const point = new Uint8Array(memory.buffer).slice(pAcc, pAcc + jac);
  setHeap(saved);
  return point;
}

parentPort.on('message', (msg) => {
  try {
    if (msg.type === 'init') { init(msg); parentPort.postMessage({ type: 'ready' }); }
    else if (msg.type === 'scalars') { scalars.set(msg.name, msg.data); }
    else if (msg.type === 'msm') { const point = msm(msg); parentPort.postMessage({ type: 'result', id: msg.id, point }, [point.buffer]); }
  } catch (error) {
    parentPort.postMessage({ type: 'error', id: msg.id, message: String(error && error.stack || error) });
  }
});
`;
