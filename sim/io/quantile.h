// The one quantile convention of fleetsim's figures (docs/output.md, "/summary"): nearest rank.
#pragma once
#include <vector>

namespace fleetsim::io {

// The p-th percentile (0 <= p <= 100) of an ascending sample by nearest rank: the smallest value
// with at least p% of the sample at or below it, i.e. the k-th smallest with k = ceil(p * n / 100)
// (integer arithmetic, so 99% of 100 values is exactly the 99th), and k = 1 for p = 0.
// NaN for an empty sample. Always a value of the sample: no interpolation between two waits.
double nearest_rank(const std::vector<double>& ascending, int percent);

}  // namespace fleetsim::io
