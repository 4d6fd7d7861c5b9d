// Pippenger's bucket method with signed digits, for G1 and G2 alike (templates over the coordinate
// field F, instantiated at the end). Groth16 witnesses are mostly zeros, ones and 64-bit values,
// so the points are first sorted by scalar: zero scalars and points at infinity are dropped,
// scalar-1 points are summed directly, and the others go to two Pippenger runs, one over 64-bit
// scalars and one over full-width ones, each with the window width that fits its count. In a run,
// each scalar is recoded once into windows of c bits with digits in [-2^(c-1), 2^(c-1)], so a
// window needs 2^(c-1) buckets and a negative digit adds the negated base (free on an affine
// point). Threads first recode disjoint ranges of points, then take whole windows round-robin, each
// with its own affine buckets (see WindowBuckets); the window sums are combined on the calling
// thread.
#include "msm.h"

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

namespace zkr {

namespace {

// Bits of BN254 scalars: r < 2^254.
constexpr unsigned SCALAR_BITS = 254;
// Bits of the small scalars run separately.
constexpr unsigned SMALL_BITS = 64;

// Windows of width c over `bits`-bit scalars: one more than fits, for the carry of the top digit.
unsigned window_count(unsigned bits, unsigned c) { return bits / c + 1; }

// Bits [start, start + c) of a little-endian 4-limb scalar (zero past the top).
inline uint32_t bits_at(const u64 s[4], unsigned start, unsigned c) {
  const unsigned limb = start / 64;
  const unsigned offset = start % 64;
  if (limb >= 4) return 0;
  u64 v = s[limb] >> offset;
  if (offset + c > 64 && limb + 1 < 4) v |= s[limb + 1] << (64 - offset);
  return (uint32_t)(v & ((1ULL << c) - 1));
}

// Runs fn(t) for t in [0, count) on count threads (the last one on the calling thread).
template <typename Fn>
void parallel(unsigned count, Fn fn) {
  std::vector<std::thread> workers;
  workers.reserve(count - 1);
  for (unsigned t = 0; t + 1 < count; t++) workers.emplace_back(fn, t);
  fn(count - 1);
  for (auto& w : workers) w.join();
}

struct Recoding {
  unsigned c;
  unsigned windows;
  std::vector<int32_t> digits;  // window-major: digits[w * m + j] for the j-th point of the run
};

// Recodes the scalars of the run's points [begin, end).
void recode_range(const uint8_t* scalars, const std::vector<uint32_t>& points, size_t begin, size_t end, Recoding& rec) {
  const unsigned c = rec.c;
  const int32_t half = 1 << (c - 1);
  const int32_t full = 1 << c;
  const size_t m = points.size();
  for (size_t j = begin; j < end; j++) {
    u64 s[4];
    std::memcpy(s, scalars + 32 * (size_t)points[j], 32);
    int32_t carry = 0;
    for (unsigned w = 0; w < rec.windows; w++) {
      int32_t v = (int32_t)bits_at(s, w * c, c) + carry;
      carry = v > half ? 1 : 0;
      if (carry) v -= full;
      rec.digits[(size_t)w * m + j] = v;
    }
  }
}

// The buckets of one window, kept affine and filled by batches of independent additions: the
// denominators of up to `batch` additions (each to a different bucket) share one inversion
// (Montgomery's trick), so an addition costs about 6 multiplications instead of 11 for a mixed
// Jacobian one. A base whose bucket already waits in the current batch is deferred to the next
// batch; deferred a second time (many equal digits, e.g. equal scalars), it goes to the bucket's
// Jacobian overflow instead, so equal digits never serialise the batches.
template <typename F>
class WindowBuckets {
 public:
  explicit WindowBuckets(size_t count)
      : x_(count), y_(count), filled_(count), busy_(count), overflow_(count), batch_(batch_size(count)) {
    pending_.reserve(batch_);
    denominators_.resize(batch_);
    prefix_.resize(batch_);
  }

