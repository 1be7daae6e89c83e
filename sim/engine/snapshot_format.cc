#include "sim/engine/snapshot_format.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

namespace fleetsim::engine {
namespace {

constexpr std::string_view kMagic = "FLEETSIM-SNAPSHOT\n";
constexpr std::string_view kEnd = "END!";
constexpr std::size_t kTrailer = 8 + 4 + 4;
constexpr std::size_t kFrame = kRecordFrame;
constexpr std::size_t kEventBytes = 8 + 4 + 4 + 8 + 4 + 2 + 2 + 8 + Event::kPayloadBytes;

// zlib's CRC-32 (the one of gzip and PNG), in pieces of at most 1 GiB.
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0) {
  uLong c = crc;
  constexpr std::size_t kMax = std::size_t{1} << 30;
  for (std::size_t at = 0; at < bytes.size(); at += kMax)
    c = ::crc32(c, reinterpret_cast<const Bytef*>(bytes.data() + at),
                static_cast<uInt>(std::min(kMax, bytes.size() - at)));
  return static_cast<std::uint32_t>(c);
}

// Little-endian fixed-width integers, whatever the host.
class Out {
 public:
  explicit Out(std::string& s) : s_(s) {}
  template <class T>
  void put(T v) {
    auto u = static_cast<std::make_unsigned_t<T>>(v);
    for (std::size_t i = 0; i < sizeof(T); ++i)
      s_.push_back(static_cast<char>(u >> (8 * i) & 0xFF));
  }
  void bytes(std::string_view b) {
    put<std::uint64_t>(b.size());
    s_.append(b);
  }
  void raw(const void* p, std::size_t n) { s_.append(static_cast<const char*>(p), n); }
  // Overwrites the u64 at `at` (a length written as a placeholder).
  void patch(std::size_t at, std::uint64_t v) {
    for (std::size_t i = 0; i < 8; ++i) s_[at + i] = static_cast<char>(v >> (8 * i) & 0xFF);
  }

 private:
  std::string& s_;
};

class In {
 public:
  In(std::string_view s, const std::string& file, const char* what)
      : s_(s), file_(file), what_(what) {}
  template <class T>
  T get() {
    need(sizeof(T));
    std::make_unsigned_t<T> u = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      u |= static_cast<std::make_unsigned_t<T>>(static_cast<unsigned char>(s_[pos_ + i]))
           << (8 * i);
    pos_ += sizeof(T);
    return static_cast<T>(u);
  }
  std::string_view bytes() {
    const auto n = get<std::uint64_t>();
    return raw(n);
  }
  std::string_view raw(std::uint64_t n) {
    need(n);
    const auto v = s_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::size_t left() const { return s_.size() - pos_; }
  [[noreturn]] void fail(const std::string& why) const {
    throw SnapshotError(file_ + ": corrupted snapshot (" + what_ + ": " + why + ")");
  }

 private:
  void need(std::uint64_t n) const {
    if (n > left()) fail("truncated");
  }
  std::string_view s_;
  std::size_t pos_ = 0;
  const std::string& file_;
  const char* what_;
};

}  // namespace

RecordMark begin_record(std::string& s, LpId id, const LpCounters& c,
                        const std::vector<Event>& events) {
  Out out(s);
  RecordMark mark;
  out.put(id);
  mark.length_at = s.size();
  out.put<std::uint64_t>(0);
  out.put(c.next_seq);
  out.put(c.processed);
  out.put(c.clock);
  out.put(c.cp_last);
  out.put(c.cp_work);
  out.put<std::uint64_t>(events.size());
  for (const Event& ev : events) {
    out.put(ev.time);
    out.put(ev.dst);
    out.put(ev.src);
    out.put(ev.seq);
    out.put(ev.priority);
    out.put(ev.kind);
    out.put(ev.reserved);
    out.put(ev.cp);
    out.raw(ev.payload, Event::kPayloadBytes);
  }
  mark.state_length_at = s.size();
  out.put<std::uint64_t>(0);
  return mark;
}

void end_record(std::string& s, const RecordMark& mark) {
  Out out(s);
  out.patch(mark.state_length_at, s.size() - mark.state_length_at - 8);
  out.patch(mark.length_at, s.size() - mark.length_at - 8);
}

std::string encode_record(const LpRecord& r) {
  std::string s;
  const RecordMark mark = begin_record(s, 0, r.counters, r.events);
  s.append(r.state);
  end_record(s, mark);
  return s.substr(kFrame);
}

void for_each_record(
    std::string_view bytes, const std::string& file,
    const std::function<void(LpId, std::string_view framed, std::string_view record)>& each) {
  In in(bytes, file, "LP records");
  while (in.left() > 0) {
    const std::size_t at = bytes.size() - in.left();
    const auto id = in.get<LpId>();
    const std::string_view record = in.bytes();
    each(id, bytes.substr(at, kFrame + record.size()), record);
  }
}

LpRecord decode_record(std::string_view bytes, const std::string& file) {
  In in(bytes, file, "LP record");
  LpRecord r;
  r.counters.next_seq = in.get<std::uint64_t>();
  r.counters.processed = in.get<std::uint64_t>();
  r.counters.clock = in.get<Time>();
  r.counters.cp_last = in.get<std::int64_t>();
  r.counters.cp_work = in.get<std::int64_t>();
  const auto n = in.get<std::uint64_t>();
  if (n > in.left() / kEventBytes) in.fail("event count " + std::to_string(n));
  r.events.resize(n);
  for (Event& ev : r.events) {
    ev.time = in.get<Time>();
    ev.dst = in.get<LpId>();
    ev.src = in.get<LpId>();
    ev.seq = in.get<std::uint64_t>();
    ev.priority = in.get<std::int32_t>();
    ev.kind = in.get<std::uint16_t>();
    ev.reserved = in.get<std::uint16_t>();
    ev.cp = in.get<std::int64_t>();
    const auto p = in.raw(Event::kPayloadBytes);
    std::memcpy(ev.payload, p.data(), Event::kPayloadBytes);
  }
  r.state = std::string(in.bytes());
  if (in.left() != 0) in.fail("trailing bytes");
  return r;
}

std::string snapshot_head(const SnapshotHeader& h) {
  std::string s(kMagic);
  Out out(s);
  out.put(kSnapshotVersion);
  out.put(h.time);
  out.put(h.end_time);
  out.put(h.seed);
  out.put(h.windows);
  out.put(h.num_lps);
  out.bytes(h.meta);
  return s;
}

std::string snapshot_trailer(const std::vector<std::string_view>& pieces) {
  std::uint64_t length = 0;
  std::uint32_t crc = 0;
  for (const auto piece : pieces) {
    length += piece.size();
    crc = crc32(piece, crc);
  }
  std::string s;
  Out out(s);
  out.put(length);
  out.put(crc);
  s.append(kEnd);
  return s;
}

std::string encode_snapshot(const SnapshotHeader& h, const std::vector<std::string_view>& records) {
  std::string s = snapshot_head(h);
  Out out(s);
  for (std::uint32_t id = 0; id < records.size(); ++id) {
    out.put(id);
    out.bytes(records[id]);
  }
  s.append(snapshot_trailer({s}));
  return s;
}

SnapshotView parse_snapshot(std::string_view bytes, const std::string& file, bool check_crc) {
  const auto bad = [&](const std::string& why) -> SnapshotError {
    return SnapshotError(file + ": not a complete fleetsim snapshot (" + why + ")");
  };
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic)
    throw bad("no snapshot header");
  if (bytes.size() < kMagic.size() + kTrailer) throw bad("truncated");
  const std::string_view body = bytes.substr(0, bytes.size() - kTrailer);
  In trailer(bytes.substr(body.size()), file, "trailer");
  const auto length = trailer.get<std::uint64_t>();
  const auto crc = trailer.get<std::uint32_t>();
  if (trailer.raw(4) != kEnd) throw bad("truncated: no end marker");
  if (length != body.size())
    throw bad("the trailer says " + std::to_string(length) + " bytes, the file has " +
              std::to_string(body.size()) + " before it");
  if (check_crc && crc != crc32(body)) throw bad("checksum mismatch: corrupted");

