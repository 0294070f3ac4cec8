#include "core/services/case_service.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/base/translation.h"
#include "core/base/utf8.h"
#include "core/domain/status_token.h"
#include "core/notify/outbox.h"
#include "core/services/reminders.h"
#include "core/services/return_controls.h"
#include "core/services/return_service.h"
#include "core/services/warranty_service.h"
#include "core/storage/chain.h"
#include "core/storage/database.h"
#include "core/storage/loaners_store.h"
#include "core/storage/parts_store.h"
#include "core/storage/return_controls_store.h"

namespace aftersales {
namespace {

constexpr int kMaxCodeAttempts = 20;

std::unexpected<Error> first_error(std::vector<Error> errors) {
  return std::unexpected(std::move(errors.front()));
}

// The estimate's lines with each part picked from the list named as the list names it (a line
// written without its own words); a SKU the list does not have is refused.
Result<std::vector<EstimateLine>> with_parts_named(Database& db, std::vector<EstimateLine> lines) {
  for (auto& line : lines) {
    if (line.sku.empty()) continue;
    line.sku = trim(line.sku);
    auto part = find_part_by_sku(db, line.sku);
    if (!part)
      return fail(ErrorKind::not_found,
                  fmt::format("There is no part {} in the parts list. Check the SKU, or write a free line.", line.sku),
                  "estimate");
    if (trim(line.description).empty()) line.description = part->name;
  }
  return lines;
}

}  // namespace

Instant CaseService::promise_for(CaseKind kind, CoverageStatus warranty, Instant opened) const {
  int days = kind == CaseKind::return_item ? config_.turnaround.return_days
             : is_covered(warranty)        ? config_.turnaround.repair_in_warranty_days
                                           : config_.turnaround.repair_out_of_warranty_days;
  // The customer is promised a day, not an hour: the promise holds until that day ends in the store.
  return end_of_day(add_days(config_.time_zone.local_date(opened), days));
}

Instant CaseService::end_of_day(Date day) const {
  return config_.time_zone.start_of(add_days(day, 1)) - std::chrono::seconds{1};
}

Result<Case> CaseService::open_repair(const RepairDraft& draft, std::string_view actor) {
  if (auto errors = validate(draft); !errors.empty()) return first_error(std::move(errors));
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    if (auto saved = saved_before(draft.token, CaseKind::repair)) return *saved;
    Instant now = clock_();
    WarrantyService warranty(db_, config_);
    Result<WarrantyInfo> info = draft.serial.empty()
                                    ? warranty.by_receipt_line(trim(draft.receipt_number), *draft.line_no, now)
                                    : warranty.by_serial(draft.serial, now);
    if (!info && info.error().kind != ErrorKind::not_found) return std::unexpected(info.error());
    if (!info && !draft.serial.empty() && trim(draft.product_description).empty())
      return fail(ErrorKind::invalid_input,
                  "We can't find this serial number in our sales. Please say what the product is (brand and model).",
                  "product");
    if (!info && draft.serial.empty()) return std::unexpected(info.error());

    Case c;
    c.kind = CaseKind::repair;
    c.status = initial_status(CaseKind::repair);
    c.created_at = c.updated_at = now;
    if (info) {
      c.product_id = info->line.product.id;
      c.product_name = info->line.product.display_name();
      c.serial = info->serial.empty() ? info->line.serial : info->serial;
      c.sale_line_id = info->line.sale_line_id;
      c.sold_by_store = info->line.store;
      c.sold_at = info->line.sold_at;
      c.warranty = info->verdict.status;
    } else {
      c.product_name = trim(draft.product_description);
      c.serial = normalize_serial(draft.serial);
      c.warranty = CoverageStatus::unknown_serial;
    }
    if (!is_covered(c.warranty)) {
      if (!draft.accepts_diagnostic_fee)
        return fail(ErrorKind::refused,
                    fmt::format("This item is not under warranty. A diagnostic fee of {} applies; please accept it "
                                "to continue.",
                                format_price(config_.warranty.diagnostic_fee_cents)),
                    "diagnostic_fee");
      c.diagnostic_fee_cents = config_.warranty.diagnostic_fee_cents;
    }
    c.customer_name = trim(draft.customer.name);
    c.customer_phone = trim(draft.customer.phone);
    c.customer_email = trim(draft.customer.email);
    c.notify_consent = draft.customer.notify_consent;
    if (auto lang = parse_language(draft.customer.language)) c.customer_language = language_code(*lang);
    c.problem = trim(draft.problem);
    c.problem_category = trim(draft.problem_category);
    c.accessories = trim(draft.accessories);
    c.condition_notes = trim(draft.condition_notes);
    c.signature_strokes = draft.signature_strokes;
    c.due_at = promise_for(c.kind, c.warranty, now);
    auto opened = insert_new(std::move(c), actor, "Checked in for repair", draft.token);
    if (opened && draft.wants_loaner)
      insert_case_event(db_, opened->id,
                        CaseEvent{.at = now, .actor = std::string(actor), .kind = EventKind::loaner_requested});
    if (opened && !draft.lend_loaner.empty()) {
      if (auto lent = lend_in_transaction(*opened, draft.lend_loaner, actor, now); !lent)
        return std::unexpected(lent.error());
    }
    if (opened) tx.commit();
    return opened;
  });
}

