#include "sim/io/gather.h"
#include "sim/io/native_types.h"

#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace fleetsim::io {
namespace {

// Counts and displacements of every rank's elements, on rank 0.
struct Layout {
  int rank = 0, ranks = 1;
  std::vector<int> counts, displs;
  std::size_t total = 0;
};

Layout layout(MPI_Comm comm, std::size_t local) {
  Layout l;
  MPI_Comm_rank(comm, &l.rank);
  MPI_Comm_size(comm, &l.ranks);
  if (local > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("gather: more than 2^31 rows on one rank");
  const int n = static_cast<int>(local);
  if (l.rank == 0) {
    l.counts.resize(l.ranks);
    l.displs.resize(l.ranks);
  }
  MPI_Gather(&n, 1, MPI_INT, l.counts.data(), 1, MPI_INT, 0, comm);
  if (l.rank == 0) {
    std::partial_sum(l.counts.begin(), l.counts.end() - 1, l.displs.begin() + 1);
    l.total = static_cast<std::size_t>(l.displs.back()) + l.counts.back();
  }
  return l;
}

}  // namespace

RowOrder gather_rows(MPI_Comm comm, const Table& t) {
  const Layout l = layout(comm, t.rows.size());
  RowOrder order;
  order.rows.resize(l.total);
  MPI_Gatherv(t.rows.data(), static_cast<int>(t.rows.size()), MPI_UINT64_T, order.rows.data(),
              l.counts.data(), l.displs.data(), MPI_UINT64_T, 0, comm);
  if (l.rank != 0) return order;
  std::vector<bool> seen(order.rows.size(), false);
  order.identity = true;
  for (std::size_t i = 0; i < order.rows.size(); ++i) {
    const std::uint64_t r = order.rows[i];
    if (r >= order.rows.size() || seen[r])
      throw std::logic_error("gather_rows: the table's rows are not 0..n-1, each once");
    seen[r] = true;
    order.identity = order.identity && r == i;
  }
  order.local = l.ranks == 1;
  return order;
}

template <class T>
std::vector<T> take_column(MPI_Comm comm, Table& t, std::string_view name, const RowOrder& order) {
  Column* col = nullptr;
  for (Column& c : t.columns)
    if (c.name == name) col = &c;
  if (!col || !std::holds_alternative<std::vector<T>>(col->data))
    throw std::logic_error("take_column: no column " + std::string(name) + " of that type");
  auto& values = std::get<std::vector<T>>(col->data);
  if (order.local && order.identity) return std::move(values);  // one rank: no MPI call
  const Layout l = layout(comm, values.size());
  if (l.rank == 0 && l.total != order.rows.size())
    throw std::logic_error("take_column: " + std::string(name) + " and the rows differ in length");
  std::vector<T> gathered(l.total);
  MPI_Gatherv(values.data(), static_cast<int>(values.size()), mpi_native<T>(), gathered.data(),
              l.counts.data(), l.displs.data(), mpi_native<T>(), 0, comm);
  if (l.rank != 0 || order.identity) return gathered;
  std::vector<T> out(gathered.size());
  for (std::size_t i = 0; i < gathered.size(); ++i) out[order.rows[i]] = gathered[i];
  return out;
}

template std::vector<std::int8_t> take_column(MPI_Comm, Table&, std::string_view, const RowOrder&);
template std::vector<std::int32_t> take_column(MPI_Comm, Table&, std::string_view, const RowOrder&);
template std::vector<std::int64_t> take_column(MPI_Comm, Table&, std::string_view, const RowOrder&);
template std::vector<double> take_column(MPI_Comm, Table&, std::string_view, const RowOrder&);

}  // namespace fleetsim::io
