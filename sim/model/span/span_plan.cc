#include "sim/model/span/span_plan.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fleetsim::model {

namespace {

std::int64_t usable(int nodes, double fraction) {
  return static_cast<std::int64_t>(std::floor(fraction * nodes));
}

}  // namespace

SpanPlan plan_span(std::int64_t nodes, const std::vector<int>& cluster_nodes,
                   const std::vector<std::int64_t>& load, double fraction) {
  const int n = static_cast<int>(cluster_nodes.size());
  std::vector<std::int64_t> cap(static_cast<std::size_t>(n));
  for (int c = 0; c < n; ++c) cap[c] = usable(cluster_nodes[c], fraction);
  std::vector<int> by_size(static_cast<std::size_t>(n));
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](int a, int b) { return cap[a] > cap[b]; });

  // The least number of sites: the k largest shares hold the job.
  int k = 0;
  std::int64_t held = 0;
  while (k < n && held < nodes) held += cap[by_size[k++]];
  if (held < nodes || k < 2) return {};

  // Which k: the least loaded, if they hold it; else the k largest.
  std::vector<int> by_load = by_size;
  std::stable_sort(by_load.begin(), by_load.end(), [&](int a, int b) {
    return load[a] != load[b] ? load[a] < load[b] : cap[a] > cap[b];
  });
  std::vector<int> sites(by_load.begin(), by_load.begin() + k);
  std::int64_t total = 0;
  for (int c : sites) total += cap[c];
  if (total < nodes) {
    sites.assign(by_size.begin(), by_size.begin() + k);
    total = held;
  }
  std::sort(sites.begin(), sites.end());

  // In proportion to the shares (largest remainder), so no part exceeds its site's share.
  SpanPlan plan;
  plan.clusters = sites;
  std::vector<std::pair<std::int64_t, int>> remainder;  // (-remainder numerator, index)
  std::int64_t given = 0;
  for (int i = 0; i < k; ++i) {
    const auto exact = static_cast<__int128>(nodes) * cap[sites[i]];
    plan.nodes.push_back(static_cast<int>(exact / total));
    given += plan.nodes.back();
    remainder.emplace_back(-static_cast<std::int64_t>(exact % total), i);
  }
  std::sort(remainder.begin(), remainder.end());
  for (std::int64_t r = 0; r < nodes - given; ++r) ++plan.nodes[remainder[r].second];
  return plan;
}

}  // namespace fleetsim::model
