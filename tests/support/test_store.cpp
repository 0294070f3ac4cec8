#include "support/test_store.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <random>

namespace aftersales::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("aftersales-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

const char* postgres_server() {
  const char* uri = std::getenv("AFTERSALES_TEST_POSTGRES");
  return uri && *uri ? uri : nullptr;
}

// Runs one statement on the server's maintenance database; a failure stops the test run.
void run_on_server(const std::string& sql) {
  PGconn* conn = PQconnectdb(postgres_server());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("the test PostgreSQL server: " + error);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string error = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + error);
}

// postgresql://user@host:port/postgres -> postgresql://user@host:port/<name>
std::string uri_for(const std::string& name) {
  std::string uri = postgres_server();
  std::size_t slash = uri.rfind('/');
  return uri.substr(0, slash + 1) + name;
}

}  // namespace

bool testing_on_postgres() {
  return postgres_server() != nullptr;
}

TestDatabase::TestDatabase(const TempDir& dir, const std::string& file_name) {
  if (!testing_on_postgres()) {
    location_ = dir.file(file_name).string();
    return;
  }
  std::random_device rd;
  name_ = "test_" + std::to_string(rd()) + std::to_string(rd());
  run_on_server("CREATE DATABASE " + name_);
  location_ = uri_for(name_);
}

TestDatabase::~TestDatabase() {
  if (name_.empty()) return;
  try {
    run_on_server("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
  }
}

Instant at(const std::string& iso) {
  auto parsed = parse_instant(iso);
  if (!parsed) throw std::invalid_argument("bad test time " + iso);
  return *parsed;
}

Date day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

void TestStore::SetUp() {
  auto opened = Database::open(where.location());
  ASSERT_TRUE(opened) << opened.error().message;
  db.emplace(std::move(*opened));
  cases.emplace(*db, config, [this] { return now; });
  add_product("PHONE-1", "phones", 12);
  add_product("TV-1", "tvs", 24);
  add_product("CABLE-1", "accessories", 0, true);
  add_product("GIFT-1", "gift cards", 0);
  add_product("APP-SOFT", "apps", 0, false, false);
  add_plan("CARE-2Y", 24);
}

void TestStore::TearDown() {
  if (db) {
    EXPECT_FALSE(db->has_active_statements()) << "a statement was left unfinished";
  }
}

void TestStore::add_product(const std::string& sku, const std::string& category, int warranty_months, bool lifetime,
                            bool returnable, std::optional<int> return_days) {
  std::string name = "Model " + sku;
  db->prepare(
        "INSERT INTO products (sku, name, brand, category, warranty_months, warranty_lifetime, return_days, "
        "returnable) VALUES (?1, ?2, 'Acme', ?3, ?4, ?5, ?6, ?7)")
      .bind_all(sku, name, category, warranty_months, lifetime, return_days, returnable)
      .run();
}

void TestStore::add_plan(const std::string& sku, int months, bool lifetime) {
  db->prepare("INSERT INTO protection_plans (sku, name, months, lifetime, covers) VALUES (?1, ?1, ?2, ?3, 'accidents')")
      .bind_all(sku, months, lifetime)
      .run();
}

void TestStore::add_sale(const std::string& receipt, Instant sold_at, const std::vector<SaleLineSpec>& lines) {
  std::string when = format_instant(sold_at);
  std::int64_t sale =
      db->prepare("INSERT INTO sales (receipt_number, store, sold_at) VALUES (?1, 'Test', ?2) RETURNING id")
          .bind_all(receipt, when)
          .insert_returning_id();
  int line_no = 0;
  for (const auto& line : lines) {
    std::optional<std::string> serial, plan;
    if (!line.serial.empty()) serial = line.serial;
    if (!line.plan_sku.empty()) plan = line.plan_sku;
    db->prepare(
          "INSERT INTO sale_lines (sale_id, line_no, product_id, serial, quantity, price_cents, plan_id) "
          "VALUES (?1, ?2, (SELECT id FROM products WHERE sku = ?3), ?4, ?5, ?6, "
          "(SELECT id FROM protection_plans WHERE sku = ?7))")
        .bind_all(sale, ++line_no, line.sku, serial, line.quantity, line.price_cents, plan)
        .run();
  }
}

long long TestStore::count(const std::string& sql) {
  Statement stmt = db->prepare(sql);
  stmt.step();
  long long n = stmt.get_int(0);
  return n;
}

RepairDraft TestStore::repair_draft(const std::string& serial) {
  RepairDraft draft;
  draft.serial = serial;
  draft.problem = "Screen stays black";
  draft.problem_category = "screen";
  draft.customer = {"Jane Doe", "+34 600 123 456", "jane@example.com", true};
  return draft;
}

Case TestStore::open_repair_for(const std::string& serial, const CustomerContact& customer) {
  RepairDraft draft = repair_draft(serial);
  draft.customer = customer;
  auto opened = cases->open_repair(draft, "kiosk");
  EXPECT_TRUE(opened) << opened.error().message;
  return opened.value_or(Case{});
}

}  // namespace aftersales::testing
