#include "core/storage/csv_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/base/csv_reader.h"
#include "core/base/text.h"
#include "core/storage/catalog.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

std::optional<std::int64_t> to_integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The header row names the columns, in any order; unknown columns are ignored.
class Columns {
 public:
  Result<void> read_header(const std::vector<std::string>& header, std::initializer_list<std::string_view> required,
                           std::initializer_list<std::string_view> optional) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      std::string name = to_lower_ascii(trim(header[i]));
      if (i == 0 && name.starts_with("\xEF\xBB\xBF")) name.erase(0, 3);  // UTF-8 byte-order mark
      index_[name] = i;
    }
    std::vector<std::string> missing;
    for (auto name : required)
      if (!index_.contains(std::string(name))) missing.emplace_back(name);
    if (!missing.empty()) {
      std::string all;
      for (auto name : required) all += (all.empty() ? "" : ",") + std::string(name);
      for (auto name : optional) all += "," + std::string(name);
      return fail(ErrorKind::invalid_input,
                  fmt::format("line 1: the header lacks the column{} {}; expected the columns {}",
                              missing.size() > 1 ? "s" : "", fmt::join(missing, ", "), all));
    }
    return {};
  }

  std::string get(const std::vector<std::string>& row, std::string_view name) const {
    auto it = index_.find(std::string(name));
    if (it == index_.end() || it->second >= row.size()) return {};
    return trim(row[it->second]);
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
};

class Importer {
 public:
  Importer(Database& db, const StoreTimeZone& zone) : db_(db), zone_(zone) {}

  void row_error(int line, std::string message) {
    ++report_.error_count;
    if (static_cast<int>(report_.errors.size()) < kMaxReportedErrors)
      report_.errors.push_back({line, std::move(message)});
  }

  void count_change(bool inserted, int changes) {
    if (inserted)
      ++report_.added;
    else if (changes > 0)
      ++report_.updated;
    else
      ++report_.unchanged;
  }

  void product(const Columns& cols, const std::vector<std::string>& row, int line) {
    std::string sku = cols.get(row, "sku"), name = cols.get(row, "name");
    if (sku.empty()) return row_error(line, "sku is empty");
    if (name.empty()) return row_error(line, fmt::format("name is empty for SKU {}", sku));
    std::string warranty = to_lower_ascii(cols.get(row, "warranty_months"));
    bool lifetime = warranty == "lifetime";
    std::int64_t months = 0;
    if (!lifetime && !warranty.empty()) {
      auto parsed = to_integer(warranty);
      if (!parsed || *parsed < 0 || *parsed > 1200)
        return row_error(line, fmt::format("warranty_months '{}' is not a number of months or \"lifetime\"", warranty));
      months = *parsed;
    }
    std::optional<std::int64_t> return_days;
    if (std::string days = cols.get(row, "return_days"); !days.empty()) {
      return_days = to_integer(days);
      if (!return_days || *return_days < 0 || *return_days > 3650)
        return row_error(line, fmt::format("return_days '{}' is not a number of days", days));
    }
    std::string returnable_text = to_lower_ascii(cols.get(row, "returnable"));
    bool returnable = true;
    if (returnable_text == "no" || returnable_text == "false" || returnable_text == "0")
      returnable = false;
    else if (!returnable_text.empty() && returnable_text != "yes" && returnable_text != "true" &&
             returnable_text != "1")
      return row_error(line, fmt::format("returnable '{}' must be yes or no", returnable_text));
    std::string brand = cols.get(row, "brand"), category = to_lower_ascii(cols.get(row, "category"));

    bool existed = find_product_by_sku(db_, sku).has_value();
    Statement stmt = db_.prepare(R"(
      INSERT INTO products (sku, name, brand, category, warranty_months, warranty_lifetime, return_days, returnable)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
      ON CONFLICT (sku) DO UPDATE SET name = ?2, brand = ?3, category = ?4, warranty_months = ?5,
        warranty_lifetime = ?6, return_days = ?7, returnable = ?8
      WHERE (products.name, products.brand, products.category, products.warranty_months,
             products.warranty_lifetime, coalesce(products.return_days, -1), products.returnable)
         IS DISTINCT FROM (?2, ?3, ?4, ?5, ?6, coalesce(?7, -1), ?8))");
    stmt.bind_all(sku, name, brand, category, months, lifetime, return_days, returnable);
    count_change(!existed, stmt.run());
  }

