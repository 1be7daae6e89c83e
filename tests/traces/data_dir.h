// Where the real traces are: FLEETSIM_DATA_DIR, else <repo>/../shared/data. Tests that need a
// file skip (with a WARN saying so) when it is absent.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fleetsim::test {

inline std::string data_file(const std::string& relative) {
  const char* env = std::getenv("FLEETSIM_DATA_DIR");
  const std::string dir = env && *env ? env : FLEETSIM_DEFAULT_DATA_DIR;
  const std::string path = dir + "/" + relative;
  return std::filesystem::exists(path) ? path : std::string();
}

}  // namespace fleetsim::test

#define FLEETSIM_REQUIRE_DATA(var, relative)                                                 \
  const std::string var = fleetsim::test::data_file(relative);                               \
  if (var.empty()) {                                                                         \
    WARN("SKIPPED: " << relative << " not found (set FLEETSIM_DATA_DIR to ../shared/data)"); \
    return;                                                                                  \
  }
