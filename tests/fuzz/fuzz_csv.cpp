// The point of sale's CSV exports: the reader, then each import (products, plans, sales, picked by
// the first byte) into one scratch SQLite database kept for the whole run. Every input ends in a
// report or an error with a message, and the database still checks clean afterwards.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <optional>
#include <sstream>

#include "core/base/csv_reader.h"
#include "core/storage/csv_import.h"
#include "core/storage/database.h"
#include "fuzz_check.h"

using namespace aftersales;

namespace {

// The scratch folder goes when the run ends (libFuzzer leaves through exit()).
struct Scratch {
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("aftersales-fuzz-csv-" + std::to_string(getpid()));
  std::optional<Database> db;
  Scratch() {
    std::filesystem::create_directories(folder);
    auto opened = Database::open(folder / "scratch.db");
    FUZZ_EXPECT(opened.has_value());
    db.emplace(std::move(*opened));
  }
  ~Scratch() {
    db.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
};

Database& scratch_database() {
  static Scratch scratch;
  return *scratch.db;
}

void read_all(std::string_view text) {
  std::istringstream in{std::string(text)};
  CsvReader reader(in);
  std::vector<std::string> fields;
  int last_line = 0;
  while (reader.next(fields)) {
    FUZZ_EXPECT(reader.record_line() > last_line);
    last_line = reader.record_line();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto csv = fuzz::as_text(data + 1, size - 1);
  read_all(csv);
  constexpr ImportKind kKinds[] = {ImportKind::products, ImportKind::plans, ImportKind::sales, ImportKind::parts};
  std::istringstream in{std::string(csv)};
  auto report = import_csv(scratch_database(), kKinds[data[0] % std::size(kKinds)], in, StoreTimeZone::utc());
  if (!report) FUZZ_EXPECT(!report.error().message.empty());
  if (report && !report->committed()) FUZZ_EXPECT(!report->errors.empty());
  auto check = scratch_database().prepare("PRAGMA quick_check");
  FUZZ_EXPECT(check.step() && check.get_text(0) == "ok");
  return 0;
}
