/**
 * Where the zkr engine runs the five MSMs of a proof (A, B1, C, H in G1; B2 in G2): on the wasm
 * worker pool ({@link PoolMsms}) or on the native addon's threads ({@link NativeMsms}). Both keep
 * the proving key's point sections resident for the engine's lifetime; a proof passes only scalars.
 */
import { availableParallelism } from 'node:os';
import { bn128WasmCode, frRootOfUnity, type ZkeyInfo } from '@zkr/bn254';
import { isZkrError } from '@zkr/errors';
import { ResidentBases, ResidentCoefficients } from '@zkr/native';
import { proverError } from './errors';
import { MsmPool } from './msmPool';

/** Partial results of the witness MSMs of one proof (each a list to be summed). */
export interface WitnessMsmParts {
  readonly a: Promise<Uint8Array>[];
  readonly b1: Promise<Uint8Array>[];
  readonly b2: Promise<Uint8Array>[];
  readonly c: Promise<Uint8Array>[];
}

/** The MSM side of the engine. */
export interface ProofMsms {
  /** Threads the MSMs run on. */
  readonly threads: number;
  /** Partial results per MSM (one per worker for the pool, one for the native addon). */
  readonly partials: number;
  /** Layout of the partial points: wasm Jacobian Montgomery, or zkey affine (zeros = infinity). */
  readonly format: 'jacobian' | 'affine';
  /** Starts A, B1, B2 and C against the witness values (`nVars * 32` bytes, standard form). */
  witness(values: Uint8Array): WitnessMsmParts;
  /** Starts H against the H scalars (`domainSize * 32` bytes, standard form). */
  h(scalars: Uint8Array): Promise<Uint8Array>[];
  /**
   * When the backend also computes the H scalars (the native addon does, A, B, C and the NTTs on
   * its threads against the key's resident coefficients): from the witness values (`nVars * 32`
   * bytes, standard form, copied at the call).
   */
  readonly hScalars?: (values: Uint8Array) => Promise<Uint8Array>;
  /** Ends the threads and frees the resident points. */
  close(): Promise<void>;
}

/** Zkey section of the QAP coefficients. */
const COEFFICIENTS_SECTION = 4;

/** Zkey sections of the five point sets: A, B1, B2, C, H. */
const SECTIONS = { a: 5, b1: 6, b2: 7, c: 8, h: 9 } as const;

type SectionOf = (id: number) => Uint8Array;

/** The MSMs on the wasm worker pool (see `msmPool.ts`). */
export class PoolMsms implements ProofMsms {
  readonly format = 'jacobian';

  private constructor(
    private readonly pool: MsmPool,
    private readonly nPublic: number,
  ) {}

  /** Starts `threads` workers (default: cores) holding the five sections. */
  static async start(section: SectionOf, info: ZkeyInfo, threads?: number): Promise<PoolMsms> {
    const groups = [[SECTIONS.a, 1], [SECTIONS.b1, 1], [SECTIONS.b2, 2], [SECTIONS.c, 1], [SECTIONS.h, 1]] as const;
    const pool = await MsmPool.start(bn128WasmCode(), groups.map(([id, group]) => ({ id, group, bytes: section(id) })), threads);
    return new PoolMsms(pool, info.nPublic);
  }

  get threads(): number {
    return this.pool.size;
  }

  get partials(): number {
    return this.pool.size;
  }

  witness(values: Uint8Array): WitnessMsmParts {
    this.pool.setScalars('w', values);
    // G2 first: it is the longest.
    const b2 = this.pool.msm({ section: SECTIONS.b2, scalars: 'w', offset: 0 });
    return {
      b2,
      a: this.pool.msm({ section: SECTIONS.a, scalars: 'w', offset: 0 }),
      b1: this.pool.msm({ section: SECTIONS.b1, scalars: 'w', offset: 0 }),
      c: this.pool.msm({ section: SECTIONS.c, scalars: 'w', offset: this.nPublic + 1 }),
    };
  }

