#include "core/services/case_transfer.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/base/text.h"
#include "core/notify/outbox.h"
#include "core/services/case_service.h"
#include "core/storage/case_store.h"
#include "core/storage/chain.h"
#include "core/storage/database.h"
#include "core/storage/loaners_store.h"
#include "core/storage/parts_store.h"
#include "core/storage/payments_store.h"

namespace aftersales {
namespace {

using nlohmann::json;

constexpr int kSnapshotVersion = 1;

json optional_json(const auto& value) {
  return value ? json(*value) : json(nullptr);
}

json case_json(const Case& c) {
  return {{"code", c.code},
          {"token", c.token},
          {"kind", to_string(c.kind)},
          {"created_at", format_instant(c.created_at)},
          {"due_at", format_instant(c.due_at)},
          {"product_id", optional_json(c.product_id)},
          {"product_name", c.product_name},
          {"serial", optional_json(c.serial)},
          {"sale_line_id", optional_json(c.sale_line_id)},
          {"warranty", to_string(c.warranty)},
          {"customer_name", c.customer_name},
          {"customer_phone", c.customer_phone},
          {"customer_email", c.customer_email},
          {"notify_consent", c.notify_consent},
          {"customer_language", c.customer_language},
          {"problem", c.problem},
          {"problem_category", c.problem_category},
          {"accessories", c.accessories},
          {"condition_notes", c.condition_notes},
          {"diagnostic_fee_cents", c.diagnostic_fee_cents},
          {"signature_strokes", c.signature_strokes},
          {"was_repaired", c.was_repaired},
          {"estimate_state", c.estimate_state},
          {"diagnosis", c.diagnosis}};
}

json event_json(const CaseEvent& e) {
  return {{"at", format_instant(e.at)},
          {"actor", e.actor},
          {"kind", to_string(e.kind)},
          {"from", e.from ? json(to_string(*e.from)) : json(nullptr)},
          {"to", e.to ? json(to_string(*e.to)) : json(nullptr)},
          {"note", e.note},
          {"customer_visible", e.customer_visible},
          {"details", event_details_json(e.details)}};
}

// Reading: every field checked for its type, so a damaged snapshot is refused, never half used.
std::string text_at(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) throw std::invalid_argument(key);
  return j[key].get<std::string>();
}
std::optional<std::string> optional_text_at(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return text_at(j, key);
}
std::int64_t integer_at(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number_integer()) throw std::invalid_argument(key);
  return j[key].get<std::int64_t>();
}
std::optional<std::int64_t> optional_integer_at(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return integer_at(j, key);
}
bool flag_at(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_boolean()) throw std::invalid_argument(key);
  return j[key].get<bool>();
}
Instant instant_at(const json& j, const char* key) {
  auto at = parse_instant(text_at(j, key));
  if (!at) throw std::invalid_argument(key);
  return *at;
}

Case read_case(const json& j) {
  Case c;
  c.code = text_at(j, "code");
  c.token = text_at(j, "token");
  c.kind = parse_case_kind(text_at(j, "kind")).value_or(CaseKind::return_item);
  c.created_at = instant_at(j, "created_at");
  c.due_at = instant_at(j, "due_at");
  c.product_id = optional_integer_at(j, "product_id");
  c.product_name = text_at(j, "product_name");
  c.serial = optional_text_at(j, "serial");
  c.sale_line_id = optional_integer_at(j, "sale_line_id");
  c.warranty = parse_coverage_status(text_at(j, "warranty")).value_or(CoverageStatus::unknown_serial);
  c.customer_name = text_at(j, "customer_name");
  c.customer_phone = text_at(j, "customer_phone");
  c.customer_email = text_at(j, "customer_email");
  c.notify_consent = flag_at(j, "notify_consent");
  c.customer_language = text_at(j, "customer_language");
  c.problem = text_at(j, "problem");
  c.problem_category = text_at(j, "problem_category");
  c.accessories = text_at(j, "accessories");
  c.condition_notes = text_at(j, "condition_notes");
  c.diagnostic_fee_cents = integer_at(j, "diagnostic_fee_cents");
  c.signature_strokes = text_at(j, "signature_strokes");
  c.was_repaired = flag_at(j, "was_repaired");
  c.estimate_state = text_at(j, "estimate_state");
  c.diagnosis = text_at(j, "diagnosis");
  return c;
}

