/**
 * zkr's own Groth16 engine (same math as snarkjs's `groth16_prove.js`, different scheduling), in
 * two flavours that differ only in where the MSMs run (`msms.ts`):
 * - `zkr`: the zkey's point sections stay resident in wasm MSM workers (see `msmPool.ts`); MSMs
 *   skip zero scalars, add scalar-1 points directly and size Pippenger windows per scalar width;
 * - `native`: the sections stay resident in the native addon's memory (`@zkr/native`), whose
 *   C++ Pippenger runs on native threads.
 * Either way a proof sends only the witness and the H scalars; the four witness MSMs (A, B1 in G1,
 * B2 in G2, C) start at once while A, B, C are built and the six FFTs run (in wasm on the main
 * thread for `zkr`; for `native` on native threads, against coefficients resident in native
 * memory); the H MSM follows.
 */
import { randomBytes } from 'node:crypto';
import {
  Bn128Wasm, FR_ORDER as BN254_R, frReduce, frRootOfUnity, G1_JACOBIAN_BYTES as G1_JAC, G2_JACOBIAN_BYTES as G2_JAC, zkeySection,
  type GroupOps, type Groth16Proof, type ZkeyInfo,
} from '@zkr/bn254';
import type { EngineName, ProgressListener, ProofWithSignals, ProverEngine } from './engine';
import { proverError } from './errors';
import { NativeMsms, PoolMsms, type ProofMsms } from './msms';
import type { Witness } from './witness';

/** Options of {@link ZkrEngine.create}. */
export interface ZkrEngineOptions {
  /** Where the MSMs run: `wasm` workers (the `zkr` engine, default) or the `native` addon. */
  readonly msm?: 'wasm' | 'native';
  /** MSM threads (default: available cores). */
  readonly threads?: number;
  /** Blinding factors `(r, s)`; random by default. Fixed values make proofs deterministic (tests only). */
  readonly blinding?: () => readonly [bigint, bigint];
}

function closedError() {
  return proverError('PROVER_CLOSED', 'the engine was closed while this proof was running; open a new Prover');
}

function randomScalar(): bigint {
  return BigInt(`0x${randomBytes(40).toString('hex')}`) % BN254_R;
}

/** Pointers into the main thread's wasm for the wasm H path: the coefficients, their count, one and the coset shift (Montgomery). */
interface WasmQap {
  readonly count: number;
  readonly pCoefs: number;
  readonly pOne: number;
  readonly pInc: number;
}

/** The resident-bases parallel Groth16 engine (`zkr` on wasm workers, `native` on the addon). */
export class ZkrEngine implements ProverEngine {
  readonly name: EngineName;
  private closed = false;
  /** The H scalars from the witness values: the backend's when it computes them, else this thread's wasm. */
  private readonly hScalars: (values: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  private readonly vk: Record<'alpha1' | 'beta1' | 'delta1' | 'beta2' | 'delta2', number>;
  private busy: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly msms: ProofMsms,
    private readonly wasm: Bn128Wasm,
    private readonly info: ZkeyInfo,
    coefficients: Uint8Array,
    private readonly blinding: () => readonly [bigint, bigint],
  ) {
    this.name = msms.format === 'affine' ? 'native' : 'zkr';
    const ex = wasm.exports;
    if (msms.hScalars) {
      this.hScalars = msms.hScalars;
    } else {
      const key: WasmQap = {
        count: new DataView(coefficients.buffer, coefficients.byteOffset, 4).getUint32(0, true),
        pCoefs: wasm.put(coefficients.subarray(4)),
        pOne: wasm.alloc(32),
        // Shift to the odd coset of the 2n-th roots of unity, as snarkjs does (`Fr.w[power + 1]`).
        pInc: wasm.alloc(32),
      };
      wasm.writeBigint(key.pOne, 1n);
      ex.frm_toMontgomery(key.pOne, key.pOne);
      wasm.writeBigint(key.pInc, frRootOfUnity(info.power + 1));
      ex.frm_toMontgomery(key.pInc, key.pInc);
      this.hScalars = (values) => this.wasmHScalars(values, key);
    }
    const v = info.vk;
    this.vk = { alpha1: wasm.put(v.alpha1), beta1: wasm.put(v.beta1), delta1: wasm.put(v.delta1), beta2: wasm.put(v.beta2), delta2: wasm.put(v.delta2) };
  }