Result<Case> CaseService::open_return(const ReturnDraft& draft, std::string_view actor) {
  if (auto errors = validate(draft); !errors.empty()) return first_error(std::move(errors));
  return storage_guard<Case>([&]() -> Result<Case> {
    Instant now = clock_();
    ReturnService returns(db_, config_);
    // The policy is checked inside the write transaction, so two kiosks cannot return the same unit twice.
    WriteTransaction tx(db_);
    if (auto saved = saved_before(draft.token, CaseKind::return_item)) {
      // A save retried after its acknowledgment was lost: the shopper is told again what they were.
      if (*saved) (*saved)->handover = load_return_handover(db_, (*saved)->id);
      return *saved;
    }
    auto checked = returns.check(trim(draft.receipt_number), trim(draft.sku_or_serial), draft.quantity, draft.reason,
                                 draft.condition, now);
    if (!checked) return std::unexpected(checked.error());
    const ReturnDecision& decision = checked->decision;
    if (!decision.accepted()) return fail(ErrorKind::refused, decision.explanation, "item");

    const SoldLine& line = checked->line;
    auto holds = holds_for_return(db_, config_, line, draft, now);
    if (!holds) return std::unexpected(holds.error());
    Case c;
    c.kind = CaseKind::return_item;
    c.status = initial_status(CaseKind::return_item);
    c.created_at = c.updated_at = now;
    c.product_id = line.product.id;
    c.product_name = line.product.display_name();
    c.serial = line.serial;
    c.sale_line_id = line.sale_line_id;
    c.sold_by_store = line.store;
    c.sold_at = line.sold_at;
    CoverageFacts coverage{config_.time_zone.local_date(line.sold_at),
                           {line.product.warranty_months, line.product.warranty_lifetime},
                           {},
                           {}};
    if (line.plan) coverage.plan = CoverageTerm{line.plan->months, line.plan->lifetime};
    c.warranty = evaluate_coverage(coverage, config_.time_zone.local_date(now)).status;
    c.customer_name = trim(draft.customer.name);
    c.customer_phone = trim(draft.customer.phone);
    c.customer_email = trim(draft.customer.email);
    c.notify_consent = draft.customer.notify_consent;
    if (auto lang = parse_language(draft.customer.language)) c.customer_language = language_code(*lang);
    c.problem = trim(draft.details);
    c.return_quantity = draft.quantity;
    c.return_reason = draft.reason;
    c.return_condition = draft.condition;
    c.return_outcomes = decision.allowed;
    c.restocking_fee_cents = decision.restocking_fee_cents;
    c.due_at = promise_for(c.kind, c.warranty, now);
    auto opened = insert_new(std::move(c), actor, "Return requested: " + decision.explanation, draft.token);
    if (!opened) return opened;
    for (const ReturnHold& hold : *holds) insert_return_hold(db_, opened->id, hold);
    opened->handover = handover_for(*holds);
    tx.commit();
    return opened;
  });
}

