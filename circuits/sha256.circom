pragma circom 2.1.0;

// SHA-256 (FIPS 180-4) over bits, written for R1CS cost: the batch data hash of docs/protocol.md §7
// is about a quarter of every transfer's constraints. Words are 32 boolean signals, least
// significant bit first. A one-block message costs 25,629 constraints against 29,725 with
// circomlib's Sha256 (-14%): each round decomposes its two new words once, from the full sums
// (e' = d + T1, a' = T1 + T2: 35 bits each), instead of decomposing T1, T2 and both sums.

/// x XOR y XOR z of booleans: x ^ y = x + y - 2xy, then (x ^ y) ^ z the same way. 2 constraints
/// (fewer when an input is constant, e.g. the 0 that a shift brings in).
template Xor3() {
    signal input x;
    signal input y;
    signal input z;
    signal output out;
    signal xy <== x * y;
    signal xyz <== (x + y - 2 * xy) * z;
    out <== x + y - 2 * xy + z - 2 * xyz;
}

/// The low 32 bits of `in`, an integer known to be below 2^n (n <= 253, so the decomposition is
/// unique): n booleanity constraints; the bits above 32 are the carries, checked and dropped.
template Mod32(n) {
    signal input in;
    signal output out[32];
    signal bits[n];
    var sum = 0;
    for (var i = 0; i < n; i++) {
        bits[i] <-- (in >> i) & 1;
        bits[i] * (bits[i] - 1) === 0;
        sum += bits[i] * (1 << i);
    }
    // The bits are the integer in: a sum below 2^n has no other n-bit decomposition.
    sum === in;
    for (var i = 0; i < 32; i++) {
        out[i] <== bits[i];
    }
}

/// One SHA-256 compression: the chaining value hin and the 16 message words w (32 bits each,
/// least significant first) give hout = hin + the 64 rounds, word-wise mod 2^32.
template Sha256Compression() {
    signal input hin[8][32];
    signal input w[16][32];
    signal output hout[8][32];

    var K[64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    ];

    // Message schedule: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] mod 2^32, with
    // σ0(x) = ROTR7 ^ ROTR18 ^ SHR3 and σ1(x) = ROTR17 ^ ROTR19 ^ SHR10 (bit i of ROTRr(x) is
    // x[(i + r) % 32]; of SHRr(x), x[i + r] or 0).
    signal W[64][32];
    component sigma0[48][32];
    component sigma1[48][32];
    component scheduleSum[48];
    for (var t = 0; t < 16; t++) {
        W[t] <== w[t];
    }
    for (var t = 16; t < 64; t++) {
        var sum = 0;
        for (var i = 0; i < 32; i++) {
            sigma0[t - 16][i] = Xor3();
            sigma0[t - 16][i].x <== W[t - 15][(i + 7) % 32];
            sigma0[t - 16][i].y <== W[t - 15][(i + 18) % 32];
            sigma0[t - 16][i].z <== i + 3 < 32 ? W[t - 15][i + 3] : 0;
            sigma1[t - 16][i] = Xor3();
            sigma1[t - 16][i].x <== W[t - 2][(i + 17) % 32];
            sigma1[t - 16][i].y <== W[t - 2][(i + 19) % 32];
            sigma1[t - 16][i].z <== i + 10 < 32 ? W[t - 2][i + 10] : 0;
            sum += (sigma1[t - 16][i].out + W[t - 7][i] + sigma0[t - 16][i].out + W[t - 16][i]) * (1 << i);
        }
        // Four 32-bit terms: below 2^34.
        scheduleSum[t - 16] = Mod32(34);
        scheduleSum[t - 16].in <== sum;
        W[t] <== scheduleSum[t - 16].out;
    }

    // The working words as two histories: round t reads a = A[t+3], b = A[t+2], c = A[t+1],
    // d = A[t] and e = E[t+3], f = E[t+2], g = E[t+1], h = E[t], and writes A[t+4], E[t+4].
    signal A[68][32];
    signal E[68][32];
    for (var j = 0; j < 4; j++) {
        A[j] <== hin[3 - j];
        E[j] <== hin[7 - j];
    }
    component bigSigma0[64][32];
    component bigSigma1[64][32];
    signal ch[64][32];
    signal ab[64][32];
    signal maj[64][32];
    component newA[64];
    component newE[64];
    for (var t = 0; t < 64; t++) {
        var t1 = K[t];
        var t2 = 0;
        var d = 0;
        for (var i = 0; i < 32; i++) {
            // Σ1(e) = ROTR6 ^ ROTR11 ^ ROTR25.
            bigSigma1[t][i] = Xor3();
            bigSigma1[t][i].x <== E[t + 3][(i + 6) % 32];
            bigSigma1[t][i].y <== E[t + 3][(i + 11) % 32];
            bigSigma1[t][i].z <== E[t + 3][(i + 25) % 32];
            // Ch(e, f, g) = e ? f : g.
            ch[t][i] <== E[t + 3][i] * (E[t + 2][i] - E[t + 1][i]) + E[t + 1][i];
            // Σ0(a) = ROTR2 ^ ROTR13 ^ ROTR22.
            bigSigma0[t][i] = Xor3();
            bigSigma0[t][i].x <== A[t + 3][(i + 2) % 32];
            bigSigma0[t][i].y <== A[t + 3][(i + 13) % 32];
            bigSigma0[t][i].z <== A[t + 3][(i + 22) % 32];
            // Maj(a, b, c) = ab + c·(a ^ b) (ab and c·(a ^ b) are never both 1).
            ab[t][i] <== A[t + 3][i] * A[t + 2][i];
            maj[t][i] <== ab[t][i] + A[t + 1][i] * (A[t + 3][i] + A[t + 2][i] - 2 * ab[t][i]);
            t1 += (E[t][i] + bigSigma1[t][i].out + ch[t][i] + W[t][i]) * (1 << i);
            t2 += (bigSigma0[t][i].out + maj[t][i]) * (1 << i);
            d += A[t][i] * (1 << i);
        }
        // e' = d + T1 (six 32-bit terms) and a' = T1 + T2 (seven): both below 2^35.
        newE[t] = Mod32(35);
        newE[t].in <== d + t1;
        E[t + 4] <== newE[t].out;
        newA[t] = Mod32(35);
        newA[t].in <== t1 + t2;
        A[t + 4] <== newA[t].out;
    }

    // hout = hin + (a, b, c, d, e, f, g, h) word-wise: two 32-bit terms, below 2^33.
    component final[8];
    for (var j = 0; j < 8; j++) {
        var sum = 0;
        for (var i = 0; i < 32; i++) {
            sum += (hin[j][i] + (j < 4 ? A[67 - j][i] : E[71 - j][i])) * (1 << i);
        }
        final[j] = Mod32(33);
        final[j].in <== sum;
        hout[j] <== final[j].out;
    }
}

