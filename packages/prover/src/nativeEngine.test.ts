import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WitnessGenerator } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import { FR_ORDER as BN254_R, readZkey } from '@zkr/bn254';
import { nativeAvailable } from '@zkr/native';
import { REPO_ROOT, seededBigints, testSeed, toyCeremony, toyInput, type ToyArtifacts } from '@zkr/test-helpers';
import { Prover } from './prover';
import { toWitness } from './witness';
import { ZkrEngine } from './zkrEngine';

const run = promisify(execFile);
const SEED = testSeed();

let fx: ToyArtifacts;

beforeAll(async () => {
  fx = await toyCeremony();
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isZkrError(error) ? error.code : error).toBe(code);
}

describe('native engine', () => {
  it('is available on this machine (the addon is built)', () => {
    expect(nativeAvailable()).toBe(true);
  });

  it(`gives the zkr engine's proof bit for bit under the same blinding, on 1 and 2 threads (ZKR_TEST_SEED=${SEED})`, async () => {
    const random = seededBigints(SEED);
    const bytes = await readFile(fx.zkey);
    const info = readZkey(bytes);
    const blinding = [random(256) % BN254_R, random(256) % BN254_R] as const;
    const generator = await WitnessGenerator.create(fx.wasm);
    const engines = [
      await ZkrEngine.create(bytes, info, { threads: 2, blinding: () => blinding }),
      await ZkrEngine.create(bytes, info, { threads: 1, msm: 'native', blinding: () => blinding }),
      await ZkrEngine.create(bytes, info, { threads: 2, msm: 'native', blinding: () => blinding }),
    ];
    try {
      expect(engines.map((e) => [e.name, e.threads])).toEqual([['zkr', 2], ['native', 1], ['native', 2]]);
      for (const seed of [random(48), random(48)]) {
        const witness = toWitness(await generator.compute(toyInput(seed)));
        const [wasm, ...natives] = await Promise.all(engines.map((e) => e.prove(witness)));
        for (const proof of natives) expect(proof).toEqual(wasm);
      }
    } finally {
      await Promise.all(engines.map((e) => e.close()));
    }
  });

  it(`computes the H scalars from the witness natively, byte-equal to the zkr engine's wasm qap_buildABC and FFTs (ZKR_TEST_SEED=${SEED})`, async () => {
    const random = seededBigints(SEED);
    const bytes = await readFile(fx.zkey);
    const info = readZkey(bytes);
    const generator = await WitnessGenerator.create(fx.wasm);
    const engines = [await ZkrEngine.create(bytes, info, { threads: 1 }), await ZkrEngine.create(bytes, info, { threads: 2, msm: 'native' })];
    try {
      for (const seed of [random(48), 0n]) {
        const { values } = toWitness(await generator.compute(toyInput(seed)));
        // The engines' private H step (the wasm path is the zkr engine's own code, not a copy of it).
        const [wasm, native] = await Promise.all(engines.map(async (e) => e['hScalars'](values)));
        expect(native!.byteLength).toBe(info.domainSize * 32);
        expect(Buffer.from(native!).equals(Buffer.from(wasm!))).toBe(true);
      }
    } finally {
      await Promise.all(engines.map((e) => e.close()));
    }
  });

  it('proves so that the unmodified snarkjs CLI verifies, reporting progress in order', async () => {
    const progress: number[] = [];
    const prover = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: fx.vkey }, { engine: 'native', onProgress: (p) => progress.push(p.fraction) });
    try {
      expect(prover.engineName).toBe('native');
      const input = toyInput(5n);
      const { proof, publicSignals } = await prover.prove(input);
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
      expect(progress.at(-1)).toBe(1);
      const dir = await mkdtemp(join(tmpdir(), 'zkr-native-'));
      await writeFile(join(dir, 'proof.json'), JSON.stringify(proof));
      await writeFile(join(dir, 'public.json'), JSON.stringify(publicSignals));
      const { stdout } = await run('npx', ['snarkjs', 'groth16', 'verify', fx.vkey, join(dir, 'public.json'), join(dir, 'proof.json')], { cwd: REPO_ROOT });
      expect(stdout).toContain('OK!');
      expect(await prover.verify(proof, [String(BigInt(publicSignals[0]!) + 1n)])).toBe(false);
    } finally {
      await prover.close();
    }
  });

  it('fails a proof running at close() and later proofs with PROVER_CLOSED', async () => {
    const bytes = await readFile(fx.zkey);
    const engine = await ZkrEngine.create(bytes, readZkey(bytes), { msm: 'native' });
    const witness = toWitness(await (await WitnessGenerator.create(fx.wasm)).compute(toyInput(3n)));
    const running = engine.prove(witness);
    await engine.close();
    await expectCode(running, 'PROVER_CLOSED');
    await expectCode(engine.prove(witness), 'PROVER_CLOSED');
    await engine.close();
  });

  it('rejects a bad thread count with INVALID_ARGUMENT', async () => {
    await expectCode(Prover.open({ zkey: fx.zkey, wasm: fx.wasm }, { engine: 'native', threads: 0 }), 'INVALID_ARGUMENT');
  });
});

describe('native engine fallback', () => {
  const saved = process.env.ZKR_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.ZKR_NATIVE;
    else process.env.ZKR_NATIVE = saved;
  });

  it('uses the zkr engine with one notice when the addon is disabled (ZKR_NATIVE=0), and its proofs verify', async () => {
    process.env.ZKR_NATIVE = '0';
    const notices: string[] = [];
    const prover = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm }, { engine: 'native', threads: 1, onNotice: (line) => notices.push(line) });
    try {
      expect(notices).toEqual(['zkr: native engine unavailable (the native engine is disabled by ZKR_NATIVE=0); proving with the zkr (wasm) engine']);
      expect([prover.engineName, prover.threads]).toEqual(['zkr', 1]);
      const { proof, publicSignals } = await prover.prove(toyInput(8n));
      expect(await prover.verify(proof, publicSignals)).toBe(true);
    } finally {
      await prover.close();
    }
  });

  it('writes the notice to stderr by default', async () => {
    process.env.ZKR_NATIVE = '0';
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      const prover = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm }, { engine: 'native', threads: 1 });
      await prover.close();
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual(['zkr: native engine unavailable (the native engine is disabled by ZKR_NATIVE=0); proving with the zkr (wasm) engine\n']);
  });
});
