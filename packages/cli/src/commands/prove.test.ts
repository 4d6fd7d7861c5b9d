import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import { writeBatchFile } from '@zkr/state';
import { batchArtifacts, genesis, honestBatch, snarkjsCli } from '@zkr/test-helpers';
import { Cli } from '../cli';
import { register } from './prove';

/** Runs `zkr <args>` with only this command group; resolves to stdout, stderr and the error code. */
async function zkr(...args: string[]): Promise<{ stdout: string; stderr: string; code?: string; details?: Record<string, unknown> }> {
  let stdout = '';
  let stderr = '';
  const program = new Command('zkr').option('--json').exitOverride();
  register(program, new Cli({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, program));
  try {
    await program.parseAsync(['node', 'zkr', ...args]);
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, code: isZkrError(error) ? error.code : String(error), details: isZkrError(error) ? error.details : undefined };
  }
}

/** The one stderr line prove and verify print for the dev-mode artifacts these tests use. */
const devWarning = (dir: string): string =>
  `WARNING: DEVELOPMENT-ONLY KEYS in ${dir}: whoever ran the setup could forge proofs; never rely on them for anything of value.\n`;

let artifacts: string;
let work: string;

beforeAll(async () => {
  artifacts = await batchArtifacts(DEFAULT_INSTANCE);
  work = await mkdtemp(join(tmpdir(), 'zkr-cli-prove-'));
  const fx = await genesis(8, [{ index: 0, balance: 1000n }, { index: 1, balance: 500n }, { index: 2, balance: 0n }]);
  await writeBatchFile(join(work, 'batch.json'), honestBatch(fx, [{ from: 0, to: 1, amount: 10n, fee: 1n }], 2, 2));
  await writeBatchFile(join(work, 'small.json'), honestBatch(fx, [{ from: 0, to: 1, amount: 10n, fee: 1n }], 1, 2));
});

