// A hand-made run of six jobs (one in each state) on two clusters, as the columns the summary
// figures are computed from and as the model's records, for the summary tests.
#pragma once
#include <vector>

#include "sim/engine/event.h"
#include "sim/io/summary_figures.h"
#include "sim/model/model_lp.h"
#include "sim/model/records.h"

namespace fleetsim::test {

// Six jobs, one in each state, on two clusters (64 + 32 GPUs) over 5000 s.
//   job state class shrunk req gpus alloc restarts submit start  end  runtime  useful  lost
//   allocated 0   0     2     0      32  32   32    0        0      100    4600 3600     115200
//   28800  144000 1   0     0     0      1   1    1     0        10     10     15   5        5 0 5
//   2   1     4     1      64  48   48    2        50     200    -1   10000    120000  4800 129600
//   3   3     3     0      64  64   0     0        60     -1     -1   1000     0       0      0
//   4   2     1     0      8   8    8     1        300    400    -1   500      400     240    640
//   5   4     5     0      16  16   16    0        1000   1100   1200 500      1600    0      1600
inline io::RunColumns hand_made() {
  io::RunColumns r;
  r.duration = 5000;
  r.total_gpus = 96;
  r.state = {0, 0, 1, 3, 2, 4};
  r.job_class = {2, 0, 4, 3, 1, 5};
  r.shrunk = {0, 0, 1, 0, 0, 0};
  r.gpus_requested = {32, 1, 64, 64, 8, 16};
  r.gpus = {32, 1, 48, 64, 8, 16};
  r.gpus_allocated = {32, 1, 48, 0, 8, 16};
  r.restarts = {0, 0, 2, 0, 1, 0};
  r.submit_time = {0, 10, 50, 60, 300, 1000};
  r.start_time = {100, 10, 200, -1, 400, 1100};
  r.end_time = {4600, 15, -1, -1, -1, 1200};
  r.runtime = {3600, 5, 10000, 1000, 500, 500};
  r.useful_gpu_seconds = {115200, 5, 120000, 0, 400, 1600};
  r.lost_gpu_seconds = {28800, 0, 4800, 0, 240, 0};
  r.allocated_gpu_seconds = {144000, 5, 129600, 0, 640, 1600};
  // What the records below give: checkpoints the rest of allocated, nothing slowed or held.
  r.checkpoint_gpu_seconds = {0, 0, 4800, 0, 0, 0};
  r.degraded = r.contended = r.exposed_comm_share = std::vector<double>(6, 0.0);
  r.held_gpu_seconds = std::vector<double>(6, 0.0);
  r.cluster_gpus = {64, 32};
  r.node_failures = {1, 2};
  r.busy_gpu_seconds = {1000, 2000};
  return r;
}

// The same run as the model hands it to the writer: records in engine time, per allocated GPU.
inline std::vector<model::JobRecord> hand_made_records() {
  const io::RunColumns r = hand_made();
  auto time = [](double s) { return s < 0 ? engine::Time{-1} : engine::from_seconds(s); };
  std::vector<model::JobRecord> out(r.state.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    model::JobRecord& j = out[i];
    j.job.id = i;
    j.job.submit = time(r.submit_time[i]);
    j.job.runtime = time(r.runtime[i]);
    j.job.gpus = r.gpus[i];
    j.job.gpus_requested = r.gpus_requested[i];
    j.job.job_class = static_cast<core::JobClass>(r.job_class[i]);
    j.job.shrunk = r.shrunk[i] != 0;
    j.gpus_allocated = r.gpus_allocated[i];
    j.cluster = r.gpus_allocated[i] > 0 ? static_cast<std::int32_t>(i % 2) : -1;
    j.state = static_cast<model::JobState>(r.state[i]);
    j.restarts = r.restarts[i];
    j.start = time(r.start_time[i]);
    j.end = time(r.end_time[i]);
    const double g = r.gpus_allocated[i] > 0 ? r.gpus_allocated[i] : 1;
    j.useful = time(r.useful_gpu_seconds[i] / g);
    j.lost = time(r.lost_gpu_seconds[i] / g);
    j.allocated = time(r.allocated_gpu_seconds[i] / g);
    j.checkpoint = j.allocated - j.useful - j.lost;
  }
  return out;
}

inline std::vector<model::ClusterRow> hand_made_clusters() {
  const io::RunColumns r = hand_made();
  std::vector<model::ClusterRow> out(r.cluster_gpus.size());
  for (std::size_t c = 0; c < out.size(); ++c) {
    out[c].cluster = static_cast<std::int32_t>(c);
    out[c].pods = 1;
    out[c].totals.gpus = r.cluster_gpus[c];
    out[c].totals.busy_gpu_seconds = r.busy_gpu_seconds[c];
    out[c].totals.node_failures = r.node_failures[c];
  }
  return out;
}

}  // namespace fleetsim::test
