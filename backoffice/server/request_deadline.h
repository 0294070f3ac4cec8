#pragma once
// A whole-request deadline. libmicrohttpd's connection timeout counts idle time only, so a client
// that trickles its headers or its body a byte every few seconds is never idle for long and holds
// its connection for good (slowloris, slow body). Here every connection has until a deadline to
// complete its next request, counted from when it was accepted or its previous request ended; a
// watchdog thread shuts the socket of one that is late, and libmicrohttpd then closes it as it
// would for a client that went away. While a request is answered the clock is stopped (sending a
// response is left to the idle timeout).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <unordered_map>

namespace aftersales::server {

class RequestDeadlines {
 public:
  using Clock = std::chrono::steady_clock;
  // One connection's clock; libmicrohttpd keeps a pointer to it as the socket's context.
  struct Entry {
    int fd = -1;
    std::atomic<Clock::rep> due{0};  // the deadline since the clock's epoch; 0 while stopped
  };

  explicit RequestDeadlines(std::chrono::milliseconds limit);
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;
  ~RequestDeadlines() = default;  // the watchdog, destroyed first, stops and is joined

  // Called by libmicrohttpd's thread that owns the connection.
  Entry* opened(const void* connection, int fd);  // its first request's clock starts
  void closed(const void* connection);            // before libmicrohttpd closes the socket
  static void answering(Entry* entry);            // the request is in: the clock stops
  // An upload (a photo over a phone's slow uplink): its request has until `limit` from now.
  static void allow_upload(Entry* entry, std::chrono::milliseconds limit);
  void restart(Entry* entry) const;  // the request is over: the next one's clock starts

 private:
  void watch(const std::stop_token& stop);
  void cut_overdue(Clock::time_point now);  // with mutex_ held
  Clock::rep due_from(Clock::time_point start) const;

  std::chrono::milliseconds limit_;
  std::chrono::milliseconds tick_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::unordered_map<const void*, std::unique_ptr<Entry>> entries_;
  std::jthread watchdog_;  // last: it starts once everything it reads exists
};

}  // namespace aftersales::server
