// Power cut (issue 20, item 3): SQLite under tests/faults/power_cut_vfs.h, which keeps every write
// that no sync has reached in memory and throws it away when the power goes. Each round:
//   - a fresh store (the schema is written under the VFS too) takes check-ins through the real
//     CaseService; a code it returns is acknowledged (a receipt printed with it);
//   - the power goes at a random write, sync, truncate or delete: no unsynced block reaches the
//     disk, all of them, or a random share in any order; checkpoints come every 8, 64 or 1000
//     (SQLite's default) pages, so that cuts also land in checkpoints and WAL restarts;
//   - when the power returns, the database opens on the plain unix VFS, integrity_check and
//     foreign_key_check find nothing, every acknowledged code is there with its "opened" event, no
//     case lacks one, and the app opens the database.
// Rounds are seeded; a failing one prints the command that runs it alone.
//   power_cut_test [--rounds N | --seconds S] [--seed S] [--only-round R]
//   power_cut_test --synchronous NORMAL --expect-loss   the protection removed: succeeds only when a
//                                                       round loses an acknowledged case (or the file)
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/services/case_service.h"
#include "core/storage/database.h"
#include "faults/power_cut_vfs.h"

namespace aftersales::faults {
namespace {

// A fresh store's schema takes 122 operations, a check-in 35 to 55 (WAL frames and their headers,
// a sync; checkpoints): a cut anywhere in here lands in the schema one time in twenty, and after
// 30 check-ins on average.
constexpr std::int64_t kLastCutAt = 2500;
constexpr int kMostCheckIns = 1000;

struct Options {
  long rounds = 300;
  std::optional<double> seconds;
  std::uint64_t seed = std::random_device{}();
  std::optional<long> only_round;
  std::string synchronous;  // empty: the product's own setting
  bool expect_loss = false;
};

struct Round {
  PowerCut cut;
  int checkpoint_pages = 1000;
};

struct Outcome {
  std::vector<std::string> acknowledged;
  bool power_cut = false;
  bool store_opened = false;
  long cases_found = 0;
  long lost = 0;
  bool damaged = false;               // the file does not open, or does not check clean
  std::vector<std::string> problems;  // lost codes, damage, errors

  bool failed() const { return !problems.empty(); }
  bool lost_something() const { return lost > 0 || damaged; }
};

struct Figures {
  long rounds = 0;
  long cuts = 0;
  long cuts_in_schema = 0;
  long torn = 0;  // some unsynced blocks kept, not all
  long acknowledged = 0;
  long found = 0;
  long lost = 0;
  long damaged = 0;
  long failed_rounds = 0;
  long rounds_losing = 0;  // lost an acknowledged case, or the file
};

Round plan_round(std::uint64_t seed, long number) {
  std::seed_seq sequence{seed, static_cast<std::uint64_t>(number)};
  std::mt19937_64 random(sequence);
  Round round;
  round.cut.at_operation = std::uniform_int_distribution<std::int64_t>(1, kLastCutAt)(random);
  switch (random() % 3) {
    case 0: round.cut.unsynced_kept = 0; break;
    case 1: round.cut.unsynced_kept = 1; break;
    default: round.cut.unsynced_kept = std::uniform_real_distribution<double>(0.05, 0.95)(random); break;
  }
  round.cut.seed = random();
  const int pages[] = {8, 64, 1000};
  round.checkpoint_pages = pages[random() % 3];
  return round;
}

RepairDraft check_in(int n) {
  RepairDraft draft;
  draft.serial = fmt::format("CUT-{:05}", n);
  draft.product_description = "Phone";
  draft.problem = "Does not charge";
  draft.customer = {"Ana Power", "+34 600 000 001", "", false, ""};
  draft.accepts_diagnostic_fee = true;
  return draft;
}

// Check-ins until the power goes; what came back with a code is acknowledged.
void work_until_the_power_goes(PowerCutVfs& vfs, const Round& round, const Options& options,
                               const std::filesystem::path& file, Outcome& outcome) {
  vfs.install(round.cut);
  Config config = default_config();
  auto db = Database::open(file);
  outcome.store_opened = db.has_value();
  if (!db) {
    if (!vfs.power_is_off()) outcome.problems.push_back("opening the new store failed: " + db.error().message);
    return;
  }
  try {
    db->exec(fmt::format("PRAGMA wal_autocheckpoint={}", round.checkpoint_pages));
    if (!options.synchronous.empty()) db->exec("PRAGMA synchronous=" + options.synchronous);
  } catch (const StorageError& e) {
    outcome.problems.push_back(fmt::format("setting the round up: {}", e.what()));
    return;
  }
  CaseService cases(*db, config);
  for (int n = 0; n < kMostCheckIns && !vfs.power_is_off(); ++n) {
    auto opened = cases.open_repair(check_in(n), "kiosk");
    if (opened) {
      outcome.acknowledged.push_back(opened->code);
    } else if (!vfs.power_is_off()) {
      outcome.problems.push_back("a check-in failed with the power on: " + opened.error().message);
      return;
    }
  }
}

// The row's columns, joined by spaces.
std::string row_text(sqlite3_stmt* stmt) {
  std::vector<std::string> columns;
  for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
    columns.emplace_back(text ? text : "NULL");
  }
  return fmt::format("{}", fmt::join(columns, " "));
}

// Every row of a query; an error becomes a problem.
std::vector<std::string> rows(sqlite3* db, const char* sql, Outcome& outcome) {
  std::vector<std::string> result;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) result.push_back(row_text(stmt));
  if (rc != SQLITE_DONE) outcome.problems.push_back(fmt::format("{}: {}", sql, sqlite3_errmsg(db)));
  sqlite3_finalize(stmt);
  return result;
}

