import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileSolidity } from './compile';

const SOURCE = 'pragma solidity ^0.8.24; contract Counter { uint256 public n; function inc() external { n += 1; } }';
let cacheDir: string;

beforeEach(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-solc-'));
});
afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const cacheFiles = () => fs.readdirSync(path.join(cacheDir, 'solc'));

test('compiles with the pinned solc-js and caches the output by input hash', () => {
  const out = compileSolidity({ 'Counter.sol': SOURCE }, cacheDir)['Counter.sol'].Counter;
  expect(out.bytecode).toMatch(/^0x[0-9a-f]{100,}$/);
  expect(out.abi.map((f) => f.name).sort()).toEqual(['inc', 'n']);
  expect(cacheFiles()).toHaveLength(1);
  // A cache hit returns the stored output (proved by editing it), without compiling again.
  const file = path.join(cacheDir, 'solc', cacheFiles()[0]);
  const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  stored['Counter.sol'].Counter.bytecode = '0x01';
  fs.writeFileSync(file, JSON.stringify(stored));
  expect(compileSolidity({ 'Counter.sol': SOURCE }, cacheDir)['Counter.sol'].Counter.bytecode).toBe('0x01');
  // Another source is another entry.
  compileSolidity({ 'Counter.sol': `${SOURCE}\n` }, cacheDir);
  expect(cacheFiles()).toHaveLength(2);
});

test('a truncated cache entry is recompiled, not trusted', () => {
  compileSolidity({ 'Counter.sol': SOURCE }, cacheDir);
  const file = path.join(cacheDir, 'solc', cacheFiles()[0]);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 20));
  expect(compileSolidity({ 'Counter.sol': SOURCE }, cacheDir)['Counter.sol'].Counter.bytecode).toMatch(/^0x[0-9a-f]{100,}$/);
});

test('solc errors are SOLIDITY_COMPILE_FAILED with the compiler message', () => {
  expect(() => compileSolidity({ 'Bad.sol': 'pragma solidity ^0.8.24; contract Bad { function f( }' }, cacheDir)).toThrow(
    expect.objectContaining({ code: 'SOLIDITY_COMPILE_FAILED', message: expect.stringContaining('ParserError') }),
  );
});
