// Pippenger's bucket method with signed digits. Each scalar is recoded once into windows of c bits
// with digits in [-2^(c-1), 2^(c-1)], so a window needs 2^(c-1) buckets and a negative digit adds
// the negated base (free on an affine point). Threads first validate and recode disjoint ranges of
// points, then take whole windows round-robin, each with its own affine buckets (see
// WindowBuckets); the window sums are combined on the calling thread.
#include "msm.h"

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

namespace zkr {

namespace {

// Bits of BN254 scalars: r < 2^254.
constexpr unsigned SCALAR_BITS = 254;

// Windows for width c: one more than fits in SCALAR_BITS, for the carry of the top digit.
unsigned window_count(unsigned c) { return SCALAR_BITS / c + 1; }

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
  std::vector<int32_t> digits;  // window-major: digits[w * n + i]
};

// Validates points [begin, end) and recodes their scalars; sets the first bad scalar and point
// indices (`end` when none).
void recode_range(const uint8_t* bases, const uint8_t* scalars, size_t n, size_t begin, size_t end, Recoding& rec, size_t& bad_scalar, size_t& bad_point) {
  const unsigned c = rec.c;
  const int32_t half = 1 << (c - 1);
  const int32_t full = 1 << c;
  bad_scalar = end;
  bad_point = end;
  for (size_t i = begin; i < end; i++) {
    u64 s[4];
    std::memcpy(s, scalars + 32 * i, 32);
    if (!less_than(s, FrParams::P)) {
      if (bad_scalar == end) bad_scalar = i;
      continue;
    }
    const G1Affine p = G1Affine::from_bytes(bases + 64 * i);
    if (!p.is_valid()) {
      if (bad_point == end) bad_point = i;
      continue;
    }
    int32_t carry = 0;
    for (unsigned w = 0; w < rec.windows; w++) {
      int32_t v = (int32_t)bits_at(s, w * c, c) + carry;
      carry = v > half ? 1 : 0;
      if (carry) v -= full;
      rec.digits[(size_t)w * n + i] = p.infinity ? 0 : v;
    }
  }
}

// The buckets of one window, kept affine and filled by batches of independent additions: the
// denominators of up to `batch` additions (each to a different bucket) share one inversion
// (Montgomery's trick), so an addition costs about 6 multiplications instead of 11 for a mixed
// Jacobian one. A base whose bucket already waits in the current batch is deferred to the next
// batch; deferred a second time (many equal digits, e.g. equal scalars), it goes to the bucket's
// Jacobian overflow instead, so equal digits never serialise the batches.
class WindowBuckets {
 public:
  explicit WindowBuckets(size_t count)
      : x_(count), y_(count), filled_(count), busy_(count), overflow_(count), batch_(batch_size(count)) {
    pending_.reserve(batch_);
    denominators_.resize(batch_);
    prefix_.resize(batch_);
  }

  // The sum of digit(i) * base(i) over one window.
  G1Jacobian window_sum(const uint8_t* bases, const int32_t* digits, size_t n) {
    std::fill(filled_.begin(), filled_.end(), 0);
    std::fill(overflow_.begin(), overflow_.end(), G1Jacobian::infinity());
    deferred_.clear();
    for (size_t i = 0; i < n; i++) {
      if (digits[i] != 0) add(bases, (uint32_t)i, digits[i], true);
    }
    flush();
    // Deferred bases are retried once, after their bucket's pending addition is done.
    std::vector<std::pair<uint32_t, int32_t>> retry;
    retry.swap(deferred_);
    for (const auto& [i, d] : retry) add(bases, i, d, false);
    flush();
    // sum_k (k + 1) * bucket[k] as a running sum of running sums, from the top bucket down.
    G1Jacobian running = G1Jacobian::infinity();
    G1Jacobian total = G1Jacobian::infinity();
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
    Fq x, y;
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
    const uint8_t* b = bases + 64 * (size_t)i;
    const Fq x = Fq::from_bytes(b);
    const Fq y = d > 0 ? Fq::from_bytes(b + 32) : Fq::from_bytes(b + 32).neg();
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
      const Fq dx = p.x - x_[p.bucket];
      // Equal x: the same point (doubling, denominator 2y) or its opposite (the bucket empties).
      denominators_[j] = !dx.is_zero() ? dx : p.y == y_[p.bucket] ? p.y.dbl() : Fq::one();
      prefix_[j] = j == 0 ? denominators_[0] : prefix_[j - 1] * denominators_[j];
    }
    Fq inverse = prefix_[m - 1].inverse();
    for (size_t j = m; j-- > 0;) {
      const Pending& p = pending_[j];
      const Fq inv_j = j == 0 ? inverse : inverse * prefix_[j - 1];
      inverse = inverse * denominators_[j];
      const uint32_t k = p.bucket;
      busy_[k] = 0;
      Fq lambda;
      if (p.x != x_[k]) {
        lambda = (p.y - y_[k]) * inv_j;
      } else if (p.y == y_[k]) {
        const Fq xx = p.x.square();
        lambda = (xx.dbl() + xx) * inv_j;
      } else {
        filled_[k] = 0;
        continue;
      }
      const Fq x3 = lambda.square() - x_[k] - p.x;
      y_[k] = lambda * (x_[k] - x3) - y_[k];
      x_[k] = x3;
    }
    pending_.clear();
  }

