/**
 * The Mempool on a real SQLite store and real signature threads: each entry rule with its code and
 * details, pending debits and nonces per sender, concurrent submits racing for one nonce, the pool
 * reloaded from the store, and selection keeping each sender's order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { genesis, signAll, signWithdrawals, type Fixture, type TransferSpec, type WithdrawalSpec } from '@zkr/test-helpers';
import { Mempool } from './mempool';
import { createSignatureChecker, type SignatureChecker } from './signatures';
import { SequencerStore, type StoreIdentity } from './store/store';
import type { SubmittedTransaction } from './types';

let fixture: Fixture;
let checker: SignatureChecker;
let dir: string;
let identity: StoreIdentity;
let files = 0;
const opened: SequencerStore[] = [];

beforeAll(async () => {
  fixture = await genesis(4, [{ index: 0, balance: 1000n }, { index: 1, balance: 1000n }, { index: 2, balance: 50n }, { index: 3, balance: 1000n, nonce: 7n }]);
  checker = await createSignatureChecker({ suite: fixture.suite, threads: 1 });
  dir = await mkdtemp(join(tmpdir(), 'zkr-mempool-'));
  identity = {
    chainId: 31337, rollup: '0x00000000000000000000000000000000000000aa', domain: fixture.state.domain.toString(), depth: 4,
    batchSize: 2, queuePositions: 1, withdrawalPositions: 1, genesisRoot: fixture.state.root.toString(),
  };
});

afterAll(async () => {
  for (const store of opened) store.close();
  await checker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function pool(capacity = 100, file = join(dir, `pool-${++files}.sqlite`)): { mempool: Mempool; store: SequencerStore; file: string } {
  const store = SequencerStore.open(file, identity, fixture.state);
  opened.push(store);
  const mempool = new Mempool(store, checker, capacity);
  mempool.reset(fixture.state);
  return { mempool, store, file };
}

const transfer = (spec: TransferSpec): SubmittedTransaction => ({ kind: 'transfer', transfer: signAll(fixture, [spec])[0] });
const withdrawal = (spec: WithdrawalSpec): SubmittedTransaction => ({ kind: 'withdrawal', withdrawal: signWithdrawals(fixture, [spec])[0] });
const head = () => fixture.state;

/** The code `submit` refuses `tx` with, and its details (`accepted` if it does not). */
async function outcome(mempool: Mempool, tx: SubmittedTransaction): Promise<{ code: string; details?: unknown }> {
  try {
    await mempool.submit(head, tx);
    return { code: 'accepted' };
  } catch (error) {
    if (isZkrError(error)) return { code: error.code, details: error.details };
    throw error;
  }
}