  In in(body.substr(kMagic.size()), file, "header");
  SnapshotView v;
  const auto version = in.get<std::uint32_t>();
  if (version != kSnapshotVersion)
    throw bad("format version " + std::to_string(version) + ", this fleetsim reads " +
              std::to_string(kSnapshotVersion));
  v.header.time = in.get<Time>();
  v.header.end_time = in.get<Time>();
  v.header.seed = in.get<std::uint64_t>();
  v.header.windows = in.get<std::uint64_t>();
  v.header.num_lps = in.get<std::uint32_t>();
  v.header.meta = std::string(in.bytes());
  if (v.header.time < 0 || v.header.time > v.header.end_time) in.fail("time out of range");
  if (v.header.num_lps > in.left() / 12) in.fail("LP count " + std::to_string(v.header.num_lps));
  v.records.resize(v.header.num_lps);
  for (std::uint32_t id = 0; id < v.header.num_lps; ++id) {
    if (in.get<std::uint32_t>() != id)
      in.fail("LP records out of order at LP " + std::to_string(id));
    v.records[id] = in.bytes();
  }
  if (in.left() != 0) in.fail("trailing bytes");
  return v;
}

std::string snapshot_name(Time time) {
  char name[64];
  std::snprintf(name, sizeof name, "snapshot-%016lld.fss", static_cast<long long>(time));
  return name;
}

std::string latest_snapshot(const std::string& dir) {
  namespace fs = std::filesystem;
  std::string best;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() == snapshot_name(0).size() && name.starts_with("snapshot-") &&
        name.ends_with(".fss") && name > best)
      best = name;
  }
  return best.empty() ? best : (fs::path(dir) / best).string();
}

void write_file_atomically(const std::string& path, const std::vector<std::string_view>& pieces,
                           const std::function<void()>& before_rename) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::string name = target.filename().string();
  name.insert(name.begin(), '.');
  name.append(".tmp");
  const fs::path tmp = target.parent_path() / name;
  const auto fail = [&](const std::string& why) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw SnapshotWriteError(path + ": cannot write snapshot (" + why + ")");
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) fail(std::strerror(errno));
  bool wrote = true;
  for (const auto piece : pieces)
    wrote = wrote && std::fwrite(piece.data(), 1, piece.size(), f) == piece.size();
  wrote = wrote && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !wrote) fail(std::strerror(wrote ? errno : err));
  if (before_rename) before_rename();
  if (std::rename(tmp.c_str(), target.c_str()) != 0) fail(std::strerror(errno));
}

}  // namespace fleetsim::engine
