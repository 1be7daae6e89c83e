// Reads a text file line by line, plain or gzip-compressed (zlib detects which), through one
// buffer that does not grow with the file: 64 KiB, doubled for a longer line up to twice
// kMaxLineBytes (traces/limits.h; a longer line is an error). A truncated or corrupt .gz is an
// error. A UTF-8 byte-order mark at the start of the file is dropped.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fleetsim::traces {

// Throws TraceError "FILE: cannot open file: why" unless `path` can be read as a file (a
// directory opens, then fails on the first read with a message naming no file).
void check_input_file(const std::string& path);

class LineReader {
 public:
  explicit LineReader(std::string path);  // throws TraceError when the file cannot be opened
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its '\n' (and '\r'); valid until the next call. False at the end.
  bool next(std::string_view& line);
  std::int64_t line_number() const { return line_no_; }
  const std::string& path() const { return path_; }

 private:
  bool fill();
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  gzFile file_ = nullptr;
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;  // unread bytes in buf_
  bool eof_ = false;
  std::string error_;  // a read error, raised once the lines before it are delivered
  std::int64_t line_no_ = 0;
};

}  // namespace fleetsim::traces
