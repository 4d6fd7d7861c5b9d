pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/sha256/sha256.circom";

/// The single public input (docs/protocol.md §7): uint256(sha256(publicData)) & (2^253 - 1),
/// with publicData = domain | oldRoot | newRoot | feeRecipient | N x (from | to | amount | fee),
/// all big-endian. Index and amount bits come in least significant first (as Num2Bits gives them).
template PublicDataHash(D, N) {
    signal input domain;
    signal input oldRoot;
    signal input newRoot;
    signal input feeRecipientBits[D];
    signal input fromBits[N][D];
    signal input toBits[N][D];
    signal input amountBits[N][64];
    signal input feeBits[N][64];
    signal output out;

    var nBits = (100 + 24 * N) * 8;
    signal message[nBits];

    // Field elements: Num2Bits_strict rejects the alias x + r, so each word has one encoding.
    component domainBits = Num2Bits_strict();
    domainBits.in <== domain;
    component oldRootBits = Num2Bits_strict();
    oldRootBits.in <== oldRoot;
    component newRootBits = Num2Bits_strict();
    newRootBits.in <== newRoot;
    // sha256's input is the message in order, most significant bit of each byte first, so a
    // big-endian word puts the value's most significant bit first.
    for (var p = 0; p < 256; p++) {
        var bit = 255 - p;
        message[p] <== bit < 254 ? domainBits.out[bit] : 0;
        message[256 + p] <== bit < 254 ? oldRootBits.out[bit] : 0;
        message[512 + p] <== bit < 254 ? newRootBits.out[bit] : 0;
    }
    // uint32 indices: bits at or above D are zero since the index is < 2^D.
    for (var p = 0; p < 32; p++) {
        var bit = 31 - p;
        message[768 + p] <== bit < D ? feeRecipientBits[bit] : 0;
    }
    for (var j = 0; j < N; j++) {
        var base = 800 + 192 * j;
        for (var p = 0; p < 32; p++) {
            var bit = 31 - p;
            message[base + p] <== bit < D ? fromBits[j][bit] : 0;
            message[base + 32 + p] <== bit < D ? toBits[j][bit] : 0;
        }
        for (var p = 0; p < 64; p++) {
            message[base + 64 + p] <== amountBits[j][63 - p];
            message[base + 128 + p] <== feeBits[j][63 - p];
        }
    }

    component sha = Sha256(nBits);
    sha.in <== message;
    // sha.out[0] is the digest's most significant bit: keep the low 253 bits (out[3..255]).
    var packed = 0;
    for (var k = 0; k < 253; k++) {
        packed += sha.out[255 - k] * (1 << k);
    }
    out <== packed;
}
