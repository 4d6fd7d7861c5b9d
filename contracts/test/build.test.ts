/**
 * The shipped module (`dist/`, written by `npm run build`) is exactly what a fresh solc-js compile
 * of `src/*.sol` with `solc.json` produces, plus circomlibjs's generated Poseidon(2) hasher, so the
 * bytecode @zkr/l1 deploys can never drift from the sources.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as shipped from '@zkr/contracts';
import { compileContracts, SHIPPED } from '../scripts/compile';
import { poseidonContract } from '../scripts/poseidon';

test('dist equals a fresh compile of the sources with the pinned compiler and settings', () => {
  const fresh = compileContracts();
  const solcJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'solc.json'), 'utf8'));
  expect(shipped.compiler).toEqual({ version: expect.stringMatching(new RegExp(`^${solcJson.version}\\+commit`)), settings: solcJson.settings });
  expect(shipped.compiler).toEqual(fresh.compiler);
  expect(SHIPPED).toEqual(['Rollup', 'Groth16Verifier']);
  expect({ Rollup: shipped.Rollup, Groth16Verifier: shipped.Groth16Verifier }).toEqual(fresh.contracts);
  expect(shipped.Rollup.bytecode).toMatch(/^0x[0-9a-f]{2000,}$/);
});

test('Poseidon2 is circomlibjs\'s generated two-input hasher, as a fresh generation gives it', () => {
  expect(shipped.Poseidon2).toEqual(poseidonContract());
  expect(shipped.Poseidon2.bytecode).toMatch(/^0x[0-9a-f]{2000,}$/);
  const signatures = shipped.Poseidon2.abi.map((f) => `${f.name}(${f.inputs.map((i) => i.type).join(',')})`);
  expect(signatures.sort()).toEqual(['poseidon(bytes32[2])', 'poseidon(uint256[2])']);
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
  expect(JSON.parse(out)).toEqual({ names: ['Groth16Verifier', 'Poseidon2', 'Rollup', 'compiler'], same: true });
});
