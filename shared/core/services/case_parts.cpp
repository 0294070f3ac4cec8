// Parts on a repair: using one from stock, a special order, and its arrival (case_service.h).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <sstream>

#include "core/base/csv_reader.h"
#include "core/base/text.h"
#include "core/notify/outbox.h"
#include "core/services/case_service.h"
#include "core/storage/database.h"
#include "core/storage/parts_store.h"

namespace aftersales {
namespace {

Result<Part> known_part(Database& db, std::string_view sku) {
  std::string wanted = trim(sku);
  if (auto part = find_part_by_sku(db, wanted)) return *part;
  return fail(
      ErrorKind::not_found,
      fmt::format("There is no part {} in the parts list. Check the SKU, or import it with `parts import`.", wanted),
      "sku");
}

Result<PartOrder> known_order(Database& db, std::string_view reference) {
  if (auto order = find_order_by_reference(db, reference)) return *order;
  return fail(ErrorKind::not_found, fmt::format("There is no part order with the reference {}.", reference),
              "reference");
}

Result<void> check_open_repair(const Case& c) {
  if (c.kind != CaseKind::repair) return fail(ErrorKind::refused, "Only repairs use parts.", "code");
  if (!c.is_open())
    return fail(ErrorKind::refused,
                fmt::format("This repair is closed ({}); it needs no more parts.", staff_status_label(c.status)),
                "status");
  return {};
}

// Inside the caller's transaction: a part taken for the case (a negative quantity: put back), its
// event on the timeline, and the case touched.
void record_part_move(Database& db, Case& c, const Part& part, std::int64_t quantity, Instant now,
                      std::string_view actor) {
  insert_part_use(db, PartUse{c.id, &part, quantity, now, actor});
  insert_case_event(db, c.id,
                    CaseEvent{.at = now,
                              .actor = std::string(actor),
                              .kind = quantity > 0 ? EventKind::part_used : EventKind::part_put_back,
                              .details = {.sku = part.sku, .part = part.name, .quantity = std::abs(quantity)}});
  c.updated_at = now;
  update_case_progress(db, c);
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty()) return std::nullopt;
  for (char ch : text) {
    if (ch < '0' || ch > '9' || value > kMaxPartQuantity * 10) return std::nullopt;
    value = value * 10 + (ch - '0');
  }
  return value;
}

// The columns of a supplier's arrivals file, by name, in any order.
class ArrivalColumns {
 public:
  explicit ArrivalColumns(const std::vector<std::string>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      std::string name = to_lower_ascii(trim(header[i]));
      if (i == 0 && name.starts_with("\xEF\xBB\xBF")) name.erase(0, 3);  // UTF-8 byte-order mark
      index_[name] = i;
    }
  }
  bool has(const std::string& name) const { return index_.contains(name); }
  std::string get(const std::vector<std::string>& row, const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() || it->second >= row.size() ? std::string() : trim(row[it->second]);
  }

 private:
  std::map<std::string, std::size_t> index_;
};

Result<ArrivalColumns> arrival_columns(const std::vector<std::string>& header) {
  ArrivalColumns columns(header);
  if (!columns.has("quantity") || (!columns.has("reference") && !columns.has("sku")))
    return fail(ErrorKind::invalid_input,
                "line 1: the header needs the columns reference,quantity (or sku,quantity for a delivery that names "
                "no order)");
  return columns;
}

}  // namespace

Result<Case> CaseService::use_part(std::string_view code, std::string_view sku, std::int64_t quantity,
                                   std::string_view actor) {
  if (auto ok = check_part_quantity(quantity); !ok) return std::unexpected(ok.error());
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (auto ok = check_part_use(c->kind, c->status); !ok) return std::unexpected(ok.error());
    auto part = known_part(db_, sku);
    if (!part) return std::unexpected(part.error());
    if (auto ok = check_stock(*part, quantity); !ok) return std::unexpected(ok.error());
    // The read above and this update are one transaction; the update's own condition keeps the
    // stock from going below zero even so.
    if (!take_from_stock(db_, part->id, quantity)) {
      auto now_there = known_part(db_, sku);
      if (!now_there) return std::unexpected(now_there.error());
      return std::unexpected(check_stock(*now_there, quantity).error());
    }
    record_part_move(db_, *c, *part, quantity, clock_(), actor);
    tx.commit();
    return c;
  });
}

