import { batchToCircuitInput, compileCircuit, parseWtns, readR1cs, readSym, WitnessGenerator, type CircuitInstance } from '@zkr/circuits';
import { genesis, honestBatch } from '../../packages/circuits/src/batches.fixture';
import { freeWires } from './mutation';

const SMALL: CircuitInstance = { depth: 2, batchSize: 2 };

describe('witness mutation on a small instance (D = 2, N = 2)', () => {
  it('every wire is constrained except the documented circomlib IsZero inverses', async () => {
    const circuit = await compileCircuit(SMALL);
    const [r1cs, names, generator] = await Promise.all([readR1cs(circuit.r1csPath), readSym(circuit.symPath), WitnessGenerator.create(circuit.wasmPath)]);
    const fixture = await genesis(SMALL.depth, [
      { index: 0, balance: 5n },
      { index: 1, balance: 900n },
      { index: 3, balance: 40n, nonce: 2n },
    ]);
    // Slot 0 is a transfer, slot 1 a no-op: both kinds of slot are mutated.
    const batch = honestBatch(fixture, [{ from: 1, to: 3, amount: 100n, fee: 7n }], SMALL.batchSize, 0);
    const witness = parseWtns(await generator.compute(batchToCircuitInput(batch, SMALL)));
    const free = freeWires(r1cs, witness).map((wire) => (names.get(wire) ?? [`wire ${wire}`]).join(' = '));
    expect(free.sort()).toEqual([
      'main.slots[0].signature.eqCheckX.isz.inv',
      'main.slots[0].signature.eqCheckY.isz.inv',
      'main.slots[1].signature.eqCheckX.isz.inv',
      'main.slots[1].signature.isZero.inv',
      'main.slots[1].signature.mulAny.zeropoint.inv',
    ]);
  });
});
