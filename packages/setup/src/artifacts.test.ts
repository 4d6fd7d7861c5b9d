import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadArtifacts, setupArtifacts, verifyArtifacts } from './artifacts';
import { readR1csFile as readR1cs } from '@zkr/bn254';
import { errorCode, snarkjsCli, toyCircuit } from '@zkr/test-helpers';
import { checkZkey } from './zkey-check';

describe('setupArtifacts (dev) + loadArtifacts', () => {
  let root: string;
  let small: { r1csPath: string; wasmPath: string };
  let other: { r1csPath: string; wasmPath: string };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zkr-setup-art-'));
    small = await toyCircuit(20, { outputs: 1 });
    other = await toyCircuit(21, { outputs: 1 });
  });

  it('writes every artifact with a dev manifest, is idempotent, and the key proves with snarkjs', async () => {
    const outDir = join(root, 'a');
    const manifest = await setupArtifacts({ ...small, circuit: { name: 'chain', depth: 3 }, outDir, mode: { kind: 'dev' } });
    expect(manifest).toMatchObject({
      version: 1,
      circuit: { name: 'chain', depth: 3, constraints: 22, nPublic: 2 },
      developmentOnly: true,
      setup: { kind: 'dev', power: 5, contributions: [] },
    });
    const loaded = await loadArtifacts(outDir);
    expect(loaded.manifest).toEqual(manifest);
    expect(loaded.paths.zkey).toBe(join(outDir, 'circuit.zkey'));
    const source = await readFile(loaded.paths.verifier, 'utf8');
    expect(source).toContain('contract Groth16Verifier');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const solc = require('solc') as { compile(input: string): string };
    const compiled = JSON.parse(
      solc.compile(JSON.stringify({ language: 'Solidity', sources: { 'Verifier.sol': { content: source } }, settings: { outputSelection: { '*': { '*': ['abi'] } } } })),
    ) as { errors?: { severity: string; message: string }[]; contracts: Record<string, Record<string, { abi: { name?: string }[] }>> };
    expect((compiled.errors ?? []).filter((e) => e.severity === 'error')).toEqual([]);
    expect(compiled.contracts['Verifier.sol'].Groth16Verifier.abi.map((f) => f.name)).toContain('verifyProof');
    const vkey = JSON.parse(await readFile(loaded.paths.vkey, 'utf8')) as { nPublic: number; protocol: string };
    expect(vkey).toMatchObject({ nPublic: 2, protocol: 'groth16' });

    const mtime = (await stat(loaded.paths.zkey)).mtimeMs;
    const again = await setupArtifacts({ ...small, circuit: { name: 'chain', depth: 3 }, outDir, mode: { kind: 'dev' } });
    expect(again.createdAt).toBe(manifest.createdAt);
    expect((await stat(loaded.paths.zkey)).mtimeMs).toBe(mtime);

    await writeFile(join(root, 'in.json'), JSON.stringify({ publicInput: '7', x: ['7', '1'] }));
    await snarkjsCli(['groth16', 'fullprove', join(root, 'in.json'), loaded.paths.wasm, loaded.paths.zkey, join(root, 'p.json'), join(root, 'pub.json')]);
    expect(await snarkjsCli(['groth16', 'verify', loaded.paths.vkey, join(root, 'pub.json'), join(root, 'p.json')])).toContain('OK!');
  });

  it('refuses missing, corrupted and foreign artifacts with exact codes', async () => {
    expect(await errorCode(loadArtifacts(join(root, 'nothing-here')))).toBe('ARTIFACTS_MISSING');
    const outDir = join(root, 'b');
    await setupArtifacts({ ...small, circuit: { name: 'chain' }, outDir, mode: { kind: 'dev' } });
    const zkey = join(outDir, 'circuit.zkey');
    const original = await readFile(zkey);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 200] ^= 1;
    await writeFile(zkey, flipped);
    expect(await errorCode(loadArtifacts(outDir))).toBe('ARTIFACTS_CORRUPT');
    await writeFile(zkey, original.subarray(0, original.length - 10));
    expect(await errorCode(checkZkey(zkey, await readR1cs(small.r1csPath)))).toBe('ZKEY_INVALID');
    expect(await errorCode(checkZkey(join(root, 'absent.zkey'), await readR1cs(small.r1csPath)))).toBe('FILE_MISSING');

    const otherDir = join(root, 'c');
    await setupArtifacts({ ...other, circuit: { name: 'other' }, outDir: otherDir, mode: { kind: 'dev' } });
    expect(await errorCode(checkZkey(join(otherDir, 'circuit.zkey'), await readR1cs(small.r1csPath)))).toBe('ZKEY_MISMATCH');
    await copyFile(join(otherDir, 'circuit.zkey'), zkey);
    expect(await errorCode(loadArtifacts(outDir))).toBe('ARTIFACTS_CORRUPT');

    await writeFile(join(outDir, 'manifest.json'), '{"version": 2}');
    expect(await errorCode(loadArtifacts(outDir))).toBe('ARTIFACTS_CORRUPT');

    // Setting up again repairs the directory instead of reusing the foreign key.
    const repaired = await setupArtifacts({ ...small, circuit: { name: 'chain' }, outDir, mode: { kind: 'dev' } });
    expect((await loadArtifacts(outDir)).manifest).toEqual(repaired);
    expect(await checkZkey(zkey, await readR1cs(small.r1csPath))).toMatchObject({ csHash: repaired.setup.csHash, nContributions: 0 });
  });

  it("check: 'proving' hashes the zkey, wasm and vkey but not the r1cs or Verifier.sol, which verifyArtifacts still checks", async () => {
    const outDir = join(root, 'proving');
    await setupArtifacts({ ...small, circuit: { name: 'chain' }, outDir, mode: { kind: 'dev' } });
    const file = (name: string) => join(outDir, name);
    const flip = async (name: string): Promise<Buffer> => {
      const original = await readFile(file(name));
      const flipped = Buffer.from(original);
      flipped[flipped.length - 1] ^= 1;
      await writeFile(file(name), flipped);
      return original;
    };
    const r1cs = await flip('circuit.r1cs');
    await rm(file('Verifier.sol'));
    const loaded = await loadArtifacts(outDir, { check: 'proving' });
    expect(loaded.zkeyBytes.equals(await readFile(file('circuit.zkey')))).toBe(true);
    expect(await errorCode(loadArtifacts(outDir))).toBe('ARTIFACTS_CORRUPT');
    expect(await errorCode(verifyArtifacts(outDir))).toBe('ARTIFACTS_CORRUPT');
    await writeFile(file('circuit.r1cs'), r1cs);

    for (const name of ['circuit.zkey', 'circuit.wasm', 'vkey.json']) {
      const original = await flip(name);
      expect([name, await errorCode(loadArtifacts(outDir, { check: 'proving' }))]).toEqual([name, 'ARTIFACTS_CORRUPT']);
      await rm(file(name));
      expect([name, await errorCode(loadArtifacts(outDir, { check: 'proving' }))]).toEqual([name, 'ARTIFACTS_CORRUPT']);
      await writeFile(file(name), original);
    }
    expect((await loadArtifacts(outDir, { check: 'proving' })).manifest).toEqual(loaded.manifest);
  });

  it('rejects bad arguments before writing anything', async () => {
    const outDir = join(root, 'never');
    expect(await errorCode(setupArtifacts({ ...small, circuit: { name: '' }, outDir, mode: { kind: 'dev' } }))).toBe('INVALID_ARGUMENT');
    expect(
      await errorCode(setupArtifacts({ ...small, circuit: { name: 'x', constraints: 5 }, outDir, mode: { kind: 'dev' } })),
    ).toBe('INVALID_ARGUMENT');
    expect(await errorCode(setupArtifacts({ ...small, wasmPath: join(root, 'no.wasm'), circuit: { name: 'x' }, outDir, mode: { kind: 'dev' } }))).toBe(
      'INPUT_FILE_INVALID',
    );
    expect(await errorCode(setupArtifacts({ ...small, r1csPath: root, circuit: { name: 'x' }, outDir, mode: { kind: 'dev' } }))).toBe('INPUT_FILE_INVALID');
    expect(await errorCode(setupArtifacts({ ...small, circuit: { name: 'x' }, outDir: small.r1csPath, mode: { kind: 'dev' } }))).toBe('OUT_DIR_INVALID');
    await expect(stat(outDir)).rejects.toThrow(/ENOENT/);
  });
});
