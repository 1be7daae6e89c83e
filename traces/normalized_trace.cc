#include "traces/normalized_trace.h"

#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace fleetsim::traces {

namespace {

void put(std::string& s, double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}

}  // namespace

std::int64_t write_normalized(TraceReader& reader, const std::string& source,
                              const std::string& out) {
  const std::string partial = out + ".partial";
  gzFile f = gzopen(partial.c_str(), out.ends_with(".gz") ? "wb6" : "wbT");  // T: no compression
  if (!f) throw TraceError(out + ": cannot create file");
  std::string buf;
  buf += "# fleetsim normalized trace, version 1\n# source: " + source + " (" + reader.format() +
         ")\n";
  if (reader.machine_devices() > 0) {
    buf += "# machine_devices: ";
    put(buf, reader.machine_devices());
    buf += '\n';
  }
  buf += "id,submit_s,wait_s,runtime_s,time_limit_s,devices,outcome,tenant,started,attempts\n";
  std::int64_t rows = 0;
  TraceJob j;
  auto flush = [&] {
    // The catch below closes the file and removes the partial one: closing here too would
    // free the gz stream twice.
    if (!buf.empty() && gzwrite(f, buf.data(), static_cast<unsigned>(buf.size())) == 0)
      throw TraceError(out + ": cannot write: " + std::strerror(errno));
    buf.clear();
  };
  try {
    while (reader.next(j)) {
      buf += std::to_string(j.id);
      for (double v : {j.submit_s, j.wait_s, j.runtime_s, j.time_limit_s, j.devices}) {
        buf += ',';
        put(buf, v);
      }
      buf += ',';
      buf += outcome_name(j.outcome);
      buf += ',' + std::to_string(j.tenant) + ',' + (j.started ? "1" : "0") + ',' +
             std::to_string(j.attempts) + '\n';
      ++rows;
      if (buf.size() > (1 << 20)) flush();
    }
    flush();
  } catch (...) {
    gzclose(f);
    std::filesystem::remove(partial);
    throw;
  }
  if (gzclose(f) != Z_OK) {
    const int err = errno;
    std::filesystem::remove(partial);
    throw TraceError(out + ": cannot write: " + std::strerror(err));
  }
  std::filesystem::rename(partial, out);
  return rows;
}

}  // namespace fleetsim::traces
