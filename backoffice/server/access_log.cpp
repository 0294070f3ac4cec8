#include "access_log.h"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/base/sigpipe_guard.h"

namespace aftersales::server {

struct AccessLog::State {
  int fd = 2;
  std::size_t capacity = 0;
  std::mutex mutex;
  std::condition_variable wake;
  std::condition_variable finished_cv;
  std::string pending;  // lines waiting for the writer
  bool stopping = false;
  bool finished = false;
  bool lost = false;  // a batch taken from `pending` and not written: stop() must not say all was
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> accepted{0};
  std::uint64_t reported_dropped = 0;  // writer only
};

namespace {

// Writes all of `text` unless the sink stays blocked past `stop_requested`. Each write is at most
// PIPE_BUF bytes after poll() said the sink can take some: on a pipe that never blocks.
bool write_out(AccessLog::State& s, std::string_view text) {
  while (!text.empty()) {
    pollfd p{s.fd, POLLOUT, 0};
    int ready = ::poll(&p, 1, 50);
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) {
      std::lock_guard lock(s.mutex);
      if (s.stopping) return false;  // nobody reads it: give up at stop, the process is leaving
      continue;
    }
    if (p.revents & (POLLERR | POLLNVAL)) return false;
    ssize_t n = ::write(s.fd, text.data(), std::min<std::size_t>(text.size(), 4096));
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;  // EPIPE and the like: the sink is gone
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void run_writer(const std::shared_ptr<AccessLog::State>& state) {
  SigpipeGuard no_sigpipe;  // a reader that went away is EPIPE here, not the end of the server
  AccessLog::State& s = *state;
  std::string batch;
  bool sink_ok = true;
  for (;;) {
    {
      std::unique_lock lock(s.mutex);
      s.wake.wait(lock, [&] { return s.stopping || !s.pending.empty(); });
      if (s.pending.empty() && s.stopping) break;
      batch.swap(s.pending);
      s.pending.clear();
    }
    std::uint64_t dropped = s.dropped.load();
    if (dropped != s.reported_dropped) {
      batch += fmt::format("access log: {} lines dropped so far (the log was not read fast enough)\n", dropped);
      s.reported_dropped = dropped;
    }
    if (sink_ok) sink_ok = write_out(s, batch);
    if (!sink_ok) {
      std::lock_guard lock(s.mutex);
      s.lost = true;
      if (s.stopping) break;
    }
    batch.clear();
  }
  std::lock_guard lock(s.mutex);
  s.finished = true;
  s.finished_cv.notify_all();
}

}  // namespace

AccessLog::AccessLog(int fd, std::size_t capacity_bytes) : state_(std::make_shared<State>()) {
  state_->fd = fd;
  state_->capacity = capacity_bytes;
  std::thread(run_writer, state_).detach();  // owns a share of the state; stop() waits for it with a deadline
}

AccessLog::~AccessLog() {
  stop(std::chrono::milliseconds(200));
}

void AccessLog::write(std::string line) {
  if (line.empty() || line.back() != '\n') line.push_back('\n');
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping || state_->pending.size() + line.size() > state_->capacity) {
      state_->dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    state_->pending += line;
  }
  state_->accepted.fetch_add(1, std::memory_order_relaxed);
  state_->wake.notify_one();
}

bool AccessLog::stop(std::chrono::milliseconds grace) {
  std::unique_lock lock(state_->mutex);
  state_->stopping = true;
  state_->wake.notify_all();
  bool finished = state_->finished_cv.wait_for(lock, grace, [&] { return state_->finished; });
  return finished && state_->pending.empty() && !state_->lost;
}

std::uint64_t AccessLog::dropped() const {
  return state_->dropped.load();
}
std::uint64_t AccessLog::accepted() const {
  return state_->accepted.load();
}

// A decoded path may hold a line break (%0A) or other control bytes: written raw, one request
// could forge lines of the log.
std::string log_safe(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 200)) {
    auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7F || byte == '\\')
      out += fmt::format("\\x{:02X}", byte);
    else
      out += ch;
  }
  return out;
}

std::string redact_path(std::string_view path) {
  for (std::string_view prefix : {"/s/", "/S/", "/api/v1/status/"}) {
    if (!path.starts_with(prefix)) continue;
    auto rest = path.substr(prefix.size());
    auto slash = rest.find('/');
    return std::string(prefix) + "…" + (slash == std::string_view::npos ? "" : log_safe(rest.substr(slash)));
  }
  return log_safe(path);
}

}  // namespace aftersales::server
