#include "core/storage/parts_store.h"

namespace aftersales {
namespace {

constexpr std::string_view kPartColumns = "id, sku, name, cost_cents, price_cents, stock, low_at, supplier";

Part read_part(const Statement& row) {
  return Part{row.integer("id"),          row.text("sku"),      row.text("name"),      row.integer("cost_cents"),
              row.integer("price_cents"), row.integer("stock"), row.integer("low_at"), row.text("supplier")};
}

constexpr std::string_view kOrderSelect =
    "SELECT o.id, o.case_id, c.code, p.sku, p.name, o.quantity, o.supplier, o.reference, o.expected_on, o.ordered_at, "
    "o.arrived_at, o.cancelled_at, o.cancel_reason FROM part_orders o JOIN parts p ON p.id = o.part_id JOIN cases c ON "
    "c.id = o.case_id ";

PartOrder read_order(const Statement& row) {
  PartOrder order;
  order.id = row.get_int(0);
  order.case_id = row.get_int(1);
  order.case_code = row.get_text(2);
  order.sku = row.get_text(3);
  order.part_name = row.get_text(4);
  order.quantity = row.get_int(5);
  order.supplier = row.get_text(6);
  order.reference = row.get_text(7);
  order.expected_on = parse_date(row.get_text(8)).value_or(Date{});
  order.ordered_at = parse_instant(row.get_text(9)).value_or(Instant{});
  if (auto arrived = row.get_optional_text(10)) order.arrived_at = parse_instant(*arrived);
  if (auto cancelled = row.get_optional_text(11)) order.cancelled_at = parse_instant(*cancelled);
  order.cancel_reason = row.get_text(12);
  return order;
}

std::vector<PartOrder> read_orders(Statement& stmt) {
  std::vector<PartOrder> orders;
  while (stmt.step()) orders.push_back(read_order(stmt));
  return orders;
}

}  // namespace

std::optional<Part> find_part_by_sku(Database& db, std::string_view sku) {
  Statement stmt = db.prepare(std::string("SELECT ").append(kPartColumns).append(" FROM parts WHERE sku = ?1"));
  if (!stmt.bind(1, sku).step()) return std::nullopt;
  return read_part(stmt);
}

std::vector<Part> list_parts(Database& db, bool low_only) {
  Statement stmt = db.prepare(
      std::string("SELECT ").append(kPartColumns).append(" FROM parts WHERE ?1 = 0 OR stock <= low_at ORDER BY sku"));
  stmt.bind(1, low_only);
  std::vector<Part> parts;
  while (stmt.step()) parts.push_back(read_part(stmt));
  return parts;
}

bool take_from_stock(Database& db, std::int64_t part_id, std::int64_t quantity) {
  return db.prepare("UPDATE parts SET stock = stock - ?2 WHERE id = ?1 AND stock >= ?2")
             .bind_all(part_id, quantity)
             .run() == 1;
}

void add_to_stock(Database& db, std::int64_t part_id, std::int64_t quantity) {
  db.prepare("UPDATE parts SET stock = stock + ?2 WHERE id = ?1").bind_all(part_id, quantity).run();
}

void insert_part_use(Database& db, const PartUse& use) {
  std::string at = format_instant(use.at);
  db.prepare(
        "INSERT INTO part_uses (case_id, part_id, quantity, unit_cost_cents, unit_price_cents, used_at, actor) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind_all(use.case_id, use.part->id, use.quantity, use.part->cost_cents, use.part->price_cents, at, use.actor)
      .run();
}

std::int64_t net_part_used(Database& db, std::int64_t case_id, std::int64_t part_id) {
  Statement stmt = db.prepare("SELECT coalesce(sum(quantity), 0) FROM part_uses WHERE case_id = ?1 AND part_id = ?2");
  stmt.bind_all(case_id, part_id);
  stmt.step();
  return stmt.get_int(0);
}

std::vector<UsedPart> load_parts_used(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(
      "SELECT p.sku, p.name, u.quantity, u.unit_price_cents FROM part_uses u JOIN parts p ON p.id = u.part_id "
      "WHERE u.case_id = ?1 ORDER BY u.id");
  stmt.bind(1, case_id);
  std::vector<UsedPart> used;
  while (stmt.step()) used.push_back({stmt.get_text(0), stmt.get_text(1), stmt.get_int(2), stmt.get_int(3)});
  return used;
}

bool order_reference_taken(Database& db, std::string_view reference) {
  return db.prepare("SELECT 1 FROM part_orders WHERE reference = ?1").bind(1, reference).step();
}

void insert_part_order(Database& db, const PartOrder& order, std::int64_t part_id, std::string_view actor) {
  std::string expected = format_date(order.expected_on), ordered = format_instant(order.ordered_at);
  db.prepare(
        "INSERT INTO part_orders (case_id, part_id, quantity, supplier, reference, expected_on, ordered_at, actor) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind_all(order.case_id, part_id, order.quantity, order.supplier, order.reference, expected, ordered, actor)
      .run();
}

std::optional<PartOrder> find_order_by_reference(Database& db, std::string_view reference) {
  Statement stmt = db.prepare(std::string(kOrderSelect).append("WHERE o.reference = ?1"));
  if (!stmt.bind(1, reference).step()) return std::nullopt;
  return read_order(stmt);
}

std::vector<PartOrder> waiting_orders_for_part(Database& db, std::int64_t part_id) {
  Statement stmt =
      db.prepare(std::string(kOrderSelect)
                     .append("WHERE o.part_id = ?1 AND o.arrived_at IS NULL AND o.cancelled_at IS NULL ORDER BY o.id"));
  stmt.bind(1, part_id);
  return read_orders(stmt);
}

void mark_order_arrived(Database& db, std::int64_t order_id, Instant at) {
  std::string when = format_instant(at);
  db.prepare("UPDATE part_orders SET arrived_at = ?2 WHERE id = ?1").bind_all(order_id, when).run();
}

void mark_order_cancelled(Database& db, std::int64_t order_id, Instant at, std::string_view reason) {
  std::string when = format_instant(at);
  db.prepare("UPDATE part_orders SET cancelled_at = ?2, cancel_reason = ?3 WHERE id = ?1")
      .bind_all(order_id, when, reason)
      .run();
}

void reduce_order_to(Database& db, std::int64_t order_id, std::int64_t still_to_come) {
  db.prepare("UPDATE part_orders SET quantity = ?2 WHERE id = ?1").bind_all(order_id, still_to_come).run();
}

std::optional<Date> part_expected_on(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(
      "SELECT max(expected_on) FROM part_orders WHERE case_id = ?1 AND arrived_at IS NULL AND cancelled_at IS NULL");
  stmt.bind(1, case_id);
  if (!stmt.step()) return std::nullopt;
  auto text = stmt.get_optional_text(0);
  return text ? parse_date(*text) : std::nullopt;
}

std::optional<Date> latest_part_expected_on(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare("SELECT max(expected_on) FROM part_orders WHERE case_id = ?1 AND cancelled_at IS NULL");
  stmt.bind(1, case_id);
  if (!stmt.step()) return std::nullopt;
  auto text = stmt.get_optional_text(0);
  return text ? parse_date(*text) : std::nullopt;
}

std::vector<PartOrder> load_part_orders(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(std::string(kOrderSelect).append("WHERE o.case_id = ?1 ORDER BY o.id"));
  stmt.bind(1, case_id);
  return read_orders(stmt);
}

}  // namespace aftersales
