/**
 * Structural check of a Groth16 `.zkey` against the r1cs it claims to be for: header counts,
 * section sizes, and the A/B coefficient section byte for byte. Cheap (no curve arithmetic), so
 * it runs every time artifacts are produced or verified.
 */
import { ZkrError } from '@zkr/errors';
import { readBinLayout, readRange, uniqueSection } from './binfile';
import { FR_ORDER, readLE32 } from './field';
import { domainPower } from './r1cs';
import type { R1cs } from './r1cs';
import { BN254_BASE_FIELD, coefficientSection } from './zkey-format';

/** What the zkey's contributions section says. */
export interface ZkeyIdentity {
  /** Hex csHash (section 10). */
  readonly csHash: string;
  readonly nContributions: number;
}

/**
 * Checks that `zkeyPath` is a well-formed Groth16 zkey for `r1cs`: `ARTIFACTS_CORRUPT` when the
 * file is malformed or truncated, `ZKEY_MISMATCH` when it is a key for another circuit.
 */
export async function checkZkey(zkeyPath: string, r1cs: R1cs): Promise<ZkeyIdentity> {
  const what = `zkey ${zkeyPath}`;
  const layout = await readBinLayout(zkeyPath, 'zkey', 'ARTIFACTS_CORRUPT', what);
  const section = (id: number) => uniqueSection(layout, id, 'ARTIFACTS_CORRUPT', what);
  const read = async (id: number) => {
    const s = section(id);
    return readRange(zkeyPath, s.offset, s.size);
  };
  const mismatch = (why: string): ZkrError =>
    new ZkrError('ZKEY_MISMATCH', `${what} is not a key for this circuit (${why}); re-run \`zkr setup\` for it`, {
      details: { zkeyPath, why },
    });
  const corrupt = (why: string): ZkrError =>
    new ZkrError('ARTIFACTS_CORRUPT', `${what} is corrupt (${why}); re-run \`zkr setup\``, { details: { zkeyPath, why } });

  const protocol = await read(1);
  if (protocol.byteLength !== 4 || protocol.readUInt32LE(0) !== 1) throw corrupt('not a Groth16 key');
  const header = await read(2);
  if (header.byteLength !== 84 + 64 * 3 + 128 * 3) throw corrupt('Groth16 header has the wrong size');
  if (header.readUInt32LE(0) !== 32 || readLE32(header, 4) !== BN254_BASE_FIELD || readLE32(header, 40) !== FR_ORDER) {
    throw mismatch('not a BN254 key');
  }
  const nVars = header.readUInt32LE(72);
  const nPublic = header.readUInt32LE(76);
  const domainSize = header.readUInt32LE(80);
  if (nVars !== r1cs.nVars) throw mismatch(`nVars ${nVars} != r1cs ${r1cs.nVars}`);
  if (nPublic !== r1cs.nPublic) throw mismatch(`nPublic ${nPublic} != r1cs ${r1cs.nPublic}`);
  if (domainSize !== 2 ** domainPower(r1cs)) throw mismatch(`domain size ${domainSize} != ${2 ** domainPower(r1cs)}`);

  const expectedSizes: Record<number, number> = {
    3: (nPublic + 1) * 64,
    5: nVars * 64,
    6: nVars * 64,
    7: nVars * 128,
    8: (nVars - nPublic - 1) * 64,
    9: domainSize * 64,
  };
  for (const [id, size] of Object.entries(expectedSizes)) {
    if (section(Number(id)).size !== size) throw corrupt(`section ${id} has ${section(Number(id)).size} bytes, expected ${size}`);
  }
  if (!Buffer.from(coefficientSection(r1cs)).equals(await read(4))) throw mismatch('constraint coefficients differ');

  const contributions = await read(10);
  if (contributions.byteLength < 68) throw corrupt('contributions section too short');
  return { csHash: contributions.subarray(0, 64).toString('hex'), nContributions: contributions.readUInt32LE(64) };
}
