import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { testKey, testOwner } from '@zkr/test-helpers';
import { buildBatchFiles } from './batch-files';
import {
  readBatchFile, readStateFile, readTransfersFile, readWithdrawalsFile, writeQueueFile, writeStateFile, writeTransfersFile, writeWithdrawalsFile,
} from './json';
import { queueHashOf } from './queue';
import { RollupState } from './state';
import { createCryptoSuite, type CryptoSuite } from './suite';
import { signTransfer } from './transfer';
import type { QueueOperation } from './types';
import { signWithdrawal } from './withdrawal';

let suite: CryptoSuite;
let dir: string;
const DOMAIN = 5n;

beforeAll(async () => {
  suite = await createCryptoSuite();
  dir = await mkdtemp(path.join(tmpdir(), 'zkr-batch-files-'));
});

const file = (name: string): string => path.join(dir, name);

describe('buildBatchFiles', () => {
  it('reads the queue and withdrawals, and writes the batch, the state and what did not fit together', async () => {
    const state = RollupState.genesis(suite, {
      depth: 8, domain: DOMAIN,
      accounts: [0, 1].map((i) => ({ index: i, account: { publicKey: testKey(suite, i).publicKey, balance: 100n, nonce: 0n, owner: testOwner(i) } })),
    });
    const queue: QueueOperation[] = [0, 1].map((position) => ({ position, kind: 2, index: position, amount: 5n, address: testOwner(9), publicKey: [0n, 0n], time: 7 + position }));
    const key = (i: number) => testKey(suite, i).privateKey;
    const withdrawals = [0, 1].map((i) => signWithdrawal(suite, key(i), DOMAIN, { from: i, address: testOwner(i), amount: 10n, fee: 0n, nonce: i === 0 ? 1n : 0n }));
    await writeStateFile(file('state.json'), state);
    await writeTransfersFile(file('txs.json'), [signTransfer(suite, key(0), DOMAIN, { from: 0, to: 1, amount: 1n, fee: 1n, nonce: 0n })]);
    await writeQueueFile(file('queue.json'), queue);
    await writeWithdrawalsFile(file('ws.json'), withdrawals);
    const result = await buildBatchFiles(suite, {
      stateFile: file('state.json'), transfersFile: file('txs.json'), queueFile: file('queue.json'), withdrawalsFile: file('ws.json'),
      batchFile: file('batch.json'), stateOut: file('state.json'), remainingOut: file('txs.json'), remainingWithdrawalsFile: file('ws.json'),
      batchSize: 1, feeRecipient: 1,
    });
    expect([result.batch.queueCount, result.acceptedWithdrawals.length, result.remainingWithdrawals]).toEqual([1, 1, withdrawals.slice(1)]);
    const post = await readStateFile(suite, file('state.json'));
    expect([post.batchCount, post.queueCount, post.queueHash, post.account(0)!.balance]).toEqual([1, 1, queueHashOf(suite, queue.slice(0, 1)), 100n + 5n - 2n - 10n]);
    expect(await readBatchFile(suite, file('batch.json'))).toEqual(result.batch);
    expect(await readTransfersFile(file('txs.json'))).toEqual([]);
    expect(await readWithdrawalsFile(file('ws.json'))).toEqual(withdrawals.slice(1));
    expect((await readdir(dir)).filter((f) => f.startsWith('.zkr'))).toEqual([]);
  });

  it('refuses an output that is another input, and changes no file when the queue does not match the state', async () => {
    const state = RollupState.genesis(suite, {
      depth: 8, domain: DOMAIN, queueCount: 1, queueHash: 99n,
      accounts: [{ index: 0, account: { publicKey: testKey(suite, 0).publicKey, balance: 100n, nonce: 0n, owner: 0n } }],
    });
    await writeStateFile(file('s2.json'), state);
    await writeTransfersFile(file('t2.json'), []);
    await writeQueueFile(file('q2.json'), [{ position: 0, kind: 2, index: 0, amount: 5n, address: 1n, publicKey: [0n, 0n], time: 0 }]);
    const before = await readFile(file('s2.json'), 'utf8');
    const options = { stateFile: file('s2.json'), transfersFile: file('t2.json'), queueFile: file('q2.json'), batchFile: file('b2.json'), stateOut: file('s2.json'), batchSize: 1, feeRecipient: 0 };
    await expect(buildBatchFiles(suite, options)).rejects.toMatchObject({ code: 'QUEUE_MISMATCH', details: { field: '[0..0]' } });
    expect(await readFile(file('s2.json'), 'utf8')).toBe(before);
    await expect(readFile(file('b2.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(buildBatchFiles(suite, { ...options, remainingWithdrawalsFile: file('q2.json') })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT', details: { field: '--remaining-withdrawals-out' },
    });
  });
});
