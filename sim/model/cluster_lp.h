// A cluster: its queue, its scheduler (FIFO with EASY backfilling on the users' time limits) and
// its jobs. Gangs of a node or more take whole nodes, spread over the fewest pods; smaller jobs
// take GPUs within one node (best fit). A node failure interrupts every job on the node: work
// since the job's last checkpoint is lost and the job goes back to the head of the queue, paying
// the restart overhead when it next starts.
#pragma once
#include <deque>
#include <utility>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/attempt.h"
#include "sim/model/fleet_map.h"
#include "sim/model/messages.h"
#include "sim/model/node_pool.h"
#include "sim/model/records.h"

namespace fleetsim::model {

class ClusterLp final : public engine::Lp {
 public:
  ClusterLp(const ModelConfig& cfg, const FleetMap& map, int cluster);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;
  void finish(engine::Context& ctx) override;

  // Results, complete after finish().
  std::vector<JobRecord> job_records() const;
  std::size_t job_count() const { return jobs_.size(); }
  template <class F>
  void for_each_job_record(F&& f) const {
    for (const Job& job : jobs_) f(job.rec);
  }
  const std::vector<FailureRecord>& failures() const { return failures_; }
  const std::vector<TimelineSample>& timeline() const { return timeline_; }
  const std::vector<PodSample>& pod_timeline() const { return pod_timeline_; }
  const std::vector<EventRecord>& events() const { return events_; }
  const ClusterTotals& totals() const { return totals_; }

 private:
  struct Job {
    JobRecord rec;
    bool whole_nodes = false;
    std::int32_t nodes_needed = 1;
    Time interval = 0;   // checkpoint interval for this job's size
    Time remaining = 0;  // compute still to do
    AttemptPlan plan;    // of the current attempt
    Time attempt_start = -1;
    std::uint32_t attempt = 0;
    std::vector<std::int32_t> nodes;  // allocation of the current attempt
  };
  struct Reservation {
    Time shadow;      // when the blocked head job can start at the latest (by time limits)
    int extra_nodes;  // whole nodes free then beyond what the head job needs
  };

  void on_submit(const JobSubmitMsg& msg, engine::Context& ctx);
  void on_job_end(const JobEndMsg& msg, engine::Context& ctx);
  void on_node_down(const NodeDownMsg& msg, engine::Context& ctx);
  void on_node_up(const NodeUpMsg& msg, engine::Context& ctx);
  void on_sample(engine::Context& ctx);
  void schedule(engine::Context& ctx);
  void request_schedule(engine::Context& ctx);

  bool fits(const Job& job) const;
  int whole_nodes_used(const Job& job) const;  // of the currently free ones, if started now
  Reservation reserve(const Job& head, Time now);
  void start(int j, engine::Context& ctx);
  void release(Job& job);
  void interrupt(int j, Time fail_time, Time now);
  void advance(Time now);
  int local_node(int global_node) const { return global_node - first_node_; }
  void record_event(Time t, const Job& job, JobEvent kind) {
    if (cfg_.output.event_log)
      events_.push_back({t, job.rec.id, cluster_, kind, job.rec.gpus_allocated});
  }

  const ModelConfig& cfg_;
  int cluster_;
  engine::LpId router_;
  int first_node_;
  int first_pod_;
  NodePool pool_;
  double failure_rate_per_us_;

  std::vector<Job> jobs_;
  std::deque<std::int32_t> queue_;
  std::vector<std::int32_t> node_jobs_;  // gpus_per_node slots per node, -1 when empty
  std::vector<std::pair<Time, std::int32_t>> running_;  // (estimated end, job), sorted
  std::int64_t queued_gpus_ = 0;
  bool schedule_pending_ = false;
  std::int64_t reported_queued_ = -1, reported_busy_ = -1;

  // Scratch for reserve(): per node free GPUs as releases are replayed.
  std::vector<std::int16_t> scratch_free_;
  std::vector<std::int32_t> touched_;
  std::vector<std::int32_t> kept_;

  Time last_advance_ = 0;
  ClusterTotals totals_;
  std::vector<FailureRecord> failures_;
  std::vector<TimelineSample> timeline_;
  std::vector<PodSample> pod_timeline_;
  std::vector<EventRecord> events_;
};

}  // namespace fleetsim::model
