// The comparison figures of one run, computed from its HDF5 file (so the table printed and the
// file can never disagree), and the side-by-side table of several runs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace fleetsim::io {

struct Summary {
  std::string file, layout;
  std::int64_t clusters = 0, gpus = 0;
  double duration_s = 0;
  std::int64_t jobs = 0, completed = 0, running = 0, queued = 0, rejected = 0, shrunk = 0;
  std::int64_t ended_as_recorded = 0;  // failed/cancelled as traced (trace.replay_outcomes)
  double utilization = 0;              // busy GPU-time / (GPUs x duration)
  double goodput = 0;                  // useful / allocated GPU-time
  double wait_mean_h = 0, wait_p50_h = 0, wait_p99_h = 0;  // over started jobs
  double bounded_slowdown = 0;                             // mean over completed jobs, 10 s bound
  double lost_gpu_hours = 0;
  std::int64_t interruptions = 0, node_failures = 0;
  std::int64_t largest_id = -1, largest_gpus = 0;
  bool largest_done = false;
  bool largest_rejected = false;
  double largest_days = 0;      // submit to completion, when done
  double largest_progress = 0;  // share of its work done, when not
};

// Reads PATH (serial HDF5); throws std::runtime_error naming the file and the missing dataset.
Summary summarize(const std::string& path);

std::string format_table(const std::vector<Summary>& runs);

}  // namespace fleetsim::io
