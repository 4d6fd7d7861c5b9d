import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWtns, readR1cs, unsatisfiedConstraints, type R1cs } from '@zkr/bn254';
import { compileFixture } from '@zkr/test-helpers';
import { CIRCUITS_DIR } from './paths';
import { WitnessGenerator } from './witness';

/**
 * FeeOverflowCheck(1, 2) of circuits/fee_overflow.circom on its own: rule 9 of docs/protocol.md
 * §5 checked after one transfer slot and after each of two withdrawal positions (§6, §11 rule 9),
 * the fee recipient's balances recovered backwards from its balance before the fee credit.
 */
const LIMIT = 1n << 64n;
const RECIPIENT = 4n;

let r1cs: R1cs;
let generator: WitnessGenerator;

beforeAll(async () => {
  const sources = createHash('sha256');
  for (const name of ['fee_overflow.circom', 'is_zero.circom', 'range.circom']) sources.update(await readFile(join(CIRCUITS_DIR, name)));
  const source = `pragma circom 2.1.0;\ninclude "fee_overflow.circom";\n// templates ${sources.digest('hex')}\ncomponent main = FeeOverflowCheck(1, 2);\n`;
  const compiled = await compileFixture('fee-overflow-1-2', source, [CIRCUITS_DIR]);
  [r1cs, generator] = await Promise.all([readR1cs(compiled.r1csPath), WitnessGenerator.create(compiled.wasmPath)]);
}, 600_000);

interface Case {
  /** The slot: a transfer from → to with fee, or absent (a no-op). */
  readonly slot?: { from: bigint; to: bigint; fee: bigint; senderBalance: bigint; receiverBalance: bigint };
  /** The withdrawals (absent: an empty position). */
  readonly withdrawals: readonly ({ from: bigint; fee: bigint; balance: bigint } | undefined)[];
  readonly finalBalance: bigint;
}

function inputOf(c: Case): Record<string, unknown> {
  const w = [0, 1].map((i) => c.withdrawals[i]);
  return {
    feeRecipient: RECIPIENT.toString(),
    enabled: [c.slot ? '1' : '0'],
    from: [String(c.slot?.from ?? 0n)],
    to: [String(c.slot?.to ?? 0n)],
    fee: [String(c.slot?.fee ?? 0n)],
    senderBalance: [String(c.slot?.senderBalance ?? 0n)],
    receiverBalance: [String(c.slot?.receiverBalance ?? 0n)],
    withdrawalEnabled: w.map((x) => (x ? '1' : '0')),
    withdrawalFrom: w.map((x) => String(x?.from ?? 0n)),
    withdrawalFee: w.map((x) => String(x?.fee ?? 0n)),
    withdrawalBalance: w.map((x) => String(x?.balance ?? 0n)),
    finalBalance: c.finalBalance.toString(),
  };
}

async function accepts(c: Case): Promise<void> {
  const witness = parseWtns(await generator.compute(inputOf(c)));
  expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
}

async function rejects(c: Case): Promise<void> {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await expect(generator.compute(inputOf(c))).rejects.toMatchObject({ code: 'WITNESS_CONSTRAINT_FAILED', details: { trace: expect.arrayContaining([expect.stringMatching(/^FeeOverflowCheck_\d+:\d+$/)]) } });
  } finally {
    quiet.mockRestore();
  }
}

describe('FeeOverflowCheck (circuits/fee_overflow.circom)', () => {
  it('pins its constraint count for N = 1, W = 2', () => {
    expect(r1cs.constraints.length).toBe(212);
  });

  it('counts withdrawal fees after the slot fees: the recipient plus all fees must stay below 2^64 (§5 rule 9, §6)', async () => {
    const slot = { from: 1n, to: 2n, fee: 5n, senderBalance: 100n, receiverBalance: 0n };
    // The recipient is untouched: its balance is finalBalance throughout; the fees are 5 + 7 + 9.
    await accepts({ slot, withdrawals: [{ from: 3n, fee: 7n, balance: 50n }, { from: 3n, fee: 9n, balance: 43n }], finalBalance: LIMIT - 22n });
    await rejects({ slot, withdrawals: [{ from: 3n, fee: 7n, balance: 50n }, { from: 3n, fee: 9n, balance: 43n }], finalBalance: LIMIT - 21n });
    // Without the withdrawals only the slot fee counts.
    await accepts({ slot, withdrawals: [undefined, undefined], finalBalance: LIMIT - 6n });
    await rejects({ slot, withdrawals: [undefined, undefined], finalBalance: LIMIT - 5n });
  });

  it('recovers the balance before a withdrawal by the recipient itself, and ignores an empty position of index 0', async () => {
    // Withdrawal 0 is by the recipient: before it, its balance was 2^64 - 30; after the slot fee 5 and its own fee 7 it is still checked.
    await accepts({ slot: { from: 1n, to: 2n, fee: 5n, senderBalance: 100n, receiverBalance: 0n }, withdrawals: [{ from: RECIPIENT, fee: 7n, balance: LIMIT - 13n }, undefined], finalBalance: 1000n });
    // Its balance before the withdrawal plus the slot fee reaches 2^64: the check after the slot fails.
    await rejects({ slot: { from: 1n, to: 2n, fee: 5n, senderBalance: 100n, receiverBalance: 0n }, withdrawals: [{ from: RECIPIENT, fee: 7n, balance: LIMIT - 5n }, undefined], finalBalance: 1000n });
    // An empty position has from = 0; recipient 0 is not touched by it.
    const zero = { ...inputOf({ withdrawals: [undefined, undefined], finalBalance: 10n }), feeRecipient: '0' };
    const witness = parseWtns(await generator.compute(zero));
    expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
  });
});
