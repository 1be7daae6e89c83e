#include "sim/engine/simulator.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <numeric>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace fleetsim::engine {
namespace {
// [global minimum, bound of rank 0 .. R-1, messages to rank 0 .. R-1]: the first 1 + R are times
// (minimum), the rest message counts (sum). One allreduce per window gives every rank the
// earliest pending event anywhere, its bound and how many messages it is about to receive.
void min_then_sum(void* in, void* inout, int* len, MPI_Datatype*) {
  auto* a = static_cast<std::int64_t*>(in);
  auto* b = static_cast<std::int64_t*>(inout);
  const int times = 1 + (*len - 1) / 2;
  for (int i = 0; i < times; ++i) b[i] = std::min(a[i], b[i]);
  for (int i = times; i < *len; ++i) b[i] += a[i];
}

std::int64_t clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Min-heap on the engine's total order.
struct Later {
  bool operator()(const Event& a, const Event& b) const { return before(b, a); }
};

// An output stream's bytes appended to a string: LP states go straight into a snapshot's buffer.
class AppendTo final : public std::streambuf {
 public:
  explicit AppendTo(std::string& s) : s_(s) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof()))
      s_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* p, std::streamsize n) override {
    s_.append(p, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& s_;
};

// Large buffers between two ranks, in pieces an int count can say.
constexpr std::size_t kPiece = std::size_t{1} << 30;
void send_bytes(const std::string& b, int to, int tag, MPI_Comm comm) {
  for (std::size_t at = 0; at < b.size(); at += kPiece)
    MPI_Send(b.data() + at, static_cast<int>(std::min(kPiece, b.size() - at)), MPI_BYTE, to, tag,
             comm);
}
void recv_bytes(std::string& b, std::uint64_t n, int from, int tag, MPI_Comm comm) {
  b.resize(n);
  for (std::size_t at = 0; at < b.size(); at += kPiece)
    MPI_Recv(b.data() + at, static_cast<int>(std::min(kPiece, b.size() - at)), MPI_BYTE, from, tag,
             comm, MPI_STATUS_IGNORE);
}

// The same error on every rank: rank 0's message if it has one, else this rank's.
template <class Error>
void agree_on_error(std::string error, MPI_Comm comm, const std::string& fallback) {
  int failed = error.empty() ? 0 : 1;
  MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, comm);
  if (!failed) return;
  std::uint64_t n = error.size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, 0, comm);
  std::string root(n, '\0');
  if (n) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    if (rank == 0) root = error;
    MPI_Bcast(root.data(), static_cast<int>(n), MPI_CHAR, 0, comm);
  }
  throw Error(!root.empty() ? root : !error.empty() ? error : fallback);
}

[[noreturn, gnu::cold, gnu::noinline]] void arrived_late(const Event& ev, Time clock) {
  std::ostringstream msg;
  msg << "engine: an event for LP " << ev.dst << " at " << ev.time << " us arrived after it had "
      << "handled one at " << clock << " us (a synchronization bound was wrong)";
  throw std::logic_error(msg.str());
}

// Test hook (tests/engine/snapshot_kill.sh): FLEETSIM_TEST_KILL_AT_SNAPSHOT=N kills the process
// with SIGKILL once its N-th snapshot is in place, N:tmp just before that snapshot's rename.
bool kill_at(std::uint64_t taken, bool before_rename) {
  const char* v = std::getenv("FLEETSIM_TEST_KILL_AT_SNAPSHOT");
  if (!v) return false;
  const std::string s(v);
  return std::strtoull(v, nullptr, 10) == taken && s.ends_with(":tmp") == before_rename;
}
}  // namespace

struct Simulator::Slot final : Context {
  LpId id = 0;
  std::unique_ptr<Lp> lp;
  std::vector<Event> heap;
  std::vector<Event> outbox;  // sends to other LPs, delivered after the event or the window
  std::uint64_t next_seq = 0;
  std::uint64_t processed = 0;
  Time clock = 0;
  const Time* channel = nullptr;  // least declared delay from this LP's type, per receiving type
  const LpTypeTable* types = nullptr;
  std::uint64_t seed_ = 0;
  bool finishing = false;
  // Critical path (critical_path.h): finish of the event being handled (0 during init), of this
  // LP's previous event, and the summed cost. With kTime the handler's sends wait in `deferred`
  // until its measured time, and so their cp, is known.
  CriticalPath cp_mode = CriticalPath::kOff;
  std::int64_t cp_current = 0;
  std::int64_t cp_last = 0;
  std::int64_t cp_work = 0;
  bool deferring = false;
  std::vector<Event> deferred;

