/**
 * Powers-of-tau (`.ptau`) checks for the ceremony path: the file must be BN254, its tau section
 * must match its power, it must be prepared for phase 2 (section 12) and large enough.
 */
import { viewOf, readUintLE } from './bytes';
import { FIELD_BYTES, FQ_ORDER, G1_AFFINE_BYTES } from './constants';
import { invalidFile, readContainer, readSection, uniqueSection } from './container';
import { bn254Error } from './errors';
import { domainPower, type R1csHeader } from './r1cs';

/**
 * Checks that `ptauPath` is a BN254 powers-of-tau file prepared for phase 2 and large enough for
 * a circuit with `r1cs`'s counts: `FILE_MISSING`, `PTAU_INVALID` or `PTAU_TOO_SMALL` otherwise.
 * Returns the file's power.
 */
export async function checkPtau(ptauPath: string, r1cs: Pick<R1csHeader, 'nConstraints' | 'nPublic'>): Promise<number> {
  const what = `ptau ${ptauPath}`;
  const layout = await readContainer(ptauPath, 'ptau', what);
  const header = await readSection(ptauPath, uniqueSection(layout, 1, what));
  if (header.byteLength !== 4 + FIELD_BYTES + 8 || viewOf(header).getUint32(0, true) !== FIELD_BYTES || readUintLE(header, 4, FIELD_BYTES) !== FQ_ORDER) {
    invalidFile('ptau', what, 'not a BN254 (bn128) powers-of-tau file');
  }
  const power = viewOf(header).getUint32(4 + FIELD_BYTES, true);
  if (uniqueSection(layout, 2, what).size !== (2 ** (power + 1) - 1) * G1_AFFINE_BYTES) {
    invalidFile('ptau', what, `tau section size does not match power ${power} (truncated or corrupt)`, { power });
  }
  if (!layout.sections.has(12)) {
    invalidFile('ptau', what, 'not prepared for phase 2; use a "final" ceremony file or run `snarkjs powersoftau prepare phase2`');
  }
  const needed = domainPower(r1cs);
  if (power < needed) {
    throw bn254Error(
      'PTAU_TOO_SMALL',
      `${what} has power ${power} but the circuit (${r1cs.nConstraints} constraints, ${r1cs.nPublic} public) needs ${needed}; ` +
        `use powersOfTau28_hez_final_${String(needed).padStart(2, '0')}.ptau or larger`,
      { details: { ptauPath, power, needed } },
    );
  }
  return power;
}
