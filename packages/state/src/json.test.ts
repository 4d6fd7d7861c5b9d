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
    expect(await readBatchFile(file('b.json'))).toEqual(batch);
  });

  it('rejects inconsistent public data, public input, slot and sibling counts', async () => {
    const { batch } = buildBatch(state, transfers, { batchSize: 2, feeRecipient: 5 });
    const json = batchToJson(batch) as LooseJson;
    const flipped = json.publicData.slice(0, -1) + (json.publicData.endsWith('0') ? '1' : '0');
    const cases: [unknown, string][] = [
      [{ ...json, publicData: flipped }, 'publicData'],
      [{ ...json, publicData: json.publicData + '00' }, 'publicData'],
      [{ ...json, publicInput: '5' }, 'publicInput'],
      [{ ...json, newRoot: '5' }, 'feeCredit'],
      [{ ...json, newRoot: '5', feeCredit: { ...json.feeCredit, rootAfter: '5' } }, 'publicData'],
      [{ ...json, batchSize: 3 }, 'slots'],
      [{ ...json, feeCredit: { ...json.feeCredit, siblings: json.feeCredit.siblings.slice(1) } }, 'feeCredit.siblings'],
      [{ ...json, slots: [{ kind: 'other' }, json.slots[1]] }, 'slots[0].kind'],
      [{ ...json, slots: [json.slots[1], json.slots[0]] }, 'slots'],
      [{ ...json, totalFees: '2' }, 'totalFees'],
      [{ ...json, feeCredit: { ...json.feeCredit, index: 0 } }, 'feeCredit'],
    ];
    for (const [value, field] of cases) {
      await expect(readBatchFile(await writeRaw('bad-b.json', value))).rejects.toThrow(fieldError('INVALID_FILE', field));
    }
  });
});