Result<Case> CaseService::put_back_part(std::string_view code, std::string_view sku, std::int64_t quantity,
                                        std::string_view actor) {
  if (auto ok = check_part_quantity(quantity); !ok) return std::unexpected(ok.error());
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (c->kind != CaseKind::repair) return fail(ErrorKind::refused, "Only repairs use parts.", "code");
    auto part = known_part(db_, sku);
    if (!part) return std::unexpected(part.error());
    std::int64_t used = net_part_used(db_, c->id, part->id);
    if (used < quantity)
      return fail(
          ErrorKind::refused,
          fmt::format("This repair used {} of {} ({}); {} cannot go back.", used, part->sku, part->name, quantity),
          "quantity");
    add_to_stock(db_, part->id, quantity);
    record_part_move(db_, *c, *part, -quantity, clock_(), actor);
    tx.commit();
    return c;
  });
}

Result<PartOrder> CaseService::order_part(std::string_view code, const PartOrderDraft& draft, std::string_view actor) {
  if (auto ok = check_order_draft(draft); !ok) return std::unexpected(ok.error());
  return storage_guard<PartOrder>([&]() -> Result<PartOrder> {
    Instant now = clock_();
    auto expected = parse_expected_date(draft.expected, config_.time_zone.local_date(now));
    if (!expected) return std::unexpected(expected.error());
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    if (auto ok = check_open_repair(*c); !ok) return std::unexpected(ok.error());
    if (c->status == CaseStatus::awaiting_approval && c->estimate_state == "pending")
      return fail(ErrorKind::refused,
                  "The customer has not decided on the estimate yet. Record their decision first, then order the part.",
                  "status");
    auto part = known_part(db_, draft.sku);
    if (!part) return std::unexpected(part.error());
    PartOrder order{.case_id = c->id,
                    .case_code = c->code,
                    .sku = part->sku,
                    .part_name = part->name,
                    .quantity = draft.quantity,
                    .supplier = trim(draft.supplier).empty() ? part->supplier : trim(draft.supplier),
                    .reference = trim(draft.reference),
                    .expected_on = *expected,
                    .ordered_at = now};
    if (order.supplier.empty())
      return fail(ErrorKind::invalid_input,
                  fmt::format("Say which supplier the part is ordered from (--supplier): the parts list names none "
                              "for {}.",
                              part->sku),
                  "supplier");
    if (order_reference_taken(db_, order.reference))
      return fail(
          ErrorKind::conflict,
          fmt::format("The order reference {} is already recorded. Each order has its own reference.", order.reference),
          "reference");
    auto awaited = part_expected_on(db_, c->id);
    Instant promised_before = c->promised_at(now);
    CaseStatus from = c->status;
    if (from != CaseStatus::awaiting_parts) {
      if (auto moved = transition(*c, CaseStatus::awaiting_parts, "", now); !moved)
        return std::unexpected(moved.error());
    }
    promise_by_part(*c, promised_before, awaited, *expected, now);
    insert_part_order(db_, order, part->id, actor);
    update_case_progress(db_, *c);
    CaseEvent ordered{.at = now,
                      .actor = std::string(actor),
                      .kind = EventKind::part_ordered,
                      .customer_visible = true,
                      .details = {.sku = part->sku,
                                  .part = part->name,
                                  .quantity = order.quantity,
                                  .reference = order.reference,
                                  .supplier = order.supplier,
                                  .expected_on = format_date(*expected)}};
    if (from != c->status) {
      ordered.from = from;
      ordered.to = c->status;
    }
    insert_case_event(db_, c->id, ordered);
    tx.commit();
    return order;
  });
}

void CaseService::promise_by_part(Case& c, Instant promised_before, std::optional<Date> awaited, Date expected,
                                  Instant now) const {
  // What the repair had left to do, measured from the part already awaited (if one is), else now.
  Instant waiting_from = awaited ? end_of_day(*awaited) : now;
  auto work_left = std::max(promised_before - waiting_from, std::chrono::seconds{0});
  c.due_at = end_of_day(awaited ? std::max(*awaited, expected) : expected) + work_left;
  c.paused_since.reset();  // the promise follows the supplier's day, not the clock
}

