import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  batchToCircuitInput, BN254_ORDER, compileCircuit, encodeWtns, parseWtns, readR1cs, readSym, WitnessGenerator,
  type CircuitInstance, type CompiledCircuit, type R1cs, type WireNames,
} from '@zkr/circuits';
import { genesis, honestBatch } from '@zkr/test-helpers';
import { freeWires } from './mutation';

const SMALL: CircuitInstance = { depth: 2, batchSize: 2 };
let circuit: CompiledCircuit;
let r1cs: R1cs;
let names: WireNames;
let witness: bigint[];
let free: number[];
let dir: string;

beforeAll(async () => {
  circuit = await compileCircuit(SMALL);
  let generator: WitnessGenerator;
  [r1cs, names, generator] = await Promise.all([readR1cs(circuit.r1csPath), readSym(circuit.symPath), WitnessGenerator.create(circuit.wasmPath)]);
  const fixture = await genesis(SMALL.depth, [
    { index: 0, balance: 5n },
    { index: 1, balance: 900n },
    { index: 3, balance: 40n, nonce: 2n },
  ]);
  // Slot 0 is a transfer, slot 1 a no-op: both kinds of slot are mutated.
  const batch = honestBatch(fixture, [{ from: 1, to: 3, amount: 100n, fee: 7n }], SMALL.batchSize, 0);
  witness = parseWtns(await generator.compute(batchToCircuitInput(batch, SMALL)));
  free = freeWires(r1cs, witness);
  dir = await mkdtemp(join(tmpdir(), 'zkr-mutation-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** snarkjs's command-line entry (run with node directly: npx adds seconds per call). */
const SNARKJS_CLI = join(dirname(require.resolve('snarkjs')), 'cli.cjs');

/** Runs `snarkjs wtns check` on `values`; resolves to its output (exit status ignored). */
async function snarkjsCheck(values: readonly bigint[], name: string): Promise<string> {
  const file = join(dir, `${name}.wtns`);
  await writeFile(file, encodeWtns(values));
  return new Promise((resolve) => {
    execFile(process.execPath, [SNARKJS_CLI, 'wtns', 'check', circuit.r1csPath, file], { maxBuffer: 1 << 24 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

const bump = (values: readonly bigint[], wire: number): bigint[] => values.map((v, i) => (i === wire ? (v + 1n) % BN254_ORDER : v));

describe('witness mutation on a small instance (D = 2, N = 2)', () => {
  it('every wire is constrained except the documented circomlib IsZero inverses', () => {
    expect(witness.length).toBe(circuit.wires);
    expect(free.map((wire) => (names.get(wire) ?? [`wire ${wire}`]).join(' = ')).sort()).toEqual([
      'main.slots[0].signature.eqCheckX.isz.inv',
      'main.slots[0].signature.eqCheckY.isz.inv',
      'main.slots[1].signature.eqCheckX.isz.inv',
      'main.slots[1].signature.isZero.inv',
      'main.slots[1].signature.mulAny.zeropoint.inv',
    ]);
  });

  it('agrees with snarkjs wtns check: a benign wire may change, the public input may not', async () => {
    const [honest, benign, publicInput] = await Promise.all([
      snarkjsCheck(witness, 'honest'),
      snarkjsCheck(bump(witness, free[0]), 'benign'),
      snarkjsCheck(bump(witness, 1), 'public'),
    ]);
    expect(honest).toContain('WITNESS IS CORRECT');
    expect(benign).toContain('WITNESS IS CORRECT');
    expect(publicInput).toContain('WITNESS IS NOT CORRECT');
  });
});
