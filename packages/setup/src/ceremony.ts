/**
 * Production path: Groth16 phase 2 on top of a public powers-of-tau ceremony file (e.g. Hermez
 * `powersOfTau28_hez_final_NN.ptau`), run with snarkjs: `zkey new`, contributions, optional beacon.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { withSnarkjs } from '@zkr/bn254';
import type { SetupProgress } from './dev';
import { setupError } from './errors';
import { tempPathFor } from '@zkr/files';

/** Hex of a snarkjs hash buffer. */
function hex(hash: Uint8Array): string {
  return Buffer.from(hash).toString('hex');
}

/** A phase-2 contribution request; entropy defaults to 32 CSPRNG bytes (snarkjs mixes in its own). */
export interface ContributionRequest {
  readonly name: string;
  readonly entropy?: string;
}

/** A public random beacon applied last (e.g. a future block hash), as snarkjs `zkey beacon`. */
export interface BeaconRequest {
  /** Hex beacon value. */
  readonly hash: string;
  /** log2 of the hash iterations, 10..63. */
  readonly iterationsExp: number;
}

/** What a phase-2 run produced. */
export interface CeremonyResult {
  readonly csHash: string;
  readonly contributions: { name: string; hash: string }[];
  readonly beacon?: { hash: string; iterationsExp: number; contributionHash: string };
}

/**
 * Runs phase 2 with snarkjs into `zkeyOut` (atomically): `zkey new`, then each contribution in
 * order, then the beacon. At least one contribution is required: a fresh key has delta = 1.
 */
export async function runPhase2(
  r1csPath: string,
  ptauPath: string,
  zkeyOut: string,
  contributions: readonly ContributionRequest[],
  beacon: BeaconRequest | undefined,
  onProgress: (p: SetupProgress) => void,
): Promise<CeremonyResult> {
  if (contributions.length === 0) {
    throw setupError('INVALID_ARGUMENT', 'mode.contributions must name at least one contribution (a key with none is insecure)', {
      details: { field: 'contributions' },
    });
  }
  if (beacon && (!/^([0-9a-fA-F]{2})+$/.test(beacon.hash) || !Number.isInteger(beacon.iterationsExp) || beacon.iterationsExp < 10 || beacon.iterationsExp > 63)) {
    throw setupError('INVALID_ARGUMENT', 'beacon must have a hex `hash` and an integer `iterationsExp` in 10..63', {
      details: { field: 'beacon', beacon },
    });
  }
  const steps = 1 + contributions.length + (beacon ? 1 : 0);
  const temps: string[] = [];
  const next = (): string => {
    const t = tempPathFor(zkeyOut);
    temps.push(t);
    return t;
  };
  try {
    return await withSnarkjs(async ({ zKey }) => {
      let current = next();
      onProgress({ stage: 'zkey new', done: 0, total: steps });
      const cs = await zKey.newZKey(r1csPath, ptauPath, current);
      if (typeof cs === 'number') throw setupError('INVALID_ARGUMENT', `snarkjs zkey new refused ${ptauPath} for ${r1csPath}; check both files with \`snarkjs r1cs info\` and \`snarkjs powersoftau verify\``, { details: { ptauPath, r1csPath } });
      const done: { name: string; hash: string }[] = [];
      for (const c of contributions) {
        onProgress({ stage: `contribution ${c.name}`, done: 1 + done.length, total: steps });
        const out = next();
        done.push({ name: c.name, hash: hex(await zKey.contribute(current, out, c.name, c.entropy ?? randomBytes(32).toString('hex'))) });
        current = out;
      }
      let beaconResult: CeremonyResult['beacon'];
      if (beacon) {
        onProgress({ stage: 'beacon', done: steps - 1, total: steps });
        const out = next();
        const h = await zKey.beacon(current, out, 'final beacon', beacon.hash, beacon.iterationsExp);
        if (h === false) throw setupError('INVALID_ARGUMENT', 'snarkjs refused the beacon parameters', { details: { beacon } });
        beaconResult = { hash: beacon.hash, iterationsExp: beacon.iterationsExp, contributionHash: hex(h) };
        current = out;
      }
      await rename(current, zkeyOut);
      onProgress({ stage: 'done', done: steps, total: steps });
      return { csHash: hex(cs), contributions: done, beacon: beaconResult };
    });
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
}

/** Writes to the new file `zkeyOut` the key `zkeyPath` with one more contribution; returns its hex hash. */
export async function contributeZkey(zkeyPath: string, zkeyOut: string, request: ContributionRequest): Promise<string> {
  const hash = await withSnarkjs(({ zKey }) => zKey.contribute(zkeyPath, zkeyOut, request.name, request.entropy ?? randomBytes(32).toString('hex')));
  return hex(hash);
}
