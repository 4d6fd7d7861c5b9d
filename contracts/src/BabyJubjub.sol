// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Baby Jubjub public key check (docs/protocol.md §12.1, §10)
/// @notice The twisted Edwards curve `a·x^2 + y^2 = 1 + d·x^2·y^2` over the BN254 scalar field `r` with
///         `a = 168700`, `d = 168696` (circomlib's Baby Jubjub). A key `A` is accepted iff it is a point of the
///         curve and `8·A` has a non-zero `x`, what the circuit's EdDSA verifier requires of every key.
library BabyJubjub {
    /// @dev The BN254 scalar field order `r`, the curve's base field.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev The curve coefficient `a`.
    uint256 internal constant A = 168700;
    /// @dev The curve coefficient `d`.
    uint256 internal constant D = 168696;

    /// @notice True iff `(x, y)` is a field point of Baby Jubjub whose multiple `8·(x, y)` has `x != 0`.
    function isValidKey(uint256 x, uint256 y) internal pure returns (bool) {
        if (x >= R || y >= R) return false;
        uint256 xx = mulmod(x, x, R);
        uint256 yy = mulmod(y, y, R);
        if (addmod(mulmod(A, xx, R), yy, R) != addmod(1, mulmod(D, mulmod(xx, yy, R), R), R)) return false;
        (uint256 px, uint256 py, uint256 pz) = (x, y, 1);
        for (uint256 i = 0; i < 3; ++i) (px, py, pz) = _double(px, py, pz);
        // The curve's addition law is complete (a square, d not), so Z never becomes 0 and x = X/Z is 0 iff X is.
        return px != 0;
    }

    /// @dev Projective doubling without inversions (Bernstein et al. 2008, "dbl-2008-bbjlp"):
    ///      `C = X^2, D' = Y^2, E = a·C, F = E + D', J = F - 2·Z^2`, then
    ///      `X3 = 2·X·Y·J, Y3 = F·(E - D'), Z3 = F·J`.
    function _double(uint256 x, uint256 y, uint256 z) private pure returns (uint256, uint256, uint256) {
        uint256 c = mulmod(x, x, R);
        uint256 dd = mulmod(y, y, R);
        uint256 e = mulmod(A, c, R);
        uint256 f = addmod(e, dd, R);
        uint256 j = addmod(f, R - mulmod(2, mulmod(z, z, R), R), R);
        return (mulmod(mulmod(2, mulmod(x, y, R), R), j, R), mulmod(f, addmod(e, R - dd, R), R), mulmod(f, j, R));
    }
}
