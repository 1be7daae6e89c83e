// Catch2 runner for the training model's tests: training/ has no MPI, so neither does this.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
