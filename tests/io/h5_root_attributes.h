// Root attributes of an HDF5 file read and edited with the HDF5 C API alone, so that the tests
// of the writer, the reader and the output checks do not check fleetsim's code with itself.
#pragma once
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

namespace fleetsim::test {

// Sets the int64 root attribute `name` (replacing it if present).
inline void set_root_int(const std::string& path, const char* name, std::int64_t value) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(f >= 0);
  if (H5Aexists(f, name) > 0) H5Adelete(f, name);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(f, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(H5Awrite(a, H5T_NATIVE_INT64, &value) >= 0);
  H5Aclose(a);
  H5Sclose(space);
  H5Fclose(f);
}

inline void remove_root_attribute(const std::string& path, const char* name) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(f >= 0);
  REQUIRE(H5Adelete(f, name) >= 0);
  H5Fclose(f);
}

inline std::int64_t root_int(const std::string& path, const char* name) {
  std::int64_t value = -1;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t a = H5Aopen(f, name, H5P_DEFAULT);
  REQUIRE(a >= 0);
  REQUIRE(H5Aread(a, H5T_NATIVE_INT64, &value) >= 0);
  H5Aclose(a);
  H5Fclose(f);
  return value;
}

}  // namespace fleetsim::test