  // The sum of digits[j] * base(points[j]) over one window.
  Jacobian<F> window_sum(const uint8_t* bases, const std::vector<uint32_t>& points, const int32_t* digits) {
    std::fill(filled_.begin(), filled_.end(), 0);
    std::fill(overflow_.begin(), overflow_.end(), Jacobian<F>::infinity());
    deferred_.clear();
    for (size_t j = 0; j < points.size(); j++) {
      if (digits[j] != 0) add(bases, points[j], digits[j], true);
    }
    flush();
    // Deferred bases are retried once, after their bucket's pending addition is done.
    std::vector<std::pair<uint32_t, int32_t>> retry;
    retry.swap(deferred_);
    for (const auto& [i, d] : retry) add(bases, i, d, false);
    flush();
    // sum_k (k + 1) * bucket[k] as a running sum of running sums, from the top bucket down.
    Jacobian<F> running = Jacobian<F>::infinity();
    Jacobian<F> total = Jacobian<F>::infinity();
    for (size_t k = x_.size(); k-- > 0;) {
      if (filled_[k]) running = running.add_mixed(x_[k], y_[k]);
      running = running.add(overflow_[k]);
      total = total.add(running);
    }
    return total;
  }

 private:
  struct Pending {
    uint32_t bucket;
    F x, y;
  };

  // Batch size balancing the shared inversion (~380 multiplications) against overflows.
  static size_t batch_size(size_t buckets) {
    size_t b = 8;
    while (b * b < 150 * buckets && b < 2048) b *= 2;
    return b;
  }

  // bucket[|d| - 1] += sign(d) * base(i); a busy bucket defers the base (once, if `may_defer`).
  void add(const uint8_t* bases, uint32_t i, int32_t d, bool may_defer) {
    const uint32_t k = d > 0 ? d - 1 : -d - 1;
    if (busy_[k] && may_defer) {
      deferred_.emplace_back(i, d);
      return;
    }
    const uint8_t* b = bases + Affine<F>::BYTES * (size_t)i;
    const F x = F::from_bytes(b);
    const F y = d > 0 ? F::from_bytes(b + sizeof(F)) : F::from_bytes(b + sizeof(F)).neg();
    if (busy_[k]) {
      overflow_[k] = overflow_[k].add_mixed(x, y);
    } else if (!filled_[k]) {
      x_[k] = x;
      y_[k] = y;
      filled_[k] = 1;
    } else {
      busy_[k] = 1;
      pending_.push_back(Pending{k, x, y});
      if (pending_.size() == batch_) flush();
    }
  }

  // Applies every pending addition bucket += (x, y), with one inversion for all of them.
  void flush() {
    const size_t m = pending_.size();
    if (m == 0) return;
    for (size_t j = 0; j < m; j++) {
      const Pending& p = pending_[j];
      const F dx = p.x - x_[p.bucket];
      // Equal x: the same point (doubling, denominator 2y) or its opposite (the bucket empties).
      denominators_[j] = !dx.is_zero() ? dx : p.y == y_[p.bucket] ? p.y.dbl() : F::one();
      prefix_[j] = j == 0 ? denominators_[0] : prefix_[j - 1] * denominators_[j];
    }
    F inverse = prefix_[m - 1].inverse();
    for (size_t j = m; j-- > 0;) {
      const Pending& p = pending_[j];
      const F inv_j = j == 0 ? inverse : inverse * prefix_[j - 1];
      inverse = inverse * denominators_[j];
      const uint32_t k = p.bucket;
      busy_[k] = 0;
      F lambda;
      if (p.x != x_[k]) {
        lambda = (p.y - y_[k]) * inv_j;
      } else if (p.y == y_[k]) {
        const F xx = p.x.square();
        lambda = (xx.dbl() + xx) * inv_j;
      } else {
        filled_[k] = 0;
        continue;
      }
      const F x3 = lambda.square() - x_[k] - p.x;
      y_[k] = lambda * (x_[k] - x3) - y_[k];
      x_[k] = x3;
    }
    pending_.clear();
  }