// What the disk holds, read as SQLite reads it after a crash (WAL recovery included).
void check_the_file(const std::filesystem::path& file, Outcome& outcome) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK) {
    outcome.problems.push_back(fmt::format("it does not open: {}", sqlite3_errmsg(db)));
    outcome.damaged = true;
    sqlite3_close(db);
    return;
  }
  std::size_t before = outcome.problems.size();
  for (const auto& line : rows(db, "PRAGMA integrity_check", outcome))
    if (line != "ok") outcome.problems.push_back("integrity_check: " + line);
  for (const auto& line : rows(db, "PRAGMA foreign_key_check", outcome))
    outcome.problems.push_back("foreign_key_check: " + line);
  outcome.damaged = outcome.problems.size() > before;
  bool has_cases = !rows(db, "SELECT 1 FROM sqlite_schema WHERE name = 'cases'", outcome).empty();
  if (has_cases) {
    auto with_event = rows(db,
                           "SELECT c.code FROM cases c WHERE EXISTS (SELECT 1 FROM case_events e "
                           "WHERE e.case_id = c.id AND e.kind = 'opened')",
                           outcome);
    std::set<std::string> found(with_event.begin(), with_event.end());
    auto count = rows(db, "SELECT count(*) FROM cases", outcome);
    outcome.cases_found = count.empty() ? 0 : std::stol(count.front());
    if (long without = outcome.cases_found - static_cast<long>(found.size()); without != 0)
      outcome.problems.push_back(fmt::format("{} cases without their opened event", without));
    for (const auto& code : outcome.acknowledged)
      if (!found.contains(code)) ++outcome.lost;
  } else {
    outcome.lost = static_cast<long>(outcome.acknowledged.size());
  }
  if (outcome.lost > 0) outcome.problems.push_back(fmt::format("{} acknowledged cases lost", outcome.lost));
  sqlite3_close(db);
}

void check_after_the_power_returns(const std::filesystem::path& file, Outcome& outcome) {
  check_the_file(file, outcome);
  auto db = Database::open(file);
  if (db) return;
  outcome.problems.push_back("the app cannot open it: " + db.error().message);
  outcome.damaged = true;
}

class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "aftersales-power-cut-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Outcome run_round(PowerCutVfs& vfs, const Round& round, const Options& options) {
  TempFolder folder;
  std::filesystem::path file = folder.path() / "store.db";
  Outcome outcome;
  work_until_the_power_goes(vfs, round, options, file, outcome);
  outcome.power_cut = vfs.power_is_off();
  if (!outcome.power_cut) outcome.problems.push_back("the power never went: make kLastCutAt smaller");
  vfs.uninstall();
  if (outcome.failed()) return outcome;  // an error with the power on: the file says nothing
  check_after_the_power_returns(file, outcome);
  return outcome;
}