  void plan(const Columns& cols, const std::vector<std::string>& row, int line) {
    std::string sku = cols.get(row, "sku"), name = cols.get(row, "name");
    if (sku.empty()) return row_error(line, "sku is empty");
    if (name.empty()) return row_error(line, fmt::format("name is empty for plan {}", sku));
    std::string months_text = to_lower_ascii(cols.get(row, "months"));
    bool lifetime = months_text == "lifetime";
    auto months = lifetime ? std::optional<std::int64_t>(0) : to_integer(months_text);
    if (!months || *months < 0 || *months > 1200)
      return row_error(line, fmt::format("months '{}' is not a number of months or \"lifetime\"", months_text));
    std::string covers = cols.get(row, "covers");
    Statement exists = db_.prepare("SELECT 1 FROM protection_plans WHERE sku = ?1");
    bool existed = exists.bind(1, sku).step();
    Statement stmt = db_.prepare(R"(
      INSERT INTO protection_plans (sku, name, months, lifetime, covers) VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (sku) DO UPDATE SET name = ?2, months = ?3, lifetime = ?4, covers = ?5
      WHERE (protection_plans.name, protection_plans.months, protection_plans.lifetime, protection_plans.covers)
            IS DISTINCT FROM (?2, ?3, ?4, ?5))");
    stmt.bind_all(sku, name, *months, lifetime, covers);
    count_change(!existed, stmt.run());
  }

  // A count that may be left empty (nullopt); false after reporting one that is not a count.
  bool optional_count(const Columns& cols, const std::vector<std::string>& row, std::string_view column, int line,
                      std::optional<std::int64_t>& out) {
    std::string text = cols.get(row, column);
    if (text.empty()) return true;
    out = to_integer(text);
    if (out && *out >= 0 && *out <= 1000000) return true;
    row_error(line, fmt::format("{} '{}' must be a whole number of at least 0", column, text));
    return false;
  }

  // A part of the store's parts list (schema 20). An empty stock keeps a known part's count (a price
  // list from the supplier); a number replaces it (a stock count). An empty low_at or supplier
  // keeps the known part's too.
  void part(const Columns& cols, const std::vector<std::string>& row, int line) {
    std::string sku = cols.get(row, "sku"), name = cols.get(row, "name");
    if (sku.empty()) return row_error(line, "sku is empty");
    if (sku.size() > 64) return row_error(line, "sku is longer than 64 characters");
    if (name.empty()) return row_error(line, fmt::format("name is empty for part {}", sku));
    auto cents = [&](std::string_view column) -> std::optional<std::int64_t> {
      std::string text = cols.get(row, column);
      auto value = to_integer(text);
      if (!value || *value < 0) {
        row_error(line, fmt::format("{} '{}' must be whole cents, like 4500 for 45.00", column, text));
        return std::nullopt;
      }
      return value;
    };
    auto cost = cents("cost_cents");
    if (!cost) return;
    auto price = cents("price_cents");
    if (!price) return;
    std::optional<std::int64_t> stock, low_at;
    if (!optional_count(cols, row, "stock", line, stock) || !optional_count(cols, row, "low_at", line, low_at)) return;
    std::optional<std::string> supplier;
    if (std::string named = cols.get(row, "supplier"); !named.empty()) supplier = named;
    if (!parts_seen_.insert(sku).second) return row_error(line, fmt::format("part {} is in the file twice", sku));
    Statement exists = db_.prepare("SELECT 1 FROM parts WHERE sku = ?1");
    bool existed = exists.bind(1, sku).step();
    Statement stmt = db_.prepare(R"(
      INSERT INTO parts (sku, name, cost_cents, price_cents, stock, low_at, supplier)
      VALUES (?1, ?2, ?3, ?4, coalesce(?5, 0), coalesce(?6, 1), coalesce(?7, ''))
      ON CONFLICT (sku, store_id) DO UPDATE SET name = ?2, cost_cents = ?3, price_cents = ?4,
        stock = coalesce(?5, parts.stock), low_at = coalesce(?6, parts.low_at), supplier = coalesce(?7, parts.supplier)
      WHERE (parts.name, parts.cost_cents, parts.price_cents, parts.stock, parts.low_at, parts.supplier)
         IS DISTINCT FROM (?2, ?3, ?4, coalesce(?5, parts.stock), coalesce(?6, parts.low_at),
                           coalesce(?7, parts.supplier)))");
    stmt.bind_all(sku, name, *cost, *price, stock, low_at, supplier);
    count_change(!existed, stmt.run());
  }

