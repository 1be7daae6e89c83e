// The HDF5 writer: rows land at their global positions whatever rank writes them, and a file
// that was never committed leaves nothing behind. Runs under mpirun -n 1, 2 and 4.
#include <hdf5.h>
#include <mpi.h>

#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "sim/io/h5_reader.h"
#include "sim/io/h5_writer.h"
#include "tests/io/h5_root_attributes.h"

using namespace fleetsim;
using Catch::Matchers::Contains;

namespace {
std::string tmp_path(const std::string& name) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  return std::string(FLEETSIM_TEST_TMP) + "/" + name + "-np" + std::to_string(ranks) + ".h5";
}
}  // namespace

TEST_CASE("rows from every rank land at their global row numbers", "[io][h5][mpi]") {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const std::string path = tmp_path("rows");
  {
    io::Table t;
    auto& v = t.add<std::int64_t>("value", "1", "row number squared");
    auto& d = t.add<double>("half", "s", "row number / 2");
    // Rank r owns rows r, r + ranks, ... (interleaved: a point selection) given in reverse.
    for (int row = 99; row >= 0; --row)
      if (row % ranks == rank) {
        t.rows.push_back(row);
        v.push_back(std::int64_t{row} * row);
        d.push_back(row / 2.0);
      }
    io::Table blocks;
    auto& b = blocks.add<std::int32_t>("key", "1", "block key");
    // Each rank one block of (rank + 1) rows keyed 10 - rank: higher ranks come first.
    const auto offsets = io::block_offsets(
        MPI_COMM_WORLD,
        {{static_cast<std::uint64_t>(10 - rank), static_cast<std::uint64_t>(rank + 1)}});
    for (int k = 0; k <= rank; ++k) {
      blocks.rows.push_back(offsets[0] + k);
      b.push_back(10 - rank);
    }
    io::H5Writer w(MPI_COMM_WORLD, path);
    w.attribute("note", std::string("test"));
    w.write_table("t", t, "test table");
    w.write_table("b", blocks, "blocks");
    w.commit();
  }
  if (rank == 0) {
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    std::vector<std::int64_t> v(100);
    hid_t ds = H5Dopen2(f, "/t/value", H5P_DEFAULT);
    REQUIRE(H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
    for (int row = 0; row < 100; ++row) CHECK(v[row] == std::int64_t{row} * row);
    H5Dclose(ds);
    const int n = ranks * (ranks + 1) / 2;
    std::vector<std::int32_t> keys(n);
    ds = H5Dopen2(f, "/b/key", H5P_DEFAULT);
    REQUIRE(H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, keys.data()) >= 0);
    H5Dclose(ds);
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(keys.front() == 10 - (ranks - 1));
    H5Fclose(f);
  }
}

