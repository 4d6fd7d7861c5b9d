import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWtns, readR1cs, unsatisfiedConstraints, type R1cs } from '@zkr/bn254';
import { AccountTree, createCryptoSuite, encodeAmount, type Account, type CryptoSuite } from '@zkr/state';
import { compileFixture } from '@zkr/test-helpers';
import { CIRCUITS_DIR } from './paths';
import { WitnessGenerator } from './witness';

/**
 * QueueOperation(4) of circuits/queue_operation.circom on its own: one queue position of
 * docs/protocol.md §12 against a small tree. The word, the chain step and the expected outcome
 * are computed here from the document's formulas, independently of @zkr/state's builder.
 */
const D = 4;
const QUEUE_HASH_MASK = (1n << 216n) - 1n;
const VALUE_LIMIT = 1n << 64n;
const OWNER = 0xa11ce00000000000000000000000000000000001n;
const STRANGER = 0xb0b0000000000000000000000000000000000002n;
const HASH_BEFORE = 123456789n;

let suite: CryptoSuite;
let r1cs: R1cs;
let generator: WitnessGenerator;
let tree: AccountTree;
let key: readonly [bigint, bigint];

beforeAll(async () => {
  suite = await createCryptoSuite();
  // The templates' hash is in the source, so edits recompile the fixture.
  const sources = createHash('sha256');
  for (const name of ['queue_operation.circom', 'queue_word.circom', 'queue_hash.circom', 'quad_merkle.circom', 'is_zero.circom', 'float.circom', 'range.circom']) {
    sources.update(await readFile(join(CIRCUITS_DIR, name)));
  }
  const source = `pragma circom 2.1.0;\ninclude "queue_operation.circom";\n// templates ${sources.digest('hex')}\ncomponent main = QueueOperation(${D});\n`;
  const compiled = await compileFixture('queue-operation-d4', source, [CIRCUITS_DIR]);
  [r1cs, generator] = await Promise.all([readR1cs(compiled.r1csPath), WitnessGenerator.create(compiled.wasmPath)]);
  key = suite.eddsa.publicKey(new Uint8Array(32).fill(7));
  const account = (balance: bigint, owner: bigint): Account => ({ publicKey: suite.eddsa.publicKey(new Uint8Array(32).fill(Number(balance % 200n) + 1)), balance, nonce: 3n, owner });
  tree = AccountTree.fromAccounts(suite.poseidon, D, [[1, account(500n, OWNER)], [2, account(VALUE_LIMIT - 10n, OWNER)], [3, account(9n, 0n)]]);
}, 600_000);

interface Operation {
  readonly kind: 1 | 2 | 3;
  readonly index: number;
  readonly amount: bigint;
  readonly address: bigint;
  readonly publicKey: readonly [bigint, bigint];
}

/** §12.1: word = kind + 4·index + 2^34·amountWord + 2^72·address. */
const wordOf = (op: Operation): bigint => BigInt(op.kind) + 4n * BigInt(op.index) + (encodeAmount(op.amount) << 34n) + (op.address << 72n);

/** The honest input of one position holding `op` (or an empty position). */
function inputOf(op: Operation | undefined): Record<string, unknown> {
  const zeros = Array.from({ length: D / 2 }, () => ['0', '0', '0']);
  if (op === undefined) {
    return { rootBefore: tree.root.toString(), hashBefore: HASH_BEFORE.toString(), word: '0', Ax: '0', Ay: '0', exists: '0', leafAx: '0', leafAy: '0', balance: '0', nonce: '0', owner: '0', siblings: zeros };
  }
  const before = tree.account(op.index);
  return {
    rootBefore: tree.root.toString(),
    hashBefore: HASH_BEFORE.toString(),
    word: wordOf(op).toString(),
    Ax: op.publicKey[0].toString(),
    Ay: op.publicKey[1].toString(),
    exists: before ? '1' : '0',
    leafAx: (before?.publicKey[0] ?? 0n).toString(),
    leafAy: (before?.publicKey[1] ?? 0n).toString(),
    balance: (before?.balance ?? 0n).toString(),
    nonce: (before?.nonce ?? 0n).toString(),
    owner: (before?.owner ?? 0n).toString(),
    siblings: tree.siblings(op.index).map((t) => t.map(String)),
  };
}