describe('Mempool', () => {
  it('refuses each broken rule with its code, in the builder\'s order', async () => {
    const { mempool, store } = pool();
    const good = signAll(fixture, [{ from: 0, to: 1, amount: 10n, fee: 1n, nonce: 0n }])[0];
    const refuse = async (tx: SubmittedTransaction) => (await outcome(mempool, tx)).code;
    expect(await refuse({ kind: 'other' } as never)).toBe('INVALID_TRANSACTION');
    expect(await refuse({ kind: 'transfer', transfer: { ...good, from: 16 } })).toBe('FIELD_RANGE');
    expect(await refuse({ kind: 'transfer', transfer: { ...good, amount: 0n, fee: 0n } })).toBe('ZERO_TRANSFER');
    expect(await refuse({ kind: 'transfer', transfer: { ...good, amount: 2n ** 35n + 1n } })).toBe('AMOUNT_NOT_REPRESENTABLE');
    expect(await refuse({ kind: 'transfer', transfer: { ...good, fee: 17n } })).toBe('FEE_NOT_REPRESENTABLE');
    expect(await refuse(transfer({ from: 9, to: 0, amount: 1n, fee: 0n, nonce: 0n }))).toBe('UNKNOWN_SENDER');
    expect(await refuse(transfer({ from: 0, to: 9, amount: 1n, fee: 0n }))).toBe('UNKNOWN_RECEIVER');
    // A changed amount no longer matches the signature; so does one signed for another domain.
    expect(await refuse({ kind: 'transfer', transfer: { ...good, amount: 11n } })).toBe('INVALID_SIGNATURE');
    expect(await refuse(transfer({ from: 0, to: 1, amount: 1n, fee: 0n, domain: 5n }))).toBe('INVALID_SIGNATURE');
    expect(await refuse(transfer({ from: 2, to: 1, amount: 50n, fee: 1n }))).toBe('INSUFFICIENT_BALANCE');
    expect(await refuse(withdrawal({ from: 0, amount: 0n, fee: 1n }))).toBe('ZERO_WITHDRAWAL');
    const signed = signWithdrawals(fixture, [{ from: 0, amount: 5n, fee: 1n }])[0];
    expect(await refuse({ kind: 'withdrawal', withdrawal: { ...signed, address: 0n } })).toBe('INVALID_ADDRESS');
    expect(mempool.size).toBe(0);
    expect(store.pendingTransactions()).toEqual([]);
  });

  it('checks nonces and balances against the account plus its pending transactions', async () => {
    const { mempool } = pool();
    expect(await outcome(mempool, transfer({ from: 3, to: 0, amount: 5n, fee: 0n, nonce: 0n }))).toEqual({ code: 'BAD_NONCE', details: { expected: '7', got: '0' } });
    expect((await outcome(mempool, transfer({ from: 3, to: 0, amount: 5n, fee: 0n, nonce: 7n }))).code).toBe('accepted');
    expect(await outcome(mempool, transfer({ from: 3, to: 0, amount: 6n, fee: 0n, nonce: 7n }))).toEqual({ code: 'BAD_NONCE', details: { expected: '8', got: '7' } });
    expect((await outcome(mempool, withdrawal({ from: 3, amount: 900n, fee: 5n, nonce: 8n }))).code).toBe('accepted');
    // 1000 - 5 - 905 = 90 left after the pending debits: 90 + 1 is too much, 89 + 1 fits.
    expect(await outcome(mempool, transfer({ from: 3, to: 1, amount: 90n, fee: 1n, nonce: 9n }))).toEqual({ code: 'INSUFFICIENT_BALANCE', details: { balance: '90' } });
    expect((await outcome(mempool, transfer({ from: 3, to: 1, amount: 89n, fee: 1n, nonce: 9n }))).code).toBe('accepted');
    expect(mempool.pendingOf(fixture.state, 3)).toEqual({ nonce: 10n, balance: 0n });
    expect(mempool.pendingOf(fixture.state, 1)).toEqual({ nonce: 0n, balance: 1000n });
  });

  it('refuses a known transaction with DUPLICATE_TRANSACTION and a full pool with MEMPOOL_FULL', async () => {
    const { mempool } = pool(2);
    const tx = transfer({ from: 0, to: 1, amount: 1n, fee: 0n, nonce: 0n });
    expect((await outcome(mempool, tx)).code).toBe('accepted');
    expect((await outcome(mempool, tx)).code).toBe('DUPLICATE_TRANSACTION');
    expect((await outcome(mempool, transfer({ from: 1, to: 0, amount: 1n, fee: 0n, nonce: 0n }))).code).toBe('accepted');
    expect((await outcome(mempool, transfer({ from: 0, to: 1, amount: 1n, fee: 0n, nonce: 1n }))).code).toBe('MEMPOOL_FULL');
  });

  it('accepts exactly one of many concurrent submits for the same nonce', async () => {
    const { mempool, store } = pool();
    const same = transfer({ from: 1, to: 0, amount: 3n, fee: 0n, nonce: 0n });
    const rivals = [4n, 5n, 6n, 7n].map((amount) => transfer({ from: 1, to: 0, amount, fee: 0n, nonce: 0n }));
    const results = await Promise.all([same, same, same, ...rivals].map((tx) => outcome(mempool, tx)));
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === 'accepted')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'accepted').every((c) => c === 'BAD_NONCE' || c === 'DUPLICATE_TRANSACTION')).toBe(true);
    // Copies of one transaction are refused as duplicates whichever transaction won.
    expect(codes.slice(0, 3).filter((c) => c === 'DUPLICATE_TRANSACTION').length).toBeGreaterThanOrEqual(2);
    expect(store.pendingTransactions()).toHaveLength(1);
    expect(mempool.pendingOf(fixture.state, 1)?.nonce).toBe(1n);
  });

  it('reloads its pending transactions from the store in acceptance order', async () => {
    const first = pool();
    for (const tx of [transfer({ from: 0, to: 1, amount: 2n, fee: 0n, nonce: 0n }), transfer({ from: 1, to: 0, amount: 2n, fee: 0n, nonce: 0n }), transfer({ from: 0, to: 1, amount: 3n, fee: 0n, nonce: 1n })]) {
      expect((await outcome(first.mempool, tx)).code).toBe('accepted');
    }
    const again = new Mempool(first.store, checker, 100);
    again.reset(fixture.state);
    expect(again.size).toBe(3);
    expect(again.pendingOf(fixture.state, 0)).toEqual({ nonce: 2n, balance: 995n });
    expect(again.select(8, 1).transfers.map((t) => [t.transfer.from, t.transfer.nonce])).toEqual([[0, 0n], [1, 0n], [0, 1n]]);
  });

  it('selects in acceptance order without breaking any sender\'s nonce order', async () => {
    const { mempool } = pool();
    const txs = [
      transfer({ from: 0, to: 1, amount: 1n, fee: 0n, nonce: 0n }),
      withdrawal({ from: 1, amount: 1n, fee: 0n, nonce: 0n }),
      transfer({ from: 1, to: 0, amount: 1n, fee: 0n, nonce: 1n }),
      transfer({ from: 0, to: 1, amount: 1n, fee: 0n, nonce: 1n }),
      transfer({ from: 0, to: 1, amount: 1n, fee: 0n, nonce: 2n }),
      transfer({ from: 3, to: 1, amount: 1n, fee: 0n, nonce: 7n }),
    ];
    for (const tx of txs) expect((await outcome(mempool, tx)).code).toBe('accepted');
    const selection = mempool.select(2, 1);
    // Sender 1's transfer waits behind its withdrawal (withdrawals follow the slots); the batch is full after sender 0's second transfer.
    expect(selection.transfers.map((t) => [t.transfer.from, t.transfer.nonce])).toEqual([[0, 0n], [0, 1n]]);
    expect(selection.withdrawals.map((w) => [w.withdrawal.from, w.withdrawal.nonce])).toEqual([[1, 0n]]);
    expect(mempool.select(4, 0).transfers.map((t) => [t.transfer.from, t.transfer.nonce])).toEqual([[0, 0n], [0, 1n], [0, 2n], [3, 7n]]);
  });
});
