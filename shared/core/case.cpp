#include "core/case.h"

namespace aftersales {

std::int64_t estimate_total(const std::vector<EstimateLine>& lines) {
  std::int64_t total = 0;
  for (const auto& line : lines) total += line.total_cents();
  return total;
}

// While the clock is paused (waiting for parts or the customer) the promise moves with the wait.
Instant Case::promised_at(Instant now) const {
  if (paused_since && now > *paused_since) return due_at + (now - *paused_since);
  return due_at;
}

bool Case::overdue(Instant now) const {
  return is_open() && !paused_since && now > due_at;
}

}  // namespace aftersales
