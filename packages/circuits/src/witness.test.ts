import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { batchToCircuitInput, type CircuitInput } from './input';
import { compileCircuit, type CompiledCircuit } from './compile';
import { DEFAULT_INSTANCE } from './instance';
import { parseWtns, readR1cs, unsatisfiedConstraints, type R1cs } from '@zkr/bn254';
import { dataHashOf, type Batch } from '@zkr/state';
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

async function accounts(batchCount = 0) {
  return genesis(DEFAULT_INSTANCE.depth, [
    { index: 0, balance: 10n },
    { index: 1, balance: 10n ** 15n },
    { index: 2, balance: 500n, nonce: 7n },
    { index: 255, balance: 0n, owner: 0n },
  ], undefined, batchCount);
}

/** The public signals a witness carries: wires 1 and 2. */
async function publicSignals(input: CircuitInput | Readonly<Record<string, unknown>>): Promise<bigint[]> {
  const witness = parseWtns(await generator.compute(input));
  expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
  return witness.slice(1, 3);
}

/** The input with slot 0's op word replaced, and the data hash of the batch data with that word. */
function withOpWord(batch: Batch, opWord: bigint): { input: CircuitInput; dataHash: bigint } {
  const data = new Uint8Array(batch.batchData);
  const at = 37 + 2; // slot 0 at D = 8: after the 37-byte header, from (1 byte), to (1 byte), then the 5-byte op word
  for (let i = 0; i < 5; i++) data[at + i] = Number((opWord >> BigInt(8 * (4 - i))) & 0xffn);
  const input = batchToCircuitInput(batch);
  const dataHash = dataHashOf(data);
  return { input: { ...input, opWord: [opWord.toString(), ...input.opWord.slice(1)], dataHash: dataHash.toString() }, dataHash };
}

async function rejects(input: CircuitInput | Readonly<Record<string, unknown>>): Promise<void> {
  // circom_runtime prints each failed assertion on console.error; the error carries the trace.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await expect(generator.compute(input)).rejects.toMatchObject({ code: 'WITNESS_CONSTRAINT_FAILED', details: { trace: expect.arrayContaining([expect.stringMatching(/^Batch_\d+:\d+$/)]) } });
  } finally {
    quiet.mockRestore();
  }
}

describe('WitnessGenerator on the default instance', () => {
  it('computes a witness that satisfies the R1CS (own evaluator and snarkjs wtns check), with public signals [newStateHash, dataHash]', async () => {
    const fixture = await accounts();
    const batch = honestBatch(fixture, [
      { from: 1, to: 2, amount: 3n * 10n ** 12n, fee: 30n },
      { from: 2, to: 255, amount: 50n, fee: 2n },
    ], DEFAULT_INSTANCE.batchSize, 0);
    const wtns = await generator.compute(batchToCircuitInput(batch, DEFAULT_INSTANCE));
    const witness = parseWtns(wtns);
    expect(witness).toHaveLength(circuit.wires);
    expect(witness[0]).toBe(1n);
    expect(witness.slice(1, 3)).toEqual([batch.newStateHash, batch.dataHash]);
    expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
    const file = join(dir, 'honest.wtns');
    await writeFile(file, wtns);
    const { stdout } = await run('npx', ['snarkjs', 'wtns', 'check', circuit.r1csPath, file], { maxBuffer: 1 << 24 });
    expect(stdout).toContain('WITNESS IS CORRECT');
  });

  it('reuses the warm module for repeated batches: self-transfers, no-op batches, index 2^D - 1 as fee recipient, later batch numbers', async () => {
    const batches = [
      honestBatch(await accounts(), [{ from: 1, to: 1, amount: 5n, fee: 1n }], 2, 0),
      honestBatch(await accounts(41), [], 2, 255),
      honestBatch(await accounts(2 ** 32 - 2), [{ from: 0, to: 1, amount: 10n, fee: 0n }, { from: 2, to: 0, amount: 0n, fee: 150n }], 2, 255),
    ];
    for (const batch of batches) {
      expect(await publicSignals(batchToCircuitInput(batch))).toEqual([batch.newStateHash, batch.dataHash]);
    }
  });

  it('accepts a non-canonical op word that decodes to the signed amount (§1.1), and nothing that decodes to another amount', async () => {
    const batch = honestBatch(await accounts(), [{ from: 1, to: 2, amount: 100n, fee: 3n }], 2, 0);
    const kind = 1n << 38n;
    // 100 = 100·10^0 (canonical) = 10·10^1 = 1·10^2.
    const other = withOpWord(batch, kind + (1n << 34n) + 10n);
    expect(other.dataHash).not.toBe(batch.dataHash);
    expect(await publicSignals(other.input)).toEqual([batch.newStateHash, other.dataHash]);
    // 10·10^2 = 1000 is not the signed amount: the signature fails.
    await rejects(withOpWord(batch, kind + (2n << 34n) + 10n).input);
  });

  it('rejects reserved kinds and a mismatched public input with WITNESS_CONSTRAINT_FAILED', async () => {
    const batch = honestBatch(await accounts(), [{ from: 1, to: 2, amount: 1n, fee: 0n }], 2, 0);
    const word = BigInt(batchToCircuitInput(batch).opWord[0]);
    await rejects(withOpWord(batch, word + (1n << 39n)).input); // kind 3
    await rejects(withOpWord(batch, word + (1n << 38n)).input); // kind 2
    const input = batchToCircuitInput(batch);
    await rejects({ ...input, dataHash: (batch.dataHash ^ 1n).toString() });
    await rejects({ ...input, newStateHash: (batch.newStateHash ^ 1n).toString() });
  });

  it('rejects a missing signal with INVALID_CIRCUIT_INPUT', async () => {
    const batch = honestBatch(await accounts(), [], 2, 0);
    const { feeRecipientOwner: _dropped, ...input } = batchToCircuitInput(batch);
    await expect(generator.compute(input)).rejects.toMatchObject({ code: 'INVALID_CIRCUIT_INPUT' });
  });
});

