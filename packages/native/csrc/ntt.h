// The H polynomial of a Groth16 proof over Fr (snarkjs's groth16_prove.js, in native code): from
// the evaluations of A, B and C on the n-th roots of unity, evaluate them on the odd coset
// (inverse NTT, multiply coefficient i by inc^i / n, forward NTT) and return
// A(x) * B(x) - C(x) there, in standard form.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zkr {

// `a`, `b`, `c`: n = 2^power elements each, 32 little-endian bytes in Montgomery form (as
// qap_buildABC writes them); `root`: a primitive n-th root of unity, `inc`: the coset shift, both
// 32 little-endian bytes in standard form. Writes n standard-form elements to `out`. Runs on
// `threads` threads.
void groth16_h(const uint8_t* a, const uint8_t* b, const uint8_t* c, unsigned power, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads);

}  // namespace zkr