TEST_CASE("a table written a column at a time is the table written whole", "[io][h5][mpi]") {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  // Rank r owns rows r, r + ranks, ... (points) in reverse, and more rows than a chunk holds.
  io::Table whole;
  auto& a = whole.add<std::int64_t>("a", "1", "first");
  auto& b = whole.add<double>("b", "s", "second", false);
  auto& c = whole.add<std::int8_t>("c", "enum", "third");
  for (int row = 999; row >= 0; --row)
    if (row % ranks == rank) {
      whole.rows.push_back(row);
      a.push_back(std::int64_t{row} * 7);
      b.push_back(row / 3.0);
      c.push_back(static_cast<std::int8_t>(row % 5));
    }
  const std::string one = tmp_path("whole"), parts = tmp_path("parts");
  io::StorageOptions storage;
  storage.chunk_rows = 256;
  {
    io::H5Writer w(MPI_COMM_WORLD, one, storage);
    w.write_table("t", whole, "test table");
    w.commit();
  }
  {
    io::H5Writer w(MPI_COMM_WORLD, parts, storage);
    for (std::size_t k = 0; k < whole.columns.size(); ++k) {
      io::Table column;
      column.rows = whole.rows;
      column.columns.push_back(whole.columns[k]);
      if (k == 0) {
        w.write_table("t", column, "test table");
      } else {
        w.add_columns("t", column);
      }
    }
    w.commit();
  }
  if (rank == 0) {
    const std::string cmd = std::string(FLEETSIM_H5SAME) + " " + one + " " + parts + " > /dev/null";
    CHECK(std::system(cmd.c_str()) == 0);
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

TEST_CASE("commit() sets `complete` = 1, and H5Reader refuses a file without it", "[io][h5][mpi]") {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const std::string path = tmp_path("complete");
  {
    io::H5Writer w(MPI_COMM_WORLD, path);
    io::Table t;
    auto& v = t.add<double>("x", "s", "x");
    if (rank == 0) {
      t.rows.push_back(0);
      v.push_back(1.5);
    }
    w.attribute("schema_version", std::int64_t{6});
    w.write_table("t", t, "one row");
    w.commit();
  }
  if (rank == 0) {
    CHECK(test::root_int(path, "complete") == 1);
    CHECK(io::H5Reader(path).dataset<double>("t/x") == std::vector<double>{1.5});
    test::remove_root_attribute(path, "complete");
    CHECK_THROWS_WITH(io::H5Reader(path),
                      path +
                          ": not a complete fleetsim output (no root attribute 'complete': the "
                          "run that wrote it did not finish, or another program wrote it)");
    test::set_root_int(path, "complete", 0);
    CHECK_THROWS_WITH(io::H5Reader(path), path +
                                              ": not a complete fleetsim output (root "
                                              "attribute 'complete' is 0, not 1)");
    // Version 5 predates the attribute: such a file was made whole by the rename alone.
    test::remove_root_attribute(path, "complete");
    test::set_root_int(path, "schema_version", 5);
    CHECK(io::H5Reader(path).attribute<std::int64_t>("schema_version") == 5);
    test::set_root_int(path, "schema_version", 6);
    CHECK_THROWS_WITH(io::H5Reader(path), Contains("no root attribute 'complete'"));
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

TEST_CASE("an uncommitted file leaves nothing behind", "[io][h5][mpi]") {
  const std::string path = tmp_path("abandoned");
  {
    io::H5Writer w(MPI_COMM_WORLD, path);
    io::Table t;
    t.add<double>("x", "s", "x");
    w.write_table("t", t, "empty");
    // No commit: as when the run fails after the file was opened.
  }
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST_CASE("chunked, filtered datasets hold the same rows on any rank count", "[io][h5][mpi]") {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const int level = GENERATE(0, 1, 9);
  const std::string path = tmp_path("chunked-" + std::to_string(level));
  {
    io::Table t, empty;
    auto& v = t.add<std::int64_t>("value", "1", "row number x 3 (shuffle + deflate)");
    auto& d = t.add<double>("third", "s", "row number / 3 (shuffle + deflate)");
    auto& r = t.add<double>("raw", "s", "row / 7, stored unfiltered", false);
    // Interleaved rows over ranks, 7 rows per chunk: chunks shared by several ranks.
    for (int row = 0; row < 100; ++row)
      if (row % ranks == rank) {
        t.rows.push_back(row);
        v.push_back(std::int64_t{row} * 3);
        d.push_back(row / 3.0);
        r.push_back(row / 7.0);
      }
    empty.add<double>("x", "s", "no rows: stays contiguous");
    io::StorageOptions storage;
    storage.compression = level;
    storage.chunk_rows = 7;
    io::H5Writer w(MPI_COMM_WORLD, path, storage);
    w.write_table("t", t, "test table");
    w.write_table("empty", empty, "zero rows");
    w.commit();
  }
  if (rank == 0) {
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    std::vector<std::int64_t> v(100);
    std::vector<double> d(100), r(100);
    hid_t ds = H5Dopen2(f, "/t/value", H5P_DEFAULT);
    REQUIRE(H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
    hid_t dcpl = H5Dget_create_plist(ds);
    CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED);
    CHECK(H5Pget_nfilters(dcpl) == (level > 0 ? 2 : 0));
    H5Pclose(dcpl);
    H5Dclose(ds);
    ds = H5Dopen2(f, "/t/third", H5P_DEFAULT);
    REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.data()) >= 0);
    dcpl = H5Dget_create_plist(ds);
    CHECK(H5Pget_nfilters(dcpl) == (level > 0 ? 2 : 0));
    H5Pclose(dcpl);
    H5Dclose(ds);
    ds = H5Dopen2(f, "/t/raw", H5P_DEFAULT);
    REQUIRE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, r.data()) >= 0);
    dcpl = H5Dget_create_plist(ds);
    CHECK(H5Pget_nfilters(dcpl) == 0);
    H5Pclose(dcpl);
    H5Dclose(ds);
    for (int row = 0; row < 100; ++row) {
      CHECK(v[row] == std::int64_t{row} * 3);
      CHECK(d[row] == row / 3.0);
      CHECK(r[row] == row / 7.0);
    }
    ds = H5Dopen2(f, "/empty/x", H5P_DEFAULT);
    REQUIRE(ds >= 0);
    hid_t space = H5Dget_space(ds);
    CHECK(H5Sget_simple_extent_npoints(space) == 0);
    H5Sclose(space);
    H5Dclose(ds);
    H5Fclose(f);
  }
}

// A file size limit stands in for a full disk: writes past it fail with EFBIG (SIGXFSZ ignored).
// On rank 0 alone the failure is on one rank only (rank 0 writes the metadata and aggregates
// collective writes): every rank must still get the same OutputError, none may hang, and the
// partial file must be gone.
TEST_CASE("a write that fails on any rank throws the same OutputError on every rank",
          "[io][h5][mpi]") {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const bool everywhere = GENERATE(true, false);
  const std::string path = tmp_path(everywhere ? "full-all" : "full-rank0");
  io::Table t;
  auto& v = t.add<double>("value", "1", "incompressible enough", false);
  for (int row = rank; row < 400000; row += ranks) {
    t.rows.push_back(static_cast<std::uint64_t>(row));
    v.push_back(row * 0.618033988749);
  }
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  if (everywhere || rank == 0) {
    rlimit small = saved;
    small.rlim_cur = 256 * 1024;
    setrlimit(RLIMIT_FSIZE, &small);
  }
  std::string message;
  try {
    io::H5Writer w(MPI_COMM_WORLD, path);
    w.write_table("t", t, "3 MB of rows");
    w.commit();
  } catch (const io::OutputError& e) {
    message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  CHECK_THAT(message, Contains(path + ": cannot write the output: File too large"));
  // The same message on every rank: compare lengths and the first byte everywhere.
  int length = static_cast<int>(message.size()), lo = 0, hi = 0;
  MPI_Allreduce(&length, &lo, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(&length, &hi, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  CHECK(lo == hi);
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".partial"));
}
