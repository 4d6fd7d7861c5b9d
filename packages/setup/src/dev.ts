/**
 * Fast DEVELOPMENT-ONLY Groth16 setup: samples tau, alpha, beta, gamma, delta on this machine and
 * computes the proving key directly from field evaluations of the QAP, then writes it in
 * snarkjs's `.zkey` format. Whoever ran it knew the toxic waste and can forge proofs: never use
 * such a key for anything of value. Use the ceremony path (a public ptau) for production.
 *
 * The key is the one snarkjs's `zkey new` + contributions would produce for the same secrets,
 * except that gamma is random too (snarkjs keeps gamma = 1) and the csHash in section 10 is the
 * BLAKE2b-512 of sections 2..9 as written (snarkjs's csHash is computed from a ptau, which a dev
 * key does not have).
 */
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import {
  BinWriter, coefficientSection, domainPower, frAdd as add, frInv as inv, frMul as mul, frRandomNonZero as randomNonZero, groth16HeaderFixed,
  readR1csFile, type R1csFile,
} from '@zkr/bn254';
import { setupError } from './errors';
import { produceAtomically } from '@zkr/files';
import { GeneratorMultiplier, POINT_SIZE, windowBitsFor } from './fixed-base';
import type { Group } from './fixed-base';
import { evaluateWires, lagrangeAtTau } from './qap';

