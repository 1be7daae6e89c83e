#include "sim/io/mpiio_errors.h"

#include <fcntl.h>
#include <mpi.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace fleetsim::io::mpiio {
namespace {

std::string g_first_error;

// Errno values a failed write leaves that say more than MPI's error class.
bool telling(int e) {
  return e == ENOSPC || e == EFBIG || e == EDQUOT || e == EIO || e == EROFS || e == EACCES ||
         e == EPERM;
}

// Records a failed call; returns what the caller gets back (always success: see the header).
int record(int rc, int err, const char* call) {
  if (rc == MPI_SUCCESS) return rc;
  if (g_first_error.empty()) {
    if (telling(err)) {
      g_first_error = std::strerror(err);
    } else {
      char text[MPI_MAX_ERROR_STRING];
      int len = 0;
      MPI_Error_string(rc, text, &len);
      g_first_error = std::string(call) + " failed: " + std::string(text, len);
    }
  }
  return MPI_SUCCESS;
}

// Points fd 2 at /dev/null for one MPI-IO call: Open MPI prints its own lines when a write
// fails. Output threads are idle while the file is written, so nothing else is lost.
class StderrMuted {
 public:
  StderrMuted() {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_ >= 0 && null >= 0) dup2(null, STDERR_FILENO);
    if (null >= 0) close(null);
  }
  ~StderrMuted() {
    if (saved_ < 0) return;
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }
  StderrMuted(const StderrMuted&) = delete;
  StderrMuted& operator=(const StderrMuted&) = delete;

 private:
  int saved_ = -1;
};

// A write is complete when it succeeded and wrote every byte: Open MPI's collective writes
// report a failed write(2) of the aggregator as a short count, not as an error. Either way the
// status is set to say every byte was written, as HDF5 checks the count (bytes of MPI_BYTE, as
// HDF5 reads it).
int write_result(int rc, MPI_Status* status, MPI_Datatype type, int count) {
  if (status == MPI_STATUS_IGNORE) return rc;
  MPI_Count type_size = 0, written = 0;
  MPI_Type_size_x(type, &type_size);
  const MPI_Count wanted = type_size * count;
  if (rc == MPI_SUCCESS && MPI_Get_elements_x(status, MPI_BYTE, &written) == MPI_SUCCESS &&
      written == wanted)
    return rc;
  MPI_Status_set_elements_x(status, MPI_BYTE, wanted);
  return rc == MPI_SUCCESS ? MPI_ERR_IO : rc;
}

}  // namespace

std::string first_error() { return g_first_error; }

std::string cause(const std::string& file) {
  if (g_first_error.empty()) return {};
  // Open MPI does not pass write(2)'s errno on; the file system can still say what is full.
  const std::string dir = std::filesystem::path(file).parent_path().string();
  struct statvfs fs {};
  if (statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0) {
    const double free_bytes = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
    if (free_bytes < 1048576.0)
      return std::string(std::strerror(ENOSPC)) + " (" +
             std::to_string(static_cast<long long>(free_bytes / 1024)) + " KiB free)";
  }
  struct rlimit limit {};
  struct stat st {};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      stat(file.c_str(), &st) == 0 &&
      static_cast<unsigned long long>(st.st_size) + 1048576 >= limit.rlim_cur)
    return std::string(std::strerror(EFBIG)) + " (the file size limit, ulimit -f, is " +
           std::to_string(static_cast<unsigned long long>(limit.rlim_cur) / 1024) + " KiB)";
  return g_first_error;
}
void reset() { g_first_error.clear(); }

}  // namespace fleetsim::io::mpiio

using fleetsim::io::mpiio::record;
using fleetsim::io::mpiio::StderrMuted;
using fleetsim::io::mpiio::write_result;

extern "C" {

int MPI_File_write_at(MPI_File fh, MPI_Offset offset, const void* buf, int count,
                      MPI_Datatype datatype, MPI_Status* status) {
  StderrMuted muted;
  errno = 0;
  const int rc = write_result(PMPI_File_write_at(fh, offset, buf, count, datatype, status), status,
                              datatype, count);
  return record(rc, errno, "MPI_File_write_at");
}

int MPI_File_write_at_all(MPI_File fh, MPI_Offset offset, const void* buf, int count,
                          MPI_Datatype datatype, MPI_Status* status) {
  StderrMuted muted;
  errno = 0;
  const int rc = write_result(PMPI_File_write_at_all(fh, offset, buf, count, datatype, status),
                              status, datatype, count);
  return record(rc, errno, "MPI_File_write_at_all");
}

int MPI_File_set_size(MPI_File fh, MPI_Offset size) {
  StderrMuted muted;
  errno = 0;
  const int rc = PMPI_File_set_size(fh, size);
  return record(rc, errno, "MPI_File_set_size");
}

int MPI_File_sync(MPI_File fh) {
  StderrMuted muted;
  errno = 0;
  const int rc = PMPI_File_sync(fh);
  return record(rc, errno, "MPI_File_sync");
}

}  // extern "C"