CaseEvent read_event(const json& j) {
  CaseEvent e;
  e.at = instant_at(j, "at");
  e.actor = text_at(j, "actor");
  e.kind = parse_event_kind(text_at(j, "kind")).value_or(EventKind::note);
  if (auto from = optional_text_at(j, "from")) e.from = parse_case_status(*from);
  if (auto to = optional_text_at(j, "to")) e.to = parse_case_status(*to);
  e.note = text_at(j, "note");
  e.customer_visible = flag_at(j, "customer_visible");
  e.details = parse_event_details(text_at(j, "details"));
  return e;
}

EstimateLine read_line(const json& j) {
  EstimateLine line;
  line.kind = text_at(j, "kind");
  line.description = text_at(j, "description");
  line.quantity = static_cast<int>(integer_at(j, "quantity"));
  line.unit_cents = integer_at(j, "unit_cents");
  // As record_estimate checks them: a line the database would refuse must not stop the queue.
  if ((line.kind != "part" && line.kind != "labour") || line.quantity < 1 || line.unit_cents < 0)
    throw std::invalid_argument("estimate line");
  return line;
}

const json& array_at(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_array()) throw std::invalid_argument(key);
  return j[key];
}

TransferRecord read_record(const Statement& row) {
  return {row.integer("case_id"), row.text("from_store"), row.text("to_store"), row.text("snapshot")};
}

}  // namespace

std::string transfer_snapshot(const TransferredCase& t) {
  json events = json::array();
  for (const CaseEvent& e : t.events) events.push_back(event_json(e));
  json lines = json::array();
  for (const EstimateLine& l : t.estimate)
    lines.push_back(
        {{"kind", l.kind}, {"description", l.description}, {"quantity", l.quantity}, {"unit_cents", l.unit_cents}});
  return json{{"version", kSnapshotVersion},
              {"case", case_json(t.c)},
              {"events", events},
              {"estimate", lines},
              {"estimate_explanation", t.estimate_explanation},
              {"paid_cents", t.paid_cents}}
      .dump();
}

Result<TransferredCase> parse_transfer_snapshot(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  auto unreadable = [](std::string_view what) {
    return fail(ErrorKind::invalid_input, fmt::format("The transfer's record cannot be read ({}).", what));
  };
  if (!j.is_object()) return unreadable("not JSON");
  try {
    if (integer_at(j, "version") != kSnapshotVersion) return unreadable("another version");
    if (!j.contains("case") || !j["case"].is_object()) return unreadable("case");
    TransferredCase t;
    t.c = read_case(j["case"]);
    if (t.c.kind != CaseKind::repair) return unreadable("not a repair");
    for (const json& e : array_at(j, "events")) t.events.push_back(read_event(e));
    for (const json& l : array_at(j, "estimate")) t.estimate.push_back(read_line(l));
    t.estimate_explanation = text_at(j, "estimate_explanation");
    // Absent from a snapshot written before money was recorded here: nothing was.
    t.paid_cents = optional_integer_at(j, "paid_cents").value_or(0);
    if (t.paid_cents < 0 || t.paid_cents > kMaxPaymentCents) return unreadable("paid_cents");
    return t;
  } catch (const std::exception& e) {  // a field missing or of the wrong type
    return unreadable(e.what());
  }
}

