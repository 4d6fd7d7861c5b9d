/**
 * The typed bn128 wasm loader. zkr runs ffjavascript's BN254 arithmetic directly: wasmcurves'
 * bn128 module, built with wasmbuilder exactly as ffjavascript builds it, instantiated on a memory
 * zkr owns. Those exports are undocumented internals, so the ones zkr calls are declared here and
 * checked when an instance loads (`ENGINE_INCOMPATIBLE` names a missing one and the versions).
 * The module keeps its heap (bump allocator) pointer in the u32 at address 0; {@link Bn128Wasm}
 * is the one place that reads or moves it.
 */
import { bn254Error } from './errors';
import { describeEngine } from './versions';

/** A wasm export: every argument and result is an i32 (pointers, counts, sizes). */
export type WasmFunction = (...args: number[]) => number;

/** Exports of one group (`g1m` or `g2m`) that zkr calls. */
const GROUP_EXPORTS = ['zero', 'copy', 'add', 'addMixed', 'double', 'toAffine', 'batchToAffine', 'timesScalar', 'timesScalarAffine', 'multiexpAffine_chunk'] as const;

/** Every bn128 wasm export zkr calls, checked at load. */
export const BN128_EXPORTS = [
  'frm_toMontgomery', 'frm_batchFromMontgomery', 'frm_fft', 'frm_ifft', 'frm_batchApplyKey',
  'f1m_fromMontgomery', 'qap_buildABC', 'qap_joinABC',
  ...GROUP_EXPORTS.map((name) => `g1m_${name}` as const),
  ...GROUP_EXPORTS.map((name) => `g2m_${name}` as const),
] as const;

/** The typed bn128 exports: each name zkr calls. */
export type Bn128Exports = Readonly<Record<(typeof BN128_EXPORTS)[number], WasmFunction>>;

/** The operations of one group, bound to an instance's exports. */
export interface GroupOps {
  /** `r = 0` (Jacobian). */
  zero(r: number): void;
  /** `r = a` (Jacobian). */
  copy(a: number, r: number): void;
  /** `r = a + b` (Jacobian + Jacobian). */
  add(a: number, b: number, r: number): void;
  /** `r = a + b` (Jacobian + affine). */
  addMixed(a: number, b: number, r: number): void;
  /** `r = 2a`. */
  double(a: number, r: number): void;
  /** Jacobian `a` to affine `r`. */
  toAffine(a: number, r: number): void;
  /** `n` Jacobian points at `a` to affine at `r`, with one inversion. */
  batchToAffine(a: number, n: number, r: number): void;
  /** `r = s * a` for Jacobian `a` and an `n8`-byte little-endian scalar. */
  timesScalar(a: number, s: number, n8: number, r: number): void;
  /** `r = s * a` for affine `a`. */
  timesScalarAffine(a: number, s: number, n8: number, r: number): void;
  /** One Pippenger window: bits `[start, start + bits)` of `n` scalars of `scalarSize` bytes against affine bases, into `r`. */
  multiexpAffineChunk(bases: number, scalars: number, scalarSize: number, n: number, start: number, bits: number, r: number): void;
}

/** The compiled module and the addresses of the generators it embeds. */
export interface Bn128Module {
  readonly code: Uint8Array;
  /** Address of the G1 generator (Jacobian, Montgomery) in a fresh instance's memory. */
  readonly pG1gen: number;
  /** Address of the G2 generator. */
  readonly pG2gen: number;
}

/** The slice of the WebAssembly global used here (the node typings omit it without the DOM lib). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
  Module: new (code: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Pages ffjavascript declares for the module (`setMemory(25)`); an instance starts a bit above. */
const MODULE_PAGES = 25;
const INITIAL_PAGES = 32;
const PAGE = 65536;

function incompatible(what: string, cause?: unknown): never {
  throw bn254Error('ENGINE_INCOMPATIBLE', `${what}; install the pinned engine versions: ${describeEngine('wasmcurves')}, ${describeEngine('wasmbuilder')}`, {
    details: { what },
    cause,
  });
}

let built: Bn128Module | undefined;

