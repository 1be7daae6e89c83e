// Serial, read-only access to a finished output file: whole 1-D datasets and root attributes,
// with errors that name the file and what is missing. Only complete files open: see
// kCompleteSinceSchema.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fleetsim::io {

// Files of this schema version and later are complete only with the root attribute `complete`
// = 1 (kCompleteAttribute, written last by H5Writer::commit()). Older files predate it; they
// were whole under their final name by the rename alone and are still read.
inline constexpr std::int64_t kCompleteSinceSchema = 6;

// Why the open HDF5 file `id` is not a complete fleetsim output ("not a complete fleetsim output
// (...)"), or "" when it is: a file with `complete` = 1, or one with a `schema_version` before
// kCompleteSinceSchema.
std::string incomplete_output(hid_t id);

// The same for the file at `path` ("not a readable HDF5 file" when it is not one).
std::string incomplete_output(const std::string& path);

class H5Reader {
 public:
  // Throws std::runtime_error naming the file if it is not an HDF5 file or not a complete
  // fleetsim output ("PATH: " + incomplete_output).
  explicit H5Reader(std::string path);
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
