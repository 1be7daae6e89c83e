// Where the real traces are: FLEETSIM_DATA_DIR, else <repo>/../shared/data. A test that needs a
// file returns early (with a WARN saying so) when it is absent, and records that it did:
// fleetsim_traces_tests, which runs each such test as its own ctest entry, then exits 77 so that
// ctest shows it as skipped, not passed (tests/traces/traces_main.cc).
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fleetsim::test {

inline bool data_missing = false;  // a test of this run found its data file absent

inline std::string data_dir() {
  const char* env = std::getenv("FLEETSIM_DATA_DIR");
  return env && *env ? env : FLEETSIM_DEFAULT_DATA_DIR;
}

inline std::string data_file(const std::string& relative) {
  const std::string path = data_dir() + "/" + relative;
  return std::filesystem::exists(path) ? path : std::string();
}

}  // namespace fleetsim::test

#define FLEETSIM_REQUIRE_DATA(var, relative)                                                 \
  const std::string var = fleetsim::test::data_file(relative);                               \
  if (var.empty()) {                                                                         \
    fleetsim::test::data_missing = true;                                                     \
    WARN("SKIPPED: " << relative << " not found (set FLEETSIM_DATA_DIR to ../shared/data)"); \
    return;                                                                                  \
  }
