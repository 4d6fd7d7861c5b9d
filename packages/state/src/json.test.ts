import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildBatch } from './builder';
import { testKey } from '@zkr/test-helpers';
import type { KeyPair } from './eddsa';
import {
  batchToJson, readBatchFile, readKeyFile, readStateFile, readTransfersFile, stateToJson, transfersToJson,
  writeBatchFile, writeKeyFile, writeStateFile, writeTransfersFile,
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

beforeAll(async () => {
  suite = await createCryptoSuite();
  keys = [testKey(suite, 0), testKey(suite, 1)];
  dir = await mkdtemp(path.join(tmpdir(), 'zkr-json-'));
  state = RollupState.genesis(suite, {
    depth: 6,
    domain: 99n,
    accounts: keys.map((k, i) => ({ index: i * 5, account: { publicKey: k.publicKey, balance: 500n, nonce: 0n } })),
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

describe('state files', () => {
  it('round-trip with the same root and accounts, written atomically', async () => {
    await writeStateFile(file('s.json'), state);
    await writeStateFile(file('s.json'), state);
    const read = await readStateFile(suite, file('s.json'));
    expect(read.root).toBe(state.root);
    expect(stateToJson(read)).toEqual(stateToJson(state));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a wrong root, kind, version, missing or out-of-range fields, naming the field', async () => {
    const json = stateToJson(state) as LooseJson;
    const cases: [unknown, string][] = [
      [{ ...json, root: '1' }, 'root'],
      [{ ...json, kind: 'batch' }, 'kind'],
      [{ ...json, version: 2 }, 'version'],
      [{ ...json, depth: undefined }, 'depth'],
      [{ ...json, depth: 33 }, 'depth'],
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
    await expect(readStateFile(suite, await writeRaw('m.json', '{"version": 1,'))).rejects.toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
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
  it('round-trip to an equal Batch', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 3, feeRecipient: 5 });
    await writeBatchFile(file('b.json'), batch);
    expect(await readBatchFile(suite, file('b.json'))).toEqual(batch);
  });

  it('rejects malformed files (schema, slot and sibling counts, slot order) with INVALID_FILE', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 2, feeRecipient: 5 });
    const json = batchToJson(batch) as LooseJson;
    const cases: [unknown, string][] = [
      [{ ...json, batchSize: 3 }, 'slots'],
      [{ ...json, batchSize: MAX_BATCH_SIZE + 1 }, 'batchSize'],
      [{ ...json, feeCredit: { ...json.feeCredit, siblings: json.feeCredit.siblings.slice(1) } }, 'feeCredit.siblings'],
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
      ['a before balance (with its after kept consistent)', () => slot(0, (s) => ({ ...s, sender: leaf(leaf(s.sender, 'before', { balance: '900' }), 'after', { balance: '892' }) })), 'slots[0].sender.before'],
      ['a slot root after', () => slot(0, (s) => ({ ...s, sender: { ...s.sender, rootAfter: '5' } })), 'slots[0].sender.rootAfter'],
      ['a no-op root', () => slot(2, (s) => ({ ...s, root: '5' })), 'slots[2].root'],
      ['a transfer amount (the signature no longer verifies)', () => slot(0, (s) => ({ ...s, transfer: { ...s.transfer, amount: '8' } })), 'slots[0].transfer'],
      ['totalFees', () => ({ ...json, totalFees: '2' }), 'totalFees'],
      ['the fee credit index', () => ({ ...json, feeCredit: { ...json.feeCredit, index: 0 } }), 'feeCredit.index'],
      ['the fee credit after balance', () => ({ ...json, feeCredit: leaf(json.feeCredit, 'after', { balance: '1000' }) }), 'feeCredit.after.balance'],
      ['newRoot', () => ({ ...json, newRoot: '5' }), 'newRoot'],
      ['newRoot and the fee credit root after', () => ({ ...json, newRoot: '5', feeCredit: { ...json.feeCredit, rootAfter: '5' } }), 'feeCredit.rootAfter'],
      ['one byte of publicData', () => ({ ...json, publicData: json.publicData.slice(0, -1) + (json.publicData.endsWith('0') ? '1' : '0') }), 'publicData'],
      ['the publicData length', () => ({ ...json, publicData: `${json.publicData}00` }), 'publicData'],
      ['publicInput', () => ({ ...json, publicInput: '5' }), 'publicInput'],
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
      const error = await readBatchFile(suite, await writeRaw('edited.json', cases[5][1]())).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BATCH_INCONSISTENT', details: expect.objectContaining({ rejection: 'INVALID_SIGNATURE' }) });
    });
  });
});