  /**
   * Loads the proving key's points into the workers and its coefficients into the main thread's
   * wasm (or both into native memory). With `msm: 'native'`, `NATIVE_UNAVAILABLE` (from
   * `@zkr/native`) when the addon cannot be used.
   */
  static async create(zkey: Uint8Array, info: ZkeyInfo, options: ZkrEngineOptions = {}): Promise<ZkrEngine> {
    if (info.power + 1 > 28) {
      throw proverError('CIRCUIT_TOO_LARGE', `the zkr engine supports domains up to 2^27, this key needs 2^${info.power}; use --engine snarkjs`, { details: { power: info.power } });
    }
    const section = (id: number): Uint8Array => zkeySection(zkey, info, id);
    const msms = options.msm === 'native' ? NativeMsms.load(section, info, options.threads) : await PoolMsms.start(section, info, options.threads);
    try {
      return new ZkrEngine(msms, new Bn128Wasm(), info, section(4), options.blinding ?? (() => [randomScalar(), randomScalar()]));
    } catch (error) {
      await msms.close();
      throw error;
    }
  }

  get threads(): number {
    return this.msms.threads;
  }

  /** Proves one witness; concurrent calls are queued (the workers and buffers are per engine). */
  prove(witness: Witness, onProgress?: ProgressListener): Promise<ProofWithSignals> {
    const run = this.busy.then(() => this.proveNow(witness, onProgress));
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async proveNow(witness: Witness, onProgress?: ProgressListener): Promise<ProofWithSignals> {
    const { nVars, nPublic } = this.info;
    if (witness.nVars !== nVars) {
      throw proverError('WITNESS_MISMATCH', `the witness has ${witness.nVars} variables, the proving key ${nVars}; compute it with this circuit's wasm`, {
        details: { witness: witness.nVars, zkey: nVars },
      });
    }
    if (this.closed) throw closedError();
    const values = witness.values.slice();
    const total = 5 * this.msms.partials;
    let done = 0;
    // Progress: one step per finished partial MSM; FFT work on this thread is reported as it starts.
    const track = (stage: string, partials: Promise<Uint8Array>[]): Promise<Uint8Array>[] =>
      partials.map((p) => p.then((point) => (onProgress?.({ stage, fraction: (++done / total) * 0.99 }), point)));
    onProgress?.({ stage: 'start', fraction: 0 });
    const witnessParts = this.msms.witness(values);
    const parts = {
      b2: track('msm-b2', witnessParts.b2),
      a: track('msm-a', witnessParts.a),
      b1: track('msm-b1', witnessParts.b1),
      c: track('msm-c', witnessParts.c),
      h: [] as Promise<Uint8Array>[],
    };
    // Failures surface through Promise.all below; this keeps a rejection unhandled-free if the FFTs throw first.
    for (const list of [parts.a, parts.b1, parts.b2, parts.c]) for (const p of list) p.catch(() => undefined);
    onProgress?.({ stage: 'fft', fraction: 0 });
    // While the workers run the witness MSMs, build A, B, C and compute the H scalars: on the
    // native threads when the backend computes them, else here in wasm.
    parts.h = track('msm-h', this.msms.h(await this.hScalars(values)));
    const [a, b1, b2, c, h] = await Promise.all([parts.a, parts.b1, parts.b2, parts.c, parts.h].map((p) => Promise.all(p)));
    // A proof that finishes after close() is discarded, as the snarkjs engine's is.
    if (this.closed) throw closedError();
    onProgress?.({ stage: 'done', fraction: 1 });
    const publicSignals: string[] = [];
    for (let i = 1; i <= nPublic; i++) {
      let v = 0n;
      for (let k = 31; k >= 0; k--) v = (v << 8n) | BigInt(values[i * 32 + k]!);
      publicSignals.push(v.toString());
    }
    return { proof: this.assemble(a!, b1!, b2!, c!, h!), publicSignals };
  }

  /** The H scalars in this thread's wasm: A, B, C from the coefficients, three FFT round trips, A * B - C. */
  private wasmHScalars(values: Uint8Array, key: WasmQap): Uint8Array {
    const { nVars, domainSize: n } = this.info;
    const wasm = this.wasm;
    const ex = wasm.exports;
    const heap = wasm.heap;
    try {
      const pW = wasm.put(values);
      const [pA, pB, pC] = [wasm.alloc(n * 32), wasm.alloc(n * 32), wasm.alloc(n * 32)];
      ex.qap_buildABC(key.pCoefs, key.count, pW, pA, pB, pC, 0, n, 0, nVars);
      for (const p of [pA, pB, pC]) {
        ex.frm_ifft(p, n);
        ex.frm_batchApplyKey(p, n, key.pOne, key.pInc, p);
        ex.frm_fft(p, n);
      }
      ex.qap_joinABC(pA, pB, pC, n, pA);
      ex.frm_batchFromMontgomery(pA, n, pA);
      return wasm.view(pA, n * 32).slice();
    } finally {
      wasm.reset(heap);
    }
  }

  /** Sums the workers' partial MSMs and adds the verification-key and blinding terms. */
  private assemble(a: Uint8Array[], b1: Uint8Array[], b2: Uint8Array[], c: Uint8Array[], h: Uint8Array[]): Groth16Proof {
    const wasm = this.wasm;
    const heap = wasm.heap;
    try {
      const affine = this.msms.format === 'affine';
      const sum = (ops: GroupOps, jac: number, parts: Uint8Array[]): number => {
        const acc = wasm.alloc(jac);
        ops.zero(acc);
        for (const part of parts) {
          if (!affine) ops.add(acc, wasm.put(part), acc);
          else if (part.some((byte) => byte !== 0)) ops.addMixed(acc, wasm.put(part), acc); // all zeros: the point at infinity
        }
        return acc;
      };
      const scalar = (value: bigint): number => {
        const p = wasm.alloc(32);
        wasm.writeBigint(p, frReduce(value));
        return p;
      };
      const tmp1 = wasm.alloc(G1_JAC);
      const tmp2 = wasm.alloc(G2_JAC);
      const [r, s] = this.blinding();
      const pr = scalar(r);
      const ps = scalar(s);

      const { g1, g2 } = wasm;
      const piA = sum(g1, G1_JAC, a);
      g1.addMixed(piA, this.vk.alpha1, piA);
      g1.timesScalarAffine(this.vk.delta1, pr, 32, tmp1);
      g1.add(piA, tmp1, piA);

      const piB = sum(g2, G2_JAC, b2);
      g2.addMixed(piB, this.vk.beta2, piB);
      g2.timesScalarAffine(this.vk.delta2, ps, 32, tmp2);
      g2.add(piB, tmp2, piB);

      const piB1 = sum(g1, G1_JAC, b1);
      g1.addMixed(piB1, this.vk.beta1, piB1);
      g1.timesScalarAffine(this.vk.delta1, ps, 32, tmp1);
      g1.add(piB1, tmp1, piB1);

      const piC = sum(g1, G1_JAC, [...c, ...h]);
      g1.timesScalar(piA, ps, 32, tmp1);
      g1.add(piC, tmp1, piC);
      g1.timesScalar(piB1, pr, 32, tmp1);
      g1.add(piC, tmp1, piC);
      g1.timesScalarAffine(this.vk.delta1, scalar(-(r * s)), 32, tmp1);
      g1.add(piC, tmp1, piC);

      return { pi_a: this.g1Object(piA), pi_b: this.g2Object(piB), pi_c: this.g1Object(piC), protocol: 'groth16', curve: 'bn128' };
    } finally {
      wasm.reset(heap);
    }
  }

  private coords(ops: GroupOps, p: number, nCoords: number): bigint[] {
    const wasm = this.wasm;
    const aff = wasm.alloc(nCoords * 32);
    ops.toAffine(p, aff);
    return Array.from({ length: nCoords }, (_, i) => {
      wasm.exports.f1m_fromMontgomery(aff + i * 32, aff + i * 32);
      return wasm.readBigint(aff + i * 32);
    });
  }

  private g1Object(p: number): Groth16Proof['pi_a'] {
    const [x, y] = this.coords(this.wasm.g1, p, 2) as [bigint, bigint];
    if (x === 0n && y === 0n) return ['0', '1', '0'];
    return [x.toString(), y.toString(), '1'];
  }

  private g2Object(p: number): Groth16Proof['pi_b'] {
    const [x0, x1, y0, y1] = this.coords(this.wasm.g2, p, 4) as [bigint, bigint, bigint, bigint];
    if (x0 === 0n && x1 === 0n && y0 === 0n && y1 === 0n) return [['0', '0'], ['1', '0'], ['0', '0']];
    return [[x0.toString(), x1.toString()], [y0.toString(), y1.toString()], ['1', '0']];
  }

  /** Ends the workers (or frees the native memory); a running proof fails with `PROVER_CLOSED`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.msms.close();
  }
}
