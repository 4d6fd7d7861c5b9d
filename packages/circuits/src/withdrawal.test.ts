import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWtns, readR1cs, unsatisfiedConstraints, type R1cs } from '@zkr/bn254';
import { AccountTree, createCryptoSuite, encodeAmount, encodeFee, type Account, type CryptoSuite } from '@zkr/state';
import { compileFixture } from '@zkr/test-helpers';
import { CIRCUITS_DIR } from './paths';
import { WitnessGenerator } from './witness';

/**
 * WithdrawalPosition(4) of circuits/withdrawal.circom on its own: one withdrawal position of
 * docs/protocol.md §11 against a small tree, signed here over the §11 message directly (so that
 * withdrawals the builder refuses, e.g. to address 0, can be tried against the circuit).
 */
const D = 4;
const DOMAIN = 987654321987654321n;
const VALUE_LIMIT = 1n << 64n;
const ADDRESS = 0xc0ffee0000000000000000000000000000000003n;
const FROM = 6;
const BALANCE = 1000n;
const NONCE = 4n;

let suite: CryptoSuite;
let r1cs: R1cs;
let generator: WitnessGenerator;
let tree: AccountTree;
let account: Account;
let withdrawalSource: string[];
const privateKey = new Uint8Array(32).fill(9);

beforeAll(async () => {
  suite = await createCryptoSuite();
  const sources = createHash('sha256');
  for (const name of ['withdrawal.circom', 'withdrawal_fields.circom', 'leaf_update.circom', 'quad_merkle.circom', 'float.circom', 'range.circom']) {
    sources.update(await readFile(join(CIRCUITS_DIR, name)));
  }
  withdrawalSource = (await readFile(join(CIRCUITS_DIR, 'withdrawal.circom'), 'utf8')).split('\n');
  const source = `pragma circom 2.1.0;\ninclude "withdrawal.circom";\n// templates ${sources.digest('hex')}\ncomponent main = WithdrawalPosition(${D});\n`;
  const compiled = await compileFixture('withdrawal-d4', source, [CIRCUITS_DIR]);
  [r1cs, generator] = await Promise.all([readR1cs(compiled.r1csPath), WitnessGenerator.create(compiled.wasmPath)]);
  account = { publicKey: suite.eddsa.publicKey(privateKey), balance: BALANCE, nonce: NONCE, owner: 0n };
  tree = AccountTree.fromAccounts(suite.poseidon, D, [[FROM, account], [1, { ...account, balance: 5n }]]);
}, 600_000);

interface Body {
  readonly address: bigint;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce?: bigint;
  /** The op word's kind (default 2). */
  readonly kind?: bigint;
}

/** The honest input of a withdrawal of `body` from FROM, signed over the §11 message. */
function inputOf(body: Body): Record<string, unknown> {
  const nonce = body.nonce ?? NONCE;
  const message = suite.poseidon.hash([DOMAIN, 2n + 4n * BigInt(FROM) + (body.address << 34n), body.amount + VALUE_LIMIT * body.fee, nonce]);
  const signature = suite.eddsa.sign(privateKey, message);
  return {
    domain: DOMAIN.toString(),
    rootBefore: tree.root.toString(),
    from: String(FROM),
    opWord: (((body.kind ?? 2n) << 38n) + encodeAmount(body.amount)).toString(),
    feeByte: String(encodeFee(body.fee)),
    address: body.address.toString(),
    nonce: NONCE.toString(),
    sigR8x: signature.R8x.toString(),
    sigR8y: signature.R8y.toString(),
    sigS: signature.S.toString(),
    Ax: account.publicKey[0].toString(),
    Ay: account.publicKey[1].toString(),
    owner: '0',
    balance: BALANCE.toString(),
    siblings: tree.siblings(FROM).map((t) => t.map(String)),
  };
}

function emptyInput(): Record<string, unknown> {
  const input = Object.fromEntries(Object.keys(inputOf({ address: ADDRESS, amount: 1n, fee: 0n })).map((name) => [name, '0']));
  return { ...input, domain: DOMAIN.toString(), rootBefore: tree.root.toString(), siblings: Array.from({ length: D / 2 }, () => ['0', '0', '0']) };
}

async function outputs(input: Record<string, unknown>) {
  const witness = parseWtns(await generator.compute(input));
  expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
  const bits = witness.slice(4, 4 + 8 * 27);
  const bytes = Array.from({ length: 27 }, (_, i) => Number(bits.slice(8 * i, 8 * i + 8).reduce((acc, b) => 2n * acc + b, 0n)));
  return { rootAfter: witness[1], enabled: witness[2], fee: witness[3], entry: Buffer.from(bytes).toString('hex') };
}

