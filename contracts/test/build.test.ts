/**
 * The shipped module (`dist/`, written by `npm run build`) is exactly what a fresh solc-js compile
 * of `src/*.sol` with `solc.json` produces, so the bytecode @zkr/l1 deploys can never drift from the sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as shipped from '@zkr/contracts';
import { compileContracts, SHIPPED } from '../scripts/compile';

test('dist equals a fresh compile of the sources with the pinned compiler and settings', () => {
  const fresh = compileContracts();
  const solcJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'solc.json'), 'utf8'));
  expect(shipped.compiler).toEqual({ version: expect.stringMatching(new RegExp(`^${solcJson.version}\\+commit`)), settings: solcJson.settings });
  expect(shipped.compiler).toEqual(fresh.compiler);
  expect(SHIPPED).toEqual(['Rollup', 'Groth16Verifier']);
  expect({ Rollup: shipped.Rollup, Groth16Verifier: shipped.Groth16Verifier }).toEqual(fresh.contracts);
  expect(shipped.Rollup.bytecode).toMatch(/^0x[0-9a-f]{2000,}$/);
});

test('the ESM entry exports the same values as the CommonJS one', () => {
  const esm = fs.readFileSync(require.resolve('../dist/index.mjs'), 'utf8');
  for (const name of ['compiler', 'Rollup', 'Groth16Verifier'] as const) {
    const line = esm.split('\n').find((l) => l.startsWith(`export const ${name} = `));
    expect(JSON.parse(line!.slice(`export const ${name} = `.length, -1))).toEqual(shipped[name]);
  }
});
