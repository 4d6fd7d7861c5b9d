/**
 * The CLI fuzz corpus: a table of bad invocations of every `zkr` command (usage errors, bad flag
 * values, broken input files, unwritable outputs), each built from a few valid fixture files in one
 * work directory. Every case must fail with one clean `error [CODE]: ...` line and leave the work
 * directory untouched. Only cheap paths: a case fails before any circuit compile, heavy setup,
 * proof or chain deployment (the one circuit a case may reach, D=8 N=2, is in the compile cache).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_BATCH_SIZE } from '@zkr/circuits';

/** The kinds of JSON input files the CLI reads. */
const FILE_KINDS = ['state', 'keys', 'key', 'transfers', 'withdrawals', 'queue', 'accounts', 'batch', 'deployment', 'proof', 'public', 'input'] as const;
/** One kind of JSON input file. */
type FileKind = (typeof FILE_KINDS)[number];

/** Expected exit code: 2 for usage and flag-value errors, 1 for everything else. */
type ExpectedExit = 1 | 2;

/** One bad invocation: a unique name (the test title), the arguments after `zkr`, and the exit code it must give. */
export interface FuzzCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: ExpectedExit;
}

/** What a variant file becomes: its bytes, a directory, or nothing (the path is left missing). */
type VariantContent = string | Buffer | { readonly directory: true } | { readonly missing: true };

/** A broken version of a valid file of `kind`, made from the valid files' text. */
interface FileVariant {
  readonly name: string;
  /** The kinds it applies to (default: all). */
  readonly kinds?: readonly FileKind[];
  readonly make: (good: Readonly<Record<FileKind, string>>, kind: FileKind) => VariantContent;
}

/** The scalar field order r (BN254). */
const R = '21888242871839275222246405745257275088548364400416034343698204186575808495617';
const HUGE_DECIMAL = '9'.repeat(400);
const VERSIONED: readonly FileKind[] = ['state', 'keys', 'key', 'transfers', 'withdrawals', 'queue', 'accounts', 'batch', 'deployment'];

/** The kind whose valid file stands in for `kind` in the wrong-kind variant. */
const WRONG_KIND: Readonly<Record<FileKind, FileKind>> = {
  state: 'keys', keys: 'state', key: 'transfers', transfers: 'withdrawals', withdrawals: 'transfers', queue: 'withdrawals', accounts: 'state', batch: 'state', deployment: 'batch',
  proof: 'deployment', public: 'proof', input: 'proof',
};

/** `good` parsed, changed by `edit` (which may mutate it), serialized again. */
function edited(text: string, edit: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(text) as Record<string, unknown>;
  edit(json);
  return JSON.stringify(json, null, 2);
}

type Json = Record<string, unknown>;
const first = (json: Json, field: string): Json => (json[field] as Json[])[0];

/** Variants of every kind: not a file, not JSON, the wrong JSON, or a file of another kind. */
const GENERIC_VARIANTS: readonly FileVariant[] = [
  { name: 'missing', make: () => ({ missing: true }) },
  { name: 'directory', make: () => ({ directory: true }) },
  { name: 'empty', make: () => '' },
  { name: 'whitespace', make: () => ' \n\t\n' },
  { name: 'not JSON over two lines', make: () => 'this is\nnot JSON' },
  { name: 'BOM then broken JSON', make: (g, k) => `\uFEFF${g[k].slice(0, 40)}\n}}` },
  { name: 'BOM only', make: () => '\uFEFF' },
  { name: 'binary bytes', make: () => Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x0a, 0xc3, 0x28, 0x0d, 0x0a]) },
  { name: 'JSON null', make: () => 'null' },
  { name: 'JSON empty object', make: () => '{}' },
  { name: 'JSON array of the file', make: (g, k) => `[${g[k]}]` },
  { name: 'JSON number', make: () => '42' },
  { name: 'JSON string', make: (_g, k) => JSON.stringify(k) },
  { name: 'wrong kind', make: (g, k) => g[WRONG_KIND[k]] },
  { name: 'truncated', make: (g, k) => g[k].slice(0, Math.floor(g[k].length / 2)) },
  { name: 'trailing garbage', make: (g, k) => `${g[k]}\n{"more": true}` },
  { name: 'deeply nested', make: () => `${'['.repeat(50_000)}${']'.repeat(50_000)}` },
];

/** Variants of the files that carry `version` and `kind` (version 3, docs/protocol.md §10). */
const VERSION_VARIANTS: readonly FileVariant[] = [
  // Files of protocol versions 1 and 2 (UNSUPPORTED_VERSION: re-create them), and one of a future version.
  { name: 'version 1', kinds: VERSIONED, make: (g, k) => edited(g[k], (j) => void (j.version = 1)) },
  { name: 'version 2', kinds: VERSIONED, make: (g, k) => edited(g[k], (j) => void (j.version = 2)) },
  { name: 'version 4', kinds: VERSIONED, make: (g, k) => edited(g[k], (j) => void (j.version = 4)) },
  { name: 'version as a string', kinds: VERSIONED, make: (g, k) => edited(g[k], (j) => void (j.version = '3')) },
  { name: 'no version', kinds: VERSIONED, make: (g, k) => edited(g[k], (j) => void delete j.version) },
  { name: 'version 3e400', kinds: VERSIONED, make: (g, k) => g[k].replace('"version": 3', '"version": 3e400') },
  { name: 'kind misspelled', kinds: VERSIONED, make: (g, k) => edited(g[k], (j) => void (j.kind = `${k}s`)) },
];

