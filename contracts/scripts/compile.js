/**
 * Compiles `contracts/src/*.sol` with the npm solc-js build (never downloaded) and the version and
 * settings of `contracts/solc.json`. Used by the build (`build.js`) and by the test that checks the
 * shipped module equals a fresh compile.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** The contracts shipped in `dist/` (deployable ones; the interfaces and internal libraries have no bytecode). */
const SHIPPED = ['Rollup', 'Groth16Verifier'];
/** The interfaces whose ABIs the build needs: those of the Poseidon hashers (see `poseidon.js`), by source file. */
const INTERFACES = { IPoseidon2: 'IPoseidon.sol', IPoseidon4: 'IPoseidon.sol' };

/** solc's standard JSON input: every `src/*.sol` as source unit `src/<file>`, the pinned settings. */
function standardJsonInput() {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'solc.json'), 'utf8'));
  const dir = path.join(ROOT, 'src');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sol')).sort();
  return {
    version: config.version,
    settings: config.settings,
    input: {
      language: 'Solidity',
      sources: Object.fromEntries(files.map((f) => [`src/${f}`, { content: fs.readFileSync(path.join(dir, f), 'utf8') }])),
      settings: { ...config.settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
    },
  };
}

/**
 * Compiles the sources; throws with solc's messages on any error or on a compiler of another version.
 * Returns the shipped contracts' `{ abi, bytecode }` and the ABIs of `INTERFACES`.
 */
function compileContracts() {
  const solc = require('solc');
  const { version, settings, input } = standardJsonInput();
  if (!solc.version().startsWith(`${version}+`)) {
    throw new Error(`solc-js ${solc.version()} is installed but contracts/solc.json pins ${version}; run \`npm install\``);
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc rejected the contracts:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contracts = {};
  for (const name of SHIPPED) {
    const compiled = output.contracts[`src/${name}.sol`][name];
    contracts[name] = { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
  }
  const interfaces = {};
  for (const [name, file] of Object.entries(INTERFACES)) interfaces[name] = output.contracts[`src/${file}`][name].abi;
  return { compiler: { version: solc.version(), settings }, contracts, interfaces };
}

module.exports = { SHIPPED, INTERFACES, standardJsonInput, compileContracts };
