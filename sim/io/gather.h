// Brings the columns of a table spread over ranks to rank 0, in the file's row order, so a figure
// computed from them there is computed in the same order, to the same bits, on any rank count.
#pragma once
#include <mpi.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/io/h5_writer.h"

namespace fleetsim::io {

// Where the gathered elements go, on rank 0: the global row of each (rank 0's local rows first,
// then rank 1's, ...). The rows must be 0..n-1, each once (as /jobs and /clusters are).
struct RowOrder {
  std::vector<std::uint64_t> rows;
  bool identity = false;  // rows[i] == i: elements arrive in row order
  bool local = false;     // one rank: nothing to gather
};

// Collective. Meaningful on rank 0 only.
RowOrder gather_rows(MPI_Comm comm, const Table& t);

// Collective. On rank 0: column `name` of `t` (of type T) in row order; empty elsewhere. On one
// rank with rows already in order, the column is moved out of `t` (a year's /jobs columns are
// ~4 MB each: copying them into fresh pages cost more than computing every figure). Throws
// std::logic_error for an unknown column or type.
template <class T>
std::vector<T> take_column(MPI_Comm comm, Table& t, std::string_view name, const RowOrder& order);

}  // namespace fleetsim::io
