#include "core/storage/catalog.h"

#include <algorithm>

#include "core/base/text.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr std::string_view kSoldLineColumns = R"(
  SELECT l.id, s.receipt_number, l.line_no, s.sold_at, l.serial, l.quantity, l.price_cents,
         p.id, p.sku, p.name, p.brand, p.category, p.warranty_months, p.warranty_lifetime, p.return_days,
         p.returnable,
         pp.id, pp.sku, pp.name, pp.months, pp.lifetime, pp.covers, s.store
  FROM sale_lines l
  JOIN sales s ON s.id = l.sale_id
  JOIN products p ON p.id = l.product_id
  LEFT JOIN protection_plans pp ON pp.id = l.plan_id
)";

Product read_product(const Statement& row, int first) {
  Product p;
  p.id = row.get_int(first);
  p.sku = row.get_text(first + 1);
  p.name = row.get_text(first + 2);
  p.brand = row.get_text(first + 3);
  p.category = row.get_text(first + 4);
  p.warranty_months = static_cast<int>(row.get_int(first + 5));
  p.warranty_lifetime = row.get_int(first + 6) != 0;
  if (auto days = row.get_optional_int(first + 7)) p.return_days = static_cast<int>(*days);
  p.returnable = row.get_int(first + 8) != 0;
  return p;
}

SoldLine read_sold_line(const Statement& row) {
  SoldLine line;
  line.sale_line_id = row.get_int(0);
  line.receipt_number = row.get_text(1);
  line.line_no = static_cast<int>(row.get_int(2));
  line.sold_at = parse_instant(row.get_text(3)).value_or(Instant{});
  line.serial = row.get_optional_text(4);
  line.quantity = static_cast<int>(row.get_int(5));
  line.price_cents = row.get_int(6);
  line.product = read_product(row, 7);
  line.store = row.get_text(22);
  if (!row.is_null(16)) {
    ProtectionPlan plan;
    plan.id = row.get_int(16);
    plan.sku = row.get_text(17);
    plan.name = row.get_text(18);
    plan.months = static_cast<int>(row.get_int(19));
    plan.lifetime = row.get_int(20) != 0;
    plan.covers = row.get_text(21);
    line.plan = plan;
  }
  return line;
}

std::optional<SoldLine> first_line(Statement& stmt) {
  std::optional<SoldLine> line;
  if (stmt.step()) line = read_sold_line(stmt);
  return line;
}

}  // namespace

std::string normalize_serial(std::string_view serial) {
  return to_upper_ascii(trim(serial));
}

std::optional<SoldLine> find_sold_line_by_serial(Database& db, std::string_view normalized_serial) {
  // The same serial can be sold twice (returned, then sold again): the latest sale counts.
  static const std::string sql = std::string(kSoldLineColumns) + " WHERE l.serial = ?1 ORDER BY s.sold_at DESC LIMIT 1";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, normalized_serial);
  return first_line(stmt);
}

std::optional<SoldLine> find_sold_line(Database& db, std::int64_t sale_line_id) {
  static const std::string sql = std::string(kSoldLineColumns) + " WHERE l.id = ?1";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, sale_line_id);
  return first_line(stmt);
}

std::vector<SoldLine> find_receipt_lines(Database& db, std::string_view receipt_number) {
  static const std::string sql = std::string(kSoldLineColumns) + " WHERE s.receipt_number = ?1 ORDER BY l.line_no";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, receipt_number);
  std::vector<SoldLine> lines;
  while (stmt.step()) lines.push_back(read_sold_line(stmt));
  return lines;
}

std::optional<Product> find_product_by_sku(Database& db, std::string_view sku) {
  Statement stmt = db.prepare(
      "SELECT id, sku, name, brand, category, warranty_months, warranty_lifetime, return_days, returnable "
      "FROM products WHERE sku = ?1");
  stmt.bind(1, sku);
  std::optional<Product> product;
  if (stmt.step()) product = read_product(stmt, 0);
  return product;
}

// This store's returns of the line, and in a chain those other stores made (chain_returns, kept by
// headquarters; a store offline does not learn of returns made elsewhere meanwhile).
int quantity_already_returned(Database& db, std::int64_t sale_line_id) {
  Statement stmt = db.prepare(
      "SELECT coalesce(sum(return_quantity), 0) + (SELECT coalesce(sum(quantity), 0) FROM chain_returns "
      "  WHERE sale_line_id = ?1 AND store_id <> coalesce((SELECT value FROM settings WHERE key = 'chain.store_id'), "
      "'')) "
      "FROM cases WHERE sale_line_id = ?1 AND kind = 'return' AND status NOT IN ('rejected', 'cancelled')");
  stmt.bind(1, sale_line_id);
  stmt.step();
  auto quantity = static_cast<int>(stmt.get_int(0));
  return quantity;
}

}  // namespace aftersales
