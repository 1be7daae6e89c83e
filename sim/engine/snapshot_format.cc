#include "sim/engine/snapshot_format.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace fleetsim::engine {
namespace {

constexpr std::string_view kMagic = "FLEETSIM-SNAPSHOT\n";
constexpr std::string_view kEnd = "END!";
constexpr std::size_t kTrailer = 8 + 4 + 4;
constexpr std::size_t kEventBytes = 8 + 4 + 4 + 8 + 4 + 2 + 2 + 8 + Event::kPayloadBytes;

std::uint32_t crc32(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
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

std::string encode_record(const LpRecord& r) {
  std::string s;
  s.reserve(48 + r.events.size() * kEventBytes + r.state.size());
  Out out(s);
  out.put(r.next_seq);
  out.put(r.processed);
  out.put(r.clock);
  out.put(r.cp_last);
  out.put(r.cp_work);
  out.put<std::uint64_t>(r.events.size());
  for (const Event& ev : r.events) {
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
  out.bytes(r.state);
  return s;
}

LpRecord decode_record(std::string_view bytes, const std::string& file) {
  In in(bytes, file, "LP record");
  LpRecord r;
  r.next_seq = in.get<std::uint64_t>();
  r.processed = in.get<std::uint64_t>();
  r.clock = in.get<Time>();
  r.cp_last = in.get<std::int64_t>();
  r.cp_work = in.get<std::int64_t>();
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

std::string encode_snapshot(const SnapshotHeader& h, const std::vector<std::string_view>& records) {
  std::string s;
  std::size_t total = kMagic.size() + 64 + h.meta.size() + kTrailer;
  for (auto r : records) total += 12 + r.size();
  s.reserve(total);
  Out out(s);
  s.append(kMagic);
  out.put(kSnapshotVersion);
  out.put(h.time);
  out.put(h.end_time);
  out.put(h.seed);
  out.put(h.windows);
  out.put(h.num_lps);
  out.bytes(h.meta);
  for (std::uint32_t id = 0; id < records.size(); ++id) {
    out.put(id);
    out.bytes(records[id]);
  }
  const std::uint64_t length = s.size();
  const std::uint32_t crc = crc32(s);
  out.put(length);
  out.put(crc);
  s.append(kEnd);
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

void write_file_atomically(const std::string& path, std::string_view bytes,
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
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() &&
                     std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !wrote) fail(std::strerror(wrote ? errno : err));
  if (before_rename) before_rename();
  if (std::rename(tmp.c_str(), target.c_str()) != 0) fail(std::strerror(errno));
}

}  // namespace fleetsim::engine
