// The two kinds of error a command ends with (docs/cli.md): bad input (exit status 2) and an
// output that cannot be written (exit status 1). Kept apart so that any file can throw them.
#pragma once
#include <stdexcept>

namespace fleetsim::io {

// Thrown for bad user input: one line, naming the file and line or the option. Every rank reads
// the same input and throws alike; main() prints it once and exits with status 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure to write an output, thrown (by the writers of sim/io) on every rank alike with the
// same one-line message naming the file and the cause; the partial file is already gone.
// main() prints it once and exits with status 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fleetsim::io