  Time now() const override { return clock; }
  LpId self() const override { return id; }
  std::uint64_t seed() const override { return seed_; }

  void send(LpId dst, Time delay, Event ev) override {
    if (finishing) return;
    // The window bounds rest on the declared delays: every send to another LP must follow one.
    const Time least = dst == id ? 0 : channel[types->type_index(dst)];
    if (delay < 0 || delay < least) {
      const auto& all = types->types();
      std::ostringstream msg;
      msg << "lookahead violation: LP " << id << " (" << all[types->type_index(id)].name
          << ") sent an event to LP " << dst << " (" << all[types->type_index(dst)].name
          << ") at time " << clock << " us with delay " << delay << " us; ";
      if (least == kNever)
        msg << "its type declares no sends to that type";
      else
        msg << "the least declared delay of that channel is " << least << " us";
      throw LookaheadViolation(msg.str());
    }
    if (!types->accepts(dst, ev.kind)) {
      std::ostringstream msg;
      msg << "LP " << id << " (" << types->types()[types->type_index(id)].name
          << ") sent message kind " << ev.kind << " to LP " << dst << " ("
          << types->types()[types->type_index(dst)].name << "), which does not declare it";
      throw std::logic_error(msg.str());
    }
    ev.time = clock + delay;
    ev.src = id;
    ev.dst = dst;
    ev.seq = next_seq++;
    ev.cp = cp_current;
    if (deferring) {
      deferred.push_back(ev);
    } else {
      dispatch(ev);
    }
  }
  void dispatch(const Event& ev) {
    if (ev.dst == id) {
      push(ev);
    } else {
      outbox.push_back(ev);
    }
  }
  void push(const Event& ev) {
    heap.push_back(ev);
    std::push_heap(heap.begin(), heap.end(), Later{});
  }
  Time next_time() const { return heap.empty() ? kNever : heap.front().time; }
  // Handles its events before window_end, in order.
  void run_until(Time window_end) {
    if (cp_mode != CriticalPath::kOff) return run_recording_until(window_end);
    while (!heap.empty() && heap.front().time < window_end) {
      std::pop_heap(heap.begin(), heap.end(), Later{});
      const Event ev = heap.back();
      heap.pop_back();
      clock = ev.time;
      lp->handle(ev, *this);
      ++processed;
    }
  }
  // run_until with the critical path recorded: kept apart so that the plain loop stays lean.
  void run_recording_until(Time window_end) {
    while (!heap.empty() && heap.front().time < window_end) {
      std::pop_heap(heap.begin(), heap.end(), Later{});
      const Event ev = heap.back();
      heap.pop_back();
      clock = ev.time;
      handle_recording(ev);
      ++processed;
    }
  }
  // One event with the critical path recorded. kTime measures the handler on the steady clock
  // (a thread CPU clock is a system call here, ~4 us): a preemption of the process inside a
  // handler counts as work, so measure on a quiet machine and read the `events` bound next to it.
  void handle_recording(const Event& ev) {
    const std::int64_t start = std::max(ev.cp, cp_last);
    if (cp_mode == CriticalPath::kEvents) {
      cp_current = start + 1;
      lp->handle(ev, *this);
      cp_work += 1;
    } else {
      deferring = true;
      const std::int64_t t0 = clock_ns();
      lp->handle(ev, *this);
      const std::int64_t cost = std::max<std::int64_t>(1, clock_ns() - t0);
      deferring = false;
      cp_current = start + cost;
      cp_work += cost;
      for (Event& sent : deferred) {
        sent.cp = cp_current;
        dispatch(sent);
      }
      deferred.clear();
    }
    cp_last = cp_current;
  }
};

Simulator::Simulator(MPI_Comm comm, const LpTypeTable& types, const Partitioner& partitioner,
                     SimulatorOptions opts)
    : comm_(comm), types_(types), opts_(opts), lookahead_(types.lookahead()) {
  const LpId num_lps = types.num_lps();
  if (opts_.threads < 1) throw std::invalid_argument("threads must be at least 1");
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &ranks_);
  owner_ = partitioner.assign(num_lps, ranks_);
  if (owner_.size() != num_lps) throw std::logic_error("partitioner returned a wrong-sized map");
  local_index_.assign(num_lps, -1);
  for (LpId id = 0; id < num_lps; ++id) {
    if (owner_[id] < 0 || owner_[id] >= ranks_)
      throw std::logic_error("partitioner mapped an LP to a rank that does not exist");
    if (owner_[id] == rank_) {
      local_index_[id] = static_cast<int>(local_ids_.size());
      local_ids_.push_back(id);
    }
  }
  channels_ = ChannelBounds(types, owner_, ranks_);
  sequential_ = opts_.threads == 1;
  outgoing_.resize(ranks_);
  in_flight_.assign(static_cast<std::size_t>(ranks_ * channels_.num_types()), kNever);
  type_next_.assign(static_cast<std::size_t>(channels_.num_types()), kNever);
  MPI_Op_create(&min_then_sum, 1, &sync_op_);
}

