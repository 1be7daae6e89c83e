// The kernel: conservative, windowed parallel discrete-event simulation over MPI.
//
// Each window runs every event earlier than T + L, where T is the global minimum next-event time
// (one allreduce) and L the lookahead: the least delay the model's LP types declare for a send
// to another LP (sim/engine/lp_type.h). A send to another LP must be at least L in
// the future, so nothing sent inside a window can land inside it; cross-rank events are exchanged
// once per window: one allreduce yields the next window's start and how many messages each rank
// will receive, then raw events go point to point between the ranks that have any. Within a rank,
// LPs with work in the window may run on TBB threads: they share nothing and keep their sends in
// per-LP outboxes.
#pragma once
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/critical_path.h"
#include "sim/engine/lp.h"
#include "sim/engine/lp_type.h"
#include "sim/engine/partitioner.h"
#include "sim/engine/snapshot.h"

namespace fleetsim::engine {

struct SimulatorOptions {
  Time end_time = kYear;
  std::uint64_t seed = 1;
  int threads = 1;  // TBB threads per rank running LPs of one window
  // Called now and then (every 4096 windows) with the simulated time every rank has reached and
  // this rank's events so far; it must not communicate. Results never depend on it.
  std::function<void(Time now, std::uint64_t local_events)> progress;
  // Records the critical path of the run (sim/engine/critical_path.h); off costs nothing.
  CriticalPath critical_path = CriticalPath::kOff;
  // Snapshots of the whole simulation at the first window boundary at or after each multiple of
  // snapshots.every (sim/engine/snapshot.h); results never depend on them.
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

  Time lookahead() const { return lookahead_; }

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
  void deliver_local();  // outboxes -> local heaps and per-rank buffers
  Time synchronize();    // next window start; delivers remote events
  void push_local(const Event& ev);
  void process_window(Time window_end);
  CriticalPathStats gather_critical_path() const;
  // Collective: every LP's record to rank 0, which writes the snapshot file. Returns its path.
  std::string take_snapshot(Time t, std::uint64_t windows, std::uint64_t taken);
  // Collective: each rank's LPs from the snapshot (rank 0 holds its bytes); returns its windows.
  std::uint64_t restore(const Snapshot& snap);
  std::vector<RankTimes> gather_times(const RankTimes& mine) const;

  static constexpr int kEventTag = 7301;  // and 7302: alternating between exchanges
  static constexpr int kSnapshotTag = 7303;

  MPI_Comm comm_;
  int rank_ = 0, ranks_ = 1;
  const LpTypeTable& types_;
  SimulatorOptions opts_;
  Time lookahead_ = 0;
  std::vector<int> owner_;
  std::vector<LpId> local_ids_;
  std::vector<int> local_index_;  // LP id -> index into slots_, -1 when remote
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::vector<Event>> outgoing_;  // per destination rank, reused every window
  std::vector<Event> incoming_;
  Time outgoing_min_ = kNever;
  std::vector<std::int64_t> sync_;
  std::vector<MPI_Request> requests_;
  MPI_Op sync_op_ = MPI_OP_NULL;
  std::vector<std::size_t> active_;  // slots that ran in the last window
  std::vector<Time> next_;           // per slot: time of its earliest pending event
  std::uint64_t remote_sent_ = 0;
  std::uint64_t exchanges_ = 0;     // synchronize() calls, the same on every rank
  std::size_t snapshot_bytes_ = 0;  // this rank's share of the last snapshot
};

}  // namespace fleetsim::engine
