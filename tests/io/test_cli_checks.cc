// What the command line checks before a run: output paths (never an input, never a directory,
// a writable directory), sizes for --max-memory, and the memory estimate's arithmetic.
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "sim/io/errors.h"
#include "sim/io/memory_estimate.h"
#include "sim/io/output_checks.h"
#include "sim/io/units.h"
#include "tests/io/h5_root_attributes.h"
#include "traces/trace_fit.h"

using namespace fleetsim;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(FLEETSIM_TEST_TMP) / "cli-checks" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("output files", "[io][cli]") {
  const fs::path dir = fresh_dir("files");
  const io::OutputRules none;
  SECTION("a new file in a writable directory is fine, and the probe leaves nothing") {
    io::check_output_file((dir / "o.h5").string(), "--out", io::OutputKind::kHdf5, none);
    CHECK(fs::is_empty(dir));
  }
  SECTION("an input, even by another name, is never replaced, even with --force") {
    write(dir / "in.swf", "; a trace\n");
    const io::OutputRules rules{true, {(dir / "in.swf").string()}};
    CHECK_THROWS_WITH(io::check_output_file((dir / "." / "in.swf").string(), "--out",
                                            io::OutputKind::kHdf5, rules),
                      Contains("is an input of this command"));
  }
  SECTION("a file of another kind needs --force; a complete fleetsim output does not") {
    write(dir / "notes.txt", "notes\n");
    const auto notes = (dir / "notes.txt").string();
    CHECK_THROWS_WITH(io::check_output_file(notes, "--out", io::OutputKind::kHdf5, none),
                      Contains("give --force to replace it"));
    io::check_output_file(notes, "--out", io::OutputKind::kHdf5, {true, {}});
    // HDF5's signature alone is not enough: the file must open and carry `complete` = 1.
    write(dir / "cut.h5", std::string("\x89HDF\r\n\x1a\n", 8) + "rest");
    CHECK_THROWS_WITH(
        io::check_output_file((dir / "cut.h5").string(), "--out", io::OutputKind::kHdf5, none),
        Contains("exists and is not a readable HDF5 file; give --force to replace it"));
    const auto h5 = (dir / "old.h5").string();
    hid_t f = H5Fcreate(h5.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(f >= 0);
    H5Fclose(f);
    CHECK_THROWS_WITH(io::check_output_file(h5, "--out", io::OutputKind::kHdf5, none),
                      Contains("exists and is not a complete fleetsim output (no root attribute "
                               "'complete'") &&
                          Contains("give --force to replace it"));
    io::check_output_file(h5, "--out", io::OutputKind::kHdf5, {true, {}});
    test::set_root_int(h5, "complete", 1);
    io::check_output_file(h5, "--out", io::OutputKind::kHdf5, none);
    write(dir / "t.fleetsim.csv", "# fleetsim normalized trace, version 1\n");
    io::check_output_file((dir / "t.fleetsim.csv").string(), "OUT",
                          io::OutputKind::kNormalizedTrace, none);
  }
  SECTION("directories, empty paths, missing directories, PATH.partial in the way") {
    CHECK_THROWS_WITH(io::check_output_file(dir.string(), "--out", io::OutputKind::kHdf5, none),
                      Contains("is a directory"));
    CHECK_THROWS_WITH(io::check_output_file("", "--out", io::OutputKind::kHdf5, none),
                      Contains("the output path is empty"));
    CHECK_THROWS_WITH(
        io::check_output_file((dir / "no" / "o.h5").string(), "--out", io::OutputKind::kHdf5, none),
        Contains("does not exist"));
    fs::create_directory(dir / "o.h5.partial");
    CHECK_THROWS_WITH(
        io::check_output_file((dir / "o.h5").string(), "--out", io::OutputKind::kHdf5, none),
        Contains("is in the way"));
  }
  SECTION("a directory no file can be created in, even by root") {
    CHECK_THROWS_WITH(io::check_output_file("/sys/o.h5", "--out", io::OutputKind::kHdf5, none),
                      Contains("cannot create files in '/sys'"));
  }
}

TEST_CASE("output directories", "[io][cli]") {
  const fs::path dir = fresh_dir("dirs");
  io::check_output_dir(dir.string(), "--out");
  io::check_output_dir((dir / "new" / "deeper").string(), "--out");
  CHECK_FALSE(fs::exists(dir / "new"));  // checked, not created
  write(dir / "file", "x");
  CHECK_THROWS_WITH(io::check_output_dir((dir / "file").string(), "--out"),
                    Contains("is not a directory"));
  CHECK_THROWS_WITH(io::check_output_dir((dir / "file" / "sub").string(), "--out"),
                    Contains("is not a directory"));
  CHECK_THROWS_WITH(io::check_output_dir("/sys/cmp", "--out"), Contains("cannot create files"));
}

TEST_CASE("sizes", "[io][cli]") {
  CHECK(io::parse_bytes("1000") == 1000);
  CHECK(io::parse_bytes("16GiB") == 16.0 * 1024 * 1024 * 1024);
  CHECK(io::parse_bytes("512M") == 512.0 * 1024 * 1024);
  CHECK(io::parse_bytes("2.5TB") == 2.5e12);
  CHECK(io::parse_bytes("0") == 0);
  for (const char* bad : {"", "lots", "16 GiB", "-1G", "1e400", "5Gb"})
    CHECK_THROWS_WITH(io::parse_bytes(bad), Contains("is not a size"));
  CHECK(io::format_bytes(1536) == "1.5 KiB");
  CHECK(io::format_bytes(3.0 * 1024 * 1024 * 1024) == "3.0 GiB");
}

TEST_CASE("memory estimate", "[io][cli]") {
  io::Scenario s = io::default_scenario();
  const model::ModelConfig year = io::model_for(s, "giant");
  const auto e = io::estimate_memory(s, year, -1, 1);
  // A year of the default scenario: ~475k jobs, measured at 290 MiB (docs/cli.md).
  CHECK(e.largest().what == "job records");
  CHECK(e.largest().count == Approx(475654).epsilon(0.01));
  CHECK(e.bytes > 290.0 * 1024 * 1024);
  CHECK(e.bytes < 500.0 * 1024 * 1024);
  SECTION("twice the span, about twice the jobs; more ranks, more base") {
    model::ModelConfig two = year;
    two.end_time *= 2;
    CHECK(io::estimate_memory(s, two, -1, 1).largest().count ==
          Approx(2 * e.largest().count).epsilon(0.01));
    CHECK(io::estimate_memory(s, year, -1, 4).bytes == Approx(e.bytes + 3 * io::kBytesPerRank));
  }
  SECTION("a replayed trace counts its jobs") {
    s.trace.replay = true;
    const auto t = io::estimate_memory(s, year, 1000, 1);
    const auto jobs = std::find_if(t.parts.begin(), t.parts.end(),
                                   [](const auto& p) { return p.what == "job records"; });
    REQUIRE(jobs != t.parts.end());
    CHECK(jobs->count == 1000);
    // Up to traces::kKeptRows the scan keeps the rows for the replay; beyond, it reads again.
    auto kept = [](const io::MemoryEstimate& m) {
      return std::count_if(m.parts.begin(), m.parts.end(), [](const auto& p) {
        return p.what == "trace rows kept for the replay";
      });
    };
    CHECK(kept(t) == 1);
    CHECK(kept(io::estimate_memory(s, year, traces::kKeptRows + 1, 1)) == 0);
  }
  SECTION("a timeline sample every microsecond is absurd, and no overflow hides it") {
    model::ModelConfig fine = year;
    fine.timeline_period = 1;
    const auto f = io::estimate_memory(s, fine, -1, 1);
    CHECK(f.largest().what == "pod timeline samples");
    CHECK(f.bytes > 1e15);
  }
}
