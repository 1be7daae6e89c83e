#include "traces/line_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "traces/limits.h"
#include "traces/text.h"
#include "traces/trace_record.h"

namespace fleetsim::traces {

namespace {
// Room for the longest line allowed plus a read of the same size behind it: the most the buffer
// grows to. It starts small and doubles only when a line does not fit, so a small file costs
// 64 KiB, not 2 MiB zeroed (what made the fuzzers run ~20 inputs a second).
constexpr std::size_t kBuffer = 2 * kMaxLineBytes + 2;
constexpr std::size_t kFirstBuffer = 64 * 1024;
}  // namespace

void check_input_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw TraceError(path + ": cannot open file: it is a directory");
}

LineReader::LineReader(std::string path) : path_(std::move(path)) {
  check_input_file(path_);
  file_ = gzopen(path_.c_str(), "rb");
  if (!file_) throw TraceError(path_ + ": cannot open file: " + std::strerror(errno));
  gzbuffer(file_, 256 * 1024);
  buf_.resize(kFirstBuffer);
}

LineReader::~LineReader() {
  if (file_) gzclose(file_);
}

void LineReader::fail(const std::string& what) const {
  throw TraceError(path_ + ":" + std::to_string(line_no_ + 1) + ": " + what);
}

bool LineReader::fill() {
  if (eof_) return false;
  // Keep the unread tail at the front. A buffer full of one unfinished line doubles; at kBuffer
  // it is never full (next() stops a line longer than kMaxLineBytes first).
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(std::min(2 * buf_.size(), kBuffer));
  const auto want = static_cast<unsigned>(buf_.size() - end_);
  errno = 0;
  const int n = gzread(file_, buf_.data() + end_, want);
  // zlib reports a gzip stream that ends early (Z_BUF_ERROR) only through gzerror, with a short
  // or zero read: check after every read that returned less than asked. The lines read before
  // the damage are still delivered; the error comes where the data stops.
  int code = Z_OK;
  const char* msg = n < static_cast<int>(want) ? gzerror(file_, &code) : "";
  if (n < 0 || code != Z_OK) {
    if (code == Z_BUF_ERROR)
      error_ = "truncated gzip file (unexpected end of file)";
    else if (code == Z_ERRNO)
      error_ = std::string("cannot read: ") + std::strerror(errno ? errno : EIO);
    else
      error_ = std::string("cannot read: ") + (msg && *msg ? msg : "corrupt gzip data");
    eof_ = true;
    if (n > 0) end_ += static_cast<std::size_t>(n);
    return n > 0;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<std::size_t>(n);
  return true;
}

bool LineReader::next(std::string_view& line) {
  std::size_t scanned = begin_;  // the unread bytes before `scanned` hold no newline
  for (;;) {
    const void* nl = std::memchr(buf_.data() + scanned, '\n', end_ - scanned);
    const std::size_t stop =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) : end_;
    if (stop - begin_ > kMaxLineBytes)
      fail("line longer than " + std::to_string(kMaxLineBytes) +
           " bytes, the most one record may have (is this a text file?)");
    if (!nl) {
      const std::size_t unread = end_ - begin_;
      if (fill()) {
        scanned = begin_ + unread;
        continue;
      }
      if (!error_.empty()) fail(error_);
      if (begin_ == end_) return false;
      // The last line, without a newline.
    }
    line = std::string_view(buf_.data() + begin_, (nl ? stop : end_) - begin_);
    begin_ = nl ? stop + 1 : end_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no_++ == 0) line = strip_utf8_bom(line);
    return true;
  }
}

}  // namespace fleetsim::traces
