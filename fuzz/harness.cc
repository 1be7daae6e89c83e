#include "fuzz/harness.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "traces/failure_log.h"
#include "traces/trace_reader.h"

namespace fs = std::filesystem;

namespace fleetsim::fuzz {
namespace {

// Never destroyed: the exit handler that removes it runs after static destructors.
const fs::path& work_dir() {
  static const fs::path* dir = [] {
    auto* d =
        new fs::path(fs::temp_directory_path() / ("fleetsim-fuzz-" + std::to_string(getpid())));
    fs::create_directories(*d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(work_dir(), ec);
    });
    return d;
  }();
  return *dir;
}

}  // namespace

std::string input_file(const std::uint8_t* data, std::size_t size, const std::string& name) {
  const fs::path path = work_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path.string();
}

std::string gzip_input(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  const std::size_t cut = data[0] % 64;
  uLongf n = compressBound(static_cast<uLong>(size)) + 32;
  std::string out(n, '\0');
  // deflateInit2 with windowBits 15 + 16 writes the gzip wrapper zlib's gzread expects.
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = const_cast<Bytef*>(data + 1);
  z.avail_in = static_cast<uInt>(size - 1);
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out > cut ? z.total_out - cut : 0);
  deflateEnd(&z);
  return out;
}

void read_trace(const std::string& path, const std::string& format) {
  for (const auto bad_rows : {traces::BadRows::kError, traces::BadRows::kSkip}) {
    try {
      traces::ReadOptions opts;
      opts.bad_rows = bad_rows;
      const auto reader = traces::open_trace(traces::parse_trace_spec(path + ":" + format), opts);
      traces::TraceJob job;
      while (reader->next(job)) {
      }
    } catch (const traces::TraceError&) {
    }
  }
}

void read_failures(const std::string& path, const std::string& format) {
  for (const auto bad_rows : {traces::BadRows::kError, traces::BadRows::kSkip}) {
    try {
      const traces::FailureLog log =
          traces::read_failure_log(traces::parse_failure_spec(path + ":" + format), bad_rows);
      traces::describe(log);
    } catch (const traces::TraceError&) {
    }
  }
}

}  // namespace fleetsim::fuzz
