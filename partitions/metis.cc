#include "partitions/metis.h"

#include <metis.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace fleetsim::partitions {

namespace {

// METIS's k-way cut of the LPs `keep` (ids into g) into `parts` parts; returns part per kept LP.
std::vector<int> kway(const engine::LpGraph& g, const std::vector<engine::LpId>& keep, int parts) {
  if (parts == 1 || keep.empty()) return std::vector<int>(keep.size(), 0);
  std::vector<idx_t> local(g.work.size(), -1);
  for (std::size_t i = 0; i < keep.size(); ++i) local[keep[i]] = static_cast<idx_t>(i);
  // CSR with each undirected edge stored at both ends, no self loops, no repeated neighbours.
  std::vector<std::map<idx_t, idx_t>> adj(keep.size());
  for (const auto& e : g.edges) {
    if (e.a == e.b || local[e.a] < 0 || local[e.b] < 0) continue;
    const auto w = static_cast<idx_t>(std::max<std::int64_t>(1, e.traffic));
    adj[local[e.a]][local[e.b]] += w;
    adj[local[e.b]][local[e.a]] += w;
  }
  std::vector<idx_t> xadj{0}, adjncy, adjwgt, vwgt;
  for (std::size_t v = 0; v < keep.size(); ++v) {
    for (const auto& [u, w] : adj[v]) adjncy.push_back(u), adjwgt.push_back(w);
    xadj.push_back(static_cast<idx_t>(adjncy.size()));
    vwgt.push_back(static_cast<idx_t>(std::max<std::int64_t>(1, g.work[keep[v]])));
  }
  idx_t nvtxs = static_cast<idx_t>(keep.size()), ncon = 1, nparts = parts, cut = 0;
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_SEED] = 1;  // the same parts on every run and every rank
  std::vector<idx_t> part(keep.size(), 0);
  const int status =
      METIS_PartGraphKway(&nvtxs, &ncon, xadj.data(), adjncy.data(), vwgt.data(), nullptr,
                          adjwgt.data(), &nparts, nullptr, nullptr, options, &cut, part.data());
  if (status != METIS_OK)
    throw std::runtime_error("metis partitioner: METIS_PartGraphKway failed (status " +
                             std::to_string(status) + ")");
  return {part.begin(), part.end()};
}

}  // namespace

std::vector<int> MetisPartitioner::assign(engine::LpId num_lps, int num_ranks) const {
  if (graph_.work.size() != num_lps)
    throw std::invalid_argument("metis partitioner: the LP graph has " +
                                std::to_string(graph_.work.size()) + " LPs, the model " +
                                std::to_string(num_lps));
  std::vector<int> owner(num_lps, 0);
  // An LP heavier than a fair share of what is left gets a rank of its own: no cut can balance
  // it, and anything placed beside it only lengthens the slowest rank.
  std::vector<engine::LpId> by_work(num_lps);
  std::iota(by_work.begin(), by_work.end(), engine::LpId{0});
  std::stable_sort(by_work.begin(), by_work.end(), [this](engine::LpId a, engine::LpId b) {
    return graph_.work[a] > graph_.work[b];
  });
  double left = std::accumulate(graph_.work.begin(), graph_.work.end(), 0.0);
  int rank = 0;
  std::size_t heavy = 0;
  while (heavy < by_work.size() && num_ranks - rank > 1 &&
         static_cast<double>(graph_.work[by_work[heavy]]) > left / (num_ranks - rank)) {
    owner[by_work[heavy]] = rank++;
    left -= static_cast<double>(graph_.work[by_work[heavy++]]);
  }
  std::vector<engine::LpId> rest(by_work.begin() + static_cast<std::ptrdiff_t>(heavy),
                                 by_work.end());
  std::sort(rest.begin(), rest.end());
  const auto part = kway(graph_, rest, num_ranks - rank);
  for (std::size_t i = 0; i < rest.size(); ++i) owner[rest[i]] = rank + part[i];
  return owner;
}

}  // namespace fleetsim::partitions
