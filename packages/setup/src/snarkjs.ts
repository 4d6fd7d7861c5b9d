/**
 * The part of snarkjs this package uses, typed, plus ownership of its shared bn128 curve:
 * snarkjs caches one worker-backed curve in `globalThis.curve_bn128`; a call here that created it
 * terminates it afterwards (so processes can exit), a curve someone else created is left alone.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A phase-2 MPC contribution hash (64 bytes) as snarkjs returns it. */
type Hash = Uint8Array;

interface Snarkjs {
  zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<Hash | number>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: unknown): Promise<Hash>;
    beacon(oldZkey: string, newZkey: string, name: string, beaconHash: string, iterationsExp: number, logger?: unknown): Promise<Hash | false>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<boolean>;
    exportVerificationKey(zkey: string): Promise<Record<string, unknown>>;
    exportSolidityVerifier(zkey: string, templates: { groth16: string }): Promise<string>;
  };
  powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string): Promise<unknown>;
    contribute(oldPtau: string, newPtau: string, name: string, entropy: string): Promise<unknown>;
    preparePhase2(oldPtau: string, newPtau: string): Promise<unknown>;
  };
  curves: { getCurveFromName(name: string): Promise<{ terminate(): Promise<void> }> };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const snarkjs = require('snarkjs') as Snarkjs;

const global = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };

/** Runs `fn` with snarkjs, terminating the shared bn128 curve afterwards if `fn` created it. */
export async function withSnarkjs<T>(fn: (s: Snarkjs) => Promise<T>): Promise<T> {
  const preexisting = global.curve_bn128 ?? null;
  try {
    return await fn(snarkjs);
  } finally {
    const curve = global.curve_bn128 ?? null;
    if (curve && curve !== preexisting) await curve.terminate();
  }
}

/** The installed snarkjs version (its package.json is not exported, so read it by path). */
export function snarkjsVersion(): string {
  const pkg = join(dirname(require.resolve('snarkjs')), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** snarkjs's Groth16 Solidity verifier template. */
export function groth16VerifierTemplate(): string {
  return readFileSync(join(dirname(require.resolve('snarkjs')), '..', 'templates', 'verifier_groth16.sol.ejs'), 'utf8');
}

/** Hex of a snarkjs hash buffer. */
export function hex(hash: Uint8Array): string {
  return Buffer.from(hash).toString('hex');
}
