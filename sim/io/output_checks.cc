#include "sim/io/output_checks.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/io/errors.h"
#include "sim/io/h5_reader.h"

namespace fs = std::filesystem;

namespace fleetsim::io {
namespace {

[[noreturn]] void fail(const std::string& option, const std::string& path, const std::string& why) {
  throw ConfigError("command line " + option + " '" + path + "': " + why);
}

// Creates and removes a file in `dir`: the one test of writability that holds for root too.
std::string cannot_create_in(const fs::path& dir) {
  std::string probe = (dir / ".fleetsim-probe-XXXXXX").string();
  const int fd = mkstemp(probe.data());
  if (fd < 0) return std::strerror(errno);
  close(fd);
  unlink(probe.c_str());
  return {};
}

bool starts_with_bytes(const fs::path& file, const std::string& prefix) {
  std::ifstream in(file, std::ios::binary);
  std::string head(prefix.size(), '\0');
  return in.read(head.data(), static_cast<std::streamsize>(head.size())) && head == prefix;
}

// The first line of a plain or gzip file (zlib reads both).
bool first_line_is(const fs::path& file, const std::string& prefix) {
  gzFile f = gzopen(file.c_str(), "rb");
  if (!f) return false;
  std::string head(prefix.size(), '\0');
  const int n = gzread(f, head.data(), static_cast<unsigned>(head.size()));
  gzclose(f);
  return n == static_cast<int>(prefix.size()) && head == prefix;
}

bool is_kind(const fs::path& file, OutputKind kind) {
  switch (kind) {
    case OutputKind::kHdf5:
      return starts_with_bytes(file, "\x89HDF\r\n\x1a\n");
    case OutputKind::kNormalizedTrace:
      return first_line_is(file, "# fleetsim normalized trace");
  }
  return false;
}

const char* kind_name(OutputKind kind) {
  return kind == OutputKind::kHdf5 ? "an HDF5 file" : "a fleetsim normalized trace";
}

bool same_file(const fs::path& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) && !ec;
}

}  // namespace

void check_output_file(const std::string& path, const std::string& option, OutputKind kind,
                       const OutputRules& rules) {
  if (path.empty()) fail(option, path, "the output path is empty");
  const fs::path out(path);
  std::error_code ec;
  const auto status = fs::status(out, ec);
  if (fs::exists(status)) {
    for (const auto& input : rules.inputs)
      if (same_file(out, input))
        fail(option, path, "is an input of this command (" + input + "); refusing to overwrite it");
    if (fs::is_directory(status)) fail(option, path, "is a directory; give a file name");
    if (!fs::is_regular_file(status)) fail(option, path, "exists and is not a regular file");
    if (!rules.force && !is_kind(out, kind))
      fail(option, path,
           std::string("exists and is not ") + kind_name(kind) +
               " this command wrote; give --force to replace it");
    // An HDF5 file is replaced only if it is a whole fleetsim output: not another program's
    // file, and not one whose run never finished (no root attribute `complete`).
    if (!rules.force && kind == OutputKind::kHdf5)
      if (const std::string why = incomplete_output(path); !why.empty())
        fail(option, path, "exists and is " + why + "; give --force to replace it");
  }
  const std::string partial = path + ".partial";
  const auto partial_status = fs::symlink_status(partial, ec);
  if (fs::exists(partial_status) && !fs::is_regular_file(partial_status))
    fail(option, path, "'" + partial + "' (where the output is written first) is in the way");
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(dir, ec))
    fail(option, path, "directory '" + dir.string() + "' does not exist");
  if (const auto why = cannot_create_in(dir); !why.empty())
    fail(option, path, "cannot create files in '" + dir.string() + "': " + why);
}

void check_output_dir(const std::string& dir, const std::string& option) {
  if (dir.empty()) fail(option, dir, "the output directory is empty");
  std::error_code ec;
  fs::path existing(dir);
  // The directory, or the nearest existing one above it where it would be created.
  while (!fs::exists(existing, ec) && existing.has_parent_path() &&
         existing.parent_path() != existing)
    existing = existing.parent_path();
  if (existing.empty() || !fs::exists(existing, ec)) existing = ".";
  if (!fs::is_directory(existing, ec))
    fail(option, dir,
         existing == fs::path(dir) ? "is not a directory"
                                   : "'" + existing.string() + "' is not a directory");
  if (const auto why = cannot_create_in(existing); !why.empty())
    fail(option, dir, "cannot create files in '" + existing.string() + "': " + why);
}

void make_output_dir(const std::string& dir, const std::string& option) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) fail(option, dir, "cannot create the directory: " + ec.message());
}

}  // namespace fleetsim::io
