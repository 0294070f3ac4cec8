// An LD_PRELOAD shim that makes the disk fail on cue, for tests/faults/disk_full_test.sh:
//   AFTERSALES_FAIL_IO_AT=N     the Nth write or sync to a regular file (not stdin/stdout/stderr,
//                               pipes, sockets or eventfds: a disk holds none of those) fails,
//                               and so does every one after it (a full disk stays full)
//   AFTERSALES_FAIL_IO_ERRNO=E  the error: ENOSPC (default), EIO or EROFS
// Without AFTERSALES_FAIL_IO_AT it only passes calls through.
#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long> calls{0};

long fail_at() {
  static const long at = [] {
    const char* text = std::getenv("AFTERSALES_FAIL_IO_AT");
    return text ? std::atol(text) : 0L;
  }();
  return at;
}

int failure_errno() {
  const char* text = std::getenv("AFTERSALES_FAIL_IO_ERRNO");
  if (text && std::strcmp(text, "EIO") == 0) return EIO;
  if (text && std::strcmp(text, "EROFS") == 0) return EROFS;
  return ENOSPC;
}

// True when this call is to fail (errno set).
bool fails(int fd) {
  if (fd <= 2 || fail_at() <= 0) return false;
  struct stat about {};
  if (fstat(fd, &about) != 0 || !S_ISREG(about.st_mode)) return false;
  if (calls.fetch_add(1) + 1 < fail_at()) return false;
  errno = failure_errno();
  return true;
}

template <class F>
F next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buffer, size_t size) {
  static auto real = next<ssize_t (*)(int, const void*, size_t)>("write");
  return fails(fd) ? -1 : real(fd, buffer, size);
}

ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset) {
  static auto real = next<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  return fails(fd) ? -1 : real(fd, buffer, size, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t size, off64_t offset) {
  static auto real = next<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  return fails(fd) ? -1 : real(fd, buffer, size, offset);
}

int fsync(int fd) {
  static auto real = next<int (*)(int)>("fsync");
  return fails(fd) ? -1 : real(fd);
}

int fdatasync(int fd) {
  static auto real = next<int (*)(int)>("fdatasync");
  return fails(fd) ? -1 : real(fd);
}

}  // extern "C"