Result<Case> CaseService::transfer(std::string_view code, std::string_view to_store, std::string_view actor,
                                   std::string_view note) {
  std::string why = trim(note);
  if (why.size() > kMaxCaseworkText)
    return fail(ErrorKind::invalid_input, fmt::format("Notes are limited to {} characters.", kMaxCaseworkText), "note");
  auto destination = parse_store_id(to_store);
  if (!destination) return std::unexpected(destination.error());
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    ChainMembership self = chain_membership(db_);
    if (self.role != ChainRole::store)
      return fail(ErrorKind::refused, "Transfers need a chain of stores: this store is not in one.", "store");
    if (*destination == self.store_id)
      return fail(ErrorKind::invalid_input, fmt::format("This case is already at store {}.", self.store_id), "store");
    Statement known = db_.prepare("SELECT 1 FROM chain_stores WHERE store_id = ?1");
    if (!known.bind(1, *destination).step())
      return fail(ErrorKind::not_found, fmt::format("There is no store {} in the chain.", *destination), "store");
    auto c = load_for_change(code);
    if (!c) return c;
    if (auto allowed = check_transfer(c->kind, c->status, c->estimate_state); !allowed)
      return std::unexpected(allowed.error());
    // The order is this store's, with its supplier: the part would arrive where the repair no longer is.
    for (const PartOrder& order : load_part_orders(db_, c->id))
      if (order.waiting())
        return fail(ErrorKind::refused,
                    fmt::format("The part {} is on order for this repair here ({}). Record its arrival or cancel the "
                                "order before the transfer, or keep the repair at this store.",
                                order.part_name, order.reference),
                    "store");
    // A loaner belongs to this store's list: it comes back here before the repair goes elsewhere.
    if (auto loan = open_loan(db_, c->id))
      return fail(ErrorKind::refused,
                  fmt::format("Loaner {} ({}) is out with this repair. Take it back before transferring it: loaners "
                              "stay with their store.",
                              loan->tag, loan->description),
                  "loaner");
    Instant now = clock_();
    CaseStatus from = c->status;
    move_to(*c, CaseStatus::transferred, now);  // a paused clock resumes: the promise travels as it stands
    c->transferred_to = *destination;
    update_case_progress(db_, *c);
    // Not a progress column: the status server's role, which may change those, never sends a case away.
    db_.prepare("UPDATE cases SET transferred_to = ?2 WHERE id = ?1").bind_all(c->id, c->transferred_to).run();
    insert_case_event(db_, c->id,
                      CaseEvent{.at = now,
                                .actor = std::string(actor),
                                .kind = EventKind::status,
                                .from = from,
                                .to = CaseStatus::transferred,
                                .note = why,
                                .customer_visible = true,
                                .details = {.store = *destination}});
    TransferredCase leaving{*c, load_case_events(db_, c->id), load_estimate(db_, c->id),
                            load_estimate_explanation(db_, c->id),
                            std::max<std::int64_t>(load_net_paid(db_, c->id), 0)};
    std::string at = format_instant(now), snapshot = transfer_snapshot(leaving);
    db_.prepare("INSERT INTO case_transfers (case_id, to_store, transferred_at, snapshot) VALUES (?1, ?2, ?3, ?4)")
        .bind_all(c->id, *destination, at, snapshot)
        .run();
    tx.commit();
    return c;
  });
}

Result<Case> CaseService::receive_transfer(const TransferRecord& record, const AlsoWithCase& also) {
  auto parsed = parse_transfer_snapshot(record.snapshot);
  if (!parsed) return std::unexpected(parsed.error());
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    const Case& old = parsed->c;
    Statement earlier = db_.prepare("SELECT code FROM cases WHERE transferred_from = ?1");
    if (earlier.bind(1, old.code).step())
      return fail(ErrorKind::conflict, fmt::format("Case {} already carries this transfer on.", earlier.text("code")));
    Instant now = clock_();
    Case c = old;
    c.status = CaseStatus::checked_in;  // the unit is on its way here
    c.transferred_from = old.code;
    c.updated_at = now;
    if (c.estimate_state == "pending") c.estimate_state = "none";  // never sent while the customer decides
    if (auto written = write_with_code_and_token(c, {}); !written) return std::unexpected(written.error());
    update_case_progress(db_, c);
    for (CaseEvent e : parsed->events) {
      if (e.details.at_store.empty()) e.details.at_store = record.from_store;  // a second move keeps the first store
      insert_case_event(db_, c.id, e);
    }
    insert_case_event(db_, c.id,
                      CaseEvent{.at = now,
                                .actor = "transfer",
                                .kind = EventKind::opened,
                                .to = CaseStatus::checked_in,
                                .customer_visible = true,
                                .details = {.store = record.from_store, .case_code = old.code}});
    if (!parsed->estimate.empty()) replace_estimate(db_, c.id, parsed->estimate);
    if (!parsed->estimate_explanation.empty()) save_estimate_explanation(db_, c.id, parsed->estimate_explanation, now);
    if (parsed->paid_cents > 0) {
      PaymentDraft carried{.kind = PaymentKind::deposit,
                           .method = PaymentMethod::other,
                           .amount_cents = parsed->paid_cents,
                           .note = fmt::format("Paid at store {} before the transfer", record.from_store)};
      insert_payment(db_, c.id, carried, now, "transfer");
    }
    queue_transfer_notice(db_, config_, c, store_label(chain_stores(db_), record.to_store), now);
    if (also) also(db_, c);
    tx.commit();
    return c;
  });
}