/** Fields of the wrong type or out of range, per kind. */
const FIELD_VARIANTS: readonly FileVariant[] = [
  // state
  { name: 'depth as a string', kinds: ['state', 'batch'], make: (g, k) => edited(g[k], (j) => void (j.depth = String(j.depth))) },
  { name: 'depth 33', kinds: ['state', 'batch'], make: (g, k) => edited(g[k], (j) => void (j.depth = 33)) },
  { name: 'depth 0', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.depth = 0)) },
  { name: 'depth 8.5', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.depth = 8.5)) },
  { name: 'depth 7 (odd: the tree has arity 4)', kinds: ['state', 'batch', 'deployment'], make: (g, k) => edited(g[k], (j) => void (j.depth = 7)) },
  { name: 'batch count negative', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.batchCount = -1)) },
  { name: 'batch count 2^32', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.batchCount = 2 ** 32)) },
  { name: 'no batch count', kinds: ['state'], make: (g) => edited(g.state, (j) => void delete j.batchCount) },
  { name: 'domain as a number', kinds: ['state', 'batch', 'deployment'], make: (g, k) => edited(g[k], (j) => void (j.domain = 7)) },
  { name: 'domain = r', kinds: ['state', 'batch'], make: (g, k) => edited(g[k], (j) => void (j.domain = R)) },
  { name: 'domain of 400 digits', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.domain = HUGE_DECIMAL)) },
  { name: 'root not the accounts root', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.root = '1')) },
  { name: 'root in hex', kinds: ['state'], make: (g) => edited(g.state, (j) => void (j.root = '0x1')) },
  { name: 'accounts an object', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (j.accounts = {})) },
  { name: 'account index outside the tree', kinds: ['state'], make: (g) => edited(g.state, (j) => void (first(j, 'accounts').index = 256)) },
  { name: 'duplicate account index', kinds: ['state'], make: (g) => edited(g.state, (j) => void (first(j, 'accounts').index = 1)) },
  { name: 'balance 2^64', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').balance = '18446744073709551616')) },
  { name: 'balance 1e3', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').balance = '1e3')) },
  { name: 'nonce negative', kinds: ['state'], make: (g) => edited(g.state, (j) => void (first(j, 'accounts').nonce = '-1')) },
  // owners: an L1 address, 0x and 40 hex digits (docs/protocol.md §1)
  { name: 'owner too short', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').owner = '0x1234')) },
  { name: 'owner of 41 digits', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').owner = `0x1${'0'.repeat(40)}`)) },
  { name: 'owner without 0x', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').owner = 'ab'.repeat(20))) },
  { name: 'owner not hex', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').owner = `0x${'z'.repeat(40)}`)) },
  { name: 'owner a number', kinds: ['state', 'accounts'], make: (g, k) => edited(g[k], (j) => void (first(j, 'accounts').owner = 5)) },
  { name: 'no owner', kinds: ['state'], make: (g) => edited(g.state, (j) => void delete first(j, 'accounts').owner) },
  { name: 'owner edited (root no longer matches)', kinds: ['state'], make: (g) => edited(g.state, (j) => void (first(j, 'accounts').owner = `0x${'11'.repeat(20)}`)) },
  { name: 'public key of one coordinate', kinds: ['state', 'accounts', 'key'], make: (g, k) => edited(g[k], (j) => {
    const holder = k === 'key' ? j : first(j, 'accounts');
    holder.publicKey = [(holder.publicKey as string[])[0]];
  }) },
  { name: 'public key not on the curve', kinds: ['state', 'key'], make: (g, k) => edited(g[k], (j) => void ((k === 'key' ? j : first(j, 'accounts')).publicKey = ['1', '2'])) },
  { name: 'null account', kinds: ['state'], make: (g) => edited(g.state, (j) => void ((j.accounts as unknown[])[0] = null)) },
  // keys and key
  { name: 'no keys', kinds: ['keys'], make: (g) => edited(g.keys, (j) => void (j.keys = [])) },
  { name: 'private key too short', kinds: ['keys', 'key'], make: (g, k) => edited(g[k], (j) => void ((k === 'key' ? j : first(j, 'keys')).privateKey = '0x1234')) },
  { name: 'private key not hex', kinds: ['keys', 'key'], make: (g, k) => edited(g[k], (j) => void ((k === 'key' ? j : first(j, 'keys')).privateKey = `0x${'z'.repeat(64)}`)) },
  { name: 'private key a number', kinds: ['key'], make: (g) => edited(g.key, (j) => void (j.privateKey = 12345)) },
  { name: 'public key of another private key', kinds: ['keys'], make: (g) => edited(g.keys, (j) => {
    const [a, b] = j.keys as Json[];
    a.publicKey = b.publicKey;
  }) },
  { name: 'key index as a string', kinds: ['keys'], make: (g) => edited(g.keys, (j) => void (first(j, 'keys').index = '0')) },
  // transfers
  { name: 'transfers null', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void (j.transfers = null)) },
  { name: 'amount as a number', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void (first(j, 'transfers').amount = 5)) },
  { name: 'amount negative', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void (first(j, 'transfers').amount = '-5')) },
  { name: 'amount 2^64', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void (first(j, 'transfers').amount = '18446744073709551616')) },
  { name: 'sender index negative', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void (first(j, 'transfers').from = -1)) },
  { name: 'no signature', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void delete first(j, 'transfers').signature) },
  { name: 'signature not decimal', kinds: ['transfers'], make: (g) => edited(g.transfers, (j) => void ((first(j, 'transfers').signature as Json).R8x = 'abc')) },
  // withdrawals (docs/protocol.md §11)
  { name: 'withdrawals null', kinds: ['withdrawals'], make: (g) => edited(g.withdrawals, (j) => void (j.withdrawals = null)) },
  { name: 'withdrawal address too short', kinds: ['withdrawals'], make: (g) => edited(g.withdrawals, (j) => void (first(j, 'withdrawals').address = '0x1234')) },
  { name: 'withdrawal amount 2^64', kinds: ['withdrawals'], make: (g) => edited(g.withdrawals, (j) => void (first(j, 'withdrawals').amount = '18446744073709551616')) },
  { name: 'withdrawal without signature', kinds: ['withdrawals'], make: (g) => edited(g.withdrawals, (j) => void delete first(j, 'withdrawals').signature) },
  // queue (docs/protocol.md §10, §12)
  { name: 'operations null', kinds: ['queue'], make: (g) => edited(g.queue, (j) => void (j.operations = null)) },
  { name: 'operation kind 4', kinds: ['queue'], make: (g) => edited(g.queue, (j) => void (first(j, 'operations').kind = 4)) },
  { name: 'operation position negative', kinds: ['queue'], make: (g) => edited(g.queue, (j) => void (first(j, 'operations').position = -1)) },
  { name: 'operation address too short', kinds: ['queue'], make: (g) => edited(g.queue, (j) => void (first(j, 'operations').address = '0x1234')) },
  { name: 'operation amount 2^64', kinds: ['queue'], make: (g) => edited(g.queue, (j) => void (first(j, 'operations').amount = '18446744073709551616')) },
  // batch
  { name: 'batch size 0', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.batchSize = 0)) },
  { name: 'batch size 67108864', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.batchSize = 67108864)) },
  { name: 'no slots', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.slots = [])) },
  { name: 'slot of an unknown kind', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (first(j, 'slots').kind = 'mint')) },
  { name: 'old root not decimal', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.oldRoot = 'x')) },
  { name: 'data hash edited', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.dataHash = '1')) },
  { name: 'new state hash edited', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.newStateHash = '1')) },
  { name: 'old state hash edited', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.oldStateHash = '1')) },
  { name: 'batch number 0', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.batchNumber = 0)) },
  { name: 'batch number 2^32', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.batchNumber = 2 ** 32)) },
  { name: 'batch number edited', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.batchNumber = (j.batchNumber as number) + 1)) },
  { name: 'batch data of the v1 length', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.batchData = `0x${'00'.repeat(100 + 24 * 2)}`)) },
  { name: 'batch data byte flipped', kinds: ['batch'], make: (g) => edited(g.batch, (j) => {
    const data = j.batchData as string;
    j.batchData = `${data.slice(0, -2)}${data.endsWith('ff') ? '00' : 'ff'}`;
  }) },
  { name: 'sibling level of two nodes', kinds: ['batch'], make: (g) => edited(g.batch, (j) => {
    const sender = first(j, 'slots').sender as Json;
    (sender.siblings as string[][])[0] = (sender.siblings as string[][])[0].slice(0, 2);
  }) },
  { name: 'sender after-owner edited', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (((first(j, 'slots').sender as Json).after as Json).owner = `0x${'11'.repeat(20)}`)) },
  { name: 'sender after-balance edited', kinds: ['batch'], make: (g) => edited(g.batch, (j) => {
    const after = (first(j, 'slots').sender as Json).after as Json;
    after.balance = (BigInt(after.balance as string) + 1n).toString();
  }) },
  { name: 'fee recipient negative', kinds: ['batch'], make: (g) => edited(g.batch, (j) => void (j.feeRecipient = -1)) },
  // deployment
  { name: 'chain id as a number', kinds: ['deployment'], make: (g) => edited(g.deployment, (j) => void (j.chainId = 31337)) },
  { name: 'rollup address too short', kinds: ['deployment'], make: (g) => edited(g.deployment, (j) => void (j.rollup = '0x1234')) },
  { name: 'no verifiers', kinds: ['deployment'], make: (g) => edited(g.deployment, (j) => void (j.verifiers = [])) },
  { name: 'block number negative', kinds: ['deployment'], make: (g) => edited(g.deployment, (j) => void (j.blockNumber = -1)) },
  { name: 'rpc url a number', kinds: ['deployment'], make: (g) => edited(g.deployment, (j) => void (j.rpcUrl = 5)) },
  // proof and public signals
  { name: 'pi_a of one coordinate', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void (j.pi_a = (j.pi_a as string[]).slice(0, 1))) },
  { name: 'pi_a not decimal', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void (j.pi_a = ['x', 'y', '1'])) },
  { name: 'pi_a of 400 digits', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void (j.pi_a = [HUGE_DECIMAL, '2', '1'])) },
  { name: 'pi_a not on the curve', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void (j.pi_a = ['1', '3', '1'])) },
  { name: 'no pi_b', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void delete j.pi_b) },
  { name: 'protocol plonk', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void (j.protocol = 'plonk')) },
  { name: 'curve bls12381', kinds: ['proof'], make: (g) => edited(g.proof, (j) => void (j.curve = 'bls12381')) },
  { name: 'signal not decimal', kinds: ['public'], make: () => '["x"]' },
  { name: 'signal a number', kinds: ['public'], make: () => '[5]' },
  { name: 'signal = r', kinds: ['public'], make: () => JSON.stringify([R]) },
  { name: 'signal of 400 digits', kinds: ['public'], make: () => JSON.stringify([HUGE_DECIMAL]) },
  { name: 'two signals', kinds: ['public'], make: () => '["5", "5"]' },
  { name: 'no signals', kinds: ['public'], make: () => '[]' },
  // circuit input (`prove --input`)
  { name: 'signal missing', kinds: ['input'], make: (g) => edited(g.input, (j) => void delete j.x) },
  { name: 'signal not decimal', kinds: ['input'], make: (g) => edited(g.input, (j) => void (j.publicInput = 'five')) },
  { name: 'signal array too short', kinds: ['input'], make: (g) => edited(g.input, (j) => void (j.x = ['5'])) },
  { name: 'signal an object', kinds: ['input'], make: (g) => edited(g.input, (j) => void (j.x = { a: '5' })) },
  { name: 'signal = r', kinds: ['input'], make: (g) => edited(g.input, (j) => void (j.publicInput = R)) },
  { name: 'unknown signal', kinds: ['input'], make: (g) => edited(g.input, (j) => void (j.y = '1')) },
  { name: 'inputs that break a constraint', kinds: ['input'], make: (g) => edited(g.input, (j) => void (j.publicInput = '6')) },
];

