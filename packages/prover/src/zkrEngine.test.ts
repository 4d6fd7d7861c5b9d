import { fixtureArtifacts, fixtureInput } from './fixtures/artifacts';
import { Prover } from './prover';

const ROUNDS = 4;

describe('zkr engine', () => {
  let prover: Prover;
  beforeAll(async () => {
    const fx = await fixtureArtifacts(ROUNDS);
    prover = await Prover.open({ zkey: fx.zkey, wasm: fx.wasm, vkey: fx.vkey }, { engine: 'zkr' });
  });
  afterAll(async () => prover?.close());

  it('produces proofs that snarkjs verifies', async () => {
    for (const seed of [1n, 2n, 3n]) {
      const r = await prover.prove(fixtureInput(ROUNDS, seed));
      expect(await prover.verify(r.proof, r.publicSignals)).toBe(true);
    }
  });
});
