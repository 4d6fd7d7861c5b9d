/**
 * The Poseidon(2) hasher contract of the Rollup (docs/protocol.md §2), generated at build time by
 * circomlibjs's `poseidonContract` (the same Poseidon as off-chain), never copied by hand. The
 * Rollup calls it through `IPoseidon2` (`poseidon(uint256[2])`).
 */
'use strict';

/** Inputs of the generated hasher: the state hash is `Poseidon([domain, root])`. */
const POSEIDON_INPUTS = 2;

/** The ABI and creation bytecode circomlibjs generates for Poseidon of `POSEIDON_INPUTS` inputs. */
function poseidonContract() {
  const { poseidonContract: generator } = require('circomlibjs');
  return { abi: generator.generateABI(POSEIDON_INPUTS), bytecode: generator.createCode(POSEIDON_INPUTS) };
}

module.exports = { POSEIDON_INPUTS, poseidonContract };
