import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildBatch } from './builder';
import { testKey } from '@zkr/test-helpers';
import type { KeyPair } from './eddsa';
import {
  accountsFromJson, accountsToJson, batchToJson, keysToJson, keyToJson, ownerToHex, queueToJson, readAccountsFile, readBatchFile, readKeyFile,
  readKeysFile, readQueueFile, readStateFile, readTransfersFile, readWithdrawalsFile, stateToJson, transfersToJson, withdrawalsToJson,
  writeBatchFile, writeKeyFile, writeQueueFile, writeStateFile, writeTransfersFile, writeWithdrawalsFile,
} from './json';
import { RollupState } from './state';
import { createCryptoSuite, type CryptoSuite } from './suite';
import { MAX_BATCH_SIZE } from './field';
import { signTransfer } from './transfer';
import type { QueueOperation, SignedTransfer, SignedWithdrawal } from './types';
import { signWithdrawal } from './withdrawal';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests tamper with arbitrary fields of the files' JSON
type LooseJson = Record<string, any>;

let suite: CryptoSuite;
let keys: KeyPair[];
let dir: string;
let state: RollupState;
let transfers: SignedTransfer[];
let withdrawals: SignedWithdrawal[];
let queue: QueueOperation[];
const OWNER = 0xdead00000000000000000000000000000000beefn;

beforeAll(async () => {
  suite = await createCryptoSuite();
  keys = [testKey(suite, 0), testKey(suite, 1)];
  dir = await mkdtemp(path.join(tmpdir(), 'zkr-json-'));
  state = RollupState.genesis(suite, {
    depth: 6,
    domain: 99n,
    batchCount: 7,
    queuePositions: 2,
    withdrawalPositions: 2,
    queueCount: 3,
    queueHash: 12345n,
    accounts: keys.map((k, i) => ({ index: i * 5, account: { publicKey: k.publicKey, balance: 500n, nonce: 0n, owner: i === 0 ? OWNER : 0n } })),
  });
  transfers = [signTransfer(suite, keys[0].privateKey, 99n, { from: 0, to: 5, amount: 7n, fee: 1n, nonce: 0n })];
  withdrawals = [signWithdrawal(suite, keys[0].privateKey, 99n, { from: 0, address: OWNER, amount: 20n, fee: 1n, nonce: 1n })];
  queue = [
    { position: 3, kind: 1, index: 9, amount: 40n, address: OWNER, publicKey: testKey(suite, 9).publicKey, time: 1700000000 },
    { position: 4, kind: 3, index: 5, amount: 0n, address: OWNER, publicKey: [0n, 0n], time: 1700000012 },
  ];
});

const file = (name: string): string => path.join(dir, name);
const fieldError = (code: string, field: string) => expect.objectContaining({ code, details: expect.objectContaining({ field }) });

async function writeRaw(name: string, value: unknown): Promise<string> {
  await writeFile(file(name), typeof value === 'string' ? value : JSON.stringify(value));
  return file(name);
}

describe('key files', () => {
  it('round-trip and check the public key against the private key', async () => {
    await writeKeyFile(file('k.json'), keys[0]);
    expect(await readKeyFile(suite, file('k.json'))).toEqual(keys[0]);
    const json = JSON.parse(await readFile(file('k.json'), 'utf8'));
    json.publicKey = keys[1].publicKey.map(String);
    await expect(readKeyFile(suite, await writeRaw('k2.json', json))).rejects.toThrow(fieldError('INVALID_FILE', 'publicKey'));
    await expect(readKeyFile(suite, await writeRaw('k3.json', { ...json, privateKey: '0x12' }))).rejects.toThrow(fieldError('INVALID_FILE', 'privateKey'));
  });
});

