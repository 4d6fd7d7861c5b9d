import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { accountsToJson, createCryptoSuite, nearestAmounts, readBatchFile, readStateFile, stateHashOf, type CryptoSuite } from '@zkr/state';
import { runZkr, testKey } from '@zkr/test-helpers';
import { CommanderError } from 'commander';
import { CLI_ERROR_CODES, run } from './index';

let dir: string;
let suite: CryptoSuite;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zkr-cli-'));
  suite = await createCryptoSuite();
});

const file = (name: string): string => path.join(dir, name);

const zkr = runZkr;

async function ok(...args: string[]): Promise<string> {
  const run = await zkr(...args);
  expect({ code: run.code, stderr: run.stderr.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, stderr: [] });
  return run.stdout;
}

afterAll(() => {
  process.exitCode = 0;
});

describe('zkr keygen', () => {
  it('writes a key file, refuses to overwrite it, and prints one without --out', async () => {
    const out = JSON.parse(await ok('keygen', '--out', file('k.json'), '--json'));
    expect(out.file).toBe(file('k.json'));
    const key = JSON.parse(await readFile(file('k.json'), 'utf8'));
    expect(key).toMatchObject({ version: 3, kind: 'key', publicKey: out.publicKey });
    const again = await zkr('keygen', '--out', file('k.json'));
    expect([again.code, again.stderr]).toEqual([1, `error [FILE_EXISTS]: ${file('k.json')} already exists; keep that key, choose another --out or pass --force\n`]);
    expect(JSON.parse(await ok('keygen'))).toMatchObject({ version: 3, kind: 'key' });
  });
});

