#include "sim/model/cluster/priority.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/qos.h"

namespace fleetsim::model {

namespace {

// The sum of the weighted terms (weight x factor), truncated: the one place its arithmetic is
// written, so that a recomputation from precomputed terms gives multifactor_priority's integer
// bit for bit (the same products, added in the same order).
std::int64_t truncated_sum(double age, double fair_share, double size, double qos,
                           double partition) {
  const double sum = age + fair_share + size + qos + partition;
  // floor() is truncation for a sum >= 0 (weights and factors are): the cast alone, not libm's
  // call, in the recomputation's loop; the same integer either way.
  const auto whole = sum >= 0 ? static_cast<std::int64_t>(sum)
                              : static_cast<std::int64_t>(std::floor(sum));
  return std::max<std::int64_t>(1, whole);
}

}  // namespace

std::int64_t multifactor_priority(const SchedConfig& cfg, const PriorityFactors& f) {
  return truncated_sum(cfg.weight_age * f.age, cfg.weight_fair_share * f.fair_share,
                       cfg.weight_job_size * f.job_size, cfg.weight_qos * f.qos,
                       cfg.weight_partition * f.partition);
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
  if (mark_.size() <= static_cast<std::size_t>(j)) mark_.resize(static_cast<std::size_t>(j) + 1, 0);
  jobs_.add(j, e);
  jobs_[j].priority = multifactor_priority(*cfg_, factors(j, now));
}

void JobOrder::forget(std::int32_t j) {
  if (multifactor()) jobs_.forget(j);
}

std::int64_t JobOrder::current_priority(std::int32_t j) const {
  const Entry& e = jobs_[j];
  if (!waiting_built_ || static_cast<std::size_t>(j) >= mark_.size() ||
      !(mark_[static_cast<std::size_t>(j)] & kListed))
    return e.priority;
  Waiting key;
  key.arrival = e.arrival;
  key.id = e.id;
  const auto at = std::lower_bound(waiting_.begin(), waiting_.end(), key);
  return at != waiting_.end() && at->job == j ? at->priority : e.priority;
}

void JobOrder::settle_priorities() {
  for (const Waiting& w : waiting_)
    if (Entry* e = jobs_.find(w.job)) e->priority = w.priority;
}

bool JobOrder::before(std::int32_t a, std::int32_t b) const {
  const Entry& x = jobs_[a];
  const Entry& y = jobs_[b];
  const std::int64_t px = current_priority(a), py = current_priority(b);
  if (px != py) return px > py;
  if (x.arrival != y.arrival) return x.arrival < y.arrival;
  return x.id < y.id;
}

void JobOrder::enqueue(std::deque<std::int32_t>& queue, std::int32_t j, bool front) {
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
  // A job requeued before the recomputation that would drop its old entry keeps that entry.
  if (waiting_built_ && !(mark_[static_cast<std::size_t>(j)] & kListed)) {
    const Waiting w = waiting(j);
    waiting_.insert(std::upper_bound(waiting_.begin(), waiting_.end(), w), w);
    mark_[static_cast<std::size_t>(j)] |= kListed;
  }
}

JobOrder::Waiting JobOrder::waiting(std::int32_t j) const {
  const Entry& e = jobs_[j];
  Waiting w;
  w.arrival = e.arrival;
  w.id = e.id;
  w.job = j;
  w.slot = e.slot;
  w.size_term = cfg_->weight_job_size * job_size_factor(e);
  w.qos_term = cfg_->weight_qos * qos_factor_[static_cast<std::size_t>(e.qos)];
  w.partition_term = cfg_->weight_partition * partition_factor(*cfg_, e.partition);
  w.priority = e.priority;
  return w;
}

void JobOrder::rebuild_waiting(const std::deque<std::int32_t>& queue) {
  mark_.assign(std::max(mark_.size(), jobs_.bound()), 0);
  waiting_.clear();
  for (std::int32_t j : queue) {
    waiting_.push_back(waiting(j));
    mark_[static_cast<std::size_t>(j)] = kListed;
  }
  std::sort(waiting_.begin(), waiting_.end());
  waiting_built_ = true;
}

void JobOrder::charge(Entry& e, Time now) {
  if (e.charged_to < 0 || now <= e.charged_to) return;
  share_.charge(e.slot, static_cast<double>(e.held) * engine::to_seconds(now - e.charged_to));
  e.charged_to = now;
}

void JobOrder::started(std::int32_t j, Time now) {
  if (!multifactor()) return;
  jobs_[j].charged_to = now;
  jobs_[j].held = jobs_[j].gpus;
}

void JobOrder::resized(std::int32_t j, Time now, std::int32_t gpus) {
  if (!multifactor()) return;
  Entry& e = jobs_[j];
  charge(e, now);
  e.held = gpus;
}

void JobOrder::stopped(std::int32_t j, Time now) {
  if (!multifactor()) return;
  Entry& e = jobs_[j];
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
  for (std::int32_t j : on) charge(jobs_[j], now);
  share_term_.resize(static_cast<std::size_t>(share_.tenants()));
  for (std::int32_t t = 0; t < share_.tenants(); ++t)
    share_term_[static_cast<std::size_t>(t)] = cfg_->weight_fair_share * share_.factor(t);
  if (!waiting_built_) rebuild_waiting(queue);
  for (std::int32_t j : queue) mark_[static_cast<std::size_t>(j)] |= kQueued;
  // One pass in (arrival, id) order: drop the entries of jobs that left the queue, give the
  // others their new priority.
  std::size_t kept = 0;
  std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
  // The pass reads and writes only this list (and one byte per job): the job table is large and
  // the queued jobs are scattered over it (measured on the giant layout: stores into it were
  // most of the pass).
  for (std::size_t k = 0; k < waiting_.size(); ++k) {
    Waiting w = waiting_[k];
    std::uint8_t& mark = mark_[static_cast<std::size_t>(w.job)];
    if (!(mark & kQueued)) {
      mark = 0;  // it left the queue: its entry keeps its last priority (preemption reads it)
      if (Entry* e = jobs_.find(w.job)) e->priority = w.priority;
      continue;
    }
    mark = kListed;
    w.priority = truncated_sum(cfg_->weight_age * age_factor(w.arrival, now),
                               share_term_[static_cast<std::size_t>(w.slot)], w.size_term,
                               w.qos_term, w.partition_term);
    lo = std::min(lo, w.priority);
    hi = std::max(hi, w.priority);
    waiting_[kept++] = w;
  }
  waiting_.resize(kept);
  if (kept != queue.size())
    throw std::logic_error("JobOrder: a queued job has no place in arrival order");
  order_queue(queue, lo, hi);
}

void JobOrder::order_queue(std::deque<std::int32_t>& queue, std::int64_t lo, std::int64_t hi) {
  const std::size_t n = waiting_.size();
  if (n == 0) return;
  // Highest priority first; equal priorities keep waiting_'s (arrival, id) order. Priorities
  // span at most the sum of the weights (5,000 by default): a counting sort, unless the
  // weights make the span much wider than the queue.
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  if (span <= 4 * n + 4096) {
    count_.assign(span + 1, 0);
    for (const Waiting& w : waiting_) ++count_[static_cast<std::size_t>(hi - w.priority) + 1];
    for (std::size_t b = 1; b <= span; ++b) count_[b] += count_[b - 1];
    order_scratch_.resize(n);
    for (std::size_t k = 0; k < n; ++k)
      order_scratch_[static_cast<std::size_t>(
          count_[static_cast<std::size_t>(hi - waiting_[k].priority)]++)] = waiting_[k].job;
    std::copy(order_scratch_.begin(), order_scratch_.end(), queue.begin());
    return;
  }
  order_scratch_.resize(n);
  std::iota(order_scratch_.begin(), order_scratch_.end(), 0);
  std::stable_sort(order_scratch_.begin(), order_scratch_.end(),
                   [this](std::int32_t a, std::int32_t b) {
                     return waiting_[static_cast<std::size_t>(a)].priority >
                            waiting_[static_cast<std::size_t>(b)].priority;
                   });
  for (std::int32_t& k : order_scratch_) k = waiting_[static_cast<std::size_t>(k)].job;
  std::copy(order_scratch_.begin(), order_scratch_.end(), queue.begin());
}

double JobOrder::age_factor(Time arrival, Time now) const {
  // At the maximum age or beyond the quotient is at least 1 (both conversions are monotone):
  // the same 1.0 without the divisions, which most of a long queue would otherwise pay.
  const Time age = std::max<Time>(now - arrival, 0);
  if (age >= cfg_->priority_max_age) return 1.0;
  return std::min(1.0, engine::to_seconds(age) / engine::to_seconds(cfg_->priority_max_age));
}

double JobOrder::job_size_factor(const Entry& e) const {
  const double nodes = (e.gpus + gpus_per_node_ - 1) / gpus_per_node_;
  return std::min(1.0, (nodes * gpus_per_node_ / cluster_gpus_ + e.gpus / cluster_gpus_) / 2);
}

PriorityFactors JobOrder::factors_of(const Entry& e, Time now, double fair_share) const {
  PriorityFactors f;
  f.age = age_factor(e.arrival, now);
  f.fair_share = fair_share;
  f.job_size = job_size_factor(e);
  f.qos = qos_factor_[static_cast<std::size_t>(e.qos)];
  f.partition = partition_factor(*cfg_, e.partition);
  return f;
}

std::int64_t JobOrder::priority(std::int32_t j) const {
  return multifactor() ? current_priority(j) : 0;
}

PriorityFactors JobOrder::factors(std::int32_t j, Time now) const {
  const Entry& e = jobs_[j];
  return factors_of(e, now, share_.factor(e.slot));
}

}  // namespace fleetsim::model
