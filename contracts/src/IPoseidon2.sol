// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Poseidon of two field elements
/// @notice The interface of the hasher contract circomlibjs's `poseidonContract.createCode(2)` generates
///         (docs/protocol.md §2): circomlib's Poseidon over BN254 with two inputs.
interface IPoseidon2 {
    /// @notice `Poseidon([input[0], input[1]])`.
    function poseidon(uint256[2] calldata input) external pure returns (uint256);
}
