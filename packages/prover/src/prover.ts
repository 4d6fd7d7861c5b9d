/**
 * The Prover: loads a circuit's proving artifacts once and proves many inputs with them.
 */
import { performance } from 'node:perf_hooks';
import { batchToCircuitInput, DEFAULT_INSTANCE, WitnessGenerator, type CircuitInstance } from '@zkr/circuits';
import { nativeStatus } from '@zkr/native';
import { FQ_ORDER, MONTGOMERY_R, readFileBytes, readUintLE, readZkey, withSnarkjs, zkeySection, type Groth16Proof, type VerificationKey, type ZkeyInfo } from '@zkr/bn254';
import { loadArtifacts, type Manifest } from '@zkr/setup';
import type { Batch } from '@zkr/state';
import { proverError } from './errors';
import type { EngineName, ProgressListener, ProofWithSignals, ProverEngine } from './engine';
import { SnarkjsEngine } from './snarkjsEngine';
import { ZkrEngine } from './zkrEngine';
import { parseVerificationKey, verifyProof } from './verify';
import { toWitness, type CircuitInput, type Witness } from './witness';

/** Files the Prover loads: the proving key, the witness wasm and (optionally) the verification key to cross-check. */
export interface ProverFiles {
  readonly zkey: string;
  readonly wasm: string;
  /**
   * When given, must be the verification key of `zkey` (`VKEY_MISMATCH` otherwise; checked against
   * the zkey's header and IC points) and becomes the Prover's `vkey`; when absent the key is
   * exported from the zkey with snarkjs.
   */
  readonly vkey?: string;
}

/** What {@link Prover.prove} accepts: a batch of the circuit's instance, or raw circuit input signals. */
export type ProverInput = Batch | CircuitInput;

