#include "core/domain/lockout.h"

#include <fmt/format.h>

#include <algorithm>

namespace aftersales {

std::chrono::seconds LockoutRule::lock_length(int lock_number) const {
  std::chrono::seconds length = first_lock;
  for (int n = 1; n < lock_number && length < longest_lock; ++n) length *= 2;
  return std::min(length, longest_lock);
}

std::optional<std::chrono::seconds> LockoutCount::left(const LockoutRule& rule, Instant now) const {
  if (!locked_until || *locked_until <= now) return std::nullopt;
  auto remaining = std::chrono::ceil<std::chrono::seconds>(*locked_until - now);
  return std::min(remaining, rule.lock_length(std::max(1, locks)));
}

bool LockoutCount::count_failure(const LockoutRule& rule, Instant now) {
  if (++failures < rule.failures_per_lock) return false;
  ++locks;
  failures = 0;
  locked_until = now + rule.lock_length(locks);
  return true;
}

LockoutCount stored_lockout(std::int64_t failures, std::int64_t locks, const std::optional<std::string>& locked_until) {
  LockoutCount count;
  count.failures = static_cast<int>(std::clamp<std::int64_t>(failures, 0, 1'000'000));
  count.locks = static_cast<int>(std::clamp<std::int64_t>(locks, 0, 1'000'000));
  if (locked_until) count.locked_until = parse_instant(*locked_until);
  return count;
}

LockoutCount stricter(const LockoutCount& a, const LockoutCount& b) {
  LockoutCount s;
  s.failures = std::max(a.failures, b.failures);
  s.locks = std::max(a.locks, b.locks);
  s.locked_until = std::max(a.locked_until, b.locked_until);  // nullopt is the smallest
  return s;
}

std::string lock_wait_in_words(std::chrono::seconds left) {
  auto s = left.count();
  if (s < 60) return fmt::format("{} s", s);
  if (s % 60 == 0) return fmt::format("{} min", s / 60);
  return fmt::format("{} min {} s", s / 60, s % 60);
}

}  // namespace aftersales
