// Columnar HDF5 output written with parallel HDF5 (MPI-IO, collective transfers).
//
// A table is a group of 1-D datasets of one length, one per field, each with `units` and
// `description` attributes. Every rank contributes the rows it owns together with their global
// row numbers, so the file's row order is fixed by the model, not by the partition.
// Datasets are chunked and, unless compression is 0, shuffled and deflated; parallel HDF5 writes
// filtered datasets collectively (every rank takes part in every write, with or without rows).
// The file is written as PATH.partial and renamed to PATH only by commit(): a run that fails
// leaves no file that looks complete. commit() also writes the root attribute `complete` (= 1)
// last, just before the file is closed: a file without it was not finished, whatever its name
// (copied half-way, or renamed by hand), and every reader refuses it (H5Reader, analysis/,
// slurm/collect; docs/output.md).
// Errors: HDF5 prints nothing (its automatic error stack is off); a write that fails on any rank
// (a full disk, a file size limit) is found after each collective step on every rank, the
// partial file is removed and every rank throws the same OutputError (sim/io/mpiio_errors.h).
#pragma once
#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/io/errors.h"

namespace fleetsim::io {

// The root attribute commit() writes last (int64, value 1).
inline constexpr const char* kCompleteAttribute = "complete";

struct Column {
  std::string name;
  std::string units;
  std::string description;
  // False for columns whose low bytes are close to random (continuous float64 measurements):
  // deflate gains them ~1.1-1.6x at ~60 MB/s and would dominate the write time. They are still
  // chunked. The choice is the table's, so it is the same for any number of ranks.
  bool compress = true;
  std::variant<std::vector<std::int64_t>, std::vector<std::int32_t>, std::vector<std::int8_t>,
               std::vector<double>>
      data;
  std::size_t size() const;
};

struct Table {
  std::deque<Column> columns;       // deque: add() hands out references that must stay valid
  std::vector<std::uint64_t> rows;  // global row number of each local row

  template <class T>
  std::vector<T>& add(std::string name, std::string units, std::string description,
                      bool compress = true) {
    columns.push_back(Column{std::move(name), std::move(units), std::move(description), compress,
                             std::vector<T>{}});
    return std::get<std::vector<T>>(columns.back().data);
  }
};

// Global row numbers for tables made of blocks: the rows of the block with key k come after those
// of every smaller key, whichever rank owns it. `blocks` are this rank's (key, row count) pairs.
// Collective. Returns the first global row of each local block, in the order given.
std::vector<std::uint64_t> block_offsets(
    MPI_Comm comm, const std::vector<std::pair<std::uint64_t, std::uint64_t>>& blocks);

// Turns off HDF5's printing of its error stack (on by default): failures are reported by the
// exceptions the callers throw, in one line. Idempotent.
void quiet_hdf5_errors();

struct StorageOptions {
  int compression = 1;               // deflate level 0..9; 0 stores the chunks unfiltered
  std::uint64_t chunk_rows = 65536;  // rows per chunk (fewer when the dataset is smaller)
};

class H5Writer {
 public:
  H5Writer(MPI_Comm comm, std::string path, StorageOptions storage = {});  // collective
  ~H5Writer();
  H5Writer(const H5Writer&) = delete;
  H5Writer& operator=(const H5Writer&) = delete;

  // Root attributes: collective, same value on every rank.
  void attribute(const std::string& name, const std::string& value);
  void attribute(const std::string& name, std::int64_t value);
  void attribute(const std::string& name, double value);

  // Collective: every rank calls it with the same columns (names, units, types).
  void write_table(const std::string& group, const Table& table, const std::string& description);
  // Collective: more columns, of the same rows, into a group write_table made: a long table is
  // written a column at a time, so that it is never held whole (run_output.cc, /jobs).
  void add_columns(const std::string& group, const Table& table);

  // Writes the root attribute `complete` = 1, closes the file and renames PATH.partial to PATH.
  // Collective.
  void commit();

  // Collective: throws OutputError on every rank when a write failed on any rank since the
  // last check (or `local_error`, a failure this rank saw, is not empty); the file is then
  // closed and removed. The public calls above end with it.
  void check(const std::string& local_error = {});

  const std::string& path() const { return path_; }
  MPI_Comm comm() const { return comm_; }

 private:
  // Runs `write` (local HDF5 calls that throw std::runtime_error) and then check()s.
  template <class Write>
  void guarded(Write&& write);

  MPI_Comm comm_;
  int rank_ = 0;
  std::string path_, partial_;
  StorageOptions storage_;
  hid_t file_ = -1;
  bool committed_ = false;

  // Closes the file if open and removes PATH.partial. Collective.
  void abandon();
  // Creates the group with its description, or with none opens the group made before.
  void write_columns(const std::string& group, const Table& table, const std::string* description);
};

}  // namespace fleetsim::io