Simulator::~Simulator() { MPI_Op_free(&sync_op_); }

void Simulator::build() {
  slots_.clear();
  for (LpId id : local_ids_) {
    auto slot = std::make_unique<Slot>();
    slot->id = id;
    slot->lp = types_.make(id);
    slot->channel = channels_.delays_from(types_.type_index(id));
    slot->types = &types_;
    slot->seed_ = opts_.seed;
    slot->cp_mode = opts_.critical_path;
    slots_.push_back(std::move(slot));
  }
  slot_type_.clear();
  for (LpId id : local_ids_) slot_type_.push_back(types_.type_index(id));
}

Lp& Simulator::local_lp(LpId id) {
  if (id >= local_index_.size() || local_index_[id] < 0)
    throw std::out_of_range("LP is not local to this rank");
  return *slots_[local_index_[id]]->lp;
}

void Simulator::save_state(LpId id, std::ostream& out) {
  StateWriter archive(out);
  local_lp(id).save(archive);
}

void Simulator::load_state(LpId id, std::istream& in) {
  StateReader archive(in);
  local_lp(id).load(archive);
}

std::string Simulator::take_snapshot(Time t, std::uint64_t taken) {
  // This rank's LPs, framed as in the file (sim/engine/snapshot_format.h); room for a little
  // more than last time, so that the buffer is not copied while it grows.
  std::string blob;
  blob.reserve(snapshot_bytes_ + snapshot_bytes_ / 8);
  {
    AppendTo sink(blob);
    std::ostream state(&sink);
    std::vector<Event> events;
    for (const auto& slot : slots_) {
      events = slot->heap;
      std::sort(events.begin(), events.end(),
                [](const Event& a, const Event& b) { return before(a, b); });
      const RecordMark mark = begin_record(
          blob, slot->id,
          {slot->next_seq, slot->processed, slot->clock, slot->cp_last, slot->cp_work}, events);
      {
        StateWriter archive(state);
        slot->lp->save(archive);
      }
      state.flush();
      end_record(blob, mark);
    }
  }
  snapshot_bytes_ = blob.size();
  const std::string path = (std::filesystem::path(opts_.snapshots.dir) / snapshot_name(t)).string();
  std::uint64_t mine = blob.size();
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(ranks_));
  MPI_Gather(&mine, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, 0, comm_);
  std::string error;
  if (rank_ != 0) {
    send_bytes(blob, 0, kSnapshotTag, comm_);
  } else {
    std::vector<std::string> blobs(static_cast<std::size_t>(ranks_));
    blobs[0] = std::move(blob);
    for (int r = 1; r < ranks_; ++r) recv_bytes(blobs[r], sizes[r], r, kSnapshotTag, comm_);
    SnapshotHeader h;
    h.time = t;
    h.end_time = opts_.end_time;
    h.seed = opts_.seed;
    h.windows = 0;  // windows depend on the ranks; the snapshot must not
    h.num_lps = types_.num_lps();
    h.meta = opts_.snapshots.meta;
    try {
      // Written from the ranks' buffers in id order, never copied into one.
      std::vector<std::string_view> framed(types_.num_lps());
      for (const auto& b : blobs)
        for_each_record(b, path,
                        [&](LpId id, std::string_view f, std::string_view) { framed.at(id) = f; });
      const std::string head = snapshot_head(h);
      std::vector<std::string_view> pieces{head};
      for (const auto f : framed) {
        if (!pieces.empty() && pieces.back().data() + pieces.back().size() == f.data())
          pieces.back() = std::string_view(pieces.back().data(), pieces.back().size() + f.size());
        else
          pieces.push_back(f);
      }
      const std::string trailer = snapshot_trailer(pieces);
      pieces.push_back(trailer);
      write_file_atomically(path, pieces, [&] {
        if (kill_at(taken, true)) ::raise(SIGKILL);
      });
      if (kill_at(taken, false)) ::raise(SIGKILL);
      // Only the newest `keep` stay; a temporary file left by a killed run goes too.
      namespace fs = std::filesystem;
      std::vector<std::string> names;
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(opts_.snapshots.dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.starts_with(".snapshot-") && name.ends_with(".tmp")) fs::remove(e.path(), ec);
        if (name.starts_with("snapshot-") && name.ends_with(".fss") &&
            name.size() == snapshot_name(0).size())
          names.push_back(name);
      }
      std::sort(names.begin(), names.end());
      const auto keep = static_cast<std::size_t>(std::max(1, opts_.snapshots.keep));
      for (std::size_t i = 0; i + keep < names.size(); ++i)
        fs::remove(fs::path(opts_.snapshots.dir) / names[i], ec);
    } catch (const SnapshotError& e) {
      error = e.what();
    }
  }
  agree_on_error<SnapshotWriteError>(error, comm_, path + ": cannot write snapshot");
  return path;
}

