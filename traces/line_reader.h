// Reads a text file line by line, plain or gzip-compressed (zlib detects which), through one
// fixed buffer: memory does not grow with the file. A truncated or corrupt .gz is an error.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fleetsim::traces {

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

  std::string path_;
  gzFile file_ = nullptr;
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;  // unread bytes in buf_
  bool eof_ = false;
  std::string error_;  // a read error, raised once the lines before it are delivered
  std::int64_t line_no_ = 0;
};

}  // namespace fleetsim::traces