/** A progress report from long-running setup work. */
export interface SetupProgress {
  /** What is being computed, e.g. `qap`, `points A`, `points H`. */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/** Options of {@link setupDev}. */
export interface SetupDevOptions {
  /** Worker threads for the curve arithmetic (default: number of cores). */
  readonly threads?: number;
  readonly onProgress?: (progress: SetupProgress) => void;
}

/** What {@link setupDev} produced. */
export interface DevSetupResult {
  /** Hex BLAKE2b-512 circuit/key hash written in the zkey's contributions section. */
  readonly csHash: string;
  readonly nVars: number;
  readonly nPublic: number;
  readonly nConstraints: number;
  /** log2 of the Groth16 domain size. */
  readonly power: number;
  /** Always true: the key's secrets were known to this process. */
  readonly developmentOnly: true;
}

/**
 * DEVELOPMENT ONLY: builds a Groth16 proving key for `r1csPath` from secrets sampled here and
 * writes it atomically to `zkeyOut` (snarkjs `.zkey` format; proofs verify with unmodified snarkjs).
 */
export async function setupDev(r1csPath: string, zkeyOut: string, options: SetupDevOptions = {}): Promise<DevSetupResult> {
  const r1cs = await readR1csFile(r1csPath);
  const power = domainPower(r1cs);
  if (power > 27) {
    throw setupError('CIRCUIT_TOO_LARGE', `circuit needs a 2^${power} domain; BN254 Groth16 supports at most 2^27 here`, {
      details: { power, nConstraints: r1cs.nConstraints },
    });
  }
  const threads = options.threads ?? cpus().length;
  // Points per group: G1 = IC + C (nVars - 1 together) + H (domain) + A + B1; G2 = B2 + 3 header points.
  const g1Points = r1cs.nWires - 1 + (1 << power) + 2 * r1cs.nWires;
  const pool = await GeneratorMultiplier.start(threads, {
    G1: windowBitsFor(g1Points / threads),
    G2: windowBitsFor((r1cs.nWires + 3) / threads),
  });
  try {
    let csHash = '';
    await produceAtomically(zkeyOut, async (tmp) => {
      csHash = await writeDevZkey(r1cs, power, tmp, pool, options.onProgress ?? (() => undefined));
    });
    return { csHash, nVars: r1cs.nWires, nPublic: r1cs.nPublic, nConstraints: r1cs.nConstraints, power, developmentOnly: true };
  } finally {
    await pool.terminate();
  }
}

async function writeDevZkey(
  r1cs: R1csFile,
  power: number,
  path: string,
  pool: GeneratorMultiplier,
  onProgress: (p: SetupProgress) => void,
): Promise<string> {
  const n = 1 << power;
  const { nWires: nVars, nPublic } = r1cs;
  // Toxic waste. JS bigints cannot be overwritten in place: every array holding secrets or values
  // derived from them is emptied as soon as it is used (and again in `finally`), which also keeps
  // at most ~5 arrays of nVars or n bigints alive at once; the pool zeroes the scalar bytes it was sent.
  const tau = randomNonZero();
  const alpha = randomNonZero();
  const beta = randomNonZero();
  const gamma = randomNonZero();
  const delta = randomNonZero();
  onProgress({ stage: 'qap', done: 0, total: 1 });
  const lagrange = lagrangeAtTau(power, tau, false);
  const { a, b, c } = evaluateWires(r1cs, lagrange);
  clear(lagrange);
  const gammaInv = inv(gamma);
  const deltaInv = inv(delta);
  const combined = (i: number): bigint => add(add(mul(beta, a[i]), mul(alpha, b[i])), c[i]);
  const ic = Array.from({ length: nPublic + 1 }, (_, i) => mul(combined(i), gammaInv));
  const cPoints = Array.from({ length: nVars - nPublic - 1 }, (_, k) => mul(combined(k + nPublic + 1), deltaInv));
  clear(c);
  const h = lagrangeAtTau(power, tau, true);
  for (let i = 0; i < n; i++) h[i] = mul(h[i], deltaInv);
  onProgress({ stage: 'qap', done: 1, total: 1 });

  const hasher = createHash('blake2b512');
  const out = await BinWriter.create(path, 'zkey', 1, 10);
  try {
    const section = async (id: number, body: () => Promise<void>): Promise<void> => {
      await out.startSection(id);
      await body();
      await out.endSection();
    };
    const put = async (bytes: Uint8Array): Promise<void> => {
      hasher.update(bytes);
      await out.write(bytes);
    };
    const points = async (stage: string, group: Group, scalars: readonly bigint[]): Promise<void> => {
      let done = 0;
      onProgress({ stage, done, total: scalars.length });
      await pool.multiply(group, scalars, async (chunk) => {
        await put(chunk);
        done += chunk.byteLength / POINT_SIZE[group];
        onProgress({ stage, done, total: scalars.length });
      });
    };

    await section(1, () => out.writeU32(1));
    await section(2, async () => {
      const head = groth16HeaderFixed(nVars, nPublic, n);
      await put(head);
      const g1 = await pool.multiplyAll('G1', [alpha, beta, delta]);
      const g2 = await pool.multiplyAll('G2', [beta, gamma, delta]);
      await put(g1.subarray(0, 128)); // alpha1, beta1
      await put(g2.subarray(0, 256)); // beta2, gamma2
      await put(g1.subarray(128, 192)); // delta1
      await put(g2.subarray(256, 384)); // delta2
    });
    await section(4, () => put(coefficientSection(r1cs)));
    await section(3, () => points('points IC', 'G1', ic));
    await section(9, () => points('points H', 'G1', h));
    clear(h);
    await section(8, () => points('points C', 'G1', cPoints));
    clear(cPoints);
    await section(5, () => points('points A', 'G1', a));
    clear(a);
    await section(6, () => points('points B1', 'G1', b));
    await section(7, () => points('points B2', 'G2', b));
    const csHash = hasher.digest();
    await section(10, async () => {
      await out.write(csHash);
      await out.writeU32(0);
    });
    await out.close();
    return csHash.toString('hex');
  } catch (error) {
    await out.abort();
    throw error;
  } finally {
    for (const secretValues of [lagrange, a, b, c, ic, cPoints, h]) clear(secretValues);
  }
}

/** Overwrites and drops every element (the array's storage is released). */
function clear(values: bigint[]): void {
  values.fill(0n);
  values.length = 0;
}
