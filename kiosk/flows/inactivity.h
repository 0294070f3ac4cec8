#pragma once
// Inactivity at the kiosk: after `idle` without a touch, an "Are you still there?" countdown of
// `warning` (accessibility guidance asks for at least 20 s to answer), then back to Home with
// everything entered wiped. Pure logic: the app feeds it input times and asks what to show.
#include <chrono>

namespace aftersales::kiosk {

class InactivityTimer {
 public:
  using Clock = std::chrono::steady_clock;
  InactivityTimer(std::chrono::seconds idle, std::chrono::seconds warning) : idle_(idle), warning_(warning) {}

  enum class Phase { active, warning, expired };

  void touched(Clock::time_point now) { last_input_ = now; }
  Phase phase(Clock::time_point now) const;
  // Seconds left on the countdown while in the warning phase (rounded up).
  int seconds_left(Clock::time_point now) const;
  // When the app must wake next to update the screen (the loop sleeps until then).
  Clock::time_point next_wake(Clock::time_point now) const;

 private:
  std::chrono::seconds idle_;
  std::chrono::seconds warning_;
  Clock::time_point last_input_{};
};

}  // namespace aftersales::kiosk