/** Expects no witness, the innermost failing frame being `template` at the line of withdrawal.circom holding `line` (or any line of `template`). */
async function rejects(input: Record<string, unknown>, template: string, line?: string): Promise<void> {
  const at = line === undefined ? '\\d+' : String(withdrawalSource.findIndex((text) => text.includes(line)) + 1);
  expect(at).not.toBe('0');
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const error = await generator.compute(input).then(() => undefined, (e: unknown) => e as { code: string; details: { trace: string[] } });
    expect(error?.code).toBe('WITNESS_CONSTRAINT_FAILED');
    expect(error?.details.trace[0]).toMatch(new RegExp(`^${template}_\\d+:${at}$`));
  } finally {
    quiet.mockRestore();
  }
}

describe('WithdrawalPosition (circuits/withdrawal.circom)', () => {
  it('pins its constraint count at D = 4', () => {
    expect(r1cs.constraints.length).toBe(6817);
  });

  it.each([
    ['a withdrawal with a fee', 300n, 20n],
    ['the whole balance (amount + fee = balance)', 990n, 10n],
    ['an amount with a non-zero exponent', 3n * 10n ** 2n, 0n],
  ])('applies %s: one debit and nonce increment, and publishes from, op word, fee byte and address (§7, §11)', async (_name, amount, fee) => {
    const out = await outputs(inputOf({ address: ADDRESS, amount, fee }));
    const after = tree.set(FROM, { ...account, balance: BALANCE - amount - fee, nonce: NONCE + 1n });
    const opWord = ((2n << 38n) + encodeAmount(amount)).toString(16).padStart(10, '0');
    const entry = `${FROM.toString(16).padStart(2, '0')}${opWord}${encodeFee(fee).toString(16).padStart(2, '0')}${ADDRESS.toString(16).padStart(40, '0')}`;
    expect(out).toEqual({ rootAfter: after.root, enabled: 1n, fee, entry });
  });

  it('leaves the root unchanged at an empty position and publishes V zero bytes', async () => {
    expect(await outputs(emptyInput())).toEqual({ rootAfter: tree.root, enabled: 0n, fee: 0n, entry: '00'.repeat(27) });
  });

  it('rejects an empty position with non-zero data or witness (§7, §9)', async () => {
    await rejects({ ...emptyInput(), address: ADDRESS.toString() }, 'WithdrawalFields');
    await rejects({ ...emptyInput(), feeByte: '1' }, 'WithdrawalFields');
    await rejects({ ...emptyInput(), balance: '1' }, 'WithdrawalPosition', '(1 - enabled) * witnessScalars[i] === 0;');
    await rejects({ ...emptyInput(), siblings: [['0', '0', '0'], ['0', '0', '7']] }, 'WithdrawalPosition', '(1 - enabled) * siblings[k][s] === 0;');
  });

  it('rejects op word kinds 1 and 3 (§7)', async () => {
    const input = inputOf({ address: ADDRESS, amount: 300n, fee: 20n });
    await rejects({ ...input, opWord: (((1n << 38n) + encodeAmount(300n))).toString() }, 'WithdrawalFields');
    await rejects({ ...input, opWord: (((3n << 38n) + encodeAmount(300n))).toString() }, 'WithdrawalFields');
  });

  it('rejects a withdrawal to address 0 (§11 rule 4) and of amount 0 (§11 rule 3), even when signed', async () => {
    await rejects(inputOf({ address: 0n, amount: 300n, fee: 20n }), 'WithdrawalPosition', 'address * addressInverse === enabled;');
    await rejects(inputOf({ address: ADDRESS, amount: 0n, fee: 20n }), 'WithdrawalPosition', 'amount * amountInverse === enabled;');
  });

  it('rejects a withdrawal over the balance (§11 rule 8), by one unit', async () => {
    await rejects(inputOf({ address: ADDRESS, amount: 991n, fee: 10n }), 'Num2Bits');
  });

  it('rejects a signature over another address, amount or nonce (§11 rules 6, 7)', async () => {
    const honest = inputOf({ address: ADDRESS, amount: 300n, fee: 20n });
    await rejects({ ...honest, address: (ADDRESS + 1n).toString() }, 'ForceEqualIfEnabled');
    await rejects({ ...inputOf({ address: ADDRESS, amount: 300n, fee: 20n, nonce: NONCE + 1n }) }, 'ForceEqualIfEnabled');
    // The nonce is one signal for the message and the leaf: another one breaks the signature first.
    await rejects({ ...honest, nonce: (NONCE + 1n).toString() }, 'ForceEqualIfEnabled');
  });
});