  void sale_line(const Columns& cols, const std::vector<std::string>& row, int line) {
    std::string receipt = cols.get(row, "receipt_number");
    if (receipt.empty()) return row_error(line, "receipt_number is empty");
    std::string sold_at_text = cols.get(row, "sold_at");
    auto sold_at = zone_.parse_timestamp(sold_at_text);
    if (!sold_at)
      return row_error(line,
                       fmt::format("sold_at '{}' is not a date and time like 2026-03-01T14:30:00Z", sold_at_text));
    std::string sku = cols.get(row, "sku");
    auto product = product_id(sku);
    if (!product) return row_error(line, fmt::format("unknown product SKU '{}': import the products first", sku));
    std::string quantity_text = cols.get(row, "quantity");
    auto quantity = quantity_text.empty() ? std::optional<std::int64_t>(1) : to_integer(quantity_text);
    if (!quantity || *quantity < 1 || *quantity > 10000)
      return row_error(line, fmt::format("quantity '{}' must be a whole number of at least 1", quantity_text));
    std::string price_text = cols.get(row, "price_cents");
    auto price = to_integer(price_text);
    if (!price || *price < 0)
      return row_error(line, fmt::format("price_cents '{}' must be whole cents, like 129900 for 1299.00", price_text));
    std::string serial = normalize_serial(cols.get(row, "serial"));
    if (serial.size() > 64) return row_error(line, "serial is longer than 64 characters");
    std::optional<std::int64_t> plan;
    if (std::string plan_sku = cols.get(row, "plan_sku"); !plan_sku.empty()) {
      plan = plan_id(plan_sku);
      if (!plan)
        return row_error(line, fmt::format("unknown protection plan SKU '{}': import the plans first", plan_sku));
    }
    if (report_.error_count > 0) return;  // nothing will be kept; only keep validating

    // Staged (a receipt with its first line), then merged a batch at a time: on PostgreSQL a
    // statement a row would be a network round trip a row.
    if (!staged_) {
      // Kept empty for the connection's next import (dropping a table would need every other
      // statement of the connection finished); a rollback takes back what this one staged.
      db_.exec(
          "CREATE TEMP TABLE IF NOT EXISTS import_sales (seq BIGINT NOT NULL, receipt_number TEXT NOT NULL, "
          "store TEXT NOT NULL, sold_at TEXT NOT NULL);"
          "CREATE TEMP TABLE IF NOT EXISTS import_sale_lines (seq BIGINT NOT NULL, receipt_number TEXT NOT NULL, "
          "line_no BIGINT NOT NULL, product_id BIGINT NOT NULL, serial TEXT, quantity BIGINT NOT NULL, "
          "price_cents BIGINT NOT NULL, plan_id BIGINT)");
      staged_.emplace(db_);
    }
    auto [seen, first] = lines_in_receipt_.try_emplace(receipt, 0);
    if (first) staged_->sales.row(++sequence_, receipt, cols.get(row, "store"), format_instant(*sold_at));
    std::optional<std::string_view> serial_value;
    if (!serial.empty()) serial_value = serial;
    // A receipt already imported keeps its id; its lines are then matched by position (line_no).
    staged_->lines.row(++sequence_, receipt, ++seen->second, *product, serial_value, *quantity, *price, plan);
    if (++staged_->count == kLinesPerMerge) merge_sale_lines();
  }

  // The staged sale lines into sales and sale_lines, in the file's order; ON CONFLICT: a receipt
  // already imported keeps its id, a line already there (same receipt, same position) stays.
  void merge_sale_lines() {
    if (!staged_ || staged_->count == 0) return;
    staged_->sales.flush();
    staged_->lines.flush();
    db_.prepare(R"(
      INSERT INTO sales (receipt_number, store, sold_at)
      SELECT receipt_number, store, sold_at FROM import_sales WHERE true ORDER BY seq
      ON CONFLICT DO NOTHING)")
        .run();
    int added = db_.prepare(R"(
      INSERT INTO sale_lines (sale_id, line_no, product_id, serial, quantity, price_cents, plan_id)
      SELECT s.id, l.line_no, l.product_id, l.serial, l.quantity, l.price_cents, l.plan_id
      FROM import_sale_lines l JOIN sales s ON s.receipt_number = l.receipt_number WHERE true ORDER BY l.seq
      ON CONFLICT DO NOTHING)")
                    .run();
    report_.added += added;
    report_.unchanged += staged_->count - added;
    staged_->count = 0;
    db_.exec(db_.backend() == Backend::postgresql ? "TRUNCATE import_sales, import_sale_lines"
                                                  : "DELETE FROM import_sales; DELETE FROM import_sale_lines");
  }

  // Before the commit: what is still staged goes in.
  void finish() { merge_sale_lines(); }

