import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { batchToCircuitInput } from './input';
import { compileCircuit, type CompiledCircuit } from './compile';
import { DEFAULT_INSTANCE } from './instance';
import { parseWtns, readR1cs, unsatisfiedConstraints, type R1cs } from '@zkr/bn254';
import { WitnessGenerator } from './witness';
import { genesis, honestBatch } from '@zkr/test-helpers';

const run = promisify(execFile);
let circuit: CompiledCircuit;
let r1cs: R1cs;
let generator: WitnessGenerator;
let dir: string;

beforeAll(async () => {
  circuit = await compileCircuit(DEFAULT_INSTANCE);
  [r1cs, generator] = await Promise.all([readR1cs(circuit.r1csPath), WitnessGenerator.create(circuit.wasmPath)]);
  dir = await mkdtemp(join(tmpdir(), 'zkr-witness-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function accounts() {
  return genesis(DEFAULT_INSTANCE.depth, [
    { index: 0, balance: 10n },
    { index: 1, balance: 1000n },
    { index: 2, balance: 500n, nonce: 7n },
    { index: 200, balance: 0n },
  ]);
}

describe('WitnessGenerator on the default instance', () => {
  it('computes a witness that satisfies the R1CS (own evaluator and snarkjs wtns check)', async () => {
    const fixture = await accounts();
    const batch = honestBatch(fixture, [
      { from: 1, to: 2, amount: 100n, fee: 3n },
      { from: 2, to: 200, amount: 50n, fee: 2n },
    ], DEFAULT_INSTANCE.batchSize, 0);
    const wtns = await generator.compute(batchToCircuitInput(batch, DEFAULT_INSTANCE));
    const witness = parseWtns(wtns);
    expect(witness).toHaveLength(circuit.wires);
    expect(witness[0]).toBe(1n);
    expect(witness[1]).toBe(batch.publicInput);
    expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
    const file = join(dir, 'honest.wtns');
    await writeFile(file, wtns);
    const { stdout } = await run('npx', ['snarkjs', 'wtns', 'check', circuit.r1csPath, file], { maxBuffer: 1 << 24 });
    expect(stdout).toContain('WITNESS IS CORRECT');
  });

  it('reuses the warm module for repeated batches, including self-transfers and no-ops', async () => {
    const fixture = await accounts();
    const batches = [
      honestBatch(fixture, [{ from: 1, to: 1, amount: 5n, fee: 1n }], 2, 0),
      honestBatch(fixture, [], 2, 200),
      honestBatch(fixture, [{ from: 0, to: 1, amount: 10n, fee: 0n }], 2, 0),
    ];
    for (const batch of batches) {
      const witness = parseWtns(await generator.compute(batchToCircuitInput(batch)));
      expect(witness[1]).toBe(batch.publicInput);
      expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
    }
  });

  it('rejects an input whose public input does not match with WITNESS_CONSTRAINT_FAILED', async () => {
    const batch = honestBatch(await accounts(), [{ from: 1, to: 2, amount: 1n, fee: 0n }], 2, 0);
    const input = { ...batchToCircuitInput(batch), publicInput: (batch.publicInput ^ 1n).toString() };
    // circom_runtime prints each failed assertion on console.error; the error carries the trace.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(generator.compute(input)).rejects.toMatchObject({ code: 'WITNESS_CONSTRAINT_FAILED', details: { trace: [expect.stringMatching(/^Batch_\d+:\d+$/)] } });
    quiet.mockRestore();
  });

  it('rejects a missing signal with INVALID_CIRCUIT_INPUT', async () => {
    const batch = honestBatch(await accounts(), [], 2, 0);
    const { feeRecipientNonce: _dropped, ...input } = batchToCircuitInput(batch);
    await expect(generator.compute(input)).rejects.toMatchObject({ code: 'INVALID_CIRCUIT_INPUT' });
  });
});
