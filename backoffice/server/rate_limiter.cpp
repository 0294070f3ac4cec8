#include "rate_limiter.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace aftersales::server {

std::string rate_limit_key(const std::string& address) {
  std::array<unsigned char, 16> v6{};
  if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), v6.data()) != 1) return address;
  constexpr std::array<unsigned char, 12> kMappedV4{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::equal(kMappedV4.begin(), kMappedV4.end(), v6.begin()))
    return fmt::format("{}.{}.{}.{}", v6[12], v6[13], v6[14], v6[15]);
  return fmt::format("{:x}:{:x}:{:x}:{:x}::/64", v6[0] << 8 | v6[1], v6[2] << 8 | v6[3], v6[4] << 8 | v6[5],
                     v6[6] << 8 | v6[7]);
}

bool RateLimiter::allow(const std::string& address, Clock::time_point now, int& retry_after_s) {
  std::lock_guard lock(mutex_);
  forget_idle(now);
  double rate = per_minute_ / 60.0;  // tokens a second
  auto [it, inserted] = buckets_.try_emplace(rate_limit_key(address), Bucket{static_cast<double>(per_minute_), now});
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
