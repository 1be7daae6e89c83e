// Catch2 runner of fleetsim_traces_tests: traces/ tested on its own, without MPI (it links only
// fleetsim_traces). Each test runs as its own ctest entry; a test whose real data file is absent
// makes the run exit 77, which ctest reports as skipped (SKIP_RETURN_CODE), not passed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "tests/traces/data_dir.h"

int main(int argc, char** argv) {
  const int failed = Catch::Session().run(argc, argv);
  return failed == 0 && fleetsim::test::data_missing ? 77 : failed;
}
