#pragma once
// The server's log lines (one a request, and its own messages) leave the request path: a worker
// appends to a bounded buffer and returns; one writer thread drains it to the sink (stderr). When
// the sink is slow or nobody reads it (a pipe whose reader hangs), lines are dropped and counted,
// never waited for, and stopping gives the writer a short grace period, not a promise.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace aftersales::server {

// The path with status tokens replaced by "…", for logs: a token in a log is a leaked key.
std::string redact_path(std::string_view path);
// Text from a request as one log line may hold it: control bytes and backslashes as \xNN, at most
// 200 bytes.
std::string log_safe(std::string_view text);

class AccessLog {
 public:
  explicit AccessLog(int fd = 2, std::size_t capacity_bytes = 256 * 1024);
  ~AccessLog();  // stop(200 ms)
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Never blocks on the sink: a line that does not fit in the buffer is dropped and counted.
  void write(std::string line);
  // Writes what it can within `grace`, then leaves; true when everything was written. A writer
  // stuck on the sink is abandoned (the process is about to exit), never waited for.
  bool stop(std::chrono::milliseconds grace);

  std::uint64_t dropped() const;
  std::uint64_t accepted() const;  // lines taken into the buffer

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace aftersales::server
