pragma circom 2.1.0;

include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/poseidon.circom";
include "leaf_update.circom";
include "range.circom";
include "withdrawal_fields.circom";

/// One withdrawal position (docs/protocol.md §6, §9, §11): either a withdrawal (kind 2), one
/// sender update rootBefore -> rootAfter that debits amount + fee and increments the nonce (the
/// amount is credited on L1 to `address` from the published entry), or an empty position (kind
/// 0) whose entry bytes and private witness are all zeros and which leaves the root unchanged.
template WithdrawalPosition(D) {
    var L = D \ 2;
    var I = (D + 7) \ 8;
    var V = I + 26;
    signal input domain;
    signal input rootBefore;
    // The public entry fields, as hashed into the batch data (§7).
    signal input from;
    signal input opWord;
    signal input feeByte;
    signal input address;
    // The account's current nonce: the signed nonce and the nonce in its leaf are one signal.
    signal input nonce;
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;
    signal input Ax;
    signal input Ay;
    signal input owner;
    signal input balance;
    signal input siblings[L][3];

    signal output rootAfter;
    signal output enabled;
    signal output fee;
    signal output dataBits[8 * V];

    component fields = WithdrawalFields(D);
    fields.from <== from;
    fields.opWord <== opWord;
    fields.feeByte <== feeByte;
    fields.address <== address;
    enabled <== fields.isWithdrawal;
    fee <== fields.fee;
    dataBits <== fields.dataBits;
    signal amount <== fields.amount;

    // §11 rule 3: amount > 0 for a withdrawal; on an empty position the inverse is pinned to 0.
    signal amountInverse;
    amountInverse <-- amount != 0 ? 1 / amount : 0;
    amount * amountInverse === enabled;
    (1 - enabled) * amountInverse === 0;
    // §11 rule 4: the L1 address is not 0 (an empty position's address is 0: the inverse is pinned to 0).
    signal addressInverse;
    addressInverse <-- address != 0 ? 1 / address : 0;
    address * addressInverse === enabled;
    (1 - enabled) * addressInverse === 0;

    // §9: an empty position's private witness is all zeros, so it has exactly one witness.
    signal witnessScalars[8] <== [nonce, sigR8x, sigR8y, sigS, Ax, Ay, owner, balance];
    for (var i = 0; i < 8; i++) {
        (1 - enabled) * witnessScalars[i] === 0;
    }
    for (var k = 0; k < L; k++) {
        for (var s = 0; s < 3; s++) {
            (1 - enabled) * siblings[k][s] === 0;
        }
    }

    // §11 rule 6: the account signed Poseidon([domain, 2 + 4·from + 2^34·address, amount + 2^64·fee,
    // nonce]) for this domain (2 is the withdrawal kind; injective as from < 2^32, address < 2^160
    // and amount, fee < 2^64).
    component message = Poseidon(4);
    message.inputs <== [domain, 2 + 4 * from + (1 << 34) * address, amount + (1 << 64) * fee, nonce];
    component signature = EdDSAPoseidonVerifier();
    signature.enabled <== enabled;
    signature.Ax <== Ax;
    signature.Ay <== Ay;
    signature.S <== sigS;
    signature.R8x <== sigR8x;
    signature.R8y <== sigR8y;
    signature.M <== message.out;

    // §11 rule 8: the debit leaves a 64-bit balance, i.e. amount + fee <= balance (a shortfall wraps
    // to a value near r, which fails the range check).
    signal balanceAfter <== balance - amount - fee;
    component balanceAfterRange = RangeCheck(64);
    balanceAfterRange.in <== balanceAfter;
    // §11 rule 7: nonce + 1 != 2^64 (nonce + 1 - 2^64 has an inverse); the old nonce is < 2^64 (the
    // leaf update checks it).
    signal nonceInverse;
    nonceInverse <-- 1 / (nonce + 1 - (1 << 64));
    (nonce + 1 - (1 << 64)) * nonceInverse === 1;

    // §11: one leaf update of the account (§11 rule 5: its membership proves it exists).
    component sender = LeafUpdate(D);
    sender.enabled <== enabled;
    sender.rootBefore <== rootBefore;
    sender.indexBits <== fields.fromBits;
    sender.siblings <== siblings;
    sender.Ax <== Ax;
    sender.Ay <== Ay;
    sender.owner <== owner;
    sender.balanceBefore <== balance;
    sender.nonceBefore <== nonce;
    sender.balanceAfter <== balanceAfter;
    sender.nonceAfter <== nonce + 1;
    rootAfter <== sender.rootAfter;
}
