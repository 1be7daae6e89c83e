#include "traces/line_reader.h"

#include <cstring>

#include "traces/trace_record.h"

namespace fleetsim::traces {

namespace {
constexpr std::size_t kBuffer = 1 << 20;
}

LineReader::LineReader(std::string path) : path_(std::move(path)), buf_(kBuffer) {
  file_ = gzopen(path_.c_str(), "rb");
  if (!file_) throw TraceError(path_ + ": cannot open file: " + std::strerror(errno));
  gzbuffer(file_, 256 * 1024);
}

LineReader::~LineReader() {
  if (file_) gzclose(file_);
}

bool LineReader::fill() {
  if (eof_) return false;
  // Keep the unread tail, grow only for a line longer than the buffer.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  const int n = gzread(file_, buf_.data() + end_, static_cast<unsigned>(buf_.size() - end_));
  // zlib reports a gzip stream that ends early (Z_BUF_ERROR) only through gzerror, with a short
  // or zero read: check after every read that returned less than asked. The lines read before
  // the damage are still delivered; the error comes where the data stops.
  int code = Z_OK;
  const char* msg = n < static_cast<int>(buf_.size() - end_) ? gzerror(file_, &code) : "";
  if (n < 0 || code != Z_OK) {
    error_ = code == Z_BUF_ERROR ? "truncated gzip file (unexpected end of file)"
                                 : std::string("cannot read: ") + msg;
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
  std::size_t scanned = begin_;
  for (;;) {
    const void* nl = std::memchr(buf_.data() + scanned, '\n', end_ - scanned);
    if (nl) {
      const std::size_t pos = static_cast<const char*>(nl) - buf_.data();
      std::size_t stop = pos;
      if (stop > begin_ && buf_[stop - 1] == '\r') --stop;
      line = std::string_view(buf_.data() + begin_, stop - begin_);
      begin_ = pos + 1;
      ++line_no_;
      return true;
    }
    const std::size_t consumed = end_ - begin_;
    if (!fill()) {
      if (!error_.empty())
        throw TraceError(path_ + ":" + std::to_string(line_no_ + 1) + ": " + error_);
      if (begin_ == end_) return false;
      // Last line without a newline.
      std::size_t stop = end_;
      if (stop > begin_ && buf_[stop - 1] == '\r') --stop;
      line = std::string_view(buf_.data() + begin_, stop - begin_);
      begin_ = end_;
      ++line_no_;
      return true;
    }
    scanned = begin_ + consumed;
  }
}

}  // namespace fleetsim::traces
