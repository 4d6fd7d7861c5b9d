import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isZkrError } from '@zkr/errors';
import { REPO_ROOT, TOY_SIZE, toyCeremony, toyInput, type ToyArtifacts } from '@zkr/test-helpers';
import { Prover } from './prover';
import type { ProveProgress } from './engine';

const run = promisify(execFile);

let fx: ToyArtifacts;
let prover: Prover;
const progress: ProveProgress[] = [];

beforeAll(async () => {
  fx = await toyCeremony();
  prover = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: fx.vkey }, { engine: 'snarkjs', onProgress: (p) => progress.push(p) });
});

afterAll(async () => {
  await prover?.close();
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await promise.then(
    () => {
      throw new Error(`expected ${code}`);
    },
    (e: unknown) => expect(isZkrError(e) ? e.code : e).toBe(code),
  );
}

describe('Prover (snarkjs engine)', () => {
  it('proves an input so that the snarkjs CLI verifies it', async () => {
    const input = toyInput(7n);
    const result = await prover.prove(input);
    expect(result.publicSignals).toEqual([input.publicInput]);
    expect(result.timings.totalMs).toBe(result.timings.witnessMs + result.timings.proveMs);
    expect(result.timings.totalMs).toBeCloseTo(result.timings.witnessMs + result.timings.proveMs, 6);
    const dir = await mkdtemp(join(tmpdir(), 'zkr-prover-'));
    await writeFile(join(dir, 'proof.json'), JSON.stringify(result.proof));
    await writeFile(join(dir, 'public.json'), JSON.stringify(result.publicSignals));
    const { stdout } = await run('npx', ['snarkjs', 'groth16', 'verify', fx.vkey, join(dir, 'public.json'), join(dir, 'proof.json')], { cwd: REPO_ROOT });
    expect(stdout).toContain('OK!');
    expect(await prover.verify(result.proof, result.publicSignals)).toBe(true);
  });

  it('reports progress from start to done in order', () => {
    const fractions = progress.map((p) => p.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions.slice(0, fractions.length));
    expect(progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['msm-a', 'msm-b2', 'msm-h']));
  });

  it('rejects a tampered proof and tampered public signals', async () => {
    const input = toyInput(11n);
    const { proof, publicSignals } = await prover.prove(input);
    expect(await prover.verify(proof, [String(BigInt(publicSignals[0]!) + 1n)])).toBe(false);
    const other = await prover.prove(toyInput(12n));
    expect(await prover.verify({ ...proof, pi_c: other.proof.pi_c }, publicSignals)).toBe(false);
    await expectCode(prover.verify({ ...proof, pi_a: ['1', '2'] }, publicSignals), 'PROOF_MALFORMED');
    await expectCode(prover.verify(proof, []), 'PROOF_MALFORMED');
  });

  it('streams proofs in input order', async () => {
    const inputs = [1n, 2n, 3n].map((s) => toyInput(s));
    const signals: string[] = [];
    for await (const r of prover.proveStream(inputs)) {
      expect(await prover.verify(r.proof, r.publicSignals)).toBe(true);
      signals.push(r.publicSignals[0]!);
    }
    expect(signals).toEqual(inputs.map((i) => i.publicInput));
  });

  it('rejects an input the circuit does not accept', async () => {
    const input = toyInput(5n);
    await expectCode(prover.prove({ ...input, publicInput: '1' }), 'WITNESS_CONSTRAINT_FAILED');
    await expectCode(prover.prove({ ...input, x: input.x.slice(1) }), 'INVALID_CIRCUIT_INPUT');
  });
});

describe('Prover.open validation', () => {
  it('rejects a corrupted zkey', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zkr-prover-'));
    const bytes = await readFile(fx.zkey);
    const truncated = join(dir, 'truncated.zkey');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 100));
    await expectCode(Prover.open({ zkey: truncated, wasm: fx.wasm }), 'ZKEY_INVALID');
    const garbage = join(dir, 'garbage.zkey');
    await writeFile(garbage, Buffer.from('not a zkey at all'));
    await expectCode(Prover.open({ zkey: garbage, wasm: fx.wasm }), 'ZKEY_INVALID');
  });

  it('rejects a witness wasm of another circuit', async () => {
    const other = await toyCeremony(TOY_SIZE + 1);
    await expectCode(Prover.open({ zkey: fx.zkey, wasm: other.wasm }), 'WASM_ZKEY_MISMATCH');
    await expectCode(Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: other.vkey }), 'VKEY_MISMATCH');
  });

  it('takes a matching verification key as its own: equal to the key snarkjs exports from the zkey', async () => {
    const [given, exported] = [await Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: fx.vkey }, { engine: 'native' }), await Prover.open({ zkey: fx.zkey, wasm: fx.wasm }, { engine: 'native' })];
    try {
      expect(given.vkey).toEqual(exported.vkey);
      expect(given.vkey).toEqual(JSON.parse(await readFile(fx.vkey, 'utf8')));
    } finally {
      await Promise.all([given.close(), exported.close()]);
    }
  });

  it('rejects a verification key with one changed point (VKEY_MISMATCH)', async () => {
    const vkey = JSON.parse(await readFile(fx.vkey, 'utf8')) as { IC: string[][] };
    vkey.IC[1]![0] = String(BigInt(vkey.IC[1]![0]!) + 1n);
    const dir = await mkdtemp(join(tmpdir(), 'zkr-vkey-'));
    await writeFile(join(dir, 'vkey.json'), JSON.stringify(vkey));
    await expectCode(Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: join(dir, 'vkey.json') }, { engine: 'native' }), 'VKEY_MISMATCH');
  });

  it('rejects missing files and a closed prover', async () => {
    await expectCode(Prover.open({ zkey: '/nonexistent/circuit.zkey', wasm: fx.wasm }), 'FILE_MISSING');
    const p = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm });
    expect(p.engineName).toBe('zkr');
    await p.close();
    await expectCode(p.prove(toyInput(1n)), 'PROVER_CLOSED');
  });

  it.each(['zkr', 'snarkjs'] as const)('rejects the proof its %s engine is running when closed, with PROVER_CLOSED', async (engine) => {
    let engineStarted!: () => void;
    const started = new Promise<void>((resolve) => (engineStarted = resolve));
    const p = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm }, { engine, onProgress: (e) => e.stage === 'start' && engineStarted() });
    const outcome = p.prove(toyInput(4n)).then(
      () => 'resolved',
      (e: unknown) => (isZkrError(e) ? e.code : String(e)),
    );
    await started; // the witness is done and the engine is proving
    await p.close();
    expect(await outcome).toBe('PROVER_CLOSED');
  });
});
