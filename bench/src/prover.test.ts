import { toyCeremony, toyInput } from '@zkr/test-helpers';
import { benchProver } from './prover';


describe('benchProver', () => {
  it('measures both engines and the snarkjs CLI on the same zkey and inputs', async () => {
    const fx = await toyCeremony();
    const result = await benchProver({
      files: { zkey: fx.zkey, wasm: fx.wasm, vkey: fx.vkey },
      inputs: [toyInput(1n), toyInput(2n)],
      repeats: 2,
      streamLength: 3,
      msmPoints: 128,
    });
    expect(result.zkr.proveMs.n).toBe(2);
    expect(result.snarkjsInProcess.proveMs.n).toBe(2);
    expect(result.snarkjsCliFullprove.n).toBe(2);
    expect(result.stream.proofs).toBe(3);
    for (const ratio of [result.speedup.proveVsInProcess.median, result.speedup.fullproveVsCli.median, result.speedup.stream]) {
      expect(Number.isFinite(ratio) && ratio > 0).toBe(true);
    }
    expect(result.peakRssMb.zkr).toBeGreaterThan(0);
    expect(result.msm?.points).toBe(128);
    expect(result.msm?.zkrG2.median).toBeGreaterThan(0);
  });
});
