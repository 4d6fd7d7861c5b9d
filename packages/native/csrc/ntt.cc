// Iterative radix-2 number-theoretic transforms over Fr: a bit-reversal permutation, then log2(n)
// stages of butterflies with twiddles from one table of root^i, each stage split across threads.
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

}  // namespace

void groth16_h(const uint8_t* a, const uint8_t* b, const uint8_t* c, unsigned power, const uint8_t* root, const uint8_t* inc, uint8_t* out, unsigned threads) {
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
  std::vector<Fr> polys[3] = {std::vector<Fr>(n), std::vector<Fr>(n), std::vector<Fr>(n)};
  const uint8_t* inputs[3] = {a, b, c};
  for (int k = 0; k < 3; k++) {
    std::vector<Fr>& p = polys[k];
    std::memcpy(p.data(), inputs[k], n * 32);
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

}  // namespace zkr
