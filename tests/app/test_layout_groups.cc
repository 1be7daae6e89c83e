// A compare's layouts run at once on groups of ranks (sim/app/layout_groups.h): the split into
// blocks of consecutive ranks, the dealing of layouts, and the one error every rank raises when a
// group's layout failed. Runs under mpirun -n 1, 2 and 4 ([mpi]).
#include <mpi.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/app/layout_groups.h"
#include "sim/app/world.h"
#include "sim/io/errors.h"

using namespace fleetsim;

namespace {
using app::world_rank;
using app::world_size;
// "<before>N<after>", appended piece by piece (GCC 12 warns, wrongly, on "literal" + string).
std::string text(const char* before, std::size_t n, const char* after) {
  std::string s(before);
  s.append(std::to_string(n)).append(after);
  return s;
}
}  // namespace

TEST_CASE("layout groups: blocks of consecutive ranks, layouts dealt in order", "[mpi][app]") {
  const int ranks = world_size(), rank = world_rank();
  for (int at_once : {0, 1, 2, 3, 8})
    for (std::size_t layouts : {1u, 2u, 3u, 5u}) {
      const app::LayoutGroups g(at_once, layouts);
      INFO("at_once " << at_once << ", layouts " << layouts << ", ranks " << ranks);
      const int want = std::min<int>(at_once == 0 ? ranks : at_once,
                                     std::min<int>(ranks, static_cast<int>(layouts)));
      CHECK(g.groups() == want);
      // Each layout runs on exactly one group, whose leader (world rank) runs it too; the
      // groups' sizes add up to the world and differ by at most one.
      for (std::size_t l = 0; l < layouts; ++l) {
        int running = g.runs(l) && g.leader() ? 1 : 0;
        MPI_Allreduce(MPI_IN_PLACE, &running, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        CHECK(running == 1);
        int leader_runs = rank == g.leader_of(l) ? (g.runs(l) && g.leader() ? 1 : -1) : 0;
        MPI_Allreduce(MPI_IN_PLACE, &leader_runs, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        CHECK(leader_runs == 1);
      }
      int leaders = g.leader() ? 1 : 0;
      MPI_Allreduce(MPI_IN_PLACE, &leaders, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
      CHECK(leaders == g.groups());
      int smallest = g.ranks(), largest = g.ranks();
      MPI_Allreduce(MPI_IN_PLACE, &smallest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
      MPI_Allreduce(MPI_IN_PLACE, &largest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
      CHECK(largest - smallest <= 1);
    }
}

TEST_CASE("layout groups: every rank raises the first failed layout's error", "[mpi][app]") {
  const app::LayoutGroups g(0, 4);
  // No failure anywhere: nothing raised.
  CHECK_NOTHROW(app::raise_first_error(g, static_cast<std::size_t>(-1), {}));
  // Each group fails at the last of its layouts (g, g + G, ..): every rank must raise the error
  // of the lowest of those, computed here from the dealing.
  std::size_t mine = static_cast<std::size_t>(-1);
  for (std::size_t l = 0; l < 4; ++l)
    if (g.runs(l)) mine = l;
  std::size_t first = 4;
  for (int group = 0; group < g.groups(); ++group) {
    std::size_t last = 0;
    for (std::size_t l = 0; l < 4; ++l)
      if (static_cast<int>(l % g.groups()) == group) last = l;
    first = std::min(first, last);
  }
  const app::LayoutError error{3, text("layout ", mine, " could not be written")};
  try {
    app::raise_first_error(g, mine, error);
    FAIL("nothing raised");
  } catch (const io::OutputError& e) {
    CHECK(std::string(e.what()) == text("layout ", first, " could not be written"));
  }
  // The kind travels with it: a bad input stays a bad input on every rank.
  try {
    app::raise_first_error(g, g.runs(0) ? 0 : static_cast<std::size_t>(-1),
                           {2, "bad option in layout 0"});
    FAIL("nothing raised");
  } catch (const io::ConfigError& e) {
    CHECK(std::string(e.what()) == "bad option in layout 0");
  }
}

TEST_CASE("layout groups: the leaders' texts reach rank 0 in group order", "[mpi][app]") {
  const app::LayoutGroups g(0, 8);
  const std::string mine = g.leader() ? text("[", static_cast<std::size_t>(world_rank()), "]") : "";
  const std::string all = app::gather_texts(mine);
  if (world_rank() != 0) return;
  std::string want;
  for (int r = 0; r < world_size(); ++r)
    want += text("[", static_cast<std::size_t>(r), "]");  // 1 rank a group
  CHECK(all == want);
}