void Simulator::restore(const Snapshot& snap) {
  const SnapshotHeader& h = snap.header;
  if (h.num_lps != types_.num_lps() || h.end_time != opts_.end_time || h.seed != opts_.seed) {
    std::ostringstream msg;
    msg << snap.path << ": the snapshot is of another simulation (" << h.num_lps
        << " LPs, end time " << h.end_time << " us, seed " << h.seed
        << "; this run: " << types_.num_lps() << " LPs, end time " << opts_.end_time << " us, seed "
        << opts_.seed << ")";
    throw SnapshotError(msg.str());
  }
  // Rank 0 sends every rank the records of its LPs.
  std::string mine;
  if (rank_ == 0) {
    std::string error;
    std::vector<std::string> blobs(static_cast<std::size_t>(ranks_));
    try {
      const SnapshotView v = parse_snapshot(snap.bytes, snap.path, false);
      // The file's records are framed as the ranks want them: copied as they lie.
      for (LpId id = 0; id < v.records.size(); ++id) {
        const std::string_view rec = v.records[id];
        blobs[owner_[id]].append(rec.data() - kRecordFrame, rec.size() + kRecordFrame);
      }
    } catch (const SnapshotError& e) {
      error = e.what();
      blobs.assign(blobs.size(), std::string());
    }
    std::vector<std::uint64_t> sizes;
    for (const auto& b : blobs) sizes.push_back(b.size());
    std::uint64_t n = 0;
    MPI_Scatter(sizes.data(), 1, MPI_UINT64_T, &n, 1, MPI_UINT64_T, 0, comm_);
    for (int r = 1; r < ranks_; ++r) send_bytes(blobs[r], r, kSnapshotTag, comm_);
    mine = std::move(blobs[0]);
    agree_on_error<SnapshotError>(error, comm_, snap.path + ": cannot read snapshot");
  } else {
    std::uint64_t n = 0;
    MPI_Scatter(nullptr, 1, MPI_UINT64_T, &n, 1, MPI_UINT64_T, 0, comm_);
    recv_bytes(mine, n, 0, kSnapshotTag, comm_);
    agree_on_error<SnapshotError>("", comm_, snap.path + ": cannot read snapshot");
  }
  std::string error;
  std::size_t restored = 0;
  try {
    for_each_record(mine, snap.path, [&](LpId id, std::string_view, std::string_view bytes) {
      if (id >= local_index_.size() || local_index_[id] < 0)
        throw SnapshotError(snap.path + ": corrupted snapshot (LP id)");
      Slot& slot = *slots_[local_index_[id]];
      LpRecord r = decode_record(bytes, snap.path);
      slot.next_seq = r.counters.next_seq;
      slot.processed = r.counters.processed;
      slot.clock = r.counters.clock;
      slot.cp_last = r.counters.cp_last;
      slot.cp_work = r.counters.cp_work;
      for (const Event& ev : r.events)
        if (ev.dst != id || ev.time < h.time || ev.src >= types_.num_lps() ||
            !types_.accepts(id, ev.kind))
          throw SnapshotError(snap.path + ": corrupted snapshot (a pending event of LP " +
                              std::to_string(id) + ")");
      slot.heap = std::move(r.events);
      std::make_heap(slot.heap.begin(), slot.heap.end(), Later{});
      std::istringstream state(std::move(r.state));
      try {
        StateReader archive(state);
        slot.lp->load(archive);
      } catch (const std::exception& e) {
        throw SnapshotError(snap.path + ": the state of LP " + std::to_string(id) +
                            " does not load (" + e.what() + ")");
      }
      ++restored;
    });
    if (restored != slots_.size()) throw SnapshotError(snap.path + ": LPs missing");
  } catch (const SnapshotError& e) {
    error = e.what();
  }
  agree_on_error<SnapshotError>(error, comm_, snap.path + ": cannot read snapshot");
}

