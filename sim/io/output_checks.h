// Checks on where a command will write, made before anything is simulated: a run that cannot
// write its output should fail at once, not after hours, and must never replace its own input.
// docs/cli.md lists the rules. Each check throws ConfigError with one line naming the option.
#pragma once
#include <string>
#include <vector>

namespace fleetsim::io {

// What a command writes: the existing file it may replace without --force must look the same.
enum class OutputKind {
  kHdf5,             // an HDF5 file (fleetsim run, compare, trace validate)
  kNormalizedTrace,  // a fleetsim normalized trace, plain or gzip (fleetsim trace convert)
};

struct OutputRules {
  bool force = false;               // replace an existing file of another kind too
  std::vector<std::string> inputs;  // files the command reads: never replaced, even with force
};

// `path` must be a file the command can create or replace: not empty, not a directory, not one
// of the inputs (same file by filesystem identity), an existing file of `kind` unless
// rules.force (for kHdf5: a complete fleetsim output, sim/io/h5_reader.h), PATH.partial not in the
// way, and its directory existing and writable (a file is created there and removed again:
// permission bits say little when running as root).
void check_output_file(const std::string& path, const std::string& option, OutputKind kind,
                       const OutputRules& rules);

// `dir` must be a directory files can be created in, or creatable as one (it is not created).
void check_output_dir(const std::string& dir, const std::string& option);

// Creates `dir` (and its parents); throws ConfigError naming the option when it cannot.
void make_output_dir(const std::string& dir, const std::string& option);

}  // namespace fleetsim::io
