#include "sim/io/h5_reader.h"

#include <algorithm>
#include <stdexcept>

#include "sim/io/native_types.h"

namespace fleetsim::io {
H5Reader::H5Reader(std::string path) : path_(std::move(path)) {
  id_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id_ < 0) throw std::runtime_error(path_ + ": cannot open as HDF5");
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
