// Where a job larger than every cluster runs when it spans sites (sched.oversize = span): the
// fewest clusters of the layout whose usable shares hold its nodes, and how many nodes each
// site's part gets. Pure: the span coordinator (span_lp.h) calls it, tests check it alone.
#pragma once
#include <cstdint>
#include <vector>

namespace fleetsim::model {

struct SpanPlan {
  std::vector<int> clusters;  // the sites, ascending
  std::vector<int> nodes;     // each site's part, in whole nodes (same order)
  bool empty() const { return clusters.empty(); }
};

// `cluster_nodes[c]`: cluster c's nodes; a part takes at most floor(fraction x that) of them.
// `load[c]`: nodes of spanning parts already sent to c and not yet done (spreads the next job).
// The number of sites k is the least whose k largest usable shares hold `nodes`; the k sites are
// the least loaded whose usable shares hold it (ties: larger, then lower index), else the k
// largest. Parts are in proportion to the sites' usable shares, remainders to the largest
// fractions (ties: lower index). Empty when all clusters together cannot hold the job, or k < 2.
SpanPlan plan_span(std::int64_t nodes, const std::vector<int>& cluster_nodes,
                   const std::vector<std::int64_t>& load, double fraction);

}  // namespace fleetsim::model
