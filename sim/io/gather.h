// Brings the columns of a table spread over ranks to rank 0, in the file's row order, so a figure
// computed from them there is computed in the same order, to the same bits, on any rank count.
#pragma once
#include <mpi.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/io/h5_writer.h"

namespace fleetsim::io {

// Collective. On rank 0: the global row of each element gathered (rank 0's local rows first,
// then rank 1's, ...); the rows must be 0..n-1, each once (as /jobs and /clusters are). Empty
// elsewhere.
std::vector<std::uint64_t> gather_rows(MPI_Comm comm, const Table& t);

// Collective. On rank 0: column `name` of `t` (of type T) in row order, placed by the rows
// gather_rows returned; empty elsewhere. Throws std::logic_error for an unknown column or type.
template <class T>
std::vector<T> gather_column(MPI_Comm comm, const Table& t, std::string_view name,
                             const std::vector<std::uint64_t>& rows);

}  // namespace fleetsim::io