const ALL_VARIANTS: readonly FileVariant[] = [...GENERIC_VARIANTS, ...VERSION_VARIANTS, ...FIELD_VARIANTS];

/** The variant names that apply to `kind`. */
function variantsOf(kind: FileKind): string[] {
  return ALL_VARIANTS.filter((v) => v.kinds === undefined || v.kinds.includes(kind)).map((v) => v.name);
}


/** The paths of a fuzz work directory. */
export class FuzzPaths {
  constructor(
    /** The work directory: every input and output path of the corpus is inside it. */
    readonly root: string,
    /** A valid artifact directory of the default batch circuit (outside the work dir, never written). */
    readonly batchArtifacts: string,
  ) {}

  /** A valid input file of `kind`. */
  good(kind: FileKind): string {
    return join(this.root, 'good', `${kind}.json`);
  }

  /** The `variant` of a file of `kind`. */
  bad(kind: FileKind, variant: string): string {
    return join(this.root, 'bad', `${kind}.${variant.replace(/[^a-zA-Z0-9^=]+/g, '-')}.json`);
  }

  /** A file the fixture batch wrote (`state`: the state after it, batch count 1). */
  built(kind: 'state'): string {
    return join(this.root, 'good', 'built', `${kind}.json`);
  }

  /** A name in an existing, empty directory: where a command would write if it succeeded. */
  fresh(name: string): string {
    return join(this.root, 'out', name);
  }

  /** A path inside a directory that does not exist. */
  get inMissingDir(): string {
    return join(this.root, 'no-such-dir', 'file.json');
  }

  /** An existing directory, where a file is expected. */
  get aDirectory(): string {
    return join(this.root, 'out', 'a-directory');
  }

  /** The valid (ceremony) artifact directory of the toy circuit. */
  get artifacts(): string {
    return join(this.root, 'good', 'artifacts');
  }

  /** A broken artifact directory. */
  badArtifacts(variant: string): string {
    return join(this.root, 'bad', `artifacts.${variant.replace(/[^a-zA-Z0-9]+/g, '-')}`);
  }

  /** The toy circuit's r1cs, wasm and ptau inside the work dir. */
  circuitFile(name: 'circuit.r1cs' | 'circuit.wasm' | 'tiny.ptau'): string {
    return join(this.root, 'good', name);
  }

  /** A broken circuit input file (`r1cs`, `wasm` or `ptau`). */
  badCircuitFile(kind: 'r1cs' | 'wasm' | 'ptau', variant: string): string {
    return join(this.root, 'bad', `${kind}.${variant.replace(/[^a-zA-Z0-9]+/g, '-')}`);
  }
}

/** Writes content at `path` as a file, a directory, or nothing. */
async function materialize(path: string, content: VariantContent): Promise<void> {
  if (typeof content === 'string' || Buffer.isBuffer(content)) await writeFile(path, content);
  else if ('directory' in content) await mkdir(path, { recursive: true });
}

/** Writes every file variant of every kind, made from the valid files already in `paths.good`. */
export async function writeFileVariants(paths: FuzzPaths): Promise<void> {
  await mkdir(join(paths.root, 'bad'), { recursive: true });
  const good = Object.fromEntries(await Promise.all(FILE_KINDS.map(async (k) => [k, await readFile(paths.good(k), 'utf8')] as const))) as Record<FileKind, string>;
  for (const kind of FILE_KINDS) {
    for (const variant of ALL_VARIANTS.filter((v) => v.kinds === undefined || v.kinds.includes(kind))) {
      await materialize(paths.bad(kind, variant.name), variant.make(good, kind));
    }
  }
}

