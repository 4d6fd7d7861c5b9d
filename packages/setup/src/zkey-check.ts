/**
 * Check of a Groth16 `.zkey` against the r1cs it claims to be for. `@zkr/bn254`'s reader checks
 * the structure (header, the one section-size table: `ZKEY_INVALID`); this adds the identity: the
 * counts, the domain and the A/B coefficient section byte for byte (`ZKEY_MISMATCH`). Cheap (no
 * curve arithmetic), so it runs every time artifacts are produced or verified.
 */
import { coefficientSection, domainPower, readSection, readZkeyFile, type R1csFile } from '@zkr/bn254';
import { setupError } from './errors';

/** What the zkey's contributions section says. */
export interface ZkeyIdentity {
  /** Hex csHash (section 10). */
  readonly csHash: string;
  readonly nContributions: number;
}

/**
 * Checks that `zkeyPath` is a well-formed Groth16 zkey for `r1cs`: `FILE_MISSING` / `ZKEY_INVALID`
 * when the file is absent, malformed or truncated, `ZKEY_MISMATCH` when it is a key for another circuit.
 */
export async function checkZkey(zkeyPath: string, r1cs: R1csFile): Promise<ZkeyIdentity> {
  const info = await readZkeyFile(zkeyPath);
  const mismatch = (why: string) =>
    setupError('ZKEY_MISMATCH', `zkey ${zkeyPath} is not a key for this circuit (${why}); re-run \`zkr setup\` for it`, { details: { zkeyPath, why } });
  if (info.nVars !== r1cs.nWires) throw mismatch(`nVars ${info.nVars} != r1cs ${r1cs.nWires}`);
  if (info.nPublic !== r1cs.nPublic) throw mismatch(`nPublic ${info.nPublic} != r1cs ${r1cs.nPublic}`);
  const domainSize = 2 ** domainPower(r1cs);
  if (info.domainSize !== domainSize) throw mismatch(`domain size ${info.domainSize} != ${domainSize}`);
  if (!Buffer.from(coefficientSection(r1cs)).equals(await readSection(zkeyPath, info.sections.get(4)!))) throw mismatch('constraint coefficients differ');
  const contributionsRef = info.sections.get(10);
  const contributions = contributionsRef ? await readSection(zkeyPath, contributionsRef) : Buffer.alloc(0);
  if (contributions.byteLength < 68) {
    throw setupError('ARTIFACTS_CORRUPT', `zkey ${zkeyPath} has no valid contributions section; re-run \`zkr setup\``, { details: { zkeyPath } });
  }
  return { csHash: contributions.subarray(0, 64).toString('hex'), nContributions: contributions.readUInt32LE(64) };
}