/// SHA-256 of an nBits-bit message (bits in message order: each byte most significant bit
/// first). out is the digest in the same order (out[0] is its most significant bit).
template Sha256Bits(nBits) {
    signal input in[nBits];
    signal output out[256];

    var IV[8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    // FIPS 180-4 padding: the message, a 1 bit, zeros, then the bit length as a 64-bit
    // big-endian integer, to a multiple of 512 bits.
    var nBlocks = ((nBits + 64) \ 512) + 1;
    signal padded[nBlocks * 512];
    for (var p = 0; p < nBlocks * 512; p++) {
        if (p < nBits) {
            padded[p] <== in[p];
        } else if (p == nBits) {
            padded[p] <== 1;
        } else if (p >= nBlocks * 512 - 64) {
            padded[p] <== (nBits >> (nBlocks * 512 - 1 - p)) & 1;
        } else {
            padded[p] <== 0;
        }
    }

    component blocks[nBlocks];
    for (var b = 0; b < nBlocks; b++) {
        blocks[b] = Sha256Compression();
        for (var j = 0; j < 8; j++) {
            for (var i = 0; i < 32; i++) {
                blocks[b].hin[j][i] <== b == 0 ? (IV[j] >> i) & 1 : blocks[b - 1].hout[j][i];
            }
        }
        // Message word j of block b is bits 512b + 32j .. + 31, most significant first.
        for (var j = 0; j < 16; j++) {
            for (var i = 0; i < 32; i++) {
                blocks[b].w[j][i] <== padded[512 * b + 32 * j + 31 - i];
            }
        }
    }
    for (var j = 0; j < 8; j++) {
        for (var i = 0; i < 32; i++) {
            out[32 * j + 31 - i] <== blocks[nBlocks - 1].hout[j][i];
        }
    }
}