void count(Figures& figures, const Round& round, const Outcome& outcome) {
  ++figures.rounds;
  if (outcome.power_cut) ++figures.cuts;
  if (!outcome.store_opened) ++figures.cuts_in_schema;
  if (round.cut.unsynced_kept > 0 && round.cut.unsynced_kept < 1) ++figures.torn;
  figures.acknowledged += static_cast<long>(outcome.acknowledged.size());
  figures.found += outcome.cases_found;
  figures.lost += outcome.lost;
  if (outcome.damaged) ++figures.damaged;
  if (outcome.failed()) ++figures.failed_rounds;
  if (outcome.lost_something()) ++figures.rounds_losing;
}

void report_failure(const Options& options, long number, const Round& round, const Outcome& outcome) {
  std::cout << fmt::format(
      "FAIL round {}: cut at operation {}, {:.0f}% of unsynced blocks kept, checkpoints every {} pages, {} "
      "acknowledged\n  {}\n  again: power_cut_test --seed {} --only-round {}{}\n",
      number, round.cut.at_operation, round.cut.unsynced_kept * 100, round.checkpoint_pages,
      outcome.acknowledged.size(), fmt::join(outcome.problems, "\n  "), options.seed, number,
      options.synchronous.empty() ? "" : " --synchronous " + options.synchronous);
}

std::optional<Options> parse(int argc, char** argv) {
  Options options;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool has_value = i + 1 < args.size();
    if (arg == "--expect-loss") {
      options.expect_loss = true;
    } else if (arg == "--rounds" && has_value) {
      options.rounds = std::stol(args[++i]);
    } else if (arg == "--seconds" && has_value) {
      options.seconds = std::stod(args[++i]);
    } else if (arg == "--seed" && has_value) {
      options.seed = std::stoull(args[++i]);
    } else if (arg == "--only-round" && has_value) {
      options.only_round = std::stol(args[++i]);
    } else if (arg == "--synchronous" && has_value) {
      options.synchronous = args[++i];
    } else {
      std::cerr << "usage: power_cut_test [--rounds N | --seconds S] [--seed S] [--only-round R] "
                   "[--synchronous MODE --expect-loss]\n";
      return std::nullopt;
    }
  }
  return options;
}

int run(const Options& options) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto more = [&](long number) {
    if (options.only_round) return number == *options.only_round;
    return options.seconds ? elapsed() < *options.seconds : number < options.rounds;
  };
  std::cout << fmt::format("power cut: seed {}{}\n", options.seed,
                           options.synchronous.empty() ? "" : ", synchronous=" + options.synchronous);
  PowerCutVfs vfs;
  Figures figures;
  for (long number = options.only_round.value_or(0); more(number); ++number) {
    Round round = plan_round(options.seed, number);
    Outcome outcome = run_round(vfs, round, options);
    count(figures, round, outcome);
    if (outcome.failed() && (options.expect_loss || figures.failed_rounds <= 5))
      report_failure(options, number, round, outcome);
    if (outcome.lost_something() && options.expect_loss) break;
  }
  std::cout << fmt::format(
      "power cut: {} rounds, {} cuts ({} in the schema, {} keeping a random share of unsynced blocks); {} cases "
      "acknowledged, {} found, {} lost; {} damaged files; {} rounds failed; {:.1f} s\n",
      figures.rounds, figures.cuts, figures.cuts_in_schema, figures.torn, figures.acknowledged, figures.found,
      figures.lost, figures.damaged, figures.failed_rounds, elapsed());
  if (options.expect_loss) {
    std::cout << (figures.rounds_losing > 0 ? "PASS: without the protection a power cut lost what was acknowledged\n"
                                            : "FAIL: without the protection no power cut lost anything\n");
    return figures.rounds_losing > 0 ? 0 : 1;
  }
  std::cout << (figures.failed_rounds == 0 ? "PASS\n" : "FAIL\n");
  return figures.failed_rounds == 0 ? 0 : 1;
}

}  // namespace
}  // namespace aftersales::faults

int main(int argc, char** argv) {
  try {
    auto options = aftersales::faults::parse(argc, argv);
    if (!options) return 2;
    return aftersales::faults::run(*options);
  } catch (const std::exception& e) {
    std::cerr << "power_cut_test: " << e.what() << "\n";
    return 1;
  }
}
