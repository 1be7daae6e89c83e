// The events the fleet's LPs exchange: kinds, same-time priorities and payloads. Payloads are
// trivially copyable and fit in engine::Event::kPayloadBytes.
#pragma once
#include <cstdint>

#include "core/component.h"
#include "core/job.h"
#include "sim/engine/event.h"

namespace fleetsim::model {

using engine::Time;

enum Kind : std::uint16_t {
  kNodeFail = 1,  // pod -> itself: a node of the pod fails now
  kNodeDown,      // pod -> cluster: a node failed (seen after the detection latency)
  kNodeUp,        // pod -> cluster: the node is repaired
  kArrival,       // router -> itself: the pending job arrives
  kJobSubmit,     // router -> cluster
  kQueueReport,   // cluster -> router
  kJobEnd,        // cluster -> itself: an attempt completes
  kSchedule,      // cluster -> itself: one scheduling pass after all same-time changes
  kSample,        // cluster -> itself: a timeline sample
  kMaintenance,   // pod -> itself: a node's planned maintenance is due
  kFabricFail,    // fabric LP -> itself: one of its components fails now
  kNodesDown,     // fabric LP -> cluster: nodes lose the network (seen after detection)
  kNodesUp,       // fabric LP -> cluster: they have it back
  kDegrade,       // fabric LP -> cluster: bandwidth lost (or back) on some nodes or a tier
  kTimeLimit,     // cluster -> itself: an attempt reaches its time limit (JobEndMsg, by start)
  kContend,       // cluster -> fabric tier: a job starts (or stops) crossing the tier
  kShareSolve,    // fabric tier -> itself: recompute the shares after all same-time changes
  kShare,         // fabric tier -> cluster: a job's share of the tier changed
  // Jobs spanning sites (sim/model/span/span_lp.h has the protocol).
  kSpanSubmit,  // router -> span: a job larger than every cluster, to spread over sites
  kPartSubmit,  // span -> cluster: one site's part of it (JobSubmitMsg: its GPUs, the job's id)
  kPartReady,   // cluster -> span: the part holds its nodes, idle, waiting for the others
  kPartGo,      // span -> cluster: every part is ready: run
  kPartDown,    // cluster -> span: the part lost its nodes (a failure) or its hold
  kPartRate,    // cluster -> span: the part's progress rate on its site changed
  kPartStop,    // span -> cluster: give the nodes back; requeue the part, or drop it (done)
  kSpanEnd,     // span -> itself: the job's attempt completes
  kSpanLimit,   // span -> itself: the job reaches its time limit
  kWanCut,      // span -> itself: a WAN path of a site is cut (or, repaired)
  // sched.migrate_queued (sim/model/routing_policy.h): the router asks a cluster for a queued job
  // (MigrateAskMsg); the cluster gives one back (JobSubmitMsg) or says no (std::int32_t cluster);
  // the router submits it to another cluster as moved (JobSubmitMsg).
  kMigrateAsk,   // router -> cluster
  kMigrateGive,  // cluster -> router
  kMigrateNo,    // cluster -> router
  kJobMoved,     // router -> cluster
  // sched.switches (sim/model/cluster/switches.h): a gang's wait for its leaf groups ends
  // (JobEndMsg, by the job's start count when it was queued).
  kSwitchWait,  // cluster -> itself
  // sched.migrate_interrupted (sim/model/cluster_migrate.cc): a cluster offers a started job a
  // failure requeued (MigrateOfferMsg); the router tells it to send the job elsewhere
  // (MigrateTakeMsg) or says nothing; the job's spec and state cross the WAN to the other
  // cluster in kMigratePieces pieces (MigratePieceMsg), all with the checkpoint's transfer delay.
  kMigrateOffer,  // cluster -> router
  kMigrateTake,   // router -> cluster
  kJobMigrate,    // cluster -> cluster
};

// Lower runs first among same-time events: state changes, then scheduling, then sampling.
enum Priority : std::int32_t {
  kPrioFailure = 0,
  kPrioJobEnd = 1,
  kPrioSubmit = 2,
  kPrioReport = 3,
  kPrioPart = 4,  // a part's ready, go and stop, after the state changes of its instant
  kPrioSchedule = 8,
  kPrioSample = 9,
};

struct NodeFailMsg {
  std::int32_t node_in_pod;
};

struct NodeDownMsg {
  Time fail_time;
  Time repair;        // how long the node stays down from fail_time
  std::int32_t node;  // global node id
  core::Component component = core::Component::kGpu;
  // Planned maintenance: the node's jobs checkpoint before it goes down, losing no work.
  bool planned = false;
};

struct NodeUpMsg {
  std::int32_t node;
};

// A fabric LP's own clock: which of its component families fails now.
struct FabricFailMsg {
  std::int32_t family;  // fabric_lp.h: index of the family in the LP's list
};

// Nodes [first_node, first_node + count) (global ids) lose, or regain, their network. `tier`
// and `leaf_group` say where the failed component sits (records.h, FailureRecord).
struct NodesDownMsg {
  Time fail_time;
  Time repair;
  std::int32_t first_node;
  std::int32_t count;
  std::int32_t leaf_group;  // cluster-local
  core::Component component;
  std::int8_t tier;
};
struct NodesUpMsg {
  std::int32_t first_node;
  std::int32_t count;
};

// Bandwidth lost (delta +1) or restored (-1): on nodes [first_node, first_node + count) (one
// plane of theirs: a leaf or link of a multi-plane network), or, with count 0, on a whole tier
// (one switch of it).
struct DegradeMsg {
  Time fail_time;
  Time repair;
  std::int32_t first_node;
  std::int32_t count;
  std::int32_t leaf_group;
  std::int32_t delta;
  core::Component component;
  std::int8_t tier;
};

// kJobSubmit carries the job itself: core::JobSpec, as the router numbered (and maybe shrank) it.
using JobSubmitMsg = core::JobSpec;

struct QueueReportMsg {
  std::int64_t queued_gpus;
  std::int64_t busy_gpus;
  std::int32_t cluster;
  // For sched.route earliest_start and tenant_affinity and sched.migrate_queued (zeros
  // otherwise; sim/model/routing_policy.h): free GPUs, and in whole seconds after the report the
  // times by which 1/4 .. 4/4 of the busy GPUs are free and the jobs' turnover.
  std::int32_t free_gpus = 0;
  std::int32_t quartile_s[4] = {0, 0, 0, 0};
  std::int32_t turnover_s = 0;
};

// Give back a queued, never-started job of at most `max_gpus` GPUs expected to start here after
// `not_before` (the last such in the queue), or say no.
struct MigrateAskMsg {
  Time not_before;
  std::int64_t max_gpus;
};

// kMigrateOffer: job `job` (cluster index) of `gpus` GPUs, requeued by a failure, is expected to
// start at `here` where it is; its checkpoint would take `transfer` to cross the WAN. `key`: its
// start count (a take for an earlier queueing is stale).
struct MigrateOfferMsg {
  Time here;
  Time transfer;
  std::int32_t job;
  std::uint32_t key;
  std::int32_t gpus;
  std::int32_t cluster;
};
// kMigrateTake: send that job to cluster `to`.
struct MigrateTakeMsg {
  Time transfer;
  std::int32_t job;
  std::uint32_t key;
  std::int32_t to;
};
// kJobMigrate: piece `piece` of the bytes of a migrating job's spec and state
// (cluster_lp.h, MigrantState), from cluster `from`. The engine's payload is 48 bytes.
struct MigratePieceMsg {
  static constexpr int kBytes = 36;
  std::uint64_t job;  // JobSpec::id
  std::uint16_t piece;
  std::uint8_t data[kBytes];
};

// A job starts crossing an oversubscribed tier with `gpus[i]` GPUs in block `block[i]` below it
// (i < count; a job on more blocks sends several), or with count 0 stops crossing it. `key` is
// its start counter: a message of an earlier attempt is stale (sim/model/fabric/tier_share.h).
struct ContendMsg {
  static constexpr int kMaxBlocks = 4;  // what fits in an event's payload
  std::int32_t job;
  std::uint32_t key;
  std::int32_t count;
  std::int32_t block[kMaxBlocks];
  std::int32_t gpus[kMaxBlocks];
};

// Attempt `key` of job `job` now gets `share` (0, 1] of its demand on tier `tier`.
struct ShareMsg {
  double share;
  std::int32_t job;
  std::uint32_t key;
  std::int32_t tier;
};

struct JobEndMsg {
  std::int32_t job;       // index in the cluster's job table
  std::uint32_t attempt;  // stale when the job was interrupted since
};

// A spanning job's part on one site: `job` is the job's id (JobSpec::id), `gen` the span's
// generation (sim/model/span/span_lp.h): a message of an older generation is stale.
struct PartMsg {
  std::uint64_t job;
  std::uint32_t gen;
  std::int32_t cluster;
};
// kPartDown: the part's nodes failed at `fail_time` (planned: maintenance, checkpointed first).
struct PartDownMsg {
  Time fail_time;
  std::uint64_t job;
  std::uint32_t gen;
  std::int32_t cluster;
  bool planned;
};
// kPartRate: the part's rate on its site (and without contention), JobSpeed::rate.
struct PartRateMsg {
  double rate, free_rate;
  std::uint64_t job;
  std::uint32_t gen;
  std::int32_t cluster;
};
// kPartStop: `done` drops the part (the job ended); else it is requeued at generation `gen`.
struct PartStopMsg {
  std::uint64_t job;
  std::uint32_t gen;
  bool done;
};
// kSpanEnd and kSpanLimit: the span's job `slot`, valid while its attempt counter is `attempt`.
struct SpanTimerMsg {
  std::int32_t slot;
  std::uint32_t attempt;
};
// kWanCut: path `path` of site `site` goes down (delta +1) or comes back (-1).
struct WanCutMsg {
  std::int32_t site, path, delta;
};

}  // namespace fleetsim::model