describe('zkr prove / zkr verify', () => {
  it('writes a proof that snarkjs and zkr verify, and rejects tampered public signals', async () => {
    const out = join(work, 'proof.json');
    const proved = await zkr('--json', 'prove', '--artifacts', artifacts, '--batch', join(work, 'batch.json'), '--out', out);
    expect(proved.code).toBeUndefined();
    expect(proved.stderr).toBe(devWarning(artifacts));
    const report = JSON.parse(proved.stdout) as { public: string; verified: boolean; calldata: { input: string[] } };
    expect([report.public, report.verified]).toEqual([join(work, 'public.json'), true]);
    expect(await snarkjsCli(['groth16', 'verify', join(artifacts, 'vkey.json'), report.public, out])).toContain('OK!');
    const verified = await zkr('verify', '--artifacts', artifacts, '--proof', out);
    expect([verified.stdout, verified.stderr]).toEqual([`OK: ${out} verifies\n`, devWarning(artifacts)]);
    expect(JSON.parse((await zkr('--json', 'verify', '--artifacts', artifacts, '--proof', out)).stdout)).toMatchObject({ valid: true });

    const signals = JSON.parse(await readFile(report.public, 'utf8')) as string[];
    expect(report.calldata.input).toEqual(signals);
    const tampered = join(work, 'tampered.json');
    expect(signals).toHaveLength(4); // [newStateHash, dataHash, oldQueueHash, newQueueHash] (docs/protocol.md §7)
    // A changed queue hash (here: claiming a consumed L1 operation) fails like a changed data hash.
    await writeFile(tampered, JSON.stringify([signals[0], signals[1], signals[2], String(BigInt(signals[3]!) + 1n)]));
    expect((await zkr('verify', '--artifacts', artifacts, '--proof', out, '--public', tampered)).code).toBe('PROOF_INVALID');
    await writeFile(tampered, JSON.stringify([signals[0], String(BigInt(signals[1]!) + 1n), signals[2], signals[3]]));
    expect((await zkr('verify', '--artifacts', artifacts, '--proof', out, '--public', tampered)).code).toBe('PROOF_INVALID');
    const rejected = await zkr('--json', 'verify', '--artifacts', artifacts, '--proof', out, '--public', tampered);
    expect([rejected.code, JSON.parse(rejected.stdout), rejected.stderr]).toEqual(['PROOF_INVALID', { valid: false, proof: out, public: tampered }, devWarning(artifacts)]);
  });

  it('proves with a corrupted circuit.r1cs (proving does not read it), refuses a corrupted zkey, and --no-verify skips verification', async () => {
    const copy = join(work, 'artifacts-copy');
    await cp(artifacts, copy, { recursive: true });
    const flip = async (name: string): Promise<Buffer> => {
      const original = await readFile(join(copy, name));
      const flipped = Buffer.from(original);
      flipped[flipped.length - 1] ^= 1;
      await writeFile(join(copy, name), flipped);
      return original;
    };
    await flip('circuit.r1cs');
    const out = join(work, 'unverified-proof.json');
    const pub = join(work, 'unverified-public.json');
    const proved = await zkr('--json', 'prove', '--artifacts', copy, '--batch', join(work, 'batch.json'), '--out', out, '--public', pub, '--no-verify');
    expect(proved.code).toBeUndefined();
    expect(JSON.parse(proved.stdout)).toMatchObject({ proof: out, public: pub, verified: false });
    expect(await snarkjsCli(['groth16', 'verify', join(copy, 'vkey.json'), pub, out])).toContain('OK!');

    await flip('circuit.zkey');
    const refusedOut = join(work, 'corrupt-zkey-proof.json');
    const refused = await zkr('prove', '--artifacts', copy, '--batch', join(work, 'batch.json'), '--out', refusedOut, '--no-verify');
    expect([refused.code, refused.details]).toEqual(['ARTIFACTS_CORRUPT', expect.objectContaining({ why: 'circuit.zkey does not match its SHA-256 in manifest.json' })]);
    expect(existsSync(refusedOut)).toBe(false);
  });

  it('writes nothing for a batch of another size, an unknown engine or a missing artifact dir', async () => {
    const out = join(work, 'none-proof.json');
    expect((await zkr('prove', '--artifacts', artifacts, '--batch', join(work, 'small.json'), '--out', out)).code).toBe('INSTANCE_MISMATCH');
    expect((await zkr('prove', '--artifacts', artifacts, '--batch', join(work, 'batch.json'), '--out', out, '--engine', 'fast')).code).toBe('INVALID_ARGUMENT');
    expect((await zkr('prove', '--artifacts', join(work, 'nothing'), '--batch', join(work, 'batch.json'), '--out', out)).code).toBe('ARTIFACTS_MISSING');
    expect(existsSync(out)).toBe(false);
  });

  it('checks --out and --public before loading the artifacts or proving: FILE_UNWRITABLE naming the flag', async () => {
    const batch = join(work, 'batch.json');
    await mkdir(join(work, 'a-dir'), { recursive: true });
    // A missing artifact dir would be ARTIFACTS_MISSING: FILE_UNWRITABLE shows the outputs are checked first.
    const nothing = join(work, 'nothing');
    const cases: [string[], string][] = [
      [['--out', join(work, 'missing-dir', 'proof.json')], '--out'],
      [['--out', join(work, 'a-dir')], '--out'],
      [['--out', join(work, 'batch.json', 'proof.json')], '--out'],
      [['--out', join(work, 'p.json'), '--public', join(work, 'missing-dir', 'public.json')], '--public'],
      [['--out', join(work, 'p.json'), '--public', join(work, 'a-dir')], '--public'],
      [['--out', join(work, 'missing-dir', 'proof.json'), '--public', join(work, 'pub.json')], '--out'],
    ];
    for (const [outputs, field] of cases) {
      const failed = await zkr('prove', '--artifacts', nothing, '--batch', batch, ...outputs);
      expect([outputs, failed.code, failed.details]).toEqual([outputs, 'FILE_UNWRITABLE', expect.objectContaining({ field })]);
    }
    // The default --public (public.json beside --out) is checked too.
    await mkdir(join(work, 'pub-is-dir', 'public.json'), { recursive: true });
    const shadowed = await zkr('prove', '--artifacts', nothing, '--batch', batch, '--out', join(work, 'pub-is-dir', 'proof.json'));
    expect([shadowed.code, shadowed.details]).toEqual(['FILE_UNWRITABLE', expect.objectContaining({ field: '--public' })]);
    expect(existsSync(join(work, 'p.json'))).toBe(false);
  });
});
