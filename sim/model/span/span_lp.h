// The span coordinator: runs the jobs that span several sites (sched.oversize = span) and owns
// the WAN between the sites (each cluster of the layout is a site). One LP for the fleet.
//
// A spanning job is one /jobs row, kept here with its progress; each site holds a part of its
// nodes, queued by that site's own scheduler like any job. The protocol, all messages carrying
// the job's generation (a message of an older generation is stale and dropped):
//   router  -> span     span submit     plan the sites (span_plan.h), send each site its part
//   span    -> cluster  part submit     the part is queued there
//   cluster -> span     part ready      the site's scheduler started the part: it holds the
//                                       nodes, idle, until every site is ready (co-allocation)
//   span    -> cluster  part go         every part is ready and every site's WAN is up: all run
//                                       from the same instant; the job's progress starts here
//   cluster -> span     part rate       the part's progress rate on its site changed
//   cluster -> span     part down       a failure took the part's nodes (it requeued itself)
//   span    -> cluster  part stop       the job was interrupted (a part down, every WAN path of
//                                       a site cut): release the nodes, requeue at the head, at
//                                       the next generation; or `done`: the job ended
// While waiting, a part that goes down only stops being ready; the others keep holding.
// Running, the job moves at the least of its parts' rates times its WAN's rate (a synchronous
// step waits for its slowest site). Its time limit and checkpoints are the job's, kept here.
// Sites' WAN paths (span.wan_paths) are cut and repaired (failures.wan_rate, wan_repair): a cut
// path takes its share of the site's WAN bandwidth (the job slows through the step model); a
// site with every path cut interrupts its jobs, which wait until a path is back.
// The spanning jobs running at a site share what is up of its WAN (span.wan_shared): each
// demands all of it (its cross-site stage alone would fill it), and the shares are max-min fair
// by progressive filling over the sites (fabric/tier_share.h, with sites as the blocks). What a
// job loses to sharing is contention (/jobs contended), what it loses to cut paths is the
// failures' (degraded). Shares are recomputed whenever a job starts or stops or a path changes.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "sim/model/cluster/job_progress.h"
#include "sim/model/fleet_map.h"
#include "sim/model/job_speed.h"
#include "sim/model/messages.h"
#include "sim/model/model_lp.h"

namespace fleetsim::model {

class SpanLp final : public engine::StatefulLp<SpanLp, ModelLp> {
 public:
  SpanLp(const ModelConfig& cfg, const FleetMap& map, engine::LpId first_cluster);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;
  void finish(engine::Context& ctx) override;
  void report(LpReport& out) const override;

  // For tests and tools: the spanning jobs' records and the WAN cuts so far.
  std::vector<JobRecord> job_records() const;
  const std::vector<FailureRecord>& failures() const { return failures_; }

  template <class Archive>
  void state(Archive& ar);

 private:
  struct Part {
    std::int32_t cluster = 0;
    std::int32_t gpus = 0;
    bool ready = false;
    Time ready_at = 0;  // when the site started holding its nodes
    double rate = 1, free_rate = 1;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(cluster, gpus, ready, ready_at, rate, free_rate);
    }
  };
  struct Job {
    JobRecord rec;
    std::vector<Part> parts;
    ProgressState progress;
    std::uint32_t gen = 0;      // parts' messages of another generation are stale
    std::uint32_t attempt = 0;  // the end timer's key (a rate change re-arms it)
    std::uint32_t starts = 0;   // the time limit's key
    bool running = false, done = false;
    double held_gpu_us = 0;  // GPU-time its parts held nodes idle, waiting for the others
    template <class Archive>
    void serialize(Archive& ar) {
      ar(rec, parts, progress, gen, attempt, starts, running, done, held_gpu_us);
    }
  };

  void on_submit(const engine::Event& ev, engine::Context& ctx);
  void on_ready(const engine::Event& ev, engine::Context& ctx);
  void on_down(const engine::Event& ev, engine::Context& ctx);
  void on_rate(const engine::Event& ev, engine::Context& ctx);
  void on_end(const engine::Event& ev, engine::Context& ctx);
  void on_limit(const engine::Event& ev, engine::Context& ctx);
  void on_wan_cut(const engine::Event& ev, engine::Context& ctx);

  // The job of a part's message, or null when the message is stale.
  Job* current(std::uint64_t id, std::uint32_t gen);
  void try_go(std::int32_t slot, engine::Context& ctx);
  // Stops a running job: its progress books the attempt (work since `fail_time`'s checkpoint
  // lost unless planned), every part is told to requeue at the next generation.
  void interrupt(std::int32_t slot, Time fail_time, bool planned, engine::Context& ctx);
  // Ends a job (completed or timed out): every part is dropped.
  void finish_job(std::int32_t slot, JobState state, engine::Context& ctx);
  void rerate(std::int32_t slot, engine::Context& ctx);
  double wan_fraction(const Job& job) const;  // least share of WAN up among its sites
  // The fraction of its sites' WAN the job in `slot` gets, shared with the other running
  // spanning jobs (wan_fraction without span.wan_shared).
  double wan_share(std::int32_t slot) const;
  // The job's WAN rates: with its share (rate) and with only the cuts (free rate).
  std::pair<double, double> wan_rates(std::int32_t slot) const;
  // Every running job's rate again, after the WAN's sharing may have changed.
  void rerate_running(engine::Context& ctx);
  bool wan_up(const Job& job) const;  // every site has a path up
  void add_held(Job& job, const Part& part, Time until);
  Time draw_cut(int site, int path);

  const ModelConfig& cfg_;
  const FleetMap& map_;
  engine::LpId first_cluster_;
  JobSpeed speed_;
  std::unique_ptr<JobProgress> progress_;
  std::vector<Job> jobs_;
  std::map<std::uint64_t, std::int32_t> slot_of_;  // job id -> index in jobs_
  std::vector<std::int64_t> load_;                 // nodes of unfinished parts per site
  std::vector<std::int32_t> paths_down_;           // per site
  std::vector<engine::RngStream> rng_;             // per site x path: cut times
  std::vector<FailureRecord> failures_;            // WAN cuts
};

}  // namespace fleetsim::model
