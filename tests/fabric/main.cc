// Catch2 runner for the fabric tests: fabric/ has no MPI, so neither does its test program.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