void Simulator::push_local(const Event& ev) {
  const auto i = static_cast<std::uint32_t>(local_index_[ev.dst]);
  Slot& slot = *slots_[i];
  // The bounds promise that nothing arrives in an LP's past; a wrong bound would show here.
  if (ev.time < slot.clock) [[unlikely]]
    arrived_late(ev, slot.clock);
  slot.push(ev);
  if (ev.time < next_[i]) {
    next_[i] = ev.time;
    if (!queue_pos_.empty()) queue_up(queue_pos_[i]);
  }
}

void Simulator::route(const Event& ev) {
  const int dst_rank = owner_[ev.dst];
  if (dst_rank == rank_) {
    push_local(ev);
    return;
  }
  outgoing_[dst_rank].push_back(ev);
  outgoing_min_ = std::min(outgoing_min_, ev.time);
  const int type = types_.type_index(ev.dst);
  Time& first = in_flight_[static_cast<std::size_t>(dst_rank * channels_.num_types() + type)];
  first = std::min(first, ev.time);
  // What it causes may come back: nothing on this rank may be handled from then on.
  window_limit_ = std::min(window_limit_, add_delay(ev.time, channels_.reach(rank_, type)));
  ++remote_sent_;
}

void Simulator::deliver_local() {
  // Only LPs that ran in the window can have sent anything.
  for (std::size_t i : active_) {
    auto& slot = slots_[i];
    next_[i] = slot->next_time();
    for (const Event& ev : slot->outbox) route(ev);
    slot->outbox.clear();
  }
  active_.clear();
}

Time Simulator::synchronize() {
  // Events in flight count towards the global minimum through their senders, so the minimum is
  // right before they are delivered.
  Time local = kNever;
  if (ranks_ == 1) {
    for (Time t : next_) local = std::min(local, t);
    bound_ = kNever;  // no other rank can send anything
    return local;
  }
  std::fill(type_next_.begin(), type_next_.end(), kNever);
  for (std::size_t i = 0; i < next_.size(); ++i) {
    Time& first = type_next_[static_cast<std::size_t>(slot_type_[i])];
    first = std::min(first, next_[i]);
  }
  for (Time t : type_next_) local = std::min(local, t);
  // This rank's bounds on the others: from its pending events, and from the events in its send
  // buffers as pending on the ranks they are bound for.
  sync_.assign(static_cast<std::size_t>(1 + 2 * ranks_), kNever);
  sync_[0] = std::min(local, outgoing_min_);
  channels_.bound_others(rank_, type_next_.data(), &sync_[1]);
  for (int r = 0; r < ranks_; ++r)
    if (!outgoing_[r].empty())
      channels_.bound_others(r, &in_flight_[static_cast<std::size_t>(r * channels_.num_types())],
                             &sync_[1]);
  // Point-to-point only between ranks that have something for each other, posted before the
  // allreduce so that the events travel while it runs (one wait for the partner fewer per
  // window: on a shared machine each such wait can cost a scheduler time slice). A rank that
  // is through this exchange may post the next one's sends while another still receives this
  // one's from any source: the tag alternates between exchanges so that they never mix (a rank
  // cannot get two ahead: the next allreduce waits for everyone).
  const int tag = kEventTag + static_cast<int>(exchanges_++ % 2);
  requests_.clear();
  for (int r = 0; r < ranks_; ++r) {
    if (outgoing_[r].empty()) continue;
    requests_.emplace_back();
    MPI_Isend(outgoing_[r].data(), static_cast<int>(outgoing_[r].size() * sizeof(Event)), MPI_BYTE,
              r, tag, comm_, &requests_.back());
  }
  for (int r = 0; r < ranks_; ++r) sync_[1 + ranks_ + r] = outgoing_[r].empty() ? 0 : 1;
  MPI_Allreduce(MPI_IN_PLACE, sync_.data(), 1 + 2 * ranks_, MPI_INT64_T, sync_op_, comm_);
  const Time global = sync_[0];
  bound_ = sync_[1 + rank_];
  const auto expected = sync_[1 + ranks_ + rank_];
  for (std::int64_t k = 0; k < expected; ++k) {
    MPI_Status status;
    MPI_Probe(MPI_ANY_SOURCE, tag, comm_, &status);
    int bytes = 0;
    MPI_Get_count(&status, MPI_BYTE, &bytes);
    incoming_.resize(static_cast<std::size_t>(bytes) / sizeof(Event));
    MPI_Recv(incoming_.data(), bytes, MPI_BYTE, status.MPI_SOURCE, tag, comm_, MPI_STATUS_IGNORE);
    for (const Event& ev : incoming_) push_local(ev);
  }
  MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE);
  for (auto& out : outgoing_) out.clear();
  outgoing_min_ = kNever;
  std::fill(in_flight_.begin(), in_flight_.end(), kNever);
  return global;
}