std::optional<Result<Case>> CaseService::saved_before(std::string_view token, CaseKind kind) {
  if (token.empty()) return std::nullopt;
  auto canonical = normalize_status_token(token);
  if (!canonical || *canonical != token)
    return fail(ErrorKind::invalid_input, "The status token chosen for this check-in is not one.", "token");
  auto found = load_case_by_token(db_, token);
  if (!found) return std::nullopt;
  if (found->kind != kind)
    return fail(ErrorKind::invalid_input, "The status token chosen for this check-in belongs to another case.",
                "token");
  return *found;
}

// Gives the case a fresh code and token and writes it, inside the caller's write transaction
// (which makes the uniqueness checks race-free between processes). On SQLite the code and token
// are looked up first; on PostgreSQL the unique indexes refuse a taken one and another is drawn, so
// no writer reads the index pages the others are adding their cases to.
Result<void> CaseService::write_with_code_and_token(Case& c, std::string_view token) {
  int store_number = chain_store_number(db_);
  bool checked_first = db_.backend() == Backend::sqlite;
  for (int attempt = 0; attempt < kMaxCodeAttempts; ++attempt) {
    c.code = new_case_code(c.kind, store_number);
    if (checked_first && case_code_taken(db_, c.code)) continue;
    if (!token.empty()) {
      c.token = std::string(token);
    } else {
      do {
        c.token = new_status_token();
      } while (checked_first && status_token_taken(db_, c.token));
    }
    if (auto id = insert_case_if_free(db_, c)) {
      c.id = *id;
      return {};
    }
    // The caller's token taken by a check-in that committed meanwhile: again from the start,
    // which finds that case (saved_before).
    if (!token.empty() && status_token_taken(db_, token))
      throw StorageError(StorageError::Kind::conflict, "the status token was taken meanwhile");
  }
  return fail(ErrorKind::conflict, "Could not find a free case code; please try again.");
}

Result<Case> CaseService::insert_new(Case c, std::string_view actor, std::string note, std::string_view token) {
  if (auto written = write_with_code_and_token(c, token); !written) return std::unexpected(written.error());
  insert_case_event(
      db_, c.id,
      CaseEvent{0, c.created_at, std::string(actor), EventKind::opened, std::nullopt, c.status, std::move(note), true});
  return c;
}

Result<std::vector<StatusClock>> CaseService::status_clocks(const std::vector<Case>& cases) {
  return read_status_clocks(db_, cases, clock_(), config_.status_limits);
}

Result<Case> CaseService::find_by_code(std::string_view code) {
  auto canonical = parse_case_code(code);
  if (!canonical) return std::unexpected(canonical.error());
  return storage_guard<Case>([&]() -> Result<Case> {
    if (auto found = load_case_by_code(db_, *canonical)) return *found;
    return fail(ErrorKind::not_found,
                fmt::format("There is no case {}. Please check the code on your receipt.", *canonical), "code");
  });
}

Result<Case> CaseService::find_by_token(std::string_view token) {
  auto canonical = normalize_status_token(token);
  if (!canonical) return fail(ErrorKind::not_found, "No case matches this link.", "token");
  return storage_guard<Case>([&]() -> Result<Case> {
    if (auto found = load_case_by_token(db_, *canonical)) return *found;
    return fail(ErrorKind::not_found, "No case matches this link.", "token");
  });
}

Result<std::vector<CaseEvent>> CaseService::events(std::int64_t case_id) {
  return storage_guard<std::vector<CaseEvent>>(
      [&]() -> Result<std::vector<CaseEvent>> { return load_case_events(db_, case_id); });
}

