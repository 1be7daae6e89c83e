// ClusterLp's part of migrating interrupted jobs (sched.migrate_interrupted; docs/model.md,
// "Recovery policies"). A started job that a failure sends back to the queue is offered to the
// router with its expected start here; the router answers with a take when another cluster is
// expected to start it sooner by more than sched.migrate_threshold (router_lp.cc). The job then
// leaves the queue and its spec and state cross the WAN to that cluster in pieces: the engine's
// payload is 48 bytes and the state is ~170. Every piece is sent now with the checkpoint's
// transfer delay, so all arrive at the same instant; the receiver gathers them in arriving_ (LP
// state, so a snapshot taken with some arrived holds them, and the pieces still in flight are
// pending events) and admits the job once all are there, whatever their order.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "sim/model/cluster_lp.h"
#include "sim/model/routing_policy.h"

namespace fleetsim::model {

namespace {

// What travels: the job as submitted and everything its record and progress accumulated. The
// rest of the record (its model, step, QoS, partition, checkpoint plan) is recomputed at the
// new cluster from the spec, as for any submission.
struct MigrantState {
  core::JobSpec spec;
  Time start, useful, lost, checkpoint, allocated, degraded, contended, preempted, switch_wait,
      ran_shrunk, migrate_time, remaining;
  std::int32_t restarts, preemptions, moves, shrinks, grows, migrations;
};
static_assert(std::is_trivially_copyable_v<MigrantState>);
constexpr int kPieces = (static_cast<int>(sizeof(MigrantState)) + MigratePieceMsg::kBytes - 1) /
                        MigratePieceMsg::kBytes;

}  // namespace

void ClusterLp::offer_migration(std::int32_t j, engine::Context& ctx) {
  if (!jobs_.live(j)) return;
  const Job& job = jobs_[j];
  const JobRecord& rec = job.rec;
  // Requeued by this failure (not shrunk by elastic, not a spanning part), started before, not
  // shrunk to fit (it only runs on a cluster of the size it was shrunk for), not pinned to a
  // tenant's cluster, and with a checkpoint of known size.
  const auto& pin = cfg_.sched.tenant_cluster;
  const bool pinned =
      (cfg_.sched.tenant_own_cluster && rec.job.tenant >= 0) ||
      (rec.job.tenant >= 0 && rec.job.tenant < static_cast<std::int32_t>(pin.size()));
  if (job.part || rec.state != JobState::kQueued || rec.start < 0 || rec.job.shrunk || pinned)
    return;
  const Time transfer = speed_.checkpoint_transfer(rec.job.gpus_requested);
  if (transfer < 0) return;
  // Its expected start here: the estimator with the demand queued up to and including it.
  std::int64_t demand = 0;
  for (std::int32_t q : queue_) {
    demand += jobs_[q].rec.job.gpus;
    if (q == j) break;
  }
  ClusterView self;
  apply_report(self, queue_report(ctx.now()), ctx.now());
  ctx.send(router_, cfg_.latency.report, kMigrateOffer, kPrioReport,
           MigrateOfferMsg{expected_start(self, demand, ctx.now()), transfer, j, job.starts,
                           rec.job.gpus, cluster_});
}

void ClusterLp::on_migrate_take(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<MigrateTakeMsg>();
  const std::int32_t j = msg.job;
  // Stale when it has started again (or ended) since it was offered.
  if (!jobs_.live(j)) return;
  Job& job = jobs_[j];
  if (job.starts != msg.key || job.rec.state != JobState::kQueued) return;
  const auto at = std::find(queue_.begin(), queue_.end(), j);
  if (at == queue_.end()) return;
  queue_.erase(at);
  if (job.demand.max_leaves > 0) lift_switch_limit(j, ctx.now());
  const auto p = std::find(preemptors_.begin(), preemptors_.end(), j);
  if (p != preemptors_.end()) preemptors_.erase(p);
  queued_gpus_ -= job.rec.job.gpus;

  const JobRecord& r = job.rec;
  MigrantState m;
  std::memset(static_cast<void*>(&m), 0,
              sizeof m);  // the padding travels too: the same bytes on every run
  m.spec = r.job;
  m.start = r.start;
  m.useful = r.useful;
  m.lost = r.lost;
  m.checkpoint = r.checkpoint;
  m.allocated = r.allocated;
  m.degraded = r.degraded;
  m.contended = r.contended;
  m.preempted = r.preempted;
  m.switch_wait = r.switch_wait;
  m.ran_shrunk = r.ran_shrunk;
  m.migrate_time = r.migrate_time + msg.transfer;  // it waits while its checkpoint crosses
  m.remaining = job.progress.remaining;
  m.restarts = r.restarts;
  m.preemptions = r.preemptions;
  m.moves = r.moves;
  m.shrinks = r.shrinks;
  m.grows = r.grows;
  m.migrations = r.migrations + 1;
  std::uint8_t bytes[kPieces * MigratePieceMsg::kBytes] = {};
  std::memcpy(bytes, &m, sizeof m);
  // Cluster c is the LP first_cluster + c (fleet.cc).
  const engine::LpId to =
      ctx.self() - static_cast<engine::LpId>(cluster_) + static_cast<engine::LpId>(msg.to);
  for (int k = 0; k < kPieces; ++k) {
    MigratePieceMsg piece{};
    piece.job = r.job.id;
    piece.piece = static_cast<std::uint16_t>(k);
    std::memcpy(piece.data, bytes + k * MigratePieceMsg::kBytes, MigratePieceMsg::kBytes);
    ctx.send(to, msg.transfer, kJobMigrate, kPrioSubmit, piece);
  }
  // Its row is written where it ends; if the run ends first, here (departed_).
  std::erase_if(departed_, [&](const auto& d) { return d.second.arrival < ctx.now(); });
  Departed& d = departed_[r.job.id];
  d.arrival = ctx.now() + msg.transfer;
  d.rec = r;
  d.rec.migrations = static_cast<std::int16_t>(m.migrations);
  d.rec.migrate_time = m.migrate_time;
  jobs_.drop(j);
  order_.forget(j);
  request_schedule(ctx);  // the report tells the router
}

void ClusterLp::on_job_migrate(const engine::Event& ev, engine::Context& ctx) {
  const auto piece = ev.as<MigratePieceMsg>();
  Arriving& a = arriving_[piece.job];
  a.bytes.resize(static_cast<std::size_t>(kPieces) * MigratePieceMsg::kBytes);
  std::memcpy(a.bytes.data() + piece.piece * MigratePieceMsg::kBytes, piece.data,
              MigratePieceMsg::kBytes);
  if (++a.got < kPieces) return;
  MigrantState m;
  std::memcpy(&m, a.bytes.data(), sizeof m);
  arriving_.erase(piece.job);

  Job job = new_job(m.spec, false);
  JobRecord& r = job.rec;
  r.start = m.start;
  r.useful = m.useful;
  r.lost = m.lost;
  r.checkpoint = m.checkpoint;
  r.allocated = m.allocated;
  r.degraded = m.degraded;
  r.contended = m.contended;
  r.preempted = m.preempted;
  r.switch_wait = m.switch_wait;
  r.ran_shrunk = m.ran_shrunk;
  r.migrate_time = m.migrate_time;
  r.restarts = m.restarts;
  r.preemptions = m.preemptions;
  r.moves = m.moves;
  r.shrinks = m.shrinks;
  r.grows = m.grows;
  r.migrations = static_cast<std::int16_t>(m.migrations);
  // It resumes from its checkpoint: the work left then, and a restart's overhead when it starts.
  job.progress.remaining = m.remaining;
  // At the head of the queue, as an interrupted job is where it was.
  admit(std::move(job), true, ctx);
}

}  // namespace fleetsim::model