void Simulator::process_window(Time window_end) {
  active_.clear();
  for (std::size_t i = 0; i < next_.size(); ++i)
    if (next_[i] < window_end) active_.push_back(i);
  if (opts_.threads == 1 || active_.size() < 2) {
    for (std::size_t i : active_) slots_[i]->run_until(window_end);
    return;
  }
  tbb::parallel_for(std::size_t{0}, active_.size(),
                    [&](std::size_t k) { slots_[active_[k]]->run_until(window_end); });
}

void Simulator::run_parallel(Time window_end) {
  // threads > 1: rounds, as in run_sequential's dense mode, each round's LPs on the TBB threads
  // (they share nothing; their sends wait in their outboxes until the round ends). Every LP with
  // an event before the rank's earliest event plus min(L, round trip) runs to there; a send to
  // another rank lowers the limit (route), as it does for one thread.
  window_limit_ = window_end;
  const Time span = std::min(channels_.local_lookahead(rank_), channels_.round_trip(rank_));
  for (std::uint64_t rounds = 1;; ++rounds) {
    Time first = kNever;
    for (Time t : next_) first = std::min(first, t);
    if (first >= window_limit_) return;
    process_window(std::min(window_limit_, add_delay(first, span)));
    deliver_local();
    if (opts_.progress && rounds % 4096 == 0) report_progress(first);
  }
}

void Simulator::queue_build() {
  const auto n = static_cast<std::uint32_t>(slots_.size());
  queue_.resize(n);
  queue_pos_.resize(n);
  std::iota(queue_.begin(), queue_.end(), std::uint32_t{0});
  std::iota(queue_pos_.begin(), queue_pos_.end(), std::uint32_t{0});
  for (std::uint32_t at = n / 2; at-- > 0;) queue_down(at);
}

void Simulator::queue_up(std::uint32_t at) {
  const std::uint32_t i = queue_[at];
  while (at > 0) {
    const std::uint32_t parent = (at - 1) / 2;
    if (!queue_before(i, queue_[parent])) break;
    queue_[at] = queue_[parent];
    queue_pos_[queue_[at]] = at;
    at = parent;
  }
  queue_[at] = i;
  queue_pos_[i] = at;
}

void Simulator::queue_down(std::uint32_t at) {
  const auto n = static_cast<std::uint32_t>(queue_.size());
  const std::uint32_t i = queue_[at];
  for (;;) {
    std::uint32_t child = 2 * at + 1;
    if (child >= n) break;
    if (child + 1 < n && queue_before(queue_[child + 1], queue_[child])) ++child;
    if (!queue_before(queue_[child], i)) break;
    queue_[at] = queue_[child];
    queue_pos_[queue_[at]] = at;
    at = child;
  }
  queue_[at] = i;
  queue_pos_[i] = at;
}

void Simulator::report_progress(Time now) {
  progress_time_ = std::max(progress_time_, now);
  std::uint64_t events = 0;
  for (auto& slot : slots_) events += slot->processed;
  opts_.progress(progress_time_, events);
}

