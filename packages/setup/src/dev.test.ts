import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { setupDev } from './dev';
import type { SetupProgress } from './dev';
import { frRootOfUnity as rootOfUnity } from '@zkr/bn254';
import { compileFixture, snarkjsCli, toyCircuit } from '@zkr/test-helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildBn128 } = require('ffjavascript');

describe('rootOfUnity', () => {
  it('is the root snarkjs uses (ffjavascript Fr.w[k])', async () => {
    const curve = await buildBn128(true);
    for (const k of [0, 1, 5, 16, 28]) expect(rootOfUnity(k)).toBe(BigInt(curve.Fr.toObject(curve.Fr.w[k])));
  });
});

describe('setupDev', () => {
  let dir: string;
  let fixture: { r1csPath: string; wasmPath: string };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zkr-setup-dev-'));
    fixture = await toyCircuit(60, { outputs: 1 });
  });

  it('produces a zkey whose proofs verify with unmodified snarkjs (CLI), and rejects a wrong public signal', async () => {
    const zkey = join(dir, 'dev.zkey');
    const stages = new Set<string>();
    const result = await setupDev(fixture.r1csPath, zkey, { threads: 2, onProgress: (p: SetupProgress) => stages.add(p.stage) });
    expect(result).toMatchObject({ nPublic: 2, nConstraints: 62, power: 7, developmentOnly: true });
    expect(result.csHash).toMatch(/^[0-9a-f]{128}$/);
    expect([...stages]).toEqual(['qap', 'points IC', 'points H', 'points C', 'points A', 'points B1', 'points B2']);

    await writeFile(join(dir, 'input.json'), JSON.stringify({ publicInput: '5', x: ['5', '1'] }));
    await snarkjsCli(['wtns', 'calculate', fixture.wasmPath, join(dir, 'input.json'), join(dir, 'w.wtns')]);
    await snarkjsCli(['groth16', 'prove', zkey, join(dir, 'w.wtns'), join(dir, 'proof.json'), join(dir, 'public.json')]);
    await snarkjsCli(['zkey', 'export', 'verificationkey', zkey, join(dir, 'vkey.json')]);
    const ok = await snarkjsCli(['groth16', 'verify', join(dir, 'vkey.json'), join(dir, 'public.json'), join(dir, 'proof.json')]);
    expect(ok).toContain('OK!');

    const pub = JSON.parse(await readFile(join(dir, 'public.json'), 'utf8')) as string[];
    expect(pub[1]).toBe('5');
    await writeFile(join(dir, 'public-bad.json'), JSON.stringify([pub[0], '6']));
    const bad = await snarkjsCli(['groth16', 'verify', join(dir, 'vkey.json'), join(dir, 'public-bad.json'), join(dir, 'proof.json')]).catch(
      (e: { stdout?: string }) => `failed: ${e.stdout}`,
    );
    expect(bad).toMatch(/^failed: .*Invalid proof/s);
  });

  it('handles circomlib templates with several public inputs (Poseidon + comparator)', async () => {
    const poseidon = await compileFixture(
      'poseidon',
      `pragma circom 2.0.0;
include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";
template T() {
  signal input a;
  signal input b;
  signal input c;
  signal output h;
  signal output lt;
  component p = Poseidon(3);
  p.inputs[0] <== a; p.inputs[1] <== b; p.inputs[2] <== c;
  h <== p.out;
  component cmp = LessThan(32);
  cmp.in[0] <== a; cmp.in[1] <== b;
  lt <== cmp.out;
}
component main {public [a, c]} = T();
`,
    );
    const zkey = join(dir, 'poseidon.zkey');
    const result = await setupDev(poseidon.r1csPath, zkey);
    expect(result.nPublic).toBe(4);
    await writeFile(join(dir, 'pin.json'), JSON.stringify({ a: '7', b: '1000', c: '3' }));
    await snarkjsCli(['groth16', 'fullprove', join(dir, 'pin.json'), poseidon.wasmPath, zkey, join(dir, 'pp.json'), join(dir, 'ppub.json')]);
    await snarkjsCli(['zkey', 'export', 'verificationkey', zkey, join(dir, 'pvkey.json')]);
    expect(await snarkjsCli(['groth16', 'verify', join(dir, 'pvkey.json'), join(dir, 'ppub.json'), join(dir, 'pp.json')])).toContain('OK!');
    const pub = JSON.parse(await readFile(join(dir, 'ppub.json'), 'utf8')) as string[];
    expect([pub[1], pub[2], pub[3]]).toEqual(['1', '7', '3']);
  });

  it('refuses a file that is not an r1cs with R1CS_INVALID and writes nothing', async () => {
    const bogus = join(dir, 'bogus.r1cs');
    await writeFile(bogus, 'not an r1cs file at all');
    const out = join(dir, 'never.zkey');
    const error = await setupDev(bogus, out).catch((e: unknown) => e);
    expect(isZkrError(error, 'R1CS_INVALID')).toBe(true);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});
