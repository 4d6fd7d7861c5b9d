pragma circom 2.1.0;

/// The 2^k children of a tree node: `node` placed at the position whose bits are `bits` (bit 0
/// least significant; booleans, e.g. from Num2Bits of the leaf index), the 2^k - 1 `siblings`
/// filling the other slots in child order. Costs (2^k - k - 1) + (2^k - 1) constraints:
/// 1 for k = 1, 4 for k = 2, 11 for k = 3.
template PositionSelect(k) {
    var A = 1 << k;
    signal input node;
    signal input bits[k];
    signal input siblings[A - 1];
    signal output children[A];

    // mono[S] = product of bits[i] over the set bits i of S: one constraint per monomial of degree >= 2.
    signal mono[A];
    mono[0] <== 1;
    for (var S = 1; S < A; S++) {
        var high = 0;
        while ((2 << high) <= S) high++;
        var rest = S - (1 << high);
        if (rest == 0) {
            mono[S] <== bits[high];
        } else {
            mono[S] <== mono[rest] * bits[high];
        }
    }

    // Prefix sums: children[0] + ... + children[j] is siblings[0] + ... + siblings[j] when the
    // position is > j, and node + siblings[0] + ... + siblings[j - 1] when it is <= j, so each prefix
    // is one product with the indicator [position <= j], which is linear in the monomials
    // (its multilinear coefficients come from a Moebius transform, computed at compile time).
    signal prefix[A - 1];
    var total = node;
    for (var j = 0; j < A - 1; j++) {
        var indicator = 0;
        for (var S = 0; S < A; S++) {
            var coefficient = 0;
            for (var T = 0; T < A; T++) {
                if ((T & S) == T && T <= j) {
                    var parity = 0;
                    for (var i = 0; i < k; i++) parity += ((S - T) >> i) & 1;
                    coefficient += (parity % 2 == 0) ? 1 : -1;
                }
            }
            indicator += coefficient * mono[S];
        }
        var below = 0;
        for (var i = 0; i <= j; i++) below += siblings[i];
        prefix[j] <== below + indicator * (node - siblings[j]);
        total += siblings[j];
    }
    // Each child is the difference of two prefixes (linear: free after --O2).
    children[0] <== prefix[0];
    for (var j = 1; j < A - 1; j++) children[j] <== prefix[j] - prefix[j - 1];
    children[A - 1] <== total - prefix[A - 2];
}
