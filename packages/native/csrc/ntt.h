// The H polynomial of a Groth16 proof over Fr (snarkjs's groth16_prove.js, in native code): from
// the evaluations of A, B and C on the n-th roots of unity, evaluate them on the odd coset
// (inverse NTT, multiply coefficient i by inc^i / n, forward NTT) and return
// A(x) * B(x) - C(x) there, in standard form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "field.h"

namespace zkr {

// `a`, `b`, `c`: n = 2^power elements each, 32 little-endian bytes in Montgomery form (as
// qap_buildABC writes them); `root`: a primitive n-th root of unity, `inc`: the coset shift, both
// 32 little-endian bytes in standard form. Writes n standard-form elements to `out`. Runs on
// `threads` threads.
void groth16_h(const uint8_t* a, const uint8_t* b, const uint8_t* c, unsigned power, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads);

// The QAP coefficients of a proving key (zkey section 4 without its count) grouped by row: row
// m * n + i holds the (signal, coefficient) terms of constraint i of matrix m (0: A, 1: B), the
// coefficients kept as the zkey stores them (a Montgomery product with a standard-form witness
// value gives the term in Montgomery form).
struct Coefficients {
  struct Term {
    uint32_t signal;
    Fr coef;
  };
  unsigned power = 0;
  size_t n_vars = 0;
  std::vector<size_t> offsets;  // 2n + 1 row starts into terms
  std::vector<Term> terms;
};

// The outcome of reading a coefficients section: ok, or the first bad entry and what is wrong.
enum class CoefStatus { ok, bad_matrix, bad_constraint, bad_signal, bad_value };

// Reads `count` entries of 44 bytes (matrix u32, constraint u32, signal u32, 32-byte coefficient)
// into `out`, checking matrix < 2, constraint < 2^power, signal < n_vars and coefficient < r; on a
// bad entry returns its status and sets `index`.
CoefStatus load_coefficients(const uint8_t* entries, size_t count, unsigned power, size_t n_vars, Coefficients& out, size_t& index);

// The H scalars (as groth16_h) from a witness of `coefs.n_vars` standard-form values, each below r:
// A and B evaluated from the rows on `threads` threads (each thread a range of constraints), C = A * B.
void groth16_h_witness(const Coefficients& coefs, const uint8_t* witness, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads);

}  // namespace zkr
