// Collective communication times, alpha-beta model (Hockney): a message of S bytes over a link
// of B bytes/s with a per-message latency alpha takes alpha + S / B. Every function takes the
// bandwidth in Gb/s per participant per direction (the fabric's unit, fabric/network.h) and
// latencies in seconds, and returns seconds. Contention between collectives is the caller's:
// pass the bandwidth each participant really gets.
#pragma once
#include <string>

namespace fleetsim::training {

enum class AllReduceAlgorithm { ring, tree, best };

// Gb/s -> bytes/s.
constexpr double bytes_per_s(double gbps) { return gbps * 1e9 / 8.0; }

// Ring all-reduce of `bytes` (the buffer each of `n` ranks holds) = reduce-scatter + all-gather:
//   2 (n-1)/n * bytes / B + 2 (n-1) alpha             (Patarasuk & Yuan 2009; NCCL's ring)
// Bandwidth-optimal; its latency grows linearly with n.
double ring_allreduce_s(double bytes, int n, double gbps, double alpha_s);

// Double binary tree all-reduce (NCCL >= 2.4; Sanders, Speck & Traeff 2009), pipelined:
//   2 * bytes / B + 2 ceil(log2 n) alpha
// Each tree carries half the buffer; a rank is an inner node in one tree and a leaf in the other,
// so in the reduce phase it receives `bytes` in all and in the broadcast phase sends `bytes`
// (the two phases are counted one after the other, an assumption: NCCL pipelines them partly).
// The latency term is a reduce up and a broadcast down the tree's depth.
double tree_allreduce_s(double bytes, int n, double gbps, double alpha_s);

// The lower of the two, or the one asked for.
double allreduce_s(double bytes, int n, double gbps, double alpha_s,
                   AllReduceAlgorithm algorithm = AllReduceAlgorithm::best);

// Ring reduce-scatter and all-gather of a buffer of `bytes` (the whole buffer, each rank ends
// with or starts from bytes / n): (n-1)/n * bytes / B + (n-1) alpha each.
double reduce_scatter_s(double bytes, int n, double gbps, double alpha_s);
double all_gather_s(double bytes, int n, double gbps, double alpha_s);

// One point-to-point send: alpha + bytes / B.
double send_s(double bytes, double gbps, double alpha_s);

// Hierarchical all-reduce across sites (what NeMo/Megatron-Core's multi-data-center training
// does, NVIDIA blog "Turbocharge LLM Training Across Long-Haul Data Center Networks with NVIDIA
// NeMo Framework", 2025): reduce-scatter inside each site over its `ranks_per_site` ranks, an
// all-reduce of each rank's 1/ranks_per_site shard across the `sites` sites over the WAN, then
// an all-gather inside each site. Only the shards cross the WAN, so the WAN carries the buffer
// once per site, not once per rank.
struct HierarchicalAllReduce {
  double reduce_scatter_s = 0, wan_allreduce_s = 0, all_gather_s = 0;
  double total_s() const { return reduce_scatter_s + wan_allreduce_s + all_gather_s; }
};
// `wan_gbps_per_rank` is what each rank's shard flow gets of the WAN: the site's WAN bandwidth
// divided by the ranks sending at once (a site's every DP group crosses together). The WAN
// all-reduce is a ring over the sites (tree or best per `algorithm`).
HierarchicalAllReduce hierarchical_allreduce(
    double bytes, int ranks_per_site, int sites, double site_gbps, double site_alpha_s,
    double wan_gbps_per_rank, double wan_latency_s,
    AllReduceAlgorithm algorithm = AllReduceAlgorithm::ring);

// One-way latency of `km` of optical fibre: light in silica (group index ~1.47) covers about
// 204 km per millisecond. Route length above the straight line is the caller's (assumption).
double fiber_latency_s(double km);

}  // namespace fleetsim::training
