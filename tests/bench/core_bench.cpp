// Core benchmarks (run: build/tests/bench/aftersales_bench; README has the goals):
//   warranty lookup by serial over 1,000,000 sale lines   goal: p99 under 0.5 ms
//   opening repair cases with full durability            goal: over 200 per second
//   importing 1,000,000 sale lines from CSV              goal: under 10 s
//   building and rendering one receipt                   goal: under 5 ms ESC/POS, under 30 ms PNG
//   opening repair cases from 4 connections at once      goal on PostgreSQL: over 1,000 per second
//   at a store's full history (100,000 cases over the 1,000,000 sale lines), for the back office:
//     the queue (open cases), a case's whole view, search by name, phone, serial, code
//                                                        goal: p99 under 100 ms each ("instant")
// AFTERSALES_BENCH_LINES sets the number of sale lines (default 1,000,000), AFTERSALES_BENCH_CASES
// the number of cases of the history (default 100,000). Under
// tests/support/with_postgres.sh the store is a PostgreSQL database on that server (over its TCP
// socket), so both backends are measured by the same program:
//   bash tests/support/with_postgres.sh build/tests/bench/aftersales_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <random>
#include <sstream>
#include <thread>

#include "core/notify/outbox.h"
#include "core/printing/escpos.h"
#include "core/printing/receipt.h"
#include "core/printing/receipt_image.h"
#include "core/services/bench_reports.h"
#include "core/services/case_service.h"
#include "core/services/device_history.h"
#include "core/services/warranty_service.h"
#include "core/storage/case_store.h"
#include "core/storage/csv_import.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

int sale_lines() {
  const char* env = std::getenv("AFTERSALES_BENCH_LINES");
  return env ? std::max(1000, std::atoi(env)) : 1'000'000;
}

std::string serial_of(int i) {
  return "SN" + std::to_string(10'000'000 + i);
}

std::string products_csv() {
  std::string csv = "sku,name,brand,category,warranty_months\n";
  for (int p = 0; p < 200; ++p)
    csv += "SKU-" + std::to_string(p) + ",Product " + std::to_string(p) + ",Brand,phones,24\n";
  return csv;
}

// Two lines per receipt, spread over three years, every line with a serial.
std::string sales_csv(int lines) {
  std::string csv = "receipt_number,sold_at,store,sku,serial,quantity,price_cents,plan_sku\n";
  csv.reserve(static_cast<std::size_t>(lines) * 70);
  for (int i = 0; i < lines; ++i) {
    int day = 1 + (i * 1095 / lines);
    Date date = add_days(Date{std::chrono::year{2024}, std::chrono::January, std::chrono::day{1}}, day);
    csv += std::to_string(100000000 + i / 2) + "," + format_date(date) + "T12:00:00Z,Main,SKU-" +
           std::to_string(i % 200) + "," + serial_of(i) + ",1,19900,\n";
  }
  return csv;
}

Result<ImportReport> import_text(Database& db, ImportKind kind, const std::string& csv) {
  std::istringstream in(csv);
  return import_csv(db, kind, in, StoreTimeZone::utc());
}

// One store with all the sale lines, built once and shared by the lookup benchmarks.
struct Store {
  testing::TempDir dir;
  testing::TestDatabase where{dir, "bench.db"};
  std::optional<Database> db;
  Config config = default_config();
  int lines = sale_lines();

  Store() {
    db.emplace(std::move(*Database::open(where.location())));
    import_text(*db, ImportKind::products, products_csv());
    import_text(*db, ImportKind::sales, sales_csv(lines));
  }
  static Store& get() {
    static Store store;
    return store;
  }
};

int history_cases() {
  const char* env = std::getenv("AFTERSALES_BENCH_CASES");
  return env ? std::max(100, std::atoi(env)) : 100'000;
}

// A store's full history, opened through the service like the kiosk does (one case a serial, each
// with its customer): one case in ten is on the bench with a diagnosis, a note and a deposit, one
// in five is closed. Built once, after the other benchmarks that open cases; its figures are printed.
struct History {
  int cases = 0;
  std::vector<std::string> codes;  // every tenth case's, for the case view and the code search
  double build_s = 0;

  static const History& get() {
    static const History history = build();
    return history;
  }

 private:
  static History build() {
    Store& store = Store::get();
    CaseService service(*store.db, store.config);
    History h;
    int wanted = std::min(history_cases(), store.lines / 2);
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < wanted; ++i) {
      RepairDraft draft;
      draft.serial = serial_of(store.lines / 2 + i);  // serials the other benchmarks leave alone
      draft.problem = "Battery drains overnight";
      draft.customer = {"Customer " + std::to_string(100000 + i), "+1 555 " + std::to_string(1000000 + i), "", false};
      draft.accepts_diagnostic_fee = true;
      auto opened = service.open_repair(draft, "bench");
      if (!opened) continue;
      ++h.cases;  // what is printed is what was opened
      if (i % 10 == 0) {
        h.codes.push_back(opened->code);
        (void)service.advance(opened->code, CaseStatus::diagnosing, {"tech", "", false});
        (void)service.record_diagnosis(opened->code, "Battery worn: 61 % health", "tech");
        (void)service.add_note(opened->code, {"tech", "Customer will call back", true});
        (void)service.record_payment(opened->code, {PaymentKind::deposit, PaymentMethod::card, 2000, ""}, "clerk");
      } else if (i % 5 == 1) {
        (void)service.advance(opened->code, CaseStatus::cancelled, {"clerk", "Customer changed their mind", true});
      }
    }
    h.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return h;
  }
};