/** Broken artifact directories (each one thing wrong with a copy of the valid one). */
const ARTIFACT_VARIANTS = [
  'missing', 'a file', 'empty directory', 'manifest not JSON', 'manifest null', 'manifest version 2', 'manifest only', 'zkey tampered', 'vkey deleted',
] as const;

/** Broken r1cs / wasm / ptau inputs of `zkr setup`. */
const CIRCUIT_FILE_VARIANTS = ['missing', 'directory', 'empty', 'garbage', 'truncated', 'another format'] as const;

/** Writes the broken artifact directories and circuit files from the valid ones. */
export async function writeArtifactVariants(paths: FuzzPaths): Promise<void> {
  const files = ['manifest.json', 'circuit.r1cs', 'circuit.wasm', 'circuit.zkey', 'vkey.json', 'Verifier.sol'];
  const copy = async (dir: string, skip: readonly string[] = []): Promise<void> => {
    await mkdir(dir, { recursive: true });
    for (const f of files.filter((name) => !skip.includes(name))) await writeFile(join(dir, f), await readFile(join(paths.artifacts, f)));
  };
  const manifest = JSON.parse(await readFile(join(paths.artifacts, 'manifest.json'), 'utf8')) as Json;
  await writeFile(paths.badArtifacts('a file'), 'not a directory\n');
  await mkdir(paths.badArtifacts('empty directory'), { recursive: true });
  await copy(paths.badArtifacts('manifest not JSON'), ['manifest.json']);
  await writeFile(join(paths.badArtifacts('manifest not JSON'), 'manifest.json'), '{"version": 1,\n');
  await copy(paths.badArtifacts('manifest null'), ['manifest.json']);
  await writeFile(join(paths.badArtifacts('manifest null'), 'manifest.json'), 'null');
  await copy(paths.badArtifacts('manifest version 2'), ['manifest.json']);
  await writeFile(join(paths.badArtifacts('manifest version 2'), 'manifest.json'), JSON.stringify({ ...manifest, version: 2 }));
  await mkdir(paths.badArtifacts('manifest only'), { recursive: true });
  await writeFile(join(paths.badArtifacts('manifest only'), 'manifest.json'), JSON.stringify(manifest));
  await copy(paths.badArtifacts('zkey tampered'));
  const zkey = await readFile(join(paths.artifacts, 'circuit.zkey'));
  zkey[zkey.length - 100] ^= 0xff;
  await writeFile(join(paths.badArtifacts('zkey tampered'), 'circuit.zkey'), zkey);
  await copy(paths.badArtifacts('vkey deleted'), ['vkey.json']);

  const sources = { r1cs: paths.circuitFile('circuit.r1cs'), wasm: paths.circuitFile('circuit.wasm'), ptau: paths.circuitFile('tiny.ptau') };
  const other = { r1cs: sources.wasm, wasm: sources.ptau, ptau: sources.r1cs };
  for (const kind of ['r1cs', 'wasm', 'ptau'] as const) {
    const valid = await readFile(sources[kind]);
    await mkdir(paths.badCircuitFile(kind, 'directory'), { recursive: true });
    await writeFile(paths.badCircuitFile(kind, 'empty'), '');
    await writeFile(paths.badCircuitFile(kind, 'garbage'), 'not a circuit file\n');
    await writeFile(paths.badCircuitFile(kind, 'truncated'), valid.subarray(0, Math.min(100, valid.length >> 1)));
    await writeFile(paths.badCircuitFile(kind, 'another format'), await readFile(other[kind]));
  }
}

/** Circuit-input variants that parse, so `prove` loads the keys and fails at the witness (~2 s each); left out but for one. */
const SLOW_INPUT_VARIANTS: readonly string[] = ['JSON empty object', 'signal missing', 'signal array too short', 'signal = r', 'unknown signal'];

/** Flag values that are not decimal integers (or are out of every range). */
const BAD_INTEGERS = ['-1', '9'.repeat(80), '0x10', '0xZZ', '', '1e3', '0x', ' 1', '1 ', '1.5', '+1', '08', 'NaN', 'Infinity', '\uFF11'] as const;
/** A shorter list for the flags beyond the first few. */
const SOME_BAD_INTEGERS = ['-1', '9'.repeat(80), '0x10', '', '1e3'] as const;
/** Values of an address flag that are not 0x and 40 hex digits. */
const BAD_ADDRESSES = ['', '0x', '0x1234', 'ab'.repeat(20), `0x${'ab'.repeat(20)}00`, `0x${'zz'.repeat(20)}`, `0X${'ab'.repeat(20)}`, ` 0x${'ab'.repeat(20)}`, '1'] as const;

/** A valid, non-zero L1 address for the flags that take one. */
const ADDRESS = `0x${'11'.repeat(20)}`;

/** A command's valid arguments, with the names of its required flags. */
interface CommandBase {
  readonly name: string;
  readonly args: readonly string[];
  readonly required: readonly string[];
}

/** `args` with `flag`'s value replaced by `value` (or the flag added with it). */
function withFlag(args: readonly string[], flag: string, value: string): string[] {
  const at = args.indexOf(flag);
  if (at < 0) return [...args, flag, value];
  return [...args.slice(0, at + 1), value, ...args.slice(at + 2)];
}

/** `args` without `flag` and its value. */
function withoutFlag(args: readonly string[], flag: string): string[] {
  const at = args.indexOf(flag);
  return [...args.slice(0, at), ...args.slice(at + 2)];
}

/**
 * Every case of the corpus, for a work directory laid out by `paths`. Commands that read a state,
 * key, transfers, accounts or batch file build the Poseidon/EdDSA suite first (about 0.5 s), so
 * those readers get the variants that reach their own checks; every generic variant goes through
 * the readers that need no suite (proof, public signals, deployment, circuit input).
 */
