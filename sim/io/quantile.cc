#include "sim/io/quantile.h"

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace fleetsim::io {

double nearest_rank(const std::vector<double>& ascending, int percent) {
  if (percent < 0 || percent > 100)
    throw std::invalid_argument("nearest_rank: percent not in 0..100");
  if (ascending.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto n = static_cast<std::uint64_t>(ascending.size());
  const std::uint64_t k = (static_cast<std::uint64_t>(percent) * n + 99) / 100;
  return ascending[k == 0 ? 0 : k - 1];
}

}  // namespace fleetsim::io