/** Builds the bn128 module once per thread (~1.5 s) with wasmbuilder and wasmcurves, as ffjavascript does. */
export function bn128Module(): Bn128Module {
  if (built) return built;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ModuleBuilder } = require('wasmbuilder') as { ModuleBuilder?: new () => { setMemory(pages: number): void; build(): ArrayLike<number>; modules: Record<string, { pG1gen?: number; pG2gen?: number }> } };
  const { buildBn128 } = require('wasmcurves') as { buildBn128?: (builder: unknown) => void };
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (typeof ModuleBuilder !== 'function') incompatible('wasmbuilder has no ModuleBuilder');
  if (typeof buildBn128 !== 'function') incompatible('wasmcurves has no buildBn128');
  const builder = new ModuleBuilder();
  builder.setMemory(MODULE_PAGES);
  buildBn128(builder);
  const { pG1gen, pG2gen } = builder.modules.bn128 ?? {};
  if (typeof pG1gen !== 'number' || typeof pG2gen !== 'number') incompatible('the wasmcurves bn128 module does not record its generators (pG1gen, pG2gen)');
  built = { code: Uint8Array.from(builder.build()), pG1gen, pG2gen };
  return built;
}

/** The bn128 wasm module bytes (built once per thread). */
export function bn128WasmCode(): Uint8Array {
  return bn128Module().code;
}

/** Binds the exports of one group. */
function groupOps(ex: Bn128Exports, prefix: 'g1m' | 'g2m'): GroupOps {
  const f = (name: (typeof GROUP_EXPORTS)[number]): WasmFunction => ex[`${prefix}_${name}`];
  return {
    zero: f('zero'),
    copy: f('copy'),
    add: f('add'),
    addMixed: f('addMixed'),
    double: f('double'),
    toAffine: f('toAffine'),
    batchToAffine: f('batchToAffine'),
    timesScalar: f('timesScalar'),
    timesScalarAffine: f('timesScalarAffine'),
    multiexpAffineChunk: f('multiexpAffine_chunk'),
  };
}

/** Default spare bytes kept above the heap for the module's own scratch (batch inversions, buckets). */
const DEFAULT_HEADROOM = 16 << 20;

/** One bn128 wasm instance on its own memory, with the module's bump allocator. */
export class Bn128Wasm {
  /** The checked exports. */
  readonly exports: Bn128Exports;
  /** G1 operations. */
  readonly g1: GroupOps;
  /** G2 operations. */
  readonly g2: GroupOps;
  private readonly memory: WasmMemory;

  /** Instantiates `code` (default: {@link bn128WasmCode}); `ENGINE_INCOMPATIBLE` if an export zkr calls is missing. */
  constructor(code: Uint8Array = bn128WasmCode()) {
    this.memory = new WA.Memory({ initial: INITIAL_PAGES, maximum: 65536 });
    // Not named `exports`: in tsc's CommonJS output that local would shadow the module's `exports`.
    let instanceExports: Record<string, unknown>;
    try {
      instanceExports = new WA.Instance(new WA.Module(code), { env: { memory: this.memory } }).exports;
    } catch (cause) {
      incompatible('the bn128 wasm module does not instantiate', cause);
    }
    for (const name of BN128_EXPORTS) {
      if (typeof instanceExports[name] !== 'function') incompatible(`the bn128 wasm module has no function export ${name}`);
    }
    this.exports = instanceExports as unknown as Bn128Exports;
    this.g1 = groupOps(this.exports, 'g1m');
    this.g2 = groupOps(this.exports, 'g2m');
  }

  /** Current heap pointer; pass it to {@link reset} to free everything allocated since. */
  get heap(): number {
    return new Uint32Array(this.memory.buffer, 0, 1)[0];
  }

  /** Frees every allocation made after `heap` was read. */
  reset(heap: number): void {
    new Uint32Array(this.memory.buffer, 0, 1)[0] = heap;
  }

  /** Bytes of memory currently addressable. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Allocates `length` bytes (8-aligned), growing memory so `headroom` bytes stay free above the heap. */
  alloc(length: number, headroom: number = DEFAULT_HEADROOM): number {
    const p = (this.heap + 7) & ~7;
    this.reserve(p + length + headroom);
    this.reset(p + length);
    return p;
  }

  /** Grows memory (if needed) to hold at least `bytes` bytes. */
  reserve(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE));
  }

  /** A view of `length` bytes at `p` (invalidated when memory grows). */
  view(p: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, p, length);
  }

  /** The whole memory as bytes (invalidated when memory grows). */
  bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  /** The whole memory as u32 words (invalidated when memory grows). */
  words(): Uint32Array {
    return new Uint32Array(this.memory.buffer);
  }

  /** Allocates and fills a copy of `bytes`. */
  put(bytes: Uint8Array, headroom?: number): number {
    const p = this.alloc(bytes.byteLength, headroom);
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
    for (let i = n8 - 1; i >= 0; i--) value = (value << 8n) | BigInt(v[i]);
    return value;
  }
}
