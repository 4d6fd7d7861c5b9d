// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPoseidon4} from "./IPoseidon.sol";

/// @title Arity-4 Poseidon Merkle paths (docs/protocol.md §3)
/// @notice An inner node is `Poseidon([c0, c1, c2, c3])` of its children in position order; at level `k` the
///         path node of index `i` is child `(i >> 2k) & 3`, and a proof gives the other three children of
///         each level in increasing position, level 0 first.
library QuadMerkle {
    /// @notice The root reached from `leaf` at `index` through the sibling triples `siblings`.
    /// @dev The caller checks that every sibling is a field element (the hasher reduces its inputs mod r).
    function rootOf(IPoseidon4 hasher, uint256 leaf, uint256 index, uint256[3][] calldata siblings)
        internal
        pure
        returns (uint256 node)
    {
        node = leaf;
        uint256 levels = siblings.length;
        for (uint256 k = 0; k < levels; ++k) {
            uint256[3] calldata s = siblings[k];
            uint256 digit = (index >> (2 * k)) & 3;
            uint256[4] memory children;
            if (digit == 0) children = [node, s[0], s[1], s[2]];
            else if (digit == 1) children = [s[0], node, s[1], s[2]];
            else if (digit == 2) children = [s[0], s[1], node, s[2]];
            else children = [s[0], s[1], s[2], node];
            node = hasher.hash(children);
        }
    }
}
