// Elastic continuation (failures.recovery = elastic; docs/model.md, "Recovery policies"): the
// arithmetic of a training gang's world when a failure takes some of its nodes. The job keeps
// the most whole data-parallel replicas its surviving nodes hold (a replica is tensor x
// pipeline GPUs of the model it trains, in whole nodes: those dimensions cannot shrink), and
// restarts from the queue instead when not one replica's worth survives. ClusterLp does the
// rest (releasing nodes, the reconfiguration, growing back).
#pragma once
#include <cstdint>

#include "sim/model/config.h"

namespace fleetsim::model {

// Nodes of one data-parallel replica of a job that asked for `requested` GPUs on nodes of
// `gpus_per_node`: ceil(tensor x pipeline / gpus_per_node) of the catalog model it trains
// (training/catalog.h); 0 when it has no step model (it cannot run elastic: it restarts).
int replica_nodes(std::int64_t requested, int gpus_per_node);

// Of `surviving` nodes, how many an elastic job keeps: the most whole replicas of `unit`
// nodes; 0 when fewer than one replica's worth survives (the job falls back to restart).
inline int nodes_kept(int surviving, int unit) {
  return unit > 0 && surviving >= unit ? surviving / unit * unit : 0;
}

// The GPUs the step model runs a job on when it holds `nodes` of its `full_nodes`: the GPUs it
// asked for (`gpus`) when whole, else its nodes' GPUs.
inline std::int64_t world_gpus(std::int64_t gpus, int nodes, int full_nodes, int gpus_per_node) {
  if (nodes <= 0 || nodes >= full_nodes) return gpus;
  const std::int64_t held = std::int64_t{nodes} * gpus_per_node;
  return held < gpus ? held : gpus;
}

// How many nodes a shrunk job holding `held` of `full_nodes` grows by when `fits(k)` says
// whether k more whole nodes are free for it: back to full if it can, else the most whole
// replicas that fit; 0 when not one does.
template <class Fits>
int nodes_to_grow(int held, int full_nodes, int unit, Fits fits) {
  const int missing = full_nodes - held;
  if (missing <= 0 || unit <= 0) return 0;
  if (fits(missing)) return missing;
  for (int k = (missing - 1) / unit * unit; k >= unit; k -= unit)
    if (fits(k)) return k;
  return 0;
}

}  // namespace fleetsim::model
