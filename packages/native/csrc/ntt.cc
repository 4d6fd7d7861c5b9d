// Iterative radix-2 number-theoretic transforms over Fr: a bit-reversal permutation, then log2(n)
// stages of butterflies with twiddles from one table of root^i, each stage split across threads.
// A and B are evaluated from a proving key's coefficients grouped by constraint at load (a
// counting sort), so each thread owns a range of constraints and needs no accumulator of its own.
#include "ntt.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "field.h"

namespace zkr {

namespace {

// 2^512 mod r: multiplying a standard-form value by it gives the Montgomery form.
const Fr R2{{0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL, 0x0216d0b17f4e44a5ULL}};
// The integer 1: multiplying a Montgomery value by it gives the standard form.
const Fr RAW_ONE{{1, 0, 0, 0}};

template <typename Fn>
void parallel_for(size_t count, unsigned threads, Fn fn) {
  const unsigned t_count = (unsigned)std::max<size_t>(1, std::min<size_t>(threads, count / 1024));
  std::vector<std::thread> workers;
  for (unsigned t = 0; t + 1 < t_count; t++) workers.emplace_back([&, t] { fn(count * t / t_count, count * (t + 1) / t_count); });
  fn(count * (t_count - 1) / t_count, count);
  for (auto& w : workers) w.join();
}

unsigned reverse_bits(size_t x, unsigned bits) {
  size_t r = 0;
  for (unsigned i = 0; i < bits; i++) r |= ((x >> i) & 1) << (bits - 1 - i);
  return (unsigned)r;
}

// x_k = sum_j a_j * w^(jk) in place, with twiddles[i] = w^i for i < n/2.
void ntt(Fr* a, unsigned power, const std::vector<Fr>& twiddles, unsigned threads) {
  const size_t n = (size_t)1 << power;
  for (size_t i = 0; i < n; i++) {
    const size_t j = reverse_bits(i, power);
    if (i < j) std::swap(a[i], a[j]);
  }
  for (unsigned s = 1; s <= power; s++) {
    const size_t half = (size_t)1 << (s - 1);
    const size_t stride = n >> s;  // twiddle step for this stage
    // n/2 butterflies per stage: butterfly q is pair (block, k) with block = q / half, k = q % half.
    parallel_for(n / 2, threads, [&](size_t begin, size_t end) {
      for (size_t q = begin; q < end; q++) {
        const size_t k = q & (half - 1);
        const size_t i = ((q >> (s - 1)) << s) + k;
        const Fr t = a[i + half] * twiddles[k * stride];
        a[i + half] = a[i] - t;
        a[i] = a[i] + t;
      }
    });
  }
}

std::vector<Fr> powers(const Fr& w, size_t count) {
  std::vector<Fr> out(count);
  Fr acc = Fr::one();
  for (size_t i = 0; i < count; i++) {
    out[i] = acc;
    acc = acc * w;
  }
  return out;
}

// The H scalars from the evaluations of A, B, C in `polys` (Montgomery form, overwritten).
void h_from_evaluations(std::vector<Fr> (&polys)[3], unsigned power, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads) {
  const size_t n = (size_t)1 << power;
  const Fr w = Fr::from_bytes(root) * R2;
  const std::vector<Fr> forward = powers(w, std::max<size_t>(1, n / 2));
  const std::vector<Fr> backward = powers(w.inverse(), std::max<size_t>(1, n / 2));
  // shift[i] = inc^i / n: the inverse transform's 1/n and the coset shift in one product.
  Fr n_value = Fr::one();
  for (unsigned i = 0; i < power; i++) n_value = n_value.dbl();
  const Fr n_inverse = n_value.inverse();
  std::vector<Fr> shift = powers(Fr::from_bytes(inc) * R2, n);
  for (auto& s : shift) s = s * n_inverse;
  for (int k = 0; k < 3; k++) {
    std::vector<Fr>& p = polys[k];
    ntt(p.data(), power, backward, threads);
    parallel_for(n, threads, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; i++) p[i] = p[i] * shift[i];
    });
    ntt(p.data(), power, forward, threads);
  }
  parallel_for(n, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) ((polys[0][i] * polys[1][i] - polys[2][i]) * RAW_ONE).to_bytes(out + 32 * i);
  });
}

}  // namespace

void groth16_h(const uint8_t* a, const uint8_t* b, const uint8_t* c, unsigned power, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads) {
  const size_t n = (size_t)1 << power;
  std::vector<Fr> polys[3] = {std::vector<Fr>(n), std::vector<Fr>(n), std::vector<Fr>(n)};
  const uint8_t* inputs[3] = {a, b, c};
  for (int k = 0; k < 3; k++) std::memcpy(polys[k].data(), inputs[k], n * 32);
  h_from_evaluations(polys, power, root, inc, out, threads);
}

CoefStatus load_coefficients(const uint8_t* entries, size_t count, unsigned power, size_t n_vars, Coefficients& out, size_t& index) {
  const size_t n = (size_t)1 << power;
  const size_t rows = 2 * n;
  out.power = power;
  out.n_vars = n_vars;
  out.offsets.assign(rows + 1, 0);
  // A counting sort by row: count, prefix sums, then place each entry (stable, in zkey order).
  for (size_t i = 0; i < count; i++) {
    const uint8_t* e = entries + 44 * i;
    uint32_t matrix, constraint, signal;
    std::memcpy(&matrix, e, 4);
    std::memcpy(&constraint, e + 4, 4);
    std::memcpy(&signal, e + 8, 4);
    index = i;
    if (matrix > 1) return CoefStatus::bad_matrix;
    if (constraint >= n) return CoefStatus::bad_constraint;
    if (signal >= n_vars) return CoefStatus::bad_signal;
    if (!Fr::from_bytes(e + 12).is_canonical()) return CoefStatus::bad_value;
    out.offsets[matrix * n + constraint + 1]++;
  }
  for (size_t r = 0; r < rows; r++) out.offsets[r + 1] += out.offsets[r];
  out.terms.resize(count);
  std::vector<size_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (size_t i = 0; i < count; i++) {
    const uint8_t* e = entries + 44 * i;
    uint32_t matrix, constraint;
    std::memcpy(&matrix, e, 4);
    std::memcpy(&constraint, e + 4, 4);
    Coefficients::Term& t = out.terms[next[matrix * n + constraint]++];
    std::memcpy(&t.signal, e + 8, 4);
    t.coef = Fr::from_bytes(e + 12);
  }
  return CoefStatus::ok;
}

void groth16_h_witness(const Coefficients& coefs, const uint8_t* witness, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads) {
  const size_t n = (size_t)1 << coefs.power;
  std::vector<Fr> polys[3] = {std::vector<Fr>(n), std::vector<Fr>(n), std::vector<Fr>(n)};
  const Fr* w = reinterpret_cast<const Fr*>(witness);
  const auto row = [&](size_t r) {
    Fr sum = Fr::zero();
    for (size_t k = coefs.offsets[r]; k < coefs.offsets[r + 1]; k++) sum = sum + coefs.terms[k].coef * w[coefs.terms[k].signal];
    return sum;
  };
  parallel_for(n, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) {
      polys[0][i] = row(i);
      polys[1][i] = row(n + i);
      polys[2][i] = polys[0][i] * polys[1][i];
    }
  });
  h_from_evaluations(polys, coefs.power, root, inc, out, threads);
}

}  // namespace zkr