export function fuzzCases(paths: FuzzPaths): FuzzCase[] {
  const p = paths;
  const bases: Record<string, CommandBase> = {
    keygen: { name: 'keygen', args: ['keygen', '--out', p.fresh('key.json')], required: [] },
    genesis: {
      name: 'genesis',
      args: ['genesis', '--depth', '8', '--generate', '2', '--domain', '7', '--out', p.fresh('state.json'), '--keys-out', p.fresh('keys.json')],
      required: ['--depth', '--out'],
    },
    genesisAccounts: { name: 'genesis --accounts', args: ['genesis', '--depth', '8', '--accounts', p.good('accounts'), '--domain', '7', '--out', p.fresh('state.json')], required: [] },
    txSign: {
      name: 'tx sign',
      args: ['tx', 'sign', '--key', p.good('keys'), '--from', '0', '--state', p.good('state'), '--to', '1', '--amount', '5', '--fee', '1', '--out', p.fresh('txs.json')],
      required: ['--key', '--state', '--to', '--amount', '--fee'],
    },
    stateRoot: { name: 'state root', args: ['state', 'root', '--state', p.good('state')], required: ['--state'] },
    stateAccount: { name: 'state account', args: ['state', 'account', '--state', p.good('state'), '--index', '0'], required: ['--state', '--index'] },
    batchBuild: {
      name: 'batch build',
      args: ['batch', 'build', '--state', p.good('state'), '--txs', p.good('transfers'), '--batch-size', '2', '--fee-recipient', '0', '--out', p.fresh('batch.json')],
      required: ['--state', '--txs', '--batch-size', '--fee-recipient', '--out'],
    },
    circuitCompile: { name: 'circuit compile', args: ['circuit', 'compile', '--depth', '8', '--batch-size', '2'], required: [] },
    witness: { name: 'witness', args: ['witness', '--batch', p.good('batch'), '--out', p.fresh('batch.wtns')], required: ['--batch', '--out'] },
    setup: {
      name: 'setup',
      args: ['setup', '--r1cs', p.circuitFile('circuit.r1cs'), '--wasm', p.circuitFile('circuit.wasm'), '--circuit-name', 'toy', '--ptau', p.circuitFile('tiny.ptau'), '--out', p.fresh('artifacts')],
      required: [],
    },
    setupDev: {
      name: 'setup --dev',
      args: ['setup', '--r1cs', p.circuitFile('circuit.r1cs'), '--wasm', p.circuitFile('circuit.wasm'), '--circuit-name', 'toy', '--dev', '--out', p.fresh('artifacts')],
      required: [],
    },
    setupBatch: { name: 'setup --depth', args: ['setup', '--depth', '8', '--batch-size', '2', '--dev', '--out', p.fresh('artifacts')], required: [] },
    setupContribute: { name: 'setup contribute', args: ['setup', 'contribute', '--dir', p.badArtifacts('manifest only'), '--name', 'fuzz'], required: ['--dir', '--name'] },
    setupVerify: { name: 'setup verify', args: ['setup', 'verify', '--dir', p.artifacts], required: ['--dir'] },
    prove: { name: 'prove', args: ['prove', '--artifacts', p.artifacts, '--input', p.good('input'), '--out', p.fresh('proof.json')], required: ['--artifacts', '--out'] },
    proveBatch: { name: 'prove --batch', args: ['prove', '--artifacts', p.artifacts, '--batch', p.good('batch'), '--out', p.fresh('proof.json')], required: [] },
    verify: { name: 'verify', args: ['verify', '--artifacts', p.artifacts, '--proof', p.good('proof'), '--public', p.good('public')], required: ['--artifacts', '--proof'] },
    deploy: { name: 'deploy', args: ['deploy', '--artifacts', p.batchArtifacts, '--state', p.good('state'), '--out', p.fresh('deployment.json')], required: ['--artifacts', '--state', '--out'] },
    submit: {
      name: 'submit',
      args: ['submit', '--deployment', p.good('deployment'), '--batch', p.good('batch'), '--proof', p.good('proof'), '--rpc-timeout', '500'],
      required: ['--deployment', '--batch', '--proof'],
    },
    demo: { name: 'demo', args: ['demo', '--batches', '2'], required: [] },
    txWithdraw: {
      name: 'tx withdraw',
      args: ['tx', 'withdraw', '--key', p.good('keys'), '--from', '0', '--state', p.good('state'), '--address', ADDRESS, '--amount', '5', '--fee', '1', '--out', p.fresh('withdrawals.json')],
      required: ['--key', '--state', '--address', '--amount', '--fee'],
    },
    deposit: { name: 'deposit', args: ['deposit', '--deployment', p.good('deployment'), '--key', p.good('key'), '--amount', '5', '--rpc-timeout', '500'], required: ['--deployment', '--amount'] },
    exitRequest: { name: 'exit request', args: ['exit', 'request', '--deployment', p.good('deployment'), '--index', '0', '--rpc-timeout', '500'], required: ['--deployment', '--index'] },
    queue: { name: 'queue', args: ['queue', '--deployment', p.good('deployment'), '-o', p.fresh('queue.json'), '--rpc-timeout', '500'], required: ['--deployment'] },
    claim: { name: 'claim', args: ['claim', '--deployment', p.good('deployment'), '--rpc-timeout', '500'], required: ['--deployment'] },
    balance: { name: 'balance', args: ['balance', '--deployment', p.good('deployment'), '--state', p.good('state'), '--index', '0', '--rpc-timeout', '500'], required: ['--deployment'] },
    exodusActivate: { name: 'exodus activate', args: ['exodus', 'activate', '--deployment', p.good('deployment'), '--rpc-timeout', '500'], required: ['--deployment'] },
    exodusWithdraw: {
      name: 'exodus withdraw',
      args: ['exodus', 'withdraw', '--deployment', p.good('deployment'), '--state', p.good('state'), '--index', '0', '--rpc-timeout', '500'],
      required: ['--deployment', '--state', '--index'],
    },
    exodusRefund: { name: 'exodus refund', args: ['exodus', 'refund', '--deployment', p.good('deployment'), '--position', '0', '--rpc-timeout', '500'], required: ['--deployment', '--position'] },
    status: {
      name: 'status',
      args: ['status', '--deployment', p.good('deployment'), '--state', p.good('state'), '--rpc-timeout', '500'],
      required: ['--deployment'],
    },
  };
  const cases: FuzzCase[] = [];
  const add = (name: string, args: readonly string[], exit: ExpectedExit): void => void cases.push({ name, args, exit });
  const b = bases;

  // Usage: unknown flags, missing required flags, a flag without its value, stray arguments, unknown commands.
  for (const base of Object.values(bases)) {
    add(`${base.name}: unknown flag --bogus`, [...base.args, '--bogus'], 2);
    add(`${base.name}: stray positional argument`, [...base.args, 'stray'], 2);
    for (const flag of base.required) add(`${base.name}: missing required ${flag}`, withoutFlag(base.args, flag), 2);
  }
  add('genesis: misspelled flag --dept (commander suggests --depth)', ['genesis', '--dept', '8', '--out', p.fresh('state.json')], 2);
  add('state root: --state without its value', ['state', 'root', '--state'], 2);
  add('tx sign: --amount without its value', [...withoutFlag(b.txSign.args, '--amount'), '--amount'], 2);
  add('unknown command', ['bogus'], 2);
  add('unknown subcommand of state', ['state', 'bogus', '--state', p.good('state')], 2);
  add('unknown global flag', ['--bogus', 'state', 'root', '--state', p.good('state')], 2);

  // Flag values checked before any file is read: every bad integer, or a few.
  const cheapFlags: [CommandBase, string, readonly string[]][] = [
    [b.genesis, '--depth', BAD_INTEGERS],
    [b.circuitCompile, '--depth', BAD_INTEGERS],
    [b.demo, '--batches', BAD_INTEGERS],
    [b.prove, '--threads', BAD_INTEGERS],
    [b.genesis, '--balance', SOME_BAD_INTEGERS],
    [b.genesis, '--domain', SOME_BAD_INTEGERS],
    [b.circuitCompile, '--batch-size', SOME_BAD_INTEGERS],
    [b.demo, '--depth', SOME_BAD_INTEGERS],
    [b.demo, '--batch-size', SOME_BAD_INTEGERS],
    [b.setupDev, '--threads', SOME_BAD_INTEGERS],
    [b.setupBatch, '--depth', SOME_BAD_INTEGERS],
    [b.setupBatch, '--batch-size', SOME_BAD_INTEGERS],
    [b.deploy, '--batch-size', SOME_BAD_INTEGERS],
    [b.genesis, '--owner', BAD_ADDRESSES],
    [b.genesis, '--queue-positions', [...SOME_BAD_INTEGERS, '0', '65']],
    [b.genesis, '--withdrawal-positions', [...SOME_BAD_INTEGERS, '0', '65']],
    [b.deploy, '--unit', [...SOME_BAD_INTEGERS, '0', (2n ** 128n).toString()]],
    [b.deploy, '--exodus-delay', [...SOME_BAD_INTEGERS, '0', String(2 ** 32)]],
    [b.deploy, '--token', [...BAD_ADDRESSES, `0x${'0'.repeat(40)}`]],
    [b.deposit, '--amount', ['-1', '1e3', '18446744073709551616', '17179869185']],
    [b.queue, '--from', SOME_BAD_INTEGERS],
    [b.exodusRefund, '--position', SOME_BAD_INTEGERS],
    [b.balance, '--address', BAD_ADDRESSES],
    [b.status, '--address', ['0x1234']],
  ];
  for (const [base, flag, values] of cheapFlags) {
    for (const value of values) add(`${base.name}: ${flag} ${JSON.stringify(value)}`, withFlag(base.args, flag, value), 2);
  }
  const genesisChain = [...withoutFlag(b.genesis.args, '--domain'), '--rollup', '0x5FbDB2315678afecb367f032d93F642f64180aa3'];
  for (const value of SOME_BAD_INTEGERS) add(`genesis: --chain-id ${JSON.stringify(value)}`, [...genesisChain, '--chain-id', value], 2);
  for (const value of ['9', '64', '-1', '1e3']) add(`setup: --beacon-iterations ${JSON.stringify(value)}`, [...b.setup.args, '--beacon', '0102', '--beacon-iterations', value], 2);
  add('genesis: --depth 0', withFlag(b.genesis.args, '--depth', '0'), 2);
  add('genesis: --depth 33', withFlag(b.genesis.args, '--depth', '33'), 2);
  add('genesis: --depth 7 (odd)', withFlag(b.genesis.args, '--depth', '7'), 2);
  add('genesis: --depth 1 (odd, below the minimum 2)', withFlag(b.genesis.args, '--depth', '1'), 2);
  add('circuit compile: --depth 7 (odd)', withFlag(b.circuitCompile.args, '--depth', '7'), 2);
  add('setup: --depth 9 (odd)', withFlag(b.setupBatch.args, '--depth', '9'), 2);
  add('demo: --depth 5 (odd)', [...b.demo.args, '--depth', '5'], 2);
  add('genesis --accounts: --owner not an address', [...b.genesisAccounts.args, '--owner', '0x12'], 2);
  add('genesis: --domain = r', withFlag(b.genesis.args, '--domain', R), 2);
  add('genesis: --balance 2^64', withFlag(b.genesis.args, '--balance', '18446744073709551616'), 2);
  add('genesis: --domain with --chain-id', [...b.genesis.args, '--chain-id', '1', '--rollup', '0x5FbDB2315678afecb367f032d93F642f64180aa3'], 2);
  add('genesis: --chain-id without --rollup', [...withoutFlag(b.genesis.args, '--domain'), '--chain-id', '1'], 2);
  add('genesis: --rollup not an address', [...genesisChain, '--chain-id', '1'].map((a) => (a.startsWith('0x5Fb') ? '0x1234' : a)), 2);
  add('genesis: --accounts with --generate', [...b.genesis.args, '--accounts', p.good('accounts')], 2);
  add('tx sign: both --out and --append', [...b.txSign.args, '--append', p.fresh('more.json')], 2);
  add('tx sign: neither --out nor --append', withoutFlag(b.txSign.args, '--out'), 2);
  add('circuit compile: --depth 0', withFlag(b.circuitCompile.args, '--depth', '0'), 2);
  add(`circuit compile: --batch-size ${MAX_BATCH_SIZE + 1} (one over the maximum)`, withFlag(b.circuitCompile.args, '--batch-size', String(MAX_BATCH_SIZE + 1)), 2);
  add('setup: both --dev and --ptau', [...b.setup.args, '--dev'], 2);
  add('setup: neither --dev nor --ptau', withoutFlag(b.setup.args, '--ptau'), 2);
  add('setup: --depth without --batch-size', withoutFlag(b.setupBatch.args, '--batch-size'), 2);
  add('setup: --r1cs without --wasm', withoutFlag(b.setup.args, '--wasm'), 2);
  add('setup: --depth with --r1cs', [...b.setup.args, '--depth', '8'], 2);
  add('setup: --beacon not hex', [...b.setup.args, '--beacon', 'zz'], 2);
  add('prove: --engine bogus', [...b.prove.args, '--engine', 'bogus'], 2);
  add('prove: both --batch and --input', [...b.prove.args, '--batch', p.good('batch')], 2);
  add('prove: neither --batch nor --input', withoutFlag(b.prove.args, '--input'), 2);
  add('demo: --engine bogus', [...b.demo.args, '--engine', 'bogus'], 2);
  add('demo: --batches 0', withFlag(b.demo.args, '--batches', '0'), 2);
  add('demo: --batches 101', withFlag(b.demo.args, '--batches', '101'), 2);
  add('demo: --batches 1 (the withdrawal needs a second batch)', withFlag(b.demo.args, '--batches', '1'), 2);
  add('demo: --depth 33', [...b.demo.args, '--depth', '33'], 2);
  add('deposit: both --key and --to', [...b.deposit.args, '--to', '0'], 2);
  add('deposit: neither --key nor --to', withoutFlag(b.deposit.args, '--key'), 2);
  add('deposit: --to outside the tree', [...withoutFlag(b.deposit.args, '--key'), '--to', '256'], 2);
  add('exit request: --index outside the tree', withFlag(b.exitRequest.args, '--index', '256'), 2);
  add('exit request: --index 1e3', withFlag(b.exitRequest.args, '--index', '1e3'), 2);
  add('balance: --state without --index', withoutFlag(b.balance.args, '--index'), 2);
  add('balance: --index without --state', withoutFlag(b.balance.args, '--state'), 2);
  add('balance: --index outside the tree', withFlag(b.balance.args, '--index', '256'), 2);
  add('balance: no account at --index', withFlag(b.balance.args, '--index', '200'), 1);
  add('exodus withdraw: --index outside the tree', withFlag(b.exodusWithdraw.args, '--index', '256'), 2);
  add('exodus withdraw: no account at --index', withFlag(b.exodusWithdraw.args, '--index', '200'), 1);
  add('tx withdraw: both --out and --append', [...b.txWithdraw.args, '--append', p.fresh('more.json')], 2);
  add('tx withdraw: --address the zero address', withFlag(b.txWithdraw.args, '--address', `0x${'0'.repeat(40)}`), 2);
  add('tx withdraw: --amount 0', withFlag(b.txWithdraw.args, '--amount', '0'), 2);
  for (const value of BAD_ADDRESSES) add(`tx withdraw: --address ${JSON.stringify(value)}`, withFlag(b.txWithdraw.args, '--address', value), 2);
  for (const value of ['17179869185', '18446744073709551616']) add(`tx withdraw: --amount ${value}`, withFlag(b.txWithdraw.args, '--amount', value), 2);
  for (const value of ['16', '17', '-1']) add(`tx withdraw: --fee ${value}`, withFlag(b.txWithdraw.args, '--fee', value), 2);
  add('tx withdraw: --from not in the keyring', withFlag(b.txWithdraw.args, '--from', '200'), 2);
  for (const base of [b.deposit, b.exitRequest, b.queue, b.claim, b.balance, b.exodusActivate, b.exodusWithdraw, b.exodusRefund]) {
    add(`${base.name}: nothing listens at the deployment's RPC URL`, base.args, 1);
  }
  add('deploy: --batch-size once for two --artifacts', ['deploy', '--artifacts', p.batchArtifacts, p.batchArtifacts, '--batch-size', '2', '--state', p.good('state'), '--out', p.fresh('deployment.json')], 2);

  // Flag values checked after reading files with the suite: a few of each.
  const lateFlags: [CommandBase, string, readonly string[]][] = [
    [b.txSign, '--to', ['256']],
    [b.txSign, '--amount', ['18446744073709551616']],
    [b.txSign, '--fee', ['-1']],
    // Values in range that the slot's floats cannot hold exactly (docs/protocol.md §1.1): refused with the nearest values.
    [b.txSign, '--amount', ['17179869185', '123456789012345678', '18446744073709551615']],
    [b.txSign, '--fee', ['16', '17', '151', '1001', '18446744073709551615']],
    [b.status, '--rpc-timeout', ['0', '1e3']],
    [b.txSign, '--nonce', ['1e3']],
    [b.txSign, '--from', ['256', '200']], // outside the tree; inside it but not in the keyring
    [b.batchBuild, '--batch-size', ['0', '0x10', String(MAX_BATCH_SIZE + 1), '67108864']],
    [b.batchBuild, '--fee-recipient', ['4294967296']],
    [b.stateAccount, '--index', ['256']],
    [b.genesis, '--generate', ['1e3']],
    [b.deploy, '--confirmations', ['0']],
    [b.deploy, '--rpc-timeout', ['']],
    [b.submit, '--rpc-timeout', ['1e3']],
  ];
  for (const [base, flag, values] of lateFlags) {
    for (const value of values) add(`${base.name}: ${flag} ${JSON.stringify(value)}`, withFlag(base.args, flag, value), 2);
  }
  add('genesis: --generate more accounts than the tree holds', withFlag(withFlag(b.genesis.args, '--depth', '1'), '--generate', '3'), 2);
  add('genesis: --keys-out with --accounts', [...b.genesisAccounts.args, '--keys-out', p.fresh('keys.json')], 2);
  add('deploy: --private-key not hex', [...b.deploy.args, '--private-key', '0xzz'], 2);
  add('deploy --state: not a genesis (batch count 1)', withFlag(b.deploy.args, '--state', p.built('state')), 1);
  add('status: nothing listens at the deployment\'s RPC URL', b.status.args, 1);
  add('status --rpc: nothing listens', [...b.status.args, '--rpc', 'http://127.0.0.1:9'], 1);
  add('status --rpc: not a URL', [...b.status.args, '--rpc', 'not a url'], 1);

  // Input files.
  const readers: [string, FileKind, (file: string) => readonly string[], readonly string[]][] = [
    // No suite needed: every variant.
    ['verify --proof', 'proof', (f) => withFlag(b.verify.args, '--proof', f), variantsOf('proof')],
    ['verify --public', 'public', (f) => withFlag(b.verify.args, '--public', f), variantsOf('public')],
    ['submit --deployment', 'deployment', (f) => withFlag(b.submit.args, '--deployment', f), variantsOf('deployment')],
    ['status --deployment', 'deployment', (f) => withFlag(b.status.args, '--deployment', f), ['missing', 'JSON null', 'wrong kind', 'version 1', 'depth 7 (odd: the tree has arity 4)', 'rollup address too short']],
    ...[b.deposit, b.exitRequest, b.queue, b.claim, b.balance, b.exodusActivate, b.exodusWithdraw, b.exodusRefund].map(
      (base): [string, FileKind, (file: string) => readonly string[], readonly string[]] =>
        [`${base.name} --deployment`, 'deployment', (f) => withFlag(base.args, '--deployment', f), ['missing', 'truncated', 'version 2', 'wrong kind']],
    ),
    // Inputs that parse reach the witness after the keys are loaded (~2 s each): only one of those.
    ['prove --input', 'input', (f) => withFlag(b.prove.args, '--input', f), variantsOf('input').filter((v) => !SLOW_INPUT_VARIANTS.includes(v))],
    // With the suite: the variants that reach each reader's own checks.
    ['state root --state', 'state', (f) => withFlag(b.stateRoot.args, '--state', f), [
      'missing', 'JSON null', 'wrong kind', 'version 1', 'version 2', 'version 4', 'depth 33', 'depth 7 (odd: the tree has arity 4)', 'root not the accounts root', 'duplicate account index',
      'balance 2^64', 'public key not on the curve', 'batch count negative', 'batch count 2^32', 'no batch count', 'owner too short', 'owner of 41 digits',
      'owner without 0x', 'owner not hex', 'owner a number', 'no owner', 'owner edited (root no longer matches)',
    ]],
    ['tx sign --key', 'keys', (f) => withFlag(b.txSign.args, '--key', f), ['wrong kind', 'version 1', 'no keys', 'private key too short', 'public key of another private key']],
    ['tx sign --key (one key)', 'key', (f) => withFlag(b.txSign.args, '--key', f), ['JSON null', 'version 1', 'private key a number']],
    ['batch build --txs', 'transfers', (f) => withFlag(b.batchBuild.args, '--txs', f), ['truncated', 'version 1', 'transfers null', 'amount negative', 'amount 2^64', 'no signature', 'signature not decimal']],
    ['batch build --withdrawals', 'withdrawals', (f) => [...b.batchBuild.args, '--withdrawals', f], [
      'missing', 'truncated', 'wrong kind', 'version 2', 'withdrawals null', 'withdrawal address too short', 'withdrawal amount 2^64', 'withdrawal without signature',
    ]],
    ['batch build --queue', 'queue', (f) => [...b.batchBuild.args, '--queue', f], [
      'missing', 'truncated', 'wrong kind', 'version 2', 'operations null', 'operation kind 4', 'operation position negative', 'operation address too short', 'operation amount 2^64',
    ]],
    ['tx withdraw --key', 'keys', (f) => withFlag(b.txWithdraw.args, '--key', f), ['wrong kind', 'version 2']],
    ['tx withdraw --state', 'state', (f) => withFlag(b.txWithdraw.args, '--state', f), ['missing', 'version 2']],
    ['deposit --key', 'key', (f) => withFlag(b.deposit.args, '--key', f), ['missing', 'version 2', 'public key not on the curve']],
    ['exodus withdraw --state', 'state', (f) => withFlag(b.exodusWithdraw.args, '--state', f), ['missing', 'version 2', 'root not the accounts root']],
    ['balance --state', 'state', (f) => withFlag(b.balance.args, '--state', f), ['missing', 'version 2']],
    ['genesis --accounts', 'accounts', (f) => withFlag(b.genesisAccounts.args, '--accounts', f), [
      'wrong kind', 'version 1', 'balance 2^64', 'public key of one coordinate', 'owner too short', 'owner of 41 digits', 'owner without 0x', 'owner not hex', 'owner a number',
    ]],
    ['prove --batch', 'batch', (f) => withFlag(b.proveBatch.args, '--batch', f), [
      'JSON null', 'version 1', 'depth 33', 'depth 7 (odd: the tree has arity 4)', 'batch size 67108864', 'data hash edited', 'new state hash edited', 'old state hash edited',
      'batch number 0', 'batch number 2^32', 'batch number edited', 'batch data of the v1 length', 'batch data byte flipped', 'sibling level of two nodes',
      'sender after-balance edited', 'sender after-owner edited',
    ]],
    ['witness --batch', 'batch', (f) => withFlag(b.witness.args, '--batch', f), ['sender after-balance edited', 'version 1']],
    ['status --state', 'state', (f) => withFlag(b.status.args, '--state', f), ['missing', 'version 1', 'wrong kind']],
    ['state account --state', 'state', (f) => withFlag(b.stateAccount.args, '--state', f), ['directory']],
    ['batch build --state', 'state', (f) => withFlag(b.batchBuild.args, '--state', f), ['truncated']],
    ['deploy --state', 'state', (f) => withFlag(b.deploy.args, '--state', f), ['wrong kind', 'version 1']],
    ['submit --batch', 'batch', (f) => withFlag(b.submit.args, '--batch', f), ['JSON null']],
    ['submit --proof', 'proof', (f) => withFlag(b.submit.args, '--proof', f), ['truncated']],
    // The append target is read too (a missing one is created, so that is not a bad input).
    ['tx sign --append', 'transfers', (f) => [...withoutFlag(b.txSign.args, '--out'), '--append', f], ['directory']],
    ['tx withdraw --append', 'withdrawals', (f) => [...withoutFlag(b.txWithdraw.args, '--out'), '--append', f], ['directory', 'version 2']],
  ];
  for (const [reader, kind, args, variants] of readers) {
    for (const variant of variants) {
      if (!variantsOf(kind).includes(variant)) throw new Error(`fuzz corpus: no variant "${variant}" of ${kind} files`);
      add(`${reader}: ${kind} file ${variant}`, args(p.bad(kind, variant)), 1);
    }
  }
  add('--json verify --proof: file missing', ['--json', ...withFlag(b.verify.args, '--proof', p.bad('proof', 'missing'))], 1);
  add('--json submit --deployment: truncated', ['--json', ...withFlag(b.submit.args, '--deployment', p.bad('deployment', 'truncated'))], 1);

  // Artifact directories.
  const artifactReaders: [string, (dir: string) => readonly string[], readonly string[]][] = [
    ['prove --artifacts', (d) => withFlag(b.prove.args, '--artifacts', d), ARTIFACT_VARIANTS],
    ['verify --artifacts', (d) => withFlag(b.verify.args, '--artifacts', d), ARTIFACT_VARIANTS],
    ['setup verify --dir', (d) => withFlag(b.setupVerify.args, '--dir', d), ARTIFACT_VARIANTS],
    ['setup contribute --dir', (d) => withFlag(b.setupContribute.args, '--dir', d), ARTIFACT_VARIANTS],
    ['deploy --artifacts', (d) => withFlag(b.deploy.args, '--artifacts', d), ['missing', 'manifest null']],
  ];
  for (const [reader, args, variants] of artifactReaders) {
    for (const variant of variants) add(`${reader}: artifacts ${variant}`, args(p.badArtifacts(variant)), 1);
  }
  add('deploy --artifacts: a circuit that is not the batch circuit', withFlag(b.deploy.args, '--artifacts', p.artifacts), 1);

  // Circuit inputs of `zkr setup`.
  for (const kind of ['r1cs', 'wasm', 'ptau'] as const) {
    for (const variant of CIRCUIT_FILE_VARIANTS.filter((v) => kind !== 'wasm' || !['garbage', 'truncated'].includes(v))) add(`setup --${kind}: ${variant}`, withFlag(b.setup.args, `--${kind}`, p.badCircuitFile(kind, variant)), 1);
  }

  // Outputs: into a missing directory, onto a directory, onto an existing file.
  const outputs: [string, readonly string[], string, readonly ('missing dir' | 'directory')[]][] = [
    ['keygen --out', b.keygen.args, '--out', ['missing dir', 'directory']],
    ['genesis --out', b.genesis.args, '--out', ['missing dir', 'directory']],
    ['genesis --keys-out', b.genesis.args, '--keys-out', ['missing dir']],
    ['tx sign --out', b.txSign.args, '--out', ['directory']],
    ['batch build --out', b.batchBuild.args, '--out', ['directory']],
    ['batch build --state-out', [...b.batchBuild.args, '--state-out', p.fresh('state.json')], '--state-out', ['missing dir']],
    ['batch build --remaining-out', [...b.batchBuild.args, '--remaining-out', p.fresh('remaining.json')], '--remaining-out', ['directory']],
    ['witness --out', b.witness.args, '--out', ['missing dir', 'directory']],
    ['prove --out', b.prove.args, '--out', ['missing dir', 'directory']],
    ['prove --public', [...b.prove.args, '--public', p.fresh('public.json')], '--public', ['directory']],
    ['deploy --out', b.deploy.args, '--out', ['missing dir', 'directory']],
    ['deploy --state-out', [...b.deploy.args, '--state-out', p.fresh('state.json')], '--state-out', ['missing dir', 'directory']],
    ['tx withdraw --out', b.txWithdraw.args, '--out', ['directory']],
    ['queue -o', b.queue.args, '-o', ['missing dir', 'directory']],
  ];
  for (const [output, args, flag, targets] of outputs) {
    for (const target of targets) {
      add(`${output}: ${target === 'missing dir' ? 'into a missing directory' : 'onto a directory'}`, withFlag(args, flag, target === 'missing dir' ? p.inMissingDir : p.aDirectory), 1);
    }
  }
  add('keygen --out: onto an existing file', withFlag(b.keygen.args, '--out', p.good('key')), 1);
  add('genesis --out: onto an existing file', withFlag(b.genesis.args, '--out', p.good('state')), 1);
  add('setup --out: onto a file', withFlag(b.setup.args, '--out', p.good('state')), 1);
  add('circuit compile --cache-dir: a file', [...b.circuitCompile.args, '--cache-dir', p.good('state')], 1);
  add('deploy --rpc: nothing listens', [...b.deploy.args, '--rpc', 'http://127.0.0.1:9', '--rpc-timeout', '500'], 1);
  add('deploy --rpc: not a URL', [...b.deploy.args, '--rpc', 'not a url', '--rpc-timeout', '500'], 1);

  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate fuzz case name: ${c.name}`);
    names.add(c.name);
  }
  return cases;
}
