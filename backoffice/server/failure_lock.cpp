#include "failure_lock.h"

#include <algorithm>

namespace aftersales::server {

bool FailureLock::locked(const std::string& key, Clock::time_point now, int& retry_after_s) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(key);
  if (it == records_.end() || it->second.locked_until <= now) return false;
  auto left = std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
  retry_after_s = static_cast<int>(left.count());
  return true;
}

void FailureLock::failed(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_old(now);
  Record& record = records_[key];
  record.last_failure = now;
  if (++record.failures < kFailuresBeforeLock) return;
  record.failures = 0;
  auto length = std::min<Clock::duration>(kFirstLock * (1 << std::min(record.locks, 10)), kLongestLock);
  ++record.locks;
  record.locked_until = now + length;
}

void FailureLock::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  records_.erase(key);
}

// A record a day past its last failure and its lock carries nothing worth keeping; dropping it
// bounds what an attacker trying many keys makes us hold.
void FailureLock::forget_old(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  std::erase_if(records_, [&](const auto& entry) {
    return now - entry.second.last_failure > kLongestLock && entry.second.locked_until <= now;
  });
}

}  // namespace aftersales::server