Result<StoresAround> CaseService::stores_around() {
  return storage_guard<StoresAround>([&]() -> Result<StoresAround> {
    return StoresAround{chain_membership(db_).store_id, chain_stores(db_)};
  });
}

Result<std::vector<Case>> CaseService::list(const CaseFilter& filter) {
  return storage_guard<std::vector<Case>>(
      [&]() -> Result<std::vector<Case>> { return query_cases(db_, filter, clock_()); });
}

Result<Case> CaseService::load_for_change(std::string_view code) {
  auto canonical = parse_case_code(code);
  if (!canonical) return std::unexpected(canonical.error());
  if (auto found = load_case_by_code(db_, *canonical)) return *found;
  return fail(ErrorKind::not_found, fmt::format("There is no case {}.", *canonical), "code");
}

Result<void> CaseService::transition(Case& c, CaseStatus to, std::string_view reason, Instant at) {
  if (auto allowed = check_transition(c.kind, c.status, to, reason); !allowed) return allowed;
  // Picked up, or cancelled (the item goes back unrepaired): either way the loaner comes back first.
  if (c.kind == CaseKind::repair && (to == CaseStatus::completed || to == CaseStatus::cancelled)) {
    if (auto free = check_pickup(open_loan(db_, c.id)); !free) return free;
  }
  move_to(c, to, at);
  return {};
}

void CaseService::move_to(Case& c, CaseStatus to, Instant at) {
  bool was_paused = pauses_turnaround(c.status);
  bool will_pause = pauses_turnaround(to);
  if (was_paused && !will_pause && c.paused_since) {
    if (at > *c.paused_since) c.due_at += at - *c.paused_since;
    c.paused_since.reset();
  } else if (!was_paused && will_pause) {
    c.paused_since = at;
  }
  if (to == CaseStatus::repairing) c.was_repaired = true;
  if (is_final(to)) {
    c.closed_at = at;
    if (to == CaseStatus::completed && c.kind == CaseKind::repair && c.was_repaired)
      c.workmanship_until = add_days(config_.time_zone.local_date(at), config_.warranty.workmanship_days);
  }
  c.status = to;
  c.updated_at = at;
}

Result<Case> CaseService::advance(std::string_view code, CaseStatus to, const CaseChange& change) {
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (c->status == CaseStatus::awaiting_approval && c->estimate_state == "pending" && to != CaseStatus::cancelled &&
        transition_allowed(c->kind, c->status, to))
      return fail(ErrorKind::refused, "The customer has not decided on the estimate yet. Record their decision first.",
                  "status");
    CaseStatus from = c->status;
    Instant now = clock_();
    if (auto moved = transition(*c, to, change.note, now); !moved) return std::unexpected(moved.error());
    if (is_final(to) && !change.note.empty()) c->resolution = trim(change.note);
    update_case_progress(db_, *c);
    insert_case_event(
        db_, c->id,
        CaseEvent{0, now, change.actor, EventKind::status, from, to, trim(change.note), change.customer_visible});
    queue_customer_notice(db_, config_, *c, to, now);
    tx.commit();
    return c;
  });
}

Result<void> CaseService::add_note(std::string_view code, const CaseChange& change) {
  std::string note = trim(change.note);
  if (note.empty()) return fail(ErrorKind::invalid_input, "The note is empty.", "note");
  if (note.size() > kMaxCaseworkText)
    return fail(ErrorKind::invalid_input, fmt::format("Notes are limited to {} characters.", kMaxCaseworkText), "note");
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    Instant now = clock_();
    insert_case_event(db_, c->id,
                      CaseEvent{0, now, change.actor, EventKind::note, {}, {}, note, change.customer_visible});
    c->updated_at = now;
    update_case_progress(db_, *c);
    tx.commit();
    return {};
  });
}