/** Outputs of a satisfying witness: rootAfter, hashAfter, enabled, and the published address and credit (§7). */
async function outputs(input: Record<string, unknown>) {
  const witness = parseWtns(await generator.compute(input));
  expect(unsatisfiedConstraints(r1cs, witness)).toEqual([]);
  const bits = witness.slice(4, 4 + 224);
  const number = (from: number, to: number): bigint => bits.slice(from, to).reduce((acc, b) => 2n * acc + b, 0n);
  return { rootAfter: witness[1], hashAfter: witness[2], enabled: witness[3], address: number(0, 160), credit: number(160, 224) };
}

/** Expects no witness, the innermost failing frame being `template` at the line of `file` holding `line` (or `Num2Bits` at any line). */
async function rejects(input: Record<string, unknown>, template: 'QueueOperation' | 'QueueWord' | 'Num2Bits', line?: string): Promise<void> {
  const file = template === 'QueueWord' ? 'queue_word.circom' : 'queue_operation.circom';
  const at = line === undefined ? '\\d+' : String((await readFile(join(CIRCUITS_DIR, file), 'utf8')).split('\n').findIndex((text) => text.includes(line)) + 1);
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

const ROOT_CHECK = 'enabled * (pathBefore.root - rootBefore) === 0;';

const zeroKey = [0n, 0n] as const;

describe('QueueOperation (circuits/queue_operation.circom)', () => {
  it('pins its constraint count at D = 4', () => {
    expect(r1cs.constraints.length).toBe(3108);
  });

  // [name, operation, account after (undefined: root unchanged), credit]
  const cases: [string, () => Operation, (() => Account) | undefined, (op: Operation) => bigint][] = [
    ['kind 1 on an empty index creates the account', () => ({ kind: 1, index: 5, amount: 7n, address: STRANGER, publicKey: key }), () => ({ publicKey: key, balance: 7n, nonce: 0n, owner: STRANGER }), () => 0n],
    ['kind 1 on a taken index refunds', () => ({ kind: 1, index: 1, amount: 7n, address: STRANGER, publicKey: key }), undefined, (op) => op.amount],
    ['kind 2 credits an existing account', () => ({ kind: 2, index: 1, amount: 3n * 10n ** 12n, address: STRANGER, publicKey: zeroKey }), () => ({ ...tree.account(1)!, balance: 500n + 3n * 10n ** 12n }), () => 0n],
    ['kind 2 up to 2^64 - 1 credits', () => ({ kind: 2, index: 2, amount: 9n, address: STRANGER, publicKey: zeroKey }), () => ({ ...tree.account(2)!, balance: VALUE_LIMIT - 1n }), () => 0n],
    ['kind 2 reaching 2^64 refunds (overflow)', () => ({ kind: 2, index: 2, amount: 10n, address: STRANGER, publicKey: zeroKey }), undefined, (op) => op.amount],
    ['kind 2 on an empty index refunds', () => ({ kind: 2, index: 6, amount: 10n, address: STRANGER, publicKey: zeroKey }), undefined, (op) => op.amount],
    ['kind 3 by the owner pays the balance out', () => ({ kind: 3, index: 1, amount: 0n, address: OWNER, publicKey: zeroKey }), () => ({ ...tree.account(1)!, balance: 0n }), () => 500n],
    ['kind 3 by another address changes nothing', () => ({ kind: 3, index: 1, amount: 0n, address: STRANGER, publicKey: zeroKey }), undefined, () => 0n],
    ['kind 3 on an account without owner changes nothing', () => ({ kind: 3, index: 3, amount: 0n, address: STRANGER, publicKey: zeroKey }), undefined, () => 0n],
    ['kind 3 on an empty index changes nothing', () => ({ kind: 3, index: 15, amount: 0n, address: OWNER, publicKey: zeroKey }), undefined, () => 0n],
  ];

  it.each(cases)('%s (§12.2), folding the operation into the queue hash (§12.1)', async (_name, operation, after, credit) => {
    const op = operation();
    const out = await outputs(inputOf(op));
    const root = after === undefined ? tree.root : tree.set(op.index, after()).root;
    expect(out).toEqual({
      rootAfter: root,
      hashAfter: suite.poseidon.hash([HASH_BEFORE, op.publicKey[0], op.publicKey[1], wordOf(op)]) & QUEUE_HASH_MASK,
      enabled: 1n,
      address: op.address,
      credit: credit(op),
    });
  });

  it('leaves root and hash unchanged at an empty position and publishes 28 zero bytes', async () => {
    expect(await outputs(inputOf(undefined))).toEqual({ rootAfter: tree.root, hashAfter: HASH_BEFORE, enabled: 0n, address: 0n, credit: 0n });
  });

  it('rejects an empty position with any non-zero signal (§9: one witness)', async () => {
    const empty = inputOf(undefined);
    // Kind 0 with a non-zero index, amount or address is not an empty word.
    await rejects({ ...empty, word: '4' }, 'QueueWord', '(1 - enabled) * word === 0;');
    await rejects({ ...empty, word: (1n << 72n).toString() }, 'QueueWord', '(1 - enabled) * word === 0;');
    await rejects({ ...empty, Ax: '1' }, 'QueueOperation', '(1 - enabled) * Ax === 0;');
    await rejects({ ...empty, exists: '1' }, 'QueueOperation', 'exists * (exists - enabled) === 0;');
    await rejects({ ...empty, balance: '1' }, 'QueueOperation', '(1 - exists) * account[i] === 0;');
    await rejects({ ...empty, siblings: [['1', '0', '0'], ['0', '0', '0']] }, 'QueueOperation', '(1 - enabled) * siblings[k][s] === 0;');
  });

  it('rejects an index at or above 2^D in the 32-bit index field', async () => {
    const op: Operation = { kind: 1, index: 5, amount: 7n, address: STRANGER, publicKey: key };
    await rejects({ ...inputOf(op), word: (wordOf(op) + 4n * 16n).toString() }, 'QueueWord', 'bits.out[2 + i] === 0;');
  });

  it('rejects a deposit to an occupied index claimed as applied (the path of the leaf 0 does not reach the root)', async () => {
    const op: Operation = { kind: 1, index: 1, amount: 7n, address: STRANGER, publicKey: key };
    await rejects({ ...inputOf(op), exists: '0', leafAx: '0', leafAy: '0', balance: '0', nonce: '0', owner: '0' }, 'QueueOperation', ROOT_CHECK);
  });

  it('rejects an existing account claimed empty and an empty index claimed existing', async () => {
    const deposit: Operation = { kind: 2, index: 1, amount: 7n, address: STRANGER, publicKey: zeroKey };
    await rejects({ ...inputOf(deposit), exists: '0', leafAx: '0', leafAy: '0', balance: '0', nonce: '0', owner: '0' }, 'QueueOperation', ROOT_CHECK);
    const create: Operation = { kind: 1, index: 5, amount: 7n, address: STRANGER, publicKey: key };
    await rejects({ ...inputOf(create), exists: '1', leafAx: key[0].toString(), leafAy: key[1].toString() }, 'QueueOperation', ROOT_CHECK);
  });

  it('rejects an exit by a non-owner claimed as applied (the owner in the leaf cannot be changed)', async () => {
    const op: Operation = { kind: 3, index: 1, amount: 0n, address: STRANGER, publicKey: zeroKey };
    await rejects({ ...inputOf(op), owner: STRANGER.toString() }, 'QueueOperation', ROOT_CHECK);
  });

  it('rejects a stored balance or nonce of 2^64 and more (§9)', async () => {
    const op: Operation = { kind: 2, index: 1, amount: 7n, address: STRANGER, publicKey: zeroKey };
    await rejects({ ...inputOf(op), balance: VALUE_LIMIT.toString() }, 'Num2Bits');
    await rejects({ ...inputOf(op), nonce: VALUE_LIMIT.toString() }, 'Num2Bits');
  });
});
