#include "sim/io/h5_reader.h"

#include <algorithm>
#include <stdexcept>

#include "sim/io/h5_writer.h"
#include "sim/io/native_types.h"

namespace fleetsim::io {
namespace {

// A root attribute read as int64, or false when absent or not a number.
bool int_attribute(hid_t file, const char* name, std::int64_t& value) {
  if (H5Aexists(file, name) <= 0) return false;
  const hid_t a = H5Aopen(file, name, H5P_DEFAULT);
  if (a < 0) return false;
  const hid_t type = H5Aget_type(a);
  const bool numeric =
      type >= 0 && (H5Tget_class(type) == H5T_INTEGER || H5Tget_class(type) == H5T_FLOAT);
  const hid_t space = H5Aget_space(a);
  const bool scalar = space >= 0 && H5Sget_simple_extent_npoints(space) == 1;
  const bool ok = numeric && scalar && H5Aread(a, H5T_NATIVE_INT64, &value) >= 0;
  if (space >= 0) H5Sclose(space);
  if (type >= 0) H5Tclose(type);
  H5Aclose(a);
  return ok;
}

}  // namespace

std::string incomplete_output(hid_t id) {
  std::int64_t complete = 0, version = 0;
  if (int_attribute(id, kCompleteAttribute, complete)) {
    if (complete == 1) return {};
    return std::string("not a complete fleetsim output (root attribute '") + kCompleteAttribute +
           "' is " + std::to_string(complete) + ", not 1)";
  }
  if (int_attribute(id, "schema_version", version) && version < kCompleteSinceSchema) return {};
  return std::string("not a complete fleetsim output (no root attribute '") + kCompleteAttribute +
         "': the run that wrote it did not finish, or another program wrote it)";
}

std::string incomplete_output(const std::string& path) {
  quiet_hdf5_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return "not a readable HDF5 file";
  std::string why = incomplete_output(id);
  H5Fclose(id);
  return why;
}

H5Reader::H5Reader(std::string path) : path_(std::move(path)) {
  quiet_hdf5_errors();
  id_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id_ < 0) throw std::runtime_error(path_ + ": cannot open as HDF5");
  if (const std::string why = incomplete_output(id_); !why.empty()) {
    H5Fclose(id_);
    id_ = -1;
    throw std::runtime_error(path_ + ": " + why);
  }
}

H5Reader::~H5Reader() {
  if (id_ >= 0) H5Fclose(id_);
}

bool H5Reader::has(const std::string& object) const {
  return H5Lexists(id_, object.c_str(), H5P_DEFAULT) > 0;
}

template <class T>
std::vector<T> H5Reader::dataset(const std::string& name) const {
  hid_t ds = H5Dopen2(id_, name.c_str(), H5P_DEFAULT);
  if (ds < 0) throw std::runtime_error(path_ + ": missing dataset " + name);
  hid_t space = H5Dget_space(ds);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<T> out(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  const herr_t rc =
      n > 0 ? H5Dread(ds, h5_native<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) : 0;
  H5Sclose(space);
  H5Dclose(ds);
  if (rc < 0) throw std::runtime_error(path_ + ": cannot read " + name);
  return out;
}

template <class T>
T H5Reader::attribute(const std::string& name) const {
  hid_t a = H5Aopen(id_, name.c_str(), H5P_DEFAULT);
  if (a < 0) throw std::runtime_error(path_ + ": missing root attribute " + name);
  T value{};
  herr_t rc;
  if constexpr (std::is_same_v<T, std::string>) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    char* s = nullptr;
    rc = H5Aread(a, type, &s);
    if (rc >= 0 && s) value = s;
    if (s) H5free_memory(s);
    H5Tclose(type);
  } else {
    rc = H5Aread(a, h5_native<T>(), &value);
  }
  H5Aclose(a);
  if (rc < 0) throw std::runtime_error(path_ + ": cannot read attribute " + name);
  return value;
}

template std::vector<std::int8_t> H5Reader::dataset(const std::string&) const;
template std::vector<std::int32_t> H5Reader::dataset(const std::string&) const;
template std::vector<std::int64_t> H5Reader::dataset(const std::string&) const;
template std::vector<double> H5Reader::dataset(const std::string&) const;
template std::int64_t H5Reader::attribute(const std::string&) const;
template double H5Reader::attribute(const std::string&) const;
template std::string H5Reader::attribute(const std::string&) const;

}  // namespace fleetsim::io
