/**
 * The Poseidon hasher contracts of the Rollup (docs/protocol.md §2): `PoseidonT3` (`hash(uint256[2])`)
 * and `PoseidonT5` (`hash(uint256[4])`), zkr's own optimized hashers that `poseidon-opt.js` generates
 * from circomlibjs's constants and compiles at build time (`contracts/test/poseidon-opt.test.ts` checks
 * them against circomlibjs and measures them against poseidon-solidity's). Their ABIs are those of the
 * `IPoseidon2` and `IPoseidon4` interfaces the Rollup calls them through (`src/IPoseidon.sol`), as the
 * build compiles them.
 */
'use strict';
const { compilePoseidonOpt } = require('./poseidon-opt');

/** The hashers: export name, input count, and the interface the Rollup calls it through. */
const HASHERS = [
  { name: 'PoseidonT3', inputs: 2, interface: 'IPoseidon2' },
  { name: 'PoseidonT5', inputs: 4, interface: 'IPoseidon4' },
];

/** `{ PoseidonT3, PoseidonT5 }` as `{ abi, bytecode }`: the ABI from `interfaces` (the compiled `IPoseidon2` / `IPoseidon4` ABIs), the bytecode generated and compiled here. */
function poseidonContracts(interfaces) {
  const out = {};
  for (const { name, inputs, interface: iface } of HASHERS) {
    const abi = interfaces[iface];
    if (!abi) throw new Error(`the build compiled no ${iface} interface to take ${name}'s ABI from (contracts/src/IPoseidon.sol)`);
    out[name] = { abi, bytecode: compilePoseidonOpt(inputs).bytecode.toLowerCase() };
  }
  return out;
}

module.exports = { HASHERS, poseidonContracts };