void Simulator::run_sequential(Time window_end) {
  // Every event before the window's limit, in time order across the rank's LPs. The limit
  // starts at window_end and comes down when an event is sent to another rank (route):
  // whatever it causes may come back. Two ways, chosen by how dense the events are:
  //
  // Batches (sparse): the LPs taken off the rank's queue in the order of their next events, each
  // for a run of its events. With L the least delay between two LPs of this rank, T the LP's next
  // event and T2 the earliest next event of any other LP here, whatever the others handle from
  // now on is at or after min(T2, T + L) (pending, or sent by an event at least L earlier), so
  // nothing they send reaches this LP before min(T2, T + L) + L. The batch also stops at T plus
  // the rank's shortest round trip through other ranks: every event handled here stays below the
  // earliest event of the rank plus that, so below what any later send can bring back. The
  // batch's sends reach their LPs' heaps before any of them runs again.
  //
  // Rounds (dense: when as many batches as LPs cover less than two spans of time): every LP with
  // an event before the rank's earliest event plus min(L, round trip) runs to there, in slot
  // order, and their sends are delivered after the round (what run_parallel does for threads > 1,
  // on one thread): no queue to keep, one scan of the next-time array per
  // round. Back to batches when fewer than a quarter of the LPs have an event within that span
  // (counted whether or not the window's limit comes sooner).
  //
  // Either way each LP handles its events in the total order, whatever it is batched with.
  window_limit_ = window_end;
  const auto n = static_cast<std::uint32_t>(slots_.size());
  if (n == 0) return;
  const Time lookahead = channels_.local_lookahead(rank_);
  const Time round_trip = channels_.round_trip(rank_);
  const Time span = std::min(lookahead, round_trip);
  for (;;) {
    if (rounds_) {
      Time first = kNever;
      for (Time t : next_) first = std::min(first, t);
      if (first >= window_limit_) break;
      const Time dense_end = add_delay(first, span);
      const Time round_end = std::min(window_limit_, dense_end);
      std::uint64_t events = 0;
      std::uint32_t busy = 0;  // LPs with an event within the span, whatever the limit
      active_.clear();
      for (std::uint32_t i = 0; i < n; ++i) {
        if (next_[i] < dense_end) ++busy;
        if (next_[i] >= round_end) continue;
        Slot& slot = *slots_[i];
        const std::uint64_t before = slot.processed;
        slot.run_until(round_end);
        events += slot.processed - before;
        active_.push_back(i);
      }
      deliver_local();
      handled_ += events;
      if (handled_ >= next_progress_ && opts_.progress) {
        next_progress_ = handled_ + kProgressEvents;
        report_progress(first);
      }
      if (busy * 4 < n) {
        rounds_ = false;
        queue_build();
      }
      continue;
    }
    const std::uint32_t i = queue_[0];
    const Time first = next_[i];
    if (first >= window_limit_) break;
    Time others = kNever;
    if (n > 1) others = next_[queue_[1]];
    if (n > 2) others = std::min(others, next_[queue_[2]]);
    const Time limit = std::min(
        {window_limit_, add_delay(std::min(others, add_delay(first, lookahead)), lookahead),
         add_delay(first, round_trip)});
    Slot& slot = *slots_[i];
    const std::uint64_t before = slot.processed;
    slot.run_until(limit);
    next_[i] = slot.next_time();
    queue_down(0);
    for (const Event& ev : slot.outbox) route(ev);
    slot.outbox.clear();
    handled_ += slot.processed - before;
    if (handled_ >= next_progress_ && opts_.progress) {
      next_progress_ = handled_ + kProgressEvents;
      report_progress(slot.clock);
    }
    if (++batches_ >= std::max<std::uint32_t>(n, 64)) {
      if (span != kNever && batches_mark_ != kNever &&
          first - batches_mark_ < add_delay(span, span)) {
        rounds_ = true;
        queue_.clear();
        queue_pos_.clear();
      }
      batches_ = 0;
      batches_mark_ = first;
    }
  }
}

CriticalPathStats Simulator::gather_critical_path() const {
  CriticalPathStats cp;
  cp.mode = opts_.critical_path;
  if (cp.mode == CriticalPath::kOff) return cp;
  std::int64_t sums[2] = {0, 0};  // work, events
  for (const auto& slot : slots_) {
    cp.length = std::max(cp.length, slot->cp_last);
    sums[0] += slot->cp_work;
    sums[1] += static_cast<std::int64_t>(slot->processed);
  }
  MPI_Allreduce(MPI_IN_PLACE, &cp.length, 1, MPI_INT64_T, MPI_MAX, comm_);
  MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_INT64_T, MPI_SUM, comm_);
  cp.work = sums[0];
  cp.events = static_cast<std::uint64_t>(sums[1]);
  return cp;
}

std::vector<RankTimes> Simulator::gather_times(const RankTimes& mine) const {
  static_assert(sizeof(RankTimes) == 4 * sizeof(double));
  std::vector<RankTimes> all(static_cast<std::size_t>(ranks_));
  MPI_Allgather(&mine, 4, MPI_DOUBLE, all.data(), 4, MPI_DOUBLE, comm_);
  return all;
}

