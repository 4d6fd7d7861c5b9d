/**
 * Body of a fixed-base multiplication worker. It is serialised with `Function.prototype.toString`
 * and run with `new Worker(code, { eval: true })`, so it must not reference anything from module
 * scope: everything it needs comes from `require` and `workerData` (the bn128 wasm module that
 * ffjavascript builds, with the addresses of its generators).
 *
 * Method: for the generator G of G1 or G2, a table T[j][b] = b * 256^j * G (32 windows of 8 bits,
 * affine, Montgomery form as ffjavascript's wasm stores it). A scalar k = sum k_j 256^j then costs
 * at most 32 mixed additions and no doublings; a chunk is normalised with one batched inversion
 * (`batchToAffine`). The output bytes are exactly snarkjs's LEM point encoding.
 *
 * (`istanbul ignore next`: coverage counters would reference module scope and break the worker.)
 */
/* istanbul ignore next */
export function fixedBaseWorkerMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads');
  const WINDOWS = 32;
  const ENTRIES = 256;
  const MAX_CHUNK: number = workerData.maxChunk;

  interface GroupCtx {
    table: number;
    jac: number;
    aff: number;
    prefix: string;
  }

  // The project's TypeScript lib has no WebAssembly declarations: describe the part used here.
  interface WasmMemory {
    buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  interface WasmApi {
    Memory: new (d: { initial: number }) => WasmMemory;
    instantiate(code: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
  }
  const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

  const ready = (async () => {
    const memory = new wasmApi.Memory({ initial: workerData.initialPages });
    const { instance } = await wasmApi.instantiate(workerData.wasm, { env: { memory } });
    const tm = { memory, pG1gen: workerData.pG1gen as number, pG2gen: workerData.pG2gen as number };
    const ex = instance.exports as Record<string, (...args: number[]) => number>;
    const n8 = 32;
    const size = { G1: { aff: n8 * 2, jac: n8 * 3 }, G2: { aff: n8 * 4, jac: n8 * 6 } };
    const perTable = WINDOWS * ENTRIES * (size.G1.jac + size.G1.aff + size.G2.jac + size.G2.aff);
    const chunkBytes = MAX_CHUNK * (n8 + size.G2.jac + size.G2.aff);
    // batchToAffine/batchInverse borrow scratch above the free pointer: keep 4 MiB spare.
    const need = perTable + chunkBytes + (4 << 20);
    let free: number = new Uint32Array(tm.memory.buffer)[0];
    const missing = free + need - tm.memory.buffer.byteLength;
    if (missing > 0) tm.memory.grow(Math.ceil(missing / 65536));
    const alloc = (bytes: number): number => {
      const p = (free + 7) & ~7;
      free = p + bytes;
      new Uint32Array(tm.memory.buffer)[0] = free;
      return p;
    };
    const scalars = alloc(MAX_CHUNK * n8);
    const jacOut = alloc(MAX_CHUNK * size.G2.jac);
    const affOut = alloc(MAX_CHUNK * size.G2.aff);

    const build = (group: 'G1' | 'G2', gen: number): GroupCtx => {
      const prefix = group === 'G1' ? 'g1m' : 'g2m';
      const { aff, jac } = size[group];
      const tableJac = alloc(WINDOWS * ENTRIES * jac);
      const step = alloc(jac);
      ex[`${prefix}_copy`](gen, step);
      for (let j = 0; j < WINDOWS; j++) {
        const row = tableJac + j * ENTRIES * jac;
        ex[`${prefix}_zero`](row);
        ex[`${prefix}_copy`](step, row + jac);
        for (let b = 2; b < ENTRIES; b++) ex[`${prefix}_add`](row + (b - 1) * jac, step, row + b * jac);
        ex[`${prefix}_add`](row + (ENTRIES - 1) * jac, step, step);
      }
      const table = alloc(WINDOWS * ENTRIES * aff);
      ex[`${prefix}_batchToAffine`](tableJac, WINDOWS * ENTRIES, table);
      return { table, jac, aff, prefix };
    };
    return { ex, tm, g1: build('G1', tm.pG1gen), g2: build('G2', tm.pG2gen), scalars, jacOut, affOut, n8 };
  })();

  parentPort.on('message', async (msg: { id: number; group: 'G1' | 'G2'; scalars: Uint8Array }) => {
    try {
      const ctx = await ready;
      const g = msg.group === 'G1' ? ctx.g1 : ctx.g2;
      const n = msg.scalars.byteLength / ctx.n8;
      const u8 = new Uint8Array(ctx.tm.memory.buffer);
      u8.set(msg.scalars, ctx.scalars);
      msg.scalars.fill(0);
      const addMixed = ctx.ex[`${g.prefix}_addMixed`];
      const zero = ctx.ex[`${g.prefix}_zero`];
      for (let i = 0; i < n; i++) {
        const out = ctx.jacOut + i * g.jac;
        zero(out);
        const s = ctx.scalars + i * ctx.n8;
        for (let j = 0; j < WINDOWS; j++) {
          const b = u8[s + j];
          if (b !== 0) addMixed(out, g.table + (j * ENTRIES + b) * g.aff, out);
        }
      }
      u8.fill(0, ctx.scalars, ctx.scalars + n * ctx.n8);
      ctx.ex[`${g.prefix}_batchToAffine`](ctx.jacOut, n, ctx.affOut);
      const points = u8.slice(ctx.affOut, ctx.affOut + n * g.aff);
      parentPort.postMessage({ id: msg.id, points }, [points.buffer]);
    } catch (error) {
      parentPort.postMessage({ id: msg.id, error: String((error as Error)?.stack ?? error) });
    }
  });
}