Result<PartArrival> CaseService::receive_ordered_part(const PartOrder& order, std::int64_t quantity,
                                                      std::string_view actor, Instant now) {
  if (order.cancelled_at)
    return fail(ErrorKind::conflict,
                fmt::format("The order {} was cancelled on {}. If the part came anyway, record it by its SKU in a "
                            "supplier's file (parts arrived --file) to put it in stock.",
                            order.reference, format_date(config_.time_zone.local_date(*order.cancelled_at))),
                "reference");
  if (order.arrived_at)
    return fail(ErrorKind::conflict,
                fmt::format("The order {} already arrived, on {}.", order.reference,
                            format_date(config_.time_zone.local_date(*order.arrived_at))),
                "reference");
  auto part = find_part_by_sku(db_, order.sku);
  if (!part) return fail(ErrorKind::not_found, fmt::format("The part {} is no longer in the list.", order.sku), "sku");
  add_to_stock(db_, part->id, quantity);
  PartArrival arrival{.order = order, .quantity = quantity};
  // Fewer than ordered: the order waits for the rest (its quantity is what is still to come).
  arrival.still_to_come = std::max<std::int64_t>(order.quantity - quantity, 0);
  if (arrival.still_to_come > 0) {
    reduce_order_to(db_, order.id, arrival.still_to_come);
    arrival.order.quantity = arrival.still_to_come;
  } else {
    mark_order_arrived(db_, order.id, now);
    arrival.order.arrived_at = now;
  }
  auto c = load_for_change(order.case_code);
  if (!c) return std::unexpected(c.error());
  CaseStatus from = c->status;
  bool waits_for_more = part_expected_on(db_, c->id).has_value();
  if (c->status == CaseStatus::awaiting_parts && !waits_for_more) {
    // A part later than the day the promise was set from moves the promise with it.
    auto awaited = latest_part_expected_on(db_, c->id);
    if (awaited && now > end_of_day(*awaited)) c->due_at += now - end_of_day(*awaited);
    if (auto moved = transition(*c, CaseStatus::repairing, "", now); !moved) return std::unexpected(moved.error());
    arrival.moved_on = true;
  }
  c->updated_at = now;
  update_case_progress(db_, *c);
  // Part of an order is the counter's business; the customer hears when the repair can go on.
  CaseEvent arrived{
      .at = now,
      .actor = std::string(actor),
      .kind = EventKind::part_arrived,
      .note = arrival.still_to_come > 0 ? fmt::format("{} more to come", arrival.still_to_come) : std::string(),
      .customer_visible = arrival.still_to_come == 0,
      .details = {.sku = order.sku, .part = order.part_name, .quantity = quantity, .reference = order.reference}};
  if (arrival.moved_on) {
    arrived.from = from;
    arrived.to = c->status;
    queue_part_arrived_notice(db_, config_, *c, order.part_name, now);
  }
  insert_case_event(db_, c->id, arrived);
  arrival.repair = *c;
  return arrival;
}

Result<PartArrival> CaseService::record_part_arrival(std::string_view reference, std::optional<std::int64_t> quantity,
                                                     std::string_view actor) {
  if (quantity) {
    if (auto ok = check_part_quantity(*quantity); !ok) return std::unexpected(ok.error());
  }
  std::string ref = trim(reference);
  return storage_guard<PartArrival>([&]() -> Result<PartArrival> {
    WriteTransaction tx(db_);
    auto order = known_order(db_, ref);
    if (!order) return std::unexpected(order.error());
    auto arrival = receive_ordered_part(*order, quantity.value_or(order->quantity), actor, clock_());
    if (arrival) tx.commit();
    return arrival;
  });
}

Result<PartOrder> CaseService::cancel_part_order(std::string_view reference, std::string_view reason,
                                                 std::string_view actor) {
  std::string why = trim(reason);
  if (why.empty())
    return fail(ErrorKind::invalid_input, "Say why the order is cancelled (--reason): the supplier cannot deliver, ...",
                "reason");
  if (why.size() > kMaxCancelReason)
    return fail(ErrorKind::invalid_input, fmt::format("Keep the reason under {} characters.", kMaxCancelReason),
                "reason");
  std::string ref = trim(reference);
  return storage_guard<PartOrder>([&]() -> Result<PartOrder> {
    WriteTransaction tx(db_);
    auto order = known_order(db_, ref);
    if (!order) return std::unexpected(order.error());
    Instant now = clock_();
    if (order->arrived_at)
      return fail(ErrorKind::conflict,
                  fmt::format("The order {} already arrived, on {}: there is nothing to cancel.", ref,
                              format_date(config_.time_zone.local_date(*order->arrived_at))),
                  "reference");
    if (order->cancelled_at)
      return fail(ErrorKind::conflict,
                  fmt::format("The order {} was already cancelled, on {}.", ref,
                              format_date(config_.time_zone.local_date(*order->cancelled_at))),
                  "reference");
    auto c = load_for_change(order->case_code);
    if (!c) return std::unexpected(c.error());
    if (!c->is_open())
      return fail(ErrorKind::refused,
                  fmt::format("The repair {} is closed: its order {} no longer matters to it.", c->code, ref), "code");
    auto awaited_before = part_expected_on(db_, c->id);
    mark_order_cancelled(db_, order->id, now, why);
    order->cancelled_at = now;
    order->cancel_reason = why;
    release_promise_of_order(*c, awaited_before, now);
    c->updated_at = now;
    update_case_progress(db_, *c);
    insert_case_event(db_, c->id,
                      CaseEvent{.at = now,
                                .actor = std::string(actor),
                                .kind = EventKind::part_order_cancelled,
                                .note = why,
                                .details = {.sku = order->sku,
                                            .part = order->part_name,
                                            .quantity = order->quantity,
                                            .reference = order->reference,
                                            .supplier = order->supplier}});
    tx.commit();
    return *order;
  });
}

