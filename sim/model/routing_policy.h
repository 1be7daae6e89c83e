// The router's choice of cluster (sched.route) and of queued jobs to move (sched.migrate_queued):
// one place for the rules, used by the router (router_lp.cc) and, for the expected start of a
// queued job it is asked to give back, by the cluster (cluster_lp.cc). docs/model.md, "Several
// clusters, one scheduler above them".
//
// The expected start of a job on a cluster (the estimator). A cluster reports, with its queued
// and busy GPUs, its free GPUs (idle, up, not a held spare) and a compact profile of when its
// running jobs free their GPUs: the times by which a quarter, a half, three quarters and all of
// its busy GPUs are free if every running job ends at its time limit (the scheduler's estimate,
// as EASY backfilling uses it), and the GPU-weighted mean time limit of its running and queued
// jobs (its turnover). A job that needs `demand` GPUs counting everything queued ahead of it (FIFO:
// the whole queue, and itself) then starts:
//   - now, when demand <= free;
//   - when the first quartile covering need = demand - free GPUs is reached, when need <= busy
//     (a step function: the k-th quartile time with k = ceil(4 need / busy));
//   - otherwise after all running jobs ended plus (need - busy) / (free + busy) turnovers: the
//     queued demand beyond what the running jobs free is served a cluster's worth (its GPUs up
//     now) per turnover.
// It ignores backfilling (a small job may start earlier), failures to come, and that queued jobs
// ahead of it may end before their limits; it is an estimate, the same for every route policy.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/model/config.h"
#include "sim/model/messages.h"

namespace fleetsim::model {

// What the router knows of a cluster: its last report (times made absolute) and what it sent
// since.
struct ClusterView {
  std::int64_t capacity = 0;  // GPUs of the cluster
  std::int64_t queued = 0;    // queued GPU demand, as reported plus sent since
  std::int64_t busy = 0;
  std::int64_t free = 0;
  Time quartile[4] = {0, 0, 0, 0};  // when 1/4 .. 4/4 of the busy GPUs are free (absolute)
  Time turnover = 0;                // GPU-weighted mean time limit of running and queued jobs

  template <class Archive>
  void serialize(Archive& ar) {
    ar(capacity, queued, busy, free, quartile, turnover);
  }
};

// A report's payload from the cluster's state: `running` (estimated end, GPUs) sorted by end.
QueueReportMsg make_queue_report(std::int32_t cluster, std::int64_t queued, std::int64_t busy,
                                 std::int64_t free,
                                 const std::vector<std::pair<Time, std::int64_t>>& running,
                                 Time turnover, Time now, bool with_profile);
// The report seen at `made` (the time the cluster sent it) into a view.
void apply_report(ClusterView& v, const QueueReportMsg& r, Time made);

// The estimator above: when a job needing `demand` GPUs (queued ahead of it plus its own)
// starts on the cluster, at the earliest `now`.
Time expected_start(const ClusterView& v, std::int64_t demand, Time now);

// The route policies' choice among the `eligible` clusters (ascending indexes, never empty) for
// a job of `gpus` GPUs of tenant `tenant`.
int choose_cluster(const SchedConfig& cfg, const std::vector<ClusterView>& views,
                   const std::vector<int>& eligible, std::int32_t gpus, std::int32_t tenant,
                   Time now);

// sched.migrate_queued: the cluster with the most room now (free GPUs beyond its queue; -1:
// none has room), and the cluster whose last queued job waits longest, when that wait is more
// than the threshold (-1: none).
struct MigrationAsk {
  int from = -1, to = -1;
  std::int64_t max_gpus = 0;  // what `to` can start at once
};
MigrationAsk plan_migration(const SchedConfig& cfg, const std::vector<ClusterView>& views,
                            Time now);

}  // namespace fleetsim::model
