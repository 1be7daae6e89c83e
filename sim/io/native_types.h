// The HDF5 and MPI types of the element types a column can hold, in one place.
#pragma once
#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <type_traits>

namespace fleetsim::io {

template <class T>
hid_t h5_native() {
  static_assert(std::is_arithmetic_v<T>);
  return std::is_same_v<T, std::int8_t>    ? H5T_NATIVE_INT8
         : std::is_same_v<T, std::int32_t> ? H5T_NATIVE_INT32
         : std::is_same_v<T, std::int64_t> ? H5T_NATIVE_INT64
                                           : H5T_NATIVE_DOUBLE;
}

template <class T>
MPI_Datatype mpi_native() {
  return std::is_same_v<T, std::int8_t>    ? MPI_INT8_T
         : std::is_same_v<T, std::int32_t> ? MPI_INT32_T
         : std::is_same_v<T, std::int64_t> ? MPI_INT64_T
                                           : MPI_DOUBLE;
}

}  // namespace fleetsim::io
