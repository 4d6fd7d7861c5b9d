import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { batchToCircuitInput, type CircuitInput } from './input';
import { compileCircuit, type CompiledCircuit } from './compile';
import { DEFAULT_INSTANCE } from './instance';
import { CIRCUITS_DIR } from './paths';
import { parseWtns, readR1cs, unsatisfiedConstraints, type R1cs } from '@zkr/bn254';
import { dataHashOf, type Batch } from '@zkr/state';
import { WitnessGenerator } from './witness';
import { genesis, honestBatch, moneyBatch, testOwner } from '@zkr/test-helpers';

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

/** The public signals a witness carries: wires 1 to 4. */
async function publicSignals(input: CircuitInput | Readonly<Record<string, unknown>>): Promise<bigint[]> {
  const witness = parseWtns(await generator.compute(input));
  expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
  return witness.slice(1, 5);
}

const publicInputs = (batch: Batch): bigint[] => [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash];

/** At D = 8, Q = 1: the 37-byte header, then queue position 0 (address 20 bytes, credit 8), then slot 0. */
const QUEUE_CREDIT_AT = 37 + 20;
const SLOT_AT = 37 + 28;

/** The batch data with `bytes` written big-endian at `at`, and its data hash. */
function patched(batch: Batch, at: number, length: number, value: bigint): string {
  const data = new Uint8Array(batch.batchData);
  for (let i = 0; i < length; i++) data[at + i] = Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn);
  return dataHashOf(data).toString();
}