describe('version 3 only', () => {
  const KINDS = ['key', 'keys', 'accounts', 'state', 'transfers', 'withdrawals', 'queue', 'batch'];
  it.each(KINDS.flatMap((kind) => [[kind, 1], [kind, 2]]))('a %s file of version %i is UNSUPPORTED_VERSION, naming the file, the version and what to do', async (kind, version) => {
    const old = await writeRaw(`v${version}-${kind}.json`, { version, kind });
    const read = {
      key: () => readKeyFile(suite, old), keys: () => readKeysFile(suite, old), accounts: () => readAccountsFile(old), state: () => readStateFile(suite, old),
      transfers: () => readTransfersFile(old), withdrawals: () => readWithdrawalsFile(old), queue: () => readQueueFile(suite, old), batch: () => readBatchFile(suite, old),
    }[kind as string]!;
    const error = await read().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_VERSION', details: { source: old, field: 'version', version } });
    expect((error as Error).message).toMatch(new RegExp(`^file .*v${version}-${kind}\\.json is zkr protocol version ${version}; this zkr reads version 3 only — re-create it with \`zkr [a-z ]+\` \\(see docs/protocol\\.md\\)$`));
  });

  it('names the command that re-creates each kind, refuses version 4 and a non-numeric version', async () => {
    const message = async (value: unknown) => ((await readStateFile(suite, await writeRaw('v.json', value)).catch((e: unknown) => e)) as Error).message;
    expect(await message({ version: 2, kind: 'state' })).toContain('`zkr genesis`');
    expect(await readBatchFile(suite, await writeRaw('v.json', { version: 2, kind: 'batch' })).catch((e: Error) => e.message)).toContain('`zkr batch build`');
    await expect(readStateFile(suite, await writeRaw('v.json', { ...stateToJson(state), version: 4 }))).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION', details: { version: 4 } });
    await expect(readStateFile(suite, await writeRaw('v.json', { ...stateToJson(state), version: '3' }))).rejects.toThrow(fieldError('INVALID_FILE', 'version'));
    await expect(readStateFile(suite, await writeRaw('v.json', { ...stateToJson(state), version: undefined }))).rejects.toThrow(fieldError('INVALID_FILE', 'version'));
  });

  it('every writer writes version 3', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 1, feeRecipient: 5 });
    const files = [
      keyToJson(keys[0]), keysToJson([{ index: 0, ...keys[0] }]), accountsToJson([]), stateToJson(state), transfersToJson(transfers), withdrawalsToJson(withdrawals),
      queueToJson(queue), batchToJson(batch),
    ];
    expect(files.map((f) => (f as { version: number }).version)).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
  });
});

describe('accounts files', () => {
  it('owner and balance are optional; a missing owner is 0', () => {
    const json = accountsToJson([{ publicKey: keys[0].publicKey, owner: OWNER }, { publicKey: keys[1].publicKey, balance: 5n }]) as LooseJson;
    expect(json.accounts.map((a: LooseJson) => a.owner)).toEqual(['0xdead00000000000000000000000000000000beef', undefined]);
    expect(accountsFromJson(json)).toEqual([
      { publicKey: keys[0].publicKey, owner: OWNER },
      { publicKey: keys[1].publicKey, balance: 5n, owner: 0n },
    ]);
  });

  it.each(['0x12', 'dead00000000000000000000000000000000beef', `0x${'0'.repeat(41)}`, 5])('rejects owner %p naming accounts[0].owner', (owner) => {
    const json = accountsToJson([{ publicKey: keys[0].publicKey }]) as LooseJson;
    expect(() => accountsFromJson({ ...json, accounts: [{ ...json.accounts[0], owner }] })).toThrow(fieldError('INVALID_FILE', 'accounts[0].owner'));
  });

  it('ownerToHex writes 40 lowercase digits and refuses values of 2^160 or more', () => {
    expect(ownerToHex(0n)).toBe(`0x${'0'.repeat(40)}`);
    expect(ownerToHex((1n << 160n) - 1n)).toBe(`0x${'f'.repeat(40)}`);
    expect(() => ownerToHex(1n << 160n)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ field: 'owner' }) }));
  });
});