// The cancelled order no longer holds the promise: it follows the parts still on order, or, with
// none left, the time the repair had left from now; a repair waiting for parts then waits with its
// clock paused, as without an order.
void CaseService::release_promise_of_order(Case& c, std::optional<Date> awaited_before, Instant now) const {
  if (!awaited_before) return;
  auto work_left = std::max(c.due_at - end_of_day(*awaited_before), std::chrono::seconds{0});
  if (auto awaited_after = part_expected_on(db_, c.id)) {
    c.due_at = end_of_day(*awaited_after) + work_left;
    return;
  }
  c.due_at = now + work_left;
  if (c.status == CaseStatus::awaiting_parts) c.paused_since = now;
}

Result<void> CaseService::record_arrival_row(const ArrivalRow& row, std::string_view actor, Instant now,
                                             ArrivalsReport& report) {
  auto quantity = whole_number(row.quantity);
  if (!quantity || *quantity < 1 || *quantity > kMaxPartQuantity)
    return fail(ErrorKind::invalid_input,
                fmt::format("quantity '{}' must be a whole number from 1 to {}", row.quantity, kMaxPartQuantity));
  if (!row.reference.empty()) {
    auto order = find_order_by_reference(db_, row.reference);
    if (!order) return fail(ErrorKind::not_found, fmt::format("no part order has the reference '{}'", row.reference));
    if (!row.sku.empty() && row.sku != order->sku)
      return fail(ErrorKind::invalid_input,
                  fmt::format("the order {} is for {}, not {}", row.reference, order->sku, row.sku));
    auto arrival = receive_ordered_part(*order, *quantity, actor, now);
    if (!arrival) return std::unexpected(arrival.error());
    report.arrivals.push_back(*arrival);
    return {};
  }
  if (row.sku.empty()) return fail(ErrorKind::invalid_input, "the row names neither an order reference nor a SKU");
  auto part = find_part_by_sku(db_, row.sku);
  if (!part) return fail(ErrorKind::not_found, fmt::format("unknown part SKU '{}': import the parts first", row.sku));
  // A delivery that names no order: the part's waiting orders it covers, oldest first; the rest to stock.
  std::int64_t left = *quantity;
  for (const PartOrder& order : waiting_orders_for_part(db_, part->id)) {
    if (left == 0) break;
    std::int64_t taken = std::min(order.quantity, left);  // the oldest order may get part of what it waits for
    auto arrival = receive_ordered_part(order, taken, actor, now);
    if (!arrival) return std::unexpected(arrival.error());
    left -= taken;
    report.arrivals.push_back(*arrival);
  }
  if (left > 0) add_to_stock(db_, part->id, left);
  report.to_stock += left;
  return {};
}

Result<ArrivalsReport> CaseService::record_part_arrivals(std::istream& csv, std::string_view actor) {
  // Read whole first: storage_guard may run the body again after a PostgreSQL conflict.
  std::string text{std::istreambuf_iterator<char>(csv), std::istreambuf_iterator<char>()};
  if (csv.bad()) return fail(ErrorKind::io, "The file could not be read to the end; nothing was recorded.");
  return storage_guard<ArrivalsReport>([&]() -> Result<ArrivalsReport> {
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<std::string> row;
    if (!reader.next(row)) return fail(ErrorKind::invalid_input, "The file is empty: it needs a header row.");
    auto columns = arrival_columns(row);
    if (!columns) return std::unexpected(columns.error());
    WriteTransaction tx(db_);
    Instant now = clock_();
    ArrivalsReport report;
    while (reader.next(row)) {
      if (row.size() == 1 && trim(row[0]).empty()) continue;
      ++report.rows;
      ArrivalRow arrival{columns->get(row, "reference"), columns->get(row, "sku"), columns->get(row, "quantity")};
      if (auto recorded = record_arrival_row(arrival, actor, now, report); !recorded)
        report.errors.push_back({reader.record_line(), recorded.error().message});
    }
    if (!reader.error().empty()) report.errors.push_back({reader.record_line(), reader.error()});
    if (report.committed()) tx.commit();  // else nothing of the file is kept
    return report;
  });
}

Result<std::optional<Date>> CaseService::part_expected_by(std::int64_t case_id) {
  return storage_guard<std::optional<Date>>(
      [&]() -> Result<std::optional<Date>> { return part_expected_on(db_, case_id); });
}

}  // namespace aftersales
