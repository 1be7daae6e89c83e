// The snapshot file format (docs/snapshots.md): what is in a snapshot and how its bytes are laid
// out, with no MPI (the fuzz harness, fuzz/fuzz_snapshot.cc, builds it alone).
//
// A snapshot holds, for every LP by id, its state (Lp::save), its pending events, its send
// counter and event count, plus an opaque text of the application's (the resolved scenario).
// Nothing in it names a rank or a thread: the file is the same bytes whichever rank count or
// partition wrote it, and resumes on any. Rank 0 gathers the records and writes them in id order to
// a temporary name, then renames it; a trailer (length and CRC-32) is written last and checked
// before anything is parsed.
//
// Layout, every integer little-endian:
// - magic "FLEETSIM-SNAPSHOT\n" (18 bytes), u32 format version;
// - i64 time: the earliest pending event (every event before it was handled, none after);
// - i64 end_time, u64 seed, u64 windows (written 0: windows depend on the rank count), u32 num_lps;
// - u64 length + bytes: meta (the application's text);
// - num_lps records in id order: u32 id, u64 length, the record (encode_record);
// - trailer: u64 length of everything before it, u32 CRC-32 of that, "END!".
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event.h"

namespace fleetsim::engine {

// A snapshot that cannot be read (missing, truncated, corrupted, of another version) or written.
// The message names the file.
class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A snapshot that could not be written (a full disk, an unwritable directory).
class SnapshotWriteError : public SnapshotError {
 public:
  using SnapshotError::SnapshotError;
};

// 2: ClusterLp state with elastic continuation (ProgressState weight, JobRecord elastic counts,
// the shrunk jobs): a version-1 snapshot is refused with one line, not misread.
// 3: JobRecord migration counts, the checkpoints arriving at a cluster
// (sched.migrate_interrupted); the priority order's entries of live jobs only (ChunkedTable) and
// the GPUs each is charged for (JobOrder::resized); the cluster's job table (JobTable).
inline constexpr std::uint32_t kSnapshotVersion = 3;

struct SnapshotHeader {
  Time time = 0;
  Time end_time = 0;
  std::uint64_t seed = 0;
  std::uint64_t windows = 0;  // 0 since windows depend on the ranks (read, never used)
  std::uint32_t num_lps = 0;
  std::string meta;
};

// One LP as the engine holds it between windows.
struct LpCounters {
  std::uint64_t next_seq = 0;   // the seq of its next send
  std::uint64_t processed = 0;  // events it handled
  Time clock = 0;
  std::int64_t cp_last = 0, cp_work = 0;  // critical path (sim/engine/critical_path.h)
};
struct LpRecord {
  LpCounters counters;
  std::vector<Event> events;  // pending, in the engine's total order
  std::string state;          // Lp::save's bytes
};

// An LP's record appended to `out` framed as in the file (id, length, record). The engine
// streams the LP's state straight into `out` between the two calls: whatever it appends is the
// state, and a snapshot is copied as few times as possible.
inline constexpr std::size_t kRecordFrame = 4 + 8;  // a framed record's id and length
struct RecordMark {
  std::size_t length_at = 0, state_length_at = 0;
};
RecordMark begin_record(std::string& out, LpId id, const LpCounters& c,
                        const std::vector<Event>& events);
void end_record(std::string& out, const RecordMark& mark);

// A record's bytes without its frame (what parse_snapshot's `records` hold), and back.
std::string encode_record(const LpRecord& r);
// Throws SnapshotError naming `file` on a malformed record.
LpRecord decode_record(std::string_view bytes, const std::string& file);

// Calls each(id, framed, record) for every framed record of `bytes` (records as begin_record
// appends them, one after another); throws SnapshotError naming `file` when they do not add up.
void for_each_record(
    std::string_view bytes, const std::string& file,
    const std::function<void(LpId, std::string_view framed, std::string_view record)>& each);

// A parsed snapshot file: the header and, per LP id, where its record lies in `bytes`.
struct SnapshotView {
  SnapshotHeader header;
  std::vector<std::string_view> records;  // indexed by LP id
};

// Parses a whole snapshot file's bytes; with `check_crc` false the CRC is not compared (the
// fuzz harness, which cannot forge it, uses that to reach the parser). Throws SnapshotError
// naming `file`, never anything else.
SnapshotView parse_snapshot(std::string_view bytes, const std::string& file, bool check_crc = true);

// The file name of a snapshot taken at `time`, and the newest complete snapshot in `dir`
// (empty when there is none). Temporary files (".snapshot-*.tmp") never count.
std::string snapshot_name(Time time);
std::string latest_snapshot(const std::string& dir);

// Writes `pieces`, one after another, to `path` through a temporary file in the same directory,
// flushed, then renamed; throws SnapshotWriteError naming the file on failure (the temporary
// file removed). `before_rename` (tests: a kill between the two) runs once the temporary file is
// complete.
void write_file_atomically(const std::string& path, const std::vector<std::string_view>& pieces,
                           const std::function<void()>& before_rename = {});

// A snapshot file in pieces: its head (magic to meta), the framed records in id order (the
// caller's), then snapshot_trailer of everything before it.
std::string snapshot_head(const SnapshotHeader& h);
std::string snapshot_trailer(const std::vector<std::string_view>& pieces);
// The whole file at once; `records` (unframed) are indexed by LP id.
std::string encode_snapshot(const SnapshotHeader& h, const std::vector<std::string_view>& records);

}  // namespace fleetsim::engine
