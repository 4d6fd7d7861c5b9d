import { copyFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contribute, setupArtifacts, verifyArtifacts } from './artifacts';
import { errorCode, snarkjsCli, tinyPtau, toyCircuit } from '@zkr/test-helpers';

describe('ceremony path', () => {
  let root: string;
  let ptau: string;
  let small: { r1csPath: string; wasmPath: string };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zkr-setup-cer-'));
    ptau = await tinyPtau(8);
    small = await toyCircuit(20, { outputs: 1 });
  });

  it('runs phase 2 with contributions and a beacon, verifies against r1cs + ptau, accepts later contributions', async () => {
    const outDir = join(root, 'a');
    const manifest = await setupArtifacts({
      ...small,
      circuit: { name: 'chain' },
      outDir,
      mode: { kind: 'ceremony', ptauPath: ptau, contributions: [{ name: 'alice', entropy: 'alice entropy' }], beacon: { hash: 'ab'.repeat(32), iterationsExp: 10 } },
    });
    expect(manifest).toMatchObject({ developmentOnly: false, setup: { kind: 'ceremony', power: 8, ptau: { power: 8, file: ptau } } });
    if (manifest.setup.kind !== 'ceremony') throw new Error('unreachable');
    expect(manifest.setup.contributions.map((c) => c.name)).toEqual(['alice']);
    expect(manifest.setup.beacon?.iterationsExp).toBe(10);
    expect(await verifyArtifacts(outDir)).toEqual({ kind: 'ceremony', developmentOnly: false, csHash: manifest.setup.csHash, contributions: 2, ptauVerified: true });

    const after = await contribute(outDir, { name: 'bob' });
    expect(after.setup.contributions.map((c) => c.name)).toEqual(['alice', 'bob']);
    expect(after.files.zkey).not.toBe(manifest.files.zkey);
    expect(after.files.vkey).not.toBe(manifest.files.vkey);
    expect((await verifyArtifacts(outDir, { ptauPath: ptau })).contributions).toBe(3);

    await writeFile(join(root, 'in.json'), JSON.stringify({ publicInput: '36', x: ['4', '9'] }));
    await snarkjsCli(['groth16', 'fullprove', join(root, 'in.json'), join(outDir, 'circuit.wasm'), join(outDir, 'circuit.zkey'), join(root, 'p.json'), join(root, 'pub.json')]);
    expect(await snarkjsCli(['groth16', 'verify', join(outDir, 'vkey.json'), join(root, 'pub.json'), join(root, 'p.json')])).toContain('OK!');

    const otherPtau = await tinyPtau(7);
    expect(await errorCode(verifyArtifacts(outDir, { ptauPath: otherPtau }))).toBe('PTAU_MISMATCH');
    await writeFile(join(outDir, 'vkey.json'), (await readFile(join(outDir, 'vkey.json'), 'utf8')).replace('"nPublic": 2', '"nPublic": 3'));
    expect(await errorCode(verifyArtifacts(outDir))).toBe('ARTIFACTS_CORRUPT');
  });

  it('refuses a too-small, a non-ptau and a truncated ptau before writing anything', async () => {
    const big = await toyCircuit(300, { outputs: 1 });
    const outDir = join(root, 'never');
    const mode = (ptauPath: string) => ({ kind: 'ceremony' as const, ptauPath });
    expect(await errorCode(setupArtifacts({ ...big, circuit: { name: 'big' }, outDir, mode: mode(ptau) }))).toBe('PTAU_TOO_SMALL');
    expect(await errorCode(setupArtifacts({ ...small, circuit: { name: 's' }, outDir, mode: mode(small.r1csPath) }))).toBe('PTAU_INVALID');
    const truncated = join(root, 'truncated.ptau');
    await copyFile(ptau, truncated);
    await writeFile(truncated, (await readFile(ptau)).subarray(0, 5000));
    expect(await errorCode(setupArtifacts({ ...small, circuit: { name: 's' }, outDir, mode: mode(truncated) }))).toBe('PTAU_INVALID');
    expect(await errorCode(setupArtifacts({ ...small, circuit: { name: 's' }, outDir, mode: mode(join(root, 'absent.ptau')) }))).toBe('INPUT_FILE_INVALID');
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('reports a dev directory as development-only and not ptau-verified', async () => {
    const outDir = join(root, 'dev');
    const manifest = await setupArtifacts({ ...small, circuit: { name: 'chain' }, outDir, mode: { kind: 'dev' } });
    expect(await verifyArtifacts(outDir, { ptauPath: ptau })).toEqual({
      kind: 'dev',
      developmentOnly: true,
      csHash: manifest.setup.csHash,
      contributions: 0,
      ptauVerified: false,
    });
  });
});
