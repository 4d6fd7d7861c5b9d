// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Poseidon of two field elements
/// @notice The hasher the Rollup computes state hashes `Poseidon([domain, root])` with (docs/protocol.md §2, §3):
///         circomlib's Poseidon over BN254 with two inputs, the interface of poseidon-solidity's `PoseidonT3`
///         (any contract computing the same function may be deployed instead).
interface IPoseidon2 {
    /// @notice `Poseidon([input[0], input[1]])`.
    function hash(uint256[2] calldata input) external pure returns (uint256);
}

/// @title Poseidon of four field elements
/// @notice The hasher of the queue hash (docs/protocol.md §12), the account leaves and the arity-4 tree nodes
///         (§3, for exodus proofs, §13): circomlib's Poseidon over BN254 with four inputs, the interface of
///         poseidon-solidity's `PoseidonT5` (any contract computing the same function may be deployed instead).
interface IPoseidon4 {
    /// @notice `Poseidon([input[0], input[1], input[2], input[3]])`.
    function hash(uint256[4] calldata input) external pure returns (uint256);
}
