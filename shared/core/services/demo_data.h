#pragma once
// A realistic demo store, deterministic from a seed: about 200 products across the departments of
// an electronics store, protection plans, three years of sales with serial numbers, and a few
// dozen cases in every state of the workflow. Case codes and status tokens stay random (they are
// secrets), everything else repeats exactly for the same seed and day.
#include <cstdint>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"

namespace aftersales {

class Database;

struct DemoOptions {
  std::uint64_t seed = 2026;
  int sales = 20000;
  int cases_per_status = 3;
  Instant now;  // the demo's "today": sales run up to it
};

struct DemoSummary {
  int products = 0;
  int plans = 0;
  int sales = 0;
  int sale_lines = 0;
  int cases = 0;
};

// Refuses a database that already holds products or sales: the demo never mixes with real data.
Result<DemoSummary> generate_demo(Database& db, const Config& config, const DemoOptions& options);

}  // namespace aftersales
