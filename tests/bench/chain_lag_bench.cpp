// Replication lag from a store to headquarters under a steady load of case changes (issue 16; run
// by tests/bench/chain_lag_bench.sh, which starts both servers and links them):
//   chain_lag_bench STORE_URI HQ_URI [SECONDS] [CHANGES_PER_SECOND]
// A writer at the store opens repairs and moves them on (each change is a case event, committed on
// its own) at a steady rate; a watcher at headquarters reads the events as they arrive. The lag of
// a change is from its commit at the store returning to the watcher first reading it at
// headquarters, so it includes one polling interval (1 ms) and one query.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/services/case_service.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct Change {
  std::string code;
  std::string to_status;
  bool operator<(const Change& other) const {
    return std::tie(code, to_status) < std::tie(other.code, other.to_status);
  }
};

class Timeline {
 public:
  void committed(Change change) {
    std::lock_guard lock(mutex_);
    committed_[std::move(change)] = SteadyClock::now();
  }
  void arrived(Change change) {
    std::lock_guard lock(mutex_);
    if (!arrived_.emplace(std::move(change), SteadyClock::now()).second) ++doubled_;
  }
  std::size_t doubled() {
    std::lock_guard lock(mutex_);
    return doubled_;
  }
  std::size_t committed_count() {
    std::lock_guard lock(mutex_);
    return committed_.size();
  }
  // Every committed change's lag in ms; a change that never arrived counts as missing.
  std::vector<double> lags_ms(std::size_t& missing) {
    std::lock_guard lock(mutex_);
    std::vector<double> lags;
    missing = 0;
    for (const auto& [change, at] : committed_) {
      auto seen = arrived_.find(change);
      if (seen == arrived_.end()) {
        ++missing;
        continue;
      }
      // The watcher may read a change before the writer's commit call has returned.
      lags.push_back(std::max(0.0, std::chrono::duration<double, std::milli>(seen->second - at).count()));
    }
    return lags;
  }

 private:
  std::mutex mutex_;
  std::map<Change, SteadyClock::time_point> committed_;
  std::map<Change, SteadyClock::time_point> arrived_;
  std::size_t doubled_ = 0;
};

// Half the changes open a repair, the other half move an open one on to diagnosing.
void write_steadily(Database& store, const Config& config, Timeline& timeline, double seconds, double per_second,
                    std::atomic<int>& failures) {
  CaseService cases(store, config);
  auto failed = [&](const Error& error) {
    if (failures++ == 0) std::fprintf(stderr, "a change failed: %s\n", error.message.c_str());
  };
  std::vector<std::string> to_diagnose;
  auto interval = std::chrono::duration<double>(1.0 / per_second);
  auto start = SteadyClock::now();
  for (long i = 0;; ++i) {
    auto due = start + std::chrono::duration_cast<SteadyClock::duration>(interval * static_cast<double>(i));
    if (due - start > std::chrono::duration<double>(seconds)) break;
    std::this_thread::sleep_until(due);
    if (i % 2 == 1 && !to_diagnose.empty()) {
      std::string code = to_diagnose.back();
      to_diagnose.pop_back();
      auto moved = cases.advance(code, CaseStatus::diagnosing, {"bench", "", false});
      if (moved)
        timeline.committed({code, "diagnosing"});
      else
        failed(moved.error());
      continue;
    }
    RepairDraft draft;
    draft.serial = "LAG-" + std::to_string(i);
    draft.product_description = "Acme phone X1";
    draft.problem = "Does not switch on";
    draft.customer = {"Bench Customer", "+34 600 000 100", "", false};
    draft.accepts_diagnostic_fee = true;
    auto opened = cases.open_repair(draft, "bench");
    if (!opened) {
      failed(opened.error());
      continue;
    }
    timeline.committed({opened->code, "checked_in"});
    to_diagnose.push_back(opened->code);
  }
}

// Reads the events headquarters has received since the last one read.
void watch(Database& hq, Timeline& timeline, const std::atomic<bool>& stop) {
  std::int64_t last = 0;
  while (!stop) {
    auto rows = hq.prepare(
        "SELECT e.id, c.code, e.to_status FROM case_events e JOIN cases c ON c.id = e.case_id "
        "WHERE e.id > ?1 ORDER BY e.id");
    rows.bind(1, last);
    while (rows.step()) {
      last = rows.get_int(0);
      timeline.arrived({rows.get_text(1), rows.get_text(2)});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1))];
}

int run(const char* store_uri, const char* hq_uri, double seconds, double per_second) {
  auto store = Database::open(store_uri, OpenMode::read_write);
  auto hq = Database::open(hq_uri, OpenMode::read_write);
  if (!store || !hq) {
    std::fprintf(stderr, "cannot open: %s\n", (!store ? store.error() : hq.error()).message.c_str());
    return 1;
  }
  Config config = default_config();
  Timeline timeline;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread watcher([&] { watch(*hq, timeline, stop); });
  write_steadily(*store, config, timeline, seconds, per_second, failures);
  // Whatever is still on its way gets 30 s to arrive.
  auto wrote = SteadyClock::now();
  std::size_t missing = 0;
  while (SteadyClock::now() - wrote < std::chrono::seconds(30)) {
    timeline.lags_ms(missing);
    if (missing == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  watcher.join();
  auto lags = timeline.lags_ms(missing);
  std::printf(
      "store -> headquarters, %.0f changes/s for %.0f s: %zu changes committed, %zu arrived, %zu missing, %zu doubled, "
      "%d failed\n",
      per_second, seconds, timeline.committed_count(), lags.size(), missing, timeline.doubled(), failures.load());
  std::printf("lag ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", percentile(lags, 0.50), percentile(lags, 0.90),
              percentile(lags, 0.99), percentile(lags, 1.0));
  return missing == 0 && timeline.doubled() == 0 && failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace aftersales

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: chain_lag_bench STORE_URI HQ_URI [SECONDS] [CHANGES_PER_SECOND]\n");
    return 2;
  }
  double seconds = argc > 3 ? std::atof(argv[3]) : 20;
  double per_second = argc > 4 ? std::atof(argv[4]) : 50;
  if (seconds <= 0 || per_second <= 0) {
    std::fprintf(stderr, "SECONDS and CHANGES_PER_SECOND must be positive numbers\n");
    return 2;
  }
  return aftersales::run(argv[1], argv[2], seconds, per_second);
}