Result<Case> CaseService::assign(std::string_view code, std::string_view technician, std::string_view actor) {
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (!c->is_open()) return fail(ErrorKind::refused, "This case is closed; it cannot be assigned.", "assigned_to");
    std::string who = trim(technician);
    c->assigned_to = who.empty() ? std::nullopt : std::optional<std::string>(who);
    c->updated_at = clock_();
    update_case_progress(db_, *c);
    insert_case_event(
        db_, c->id,
        CaseEvent{
            .at = c->updated_at, .actor = std::string(actor), .kind = EventKind::assigned, .details = {.who = who}});
    tx.commit();
    return c;
  });
}

Result<Case> CaseService::record_estimate(std::string_view code, const std::vector<EstimateLine>& lines,
                                          std::string_view actor) {
  if (lines.empty()) return fail(ErrorKind::invalid_input, "An estimate needs at least one line.", "estimate");
  for (const auto& line : lines) {
    if (line.kind != "part" && line.kind != "labour")
      return fail(ErrorKind::invalid_input, "Each estimate line is a part or labour.", "estimate");
    if (trim(line.description).empty() && line.sku.empty())
      return fail(ErrorKind::invalid_input, "Each estimate line needs a description.", "estimate");
    if (!line.sku.empty() && line.kind != "part")
      return fail(ErrorKind::invalid_input, "Only a part line names a part from the parts list.", "estimate");
    if (line.quantity < 1 || line.unit_cents < 0)
      return fail(ErrorKind::invalid_input, "Estimate quantities are at least 1 and prices not negative.", "estimate");
  }
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (c->kind != CaseKind::repair) return fail(ErrorKind::refused, "Only repairs have estimates.", "estimate");
    auto picked = with_parts_named(db_, lines);
    if (!picked) return std::unexpected(picked.error());
    Instant now = clock_();
    CaseStatus from = c->status;
    if (auto moved = transition(*c, CaseStatus::awaiting_approval, "", now); !moved)
      return std::unexpected(moved.error());
    replace_estimate(db_, c->id, *picked);
    c->estimate_state = "pending";
    update_case_progress(db_, *c);
    insert_case_event(db_, c->id,
                      CaseEvent{.at = now,
                                .actor = std::string(actor),
                                .kind = EventKind::estimate,
                                .from = from,
                                .to = CaseStatus::awaiting_approval,
                                .customer_visible = true,
                                .details = {.amount_cents = estimate_total(lines)}});
    queue_customer_notice(db_, config_, *c, CaseStatus::awaiting_approval, now);
    tx.commit();
    return c;
  });
}

Result<Case> CaseService::decide_estimate(std::string_view code, bool approved, std::string_view actor,
                                          const AlsoInTransaction& also) {
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (c->status != CaseStatus::awaiting_approval || c->estimate_state != "pending")
      return fail(ErrorKind::conflict,
                  c->estimate_state == "approved" || c->estimate_state == "declined"
                      ? "The estimate has already been answered."
                      : "This case is not waiting for an estimate decision.",
                  "estimate");
    Instant now = clock_();
    CaseStatus to = approved ? CaseStatus::repairing : CaseStatus::ready_for_pickup;
    if (auto moved = transition(*c, to, "", now); !moved) return std::unexpected(moved.error());
    c->estimate_state = approved ? "approved" : "declined";
    if (!approved) c->resolution = "Estimate declined: returned without repair";
    update_case_progress(db_, *c);
    insert_case_event(db_, c->id,
                      CaseEvent{.at = now,
                                .actor = std::string(actor),
                                .kind = approved ? EventKind::estimate_approved : EventKind::estimate_declined,
                                .from = CaseStatus::awaiting_approval,
                                .to = to,
                                .customer_visible = true});
    if (also) also(db_);
    tx.commit();
    return c;
  });
}

Result<std::vector<EstimateLine>> CaseService::estimate(std::int64_t case_id) {
  return storage_guard<std::vector<EstimateLine>>(
      [&]() -> Result<std::vector<EstimateLine>> { return load_estimate(db_, case_id); });
}

