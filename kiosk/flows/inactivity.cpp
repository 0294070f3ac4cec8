#include "inactivity.h"

namespace aftersales::kiosk {

InactivityTimer::Phase InactivityTimer::phase(Clock::time_point now) const {
  auto quiet = now - last_input_;
  if (quiet < idle_) return Phase::active;
  if (quiet < idle_ + warning_) return Phase::warning;
  return Phase::expired;
}

int InactivityTimer::seconds_left(Clock::time_point now) const {
  auto left = last_input_ + idle_ + warning_ - now;
  if (left <= Clock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

InactivityTimer::Clock::time_point InactivityTimer::next_wake(Clock::time_point now) const {
  switch (phase(now)) {
    case Phase::active: return last_input_ + idle_;
    case Phase::warning: return now + std::chrono::seconds(1);  // the countdown ticks every second
    case Phase::expired: return now;
  }
  return now;
}

}  // namespace aftersales::kiosk
