/**
 * Typed views of the untyped JavaScript libraries the prover drives (snarkjs, ffjavascript). Only the members zkr calls are declared.
 */

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
    newZKey(r1cs: string, ptau: string, zkey: string): Promise<unknown>;
    beacon(oldZkey: string, newZkey: string, name: string, beaconHash: string, iterationsExp: number): Promise<unknown>;
    exportVerificationKey(zkey: SnarkjsFile): Promise<VerificationKey>;
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

/** The ffjavascript bn128 curve object (`buildBn128`). */
export interface Bn128 {
  name: string;
  Fr: FfField & {
    ifft(buff: Uint8Array): Promise<Uint8Array>;
    fft(buff: Uint8Array): Promise<Uint8Array>;
    neg(a: Uint8Array): Uint8Array;
    mul(a: Uint8Array, b: Uint8Array): Uint8Array;
  };
  G1: FfGroup;
  G2: FfGroup;
  tm: { concurrency: number };
  terminate(): Promise<void>;
}

/** The part of ffjavascript zkr uses. */
export interface Ffjavascript {
  buildBn128(singleThread?: boolean): Promise<Bn128>;
  /** Pure-bigint prime field; `w[k]` is its primitive 2^k-th root of unity (the one the FFTs use). */
  F1Field: new (p: bigint) => { w: bigint[] };
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** snarkjs, typed. */
export const snarkjs: Snarkjs = require('snarkjs');
/** ffjavascript, typed. */
export const ffjavascript: Ffjavascript = require('ffjavascript');
