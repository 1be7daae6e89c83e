#include "training/collectives.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fleetsim::training {
namespace {

void check(double bytes, int n, double gbps, double alpha_s) {
  if (!(bytes >= 0) || !std::isfinite(bytes))
    throw std::invalid_argument("bytes: must be a non-negative number");
  if (n < 1)
    throw std::invalid_argument("ranks: must be at least 1 (got " + std::to_string(n) + ")");
  if (!(gbps > 0) || !std::isfinite(gbps))
    throw std::invalid_argument("gbps: bandwidth must be positive");
  if (!(alpha_s >= 0) || !std::isfinite(alpha_s))
    throw std::invalid_argument("alpha_s: latency must be non-negative");
}

}  // namespace

double ring_allreduce_s(double bytes, int n, double gbps, double alpha_s) {
  check(bytes, n, gbps, alpha_s);
  if (n == 1) return 0;
  const double steps = 2.0 * (n - 1);
  return steps / n * bytes / bytes_per_s(gbps) + steps * alpha_s;
}

double tree_allreduce_s(double bytes, int n, double gbps, double alpha_s) {
  check(bytes, n, gbps, alpha_s);
  if (n == 1) return 0;
  const double depth = std::ceil(std::log2(static_cast<double>(n)));
  return 2.0 * bytes / bytes_per_s(gbps) + 2.0 * depth * alpha_s;
}

double allreduce_s(double bytes, int n, double gbps, double alpha_s, AllReduceAlgorithm algorithm) {
  switch (algorithm) {
    case AllReduceAlgorithm::ring:
      return ring_allreduce_s(bytes, n, gbps, alpha_s);
    case AllReduceAlgorithm::tree:
      return tree_allreduce_s(bytes, n, gbps, alpha_s);
    case AllReduceAlgorithm::best:
      break;
  }
  return std::min(ring_allreduce_s(bytes, n, gbps, alpha_s),
                  tree_allreduce_s(bytes, n, gbps, alpha_s));
}

double reduce_scatter_s(double bytes, int n, double gbps, double alpha_s) {
  check(bytes, n, gbps, alpha_s);
  if (n == 1) return 0;
  return (n - 1.0) / n * bytes / bytes_per_s(gbps) + (n - 1.0) * alpha_s;
}

double all_gather_s(double bytes, int n, double gbps, double alpha_s) {
  return reduce_scatter_s(bytes, n, gbps, alpha_s);  // the same steps, run backwards
}

double send_s(double bytes, double gbps, double alpha_s) {
  check(bytes, 1, gbps, alpha_s);
  return alpha_s + bytes / bytes_per_s(gbps);
}

HierarchicalAllReduce hierarchical_allreduce(double bytes, int ranks_per_site, int sites,
                                             double site_gbps, double site_alpha_s,
                                             double wan_gbps_per_rank, double wan_latency_s,
                                             AllReduceAlgorithm algorithm) {
  if (sites < 1) throw std::invalid_argument("sites: must be at least 1");
  if (ranks_per_site < 1) throw std::invalid_argument("ranks_per_site: must be at least 1");
  HierarchicalAllReduce h;
  h.reduce_scatter_s = reduce_scatter_s(bytes, ranks_per_site, site_gbps, site_alpha_s);
  const double shard = bytes / ranks_per_site;
  h.wan_allreduce_s = allreduce_s(shard, sites, wan_gbps_per_rank, wan_latency_s, algorithm);
  h.all_gather_s = all_gather_s(bytes, ranks_per_site, site_gbps, site_alpha_s);
  return h;
}

double fiber_latency_s(double km) {
  if (!(km >= 0)) throw std::invalid_argument("km: distance must be non-negative");
  return km / 204'000.0;  // ~c / 1.47 in km/s
}

}  // namespace fleetsim::training