describe('genesis, tx sign, state root, batch build', () => {
  it('runs the operator flow end to end', async () => {
    const gen = JSON.parse(await ok('genesis', '--depth', '32', '--generate', '4', '--balance', '100', '--domain', '7', '--out', file('s0.json'), '--keys-out', file('keys.json'), '--json'));
    expect(gen).toMatchObject({ depth: 32, domain: '7', accounts: 4, batchCount: 0, stateHash: stateHashOf(suite, 7n, BigInt(gen.root)).toString() });
    const again = await zkr('genesis', '--depth', '32', '--generate', '4', '--domain', '7', '--out', file('s0.json'));
    expect([again.code, again.stderr]).toEqual([1, `error [FILE_EXISTS]: ${file('s0.json')} already exists (a state or keys file is not replaced silently); choose another --out or pass --force\n`]);
    const root = await ok('state', 'root', '--state', file('s0.json'));
    expect(root).toBe(`${gen.root}\n`);

    await ok('tx', 'sign', '--key', file('keys.json'), '--from', '0', '--state', file('s0.json'), '--to', '1', '--amount', '30', '--fee', '2', '--append', file('t.json'));
    await ok('tx', 'sign', '--key', file('keys.json'), '--from', '0', '--state', file('s0.json'), '--to', '2', '--amount', '30', '--fee', '2', '--append', file('t.json'));
    await ok('tx', 'sign', '--key', file('keys.json'), '--from', '1', '--state', file('s0.json'), '--to', '3', '--amount', '500', '--fee', '0', '--append', file('t.json'));
    const signed = JSON.parse(await ok('tx', 'sign', '--key', file('keys.json'), '--from', '3', '--state', file('s0.json'), '--to', '0', '--amount', '1', '--fee', '0', '--append', file('t.json'), '--json'));
    expect(signed).toMatchObject({ count: 4, transfer: { from: 3, to: 0, amount: '1', nonce: '0' } });

    const built = JSON.parse(await ok('batch', 'build', '--state', file('s0.json'), '--txs', file('t.json'), '--batch-size', '2', '--fee-recipient', '3',
      '--out', file('b.json'), '--state-out', file('s1.json'), '--remaining-out', file('rest.json'), '--json'));
    // txData at D = 32 (I = 4): one empty 28-byte queue entry, two 14-byte slots, one empty 30-byte withdrawal entry (docs/protocol.md §7).
    expect(built).toMatchObject({ batchNumber: 1, queue: [], accepted: 2, noops: 0, rejected: [], withdrawals: 0, credits: [], remaining: 2, totalFees: '4', txDataBytes: 28 + 28 + 30 });
    const batch = await readBatchFile(suite, file('b.json'));
    const s1 = await readStateFile(suite, file('s1.json'));
    expect([batch.newRoot, s1.root, BigInt(built.newRoot)]).toEqual([s1.root, s1.root, s1.root]);
    expect([batch.batchNumber, s1.batchCount, BigInt(built.newStateHash), BigInt(built.dataHash)]).toEqual([1, 1, batch.newStateHash, batch.dataHash]);
    expect(JSON.parse(await ok('--json', 'state', 'root', '--state', file('s1.json')))).toMatchObject({ batchCount: 1, stateHash: batch.newStateHash.toString() });
    expect(s1.account(0)).toMatchObject({ balance: 36n, nonce: 2n });
    expect(s1.account(3)).toMatchObject({ balance: 104n });
    const account = JSON.parse(await ok('state', 'account', '--state', file('s1.json'), '--index', '0', '--json'));
    expect(account).toMatchObject({ index: 0, balance: '36', nonce: '2', owner: `0x${'0'.repeat(40)}`, root: s1.root.toString() });
    expect(account.siblings).toEqual(s1.siblings(0).map((triple) => triple.map(String)));
    const none = await zkr('state', 'account', '--state', file('s1.json'), '--index', '9');
    expect([none.code, none.stderr]).toEqual([1, `error [UNKNOWN_ACCOUNT]: ${file('s1.json')} has no account at index 9\n`]);

    const next = await ok('batch', 'build', '--state', file('s1.json'), '--txs', file('rest.json'), '--batch-size', '2', '--fee-recipient', '0', '--out', file('b2.json'));
    expect(next).toMatch(/^wrote .*b2\.json: batch #2, 0 queue operation\(s\), 1 transfer\(s\), 1 no-op\(s\), 0 withdrawal\(s\), fees 0, 86 txData bytes\n  rejected #0 \[INSUFFICIENT_BALANCE\]: amount \+ fee = 500 exceeds the balance 130 of account 1\n/);
  });

  it('builds a genesis from an accounts file and signs with a key file, finding the sender by key', async () => {
    const alice = testKey(suite, 2);
    await writeFile(file('accounts.json'), JSON.stringify(accountsToJson([{ publicKey: testKey(suite, 1).publicKey }, { publicKey: alice.publicKey, balance: 5n }])));
    await writeFile(file('alice.json'), JSON.stringify({ version: 3, kind: 'key', privateKey: `0x${Buffer.from(alice.privateKey).toString('hex')}`, publicKey: alice.publicKey.map(String) }));
    await ok('genesis', '--depth', '4', '--accounts', file('accounts.json'), '--chain-id', '31337', '--rollup', '0x5FbDB2315678afecb367f032d93F642f64180aa3', '--out', file('g.json'));
    const out = JSON.parse(await ok('tx', 'sign', '--key', file('alice.json'), '--state', file('g.json'), '--to', '0', '--amount', '5', '--fee', '0', '--out', file('a.json'), '--json'));
    expect(out.transfer).toMatchObject({ from: 1, to: 0, nonce: '0' });
    const state = await readStateFile(suite, file('g.json'));
    expect([state.account(0)?.balance, state.account(1)?.balance]).toEqual([1000000000n, 5n]);
  });
});

describe('protocol v3 inputs', () => {
  it('refuses an amount or a fee the slot cannot encode exactly, naming the nearest values, with exit 2 and nothing written', async () => {
    await ok('genesis', '--depth', '8', '--generate', '2', '--balance', '100000000000', '--domain', '3', '--out', file('f.json'), '--keys-out', file('fk.json'));
    const sign = (amount: string, fee: string) =>
      zkr('tx', 'sign', '--key', file('fk.json'), '--from', '0', '--state', file('f.json'), '--to', '1', '--amount', amount, '--fee', fee, '--out', file('ft.json'));
    const amount = 2n ** 34n + 1n;
    expect(nearestAmounts(amount)).toEqual({ below: 17179869183n, above: 17179869190n });
    expect(await sign(amount.toString(), '1')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error [AMOUNT_NOT_REPRESENTABLE]: --amount 17179869185 is not representable (amounts are m·10^e with m < 2^34, e < 16, docs/protocol.md §1.1): the nearest representable amounts are 17179869183 and 17179869190\n',
    });
    expect(await sign('5', '17')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error [FEE_NOT_REPRESENTABLE]: --fee 17 is not representable (fees are m·10^e with m < 16, e < 16, docs/protocol.md §1.1): the nearest representable fees are 15 and 20\n',
    });
    await expect(run(['tx', 'sign', '--key', file('fk.json'), '--from', '0', '--state', file('f.json'), '--to', '1', '--amount', '5', '--fee', '17', '--out', file('ft.json')], {
      stdout: () => undefined, stderr: () => undefined,
    })).rejects.toMatchObject({ code: 'FEE_NOT_REPRESENTABLE', details: { field: '--fee', below: 15n, above: 20n } });
    await expect(readFile(file('ft.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Representable values beyond 2^34 sign as usual.
    const signed = JSON.parse(await ok('--json', 'tx', 'sign', '--key', file('fk.json'), '--from', '0', '--state', file('f.json'), '--to', '1', '--amount', '17179869190', '--fee', '150', '--out', file('ft.json')));
    expect(signed.transfer).toMatchObject({ amount: '17179869190', fee: '150' });
  });

  it('gives generated accounts the --owner address, and accounts-file entries their own owner (none when absent)', async () => {
    const owner = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    await ok('genesis', '--depth', '8', '--generate', '2', '--owner', owner, '--domain', '3', '--out', file('o.json'));
    const shown = JSON.parse(await ok('--json', 'state', 'account', '--state', file('o.json'), '--index', '1'));
    expect(shown.owner).toBe(owner.toLowerCase());
    expect(await ok('state', 'account', '--state', file('o.json'), '--index', '1')).toMatch(new RegExp(`^account 1: balance 1000000000, nonce 0, owner ${owner.toLowerCase()}\n`));

    await writeFile(file('owned.json'), JSON.stringify({
      version: 3, kind: 'accounts', accounts: [{ publicKey: testKey(suite, 1).publicKey.map(String), owner: `0x${'ab'.repeat(20)}` }, { publicKey: testKey(suite, 2).publicKey.map(String) }],
    }));
    const both = await zkr('genesis', '--depth', '4', '--accounts', file('owned.json'), '--owner', owner, '--domain', '3', '--out', file('o2.json'));
    expect([both.code, both.stderr]).toEqual([2, 'error [INVALID_ARGUMENT]: --owner only applies to --generate (with --accounts each entry has its own "owner", none when absent)\n']);
    await ok('genesis', '--depth', '4', '--accounts', file('owned.json'), '--domain', '3', '--out', file('o2.json'));
    const state = await readStateFile(suite, file('o2.json'));
    expect([state.account(0)?.owner, state.account(1)?.owner]).toEqual([BigInt(`0x${'ab'.repeat(20)}`), 0n]);
    expect(await ok('state', 'account', '--state', file('o.json'), '--index', '0')).toContain(', owner 0x5fbdb');
    await ok('genesis', '--depth', '4', '--generate', '1', '--domain', '3', '--out', file('o3.json'));
    expect(await ok('state', 'account', '--state', file('o3.json'), '--index', '0')).toMatch(/, owner none\n/);
  });

  it.each([1, 2])('refuses a version-%i file with UNSUPPORTED_VERSION (exit 1) and says to re-create it', async (version) => {
    await ok('genesis', '--depth', '4', '--generate', '2', '--domain', '3', '--out', file(`v3-${version}.json`));
    const json = JSON.parse(await readFile(file(`v3-${version}.json`), 'utf8')) as Record<string, unknown>;
    await writeFile(file(`old-${version}.json`), JSON.stringify({ ...json, version }));
    const read = await zkr('state', 'root', '--state', file(`old-${version}.json`));
    expect([read.code, read.stdout]).toEqual([1, '']);
    expect(read.stderr).toMatch(new RegExp(`^error \\[UNSUPPORTED_VERSION\\]: [^\\n]*version ${version}[^\\n]*zkr genesis[^\\n]*\\n$`));
  });
});

describe('errors', () => {
  it.each([
    [['state', 'root', '--state', '/nonexistent/s.json'], 1, 'error [FILE_MISSING]: /nonexistent/s.json does not exist; check the path\n'],
    [['genesis', '--depth', '33', '--generate', '2', '--domain', '1', '--out', '/tmp/x.json'], 2, 'error [INVALID_ARGUMENT]: --depth must be an even integer 2 <= x <= 32 (e.g. 8, 16, 24 or 32), got "33"\n'],
    [['genesis', '--depth', '7', '--generate', '2', '--domain', '1', '--out', '/tmp/x.json'], 2, 'error [INVALID_ARGUMENT]: --depth must be an even integer 2 <= x <= 32 (e.g. 8, 16, 24 or 32), got "7"\n'],
    [['genesis', '--depth', '8', '--generate', '2', '--domain', '1', '--owner', '0x1234', '--out', '/tmp/x.json'], 2, 'error [INVALID_ARGUMENT]: --owner must be an L1 address, 0x and 40 hex digits, got "0x1234"\n'],
    [['genesis', '--depth', '4', '--generate', '2', '--out', '/tmp/x.json'], 2, 'error [INVALID_ARGUMENT]: pass --domain F, or --chain-id C together with --rollup ADDR (the rollup contract address)\n'],
    [['state', 'root'], 2, "error [USAGE]: required option '--state <file>' not specified (see zkr --help)\n"],
    [['frobnicate'], 2, "error [USAGE]: unknown command 'frobnicate' (see zkr --help)\n"],
    [['state', 'root', '--state', 's.json', '--stat'], 2, "error [USAGE]: unknown option '--stat' (Did you mean --state?) (see zkr --help)\n"],
    [['stat', 'root'], 2, "error [USAGE]: unknown command 'stat' (Did you mean state?) (see zkr --help)\n"],
    [['state', 'root', '--state'], 2, "error [USAGE]: option '--state <file>' argument missing (see zkr --help)\n"],
    [['prove', '--artifacts', 'a', '--batch', 'b.json', '--out', 'p.json', '--engine', 'fast'], 2, 'error [INVALID_ARGUMENT]: --engine must be one of zkr, native, snarkjs, got "fast"\n'],
  ])('zkr %j exits %i with one line', async (args, code, stderr) => {
    const run = await zkr(...(args as string[]));
    expect([run.code, run.stderr, run.stdout]).toEqual([code, stderr, '']);
  });

  it('prints the package version for --version and exits 0', async () => {
    const { version } = JSON.parse(await readFile(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(await zkr('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('refuses a key file holding null with one INVALID_FILE line, not a TypeError', async () => {
    await ok('genesis', '--depth', '2', '--generate', '2', '--domain', '1', '--out', file('gn.json'));
    await writeFile(file('null-key.json'), 'null');
    const signed = await zkr('tx', 'sign', '--key', file('null-key.json'), '--state', file('gn.json'), '--to', '1', '--amount', '1', '--fee', '0', '--out', file('tn.json'));
    expect([signed.code, signed.stderr]).toEqual([1, `error [INVALID_FILE]: ${file('null-key.json')}: (root): expected a JSON object with "kind": "key"\n`]);
  });

  it('accepts JSON files that start with a UTF-8 byte order mark', async () => {
    await ok('genesis', '--depth', '2', '--generate', '2', '--domain', '1', '--out', file('plain.json'));
    await writeFile(file('bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(file('plain.json'))]));
    expect(await ok('state', 'root', '--state', file('bom.json'))).toBe(await ok('state', 'root', '--state', file('plain.json')));
  });

  it('run() rejects with the typed error that main() prints, and exports the CLI code list', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined };
    await run(['genesis', '--depth', '2', '--generate', '2', '--domain', '1', '--out', file('g3.json')], io);
    await expect(run(['state', 'account', '--state', file('g3.json'), '--index', '3'], io)).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT', details: { field: '--index' } });
    await expect(run(['state', 'root', '--state', file('none.json')], io)).rejects.toMatchObject({ code: 'FILE_MISSING' });
    await expect(run(['frobnicate'], io)).rejects.toBeInstanceOf(CommanderError);
    expect(CLI_ERROR_CODES).toEqual([
      'INVALID_ARGUMENT', 'FILE_EXISTS', 'PROOF_INVALID', 'PROOF_MALFORMED', 'UNKNOWN_ACCOUNT', 'UNKNOWN_SENDER', 'AMOUNT_NOT_REPRESENTABLE', 'FEE_NOT_REPRESENTABLE',
      'NOT_GENESIS', 'STATE_MISMATCH',
    ]);
  });

  it('names the bad field of a file and prints the stack only with --verbose', async () => {
    await writeFile(file('bad.json'), JSON.stringify({ version: 3, kind: 'transfers', transfers: [{ from: 0, to: 1, amount: '-3' }] }));
    await ok('genesis', '--depth', '2', '--generate', '2', '--domain', '1', '--out', file('g2.json'));
    const args = ['batch', 'build', '--state', file('g2.json'), '--txs', file('bad.json'), '--batch-size', '1', '--fee-recipient', '0', '--out', file('x.json')];
    const quiet = await zkr(...args);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toMatch(/^error \[INVALID_FILE\]: .*bad\.json: transfers\[0\]\.amount: must be a decimal integer string such as "42"\n$/);
    const loud = await zkr(...args, '--verbose');
    expect(loud.stderr.split('\n').length).toBeGreaterThan(3);
    expect(loud.stderr).toContain('at ');
  });
});
