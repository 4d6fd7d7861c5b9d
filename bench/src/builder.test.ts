import { benchBuilder, benchGenesis } from './builder';

describe('benchBuilder', () => {
  it('applies every benchmark transfer with both Poseidon implementations and reports medians', async () => {
    const result = await benchBuilder({ depth: 8, accounts: 4, transfers: 6, repeats: 2, hashes: 50 });
    expect(result.builder.map((b) => [b.poseidon, b.transfersPerSecond.n])).toEqual([['wasm', 2], ['lite', 2]]);
    for (const summary of [...result.builder.map((b) => b.transfersPerSecond), result.poseidonHashesPerSecond.wasm,
      result.poseidonHashesPerSecond.lite, result.wasmSpeedupOverLite, result.verificationsPerSecond]) {
      expect(summary.samples.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    }
    expect([result.depth, result.accounts, result.transfers]).toEqual([8, 4, 6]);
  });
});

describe('benchGenesis', () => {
  it.each(['consecutive', 'random'] as const)('builds a %s genesis of the requested size', async (layout) => {
    const result = await benchGenesis({ depth: 12, accounts: 50, layout });
    expect([result.depth, result.accounts, result.layout]).toEqual([12, 50, layout]);
  });
});
