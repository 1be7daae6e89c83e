// What every libFuzzer harness shares: the input written to a file (the readers take paths, as a
// user's file is named on the command line), and the readers called the way fleetsim calls
// them. A documented error (TraceError, ConfigError, FabricError, the INI lexer's
// std::invalid_argument) is a correct answer to a bad file; anything else escaping (another
// exception, a crash, a sanitizer report, a hang) is a finding. See scripts/fuzz.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace fleetsim::fuzz {

// Writes `data` to NAME in a directory of this process's own (removed at exit); returns the path.
std::string input_file(const std::uint8_t* data, std::size_t size, const std::string& name);

// The bytes gzip-compressed, as a `.gz` trace would be; the first byte of `data` chooses how
// many bytes to cut from the end of the stream (a truncated download), 0 to 63.
std::string gzip_input(const std::uint8_t* data, std::size_t size);

// Reads every row of a job trace of `format` (traces/trace_reader.h), once stopping at the first
// malformed row (--bad-rows error) and once skipping malformed rows (--bad-rows skip).
void read_trace(const std::string& path, const std::string& format);

// Reads a failure log of `format` (traces/failure_log.h), both ways as read_trace.
void read_failures(const std::string& path, const std::string& format);

}  // namespace fleetsim::fuzz
