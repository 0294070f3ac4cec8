#include "request_deadline.h"

#include <sys/socket.h>

#include <algorithm>

namespace aftersales::server {

RequestDeadlines::RequestDeadlines(std::chrono::milliseconds limit)
    : limit_(limit),
      tick_(std::clamp(limit / 10, std::chrono::milliseconds(10), std::chrono::milliseconds(250))),
      watchdog_([this](const std::stop_token& stop) { watch(stop); }) {}

RequestDeadlines::Clock::rep RequestDeadlines::due_from(Clock::time_point start) const {
  return (start + limit_).time_since_epoch().count();
}

RequestDeadlines::Entry* RequestDeadlines::opened(const void* connection, int fd) {
  auto entry = std::make_unique<Entry>();
  entry->fd = fd;
  entry->due.store(due_from(Clock::now()), std::memory_order_relaxed);
  Entry* kept = entry.get();
  std::lock_guard lock(mutex_);
  entries_[connection] = std::move(entry);
  return kept;
}

// libmicrohttpd says a connection is closed before it closes the socket (0.9.75, daemon.c), and
// the watchdog shuts sockets down only with the mutex held: it never touches a reused descriptor.
void RequestDeadlines::closed(const void* connection) {
  std::lock_guard lock(mutex_);
  entries_.erase(connection);
}

void RequestDeadlines::answering(Entry* entry) {
  if (entry) entry->due.store(0, std::memory_order_relaxed);
}

void RequestDeadlines::allow_upload(Entry* entry, std::chrono::milliseconds limit) {
  if (!entry) return;
  Clock::rep later = (Clock::now() + limit).time_since_epoch().count();
  Clock::rep due = entry->due.load(std::memory_order_relaxed);
  // Only a running clock moves (0: stopped, or already cut by the watchdog).
  while (due != 0 && due < later && !entry->due.compare_exchange_weak(due, later, std::memory_order_relaxed)) {
  }
}

void RequestDeadlines::restart(Entry* entry) const {
  if (entry) entry->due.store(due_from(Clock::now()), std::memory_order_relaxed);
}

void RequestDeadlines::watch(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, stop, tick_, [&stop] { return stop.stop_requested(); })) cut_overdue(Clock::now());
}

// Shutting the socket down wakes the connection's poll with an end of file: libmicrohttpd closes
// it in its own thread, frees its memory and tells `closed`.
void RequestDeadlines::cut_overdue(Clock::time_point now) {
  const Clock::rep now_count = now.time_since_epoch().count();
  for (auto& [connection, entry] : entries_) {
    Clock::rep due = entry->due.load(std::memory_order_relaxed);
    if (due == 0 || due > now_count || entry->fd < 0) continue;
    if (entry->due.compare_exchange_strong(due, 0, std::memory_order_relaxed)) ::shutdown(entry->fd, SHUT_RDWR);
  }
}

}  // namespace aftersales::server
