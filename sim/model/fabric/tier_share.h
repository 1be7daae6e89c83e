// Contention on one oversubscribed tier (issue 11 item 2): the jobs whose traffic climbs out of
// the tier's blocks share their uplinks, max-min fair by progressive filling.
//
// A job puts a demand on the uplinks of every block below the tier that holds some of its GPUs:
// during its communication phase each of those GPUs sends at its NIC's bandwidth across the tier
// (rail-aligned, so a GPU's traffic leaves through its own rail's leaf and the block above it).
// A block's uplinks carry `uplink_ratio` x its GPU slots of NIC bandwidth (geometry.h). Every
// job gets the same fraction of its demand on each block it uses (it is bulk-synchronous: its
// slowest GPU sets its pace); the fractions are raised together from 0 until a block's uplinks
// fill, which freezes the jobs on it, and the rest rise on (Bertsekas & Gallager, "Data
// Networks", 2nd ed., section 6.5.2: max-min fairness by progressive filling; here weighted by
// demand, so each GPU crossing a full block gets the same bandwidth). A fraction never exceeds 1.
// ASSUMPTION: every GPU's traffic crosses the tier. A topology-aware collective (a ring ordered
// by block, hierarchical all-reduce) sends less across it: this is the pessimistic end.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace fleetsim::model {

class TierShares {
 public:
  TierShares() = default;
  // Uplink capacity of each block below the tier, in GPUs' NIC bandwidths.
  explicit TierShares(std::vector<double> capacity) : capacity_(std::move(capacity)) {}

  // Job `job` (attempt `key`: a later key replaces an earlier one, an earlier one is stale)
  // puts the demand of `gpus` GPUs on block `block`.
  void add(std::int32_t job, std::uint32_t key, std::int32_t block, std::int32_t gpus);
  // Attempt `key` of job `job` stops crossing the tier.
  void remove(std::int32_t job, std::uint32_t key);

  struct Share {
    std::int32_t job;
    std::uint32_t key;
    double share;  // (0, 1]: the fraction of its demand it gets

    template <class Archive>
    void serialize(Archive& ar) {
      ar(job, key, share);
    }
  };
  // Every job's share, in job order.
  std::vector<Share> solve() const;
  std::size_t jobs() const { return jobs_.size(); }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(capacity_, jobs_);
  }

 private:
  struct Entry {
    std::int32_t job = 0;
    std::uint32_t key = 0;
    std::vector<std::pair<std::int32_t, double>> demand;  // (block, GPUs), blocks ascending

    template <class Archive>
    void serialize(Archive& ar) {
      ar(job, key, demand);
    }
  };
  std::vector<double> capacity_;
  std::vector<Entry> jobs_;  // by job ascending
};

}  // namespace fleetsim::model
