// The exception for bad user input, kept apart so that every file that reads input can throw it
// without pulling in the whole scenario.
#pragma once
#include <stdexcept>

namespace fleetsim::io {

// Thrown for bad user input: one line, naming the file and line or the option. Every rank reads
// the same input and throws alike; main() prints it once and exits with status 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fleetsim::io