  ImportReport& report() { return report_; }

 private:
  std::optional<std::int64_t> product_id(const std::string& sku) {
    if (auto it = products_.find(sku); it != products_.end()) return it->second;
    auto product = find_product_by_sku(db_, sku);
    if (!product) return std::nullopt;
    products_[sku] = product->id;
    return product->id;
  }

  std::optional<std::int64_t> plan_id(const std::string& sku) {
    if (auto it = plans_.find(sku); it != plans_.end()) return it->second;
    Statement stmt = db_.prepare("SELECT id FROM protection_plans WHERE sku = ?1");
    std::optional<std::int64_t> id;
    if (stmt.bind(1, sku).step()) id = stmt.get_int(0);
    if (id) plans_[sku] = *id;
    return id;
  }

  // The loaders into the temporary tables that hold the sale lines of one import until a merge.
  struct Staging {
    explicit Staging(Database& db)
        : sales(db, "import_sales", {"seq", "receipt_number", "store", "sold_at"}),
          lines(db, "import_sale_lines",
                {"seq", "receipt_number", "line_no", "product_id", "serial", "quantity", "price_cents", "plan_id"}) {}
    BulkInsert sales, lines;
    int count = 0;  // lines staged since the last merge
  };
  // Big enough that a merge's fixed cost is small, small enough that one statement stays well
  // within PostgreSQL's statement timeout.
  static constexpr int kLinesPerMerge = 50000;

  Database& db_;
  const StoreTimeZone& zone_;
  ImportReport report_;
  std::unordered_map<std::string, std::int64_t> products_, plans_;
  std::unordered_map<std::string, int> lines_in_receipt_;
  std::unordered_set<std::string> parts_seen_;  // by receipt number: the lines seen so far
  std::optional<Staging> staged_;
  std::int64_t sequence_ = 0;  // the file's order, kept in the ids
};

}  // namespace

Result<ImportReport> import_csv(Database& db, ImportKind kind, std::istream& input, const StoreTimeZone& zone) {
  // Read whole first: storage_guard may run the import again after a PostgreSQL conflict, and a
  // stream read once cannot be read again.
  std::string text{std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
  if (input.bad()) return fail(ErrorKind::io, "The file could not be read to the end; nothing was imported.");
  auto imported = storage_guard<ImportReport>([&]() -> Result<ImportReport> {
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<std::string> row;
    if (!reader.next(row)) return fail(ErrorKind::invalid_input, "The file is empty: it needs a header row.");
    Columns cols;
    Result<void> header =
        kind == ImportKind::products
            ? cols.read_header(row, {"sku", "name"},
                               {"brand", "category", "warranty_months", "return_days", "returnable"})
        : kind == ImportKind::plans ? cols.read_header(row, {"sku", "name", "months"}, {"covers"})
        : kind == ImportKind::parts
            ? cols.read_header(row, {"sku", "name", "cost_cents", "price_cents"}, {"stock", "low_at", "supplier"})
            : cols.read_header(row, {"receipt_number", "sold_at", "sku", "price_cents"},
                               {"store", "serial", "quantity", "plan_sku"});
    if (!header) return std::unexpected(header.error());

    WriteTransaction tx(db);
    Importer importer(db, zone);
    while (reader.next(row)) {
      if (row.size() == 1 && trim(row[0]).empty()) continue;  // blank line
      ++importer.report().rows;
      switch (kind) {
        case ImportKind::products: importer.product(cols, row, reader.record_line()); break;
        case ImportKind::plans: importer.plan(cols, row, reader.record_line()); break;
        case ImportKind::sales: importer.sale_line(cols, row, reader.record_line()); break;
        case ImportKind::parts: importer.part(cols, row, reader.record_line()); break;
      }
    }
    if (!reader.error().empty()) importer.row_error(reader.record_line(), reader.error());
    if (importer.report().committed()) importer.finish();
    ImportReport report = importer.report();
    if (report.committed()) tx.commit();  // else the transaction rolls back: all or nothing
    return report;
  });
  // PostgreSQL plans lookups from its statistics: bring them up to date after a big change, not
  // whenever autovacuum comes round to it (until then a warranty lookup may take a poor plan).
  if (imported && imported->committed() && db.backend() == Backend::postgresql && kind != ImportKind::parts) {
    try {
      db.exec("ANALYZE products, protection_plans, sales, sale_lines");
    } catch (const StorageError&) {
      // Only the tables' owner may analyze them; autovacuum will.
    }
  }
  return imported;
}

}  // namespace aftersales
