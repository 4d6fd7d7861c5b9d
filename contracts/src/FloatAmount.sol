// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Decimal float amounts (docs/protocol.md §1.1)
/// @notice An amount word is `e·2^34 + m` (a 34-bit mantissa, a 4-bit exponent) worth `m·10^e`.
library FloatAmount {
    /// @dev Mantissas are below 2^34.
    uint256 internal constant MANTISSA_LIMIT = 1 << 34;
    /// @dev Exponents are below 16.
    uint256 internal constant EXPONENT_LIMIT = 16;

    /// @notice The canonical word of `amount` (the one with the smallest exponent, §1.1).
    /// @return representable False iff `amount` has no encoding (then `word` is 0).
    /// @return word `e·2^34 + m` with `m·10^e = amount`.
    function encode(uint64 amount) internal pure returns (bool representable, uint256 word) {
        uint256 m = amount;
        for (uint256 e = 0; e < EXPONENT_LIMIT; ++e) {
            if (m < MANTISSA_LIMIT) return (true, (e << 34) | m);
            // Only exact divisions: a remainder means no mantissa below 2^34 at any larger exponent.
            if (m % 10 != 0) return (false, 0);
            m /= 10;
        }
        return (false, 0);
    }

    /// @notice The value `m·10^e` of the amount word `word` (its low 38 bits; < 2^84, so it never overflows).
    function decode(uint256 word) internal pure returns (uint256) {
        return (word & (MANTISSA_LIMIT - 1)) * 10 ** ((word >> 34) & (EXPONENT_LIMIT - 1));
    }
}
