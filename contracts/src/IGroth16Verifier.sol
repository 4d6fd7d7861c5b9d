// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Groth16 verifier with four public inputs
/// @notice What the Rollup calls to check a batch proof: a Groth16 verifier for a circuit with exactly
///         four public inputs, `[newStateHash, dataHash, oldQueueHash, newQueueHash]` (docs/protocol.md §7).
///         zkr's own `Groth16Verifier` implements it; snarkjs's exported verifier for such a circuit matches it too.
interface IGroth16Verifier {
    /// @notice Checks a Groth16 proof `(a, b, c)` against the public inputs `pubSignals`.
    /// @return True iff the proof is valid; false for any invalid proof or input outside the field.
    function verifyProof(
        uint256[2] calldata _pA,
        uint256[2][2] calldata _pB,
        uint256[2] calldata _pC,
        uint256[4] calldata _pubSignals
    ) external view returns (bool);
}