  std::vector<F> x_, y_;
  std::vector<uint8_t> filled_, busy_;
  std::vector<Jacobian<F>> overflow_;
  const size_t batch_;
  std::vector<Pending> pending_;
  std::vector<F> denominators_, prefix_;
  std::vector<std::pair<uint32_t, int32_t>> deferred_;  // (base index, digit)
};

// The window width minimising the work for n points with `bits`-bit scalars.
unsigned msm_window_bits(size_t n, unsigned bits) {
  // Each window costs n batched affine additions (~6 multiplications) plus 2^(c-1) buckets reduced
  // with a mixed and a Jacobian addition; 1.5 * 2^c fits the measured optimum (13 bits at 2^16).
  unsigned best = 1;
  double best_cost = 0;
  for (unsigned c = 1; c <= 20; c++) {
    const double cost = (double)window_count(bits, c) * ((double)n + 1.5 * (double)(1u << c));
    if (c == 1 || cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  return best;
}

// Pippenger over the listed points, whose scalars are below 2^bits.
template <typename F>
Jacobian<F> pippenger(const uint8_t* bases, const uint8_t* scalars, const std::vector<uint32_t>& points, unsigned bits, unsigned threads) {
  const size_t m = points.size();
  if (m == 0) return Jacobian<F>::infinity();
  Recoding rec;
  rec.c = msm_window_bits(m, bits);
  rec.windows = window_count(bits, rec.c);
  rec.digits.assign((size_t)rec.windows * m, 0);
  const unsigned recoders = (unsigned)std::min<size_t>(threads, m);
  parallel(recoders, [&](unsigned t) { recode_range(scalars, points, m * t / recoders, m * (t + 1) / recoders, rec); });

  std::vector<Jacobian<F>> sums(rec.windows);
  const unsigned summers = std::min(threads, rec.windows);
  parallel(summers, [&](unsigned t) {
    WindowBuckets<F> buckets((size_t)1 << (rec.c - 1));
    for (unsigned w = t; w < rec.windows; w += summers) sums[w] = buckets.window_sum(bases, points, rec.digits.data() + (size_t)w * m);
  });

  Jacobian<F> acc = sums[rec.windows - 1];
  for (unsigned w = rec.windows - 1; w-- > 0;) {
    for (unsigned k = 0; k < rec.c; k++) acc = acc.dbl();
    acc = acc.add(sums[w]);
  }
  return acc;
}

// The sum of the listed points (their scalars are 1), on `threads` threads.
template <typename F>
Jacobian<F> sum_points(const uint8_t* bases, const std::vector<uint32_t>& points, unsigned threads) {
  const size_t m = points.size();
  if (m == 0) return Jacobian<F>::infinity();
  const unsigned count = (unsigned)std::min<size_t>(threads, (m + 1023) / 1024);
  std::vector<Jacobian<F>> partial(count, Jacobian<F>::infinity());
  parallel(count, [&](unsigned t) {
    Jacobian<F> acc = Jacobian<F>::infinity();
    for (size_t j = m * t / count, end = m * (t + 1) / count; j < end; j++) {
      const uint8_t* b = bases + Affine<F>::BYTES * (size_t)points[j];
      acc = acc.add_mixed(F::from_bytes(b), F::from_bytes(b + sizeof(F)));
    }
    partial[t] = acc;
  });
  Jacobian<F> total = Jacobian<F>::infinity();
  for (const auto& p : partial) total = total.add(p);
  return total;
}

// The points of one scalar class, in index order.
struct Classes {
  std::vector<uint32_t> ones, small, full;
};

// Sorts points [begin, end) by scalar class, skipping zero scalars and points at infinity;
// returns the first scalar not below r, or `end` when none.
template <typename F>
size_t classify_range(const uint8_t* bases, const uint8_t* scalars, size_t begin, size_t end, Classes& out) {
  for (size_t i = begin; i < end; i++) {
    u64 s[4];
    std::memcpy(s, scalars + 32 * i, 32);
    if (!less_than(s, FrParams::P)) return i;
    const bool high = (s[1] | s[2] | s[3]) != 0;
    if (!high && s[0] == 0) continue;
    if (Affine<F>::from_bytes(bases + Affine<F>::BYTES * i).infinity) continue;
    if (high) {
      out.full.push_back((uint32_t)i);
    } else if (s[0] == 1) {
      out.ones.push_back((uint32_t)i);
    } else {
      out.small.push_back((uint32_t)i);
    }
  }
  return end;
}

}  // namespace

template <typename F>
size_t first_invalid_point(const uint8_t* bases, size_t n, unsigned threads) {
  if (n == 0) return 0;
  const unsigned count = (unsigned)std::min<size_t>(threads, n);
  std::vector<size_t> bad(count);
  parallel(count, [&](unsigned t) {
    const size_t begin = n * t / count;
    const size_t end = n * (t + 1) / count;
    bad[t] = n;
    for (size_t i = begin; i < end; i++) {
      if (!Affine<F>::from_bytes(bases + Affine<F>::BYTES * i).is_valid()) {
        bad[t] = i;
        break;
      }
    }
  });
  return *std::min_element(bad.begin(), bad.end());
}

template <typename F>
MsmResult<F> msm(const uint8_t* bases, const uint8_t* scalars, size_t n, unsigned threads, bool check_points) {
  MsmResult<F> result{MsmStatus::ok, 0, Affine<F>{F::zero(), F::zero(), true}};
  if (n == 0) return result;
  // Point indices are 32-bit: a JavaScript typed array holds fewer than 2^32 bytes, so n < 2^26.
  const unsigned classifiers = (unsigned)std::min<size_t>(threads, n);
  std::vector<Classes> parts(classifiers);
  std::vector<size_t> bad_scalar(classifiers);
  parallel(classifiers, [&](unsigned t) {
    const size_t begin = n * t / classifiers;
    const size_t end = n * (t + 1) / classifiers;
    bad_scalar[t] = classify_range<F>(bases, scalars, begin, end, parts[t]);
    if (bad_scalar[t] == end) bad_scalar[t] = n;
  });
  const size_t first_bad_scalar = *std::min_element(bad_scalar.begin(), bad_scalar.end());
  if (first_bad_scalar < n) return MsmResult<F>{MsmStatus::scalar_out_of_range, first_bad_scalar, result.point};
  if (check_points) {
    const size_t first_bad_point = first_invalid_point<F>(bases, n, threads);
    if (first_bad_point < n) return MsmResult<F>{MsmStatus::point_invalid, first_bad_point, result.point};
  }
  Classes all;
  for (auto& p : parts) {
    all.ones.insert(all.ones.end(), p.ones.begin(), p.ones.end());
    all.small.insert(all.small.end(), p.small.begin(), p.small.end());
    all.full.insert(all.full.end(), p.full.begin(), p.full.end());
  }
  parts.clear();
  Jacobian<F> acc = sum_points<F>(bases, all.ones, threads);
  acc = acc.add(pippenger<F>(bases, scalars, all.small, SMALL_BITS, threads));
  acc = acc.add(pippenger<F>(bases, scalars, all.full, SCALAR_BITS, threads));
  result.point = acc.to_affine();
  return result;
}

template size_t first_invalid_point<Fq>(const uint8_t*, size_t, unsigned);
template size_t first_invalid_point<Fq2>(const uint8_t*, size_t, unsigned);
template MsmResult<Fq> msm<Fq>(const uint8_t*, const uint8_t*, size_t, unsigned, bool);
template MsmResult<Fq2> msm<Fq2>(const uint8_t*, const uint8_t*, size_t, unsigned, bool);

}  // namespace zkr
