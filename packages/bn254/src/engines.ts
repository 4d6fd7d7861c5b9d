/**
 * The one typed facade of snarkjs and ffjavascript: only the members zkr calls are declared, they
 * are required lazily (importing `@zkr/bn254` stays cheap) and checked when first loaded, so a
 * different installed version fails with `ENGINE_INCOMPATIBLE` naming the member, not deep inside.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bn254Error } from './errors';
import { describeEngine, type EngineName } from './versions';

/** A file argument snarkjs accepts: a path or an in-memory buffer. */
export type SnarkjsFile = string | { type: 'mem'; data: Uint8Array };

/** A Groth16 proof in snarkjs's JSON shape (decimal strings, projective coordinates). */
export interface Groth16Proof {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: 'groth16';
  curve: 'bn128';
}

/** A snarkjs verification key (`zkey export verificationkey`). */
export interface VerificationKey {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
  [key: string]: unknown;
}

/** The logger interface snarkjs reports progress through. */
export interface SnarkjsLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A 64-byte hash (contribution or csHash) as snarkjs returns it. */
export type SnarkjsHash = Uint8Array;

/** The part of the snarkjs API zkr uses. */
export interface Snarkjs {
  groth16: {
    prove(zkey: SnarkjsFile, wtns: SnarkjsFile, logger?: SnarkjsLogger, options?: { singleThread?: boolean }): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: VerificationKey, publicSignals: string[], proof: Groth16Proof, logger?: SnarkjsLogger): Promise<boolean>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: string[]): Promise<string>;
  };
  powersOfTau: {
    newAccumulator(curve: Bn128, power: number, file: string): Promise<unknown>;
    contribute(oldPtau: string, newPtau: string, name: string, entropy: string): Promise<unknown>;
    preparePhase2(oldPtau: string, newPtau: string): Promise<unknown>;
  };
  zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: SnarkjsLogger): Promise<SnarkjsHash | number>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: SnarkjsLogger): Promise<SnarkjsHash>;
    beacon(oldZkey: string, newZkey: string, name: string, beaconHash: string, iterationsExp: number, logger?: SnarkjsLogger): Promise<SnarkjsHash | false>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: SnarkjsLogger): Promise<boolean>;
    exportVerificationKey(zkey: SnarkjsFile): Promise<VerificationKey>;
    exportSolidityVerifier(zkey: string, templates: { groth16: string }): Promise<string>;
  };
}

/** An ffjavascript field (only the members zkr calls). */
export interface FfField {
  n8: number;
  e(value: bigint | number | string): Uint8Array;
  toObject(a: Uint8Array): bigint;
  random(): Uint8Array;
}

/** An ffjavascript group (G1 or G2). */
export interface FfGroup {
  F: { n8: number };
  zero: Uint8Array;
  g: Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  timesFr(a: Uint8Array, s: Uint8Array): Uint8Array;
  toAffine(a: Uint8Array): Uint8Array;
  toObject(a: Uint8Array): unknown;
  fromObject(o: unknown): Uint8Array;
  fromRprLEM(buff: Uint8Array, offset?: number): Uint8Array;
  isValid(a: Uint8Array): boolean;
  eq(a: Uint8Array, b: Uint8Array): boolean;
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
}

/** The ffjavascript bn128 curve object (`buildBn128`), worker-backed. */
export interface Bn128 {
  name: string;
  Fr: FfField & { neg(a: Uint8Array): Uint8Array; mul(a: Uint8Array, b: Uint8Array): Uint8Array };
  G1: FfGroup;
  G2: FfGroup;
  tm: { concurrency: number };
  terminate(): Promise<void>;
}

/** The part of ffjavascript zkr uses. */
export interface Ffjavascript {
  buildBn128(singleThread?: boolean): Promise<Bn128>;
}

const SNARKJS_MEMBERS = [
  'groth16.prove', 'groth16.verify', 'groth16.exportSolidityCallData',
  'powersOfTau.newAccumulator', 'powersOfTau.contribute', 'powersOfTau.preparePhase2',
  'zKey.newZKey', 'zKey.contribute', 'zKey.beacon', 'zKey.verifyFromR1cs', 'zKey.exportVerificationKey', 'zKey.exportSolidityVerifier',
] as const;
const FFJAVASCRIPT_MEMBERS = ['buildBn128'] as const;

/** Requires `name` and checks that every dotted member in `members` is a function. */
function load<T>(name: EngineName, members: readonly string[]): T {
  let module: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(name);
  } catch (cause) {
    throw bn254Error('ENGINE_INCOMPATIBLE', `cannot load ${name}; install ${describeEngine(name)}`, { details: { engine: name }, cause });
  }
  for (const member of members) {
    const value = member.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key], module);
    if (typeof value !== 'function') {
      throw bn254Error('ENGINE_INCOMPATIBLE', `${name} has no function ${member}; install ${describeEngine(name)}`, { details: { engine: name, member } });
    }
  }
  return module as T;
}

let snarkjsModule: Snarkjs | undefined;
let ffjavascriptModule: Ffjavascript | undefined;

/** snarkjs, typed and checked (loaded on first call). */
export function snarkjs(): Snarkjs {
  snarkjsModule ??= load<Snarkjs>('snarkjs', SNARKJS_MEMBERS);
  return snarkjsModule;
}

/** ffjavascript, typed and checked (loaded on first call). */
export function ffjavascript(): Ffjavascript {
  ffjavascriptModule ??= load<Ffjavascript>('ffjavascript', FFJAVASCRIPT_MEMBERS);
  return ffjavascriptModule;
}

/** snarkjs's Groth16 Solidity verifier template (shipped in its package, not exported: read by path). */
export function groth16VerifierTemplate(): string {
  return readFileSync(join(dirname(require.resolve('snarkjs')), '..', 'templates', 'verifier_groth16.sol.ejs'), 'utf8');
}
