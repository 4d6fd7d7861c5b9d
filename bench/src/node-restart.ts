/**
 * Node restart benchmark: how long the zkr node needs to get its head account tree back after a
 * restart, from SQLite rows (`AccountTree.fromStoredNodes`, no hashing) vs a full rehash
 * (`AccountTree.fromAccounts`). Builds a tree of `--accounts` (default 10^5) accounts at depth 18,
 * writes its leaf and inner rows to a real better-sqlite3 file in a temp dir, closes it, then times
 * each path from opening the file to the first account lookup. Prints a Markdown table.
 *
 * Run: `npx ts-node bench/src/node-restart.ts [--accounts N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { AccountTree, createCryptoSuite, type Account, type Poseidon } from '@zkr/state';
import { benchError } from './errors';

const DEPTH = 18;

interface LeafRow { index: number; ax: string; ay: string; balance: string; nonce: string; owner: string; hash: string }
interface InnerRow { level: number; position: number; hash: string }

/** Writes the rows of `tree` into a new database at `file` (the node's schema: leaves and inner tables). */
function writeRows(file: string, tree: AccountTree): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE leaves (idx INTEGER PRIMARY KEY, ax TEXT, ay TEXT, balance TEXT, nonce TEXT, owner TEXT, hash TEXT);
           CREATE TABLE inner (level INTEGER, position INTEGER, hash TEXT, PRIMARY KEY (level, position)) WITHOUT ROWID;`);
  const leaf = db.prepare('INSERT INTO leaves VALUES (?, ?, ?, ?, ?, ?, ?)');
  const node = db.prepare('INSERT INTO inner VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const [index, a, hash] of tree.storedLeaves()) {
      leaf.run(index, a.publicKey[0].toString(), a.publicKey[1].toString(), a.balance.toString(), a.nonce.toString(), a.owner.toString(), hash.toString());
    }
    for (const { level, position, hash } of tree.storedNodes()) node.run(level, position, hash.toString());
  })();
  db.close();
}

function accountOf(row: LeafRow): Account {
  return { publicKey: [BigInt(row.ax), BigInt(row.ay)], balance: BigInt(row.balance), nonce: BigInt(row.nonce), owner: BigInt(row.owner) };
}

/** Opens `file`, reads every row and returns them (the part both restart paths share). */
function readRows(file: string): { leaves: LeafRow[]; inner: InnerRow[] } {
  const db = new Database(file, { readonly: true });
  const leaves = db.prepare('SELECT idx AS "index", ax, ay, balance, nonce, owner, hash FROM leaves').all() as LeafRow[];
  const inner = db.prepare('SELECT level, position, hash FROM inner').all() as InnerRow[];
  db.close();
  return { leaves, inner };
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

function main(poseidon: Poseidon, count: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-node-restart-'));
  try {
    const file = join(dir, 'node.sqlite');
    const accounts: [number, Account][] = Array.from({ length: count }, (_, i) => [
      i, { publicKey: [BigInt(i) * 7919n + 1n, BigInt(i) * 104729n + 2n], balance: BigInt(i) * 1000n, nonce: BigInt(i % 7), owner: BigInt(i) },
    ]);
    const built = timed(() => AccountTree.fromAccounts(poseidon, DEPTH, accounts));
    const tree = built.value;
    writeRows(file, tree);
    const probe = count >> 1;

    const stored = timed(() => {
      const { leaves, inner } = readRows(file);
      const loaded = AccountTree.fromStoredNodes(
        poseidon, DEPTH,
        leaves.map((r) => [r.index, accountOf(r), BigInt(r.hash)] as const),
        inner.map((r) => ({ level: r.level, position: r.position, hash: BigInt(r.hash) })),
        tree.root,
      );
      return { loaded, account: loaded.account(probe), rows: leaves.length + inner.length };
    });
    const rehash = timed(() => {
      const { leaves } = readRows(file);
      const loaded = AccountTree.fromAccounts(poseidon, DEPTH, leaves.map((r) => [r.index, accountOf(r)] as const));
      return { loaded, account: loaded.account(probe) };
    });
    if (stored.value.loaded.root !== tree.root || rehash.value.loaded.root !== tree.root) throw benchError('BENCH_INVALID', 'a restart path gave another root than the tree written; fix AccountTree before trusting these figures');
    if (stored.value.account?.balance !== accounts[probe][1].balance) throw benchError('BENCH_INVALID', `the restored tree lost account ${probe}; fix AccountTree.fromStoredNodes before trusting these figures`);

    console.log(`node restart, ${count} accounts, depth ${DEPTH}, ${stored.value.rows} rows, poseidon ${poseidon.implementation}`);
    console.log('');
    console.log('| restart path | time (ms) |');
    console.log('|---|---:|');
    console.log(`| read rows + fromStoredNodes + first lookup | ${stored.ms.toFixed(0)} |`);
    console.log(`| read rows + fromAccounts (full rehash) + first lookup | ${rehash.ms.toFixed(0)} |`);
    console.log(`| (initial build, fromAccounts) | ${built.ms.toFixed(0)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const flag = process.argv.indexOf('--accounts');
const count = flag >= 0 ? Number(process.argv[flag + 1]) : 100_000;
if (!Number.isSafeInteger(count) || count < 1 || count > 2 ** DEPTH) {
  console.error(`--accounts must be an integer in 1..${2 ** DEPTH}`);
  process.exit(2);
}
void createCryptoSuite().then(({ poseidon }) => main(poseidon, count));
