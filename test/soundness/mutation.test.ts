import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  batchToCircuitInput, BN254_ORDER, compileCircuit, encodeWtns, parseWtns, readR1cs, readSym, WitnessGenerator,
  type CircuitInstance, type CompiledCircuit, type R1cs, type WireNames,
} from '@zkr/circuits';
import type { Batch } from '@zkr/state';
import { genesis, honestBatch } from '@zkr/test-helpers';
import { freeWires } from './mutation';

/** The smallest v2 instance: one arity-4 level (D = 2), two slots. */
const SMALL: CircuitInstance = { depth: 2, batchSize: 2 };
let circuit: CompiledCircuit;
let r1cs: R1cs;
let names: WireNames;
let witness: bigint[];
let free: number[];
let dir: string;
let batch: Batch;

beforeAll(async () => {
  circuit = await compileCircuit(SMALL);
  let generator: WitnessGenerator;
  [r1cs, names, generator] = await Promise.all([readR1cs(circuit.r1csPath), readSym(circuit.symPath), WitnessGenerator.create(circuit.wasmPath)]);
  const fixture = await genesis(SMALL.depth, [
    { index: 0, balance: 5n },
    { index: 1, balance: 900n },
    { index: 3, balance: 40n, nonce: 2n },
  ], undefined, 4);
  // Slot 0 is a transfer, slot 1 a no-op: both kinds of slot are mutated. Batch number 5.
  batch = honestBatch(fixture, [{ from: 1, to: 3, amount: 100n, fee: 7n }], SMALL.batchSize, 0);
  witness = parseWtns(await generator.compute(batchToCircuitInput(batch, SMALL)));
  free = freeWires(r1cs, witness);
  dir = await mkdtemp(join(tmpdir(), 'zkr-mutation-'));
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
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

describe('witness mutation on a small v2 instance (D = 2, N = 2)', () => {
  it('every wire is constrained except the documented circomlib IsZero inverses', () => {
    expect(witness.length).toBe(circuit.wires);
    // The public inputs, in order: newStateHash, dataHash.
    expect(witness.slice(1, 3)).toEqual([batch.newStateHash, batch.dataHash]);
    expect(batch.batchNumber).toBe(5);
    expect(free.map((wire) => (names.get(wire) ?? [`wire ${wire}`]).join(' = ')).sort()).toEqual([
      'main.slots[0].signature.eqCheckX.isz.inv',
      'main.slots[0].signature.eqCheckY.isz.inv',
      'main.slots[1].signature.eqCheckX.isz.inv',
      'main.slots[1].signature.isZero.inv',
      'main.slots[1].signature.mulAny.zeropoint.inv',
    ]);
  });

  it('agrees with snarkjs wtns check: a benign wire may change, neither public input may', async () => {
    const [honest, benign, newStateHash, dataHash] = await Promise.all([
      snarkjsCheck(witness, 'honest'),
      snarkjsCheck(bump(witness, free[0]), 'benign'),
      snarkjsCheck(bump(witness, 1), 'new-state-hash'),
      snarkjsCheck(bump(witness, 2), 'data-hash'),
    ]);
    expect(honest).toContain('WITNESS IS CORRECT');
    expect(benign).toContain('WITNESS IS CORRECT');
    expect(newStateHash).toContain('WITNESS IS NOT CORRECT');
    expect(dataHash).toContain('WITNESS IS NOT CORRECT');
  });
});
