// Serial, read-only access to a finished output file: whole 1-D datasets and root attributes,
// with errors that name the file and what is missing.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fleetsim::io {

class H5Reader {
 public:
  explicit H5Reader(std::string path);  // throws std::runtime_error if not an HDF5 file
  ~H5Reader();
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;

  bool has(const std::string& object) const;  // a group or dataset, e.g. "summary"

  // T: std::int8_t, std::int32_t, std::int64_t, double (converted by HDF5 from the stored type).
  template <class T>
  std::vector<T> dataset(const std::string& name) const;

  // T: std::int64_t, double, std::string.
  template <class T>
  T attribute(const std::string& name) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  hid_t id_ = -1;
};

}  // namespace fleetsim::io
