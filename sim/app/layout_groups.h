// A compare's layouts are independent simulations: with several ranks they run at once, each on
// its own group of ranks (`fleetsim compare --layouts-at-once N`). A layout's file is the same
// on any rank count, so which group runs it changes nothing in it; the model's own speed-up on
// more ranks is small (bench/README.md, "The engine"), so whole layouts side by side use the
// ranks better.
#pragma once
#include <mpi.h>

#include <cstddef>
#include <string>

namespace fleetsim::app {

// The split of MPI_COMM_WORLD into `groups` groups of consecutive ranks (group g: world ranks
// g * R / G to (g + 1) * R / G - 1). Layout i goes to group i mod G, in the listed order.
class LayoutGroups {
 public:
  // Collective over MPI_COMM_WORLD. at_once = 0: min(ranks, layouts); more than either is
  // capped. at_once < 0 is the caller's to refuse.
  LayoutGroups(int at_once, std::size_t layouts);
  ~LayoutGroups();
  LayoutGroups(const LayoutGroups&) = delete;
  LayoutGroups& operator=(const LayoutGroups&) = delete;

  int groups() const { return groups_; }
  int group() const { return group_; }  // this rank's, 0..groups() - 1
  MPI_Comm comm() const { return comm_; }  // this rank's group
  int ranks() const { return ranks_; }     // in this rank's group
  bool leader() const { return leader_; }  // rank 0 of its group
  bool runs(std::size_t layout) const { return static_cast<int>(layout % groups_) == group_; }
  int leader_of(std::size_t layout) const;  // the world rank of that layout's group's rank 0

 private:
  int groups_ = 1, group_ = 0, ranks_ = 1;
  bool leader_ = true;
  int world_ranks_ = 1;
  MPI_Comm comm_ = MPI_COMM_NULL;
};

// What ended a layout's run in a group: the kind of error main() reports (0 none, 1 bad trace,
// 2 bad input, 3 output) and its message.
struct LayoutError {
  int kind = 0;
  std::string message;
};

// Collective over MPI_COMM_WORLD, after every group has run (or stopped at an error in) its
// layouts: every rank throws the error of the first failed layout in the listed order, as the
// exception of its kind (traces::TraceError, io::ConfigError, io::OutputError), so that main()
// prints it once and every rank exits alike. `failed` is this rank's first failed layout, or
// npos.
void raise_first_error(const LayoutGroups& groups, std::size_t failed, const LayoutError& error);

// Collective over MPI_COMM_WORLD: the group leaders' texts (banners and statistics of their
// runs), concatenated in group order on world rank 0; empty elsewhere.
std::string gather_texts(const std::string& mine);

}  // namespace fleetsim::app
