/**
 * The BN254 arithmetic of ffjavascript (wasmcurves' bn128 module, built with wasmbuilder exactly as
 * ffjavascript builds it), instantiated directly so zkr controls memory and threads.
 */
import { performance } from 'node:perf_hooks';

/* eslint-disable @typescript-eslint/no-require-imports */
const { ModuleBuilder } = require('wasmbuilder') as { ModuleBuilder: new () => { setMemory(pages: number): void; build(): number[] | Uint8Array } };
const { buildBn128 } = require('wasmcurves') as { buildBn128: (builder: unknown) => void };

/** The slice of the WebAssembly global used here (the node typings omit it without the DOM lib). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const WA = (globalThis as unknown as {
  WebAssembly: {
    Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
    Module: new (code: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: object };
  };
}).WebAssembly;

/** Exported wasm functions, all taking pointers into the instance's memory. */
export type WasmExports = Record<string, (...args: number[]) => number>;

let code: Uint8Array | undefined;

/** The bn128 wasm module bytes (built once per process, ~1.5 s). */
export function bn128WasmCode(): Uint8Array {
  if (!code) {
    const builder = new ModuleBuilder();
    builder.setMemory(25);
    buildBn128(builder);
    code = Uint8Array.from(builder.build());
  }
  return code;
}

/** One bn128 wasm instance with a bump allocator (the module keeps its heap pointer at address 0). */
export class Bn128Wasm {
  readonly exports: WasmExports;
  private readonly memory: WasmMemory;

  constructor() {
    this.memory = new WA.Memory({ initial: 32, maximum: 65536 });
    const instance = new WA.Instance(new WA.Module(bn128WasmCode()), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as WasmExports;
  }

  /** Current heap pointer; pass to {@link reset} to free everything allocated since. */
  get heap(): number {
    return new Uint32Array(this.memory.buffer, 0, 1)[0]!;
  }

  /** Frees every allocation made after `heap` was read. */
  reset(heap: number): void {
    new Uint32Array(this.memory.buffer, 0, 1)[0] = heap;
  }

  /** Allocates `length` bytes (8-aligned), growing memory with headroom for the module's own scratch. */
  alloc(length: number): number {
    const p = (this.heap + 7) & ~7;
    const need = p + length + (16 << 20);
    if (need > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / 65536));
    this.reset(p + length);
    return p;
  }

  /** A view of `length` bytes at `p` (invalidated when memory grows). */
  view(p: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, p, length);
  }

  /** Allocates and fills a copy of `bytes`. */
  put(bytes: Uint8Array): number {
    const p = this.alloc(bytes.byteLength);
    this.view(p, bytes.byteLength).set(bytes);
    return p;
  }

  /** Writes `value` as a little-endian `n8`-byte integer at `p`. */
  writeBigint(p: number, value: bigint, n8 = 32): void {
    const v = this.view(p, n8);
    for (let i = 0; i < n8; i++) {
      v[i] = Number(value & 0xffn);
      value >>= 8n;
    }
  }

  /** Reads a little-endian `n8`-byte integer at `p`. */
  readBigint(p: number, n8 = 32): bigint {
    const v = this.view(p, n8);
    let value = 0n;
    for (let i = n8 - 1; i >= 0; i--) value = (value << 8n) | BigInt(v[i]!);
    return value;
  }
}

/** Milliseconds since `start`. */
export function since(start: number): number {
  return performance.now() - start;
}
