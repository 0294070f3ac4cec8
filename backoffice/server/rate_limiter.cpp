#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace aftersales::server {

bool RateLimiter::allow(const std::string& address, Clock::time_point now, int& retry_after_s) {
  std::lock_guard lock(mutex_);
  forget_idle(now);
  double rate = per_minute_ / 60.0;  // tokens a second
  auto [it, inserted] = buckets_.try_emplace(address, Bucket{static_cast<double>(per_minute_), now});
  Bucket& bucket = it->second;
  double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min<double>(per_minute_, bucket.tokens + elapsed * rate);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return true;
  }
  retry_after_s = static_cast<int>(std::ceil((1.0 - bucket.tokens) / rate));
  return false;
}

// Buckets that have refilled completely carry no information; dropping them bounds the memory an
// attacker with many addresses can make us hold.
void RateLimiter::forget_idle(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::seconds(60)) return;
  last_sweep_ = now;
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated > std::chrono::seconds(60); });
}

}  // namespace aftersales::server