function isBatch(input: ProverInput): input is Batch {
  return typeof input === 'object' && input !== null && 'slots' in input && 'batchData' in input;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for a signal value circom reads exactly: a bigint, a safe integer, or a decimal integer string. */
function isSignalValue(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'string' && /^-?(0|[1-9][0-9]*)$/.test(value);
}

/** The path of the first value of `value` (a signal's value or nested arrays of them) that is not a signal value. */
function badSignalPath(value: unknown, path: string): string | undefined {
  if (!Array.isArray(value)) return isSignalValue(value) ? undefined : path;
  for (const [i, item] of value.entries()) {
    const bad = badSignalPath(item, `${path}[${i}]`);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/**
 * Checks raw circuit input (e.g. a parsed input.json): an object of signal name to a decimal
 * integer string, a safe-integer number or a bigint, or nested arrays of them. `INVALID_CIRCUIT_INPUT`
 * naming the first bad signal (`details.field`) and `source` otherwise; which signals the circuit
 * expects is checked when its witness is computed.
 */
export function parseCircuitInput(value: unknown, source = 'circuit input'): CircuitInput {
  if (!isPlainObject(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw proverError('INVALID_CIRCUIT_INPUT', `${source} must be a JSON object of signal name to value, got ${got}`, { details: { field: '(root)', source } });
  }
  for (const [name, signal] of Object.entries(value)) {
    const field = badSignalPath(signal, name);
    if (field !== undefined) {
      throw proverError('INVALID_CIRCUIT_INPUT', `${source}: ${field} must be a decimal integer string (or nested arrays of them), e.g. "42"`, {
        details: { field, source },
      });
    }
  }
  return value;
}

/** Options of {@link Prover.open}. */
export interface ProverOptions {
  /**
   * Proving engine: `zkr` (default, resident-bases parallel engine on wasm workers), `native` (the
   * same engine with its MSMs in the `@zkr/native` addon; falls back to `zkr` with one notice when
   * the addon cannot be used) or `snarkjs` (the reference path).
   */
  readonly engine?: EngineName;
  /** MSM threads of the `zkr` and `native` engines (default: available cores; the snarkjs engine always uses all cores). */
  readonly threads?: number;
  /** Receives one-line notices (the native engine falling back to zkr); default: written to stderr. */
  readonly onNotice?: (line: string) => void;
  /** Receives progress of every proof. */
  readonly onProgress?: ProgressListener;
  /** The batch circuit instance the artifacts were made for; required to prove `Batch` objects. */
  readonly instance?: CircuitInstance;
}

/** Wall-clock milliseconds spent in each phase of one proof. */
export interface ProveTimings {
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly totalMs: number;
}

/** A proof, its public signals and how long it took. */
export interface ProveResult extends ProofWithSignals {
  readonly timings: ProveTimings;
}

/** Reads an artifact file; `FILE_MISSING` (from `@zkr/bn254`) when it cannot be read. */
function readArtifact(path: string, what: string): Promise<Uint8Array> {
  return readFileBytes(path, `${what} (run \`zkr setup\` to create the artifacts)`);
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = Buffer.from(await readArtifact(path, what)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw proverError('VKEY_INVALID', `the ${what} at ${path} is not JSON; re-export it with \`zkr setup\``, { details: { path }, cause });
  }
}

/** The verification key of an in-memory zkey, computed by snarkjs on a leased curve. */
async function exportVerificationKey(zkey: Uint8Array): Promise<VerificationKey> {
  return withSnarkjs((snarkjs) => snarkjs.zKey.exportVerificationKey({ type: 'mem', data: zkey }));
}

/** The fields of a verification key that verification reads (snarkjs's `groth16.verify`). */
const KEY_FIELDS = ['nPublic', 'vk_alpha_1', 'vk_beta_2', 'vk_gamma_2', 'vk_delta_2', 'IC'] as const;

type KeyPoints = Pick<VerificationKey, (typeof KEY_FIELDS)[number]>;

function sameKey(a: KeyPoints, b: KeyPoints): boolean {
  return KEY_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/** 2^-256 mod q: takes an Fq coordinate out of Montgomery form. */
const MONTGOMERY_R_INVERSE = (() => {
  let [result, base] = [1n, MONTGOMERY_R % FQ_ORDER];
  for (let e = FQ_ORDER - 2n; e > 0n; e >>= 1n, base = (base * base) % FQ_ORDER) if (e & 1n) result = (result * base) % FQ_ORDER;
  return result;
})();

/**
 * The verification points of a zkey in snarkjs's JSON shape (affine, decimal, z = 1), read from its
 * header and IC section: what {@link sameKey} compares, without starting a curve.
 */
function keyPointsOf(zkey: Uint8Array, info: ZkeyInfo): KeyPoints {
  const coordinate = (bytes: Uint8Array, k: number): string => ((readUintLE(bytes, 32 * k, 32) * MONTGOMERY_R_INVERSE) % FQ_ORDER).toString();
  const g1 = (bytes: Uint8Array): string[] => [coordinate(bytes, 0), coordinate(bytes, 1), '1'];
  const g2 = (bytes: Uint8Array): string[][] => [[coordinate(bytes, 0), coordinate(bytes, 1)], [coordinate(bytes, 2), coordinate(bytes, 3)], ['1', '0']];
  const ic = zkeySection(zkey, info, 3);
  return {
    nPublic: info.nPublic,
    vk_alpha_1: g1(info.vk.alpha1),
    vk_beta_2: g2(info.vk.beta2),
    vk_gamma_2: g2(info.vk.gamma2),
    vk_delta_2: g2(info.vk.delta2),
    IC: Array.from({ length: info.nPublic + 1 }, (_, i) => g1(ic.subarray(64 * i, 64 * (i + 1)))),
  } as KeyPoints;
}

const stderrNotice = (line: string): void => void process.stderr.write(`${line}\n`);

async function createEngine(name: EngineName, zkey: Uint8Array, info: ZkeyInfo, options: ProverOptions): Promise<ProverEngine> {
  const { threads } = options;
  switch (name) {
    case 'snarkjs':
      return SnarkjsEngine.create(zkey);
    case 'zkr':
      return ZkrEngine.create(zkey, info, { threads });
    case 'native': {
      const status = nativeStatus();
      if (status.available) return ZkrEngine.create(zkey, info, { threads, msm: 'native' });
      (options.onNotice ?? stderrNotice)(`zkr: native engine unavailable (${status.reason}); proving with the zkr (wasm) engine`);
      return ZkrEngine.create(zkey, info, { threads });
    }
    default:
      throw proverError('ENGINE_UNKNOWN', `unknown prover engine ${JSON.stringify(name)}; use "zkr", "native" or "snarkjs"`, { details: { engine: name } });
  }
}

/** The instance a manifest records (`Q` and `W` default to 1 when it predates them). */
function instanceOf(manifest: Manifest): CircuitInstance | undefined {
  const { depth, batchSize, queuePositions, withdrawalPositions } = manifest.circuit as Manifest['circuit'] & Partial<Pick<CircuitInstance, 'queuePositions' | 'withdrawalPositions'>>;
  return depth === undefined || batchSize === undefined ? undefined : {
    depth,
    batchSize,
    queuePositions: queuePositions ?? DEFAULT_INSTANCE.queuePositions,
    withdrawalPositions: withdrawalPositions ?? DEFAULT_INSTANCE.withdrawalPositions,
  };
}

function withTimings(result: ProofWithSignals, witnessMs: number, proveStart: number): ProveResult {
  const proveMs = performance.now() - proveStart;
  return { ...result, timings: { witnessMs, proveMs, totalMs: witnessMs + proveMs } };
}

/**
 * Proves many inputs of one circuit. The zkey bytes, the compiled witness wasm and the engine's
 * worker threads are set up once by {@link Prover.open}; call {@link Prover.close} to end the
 * workers (a process with an open Prover does not exit).
 */
export class Prover {
  private closed = false;

  private constructor(
    private readonly engine: ProverEngine,
    private readonly witness: WitnessGenerator,
    /** Header of the proving key. */
    readonly zkey: ZkeyInfo,
    /** The verification key matching the proving key. */
    readonly vkey: VerificationKey,
    private readonly onProgress: ProgressListener | undefined,
    /** The batch circuit instance, when known. */
    readonly instance: CircuitInstance | undefined,
  ) {}

  /**
   * Opens an artifact directory written by `@zkr/setup`, checking against manifest.json the
   * SHA-256 of the files proving reads (circuit.zkey, circuit.wasm, vkey.json; the zkey hashed in
   * memory as it is loaded): `ARTIFACTS_MISSING` / `ARTIFACTS_CORRUPT`. circuit.r1cs and
   * Verifier.sol are not read, so not checked: `zkr setup verify` checks them. Batches are checked
   * against the directory's depth and size.
   */
  static async fromArtifacts(dir: string, options: Omit<ProverOptions, 'instance'> = {}): Promise<Prover> {
    const { manifest, paths, zkeyBytes } = await loadArtifacts(dir, { check: 'proving' });
    return Prover.load(paths, zkeyBytes, { ...options, instance: instanceOf(manifest) });
  }

  /**
   * Loads and cross-checks the artifacts: `ZKEY_INVALID` for a corrupted proving key,
   * `WASM_ZKEY_MISMATCH` for a witness wasm of another circuit, `VKEY_MISMATCH` for a verification
   * key of another setup.
   */
  static async open(files: ProverFiles, options: ProverOptions = {}): Promise<Prover> {
    return Prover.load(files, await readArtifact(files.zkey, 'proving key'), options);
  }

  /** {@link Prover.open} with the zkey's bytes already read. */
  private static async load(files: ProverFiles, zkeyBytes: Uint8Array, options: ProverOptions): Promise<Prover> {
    const vkeyJson = files.vkey === undefined ? undefined : await readJson(files.vkey, 'verification key');
    const info = readZkey(zkeyBytes, `zkey ${files.zkey}`);
    const witness = await WitnessGenerator.create(files.wasm);
    if (witness.witnessSize !== info.nVars) {
      throw proverError('WASM_ZKEY_MISMATCH', `the witness wasm (${witness.witnessSize} variables) and the proving key (${info.nVars} variables) belong to different circuits; rebuild the artifacts with \`zkr setup\``, {
        details: { wasmVars: witness.witnessSize, zkeyVars: info.nVars },
      });
    }
    const engine = await createEngine(options.engine ?? 'zkr', zkeyBytes, info, options);
    try {
      // A given key that matches the zkey's own points is the key: no need to start a curve to export it.
      let derived: VerificationKey;
      if (vkeyJson === undefined) {
        derived = await exportVerificationKey(zkeyBytes);
      } else {
        derived = parseVerificationKey(vkeyJson);
        if (!sameKey(derived, keyPointsOf(zkeyBytes, info))) {
          throw proverError('VKEY_MISMATCH', `the verification key ${files.vkey} does not belong to the proving key ${files.zkey}; re-export it with \`zkr setup\``, {
            details: { vkey: files.vkey, zkey: files.zkey },
          });
        }
      }
      return new Prover(engine, witness, info, derived, options.onProgress, options.instance);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  /** The engine in use (`zkr` when `native` was asked for but fell back). */
  get engineName(): EngineName {
    return this.engine.name;
  }

  /** Number of worker threads proving runs on. */
  get threads(): number {
    return this.engine.threads;
  }

  /**
   * Proves one batch or circuit input. A batch of another depth or size fails with
   * `INSTANCE_MISMATCH`, malformed circuit input (see {@link parseCircuitInput}) or input the
   * circuit rejects with `INVALID_CIRCUIT_INPUT` or `WITNESS_CONSTRAINT_FAILED`.
   */
  async prove(input: ProverInput): Promise<ProveResult> {
    this.assertOpen();
    const t0 = performance.now();
    const witness = await this.computeWitness(input);
    const t1 = performance.now();
    const result = await this.engine.prove(witness, this.onProgress);
    return withTimings(result, t1 - t0, t1);
  }

  /**
   * Proves a sequence of inputs in order, yielding each result as soon as it is ready. The
   * witness of the next input is computed while the workers prove the current one.
   */
  async *proveStream(inputs: Iterable<ProverInput> | AsyncIterable<ProverInput>): AsyncGenerator<ProveResult> {
    this.assertOpen();
    const timed = async (input: ProverInput) => {
      const t0 = performance.now();
      const witness = await this.computeWitness(input);
      return { witness, witnessMs: performance.now() - t0 };
    };
    let next: ReturnType<typeof timed> | undefined;
    for await (const input of inputs) {
      if (next === undefined) {
        next = timed(input);
        continue;
      }
      const current = await next;
      const proveStart = performance.now();
      const proving = this.engine.prove(current.witness, this.onProgress);
      // Let the engine dispatch its first tasks to the workers before the main thread is busy with the next witness.
      await new Promise((resolve) => setImmediate(resolve));
      next = timed(input);
      next.catch(() => undefined);
      yield withTimings(await proving, current.witnessMs, proveStart);
    }
    if (next !== undefined) {
      const current = await next;
      const proveStart = performance.now();
      yield withTimings(await this.engine.prove(current.witness, this.onProgress), current.witnessMs, proveStart);
    }
  }

  private async computeWitness(input: ProverInput): Promise<Witness> {
    if (!isBatch(input)) return toWitness(await this.witness.compute(parseCircuitInput(input)));
    if (this.instance === undefined) {
      throw proverError('INSTANCE_UNKNOWN', 'this Prover does not know its circuit instance; open it with Prover.fromArtifacts(dir) or pass options.instance, or pass circuit input signals', {
        details: { field: 'instance' },
      });
    }
    return toWitness(await this.witness.compute(batchToCircuitInput(input, this.instance)));
  }

  /** Verifies a proof against this circuit's verification key (false when it does not verify). */
  async verify(proof: Groth16Proof | unknown, publicSignals: readonly string[] | unknown): Promise<boolean> {
    return verifyProof(this.vkey, proof, publicSignals);
  }

  /** Ends every worker thread; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.engine.close();
  }

  private assertOpen(): void {
    if (this.closed) throw proverError('PROVER_CLOSED', 'this Prover was closed; open a new one with Prover.open()');
  }
}