const char* backend_name(const Database& db) {
  return db.backend() == Backend::postgresql ? "postgresql" : "sqlite";
}

double percentile(std::vector<double>& samples, double p) {
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1))];
}

void BM_WarrantyLookupBySerial(benchmark::State& state) {
  Store& store = Store::get();
  WarrantyService service(*store.db, store.config);
  std::mt19937 rng(1);
  Instant now = system_now();
  std::vector<double> ms;
  for (auto _ : state) {
    std::string serial = serial_of(static_cast<int>(rng() % static_cast<unsigned>(store.lines)));
    auto start = std::chrono::steady_clock::now();
    auto info = service.by_serial(serial, now);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!info) state.SkipWithError(info.error().message.c_str());
    benchmark::DoNotOptimize(info);
  }
  state.SetLabel(backend_name(*store.db));
  state.counters["sale_lines"] = store.lines;
  state.counters["p50_ms"] = percentile(ms, 0.50);
  state.counters["p99_ms"] = percentile(ms, 0.99);
  state.counters["max_ms"] = percentile(ms, 1.0);
}
BENCHMARK(BM_WarrantyLookupBySerial)->Unit(benchmark::kMicrosecond)->Iterations(20000);

void BM_OpenRepairCaseDurably(benchmark::State& state) {
  Store& store = Store::get();
  CaseService cases(*store.db, store.config);
  int i = 0;
  for (auto _ : state) {
    RepairDraft draft;
    draft.serial = serial_of(i++ % store.lines);
    draft.problem = "Does not switch on";
    draft.customer = {"Bench Customer", "+1 555 0100", "", false};
    draft.accepts_diagnostic_fee = true;
    auto opened = cases.open_repair(draft, "bench");
    if (!opened) state.SkipWithError(opened.error().message.c_str());
  }
  state.SetLabel(backend_name(*store.db));
  state.counters["cases_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpenRepairCaseDurably)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

// A store's kiosks and counters writing at once, each on its own connection: SQLite's writers
// queue for its one lock; PostgreSQL's run side by side (SERIALIZABLE, retried on a conflict).
void BM_OpenRepairCasesFromFourConnections(benchmark::State& state) {
  Store& store = Store::get();
  constexpr int kWriters = 4;
  std::vector<Database> connections;
  for (int w = 0; w < kWriters; ++w) connections.push_back(std::move(*Database::open(store.where.location())));
  std::atomic<int> next{0}, failed{0};
  long long opened = 0;
  for (auto _ : state) {
    constexpr int kPerWriter = 100;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
      writers.emplace_back([&, w] {
        CaseService cases(connections[static_cast<std::size_t>(w)], store.config);
        for (int i = 0; i < kPerWriter; ++i) {
          RepairDraft draft;
          draft.serial = serial_of(next++ % store.lines);
          draft.problem = "Does not switch on";
          draft.customer = {"Bench Customer", "+1 555 0100", "", false};
          draft.accepts_diagnostic_fee = true;
          if (!cases.open_repair(draft, "bench")) ++failed;
        }
      });
    for (auto& t : writers) t.join();
    opened += kWriters * kPerWriter;
  }
  if (failed > 0) state.SkipWithError("some cases could not be opened");
  state.counters["cases_per_s"] = benchmark::Counter(static_cast<double>(opened), benchmark::Counter::kIsRate);
  state.SetLabel(backend_name(*store.db));
}
BENCHMARK(BM_OpenRepairCasesFromFourConnections)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

void BM_ImportSaleLines(benchmark::State& state) {
  int lines = sale_lines();
  std::string csv = sales_csv(lines);
  for (auto _ : state) {
    state.PauseTiming();
    testing::TempDir dir;
    testing::TestDatabase where(dir, "import.db");
    auto db = Database::open(where.location());
    import_text(*db, ImportKind::products, products_csv());
    state.ResumeTiming();
    auto report = import_text(*db, ImportKind::sales, csv);
    if (!report || !report->committed()) state.SkipWithError("import failed");
  }
  state.counters["sale_lines"] = lines;
  state.counters["lines_per_s"] = benchmark::Counter(
      static_cast<double>(lines) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ImportSaleLines)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

// Times `step` on every iteration and reports its p50 and p99 in ms, with the history's size.
template <typename Step>
void time_at_full_history(benchmark::State& state, Step step) {
  Store& store = Store::get();
  const History& history = History::get();
  if (history.codes.empty()) {
    state.SkipWithError("no case of the history could be opened");
    return;
  }
  std::vector<double> ms;
  std::size_t i = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    if (!step(i++)) {
      state.SkipWithError("the step failed");
      break;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  state.SetLabel(backend_name(*store.db));
  state.counters["cases"] = history.cases;
  state.counters["history_build_s"] = history.build_s;
  if (ms.empty()) return;
  state.counters["p50_ms"] = percentile(ms, 0.50);
  state.counters["p99_ms"] = percentile(ms, 0.99);
}

// The back office's queue: the open cases, as its first page shows them.
void BM_QueueAtFullHistory(benchmark::State& state) {
  CaseService cases(*Store::get().db, Store::get().config);
  time_at_full_history(state, [&](std::size_t) {
    auto open = cases.list(CaseFilter{.open_only = true});
    benchmark::DoNotOptimize(open);
    return open.has_value() && !open->empty();
  });
}
BENCHMARK(BM_QueueAtFullHistory)->Unit(benchmark::kMillisecond)->Iterations(200);

// Opening a case in the back office: the case, its timeline, estimate, money, payments, notices, its
// loaner and the unit's history.
void BM_CaseViewAtFullHistory(benchmark::State& state) {
  Store& store = Store::get();
  CaseService cases(*store.db, store.config);
  Outbox outbox(*store.db);
  const History& history = History::get();
  time_at_full_history(state, [&](std::size_t i) {
    auto c = cases.find_by_code(history.codes[i % history.codes.size()]);
    if (!c) return false;
    bool whole = cases.events(c->id) && cases.estimate(c->id) && cases.money(*c) && cases.payments(c->id) &&
                 cases.estimate_explanation(c->id) && outbox.for_case(c->id) && cases.current_loan(c->id) &&
                 device_history(*store.db, c->serial.value_or(""));
    return whole;
  });
}
BENCHMARK(BM_CaseViewAtFullHistory)->Unit(benchmark::kMillisecond)->Iterations(1000);

// The search box: a customer's name, their phone, a serial, a case code (each finds one case).
void BM_SearchAtFullHistory(benchmark::State& state) {
  Store& store = Store::get();
  CaseService cases(*store.db, store.config);
  const History& history = History::get();
  time_at_full_history(state, [&](std::size_t i) {
    int n = static_cast<int>((i * 7919) % static_cast<std::size_t>(history.cases));
    std::string text;
    switch (i % 4) {
      case 0: text = "Customer " + std::to_string(100000 + n); break;
      case 1: text = std::to_string(1000000 + n); break;
      case 2: text = serial_of(store.lines / 2 + n); break;
      default: text = history.codes[i % history.codes.size()];
    }
    auto found = cases.list(CaseFilter{.text = text, .limit = 50});
    benchmark::DoNotOptimize(found);
    return found.has_value() && !found->empty();
  });
}
BENCHMARK(BM_SearchAtFullHistory)->Unit(benchmark::kMillisecond)->Iterations(200);

// The dashboard's bench: technicians over 8 weeks, time per status and parts used over 30 days.
void BM_BenchReportsAtFullHistory(benchmark::State& state) {
  Store& store = Store::get();
  time_at_full_history(state, [&](std::size_t) {
    Instant now = system_now();
    auto technicians = technician_output(*store.db, store.config, now, 8);
    auto statuses = status_times(*store.db, store.config, now, 30);
    auto parts = parts_used(*store.db, store.config, now, 30);
    benchmark::DoNotOptimize(statuses);
    return technicians.has_value() && statuses.has_value() && !statuses->statuses.empty() && parts.has_value();
  });
}
BENCHMARK(BM_BenchReportsAtFullHistory)->Unit(benchmark::kMillisecond)->Iterations(20);

// One repair case, reused by the receipt benchmarks.
const Case& receipt_case() {
  static const Case c = [] {
    Store& store = Store::get();
    CaseService cases(*store.db, store.config);
    RepairDraft draft;
    draft.serial = serial_of(7);
    draft.problem = "The screen flickers and goes black after a few minutes of use";
    draft.accessories = "Charger, case";
    draft.customer = {"Bench Customer", "+1 555 0100", "", false};
    draft.accepts_diagnostic_fee = true;
    return *cases.open_repair(draft, "bench");
  }();
  return c;
}

void BM_ReceiptEscPos(benchmark::State& state) {
  const Config& config = Store::get().config;
  const Case& c = receipt_case();
  for (auto _ : state) {
    auto bytes = render_escpos(layout_receipt(build_receipt(c, config, Language::es, system_now())),
                               {PaperWidth::from_mm(80), state.range(0) == 1, 6});
    benchmark::DoNotOptimize(bytes);
  }
  state.SetLabel(state.range(0) == 1 ? "native QR" : "raster QR");
}
BENCHMARK(BM_ReceiptEscPos)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_ReceiptPng(benchmark::State& state) {
  const Config& config = Store::get().config;
  const Case& c = receipt_case();
  for (auto _ : state) {
    auto image = render_image(layout_receipt(build_receipt(c, config, Language::es, system_now())),
                              {PaperWidth::from_mm(80), 6});
    auto png = encode_png(*image);
    benchmark::DoNotOptimize(png);
  }
}
BENCHMARK(BM_ReceiptPng)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace aftersales

BENCHMARK_MAIN();
