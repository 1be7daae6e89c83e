#include "sim/app/layout_groups.h"

#include <algorithm>
#include <climits>
#include <numeric>
#include <vector>

#include "sim/io/errors.h"
#include "traces/trace_record.h"

namespace fleetsim::app {

LayoutGroups::LayoutGroups(int at_once, std::size_t layouts) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_ranks_);
  const int most = std::min<long long>(world_ranks_, std::max<std::size_t>(layouts, 1));
  groups_ = at_once == 0 ? most : std::min(at_once, most);
  // The group whose block of ranks holds this rank: the largest g with g * R / G <= rank.
  group_ = static_cast<int>((static_cast<long long>(rank + 1) * groups_ - 1) / world_ranks_);
  MPI_Comm_split(MPI_COMM_WORLD, group_, rank, &comm_);
  MPI_Comm_size(comm_, &ranks_);
  int in_group = 0;
  MPI_Comm_rank(comm_, &in_group);
  leader_ = in_group == 0;
}

LayoutGroups::~LayoutGroups() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

int LayoutGroups::leader_of(std::size_t layout) const {
  const auto g = static_cast<long long>(layout % groups_);
  return static_cast<int>(g * world_ranks_ / groups_);  // where group g's block starts
}

void raise_first_error(const LayoutGroups& groups, std::size_t failed, const LayoutError& error) {
  int first = failed == static_cast<std::size_t>(-1) ? INT_MAX : static_cast<int>(failed);
  MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == INT_MAX) return;
  // The failed layout's group leader has its message (its whole group threw alike).
  const int from = groups.leader_of(static_cast<std::size_t>(first));
  int header[2] = {error.kind, static_cast<int>(error.message.size())};
  MPI_Bcast(header, 2, MPI_INT, from, MPI_COMM_WORLD);
  std::string message = error.message;
  message.resize(static_cast<std::size_t>(header[1]));
  MPI_Bcast(message.data(), header[1], MPI_CHAR, from, MPI_COMM_WORLD);
  switch (header[0]) {
    case 1:
      throw traces::TraceError(message);
    case 3:
      throw io::OutputError(message);
    default:
      throw io::ConfigError(message);
  }
}

std::string gather_texts(const std::string& mine) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(rank == 0 ? ranks : 0), offsets(rank == 0 ? ranks : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (rank == 0) {
    std::exclusive_scan(lengths.begin(), lengths.end(), offsets.begin(), 0);
    all.resize(static_cast<std::size_t>(offsets.back() + lengths.back()));
  }
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
              0, MPI_COMM_WORLD);
  return all;
}

}  // namespace fleetsim::app
