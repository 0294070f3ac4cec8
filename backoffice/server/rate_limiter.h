#pragma once
// A token bucket per client: `per_minute` requests a minute, with bursts up to the same number.
// Used on /track and the customer's POST actions, answered with 429 when empty. A client is an IPv4
// address, or an IPv6 /64: one subscriber's network, where any host can take any of 2^64 addresses.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace aftersales::server {

// The bucket an address draws from: an IPv4 address as it is (also when written IPv4-mapped, as
// ::ffff:192.0.2.1), an IPv6 address as its /64 ("2001:db8:1:2::/64"), anything else as it is.
std::string rate_limit_key(const std::string& address);

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

  // True if the request may go ahead (and takes a token); false: seconds to wait in retry_after.
  bool allow(const std::string& address, Clock::time_point now, int& retry_after_s);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_idle(Clock::time_point now);

  int per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace aftersales::server