RunStats Simulator::run() {
  // One arena per run caps the threads without touching the process-wide default.
  tbb::task_arena arena(opts_.threads);
  RunStats stats;
  // Where the time goes: a clock read costs ~0.1 us on these VMs and a window of the fleet
  // model on several ranks ~2.5 us, so only one window in 16 is timed (four reads:
  // before its LPs run, after, after delivery, after the next synchronization) and the sampled
  // shares split the loop's measured total; with one thread per rank, once this rank's windows
  // average kTimeAll events or more, every window is (their lengths differ widely).
  using Clock = std::chrono::steady_clock;
  constexpr std::uint64_t kTimeAll = 16;
  const auto t_start = Clock::now();
  Clock::duration init{}, loop{}, handle{}, deliver{}, sync{};
  const Time every = opts_.snapshots.every;
  Time next_snapshot = every > 0 ? every : kNever;
  arena.execute([&] {
    next_.assign(slots_.size(), kNever);
    queue_.clear();
    queue_pos_.clear();
    if (opts_.resume) {
      restore(*opts_.resume);
      for (std::size_t i = 0; i < slots_.size(); ++i) next_[i] = slots_[i]->next_time();
      active_.clear();
      if (every > 0) next_snapshot = (opts_.resume->header.time / every + 1) * every;
    } else {
      for (auto& slot : slots_) slot->lp->init(*slot);
      active_.resize(slots_.size());
      std::iota(active_.begin(), active_.end(), std::size_t{0});
    }
    deliver_local();
    rounds_ = false;
    batches_ = 0;
    batches_mark_ = kNever;
    if (sequential_) queue_build();
    const auto t_loop = Clock::now();
    init = t_loop - t_start;
    Clock::time_point mark;
    bool sampling = false;
    for (;;) {
      const Time t = synchronize();
      if (sampling) {
        sync += Clock::now() - mark;
        sampling = false;
      }
      if (t >= opts_.end_time) break;
      if (t >= next_snapshot) {
        // Between windows: every event is in a heap, none in flight, every event before
        // next_snapshot handled and none after it (windows end there).
        stats.last_snapshot = take_snapshot(t, ++stats.snapshots);
        next_snapshot = (t / every + 1) * every;
      }
      // What other ranks' pending events may cause here bounds the window.
      const Time window_end = std::min({opts_.end_time, next_snapshot, bound_});
      // A pseudo-random one in 16 (window 0 included): ranks may take turns window by window,
      // which a fixed stride would alias with.
      sampling = (stats.windows * 0x9e3779b97f4a7c15ULL) >> 60 == 0 ||
                 (sequential_ && handled_ >= kTimeAll * stats.windows);
      if (sampling) mark = Clock::now();
      if (sequential_) {
        run_sequential(window_end);
      } else {
        run_parallel(window_end);
      }
      if (sampling) {
        const auto now = Clock::now();
        handle += now - mark;
        mark = now;
      }
      deliver_local();
      if (sampling) {
        const auto now = Clock::now();
        deliver += now - mark;
        mark = now;
      }
      ++stats.windows;
      if (opts_.progress && stats.windows % 4096 == 0) report_progress(t);
    }
    loop = Clock::now() - t_loop;
    for (auto& slot : slots_) {
      slot->clock = opts_.end_time;
      slot->finishing = true;
      slot->lp->finish(*slot);
      slot->outbox.clear();
    }
  });
  const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  const double sampled = seconds(handle + deliver + sync);
  const auto share = [&](Clock::duration d) {
    return sampled > 0 ? seconds(loop) * seconds(d) / sampled : 0.0;
  };
  stats.times = gather_times({seconds(init) + share(handle), share(deliver), share(sync),
                              seconds(Clock::now() - t_start)});
  stats.critical_path = gather_critical_path();
  RankStats mine{slots_.size(), 0, remote_sent_};
  for (auto& slot : slots_) mine.events += slot->processed;
  int size = 1;
  MPI_Comm_size(comm_, &size);
  stats.ranks.resize(static_cast<std::size_t>(size));
  static_assert(sizeof(RankStats) == 3 * sizeof(std::uint64_t));
  MPI_Allgather(&mine, 3, MPI_UINT64_T, stats.ranks.data(), 3, MPI_UINT64_T, comm_);
  for (const auto& r : stats.ranks) {
    stats.events += r.events;
    stats.remote_events += r.remote;
  }
  return stats;
}

}  // namespace fleetsim::engine
