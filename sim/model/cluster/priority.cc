#include "sim/model/cluster/priority.h"

#include <algorithm>
#include <cmath>

#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/qos.h"

namespace fleetsim::model {

std::int64_t multifactor_priority(const SchedConfig& cfg, const PriorityFactors& f) {
  const double sum = cfg.weight_age * f.age + cfg.weight_fair_share * f.fair_share +
                     cfg.weight_job_size * f.job_size + cfg.weight_qos * f.qos +
                     cfg.weight_partition * f.partition;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::floor(sum)));
}

JobOrder::JobOrder(const SchedConfig& cfg, std::int64_t cluster_gpus, int gpus_per_node)
    : cfg_(&cfg),
      cluster_gpus_(static_cast<double>(std::max<std::int64_t>(cluster_gpus, 1))),
      gpus_per_node_(std::max(gpus_per_node, 1)),
      share_(cfg.fair_share_half_life) {
  for (std::size_t q = 0; q < cfg.qos.size(); ++q)
    qos_factor_.push_back(qos_factor(cfg, static_cast<int>(q)));
}

void JobOrder::admit(std::int32_t j, const JobRecord& rec, Time now) {
  if (!multifactor()) return;  // fifo keeps no state: today's runs, byte for byte
  Entry e;
  e.gpus = rec.gpus_allocated;
  e.qos = rec.qos;
  e.partition = rec.partition;
  e.arrival = now;
  e.id = rec.job.id;
  e.slot = share_.add_tenant(rec.job.tenant);
  if (jobs_.size() <= static_cast<std::size_t>(j)) jobs_.resize(static_cast<std::size_t>(j) + 1);
  jobs_[static_cast<std::size_t>(j)] = e;
  jobs_[static_cast<std::size_t>(j)].priority = multifactor_priority(*cfg_, factors(j, now));
}

bool JobOrder::before(std::int32_t a, std::int32_t b) const {
  const Entry& x = jobs_[static_cast<std::size_t>(a)];
  const Entry& y = jobs_[static_cast<std::size_t>(b)];
  if (x.priority != y.priority) return x.priority > y.priority;
  if (x.arrival != y.arrival) return x.arrival < y.arrival;
  return x.id < y.id;
}

void JobOrder::enqueue(std::deque<std::int32_t>& queue, std::int32_t j, bool front) const {
  if (!multifactor()) {
    if (front) {
      queue.push_front(j);
    } else {
      queue.push_back(j);
    }
    return;
  }
  const auto at = std::upper_bound(queue.begin(), queue.end(), j,
                                   [this](std::int32_t a, std::int32_t b) { return before(a, b); });
  queue.insert(at, j);
}

void JobOrder::charge(Entry& e, Time now) {
  if (e.charged_to < 0 || now <= e.charged_to) return;
  share_.charge(e.slot, static_cast<double>(e.gpus) * engine::to_seconds(now - e.charged_to));
  e.charged_to = now;
}

void JobOrder::started(std::int32_t j, Time now) {
  if (multifactor()) jobs_[static_cast<std::size_t>(j)].charged_to = now;
}

void JobOrder::stopped(std::int32_t j, Time now) {
  if (!multifactor()) return;
  Entry& e = jobs_[static_cast<std::size_t>(j)];
  charge(e, now);
  e.charged_to = -1;
}

void JobOrder::before_pass(Time now, std::deque<std::int32_t>& queue,
                           const std::vector<std::pair<Time, std::int32_t>>& running) {
  if (!multifactor() || now < next_due_) return;
  const Time step = cfg_->priority_interval;
  next_due_ = (now / step + 1) * step;
  share_.decay_to(now);
  // Running jobs in job order, so the usage sums add up in the same order wherever this runs.
  std::vector<std::int32_t> on;
  on.reserve(running.size());
  for (const auto& [end, j] : running) on.push_back(j);
  std::sort(on.begin(), on.end());
  for (std::int32_t j : on) charge(jobs_[static_cast<std::size_t>(j)], now);
  share_factor_.resize(static_cast<std::size_t>(share_.tenants()));
  for (std::int32_t t = 0; t < share_.tenants(); ++t)
    share_factor_[static_cast<std::size_t>(t)] = share_.factor(t);
  // Sort by value keys, not through the job table: the queue can hold many thousands.
  keys_.clear();
  for (std::int32_t j : queue) {
    Entry& e = jobs_[static_cast<std::size_t>(j)];
    e.priority = multifactor_priority(
        *cfg_, factors_of(e, now, share_factor_[static_cast<std::size_t>(e.slot)]));
    keys_.push_back({-e.priority, e.arrival, e.id, j});
  }
  // Ages grow alike, so the order often holds from one recomputation to the next: check first
  // (the keys are unique, so the sorted order is the same either way).
  if (std::is_sorted(keys_.begin(), keys_.end())) return;
  std::sort(keys_.begin(), keys_.end());
  for (std::size_t k = 0; k < keys_.size(); ++k) queue[k] = keys_[k].job;
}

PriorityFactors JobOrder::factors_of(const Entry& e, Time now, double fair_share) const {
  PriorityFactors f;
  f.age = std::min(1.0, engine::to_seconds(std::max<Time>(now - e.arrival, 0)) /
                            engine::to_seconds(cfg_->priority_max_age));
  f.fair_share = fair_share;
  const double nodes = (e.gpus + gpus_per_node_ - 1) / gpus_per_node_;
  f.job_size = std::min(1.0, (nodes * gpus_per_node_ / cluster_gpus_ + e.gpus / cluster_gpus_) / 2);
  f.qos = qos_factor_[static_cast<std::size_t>(e.qos)];
  f.partition = partition_factor(*cfg_, e.partition);
  return f;
}

std::int64_t JobOrder::priority(std::int32_t j) const {
  return multifactor() ? jobs_[static_cast<std::size_t>(j)].priority : 0;
}

PriorityFactors JobOrder::factors(std::int32_t j, Time now) const {
  const Entry& e = jobs_[static_cast<std::size_t>(j)];
  return factors_of(e, now, share_.factor(e.slot));
}

}  // namespace fleetsim::model
