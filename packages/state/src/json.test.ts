import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildBatch } from './builder';
import { testKey } from '@zkr/test-helpers';
import type { KeyPair } from './eddsa';
import {
  accountsFromJson, accountsToJson, batchToJson, keysToJson, keyToJson, ownerToHex, readAccountsFile, readBatchFile, readKeyFile, readKeysFile,
  readStateFile, readTransfersFile, stateToJson, transfersToJson, writeBatchFile, writeKeyFile, writeStateFile, writeTransfersFile,
} from './json';
import { RollupState } from './state';
import { createCryptoSuite, type CryptoSuite } from './suite';
import { MAX_BATCH_SIZE } from './field';
import { signTransfer } from './transfer';
import type { SignedTransfer } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests tamper with arbitrary fields of the files' JSON
type LooseJson = Record<string, any>;

let suite: CryptoSuite;
let keys: KeyPair[];
let dir: string;
let state: RollupState;
let transfers: SignedTransfer[];
const OWNER = 0xdead00000000000000000000000000000000beefn;

beforeAll(async () => {
  suite = await createCryptoSuite();
  keys = [testKey(suite, 0), testKey(suite, 1)];
  dir = await mkdtemp(path.join(tmpdir(), 'zkr-json-'));
  state = RollupState.genesis(suite, {
    depth: 6,
    domain: 99n,
    batchCount: 7,
    accounts: keys.map((k, i) => ({ index: i * 5, account: { publicKey: k.publicKey, balance: 500n, nonce: 0n, owner: i === 0 ? OWNER : 0n } })),
  });
  transfers = [signTransfer(suite, keys[0].privateKey, 99n, { from: 0, to: 5, amount: 7n, fee: 1n, nonce: 0n })];
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

describe('version 2 only', () => {
  it.each(['key', 'keys', 'accounts', 'state', 'transfers', 'batch'])('a version-1 %s file is UNSUPPORTED_VERSION, naming the file, the version and what to do', async (kind) => {
    const v1 = await writeRaw(`v1-${kind}.json`, { version: 1, kind });
    const read = {
      key: () => readKeyFile(suite, v1), keys: () => readKeysFile(suite, v1), accounts: () => readAccountsFile(v1), state: () => readStateFile(suite, v1),
      transfers: () => readTransfersFile(v1), batch: () => readBatchFile(suite, v1),
    }[kind]!;
    const error = await read().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_VERSION', details: { source: v1, field: 'version', version: 1 } });
    expect((error as Error).message).toMatch(new RegExp(`^file .*v1-${kind}\\.json is zkr protocol version 1; this zkr reads version 2 only — re-create it with \`zkr [a-z ]+\` \\(see docs/protocol\\.md\\)$`));
  });

  it('names the command that re-creates each kind, refuses version 3 and a non-numeric version', async () => {
    const message = async (value: unknown) => ((await readStateFile(suite, await writeRaw('v.json', value)).catch((e: unknown) => e)) as Error).message;
    expect(await message({ version: 1, kind: 'state' })).toContain('`zkr genesis`');
    expect(await readBatchFile(suite, await writeRaw('v.json', { version: 1, kind: 'batch' })).catch((e: Error) => e.message)).toContain('`zkr batch build`');
    await expect(readStateFile(suite, await writeRaw('v.json', { ...stateToJson(state), version: 3 }))).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION', details: { version: 3 } });
    await expect(readStateFile(suite, await writeRaw('v.json', { ...stateToJson(state), version: '2' }))).rejects.toThrow(fieldError('INVALID_FILE', 'version'));
    await expect(readStateFile(suite, await writeRaw('v.json', { ...stateToJson(state), version: undefined }))).rejects.toThrow(fieldError('INVALID_FILE', 'version'));
  });

  it('every writer writes version 2', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 1, feeRecipient: 5 });
    const files = [keyToJson(keys[0]), keysToJson([{ index: 0, ...keys[0] }]), accountsToJson([]), stateToJson(state), transfersToJson(transfers), batchToJson(batch)];
    expect(files.map((f) => (f as { version: number }).version)).toEqual([2, 2, 2, 2, 2, 2]);
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
  it('round-trip with the same root, batch count and accounts (owners included), written atomically', async () => {
    await writeStateFile(file('s.json'), state);
    await writeStateFile(file('s.json'), state);
    const read = await readStateFile(suite, file('s.json'));
    expect(read.root).toBe(state.root);
    expect(read.batchCount).toBe(7);
    expect(read.account(0)!.owner).toBe(OWNER);
    expect(stateToJson(read)).toEqual(stateToJson(state));
    const json = JSON.parse(await readFile(file('s.json'), 'utf8')) as LooseJson;
    expect([json.version, json.batchCount, json.accounts[0].owner, json.accounts[1].owner]).toEqual([2, 7, '0xdead00000000000000000000000000000000beef', `0x${'0'.repeat(40)}`]);
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
    await expect(readStateFile(suite, await writeRaw('m.json', '{"version": 2,'))).rejects.toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
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

describe('batch files', () => {
  it('round-trip to an equal Batch, with the v2 fields of §10', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 3, feeRecipient: 5 });
    await writeBatchFile(file('b.json'), batch);
    expect(await readBatchFile(suite, file('b.json'))).toEqual(batch);
    const json = JSON.parse(await readFile(file('b.json'), 'utf8')) as LooseJson;
    expect(json).toMatchObject({
      version: 2, kind: 'batch', batchNumber: 8, oldStateHash: String(batch.oldStateHash), newStateHash: String(batch.newStateHash),
      batchData: `0x${Buffer.from(batch.batchData).toString('hex')}`, dataHash: String(batch.dataHash),
    });
    expect(json.feeCredit.siblings).toHaveLength(3);
    expect(json.feeCredit.siblings[0]).toHaveLength(3);
    expect(json.slots[0].sender.before.owner).toBe('0xdead00000000000000000000000000000000beef');
    expect(json).not.toHaveProperty('publicData');
  });

  it('rejects malformed files (schema, slot and sibling counts, slot order) with INVALID_FILE', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 2, feeRecipient: 5 });
    const json = batchToJson(batch) as LooseJson;
    const cases: [unknown, string][] = [
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
      // Two transfers, the second from the receiver of the first, so the replay chains roots and accounts.
      const second = signTransfer(suite, keys[1].privateKey, 99n, { from: 5, to: 0, amount: 3n, fee: 2n, nonce: 0n });
      const built = buildBatch(state, [...transfers, second], { batchSize: 3, feeRecipient: 5 });
      await writeBatchFile(file('real.json'), built.batch);
      json = JSON.parse(await readFile(file('real.json'), 'utf8')) as LooseJson;
    });
    const slot = (j: number, patch: (s: LooseJson) => LooseJson) => ({ ...json, slots: json.slots.map((s: LooseJson, i: number) => (i === j ? patch(s) : s)) });
    const leaf = (u: LooseJson, part: 'before' | 'after', patch: LooseJson) => ({ ...u, [part]: { ...u[part], ...patch } });
    const cases: [string, () => unknown, string][] = [
      ['an after balance', () => slot(0, (s) => ({ ...s, receiver: leaf(s.receiver, 'after', { balance: '600' }) })), 'slots[0].receiver.after.balance'],
      ['a sender after nonce', () => slot(1, (s) => ({ ...s, sender: leaf(s.sender, 'after', { nonce: '0' }) })), 'slots[1].sender.after.nonce'],
      ['a receiver after owner', () => slot(0, (s) => ({ ...s, receiver: leaf(s.receiver, 'after', { owner: ownerToHex(5n) }) })), 'slots[0].receiver.after.owner'],
      ['a before owner (with its after kept consistent)', () => slot(0, (s) => ({ ...s, sender: leaf(leaf(s.sender, 'before', { owner: ownerToHex(5n) }), 'after', { owner: ownerToHex(5n) }) })), 'slots[0].sender.before'],
      ['oldStateHash', () => ({ ...json, oldStateHash: '5' }), 'oldStateHash'],
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
      await expect(readBatchFile(suite, file('real.json'))).resolves.toMatchObject({ batchSize: 3, totalFees: 3n });
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
