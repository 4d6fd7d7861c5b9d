/**
 * The shipped module (`dist/`, written by `npm run build`) is exactly what a fresh solc-js compile
 * of `src/*.sol` with `solc.json` produces, plus the PoseidonT3 and PoseidonT5 hashers that
 * `scripts/poseidon-opt.js` generates, so the bytecode @zkr/l1 deploys can never drift from the sources.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as shipped from '@zkr/contracts';
import { compileContracts, SHIPPED, standardJsonInput } from '../scripts/compile';
import { poseidonContracts } from '../scripts/poseidon';

test('dist equals a fresh compile of the sources with the pinned compiler and settings', () => {
  const fresh = compileContracts();
  const solcJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'solc.json'), 'utf8'));
  expect(shipped.compiler).toEqual({ version: expect.stringMatching(new RegExp(`^${solcJson.version}\\+commit`)), settings: solcJson.settings });
  expect(shipped.compiler).toEqual(fresh.compiler);
  expect(SHIPPED).toEqual(['Rollup', 'Groth16Verifier']);
  expect({ Rollup: shipped.Rollup, Groth16Verifier: shipped.Groth16Verifier }).toEqual(fresh.contracts);
  expect(shipped.Rollup.bytecode).toMatch(/^0x[0-9a-f]{2000,}$/);
});

test('PoseidonT3 and PoseidonT5 are the generated hashers with the ABI of the interface the Rollup calls', () => {
  expect({ PoseidonT3: shipped.PoseidonT3, PoseidonT5: shipped.PoseidonT5 }).toEqual(poseidonContracts(compileContracts().interfaces));
  const signatures = (abi: readonly { name?: string; inputs?: readonly { type: string }[] }[]) => abi.map((f) => `${f.name}(${(f.inputs ?? []).map((i) => i.type).join(',')})`);
  expect(signatures(shipped.PoseidonT3.abi)).toEqual(['hash(uint256[2])']);
  expect(signatures(shipped.PoseidonT5.abi)).toEqual(['hash(uint256[4])']);
  expect(() => poseidonContracts({})).toThrow(/IPoseidon2/);
});

test('the Rollup\'s deployed code fits the 24,576-byte limit of EIP-170', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- solc-js has no types
  const solc = require('solc') as { compile(input: string): string };
  const { input } = standardJsonInput();
  const output = JSON.parse(solc.compile(JSON.stringify({ ...input, settings: { ...input.settings, outputSelection: { 'src/Rollup.sol': { Rollup: ['evm.deployedBytecode.object'] } } } })));
  const size = output.contracts['src/Rollup.sol'].Rollup.evm.deployedBytecode.object.length / 2;
  console.log(`Rollup deployed code: ${size} bytes`);
  expect(size).toBeGreaterThan(10_000);
  expect(size).toBeLessThanOrEqual(24_576);
});

test('the ESM entry re-exports the CommonJS module: the same objects, no second copy', () => {
  const dist = path.join(__dirname, '..', 'dist');
  const script = [
    `import * as esm from ${JSON.stringify(path.join(dist, 'index.mjs'))};`,
    `import { createRequire } from 'node:module';`,
    `const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(dist, 'index.js'))});`,
    `console.log(JSON.stringify({ names: Object.keys(esm).sort(), same: Object.keys(cjs).every((n) => esm[n] === cjs[n]) }));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ names: ['Groth16Verifier', 'PoseidonT3', 'PoseidonT5', 'Rollup', 'compiler'], same: true });
});