/** The input with slot 0's op word replaced, and the data hash of the batch data with that word. */
function withOpWord(batch: Batch, opWord: bigint): { input: CircuitInput; dataHash: bigint } {
  const input = batchToCircuitInput(batch);
  // Slot 0 at D = 8: from (1 byte), to (1 byte), then the 5-byte op word.
  const dataHash = patched(batch, SLOT_AT + 2, 5, opWord);
  return { input: { ...input, opWord: [opWord.toString(), ...input.opWord.slice(1)], dataHash }, dataHash: BigInt(dataHash) };
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
  it('computes a witness of a v3 batch (deposit, transfer, withdrawal) that satisfies the R1CS (own evaluator and snarkjs wtns check), with public signals [newStateHash, dataHash, oldQueueHash, newQueueHash]', async () => {
    const { batch } = await moneyBatch();
    expect(batch.queue[0]).toMatchObject({ kind: 'operation', outcome: 'applied' });
    expect(batch.withdrawals[0].kind).toBe('withdrawal');
    expect(batch.newQueueHash).not.toBe(batch.oldQueueHash);
    const wtns = await generator.compute(batchToCircuitInput(batch, DEFAULT_INSTANCE));
    const witness = parseWtns(wtns);
    expect(witness).toHaveLength(circuit.wires);
    expect(witness[0]).toBe(1n);
    expect(witness.slice(1, 5)).toEqual(publicInputs(batch));
    expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
    const file = join(dir, 'honest.wtns');
    await writeFile(file, wtns);
    const { stdout } = await run('npx', ['snarkjs', 'wtns', 'check', circuit.r1csPath, file], { maxBuffer: 1 << 24 });
    expect(stdout).toContain('WITNESS IS CORRECT');
  });

  it('reuses the warm module for repeated batches: self-transfers, empty batches, index 2^D - 1 as fee recipient, later batch numbers, every queue outcome', async () => {
    const batches = [
      honestBatch(await accounts(), [{ from: 1, to: 1, amount: 5n, fee: 1n }], 2, 0),
      honestBatch(await accounts(41), [], 2, 255),
      honestBatch(await accounts(2 ** 32 - 2), [{ from: 0, to: 1, amount: 10n, fee: 0n }, { from: 2, to: 0, amount: 0n, fee: 150n }], 2, 255),
      // §12.2: a deposit credited, a deposit to a taken index refunded, an unknown account, exits by the owner and by a stranger.
      honestBatch(await accounts(), [], 2, 0, { queue: [{ kind: 2, index: 2, amount: 77n, address: testOwner(9) }] }),
      honestBatch(await accounts(), [], 2, 0, { queue: [{ kind: 1, index: 1, amount: 5n }] }),
      honestBatch(await accounts(), [], 2, 0, { queue: [{ kind: 2, index: 9, amount: 5n }] }),
      honestBatch(await accounts(), [{ from: 1, to: 2, amount: 1n, fee: 0n }], 2, 0, { queue: [{ kind: 3, index: 2 }] }),
      honestBatch(await accounts(), [], 2, 0, { queue: [{ kind: 3, index: 2, address: testOwner(3) }] }),
      // A withdrawal of the fee recipient's own balance, after a transfer from the same account (§5 rule 9 counts its fee).
      honestBatch(await accounts(), [{ from: 0, to: 1, amount: 1n, fee: 1n }], 2, 0, { withdrawals: [{ from: 0, amount: 5n, fee: 3n }] }),
    ];
    expect(batches.slice(3, 8).map((b) => b.queue[0].kind === 'operation' && b.queue[0].outcome)).toEqual(['applied', 'INDEX_TAKEN', 'UNKNOWN_ACCOUNT', 'applied', 'NOT_OWNER']);
    for (const batch of batches) {
      expect(await publicSignals(batchToCircuitInput(batch))).toEqual(publicInputs(batch));
    }
  });

  it('rejects a wrong queue chain: either queue hash, or a consumed operation that differs from the queued one (§12.1)', async () => {
    const { batch } = await moneyBatch();
    const input = batchToCircuitInput(batch);
    await rejects({ ...input, newQueueHash: (batch.newQueueHash ^ 1n).toString() });
    await rejects({ ...input, oldQueueHash: (batch.oldQueueHash ^ 1n).toString() });
    // Another key for the new account: the chain step no longer gives newQueueHash.
    await rejects({ ...input, queueAx: [input.feeRecipientAx], queueAy: [input.feeRecipientAy] });
    // Claiming the operation was not consumed (an empty position) keeps the old hash.
    const fixture = await accounts();
    const withDeposit = honestBatch(fixture, [], 2, 0, { queue: [{ kind: 2, index: 2, amount: 5n }] });
    const skipped = batchToCircuitInput(withDeposit);
    const zeros = (): string[] => ['0'];
    await rejects({
      ...skipped, queueWord: zeros(), queueExists: zeros(), queueLeafAx: zeros(), queueLeafAy: zeros(), queueBalance: zeros(), queueNonce: zeros(), queueOwner: zeros(),
      queueSiblings: [Array.from({ length: 4 }, () => ['0', '0', '0'])], dataHash: patched(withDeposit, 37, 28, 0n),
    });
  });

  it('rejects an empty queue position or withdrawal position with non-zero data (§7, §9)', async () => {
    const batch = honestBatch(await accounts(), [], 2, 0);
    const input = batchToCircuitInput(batch);
    expect(batch.queue[0].kind).toBe('empty');
    await rejects({ ...input, queueAx: ['1'] });
    await rejects({ ...input, queueExists: ['1'] });
    await rejects({ ...input, queueSiblings: [[['0', '0', '1'], ['0', '0', '0'], ['0', '0', '0'], ['0', '0', '0']]] });
    // A non-zero address in an empty queue entry, published in the batch data.
    await rejects({ ...input, queueWord: [(5n << 72n).toString()], dataHash: patched(batch, 37, 20, 5n) });
    await rejects({ ...input, withdrawalAddress: ['5'], dataHash: patched(batch, 37 + 28 + 16 + 7, 20, 5n) });
  });

  it('rejects a deposit to an occupied index claimed as applied, and a forced exit by a non-owner claimed as applied (§12.2)', async () => {
    const fixture = await accounts();
    const refunded = honestBatch(fixture, [], 2, 0, { queue: [{ kind: 1, index: 1, amount: 5n }] });
    const taken = batchToCircuitInput(refunded);
    // The leaf at index 1 claimed empty.
    await rejects({ ...taken, queueExists: ['0'], queueLeafAx: ['0'], queueLeafAy: ['0'], queueBalance: ['0'], queueNonce: ['0'], queueOwner: ['0'] });
    // The refund of 5 published as 0, as if the account had been created.
    await rejects({ ...taken, dataHash: patched(refunded, QUEUE_CREDIT_AT, 8, 0n) });

    const stranger = honestBatch(fixture, [], 2, 0, { queue: [{ kind: 3, index: 2, address: testOwner(3) }] });
    const exit = batchToCircuitInput(stranger);
    // The owner in the leaf replaced by the caller, and the balance of 500 published as paid out.
    await rejects({ ...exit, queueOwner: [testOwner(3).toString()] });
    await rejects({ ...exit, dataHash: patched(stranger, QUEUE_CREDIT_AT, 8, 500n) });
  });

  it('rejects a withdrawal entry other than the signed one: amount, fee or address (§11)', async () => {
    const { batch } = await moneyBatch();
    const input = batchToCircuitInput(batch);
    const at = 37 + 28 + 16; // the withdrawal entry: from (1), op word (5), fee (1), address (20)
    const word = BigInt(input.withdrawalOpWord[0]);
    await rejects({ ...input, withdrawalOpWord: [(word + 1n).toString()], dataHash: patched(batch, at + 1, 5, word + 1n) });
    await rejects({ ...input, withdrawalFeeByte: ['3'], dataHash: patched(batch, at + 6, 1, 3n) });
    await rejects({ ...input, withdrawalAddress: [testOwner(7).toString()], dataHash: patched(batch, at + 7, 20, testOwner(7)) });
  });

  it('accepts a non-canonical op word that decodes to the signed amount (§1.1), and nothing that decodes to another amount', async () => {
    const batch = honestBatch(await accounts(), [{ from: 1, to: 2, amount: 100n, fee: 3n }], 2, 0);
    const kind = 1n << 38n;
    // 100 = 100·10^0 (canonical) = 10·10^1 = 1·10^2.
    const other = withOpWord(batch, kind + (1n << 34n) + 10n);
    expect(other.dataHash).not.toBe(batch.dataHash);
    expect(await publicSignals(other.input)).toEqual([batch.newStateHash, other.dataHash, batch.oldQueueHash, batch.newQueueHash]);
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
    await rejects({ ...input, oldQueueHash: (batch.oldQueueHash + 1n).toString() });
  });

  it('rejects a missing signal with INVALID_CIRCUIT_INPUT', async () => {
    const batch = honestBatch(await accounts(), [], 2, 0);
    const { feeRecipientOwner: _dropped, ...input } = batchToCircuitInput(batch);
    await expect(generator.compute(input)).rejects.toMatchObject({ code: 'INVALID_CIRCUIT_INPUT' });
  });
});


