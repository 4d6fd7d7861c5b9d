import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { embeddedChainConfig, hardhatVersion } from './embedded-chain';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-no-hardhat-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('without Hardhat installed, the embedded chain is EMBEDDED_CHAIN_UNAVAILABLE saying what to do', () => {
  const requireFromEmptyProject = createRequire(path.join(dir, 'index.js'));
  expect(() => hardhatVersion(requireFromEmptyProject)).toThrow(
    expect.objectContaining({ code: 'EMBEDDED_CHAIN_UNAVAILABLE', message: expect.stringContaining('install hardhat@2') }),
  );
});

test('a Hardhat other than 2.x is EMBEDDED_CHAIN_UNAVAILABLE naming the version found', () => {
  const project = path.join(dir, 'hh3');
  fs.mkdirSync(path.join(project, 'node_modules', 'hardhat'), { recursive: true });
  fs.writeFileSync(path.join(project, 'node_modules', 'hardhat', 'package.json'), JSON.stringify({ name: 'hardhat', version: '3.0.1' }));
  expect(() => hardhatVersion(createRequire(path.join(project, 'index.js')))).toThrow(
    expect.objectContaining({ code: 'EMBEDDED_CHAIN_UNAVAILABLE', details: { found: '3.0.1' } }),
  );
});

test('the installed Hardhat is 2.x and the config is a plain object rooted outside node_modules', () => {
  expect(hardhatVersion(require)).toMatch(/^2\./);
  const config = embeddedChainConfig(dir);
  expect(JSON.parse(JSON.stringify(config))).toEqual(config); // plain data: nothing to require
  expect(config).toMatchObject({ networks: { hardhat: { chainId: 31337, hardfork: 'cancun' } }, paths: { root: dir } });
});
