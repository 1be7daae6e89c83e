// A cluster: its jobs, its queue, and the parts that decide their fate, each behind an interface
// of its own (sim/model/cluster/): the scheduling policy (which queued jobs start), placement
// (which nodes they take), job progress (how their work advances, what a failure costs) and the
// statistics (accounting and sampling). This class only routes events between them.
//
// A node failure interrupts every job on the node: the jobs go back to the head of the queue, in
// id order, and pay the restart overhead when they next start. A fabric failure takes nodes down
// the same way (a leaf of a single-plane network: every node under it) or slows the jobs whose
// traffic crosses it (FabricHealth). Hot spares (failures.spare_nodes) are idle nodes kept from
// the scheduler: each node that goes down releases one, so an interrupted job restarts at once.
// With failures.recovery = elastic (sim/model/cluster/elastic.h) a training gang hit by a failure
// keeps running on its surviving whole replicas instead, and grows back at a scheduling pass
// when whole nodes are free.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "sim/model/cluster/cluster_stats.h"
#include "sim/model/cluster/contention.h"
#include "sim/model/cluster/fabric_health.h"
#include "sim/model/cluster/job_progress.h"
#include "sim/model/cluster/job_table.h"
#include "sim/model/cluster/placement.h"
#include "sim/model/cluster/priority.h"
#include "sim/model/cluster/scheduling_policy.h"
#include "sim/model/fleet_map.h"
#include "sim/model/job_speed.h"
#include "sim/model/messages.h"
#include "sim/model/model_lp.h"

namespace fleetsim::model {

class ClusterLp final : public engine::StatefulLp<ClusterLp, ModelLp>, private SchedulingView {
 public:
  // `span`: the span coordinator's LP (sim/model/span/span_lp.h), when jobs span sites.
  ClusterLp(const ModelConfig& cfg, const FleetMap& map, int cluster, engine::LpId router,
            engine::LpId span = 0);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;
  void finish(engine::Context& ctx) override;
  void report(LpReport& out) const override;

  // For tests and tools: the records, failures, samples and totals so far.
  std::vector<JobRecord> job_records() const;
  const std::vector<FailureRecord>& failures() const { return stats_.failures(); }
  const std::vector<TimelineSample>& timeline() const { return stats_.timeline(); }
  const SchedulingPolicy& policy() const { return *policy_; }
  const ClusterTotals& totals() const { return stats_.totals(); }

  template <class Archive>
  void state(Archive& ar);

  // Contention (sim/model/cluster/contention.h): tiers[t - 2] is the LP of tier t when it is
  // contended, kNoTier otherwise; empty: no contention. Set once, before the run.
  static constexpr engine::LpId kNoTier = ~engine::LpId{0};
  void contend_through(std::vector<engine::LpId> tiers);

 private:
  struct Job {
    JobRecord rec;
    Demand demand;
    Allocation alloc;  // of the current attempt
    ProgressState progress;
    std::uint32_t attempt = 0;
    std::uint32_t starts = 0;  // attempts started: a time limit is per start, not per rerate
    // A spanning job's part on this site (span_lp.h): queued and placed like any job, but its
    // progress, time limit and record are the span coordinator's. `held`: placed, idle, until
    // the coordinator's go; `gen`: the span's generation; `rate`/`free_rate`: as last reported.
    bool part = false, held = false;
    std::uint32_t gen = 0;
    double rate = 1, free_rate = 1;
    // sched.switches: since when it has been waiting for its leaf groups (-1: not), while its
    // limit (demand.max_leaves) is in force.
    Time switch_held = -1;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(rec, demand, alloc, progress, attempt, starts, part, held, gen, rate, free_rate,
         switch_held);
    }
  };

