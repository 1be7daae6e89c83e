#include "sim/io/gather.h"

#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace fleetsim::io {
namespace {

// Counts and displacements of every rank's elements, on rank 0.
struct Layout {
  int rank = 0;
  std::vector<int> counts, displs;
  std::size_t total = 0;
};

Layout layout(MPI_Comm comm, std::size_t local) {
  Layout l;
  int ranks = 1;
  MPI_Comm_rank(comm, &l.rank);
  MPI_Comm_size(comm, &ranks);
  if (local > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("gather: more than 2^31 rows on one rank");
  const int n = static_cast<int>(local);
  if (l.rank == 0) {
    l.counts.resize(ranks);
    l.displs.resize(ranks);
  }
  MPI_Gather(&n, 1, MPI_INT, l.counts.data(), 1, MPI_INT, 0, comm);
  if (l.rank == 0) {
    std::partial_sum(l.counts.begin(), l.counts.end() - 1, l.displs.begin() + 1);
    l.total = static_cast<std::size_t>(l.displs.back()) + l.counts.back();
  }
  return l;
}

}  // namespace

std::vector<std::uint64_t> gather_rows(MPI_Comm comm, const Table& t) {
  const Layout l = layout(comm, t.rows.size());
  std::vector<std::uint64_t> rows(l.total);
  MPI_Gatherv(t.rows.data(), static_cast<int>(t.rows.size()), MPI_UINT64_T, rows.data(),
              l.counts.data(), l.displs.data(), MPI_UINT64_T, 0, comm);
  if (l.rank == 0) {
    std::vector<bool> seen(rows.size(), false);
    for (std::uint64_t r : rows) {
      if (r >= rows.size() || seen[r])
        throw std::logic_error("gather_rows: the table's rows are not 0..n-1, each once");
      seen[r] = true;
    }
  }
  return rows;
}

template <class T>
std::vector<T> gather_column(MPI_Comm comm, const Table& t, std::string_view name,
                             const std::vector<std::uint64_t>& rows) {
  const Column* col = nullptr;
  for (const Column& c : t.columns)
    if (c.name == name) col = &c;
  if (!col || !std::holds_alternative<std::vector<T>>(col->data))
    throw std::logic_error("gather_column: no column " + std::string(name) + " of that type");
  const auto& values = std::get<std::vector<T>>(col->data);
  const Layout l = layout(comm, values.size());
  // Elements travel as opaque blocks of sizeof(T) bytes: the same machine type on every rank.
  MPI_Datatype type;
  MPI_Type_contiguous(static_cast<int>(sizeof(T)), MPI_BYTE, &type);
  MPI_Type_commit(&type);
  std::vector<T> gathered(l.total);
  MPI_Gatherv(values.data(), static_cast<int>(values.size()), type, gathered.data(),
              l.counts.data(), l.displs.data(), type, 0, comm);
  MPI_Type_free(&type);
  if (l.rank != 0) return {};
  if (gathered.size() != rows.size())
    throw std::logic_error("gather_column: " + std::string(name) +
                           " and the rows differ in length");
  std::vector<T> out(gathered.size());
  for (std::size_t i = 0; i < gathered.size(); ++i) out[rows[i]] = gathered[i];
  return out;
}

template std::vector<std::int8_t> gather_column(MPI_Comm, const Table&, std::string_view,
                                                const std::vector<std::uint64_t>&);
template std::vector<std::int32_t> gather_column(MPI_Comm, const Table&, std::string_view,
                                                 const std::vector<std::uint64_t>&);
template std::vector<std::int64_t> gather_column(MPI_Comm, const Table&, std::string_view,
                                                 const std::vector<std::uint64_t>&);
template std::vector<double> gather_column(MPI_Comm, const Table&, std::string_view,
                                           const std::vector<std::uint64_t>&);

}  // namespace fleetsim::io