describe('state files', () => {
  it('round-trip with the same root, counters, positions and accounts (owners included), written atomically', async () => {
    await writeStateFile(file('s.json'), state);
    await writeStateFile(file('s.json'), state);
    const read = await readStateFile(suite, file('s.json'));
    expect(read.root).toBe(state.root);
    expect([read.batchCount, read.queuePositions, read.withdrawalPositions, read.queueCount, read.queueHash, read.nextIndex]).toEqual([7, 2, 2, 3, 12345n, 6]);
    expect(read.account(0)!.owner).toBe(OWNER);
    expect(stateToJson(read)).toEqual(stateToJson(state));
    const json = JSON.parse(await readFile(file('s.json'), 'utf8')) as LooseJson;
    expect([json.version, json.batchCount, json.accounts[0].owner, json.accounts[1].owner]).toEqual([3, 7, '0xdead00000000000000000000000000000000beef', `0x${'0'.repeat(40)}`]);
    expect(json).toMatchObject({ queuePositions: 2, withdrawalPositions: 2, queueCount: 3, queueHash: '12345' });
    expect((await readdir(dir)).filter((f) => f.includes('.zkr-tmp-'))).toEqual([]);
  });

  it('rejects a wrong root, kind, version, missing or out-of-range fields, naming the field', async () => {
    const json = stateToJson(state) as LooseJson;
    const cases: [unknown, string][] = [
      [{ ...json, root: '1' }, 'root'],
      [{ ...json, kind: 'batch' }, 'kind'],
      [{ ...json, depth: undefined }, 'depth'],
      [{ ...json, depth: 33 }, 'depth'],
      [{ ...json, depth: 7 }, 'depth'],
      [{ ...json, batchCount: -1 }, 'batchCount'],
      [{ ...json, batchCount: 2 ** 32 }, 'batchCount'],
      [{ ...json, batchCount: undefined }, 'batchCount'],
      [{ ...json, queuePositions: 0 }, 'queuePositions'],
      [{ ...json, queuePositions: 65 }, 'queuePositions'],
      [{ ...json, withdrawalPositions: undefined }, 'withdrawalPositions'],
      [{ ...json, withdrawalPositions: 1.5 }, 'withdrawalPositions'],
      [{ ...json, queueCount: -1 }, 'queueCount'],
      [{ ...json, queueCount: '3' }, 'queueCount'],
      [{ ...json, queueHash: (1n << 216n).toString() }, 'queueHash'],
      [{ ...json, queueHash: 5 }, 'queueHash'],
      [{ ...json, accounts: [json.accounts[0], { ...json.accounts[1], owner: undefined }] }, 'accounts[1].owner'],
      [{ ...json, accounts: [json.accounts[0], { ...json.accounts[1], owner: '0x1' }] }, 'accounts[1].owner'],
      [{ ...json, accounts: [{ ...json.accounts[0], owner: ownerToHex(OWNER + 1n) }, json.accounts[1]] }, 'root'],
      [{ ...json, accounts: [json.accounts[0], { ...json.accounts[1], balance: '18446744073709551616' }] }, 'accounts[1].balance'],
      [{ ...json, accounts: [json.accounts[0], { ...json.accounts[1], index: 64 }] }, 'accounts[1].index'],
      [{ ...json, accounts: [json.accounts[0], { ...json.accounts[1], publicKey: ['1', '2'] }] }, 'accounts[1].publicKey'],
      [[], ''],
    ];
    for (const [value, field] of cases) {
      await expect(readStateFile(suite, await writeRaw('bad.json', value))).rejects.toThrow(fieldError('INVALID_FILE', field));
    }
    await expect(readStateFile(suite, await writeRaw('dup.json', { ...json, accounts: [json.accounts[0], json.accounts[0]] }))).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_FILE' }),
    );
  });

  it('reports missing files, malformed JSON and unwritable paths', async () => {
    await expect(readStateFile(suite, file('nope.json'))).rejects.toThrow(expect.objectContaining({ code: 'FILE_MISSING' }));
    await expect(readStateFile(suite, await writeRaw('m.json', '{"version": 3,'))).rejects.toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
    await expect(writeStateFile(path.join(dir, 'missing-dir', 's.json'), state)).rejects.toThrow(expect.objectContaining({ code: 'FILE_UNWRITABLE' }));
  });
});

describe('transfers files', () => {
  it('round-trip', async () => {
    await writeTransfersFile(file('t.json'), transfers);
    expect(await readTransfersFile(file('t.json'))).toEqual(transfers);
  });

  it.each([
    ['-1', 'negative'],
    ['1.5', 'not an integer'],
    ['18446744073709551616', '2^64'],
    ['0x10', 'hex'],
    [7, 'a JSON number'],
  ])('rejects amount %p (%s) naming transfers[0].amount', async (amount: unknown, _why: string) => {
    const json = transfersToJson(transfers) as { transfers: LooseJson[] };
    const bad = { ...json, transfers: [{ ...json.transfers[0], amount }] };
    await expect(readTransfersFile(await writeRaw('bad-t.json', bad))).rejects.toThrow(fieldError('INVALID_FILE', 'transfers[0].amount'));
  });

  it('rejects a missing signature field', async () => {
    const json = transfersToJson(transfers) as { transfers: LooseJson[] };
    const bad = { ...json, transfers: [{ ...json.transfers[0], signature: { R8x: '1', R8y: '2' } }] };
    await expect(readTransfersFile(await writeRaw('bad-s.json', bad))).rejects.toThrow(fieldError('INVALID_FILE', 'transfers[0].signature.S'));
  });
});

