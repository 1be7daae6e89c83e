// The kernel: conservative parallel discrete-event simulation over MPI, with a bound per rank
// (docs/engine.md, "How a run goes").
//
// With one thread per rank, each rank handles its own events in time order across all its LPs (a
// sequential simulation of its LPs: sends between them are handled in the same window) up to a
// limit: the earliest time anything pending on another rank could cause an event on it, from the
// earliest pending event of each LP type there and the shortest chains of sends the LP type
// table declares (sim/engine/channels.h), lowered when the rank sends to another rank to what
// that send could bring back. One rank needs no bound at all. Events between ranks are exchanged
// once per window: one allreduce yields the global minimum, every rank's bound and how many
// messages each rank will receive, then raw events go point to point between the ranks that have
// any. With threads > 1, LPs with work in a window run on TBB threads: they share nothing and
// keep their sends in per-LP outboxes until it ends, so the window also ends at the rank's
// earliest event plus the least delay between its own LPs (or its shortest round trip).
#pragma once
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/channels.h"
#include "sim/engine/critical_path.h"
#include "sim/engine/lp.h"
#include "sim/engine/lp_type.h"
#include "sim/engine/partitioner.h"
#include "sim/engine/snapshot.h"

namespace fleetsim::engine {

struct SimulatorOptions {
  Time end_time = kYear;
  std::uint64_t seed = 1;
  // 1: each rank handles its events in time order across its LPs (a sequential simulation of its
  // LPs between synchronizations); more: TBB threads per rank running the LPs of a window.
  int threads = 1;
  // Called now and then (every 4096 windows, and every 65536 events a rank handles in one window)
  // with the simulated time this rank has reached (it never goes back) and this rank's events so
  // far; it must not communicate. Results never depend on it.
  std::function<void(Time now, std::uint64_t local_events)> progress;
  // Records the critical path of the run (sim/engine/critical_path.h); off costs nothing.
  CriticalPath critical_path = CriticalPath::kOff;
  // Snapshots of the whole simulation at each multiple of snapshots.every (windows end there; the
  // snapshot is taken at the earliest pending event, sim/engine/snapshot.h); results never depend
  // on them.
  SnapshotPolicy snapshots;
  // Continue from this snapshot instead of starting (its end time and seed must be these
  // options'; read_snapshot made it). Results are those of the uninterrupted run.
  const Snapshot* resume = nullptr;
};

// One rank's share of a run: how the partitioner spread the work.
struct RankStats {
  std::uint64_t lps = 0;
  std::uint64_t events = 0;  // events its LPs handled
  std::uint64_t remote = 0;  // events its LPs sent to LPs of other ranks
};

// Where one rank's wall time in run() went (steady clock; differs between runs, so it is
// printed, never written to the output file).
struct RankTimes {
  double handle_s = 0;   // running LPs: init and the events of every window
  double deliver_s = 0;  // putting their sends into local heaps and per-rank send buffers
  double sync_s = 0;     // the next window's bound and the exchange of events between ranks
  double run_s = 0;      // all of run(), finish() included
};

struct RunStats {
  std::uint64_t events = 0;         // summed over ranks
  std::uint64_t remote_events = 0;  // events that crossed ranks, summed
  // Synchronization windows of this run (after a resume: since it): they depend on the ranks,
  // threads and partition, the results never do. One rank with one thread: 1, plus one per
  // snapshot boundary.
  std::uint64_t windows = 0;
  std::vector<RankStats> ranks;     // per rank, on every rank
  std::vector<RankTimes> times;     // per rank, on every rank
  CriticalPathStats critical_path;  // summed over ranks; mode kOff when not recorded
  std::uint64_t snapshots = 0;      // snapshots this run wrote
  std::string last_snapshot;        // the newest of them (its path), empty when none
};

class Simulator {
 public:
  // `types` must outlive the simulator.
  Simulator(MPI_Comm comm, const LpTypeTable& types, const Partitioner& partitioner,
            SimulatorOptions opts);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Builds the LPs this rank owns (their types' factories, for local ids only, in id order).
  void build();
  RunStats run();

  // The least declared delay of a send between two LPs (the global lookahead).
  Time lookahead() const { return lookahead_; }
  const ChannelBounds& channels() const { return channels_; }

  int rank() const { return rank_; }
  int ranks() const { return ranks_; }
  MPI_Comm comm() const { return comm_; }
  int owner(LpId id) const { return owner_[id]; }
  const std::vector<LpId>& local_ids() const { return local_ids_; }
  Lp& local_lp(LpId id);
  // One local LP's state (Lp::save / Lp::load) as portable bytes: the same for any rank count.
  void save_state(LpId id, std::ostream& out);
  void load_state(LpId id, std::istream& in);

 private:
  struct Slot;
  void deliver_local();         // outboxes of the LPs that ran -> local heaps and per-rank buffers
  void route(const Event& ev);  // one send to another LP -> its heap or its rank's buffer
  // Global minimum of the pending events; sets bound_, delivers remote events.
  Time synchronize();
  void push_local(const Event& ev);
  void process_window(Time window_end);  // threads > 1: the LPs of a round in parallel
  void run_parallel(Time window_end);    // threads > 1: rounds up to the window's limit
  void run_sequential(Time window_end);  // threads == 1: the rank's events in time order
  // The rank's queue of LPs by next event time (threads == 1): a binary heap of slot indices.
  bool queue_before(std::uint32_t a, std::uint32_t b) const {
    return next_[a] < next_[b] || (next_[a] == next_[b] && a < b);
  }
  void queue_build();
  void queue_up(std::uint32_t at);
  void queue_down(std::uint32_t at);
  void report_progress(Time now);
  CriticalPathStats gather_critical_path() const;
  // Collective: every LP's record to rank 0, which writes the snapshot file. Returns its path.
  std::string take_snapshot(Time t, std::uint64_t taken);
  // Collective: each rank's LPs from the snapshot (rank 0 holds its bytes).
  void restore(const Snapshot& snap);
  std::vector<RankTimes> gather_times(const RankTimes& mine) const;

  static constexpr int kEventTag = 7301;  // and 7302: alternating between exchanges
  static constexpr int kSnapshotTag = 7303;

  MPI_Comm comm_;
  int rank_ = 0, ranks_ = 1;
  const LpTypeTable& types_;
  SimulatorOptions opts_;
  Time lookahead_ = 0;
  bool sequential_ = true;  // threads == 1
  std::vector<int> owner_;
  ChannelBounds channels_;
  std::vector<LpId> local_ids_;
  std::vector<int> local_index_;  // LP id -> index into slots_, -1 when remote
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::vector<Event>> outgoing_;  // per destination rank, reused every window
  std::vector<Event> incoming_;
  Time outgoing_min_ = kNever;
  std::vector<std::int64_t> sync_;
  std::vector<MPI_Request> requests_;
  MPI_Op sync_op_ = MPI_OP_NULL;
  std::vector<std::size_t> active_;               // slots that ran in the last window
  std::vector<Time> next_;                        // per slot: time of its earliest pending event
  std::vector<int> slot_type_;                    // per slot: its LP type
  std::vector<Time> type_next_;                   // per LP type: this rank's earliest pending event
  std::vector<Time> in_flight_;                   // ranks x types: earliest event in a send buffer
  std::vector<std::uint32_t> queue_, queue_pos_;  // the rank's queue of slots (threads == 1)
  bool rounds_ = false;        // threads == 1, dense events: rounds instead of the queue
  std::uint32_t batches_ = 0;  // batches since batches_mark_ (the first event of one)
  Time batches_mark_ = kNever;
  Time bound_ = kNever;  // from the last synchronization: the earliest time other ranks' pending
                         // events could cause an event here
  Time window_limit_ = kNever;  // bound_, lowered by this window's remote sends
  std::uint64_t handled_ = 0;   // events this rank handled (run_sequential's count)
  static constexpr std::uint64_t kProgressEvents = 65536;
  std::uint64_t next_progress_ = kProgressEvents;
  Time progress_time_ = 0;
  std::uint64_t remote_sent_ = 0;
  std::uint64_t exchanges_ = 0;     // synchronize() calls, the same on every rank
  std::size_t snapshot_bytes_ = 0;  // this rank's share of the last snapshot
};

}  // namespace fleetsim::engine
