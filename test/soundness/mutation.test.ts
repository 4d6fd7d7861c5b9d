/**
 * Witness mutation of the batch circuit (docs/protocol.md §9): every wire of an honest witness of the
 * small v3 instance, changed alone, must break a constraint (or be a documented benign inverse),
 * and snarkjs agrees on the R1CS verdicts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  batchToCircuitInput, BN254_ORDER, compileCircuit, encodeWtns, parseWtns, readR1cs, readSym, WitnessGenerator,
  type CompiledCircuit, type R1cs, type WireNames,
} from '@zkr/circuits';
import type { Batch } from '@zkr/state';
import { genesis, honestBatch } from '@zkr/test-helpers';
import { SMALL_INSTANCE } from './harness';
import { freeWires } from './mutation';

let circuit: CompiledCircuit;
let r1cs: R1cs;
let names: WireNames;
let witness: bigint[];
let free: number[];
let dir: string;
let batch: Batch;

beforeAll(async () => {
  circuit = await compileCircuit(SMALL_INSTANCE);
  let generator: WitnessGenerator;
  [r1cs, names, generator] = await Promise.all([readR1cs(circuit.r1csPath), readSym(circuit.symPath), WitnessGenerator.create(circuit.wasmPath)]);
  const fixture = await genesis(SMALL_INSTANCE.depth, [
    { index: 0, balance: 5n },
    { index: 1, balance: 900n },
    { index: 3, balance: 40n, nonce: 2n },
  ], undefined, 4, SMALL_INSTANCE);
  // Every kind of position is mutated: queue position 0 deposits to account 3, position 1 is
  // empty; slot 0 is a transfer, slot 1 a no-op; withdrawal position 0 withdraws from account 1,
  // position 1 is empty. Batch number 5.
  batch = honestBatch(fixture, [{ from: 1, to: 3, amount: 100n, fee: 7n }], SMALL_INSTANCE.batchSize, 0, {
    queue: [{ kind: 2, index: 3, amount: 60n }], withdrawals: [{ from: 1, amount: 50n, fee: 2n }],
  });
  witness = parseWtns(await generator.compute(batchToCircuitInput(batch, SMALL_INSTANCE)));
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

describe('witness mutation on the small v3 instance (D = 2, N = 2, Q = 2, W = 2)', () => {
  it('every wire is constrained except the documented circomlib IsZero inverses (of the slot and withdrawal signature verifiers; none in the queue positions)', () => {
    expect(witness.length).toBe(circuit.wires);
    // The four public inputs of §7, in order.
    expect(witness.slice(1, 5)).toEqual([batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]);
    expect([batch.batchNumber, batch.queueCount]).toEqual([5, 1]);
    expect(free.map((wire) => (names.get(wire) ?? [`wire ${wire}`]).join(' = ')).sort()).toEqual([
      'main.slots[0].signature.eqCheckX.isz.inv',
      'main.slots[0].signature.eqCheckY.isz.inv',
      'main.slots[1].signature.eqCheckX.isz.inv',
      'main.slots[1].signature.isZero.inv',
      'main.slots[1].signature.mulAny.zeropoint.inv',
      'main.withdrawals[0].signature.eqCheckX.isz.inv',
      'main.withdrawals[0].signature.eqCheckY.isz.inv',
      'main.withdrawals[1].signature.eqCheckX.isz.inv',
      'main.withdrawals[1].signature.isZero.inv',
      'main.withdrawals[1].signature.mulAny.zeropoint.inv',
    ]);
  });

  it('agrees with snarkjs wtns check: a benign wire may change, no public input may', async () => {
    const [honest, benign, ...publicInputs] = await Promise.all([
      snarkjsCheck(witness, 'honest'),
      snarkjsCheck(bump(witness, free[0]), 'benign'),
      ...[1, 2, 3, 4].map((wire) => snarkjsCheck(bump(witness, wire), `public-${wire}`)),
    ]);
    expect(honest).toContain('WITNESS IS CORRECT');
    expect(benign).toContain('WITNESS IS CORRECT');
    for (const output of publicInputs) expect(output).toContain('WITNESS IS NOT CORRECT');
  });
});