describe('withdrawals files', () => {
  it('round-trip, with the address as 0x-hex', async () => {
    await writeWithdrawalsFile(file('w.json'), withdrawals);
    expect(await readWithdrawalsFile(file('w.json'))).toEqual(withdrawals);
    const json = JSON.parse(await readFile(file('w.json'), 'utf8')) as LooseJson;
    expect(json.withdrawals[0]).toMatchObject({ from: 0, address: '0xdead00000000000000000000000000000000beef', amount: '20', fee: '1', nonce: '1' });
  });

  it.each<[string, (w: LooseJson) => LooseJson, string]>([
    ['a short address', (w) => ({ ...w, address: '0x12' }), 'withdrawals[0].address'],
    ['a decimal address', (w) => ({ ...w, address: '5' }), 'withdrawals[0].address'],
    ['a negative amount', (w) => ({ ...w, amount: '-1' }), 'withdrawals[0].amount'],
    ['a fee of 2^64', (w) => ({ ...w, fee: '18446744073709551616' }), 'withdrawals[0].fee'],
    ['an index of 2^32', (w) => ({ ...w, from: 2 ** 32 }), 'withdrawals[0].from'],
    ['a missing signature S', (w) => ({ ...w, signature: { R8x: '1', R8y: '2' } }), 'withdrawals[0].signature.S'],
  ])('rejects %s naming %s', async (_what, edit, field) => {
    const json = withdrawalsToJson(withdrawals) as LooseJson;
    await expect(readWithdrawalsFile(await writeRaw('bad-w.json', { ...json, withdrawals: [edit(json.withdrawals[0])] }))).rejects.toThrow(fieldError('INVALID_FILE', field));
  });
});

describe('queue files', () => {
  it('round-trip, with kind, position and time as numbers', async () => {
    await writeQueueFile(file('q.json'), queue);
    expect(await readQueueFile(suite, file('q.json'))).toEqual(queue);
    const json = JSON.parse(await readFile(file('q.json'), 'utf8')) as LooseJson;
    expect(json.operations[1]).toEqual({ position: 4, kind: 3, index: 5, amount: '0', address: '0xdead00000000000000000000000000000000beef', publicKey: ['0', '0'], time: 1700000012 });
  });

  it.each<[string, (ops: LooseJson[]) => LooseJson[], string]>([
    ['a gap', (ops) => [ops[0], { ...ops[1], position: 5 }], 'operations[1].position'],
    ['a wrong order', (ops) => [ops[1], ops[0]], 'operations[1].position'],
    ['kind 0', (ops) => [{ ...ops[0], kind: 0 }], 'operations[0].kind'],
    ['kind "1"', (ops) => [{ ...ops[0], kind: '1' }], 'operations[0].kind'],
    ['a kind-1 key off the curve', (ops) => [{ ...ops[0], publicKey: ['1', '2'] }], 'operations[0].publicKey'],
    ['a kind-3 key', (ops) => [{ ...ops[1], publicKey: ops[0].publicKey }], 'operations[0].publicKey'],
    ['a kind-3 amount', (ops) => [{ ...ops[1], amount: '1' }], 'operations[0].amount'],
    ['a kind-2 amount of 0', (ops) => [{ ...ops[1], kind: 2 }], 'operations[0].amount'],
    ['an amount with no float encoding', (ops) => [{ ...ops[0], amount: String(1n << 34n) }], 'operations[0].amount'],
    ['address 0', (ops) => [{ ...ops[0], address: `0x${'0'.repeat(40)}` }], 'operations[0].address'],
    ['a negative time', (ops) => [{ ...ops[0], time: -1 }], 'operations[0].time'],
    ['a missing position', (ops) => [{ ...ops[0], position: undefined }], 'operations[0].position'],
  ])('rejects %s naming %s', async (_what, edit, field) => {
    const json = queueToJson(queue) as LooseJson;
    await expect(readQueueFile(suite, await writeRaw('bad-q.json', { ...json, operations: edit(json.operations) }))).rejects.toThrow(fieldError('INVALID_FILE', field));
  });
});

