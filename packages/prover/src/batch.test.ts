import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import { batchArtifacts, genesis, honestBatch, REPO_ROOT } from '@zkr/test-helpers';
import { toSolidityCalldata } from './proof';
import { Prover } from './prover';

const run = promisify(execFile);
const INSTANCE = DEFAULT_INSTANCE;

let dir: string;
let prover: Prover;

beforeAll(async () => {
  dir = await batchArtifacts(INSTANCE);
  prover = await Prover.fromArtifacts(dir, { engine: 'zkr' });
});

afterAll(async () => prover?.close());

async function batches() {
  const fx = await genesis(INSTANCE.depth, [
    { index: 0, balance: 10n ** 12n },
    { index: 1, balance: 500n },
    { index: 2, balance: 0n },
  ]);
  return {
    good: honestBatch(fx, [{ from: 0, to: 1, amount: 25n * 10n ** 9n, fee: 1n }, { from: 1, to: 0, amount: 3n, fee: 20n }], INSTANCE.batchSize, 2),
    small: honestBatch(fx, [{ from: 0, to: 1, amount: 10n, fee: 1n }], 1, 2),
  };
}

describe('Prover on the batch circuit (depth 8, size 2)', () => {
  it('proves a batch so that snarkjs verifies it, with the public inputs [newStateHash, dataHash, oldQueueHash, newQueueHash] (§7)', async () => {
    const { good } = await batches();
    const result = await prover.prove(good);
    const inputs = [good.newStateHash, good.dataHash, good.oldQueueHash, good.newQueueHash];
    expect(result.publicSignals).toEqual(inputs.map(String));
    expect(toSolidityCalldata(result.proof, result.publicSignals).input).toEqual(inputs);
    expect(await prover.verify(result.proof, result.publicSignals)).toBe(true);
    expect(await prover.verify(result.proof, [result.publicSignals[0], (good.dataHash ^ 1n).toString(), ...result.publicSignals.slice(2)])).toBe(false);
    const out = await mkdtemp(join(tmpdir(), 'zkr-batch-'));
    await writeFile(join(out, 'proof.json'), JSON.stringify(result.proof));
    await writeFile(join(out, 'public.json'), JSON.stringify(result.publicSignals));
    const { stdout } = await run('npx', ['snarkjs', 'groth16', 'verify', join(dir, 'vkey.json'), join(out, 'public.json'), join(out, 'proof.json')], { cwd: REPO_ROOT });
    expect(stdout).toContain('OK!');
  });

  it('proves the same batch on the native engine: same public signals, verified by snarkjs', async () => {
    const { good } = await batches();
    const native = await Prover.fromArtifacts(dir, { engine: 'native' });
    try {
      expect(native.engineName).toBe('native');
      const result = await native.prove(good);
      expect(result.publicSignals).toEqual([good.newStateHash, good.dataHash, good.oldQueueHash, good.newQueueHash].map(String));
      expect(await prover.verify(result.proof, result.publicSignals)).toBe(true);
      expect(await prover.verify(result.proof, [(good.newStateHash ^ 1n).toString(), ...result.publicSignals.slice(1)])).toBe(false);
    } finally {
      await native.close();
    }
  });

  it('refuses an artifact directory whose zkey was modified, before proving anything', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'zkr-artifacts-'));
    await cp(dir, copy, { recursive: true });
    const zkey = await readFile(join(copy, 'circuit.zkey'));
    zkey[zkey.length - 1000] ^= 1; // one bit inside the H points
    await writeFile(join(copy, 'circuit.zkey'), zkey);
    const error = await Prover.fromArtifacts(copy).catch((e: unknown) => e);
    expect(isZkrError(error) ? error.code : error).toBe('ARTIFACTS_CORRUPT');
  });

  it('rejects a batch built for another batch size', async () => {
    const { small } = await batches();
    const error = await prover.prove(small).catch((e: unknown) => e);
    expect(isZkrError(error) ? error.code : error).toBe('INSTANCE_MISMATCH');
  });
});
