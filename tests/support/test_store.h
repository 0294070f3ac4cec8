#pragma once
// Test helpers: a fresh database file in a temporary folder, a clock the test moves by hand, and
// short ways to put products and sales into the store.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/config/config.h"
#include "core/services/case_service.h"
#include "core/storage/database.h"

namespace aftersales::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Where a test's database lives: a file in a temporary folder, or, when the tests run under
// tests/support/with_postgres.sh (AFTERSALES_TEST_POSTGRES is set), a PostgreSQL database made for
// this test alone and dropped after it.
class TestDatabase {
 public:
  TestDatabase(const TempDir& dir, const std::string& file_name);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  // A file path or a postgresql:// URI, as --db and Database::open take it.
  const std::string& location() const { return location_; }
  bool on_postgres() const { return !name_.empty(); }

 private:
  std::string location_;
  std::string name_;  // the PostgreSQL database's name
};

// True when the tests run against PostgreSQL.
bool testing_on_postgres();

Instant at(const std::string& iso);  // "2026-03-01T10:00:00Z"
Date day(int y, unsigned m, unsigned d);

struct SaleLineSpec {
  std::string sku;
  std::string serial;
  int quantity = 1;
  std::int64_t price_cents = 10000;
  std::string plan_sku;
};

// A store on a fresh database, with a hand-driven clock and a tiny catalog:
//   PHONE-1 (phones, 12 months), TV-1 (tvs, 24 months), CABLE-1 (accessories, lifetime),
//   GIFT-1 (gift cards, final sale), APP-SOFT (software, not returnable); plan CARE-2Y (24 months).
class TestStore : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  void add_product(const std::string& sku, const std::string& category, int warranty_months, bool lifetime = false,
                   bool returnable = true, std::optional<int> return_days = std::nullopt);
  void add_plan(const std::string& sku, int months, bool lifetime = false);
  void add_sale(const std::string& receipt, Instant sold_at, const std::vector<SaleLineSpec>& lines);
  long long count(const std::string& sql);
  RepairDraft repair_draft(const std::string& serial);
  // A repair of `serial` checked in at the kiosk for `customer` (a failure fails the test).
  Case open_repair_for(const std::string& serial, const CustomerContact& customer);

  TempDir dir;
  TestDatabase where{dir, "store.db"};
  std::optional<Database> db;
  Config config = default_config();
  Instant now = at("2026-03-01T10:00:00Z");
  std::optional<CaseService> cases;
};

}  // namespace aftersales::testing
