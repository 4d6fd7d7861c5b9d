/**
 * The component split and the measured compile on a tiny real circuit: circom2 compiles it (cached
 * on the second call, with the first compile's figures), every constraint lands in the component
 * of the signals it touches, and a circuit that does not compile is BENCH_INVALID with what it cost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { circomlibModules, compileMeasured, peakRssFromTimeOutput } from './circom-measure';
import { componentOf, splitConstraints, V1_RULES, V2_RULES, wireRanks } from './constraint-split';

let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'zkr-bench-split-'));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

// A Num2Bits(8) named like a range check and one product.
const TINY = `pragma circom 2.1.0;
include "circomlib/circuits/bitify.circom";
template Tiny() {
  signal input amount;
  signal input x;
  signal output y;
  component amountRange = Num2Bits(8);
  amountRange.in <== amount;
  y <== x * x;
}
component main = Tiny();
`;

test('signal names map to the components of each protocol version', () => {
  expect(componentOf('main.slots[3].amountRange.n2b.out[2]', V1_RULES)).toBe('rangeChecks');
  expect(componentOf('main.slots[0].signature.eqCheckX.in[0]', V1_RULES)).toBe('signature');
  expect(componentOf('main.slots[0].sender.merkleBefore.hashers[2].out', V1_RULES)).toBe('merkle');
  expect(componentOf('main.feeCredit.credit.leafAfter.out', V1_RULES)).toBe('feeCredit');
  expect(componentOf('main.publicData.sha.out[0]', V1_RULES)).toBe('sha256');
  expect(componentOf('main.slots[0].witnessScalars[2]', V1_RULES)).toBe('other');
  expect(componentOf('main.slots[1].fields.amountValue.scale', V2_RULES)).toBe('rangeChecks');
  expect(componentOf('main.slots[1].sender.nonceBeforeRange.n2b.out[0]', V2_RULES)).toBe('rangeChecks');
  expect(componentOf('main.slots[1].receiver.pathAfter.hashers[0].out', V2_RULES)).toBe('merkle');
  expect(componentOf('main.batchData.sha.out[7]', V2_RULES)).toBe('sha256');
  expect(componentOf('main.newState.out', V2_RULES)).toBe('other');
});

test('a wire takes its most specific component; removed signals (wire -1) are skipped', () => {
  const sym = ['1,1,0,main.publicData.fromBits[0]', '2,1,1,main.slots[0].fromRange.out[0]', '3,-1,1,main.slots[0].sender.x', '4,2,2,main.slots[0].sender.leaf'].join('\n');
  expect([...wireRanks(sym, 3, V1_RULES)]).toEqual([5, 0, 2]);
});

test('/usr/bin/time -v output gives the peak RSS in MiB', () => {
  expect(peakRssFromTimeOutput('\tMaximum resident set size (kbytes): 2097152\n')).toBe(2048);
  expect(peakRssFromTimeOutput('nothing')).toBe(0);
});

test('compiles a real circuit, caches it with its figures, and splits its constraints', async () => {
  const job = { name: 'tiny', source: TINY, libraries: [circomlibModules()] };
  const first = await compileMeasured(job, cacheDir);
  expect(first.cached).toBe(false);
  expect(first.measure.wallSeconds).toBeGreaterThan(0);
  expect(first.measure.peakRssMiB).toBeGreaterThan(0);
  const second = await compileMeasured(job, cacheDir);
  expect(second).toMatchObject({ cached: true, constraints: first.constraints, measure: first.measure });
  const rules = [['rangeChecks', /Range\./], ['merkle', /^main\.y$/]] as const;
  const counts = await splitConstraints(first, rules);
  // Num2Bits(8): 8 booleanity constraints (--O2 folds the linear sum into amount); y <== x * x: one.
  expect(counts).toEqual({ rangeChecks: 8, signature: 0, merkle: 1, feeCredit: 0, sha256: 0, other: 0, total: 9 });
});

test('a circuit circom2 rejects is BENCH_INVALID with its wall time and output', async () => {
  const job = { name: 'broken', source: 'pragma circom 2.1.0;\ntemplate T() { signal input a; a === ; }\ncomponent main = T();\n', libraries: [circomlibModules()] };
  await expect(compileMeasured(job, cacheDir)).rejects.toMatchObject({ code: 'BENCH_INVALID', details: { exitCode: expect.any(Number), wallSeconds: expect.any(Number) } });
  await expect(compileMeasured({ ...job, name: 'bad name' }, cacheDir)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'name' } });
});
