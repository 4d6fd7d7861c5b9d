import { readFile } from 'node:fs/promises';
import { WitnessGenerator } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import { acquireCurve, bn128WasmCode, FR_ORDER as BN254_R, readZkey, zkeySection, type CurveLease } from '@zkr/bn254';
import { seededBigints, testSeed, toyCeremony, toyInput, type ToyArtifacts } from '@zkr/test-helpers';
import { MsmPool } from './msmPool';
import { Prover } from './prover';
import { toWitness } from './witness';
import { ZkrEngine } from './zkrEngine';

const SEED = testSeed();

let fx: ToyArtifacts;
let lease: CurveLease;

beforeAll(async () => {
  fx = await toyCeremony();
  lease = await acquireCurve();
});
afterAll(async () => lease?.release());

function le(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

describe('MsmPool', () => {
  it('equals ffjavascript multiExpAffine for zero, one, small, large and r-1 scalars, on 1 to 3 workers', async () => {
    const bytes = await readFile(fx.zkey);
    const info = readZkey(bytes);
    const n = 37;
    const g1 = zkeySection(bytes, info, 5).slice(0, n * 64);
    const g2 = zkeySection(bytes, info, 7).slice(0, n * 128);
    const kinds = [0n, 1n, 2n, 0xffffffffffffffffn, 1n << 64n, BN254_R - 1n, 123456789n << 190n];
    const scalars = new Uint8Array(n * 32);
    for (let i = 0; i < n; i++) scalars.set(le(kinds[(i * 5) % kinds.length]! + (i % 3 === 0 ? 0n : BigInt(i % 2))), i * 32);
    const { G1, G2 } = lease.curve;
    const want1 = await G1.multiExpAffine(g1, scalars);
    const want2 = await G2.multiExpAffine(g2, scalars);
    for (const threads of [1, 2, 3]) {
      const pool = await MsmPool.start(bn128WasmCode(), [{ id: 1, group: 1, bytes: g1 }, { id: 2, group: 2, bytes: g2 }], threads);
      try {
        pool.setScalars('s', scalars);
        const sum = async (section: number, G: typeof G1) => (await Promise.all(pool.msm({ section, scalars: 's', offset: 0 }))).reduce((acc, p) => G.add(acc, p), G.zero);
        expect(G1.eq(await sum(1, G1), want1)).toBe(true);
        expect(G2.eq(await sum(2, G2), want2)).toBe(true);
      } finally {
        await pool.close();
      }
    }
  });

  it('rejects a bad thread count', async () => {
    const error = await MsmPool.start(bn128WasmCode(), [], 0).catch((e: unknown) => e);
    expect(isZkrError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('ZkrEngine', () => {
  it('without blinding (r = s = 0) gives A = alpha + sum w_i A_i and B = beta + sum w_i B_i, as ffjavascript computes them', async () => {
    const bytes = await readFile(fx.zkey);
    const info = readZkey(bytes);
    const engine = await ZkrEngine.create(bytes, info, { threads: 2, blinding: () => [0n, 0n] });
    try {
      const generator = await WitnessGenerator.create(fx.wasm);
      const witness = toWitness(await generator.compute(toyInput(9n)));
      const progress: number[] = [];
      const { proof } = await engine.prove(witness, (p) => progress.push(p.fraction));
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
      expect(progress.at(-1)).toBe(1);
      expect(progress.length).toBe(3 + 5 * engine.threads);
      const { G1, G2 } = lease.curve;
      const a = G1.add(await G1.multiExpAffine(zkeySection(bytes, info, 5), witness.values), G1.fromRprLEM(info.vk.alpha1, 0));
      const b = G2.add(await G2.multiExpAffine(zkeySection(bytes, info, 7), witness.values), G2.fromRprLEM(info.vk.beta2, 0));
      expect(G1.toObject(G1.toAffine(a))).toEqual(proof.pi_a.map(BigInt));
      expect(G2.toObject(G2.toAffine(b))).toEqual(proof.pi_b.map((c) => c.map(BigInt)));
      expect((await engine.prove(witness)).proof).toEqual(proof);
    } finally {
      await engine.close();
    }
  });

  it(`agrees with the snarkjs engine on many random witnesses: valid proofs verify, mismatched signals do not (ZKR_TEST_SEED=${SEED})`, async () => {
    const random = seededBigints(SEED);
    const zkr = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: fx.vkey }, { engine: 'zkr' });
    const ref = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm }, { engine: 'snarkjs' });
    try {
      for (let i = 0; i < 8; i++) {
        const seed = random(48);
        const input = toyInput(seed);
        const [mine, theirs] = [await zkr.prove(input), await ref.prove(input)];
        expect(mine.publicSignals).toEqual(theirs.publicSignals);
        expect(await ref.verify(mine.proof, mine.publicSignals)).toBe(true);
        expect(await zkr.verify(theirs.proof, theirs.publicSignals)).toBe(true);
        const other = [String((BigInt(mine.publicSignals[0]!) + 1n) % BN254_R)];
        expect(await ref.verify(mine.proof, other)).toBe(false);
        expect(mine.proof).not.toEqual(theirs.proof);
      }
    } finally {
      await Promise.all([zkr.close(), ref.close()]);
    }
  });
});