  h(scalars: Uint8Array): Promise<Uint8Array>[] {
    this.pool.setScalars('h', scalars);
    return this.pool.msm({ section: SECTIONS.h, scalars: 'h', offset: 0 });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Maps a failure of the native addon to the prover's codes. */
function nativeFailed(error: unknown): unknown {
  if (isZkrError(error, 'BASES_RELEASED') || isZkrError(error, 'COEFFICIENTS_RELEASED')) return proverError('PROVER_CLOSED', 'the engine was closed while a proof was running; open a new Prover');
  const message = (error as Error).message;
  return proverError('ENGINE_FAILED', `the native MSM failed (${message}); retry with --engine zkr and report the bug`, { details: { message }, cause: error });
}

/**
 * The MSMs on the native addon: the five point sections and the coefficients are copied once into
 * native memory (and checked there); each MSM runs on `threads` native threads off the JavaScript
 * thread. The witness MSMs of a proof run one after another, beside the native H computation
 * (A, B, C from the witness and the NTTs, on `threads` threads); with one thread the H computation
 * waits for them instead, so the engine never keeps more than `threads` native threads busy (a
 * fleet worker with `threads: 1` leaves the machine's other cores to other workers).
 */
export class NativeMsms implements ProofMsms {
  readonly format = 'affine';
  readonly partials = 1;
  private closed = false;
  /** Settles when the last proof's witness MSMs have ended. */
  private witnessMsms: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly bases: Record<keyof typeof SECTIONS, ResidentBases>,
    private readonly coefficients: ResidentCoefficients,
    private readonly nPublic: number,
    readonly threads: number,
  ) {}

  /**
   * Loads the five point sections and the coefficients into native memory on `threads` threads
   * (default: cores). `NATIVE_UNAVAILABLE` (from `@zkr/native`) when the addon cannot be used,
   * `POINT_INVALID` or `COEFFICIENT_INVALID` for a corrupted section, `INVALID_ARGUMENT` for a bad
   * thread count.
   */
  static load(section: SectionOf, info: ZkeyInfo, threads = availableParallelism()): NativeMsms {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw proverError('INVALID_ARGUMENT', `threads must be an integer in [1, 256], got ${threads}`, { details: { field: 'threads', value: threads } });
    }
    const loaded: ResidentBases[] = [];
    try {
      const load = (id: number, group: 1 | 2): ResidentBases => {
        const bases = ResidentBases.load(group, section(id), threads);
        loaded.push(bases);
        return bases;
      };
      const bases = { a: load(SECTIONS.a, 1), b1: load(SECTIONS.b1, 1), b2: load(SECTIONS.b2, 2), c: load(SECTIONS.c, 1), h: load(SECTIONS.h, 1) };
      // The domain snarkjs uses: Fr.w[power], shifted by Fr.w[power + 1].
      const domain = { power: info.power, root: frRootOfUnity(info.power), shift: frRootOfUnity(info.power + 1) };
      const coefficients = ResidentCoefficients.load(section(COEFFICIENTS_SECTION), info.nVars, domain);
      return new NativeMsms(bases, coefficients, info.nPublic, threads);
    } catch (error) {
      for (const bases of loaded) bases.release();
      throw error;
    }
  }

  witness(values: Uint8Array): WitnessMsmParts {
    const run = (bases: ResidentBases, scalars: Uint8Array) => (): Promise<Uint8Array> => this.run(bases, scalars);
    const a = this.run(this.bases.a, values);
    const b1 = a.then(run(this.bases.b1, values));
    const b2 = b1.then(run(this.bases.b2, values));
    const c = b2.then(run(this.bases.c, values.subarray((this.nPublic + 1) * 32)));
    this.witnessMsms = c.catch(() => undefined);
    return { a: [a], b1: [b1], b2: [b2], c: [c] };
  }

  h(scalars: Uint8Array): Promise<Uint8Array>[] {
    return [this.run(this.bases.h, scalars)];
  }

  readonly hScalars = async (values: Uint8Array): Promise<Uint8Array> => {
    if (this.threads === 1) await this.witnessMsms;
    if (this.closed) throw proverError('PROVER_CLOSED', 'the engine was closed; open a new Prover');
    try {
      return await this.coefficients.h(values, this.threads);
    } catch (error) {
      throw nativeFailed(error);
    }
  };

  private async run(bases: ResidentBases, scalars: Uint8Array): Promise<Uint8Array> {
    if (this.closed) throw proverError('PROVER_CLOSED', 'the engine was closed; open a new Prover');
    try {
      return await bases.msm(scalars, this.threads);
    } catch (error) {
      throw nativeFailed(error);
    }
  }

  /** Frees the resident points and coefficients (an MSM or H computation still running finishes on its own copy, then fails the proof with `PROVER_CLOSED`). */
  async close(): Promise<void> {
    this.closed = true;
    for (const bases of Object.values(this.bases)) bases.release();
    this.coefficients.release();
  }
}
