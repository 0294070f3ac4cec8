#pragma once
// Wrong answers counted per thing guessed at (on /track: the case code), whoever sends them: after
// kFailuresBeforeLock wrong answers in a row that thing is locked, for 15 minutes the first time and
// twice as long each time after (up to a day). A rate limit per address alone cannot stop a guesser
// with many addresses (an IPv6 /64 has 2^64); this one does not care where the guesses come from.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace aftersales::server {

class FailureLock {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kFailuresBeforeLock = 5;
  static constexpr std::chrono::minutes kFirstLock{15};
  static constexpr std::chrono::hours kLongestLock{24};

  // True while `key` is locked; then the seconds left in retry_after_s.
  bool locked(const std::string& key, Clock::time_point now, int& retry_after_s);
  void failed(const std::string& key, Clock::time_point now);
  void succeeded(const std::string& key);

 private:
  struct Record {
    int failures = 0;  // since the last lock or success
    int locks = 0;     // how many times it was locked: each lock lasts twice the one before
    Clock::time_point locked_until{};
    Clock::time_point last_failure{};
  };
  void forget_old(Clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, Record> records_;
  Clock::time_point last_sweep_{};
};

}  // namespace aftersales::server