describe('batch files', () => {
  it('round-trip to an equal Batch, with the v3 fields of §10', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 3, feeRecipient: 5, queue: queue.slice(0, 1), withdrawals });
    await writeBatchFile(file('b.json'), batch);
    expect(await readBatchFile(suite, file('b.json'))).toEqual(batch);
    const json = JSON.parse(await readFile(file('b.json'), 'utf8')) as LooseJson;
    expect(json.queue[0]).toMatchObject({ kind: 'operation', outcome: 'applied', credit: { address: ownerToHex(OWNER), amount: '0' }, update: { index: 9, before: null } });
    expect(json.queue[1]).toEqual({ kind: 'empty', root: String(batch.queue[1].kind === 'empty' && batch.queue[1].root) });
    expect(json.withdrawals.map((w: LooseJson) => w.kind)).toEqual(['withdrawal', 'empty']);
    expect(json).toMatchObject({
      queuePositions: 2, withdrawalPositions: 2, queueStart: 3, queueCount: 1, oldQueueHash: '12345', newQueueHash: String(batch.newQueueHash),
    });
    expect(json).toMatchObject({
      version: 3, kind: 'batch', batchNumber: 8, oldStateHash: String(batch.oldStateHash), newStateHash: String(batch.newStateHash),
      batchData: `0x${Buffer.from(batch.batchData).toString('hex')}`, dataHash: String(batch.dataHash),
    });
    expect(json.feeCredit.siblings).toHaveLength(3);
    expect(json.feeCredit.siblings[0]).toHaveLength(3);
    expect(json.slots[0].sender.before.owner).toBe('0xdead00000000000000000000000000000000beef');
    expect(json).not.toHaveProperty('publicData');
  });

  it('rejects malformed files (schema, position, slot and sibling counts, their order) with INVALID_FILE', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 2, feeRecipient: 5, queue: queue.slice(0, 1), withdrawals });
    const json = batchToJson(batch) as LooseJson;
    const cases: [unknown, string][] = [
      [{ ...json, queuePositions: 3 }, 'queue'],
      [{ ...json, queue: [json.queue[1], json.queue[0]] }, 'queue'],
      [{ ...json, withdrawalPositions: 1 }, 'withdrawals'],
      [{ ...json, withdrawals: [json.withdrawals[1], json.withdrawals[0]] }, 'withdrawals'],
      [{ ...json, queue: [{ ...json.queue[0], update: { ...json.queue[0].update, siblings: [] } }, json.queue[1]] }, 'queue[0].update.siblings'],
      [{ ...json, queue: [{ ...json.queue[0], outcome: 'SKIPPED' }, json.queue[1]] }, 'queue[0].outcome'],
      [{ ...json, queue: [{ ...json.queue[0], kind: 'deposit' }, json.queue[1]] }, 'queue[0].kind'],
      [{ ...json, oldQueueHash: (1n << 216n).toString() }, 'oldQueueHash'],
      [{ ...json, queueCount: 65 }, 'queueCount'],
      [{ ...json, queueStart: -1 }, 'queueStart'],
      [{ ...json, withdrawals: [{ ...json.withdrawals[0], withdrawal: { ...json.withdrawals[0].withdrawal, address: '0x1' } }, json.withdrawals[1]] }, 'withdrawals[0].withdrawal.address'],
      [{ ...json, withdrawals: [{ ...json.withdrawals[0], sender: { ...json.withdrawals[0].sender, siblings: [] } }, json.withdrawals[1]] }, 'withdrawals[0].sender.siblings'],
      [{ ...json, batchSize: 3 }, 'slots'],
      [{ ...json, batchSize: MAX_BATCH_SIZE + 1 }, 'batchSize'],
      [{ ...json, feeCredit: { ...json.feeCredit, siblings: json.feeCredit.siblings.slice(1) } }, 'feeCredit.siblings'],
      [{ ...json, feeCredit: { ...json.feeCredit, siblings: [json.feeCredit.siblings[0].slice(1), ...json.feeCredit.siblings.slice(1)] } }, 'feeCredit.siblings[0]'],
      [{ ...json, batchNumber: 0 }, 'batchNumber'],
      [{ ...json, batchNumber: 2 ** 32 }, 'batchNumber'],
      [{ ...json, dataHash: undefined }, 'dataHash'],
      [{ ...json, batchData: '0x1' }, 'batchData'],
      [{ ...json, feeCredit: { ...json.feeCredit, after: { ...json.feeCredit.after, owner: undefined } } }, 'feeCredit.after.owner'],
      [{ ...json, slots: [{ kind: 'other' }, json.slots[1]] }, 'slots[0].kind'],
      [{ ...json, slots: [json.slots[1], json.slots[0]] }, 'slots'],
    ];
    for (const [value, field] of cases) {
      await expect(readBatchFile(suite, await writeRaw('bad-b.json', value))).rejects.toThrow(fieldError('INVALID_FILE', field));
    }
  });

  describe('re-derives every derived field and refuses an edited one with BATCH_INCONSISTENT', () => {
    let json: LooseJson;
    beforeAll(async () => {
      // A deposit creating account 9, two transfers (the second from the receiver of the first) and a
      // withdrawal, with an empty queue and withdrawal position, so the replay chains roots and accounts through all of them.
      const second = signTransfer(suite, keys[1].privateKey, 99n, { from: 5, to: 0, amount: 3n, fee: 2n, nonce: 0n });
      const built = buildBatch(state, [...transfers, second], { batchSize: 3, feeRecipient: 5, queue: queue.slice(0, 1), withdrawals });
      await writeBatchFile(file('real.json'), built.batch);
      json = JSON.parse(await readFile(file('real.json'), 'utf8')) as LooseJson;
    });
    const slot = (j: number, patch: (s: LooseJson) => LooseJson) => ({ ...json, slots: json.slots.map((s: LooseJson, i: number) => (i === j ? patch(s) : s)) });
    const position = (q: number, patch: (p: LooseJson) => LooseJson) => ({ ...json, queue: json.queue.map((p: LooseJson, i: number) => (i === q ? patch(p) : p)) });
    const withdrawn = (w: number, patch: (p: LooseJson) => LooseJson) => ({ ...json, withdrawals: json.withdrawals.map((p: LooseJson, i: number) => (i === w ? patch(p) : p)) });
    const update = (patch: LooseJson) => (p: LooseJson) => ({ ...p, update: { ...p.update, ...patch } });
    const leaf = (u: LooseJson, part: 'before' | 'after', patch: LooseJson) => ({ ...u, [part]: { ...u[part], ...patch } });
    const cases: [string, () => unknown, string][] = [
      ['an after balance', () => slot(0, (s) => ({ ...s, receiver: leaf(s.receiver, 'after', { balance: '600' }) })), 'slots[0].receiver.after.balance'],
      ['a sender after nonce', () => slot(1, (s) => ({ ...s, sender: leaf(s.sender, 'after', { nonce: '0' }) })), 'slots[1].sender.after.nonce'],
      ['a receiver after owner', () => slot(0, (s) => ({ ...s, receiver: leaf(s.receiver, 'after', { owner: ownerToHex(5n) }) })), 'slots[0].receiver.after.owner'],
      ['a before owner (with its after kept consistent)', () => slot(0, (s) => ({ ...s, sender: leaf(leaf(s.sender, 'before', { owner: ownerToHex(5n) }), 'after', { owner: ownerToHex(5n) }) })), 'slots[0].sender.before'],
      ['oldStateHash', () => ({ ...json, oldStateHash: '5' }), 'oldStateHash'],
      ['a queue outcome', () => position(0, (p) => ({ ...p, outcome: 'INDEX_TAKEN' })), 'queue[0].outcome'],
      ['a queue credit amount', () => position(0, (p) => ({ ...p, credit: { ...p.credit, amount: '40' } })), 'queue[0].credit.amount'],
      ['a queue credit address', () => position(0, (p) => ({ ...p, credit: { ...p.credit, address: ownerToHex(5n) } })), 'queue[0].credit.address'],
      ['a queue after balance', () => position(0, (p) => update({ after: { ...p.update.after, balance: '41' } })(p)), 'queue[0].update.after.balance'],
      ['a queue after left empty', () => position(0, update({ after: null })), 'queue[0].update.after'],
      ['a queue before made an account', () => position(0, (p) => update({ before: p.update.after })(p)), 'queue[0].update.before'],
      ['a queue operation amount', () => position(0, (p) => ({ ...p, operation: { ...p.operation, amount: '50' } })), 'queue[0].update.after.balance'],
      ['a queue operation position', () => position(0, (p) => ({ ...p, operation: { ...p.operation, position: 4 } })), 'queue[0].operation.position'],
      ['a queue operation that the contract never queues', () => position(0, (p) => ({ ...p, operation: { ...p.operation, kind: 2 } })), 'queue[0].operation'],
      ['a queue root after', () => position(0, update({ rootAfter: '5' })), 'queue[0].update.rootAfter'],
      ['an empty queue position root', () => position(1, (p) => ({ ...p, root: '5' })), 'queue[1].root'],
      ['queueStart', () => ({ ...json, queueStart: 2 }), 'queue[0].operation.position'],
      ['queueCount', () => ({ ...json, queueCount: 0 }), 'queueCount'],
      ['newQueueHash', () => ({ ...json, newQueueHash: '5' }), 'newQueueHash'],
      ['oldQueueHash (the chain from it differs)', () => ({ ...json, oldQueueHash: '5' }), 'newQueueHash'],
      ['a withdrawal after balance', () => withdrawn(0, (p) => ({ ...p, sender: leaf(p.sender, 'after', { balance: '1' }) })), 'withdrawals[0].sender.after.balance'],
      ['a withdrawal address (the signature no longer verifies)', () => withdrawn(0, (p) => ({ ...p, withdrawal: { ...p.withdrawal, address: ownerToHex(5n) } })), 'withdrawals[0].withdrawal'],
      ['a withdrawal root before', () => withdrawn(0, (p) => ({ ...p, sender: { ...p.sender, rootBefore: '5' } })), 'withdrawals[0].sender.rootBefore'],
      ['an empty withdrawal position root', () => withdrawn(1, (p) => ({ ...p, root: '5' })), 'withdrawals[1].root'],
      ['a before balance (with its after kept consistent)', () => slot(0, (s) => ({ ...s, sender: leaf(leaf(s.sender, 'before', { balance: '900' }), 'after', { balance: '892' }) })), 'slots[0].sender.before'],
      ['a slot root after', () => slot(0, (s) => ({ ...s, sender: { ...s.sender, rootAfter: '5' } })), 'slots[0].sender.rootAfter'],
      ['a no-op root', () => slot(2, (s) => ({ ...s, root: '5' })), 'slots[2].root'],
      ['a transfer amount (the signature no longer verifies)', () => slot(0, (s) => ({ ...s, transfer: { ...s.transfer, amount: '8' } })), 'slots[0].transfer'],
      ['totalFees', () => ({ ...json, totalFees: '2' }), 'totalFees'],
      ['the fee credit index', () => ({ ...json, feeCredit: { ...json.feeCredit, index: 0 } }), 'feeCredit.index'],
      ['the fee credit after balance', () => ({ ...json, feeCredit: leaf(json.feeCredit, 'after', { balance: '1000' }) }), 'feeCredit.after.balance'],
      ['newRoot', () => ({ ...json, newRoot: '5' }), 'newRoot'],
      ['newRoot and the fee credit root after', () => ({ ...json, newRoot: '5', feeCredit: { ...json.feeCredit, rootAfter: '5' } }), 'feeCredit.rootAfter'],
      ['newStateHash', () => ({ ...json, newStateHash: '5' }), 'newStateHash'],
      ['the batch number (the batch data no longer matches)', () => ({ ...json, batchNumber: json.batchNumber + 1 }), 'batchData'],
      ['one byte of batchData', () => ({ ...json, batchData: json.batchData.slice(0, -1) + (json.batchData.endsWith('0') ? '1' : '0') }), 'batchData'],
      ['the batchData length', () => ({ ...json, batchData: `${json.batchData}00` }), 'batchData'],
      ['dataHash', () => ({ ...json, dataHash: '5' }), 'dataHash'],
    ];
    it('accepts the unedited file', async () => {
      await expect(readBatchFile(suite, file('real.json'))).resolves.toMatchObject({ batchSize: 3, totalFees: 4n, queueCount: 1 });
    });
    it.each(cases)('refuses an edited %s naming %s', async (_what, edit, field) => {
      const error = await readBatchFile(suite, await writeRaw('edited.json', edit())).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BATCH_INCONSISTENT', details: expect.objectContaining({ field }) });
      expect((error as Error).message).toContain('zkr batch build');
    });
    it('names the rule a replayed transfer breaks', async () => {
      const edit = cases.find(([what]) => what.startsWith('a transfer amount'))![1];
      const error = await readBatchFile(suite, await writeRaw('edited.json', edit())).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BATCH_INCONSISTENT', details: expect.objectContaining({ rejection: 'INVALID_SIGNATURE' }) });
    });
  });
});
