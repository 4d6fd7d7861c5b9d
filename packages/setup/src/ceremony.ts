/**
 * Production path: Groth16 phase 2 on top of a public powers-of-tau ceremony file (e.g. Hermez
 * `powersOfTau28_hez_final_NN.ptau`), run with snarkjs: `zkey new`, contributions, optional beacon.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { ZkrError } from '@zkr/errors';
import { readBinLayout, readRange, uniqueSection } from './binfile';
import { readLE32 } from './field';
import { domainPower } from './r1cs';
import type { R1cs } from './r1cs';
import type { SetupProgress } from './dev';
import { hex, withSnarkjs } from './snarkjs';
import { tempPath } from './files';
import { BN254_BASE_FIELD } from './zkey-format';

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
 * Checks that `ptauPath` is a BN254 powers-of-tau file prepared for phase 2 and large enough for
 * `r1cs`: `PTAU_INVALID` or `PTAU_TOO_SMALL` otherwise. Returns the file's power.
 */
export async function checkPtau(ptauPath: string, r1cs: Pick<R1cs, 'nConstraints' | 'nPublic'>): Promise<number> {
  const what = `ptau ${ptauPath}`;
  const layout = await readBinLayout(ptauPath, 'ptau', 'PTAU_INVALID', what);
  const headerRef = uniqueSection(layout, 1, 'PTAU_INVALID', what);
  const header = await readRange(ptauPath, headerRef.offset, headerRef.size);
  if (header.byteLength !== 44 || header.readUInt32LE(0) !== 32 || readLE32(header, 4) !== BN254_BASE_FIELD) {
    throw new ZkrError('PTAU_INVALID', `${what} is not a BN254 (bn128) powers-of-tau file`, { details: { ptauPath } });
  }
  const power = header.readUInt32LE(36);
  const tauG1 = uniqueSection(layout, 2, 'PTAU_INVALID', what);
  if (tauG1.size !== (2 ** (power + 1) - 1) * 64) {
    throw new ZkrError('PTAU_INVALID', `${what}: tau section size does not match power ${power} (truncated or corrupt)`, {
      details: { ptauPath, power },
    });
  }
  if (!layout.sections.has(12)) {
    throw new ZkrError(
      'PTAU_INVALID',
      `${what} is not prepared for phase 2; use a "final" ceremony file or run \`snarkjs powersoftau prepare phase2\``,
      { details: { ptauPath } },
    );
  }
  const needed = domainPower(r1cs);
  if (power < needed) {
    throw new ZkrError(
      'PTAU_TOO_SMALL',
      `${what} has power ${power} but the circuit (${r1cs.nConstraints} constraints, ${r1cs.nPublic} public) needs ${needed}; ` +
        `use powersOfTau28_hez_final_${String(needed).padStart(2, '0')}.ptau or larger`,
      { details: { ptauPath, power, needed } },
    );
  }
  return power;
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
    throw new ZkrError('INVALID_ARGUMENT', 'mode.contributions must name at least one contribution (a key with none is insecure)', {
      details: { field: 'contributions' },
    });
  }
  if (beacon && (!/^([0-9a-fA-F]{2})+$/.test(beacon.hash) || !Number.isInteger(beacon.iterationsExp) || beacon.iterationsExp < 10 || beacon.iterationsExp > 63)) {
    throw new ZkrError('INVALID_ARGUMENT', 'beacon must have a hex `hash` and an integer `iterationsExp` in 10..63', {
      details: { field: 'beacon', beacon },
    });
  }
  const steps = 1 + contributions.length + (beacon ? 1 : 0);
  const temps: string[] = [];
  const next = (): string => {
    const t = tempPath(zkeyOut);
    temps.push(t);
    return t;
  };
  try {
    return await withSnarkjs(async ({ zKey }) => {
      let current = next();
      onProgress({ stage: 'zkey new', done: 0, total: steps });
      const cs = await zKey.newZKey(r1csPath, ptauPath, current);
      if (typeof cs === 'number') throw new ZkrError('PTAU_INVALID', `snarkjs zkey new refused ${ptauPath} for ${r1csPath}`);
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
        if (h === false) throw new ZkrError('INVALID_ARGUMENT', 'snarkjs refused the beacon parameters', { details: { beacon } });
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

/** Adds one contribution to `zkeyPath` in place (atomically) and returns its hex hash. */
export async function contributeZkey(zkeyPath: string, request: ContributionRequest): Promise<string> {
  const out = tempPath(zkeyPath);
  try {
    const hash = await withSnarkjs(({ zKey }) =>
      zKey.contribute(zkeyPath, out, request.name, request.entropy ?? randomBytes(32).toString('hex')),
    );
    await rename(out, zkeyPath);
    return hex(hash);
  } finally {
    await rm(out, { force: true });
  }
}