Result<std::vector<std::string>> CaseTransfers::destinations() {
  return storage_guard<std::vector<std::string>>([&]() -> Result<std::vector<std::string>> {
    ChainMembership self = chain_membership(db_);
    std::vector<std::string> stores;
    if (self.role != ChainRole::store) return stores;
    Statement stmt = db_.prepare("SELECT store_id FROM chain_stores WHERE store_id <> ?1 ORDER BY store_id");
    stmt.bind(1, self.store_id);
    while (stmt.step()) stores.push_back(stmt.text("store_id"));
    return stores;
  });
}

void CaseTransfers::record(Database& db, std::int64_t transfer_id, std::optional<std::int64_t> case_id,
                           std::string_view outcome) {
  std::string now = format_instant(clock_());
  db.prepare("INSERT INTO transfers_applied (transfer_id, case_id, applied_at, outcome) VALUES (?1, ?2, ?3, ?4)")
      .bind_all(transfer_id, case_id, now, outcome)
      .run();
}

Result<AppliedTransfers> CaseTransfers::apply_waiting(CaseService& cases) {
  auto pending = storage_guard<std::vector<TransferRecord>>([&]() -> Result<std::vector<TransferRecord>> {
    ChainMembership self = chain_membership(db_);
    std::vector<TransferRecord> records;
    if (self.role != ChainRole::store) return records;
    Statement stmt = db_.prepare(
        "SELECT t.case_id, t.from_store, t.to_store, t.snapshot FROM chain_transfers t WHERE t.to_store = ?1 AND NOT "
        "EXISTS (SELECT 1 FROM transfers_applied a WHERE a.transfer_id = t.case_id) ORDER BY t.case_id");
    stmt.bind(1, self.store_id);
    while (stmt.step()) records.push_back(read_record(stmt));
    return records;
  });
  if (!pending) return std::unexpected(pending.error());
  AppliedTransfers report;
  for (const TransferRecord& transfer : *pending) {
    // A second try after a lost COMMIT must not open a second case: the record is part of the same commit.
    auto also = [&](Database& db, const Case& opened) { record(db, transfer.case_id, opened.id, "applied"); };
    auto received = cases.receive_transfer(transfer, also);
    if (received) {
      ++report.applied;
      continue;
    }
    if (received.error().kind == ErrorKind::storage) return std::unexpected(received.error());
    // Unreadable, or carried on already: say why, once, so it never blocks the others.
    auto recorded = storage_guard<void>([&]() -> Result<void> {
      WriteTransaction tx(db_);
      record(db_, transfer.case_id, std::nullopt, received.error().message);
      tx.commit();
      return {};
    });
    if (!recorded) return std::unexpected(recorded.error());
    ++report.refused;
  }
  return report;
}

Result<CaseWhereabouts> follow_transfers(Database& db, Case start) {
  return storage_guard<CaseWhereabouts>([&]() -> Result<CaseWhereabouts> {
    CaseWhereabouts where{std::move(start)};
    for (int hop = 0; hop < kMaxTransferHops && where.current.status == CaseStatus::transferred; ++hop) {
      where.moved_to = where.current.transferred_to;
      auto next = load_case_carrying_on(db, where.current.code);
      if (!next) {
        where.in_transit = true;
        break;
      }
      where.current = std::move(*next);
    }
    return where;
  });
}

}  // namespace aftersales
