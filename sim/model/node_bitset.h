// A bitset over a cluster's nodes that finds the next set bit without reading every word before
// it: a summary word per 64 words says which of them are non-zero. NodePool keeps one per free-GPU
// count; a gang's pick on a machine of 93,312 one-GPU nodes (CEA-Curie) used to read ~1,500
// words to find the first free node behind the long-running jobs at the low ids, now ~25.
#pragma once
#include <bit>
#include <cstdint>
#include <vector>

namespace fleetsim::model {

class NodeBitset {
 public:
  explicit NodeBitset(int bits = 0)
      : bits_(bits),
        words_(static_cast<std::size_t>((bits + 63) / 64), 0),
        summary_((words_.size() + 63) / 64, 0) {}

  int size() const { return bits_; }
  bool test(int i) const { return (words_[index(i >> 6)] >> (i & 63)) & 1u; }
  void set(int i) {
    words_[index(i >> 6)] |= std::uint64_t{1} << (i & 63);
    summary_[index(i >> 12)] |= std::uint64_t{1} << ((i >> 6) & 63);
  }
  void reset(int i) {
    std::uint64_t& w = words_[index(i >> 6)];
    w &= ~(std::uint64_t{1} << (i & 63));
    if (w == 0) summary_[index(i >> 12)] &= ~(std::uint64_t{1} << ((i >> 6) & 63));
  }
  // Sets (value) or clears bits [a, a + len), a word at a time.
  void assign(int a, int len, bool value) {
    while (len > 0) {
      const int w = a >> 6, b = a & 63, in = len < 64 - b ? len : 64 - b;
      const std::uint64_t mask = (in == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << in) - 1))
                                 << b;
      std::uint64_t& word = words_[index(w)];
      word = value ? word | mask : word & ~mask;
      std::uint64_t& sum = summary_[index(w >> 6)];
      const std::uint64_t bit = std::uint64_t{1} << (w & 63);
      sum = word != 0 ? sum | bit : sum & ~bit;
      a += in;
      len -= in;
    }
  }

  // The first set bit at or after `from`, or size() when there is none.
  int next_set(int from) const {
    if (from >= bits_) return bits_;
    int w = from >> 6;
    const std::uint64_t first = words_[index(w)] & (~std::uint64_t{0} << (from & 63));
    if (first != 0) return w * 64 + std::countr_zero(first);
    // The next non-zero word after w, from the summary.
    ++w;
    int s = w >> 6;
    if (s >= static_cast<int>(summary_.size())) return bits_;
    std::uint64_t sum = summary_[index(s)] & (~std::uint64_t{0} << (w & 63));
    while (sum == 0) {
      if (++s == static_cast<int>(summary_.size())) return bits_;
      sum = summary_[index(s)];
    }
    w = s * 64 + std::countr_zero(sum);
    return w * 64 + std::countr_zero(words_[index(w)]);
  }
  // The first clear bit at or after `from`, looking no further than `limit` (<= size()), which
  // it returns when bits [from, limit) are all set.
  int next_clear(int from, int limit) const {
    for (int w = from >> 6; w * 64 < limit; ++w) {
      std::uint64_t clear = ~words_[index(w)];
      if (w == (from >> 6)) clear &= ~std::uint64_t{0} << (from & 63);
      if (clear != 0) {
        const int i = w * 64 + std::countr_zero(clear);
        return i < limit ? i : limit;
      }
    }
    return limit;
  }
  // The raw word w (bits 64w .. 64w + 63), for counting.
  std::uint64_t word(int w) const { return words_[index(w)]; }

 private:
  static std::size_t index(int i) { return static_cast<std::size_t>(i); }

  int bits_;
  std::vector<std::uint64_t> words_;
  std::vector<std::uint64_t> summary_;  // bit w: words_[w] != 0
};

}  // namespace fleetsim::model
