#include "sim/model/fabric/tier_share.h"

#include <algorithm>
#include <limits>

namespace fleetsim::model {

void TierShares::add(std::int32_t job, std::uint32_t key, std::int32_t block, std::int32_t gpus) {
  auto it = std::lower_bound(jobs_.begin(), jobs_.end(), job,
                             [](const Entry& e, std::int32_t j) { return e.job < j; });
  if (it == jobs_.end() || it->job != job) {
    it = jobs_.insert(it, Entry{job, key, {}});
  } else if (key < it->key) {
    return;  // a stale attempt
  } else if (key > it->key) {
    *it = Entry{job, key, {}};
  }
  auto& d = it->demand;
  auto b = std::lower_bound(d.begin(), d.end(), std::pair<std::int32_t, double>{block, 0.0});
  if (b != d.end() && b->first == block)
    b->second += gpus;
  else
    d.insert(b, {block, static_cast<double>(gpus)});
}

void TierShares::remove(std::int32_t job, std::uint32_t key) {
  auto it = std::lower_bound(jobs_.begin(), jobs_.end(), job,
                             [](const Entry& e, std::int32_t j) { return e.job < j; });
  if (it != jobs_.end() && it->job == job && it->key == key) jobs_.erase(it);
}

std::vector<TierShares::Share> TierShares::solve() const {
  const std::size_t n = jobs_.size();
  std::vector<double> level(n, 0), left = capacity_;
  std::vector<bool> frozen(n, false);
  std::size_t active = n;
  double fill = 0;  // the common fraction of the jobs not yet frozen
  while (active > 0) {
    // Demand of the active jobs on each block.
    std::vector<double> load(capacity_.size(), 0);
    for (std::size_t j = 0; j < n; ++j)
      if (!frozen[j])
        for (const auto& [b, g] : jobs_[j].demand) load[b] += g;
    // How far the common fraction can rise before a block fills, or every job has all it asks.
    double step = 1 - fill;
    for (std::size_t b = 0; b < load.size(); ++b)
      if (load[b] > 0) step = std::min(step, std::max(0.0, left[b]) / load[b]);
    fill += step;
    std::vector<bool> full(load.size(), false);
    for (std::size_t b = 0; b < load.size(); ++b) {
      if (load[b] <= 0) continue;
      left[b] -= step * load[b];
      // Full: no room left for the active jobs to rise (relative to its capacity).
      full[b] = left[b] <= 1e-12 * capacity_[b];
    }
    const bool done = fill >= 1;
    for (std::size_t j = 0; j < n; ++j) {
      if (frozen[j]) continue;
      bool stop = done;
      for (const auto& [b, g] : jobs_[j].demand) stop = stop || full[b];
      if (stop) frozen[j] = true, level[j] = std::min(1.0, fill), --active;
    }
  }
  std::vector<Share> out;
  out.reserve(n);
  for (std::size_t j = 0; j < n; ++j)
    out.push_back(
        {jobs_[j].job, jobs_[j].key, std::max(level[j], std::numeric_limits<double>::min())});
  return out;
}

}  // namespace fleetsim::model