  std::vector<Fq> x_, y_;
  std::vector<uint8_t> filled_, busy_;
  std::vector<G1Jacobian> overflow_;
  const size_t batch_;
  std::vector<Pending> pending_;
  std::vector<Fq> denominators_, prefix_;
  std::vector<std::pair<uint32_t, int32_t>> deferred_;  // (base index, digit)
};

// The window width minimising the work for n points.
unsigned msm_window_bits(size_t n) {
  // Each window costs n batched affine additions (~6 multiplications) plus 2^(c-1) buckets reduced
  // with a mixed and a Jacobian addition; 1.5 * 2^c fits the measured optimum (13 bits at 2^16).
  unsigned best = 1;
  double best_cost = 0;
  for (unsigned c = 1; c <= 20; c++) {
    const double cost = (double)window_count(c) * ((double)n + 1.5 * (double)(1u << c));
    if (c == 1 || cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  return best;
}

}  // namespace

MsmResult msm_g1(const uint8_t* bases, const uint8_t* scalars, size_t n, unsigned threads) {
  MsmResult result{MsmStatus::ok, 0, G1Affine{Fq::zero(), Fq::zero(), true}};
  if (n == 0) return result;
  Recoding rec;
  rec.c = msm_window_bits(n);
  rec.windows = window_count(rec.c);
  rec.digits.assign((size_t)rec.windows * n, 0);

  const unsigned recoders = (unsigned)std::min<size_t>(threads, n);
  std::vector<size_t> bad_scalar(recoders), bad_point(recoders);
  parallel(recoders, [&](unsigned t) {
    const size_t begin = n * t / recoders;
    const size_t end = n * (t + 1) / recoders;
    recode_range(bases, scalars, n, begin, end, rec, bad_scalar[t], bad_point[t]);
    if (bad_scalar[t] == end) bad_scalar[t] = n;
    if (bad_point[t] == end) bad_point[t] = n;
  });
  const size_t first_bad_scalar = *std::min_element(bad_scalar.begin(), bad_scalar.end());
  const size_t first_bad_point = *std::min_element(bad_point.begin(), bad_point.end());
  if (first_bad_scalar < n) return MsmResult{MsmStatus::scalar_out_of_range, first_bad_scalar, result.point};
  if (first_bad_point < n) return MsmResult{MsmStatus::point_invalid, first_bad_point, result.point};

  std::vector<G1Jacobian> sums(rec.windows);
  const unsigned summers = std::min(threads, rec.windows);
  parallel(summers, [&](unsigned t) {
    WindowBuckets buckets((size_t)1 << (rec.c - 1));
    for (unsigned w = t; w < rec.windows; w += summers) sums[w] = buckets.window_sum(bases, rec.digits.data() + (size_t)w * n, n);
  });

  G1Jacobian acc = sums[rec.windows - 1];
  for (unsigned w = rec.windows - 1; w-- > 0;) {
    for (unsigned k = 0; k < rec.c; k++) acc = acc.dbl();
    acc = acc.add(sums[w]);
  }
  result.point = acc.to_affine();
  return result;
}

}  // namespace zkr
