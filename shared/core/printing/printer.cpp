#include "core/printing/printer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "core/base/sigpipe_guard.h"

namespace aftersales {
namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~FileDescriptor() { reset(); }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

struct AddrInfoFree {
  void operator()(addrinfo* info) const noexcept { freeaddrinfo(info); }
};

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Writes everything, waiting at most until the deadline for the device to take it.
Result<void> write_all(int fd, std::span<const std::uint8_t> bytes, Clock::time_point deadline,
                       const PrinterTarget& t) {
  SigpipeGuard guard;
  std::size_t done = 0;
  while (done < bytes.size()) {
    pollfd p{fd, POLLOUT, 0};
    int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready == 0)
      return fail(ErrorKind::io,
                  fmt::format("{} stopped taking data. Is it out of paper, or is its cover open?", t.describe()));
    if (ready < 0 && errno == EINTR) continue;
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return fail(ErrorKind::io, fmt::format("{} stopped during printing ({}). Check it and print again.", t.describe(),
                                             std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Result<FileDescriptor> connect_tcp(const PrinterTarget& t, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  std::string port = std::to_string(t.port);
  if (int rc = getaddrinfo(t.host.c_str(), port.c_str(), &hints, &raw); rc != 0)
    return fail(ErrorKind::io, fmt::format("Cannot find the printer's address {}: {}", t.host, gai_strerror(rc)));
  std::unique_ptr<addrinfo, AddrInfoFree> addresses(raw);
  std::string last_error = "no address";
  for (addrinfo* a = addresses.get(); a; a = a->ai_next) {
    FileDescriptor fd(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd) continue;
    if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) == 0) return fd;
    if (errno != EINPROGRESS) {
      last_error = std::strerror(errno);
      continue;
    }
    pollfd p{fd.get(), POLLOUT, 0};
    int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready == 0)
      return fail(ErrorKind::io, fmt::format("{} did not answer within the time allowed. Is it switched on and on "
                                             "the network?",
                                             t.describe()));
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error == 0) return fd;
    last_error = std::strerror(error);
  }
  return fail(ErrorKind::io,
              fmt::format("{} refused the connection ({}). Is it switched on?", t.describe(), last_error));
}

// DLE EOT 4 asks for the paper sensor. Printers that do not answer are given the benefit of the doubt.
Result<void> check_paper(int fd, const PrinterTarget& t) {
  const std::uint8_t query[] = {0x10, 0x04, 0x04};
  if (::send(fd, query, sizeof query, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof query)) return {};
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 300) <= 0) return {};
  std::uint8_t status = 0;
  if (::recv(fd, &status, 1, 0) == 1 && (status & 0x60) == 0x60)
    return fail(ErrorKind::io, fmt::format("{} is out of paper. Put in a new roll and print again.", t.describe()));
  return {};
}

Result<void> print_tcp(const PrinterTarget& t, std::span<const std::uint8_t> bytes, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  auto fd = connect_tcp(t, deadline);
  if (!fd) return std::unexpected(fd.error());
  if (auto paper = check_paper(fd->get(), t); !paper) return paper;
  return write_all(fd->get(), bytes, deadline, t);
}

Result<void> print_file(const PrinterTarget& t, std::span<const std::uint8_t> bytes, int timeout_ms, bool device) {
  int flags = O_WRONLY | O_CLOEXEC | O_NONBLOCK | (device ? 0 : O_CREAT | O_APPEND);
  FileDescriptor fd(::open(t.path.c_str(), flags, 0644));
  if (!fd) {
    if (device && (errno == ENOENT || errno == ENODEV || errno == ENXIO))
      return fail(ErrorKind::io,
                  fmt::format("The receipt printer is not connected ({} is missing). Check its USB cable "
                              "and that it is switched on.",
                              t.path));
    if (errno == EACCES)
      return fail(ErrorKind::io, fmt::format("No permission to use {}: add this user to the lp group.", t.path));
    return fail(ErrorKind::io, fmt::format("Cannot open {}: {}", t.path, std::strerror(errno)));
  }
  return write_all(fd.get(), bytes, Clock::now() + std::chrono::milliseconds(timeout_ms), t);
}

// `lp -d QUEUE -o raw` reads the job from its standard input.
Result<void> print_cups(const PrinterTarget& t, std::span<const std::uint8_t> bytes, int timeout_ms) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return fail(ErrorKind::io, "Cannot start the print job.");
  FileDescriptor read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, read_end.get(), STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  std::string queue = t.path;
  const char* argv[] = {"lp", "-s", "-d", queue.c_str(), "-o", "raw", nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "lp", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return fail(ErrorKind::io, "Cannot run `lp` to print through CUPS: install the package cups-client.");
  read_end.reset();
  auto written = write_all(write_end.get(), bytes, Clock::now() + std::chrono::milliseconds(timeout_ms), t);
  write_end.reset();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // lp refusing the job (a stopped queue) often ends it before it reads everything, so our write
  // fails too: what lp said is the useful part.
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(ErrorKind::io, fmt::format("CUPS did not accept the job for queue {}. Check the queue with `lpstat -p "
                                           "{}`.",
                                           queue, queue));
  return written;
}

}  // namespace

Result<void> send_to_printer(const PrinterTarget& target, std::span<const std::uint8_t> bytes, int timeout_ms) {
  switch (target.kind) {
    case PrinterKind::none:
      return fail(ErrorKind::io, "No receipt printer is set up (printer.connection in the configuration).");
    case PrinterKind::file: return print_file(target, bytes, timeout_ms, false);
    case PrinterKind::device: return print_file(target, bytes, timeout_ms, true);
    case PrinterKind::tcp: return print_tcp(target, bytes, timeout_ms);
    case PrinterKind::cups: return print_cups(target, bytes, timeout_ms);
  }
  return fail(ErrorKind::io, "Unknown printer.");
}

Result<void> send_to_printer(const PrinterSettings& settings, std::span<const std::uint8_t> bytes) {
  auto target = parse_printer_connection(settings.connection);
  if (!target) return std::unexpected(target.error());
  return send_to_printer(*target, bytes, settings.timeout_ms);
}

}  // namespace aftersales
