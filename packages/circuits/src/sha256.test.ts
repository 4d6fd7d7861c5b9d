import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWtns, readR1cs, unsatisfiedConstraints } from '@zkr/bn254';
import { compileFixture } from '@zkr/test-helpers';
import { CIRCUITS_DIR } from './paths';
import { WitnessGenerator } from './witness';

/** Sha256Bits over `bytes`-byte messages, compiled from circuits/sha256.circom (its hash is in the source, so edits recompile). */
async function shaCircuit(bytes: number) {
  const template = createHash('sha256').update(await readFile(join(CIRCUITS_DIR, 'sha256.circom'))).digest('hex');
  const source = `pragma circom 2.1.0;\ninclude "sha256.circom";\n// sha256.circom ${template}\ncomponent main = Sha256Bits(${8 * bytes});\n`;
  const compiled = await compileFixture(`sha256-${bytes}`, source, [CIRCUITS_DIR]);
  const [r1cs, generator] = await Promise.all([readR1cs(compiled.r1csPath), WitnessGenerator.create(compiled.wasmPath)]);
  return { r1cs, generator };
}

/** Deterministic test messages: all zeros, all ones, and a hash-chain stream. */
function messages(bytes: number): Buffer[] {
  const stream = Buffer.concat(Array.from({ length: Math.ceil(bytes / 32) }, (_, i) => createHash('sha256').update(`zkr sha256 ${bytes} ${i}`).digest()));
  return [Buffer.alloc(bytes, 0), Buffer.alloc(bytes, 0xff), stream.subarray(0, bytes)];
}

const bitsOf = (bytes: Uint8Array): number[] => [...bytes].flatMap((b) => Array.from({ length: 8 }, (_, k) => (b >> (7 - k)) & 1));

describe('Sha256Bits (circuits/sha256.circom)', () => {
  // 55 bytes is the longest one-block message; 56 bytes needs a second block for the length.
  it.each([[55, 'one block', 25629], [56, 'two blocks', 50859]] as const)('hashes %i-byte messages as node:crypto does (%s, %i constraints)', async (bytes, _blocks, constraints) => {
    const { r1cs, generator } = await shaCircuit(bytes);
    expect(r1cs.constraints.length).toBe(constraints);
    for (const message of messages(bytes)) {
      const witness = parseWtns(await generator.compute({ in: bitsOf(message) }));
      expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
      expect(witness.slice(1, 257).map(Number)).toEqual(bitsOf(createHash('sha256').update(message).digest()));
    }
  }, 180_000);
});