Result<Case> CaseService::record_replacement(std::string_view code, std::string_view new_serial,
                                             std::string_view actor) {
  std::string serial = normalize_serial(new_serial);
  if (serial.empty()) return fail(ErrorKind::invalid_input, "Please scan the replacement's serial number.", "serial");
  return storage_guard<Case>([&]() -> Result<Case> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return c;
    if (c->kind != CaseKind::repair || !c->serial || c->serial->empty())
      return fail(ErrorKind::refused, "Only a repair of an item with a serial number can record a replacement.",
                  "serial");
    if (!c->is_open()) return fail(ErrorKind::refused, "This case is closed.", "serial");
    if (serial == *c->serial)
      return fail(ErrorKind::invalid_input, "The replacement has the same serial number as the original.", "serial");
    if (serial_in_use(db_, serial))
      return fail(ErrorKind::conflict, fmt::format("Serial {} already belongs to another item.", serial), "serial");
    // One warranty, one unit: the coverage goes with the swap once, and only what is covered is swapped.
    if (!is_covered(c->warranty))
      return fail(ErrorKind::refused,
                  fmt::format("This repair is not under warranty ({}): a unit given in exchange is sold at the till, "
                              "not swapped here.",
                              coverage_label(c->warranty)),
                  "serial");
    Statement earlier = db_.prepare(
        "SELECT new_serial FROM serial_replacements WHERE case_id = ?1 OR old_serial = ?2 ORDER BY id LIMIT 1");
    if (earlier.bind_all(c->id, *c->serial).step())
      return fail(ErrorKind::conflict,
                  fmt::format("Unit {} was already swapped for {}; its warranty went with that unit.", *c->serial,
                              earlier.text("new_serial")),
                  "serial");
    Instant now = clock_();
    insert_serial_replacement(db_, c->id, *c->serial, serial, now);
    insert_case_event(db_, c->id,
                      CaseEvent{.at = now,
                                .actor = std::string(actor),
                                .kind = EventKind::replacement,
                                .customer_visible = true,
                                .details = {.serial = serial}});
    c->updated_at = now;
    update_case_progress(db_, *c);
    tx.commit();
    return c;
  });
}

Result<std::string> checked_feedback_comment(int rating, std::string_view comment) {
  if (rating < 1 || rating > 5) return fail(ErrorKind::invalid_input, "Please choose from 1 to 5 stars.", "rating");
  std::string text = trim(clean_person_text(comment));
  // Characters, as the form's maxlength counts them (600 × "é" is 1200 bytes).
  if (decode_utf8(text).size() > 1000)
    return fail(ErrorKind::invalid_input, "Please keep the comment under 1000 characters.", "comment");
  return text;
}

Result<void> CaseService::record_feedback(std::string_view token, int rating, std::string_view comment,
                                          const AlsoInTransaction& also) {
  auto checked = checked_feedback_comment(rating, comment);
  if (!checked) return std::unexpected(checked.error());
  const std::string& text = *checked;
  auto canonical = normalize_status_token(token);
  if (!canonical) return fail(ErrorKind::not_found, "No case matches this link.", "token");
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    auto c = load_case_by_token(db_, *canonical);
    if (!c) return fail(ErrorKind::not_found, "No case matches this link.", "token");
    if (c->status != CaseStatus::completed)
      return fail(ErrorKind::refused, "Feedback opens once the case is completed.", "rating");
    if (load_feedback_rating(db_, c->id))
      return fail(ErrorKind::conflict, "Thank you: your feedback for this case is already in.", "rating");
    insert_feedback(db_, c->id, rating, text, clock_());
    if (also) also(db_);
    tx.commit();
    return {};
  });
}

Result<std::optional<int>> CaseService::feedback_rating(std::int64_t case_id) {
  return storage_guard<std::optional<int>>(
      [&]() -> Result<std::optional<int>> { return load_feedback_rating(db_, case_id); });
}

}  // namespace aftersales
