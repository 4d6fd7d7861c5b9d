// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGroth16Verifier} from "./IGroth16Verifier.sol";

/// @title Groth16 verifier over BN254 for four public inputs, keyed at deployment
/// @notice Accepts a proof `(A, B, C)` for inputs `(x1, x2, x3, x4)` iff
///         `e(A, B) · e(α, −β) · e(IC0 + Σ x_i·IC_i, −γ) · e(C, −δ) = 1` (docs/protocol.md §8), using the EIP-196
///         (ecAdd 0x06, ecMul 0x07) and EIP-197 (pairing 0x08) precompiles. The verification key is a constructor
///         argument, checked there and kept in immutables (β, γ, δ already negated), so verifying reads no storage.
/// @dev G2 points are encoded as EIP-197 expects (and snarkjs's calldata gives them):
///      `[[x.imaginary, x.real], [y.imaginary, y.real]]`. A, B and C reach the pairing precompile unmodified,
///      so it refuses any coordinate `>= q`, any point off its curve and any G2 point outside the order-r
///      subgroup; a refused call is an invalid proof. Every public input must be `< r`.
contract Groth16Verifier is IGroth16Verifier {
    /// @notice The BN254 scalar field order `r`: public inputs must be below it.
    uint256 public constant SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice The BN254 base field order `q`: every point coordinate must be below it.
    uint256 public constant BASE_FIELD =
        21888242871839275222246405745257275088696311157297823662689037894645226208583;

    /// @notice Verification key point `point` (0 alpha, 1 beta, 2 gamma, 3 delta, 4 IC0, 5 IC1, 6 IC2, 7 IC3,
    ///         8 IC4) has a coordinate `>= q`, is the point at infinity, or is not on its curve (G2: not in the subgroup).
    error Groth16Verifier__InvalidVerificationKey(uint256 point);

    uint256 private immutable ALPHA_X;
    uint256 private immutable ALPHA_Y;
    uint256 private immutable NEG_BETA_X_IM;
    uint256 private immutable NEG_BETA_X_RE;
    uint256 private immutable NEG_BETA_Y_IM;
    uint256 private immutable NEG_BETA_Y_RE;
    uint256 private immutable NEG_GAMMA_X_IM;
    uint256 private immutable NEG_GAMMA_X_RE;
    uint256 private immutable NEG_GAMMA_Y_IM;
    uint256 private immutable NEG_GAMMA_Y_RE;
    uint256 private immutable NEG_DELTA_X_IM;
    uint256 private immutable NEG_DELTA_X_RE;
    uint256 private immutable NEG_DELTA_Y_IM;
    uint256 private immutable NEG_DELTA_Y_RE;
    uint256 private immutable IC0_X;
    uint256 private immutable IC0_Y;
    uint256 private immutable IC1_X;
    uint256 private immutable IC1_Y;
    uint256 private immutable IC2_X;
    uint256 private immutable IC2_Y;
    uint256 private immutable IC3_X;
    uint256 private immutable IC3_Y;
    uint256 private immutable IC4_X;
    uint256 private immutable IC4_Y;

    /// @notice Creates the verifier of one verification key (snarkjs `vkey.json` with `nPublic = 4`).
    /// @param alpha `vk_alpha_1` as `[x, y]`.
    /// @param beta `vk_beta_2` in EIP-197 order.
    /// @param gamma `vk_gamma_2` in EIP-197 order.
    /// @param delta `vk_delta_2` in EIP-197 order.
    /// @param ic `IC` as `[[IC0.x, IC0.y], .., [IC4.x, IC4.y]]` (a key of another input count does not ABI-decode).
    constructor(
        uint256[2] memory alpha,
        uint256[2][2] memory beta,
        uint256[2][2] memory gamma,
        uint256[2][2] memory delta,
        uint256[2][5] memory ic
    ) {
        _requireG1(alpha, 0);
        _requireG2(beta, 1);
        _requireG2(gamma, 2);
        _requireG2(delta, 3);
        for (uint256 i = 0; i < 5; ++i) _requireG1(ic[i], 4 + i);
        (ALPHA_X, ALPHA_Y) = (alpha[0], alpha[1]);
        (NEG_BETA_X_IM, NEG_BETA_X_RE, NEG_BETA_Y_IM, NEG_BETA_Y_RE) = _negateG2(beta);
        (NEG_GAMMA_X_IM, NEG_GAMMA_X_RE, NEG_GAMMA_Y_IM, NEG_GAMMA_Y_RE) = _negateG2(gamma);
        (NEG_DELTA_X_IM, NEG_DELTA_X_RE, NEG_DELTA_Y_IM, NEG_DELTA_Y_RE) = _negateG2(delta);
        (IC0_X, IC0_Y, IC1_X, IC1_Y, IC2_X, IC2_Y) = (ic[0][0], ic[0][1], ic[1][0], ic[1][1], ic[2][0], ic[2][1]);
        (IC3_X, IC3_Y, IC4_X, IC4_Y) = (ic[3][0], ic[3][1], ic[4][0], ic[4][1]);
    }

    /// @notice Checks the Groth16 proof `(a, b, c)` for the public inputs `input[0..3]`.
    /// @return valid True iff the proof is valid; false for an input `>= r`, a malformed point or a wrong proof.
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[4] calldata input
    ) external view returns (bool valid) {
        for (uint256 i = 0; i < 4; ++i) {
            if (input[i] >= SCALAR_FIELD) return false;
        }
        // The pairing input is built at memory 0x000..0x300 (scratch, free pointer and zero slot
        // included: this function ends in assembly and Solidity never reads its memory again):
        // A, B @0x000 | alpha, -beta @0x0c0 | vk_x, -gamma @0x180 | C, -delta @0x240.
        // vk_x = IC0 + x1·IC1 + .. + x4·IC4 accumulates at 0x180; each x_i·IC_i is computed at 0x1c0
        // (scratch until -gamma is written there).
        valid = true;
        {
            (uint256 x0, uint256 y0) = (IC0_X, IC0_Y);
            assembly {
                mstore(0x180, x0)
                mstore(0x1a0, y0)
            }
        }
        valid = _addTerm(valid, IC1_X, IC1_Y, input[0]);
        valid = _addTerm(valid, IC2_X, IC2_Y, input[1]);
        valid = _addTerm(valid, IC3_X, IC3_Y, input[2]);
        valid = _addTerm(valid, IC4_X, IC4_Y, input[3]);
        assembly {
            calldatacopy(0x000, a, 0x40)
            calldatacopy(0x040, b, 0x80)
            calldatacopy(0x240, c, 0x40)
        }
        {
            (uint256 ax, uint256 ay, uint256 b0, uint256 b1, uint256 b2, uint256 b3) =
                (ALPHA_X, ALPHA_Y, NEG_BETA_X_IM, NEG_BETA_X_RE, NEG_BETA_Y_IM, NEG_BETA_Y_RE);
            assembly {
                mstore(0x0c0, ax)
                mstore(0x0e0, ay)
                mstore(0x100, b0)
                mstore(0x120, b1)
                mstore(0x140, b2)
                mstore(0x160, b3)
            }
        }
        {
            (uint256 g0, uint256 g1, uint256 g2, uint256 g3) = (NEG_GAMMA_X_IM, NEG_GAMMA_X_RE, NEG_GAMMA_Y_IM, NEG_GAMMA_Y_RE);
            (uint256 d0, uint256 d1, uint256 d2, uint256 d3) = (NEG_DELTA_X_IM, NEG_DELTA_X_RE, NEG_DELTA_Y_IM, NEG_DELTA_Y_RE);
            assembly {
                mstore(0x1c0, g0)
                mstore(0x1e0, g1)
                mstore(0x200, g2)
                mstore(0x220, g3)
                mstore(0x280, d0)
                mstore(0x2a0, d1)
                mstore(0x2c0, d2)
                mstore(0x2e0, d3)
                valid := and(valid, staticcall(gas(), 0x08, 0x000, 0x300, 0x000, 0x20))
                // Exactly one word equal to 1: a call that returns nothing leaves A.x there, which is no answer.
                valid := and(valid, and(eq(returndatasize(), 0x20), eq(mload(0x000), 1)))
                mstore(0x000, valid)
                return(0x000, 0x20)
            }
        }
    }

    /// @dev Adds `x·(icx, icy)` to the accumulator at memory 0x180 (ecMul into 0x1c0, then ecAdd in place);
    ///      `valid` stays true only if both precompile calls succeed.
    function _addTerm(bool valid, uint256 icx, uint256 icy, uint256 x) private view returns (bool ok) {
        assembly {
            mstore(0x1c0, icx)
            mstore(0x1e0, icy)
            mstore(0x200, x)
            ok := and(valid, staticcall(gas(), 0x07, 0x1c0, 0x60, 0x1c0, 0x40))
            ok := and(ok, staticcall(gas(), 0x06, 0x180, 0x80, 0x180, 0x40))
        }
    }

    /// @dev A G1 key point: coordinates `< q`, not the point at infinity, on `y^2 = x^3 + 3`.
    function _requireG1(uint256[2] memory point, uint256 index) private pure {
        (uint256 x, uint256 y) = (point[0], point[1]);
        bool valid = x < BASE_FIELD && y < BASE_FIELD && (x | y) != 0
            && mulmod(y, y, BASE_FIELD) == addmod(mulmod(mulmod(x, x, BASE_FIELD), x, BASE_FIELD), 3, BASE_FIELD);
        if (!valid) revert Groth16Verifier__InvalidVerificationKey(index);
    }

    /// @dev A G2 key point: coordinates `< q`, not infinity, and accepted by the pairing precompile (which
    ///      checks the twist equation and the subgroup) when paired with the G1 generator.
    function _requireG2(uint256[2][2] memory point, uint256 index) private view {
        bool valid = point[0][0] < BASE_FIELD && point[0][1] < BASE_FIELD && point[1][0] < BASE_FIELD
            && point[1][1] < BASE_FIELD && (point[0][0] | point[0][1] | point[1][0] | point[1][1]) != 0;
        if (valid) {
            (valid,) = address(0x08).staticcall(
                abi.encode(uint256(1), uint256(2), point[0][0], point[0][1], point[1][0], point[1][1])
            );
        }
        if (!valid) revert Groth16Verifier__InvalidVerificationKey(index);
    }

    /// @dev `-(x, y) = (x, -y)`, negating both components of `y` in the base field.
    function _negateG2(uint256[2][2] memory point) private pure returns (uint256, uint256, uint256, uint256) {
        return (point[0][0], point[0][1], (BASE_FIELD - point[1][0]) % BASE_FIELD, (BASE_FIELD - point[1][1]) % BASE_FIELD);
    }
}