describe('WitnessGenerator on an instance with two queue positions (D = 4, N = 1, Q = 2, W = 1)', () => {
  const instance = { depth: 4, batchSize: 1, queuePositions: 2, withdrawalPositions: 1 };
  let small: { r1cs: R1cs; generator: WitnessGenerator };

  beforeAll(async () => {
    const compiled = await compileCircuit(instance);
    const [smallR1cs, smallGenerator] = await Promise.all([readR1cs(compiled.r1csPath), WitnessGenerator.create(compiled.wasmPath)]);
    small = { r1cs: smallR1cs, generator: smallGenerator };
  });

  const fixture = () => genesis(4, [{ index: 0, balance: 10n }, { index: 1, balance: 20n }], undefined, 0, instance);

  it('consumes two operations in order, one, or none', async () => {
    const f = await fixture();
    for (const queue of [[{ kind: 2 as const, index: 1, amount: 5n }, { kind: 1 as const, index: 2, amount: 3n }], [{ kind: 3 as const, index: 1 }], []]) {
      const batch = honestBatch(f, [{ from: 0, to: 1, amount: 1n, fee: 1n }], 1, 0, { queue });
      const witness = parseWtns(await small.generator.compute(batchToCircuitInput(batch, instance)));
      expect(unsatisfiedConstraints(small.r1cs, witness)).toEqual([]);
      expect(witness.slice(1, 5)).toEqual(publicInputs(batch));
    }
  });

  it('rejects an empty position before a consumed operation (§6, §9: consumed operations come first)', async () => {
    const batch = honestBatch(await fixture(), [], 1, 0, { queue: [{ kind: 2, index: 1, amount: 5n }] });
    expect(() => batchToCircuitInput({ ...batch, queue: [batch.queue[1], batch.queue[0]] })).toThrow(expect.objectContaining({ code: 'INVALID_BATCH', details: expect.objectContaining({ field: 'batch.queue[1].kind' }) }));
    // The same operation moved to position 1: the chain and the roots are unchanged, only the order rule fails.
    const input = batchToCircuitInput(batch) as unknown as Record<string, unknown[]>;
    const swapped = Object.fromEntries(Object.entries(input).map(([name, value]) => [name, name.startsWith('queue') ? [value[1], value[0]] : value]));
    const data = new Uint8Array(batch.batchData);
    const entries = data.slice(37, 37 + 56);
    data.set(entries.slice(28, 56), 37);
    data.set(entries.slice(0, 28), 37 + 28);
    const source = (await readFile(join(CIRCUITS_DIR, 'batch.circom'), 'utf8')).split('\n');
    const line = source.findIndex((text) => text.includes('(1 - queue[q - 1].enabled) * queue[q].enabled === 0;')) + 1;
    expect(line).toBeGreaterThan(0);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(small.generator.compute({ ...swapped, dataHash: dataHashOf(data).toString() })).rejects.toMatchObject({ code: 'WITNESS_CONSTRAINT_FAILED', details: { trace: [expect.stringMatching(new RegExp(`^Batch_\\d+:${line}$`))] } });
    } finally {
      quiet.mockRestore();
    }
  });
});