  // Handlers, one per message kind (handle() dispatches through a table).
  void on_submit(const engine::Event& ev, engine::Context& ctx);
  // A job as submitted here (its record, demand, partition, progress sized for it), and its
  // admission: into the table and the queue (at the head when `front`), a pass requested.
  Job new_job(const JobSubmitMsg& msg, bool part) const;
  std::int32_t admit(Job job, bool front, engine::Context& ctx);
  // sched.migrate_interrupted (cluster_migrate.cc): job j, requeued by a failure, is offered to
  // the router; a take sends it, its spec and state in pieces, to another cluster, where the
  // pieces are gathered (arriving_, by job id) and the job is admitted at the head of the queue.
  void offer_migration(std::int32_t j, engine::Context& ctx);
  void on_migrate_take(const engine::Event& ev, engine::Context& ctx);
  void on_job_migrate(const engine::Event& ev, engine::Context& ctx);
  struct Arriving {
    std::vector<std::uint8_t> bytes;
    std::uint16_t got = 0;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(bytes, got);
    }
  };
  std::map<std::uint64_t, Arriving> arriving_;
  // Jobs sent away whose pieces arrive at or after the run's end (no event then is handled):
  // this cluster reports their row, as it was when they left. Kept until their arrival passes.
  struct Departed {
    Time arrival = 0;
    JobRecord rec;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(arrival, rec);
    }
  };
  std::map<std::uint64_t, Departed> departed_;
  void on_job_end(const engine::Event& ev, engine::Context& ctx);
  // Job j has ended for good (completed, failed, cancelled, timed out): only its record stays.
  void retire(std::int32_t j);
  // Time limits (sched.enforce_time_limits): arm one at a start; a job still running at its
  // limit is killed (state timeout, work past its last checkpoint lost), not requeued.
  void arm_time_limit(std::int32_t j);
  void on_time_limit(const engine::Event& ev, engine::Context& ctx);
  void on_node_down(const engine::Event& ev, engine::Context& ctx);
  void on_node_up(const engine::Event& ev, engine::Context& ctx);
  void on_nodes_down(const engine::Event& ev, engine::Context& ctx);
  void on_nodes_up(const engine::Event& ev, engine::Context& ctx);
  void on_degrade(const engine::Event& ev, engine::Context& ctx);
  // Nodes [first, first + count) (cluster-local) go down: their jobs are interrupted (after
  // checkpointing when `planned`), the failure recorded with its blast radius.
  void take_down(int first, int count, FailureRecord rec, bool planned, engine::Context& ctx);
  void bring_up(int node);
  // failures.recovery = elastic. shrink: job j, running, loses nodes [first, first + count)
  // (failed at fail_time) and keeps `keep` of the others. grow_shrunk: at a pass, each shrunk
  // job (ascending id) takes the free whole nodes that bring it back to full size, else the
  // most whole replicas that fit. reconfigure: its attempt ends now (work since the last
  // checkpoint lost unless `planned`) and a new one starts on its nodes in `alloc`, after the
  // reconfiguration stall, with its remaining work converted to the new world by the step
  // model; `released` are the nodes it gives back (empty when growing).
  void shrink(std::int32_t j, int first, int count, int keep, Time fail_time, bool planned);
  void grow_shrunk();
  void reconfigure(std::int32_t j, Allocation alloc, Allocation released, Time fail_time,
                   bool planned);
  // The GPUs the step model runs job j on: fewer than it asked for while shrunk.
  std::int64_t world_of(std::int32_t j) const;
  // The nodes job j keeps if it runs on elastic after losing nodes [first, first + count); 0:
  // it restarts (failures.recovery = restart, no step model, a spanning part, too few left).
  int elastic_keep(std::int32_t j, int first, int count) const;
  // A shrunk job leaving its nodes (requeued, ended): its plan back at its full size.
  void restore_full_size(std::int32_t j);
  // Appends to hit_ the jobs on cluster-local nodes [first, first + count) (repeats possible).
  void add_jobs_on_nodes(int first, int count);
  // A job's progress rate on its nodes now, and what it would be without contention.
  double rate_of(std::int32_t j) const;
  double free_rate_of(std::int32_t j) const;
  // A tier's new share for a running job (kShare): rerate it.
  void on_share(const engine::Event& ev, engine::Context& ctx);
  // A running job's rate may have changed: reschedule its end.
  void rerate(std::int32_t j, engine::Context& ctx);
  FailureRecord record(Time fail_time, Time repair, core::Component kind, int tier, int group,
                       int local_node, engine::Context& ctx) const;
  void on_schedule(const engine::Event& ev, engine::Context& ctx);
  // Priorities and preemption (sim/model/cluster/priority.h, preemption.h): a job goes into the
  // queue at its place (fifo: interrupted jobs at the head); queued jobs that may preempt are
  // examined first, each pass; a victim is stopped and requeued.
  void enqueue(std::int32_t j, bool front);
  // sched.switches (sim/model/cluster/switches.h): a queued gang's limit on leaf groups is armed
  // with a self-event at the end of its wait; lifted then or when it starts. After each pass, a
  // limited job that could have started over more leaf groups starts its switch wait.
  void arm_switch_limit(std::int32_t j);
  void lift_switch_limit(std::int32_t j, Time now);
  void on_switch_wait(const engine::Event& ev, engine::Context& ctx);
  void note_switch_waits(Time now);
  void run_preemptors();
  std::vector<std::int32_t> victims_for(std::int32_t j);
  void preempt(std::int32_t victim);
  void on_sample(const engine::Event& ev, engine::Context& ctx);
  // A spanning job's part (span_lp.h has the protocol): queued on submit (on_submit takes
  // kPartSubmit and marks the job a part); started by the
  // scheduler, it holds its nodes and tells the coordinator (ready); it runs on go; a failure
  // of its nodes requeues it at the head and tells the coordinator (down); a stop requeues it
  // at the next generation or drops it.
  void on_part_go(const engine::Event& ev, engine::Context& ctx);
  void on_part_stop(const engine::Event& ev, engine::Context& ctx);
  void part_down(std::int32_t j, Time fail_time, bool planned);
  void report_part_rate(std::int32_t j, engine::Context& ctx);
  std::int32_t part_index(std::uint64_t job) const;
  void request_schedule(engine::Context& ctx);
  void release(std::int32_t j);
  // Job j's /jobs row if this cluster writes it (not a spanning job's part, not given back).
  const JobRecord* reported(std::int32_t j) const;
  int local_node(int global_node) const { return global_node - first_node_; }

  // SchedulingView, for the policy.
  Time now() const override { return ctx_->now(); }
  std::deque<std::int32_t>& queue() override { return queue_; }
  const Demand& demand(std::int32_t j) const override { return jobs_[j].demand; }
  Time time_limit(std::int32_t j) const override { return jobs_[j].rec.job.time_limit; }
  const std::vector<std::pair<Time, std::int32_t>>& running() const override { return running_; }
  const Allocation& allocation(std::int32_t j) const override { return jobs_[j].alloc; }
  Placement& placement() override { return *placement_; }
  void start(std::int32_t j) override;
  std::uint64_t version() const override { return changes_; }

  const ModelConfig& cfg_;
  int cluster_;
  engine::LpId router_;
  engine::LpId span_;
  int first_node_;
  int pods_;
  std::unique_ptr<Placement> placement_;
  std::unique_ptr<SchedulingPolicy> policy_;
  JobOrder order_;
  std::vector<std::int32_t> preemptors_;      // queued jobs whose QoS may preempt, any order
  std::vector<std::int32_t> switch_limited_;  // queued jobs whose switch limit is in force
  std::vector<std::int64_t> busy_by_qos_;     // GPUs held by running jobs, per QoS level
  std::unique_ptr<JobProgress> progress_;
  ClusterStats stats_;
  engine::Context* ctx_ = nullptr;  // during on_schedule only

  // By cluster job index; a job that ended keeps only its record (job_table.h).
  JobTable<Job> jobs_;
  std::deque<std::int32_t> queue_;
  std::vector<std::pair<Time, std::int32_t>> running_;  // (estimated end, job), sorted
  // SchedulingView::version(): counts changes to running_ and to queued jobs' demands (not saved).
  std::uint64_t changes_ = 0;
  std::int64_t queued_gpus_ = 0;
  bool schedule_pending_ = false;
  std::int64_t reported_queued_ = -1, reported_busy_ = -1;
  std::vector<std::int32_t> hit_;      // scratch: jobs a failure reaches
  std::vector<std::int32_t> on_node_;  // scratch: jobs on one node
  FabricHealth health_;
  JobSpeed speed_;
  std::vector<std::uint8_t> down_;    // per node: losses keeping it down (node, leaf, link...)
  std::vector<std::int32_t> spares_;  // held hot spares, ascending
  std::vector<std::int32_t> shrunk_;  // elastic jobs running shrunk (or were), ascending
  int spare_target_ = 0;
  Contention contention_;
  Time clock_ = 0;                               // the time of the event being handled
  std::map<std::uint64_t, std::int32_t> parts_;  // spanning job id -> its part in jobs_

  // sched.route and sched.migrate_queued (sim/model/routing_policy.h): the queue report with
  // the estimator's profile; the router's ask for a queued job to move (a job given back keeps
  // its slot with cluster -1 and is left out of the records; a moved job arrives as kJobMoved).
  QueueReportMsg queue_report(Time now) const;
  void on_migrate_ask(const engine::Event& ev, engine::Context& ctx);
};

}  // namespace fleetsim::model
