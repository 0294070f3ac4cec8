// Loaners: the store's list, and a loaner lent with a repair, back, or waived by a manager
// (case_service.h; the rules in core/domain/loaner.h, the pickup check in CaseService::transition).
#include <fmt/format.h>

#include "core/services/case_service.h"
#include "core/services/staff.h"
#include "core/storage/database.h"
#include "core/storage/loaners_store.h"

namespace aftersales {
namespace {

Result<Loaner> loaner_by_tag(Database& db, std::string_view text) {
  auto tag = normalize_loaner_tag(text);
  if (!tag) return std::unexpected(tag.error());
  if (auto found = find_loaner(db, *tag)) return *found;
  return fail(ErrorKind::not_found,
              fmt::format("There is no loaner {}. `aftersales loaners list` shows the store's loaners.", *tag), "tag");
}

Result<Loan> loan_out(Database& db, const Case& c) {
  if (auto loan = open_loan(db, c.id)) return *loan;
  return fail(ErrorKind::not_found, fmt::format("{} has no loaner out.", c.code), "code");
}

EventDetails loan_details(const Loan& loan) {
  return {.loaner = loan.tag, .loaner_description = loan.description};
}

}  // namespace

Result<Loaner> CaseService::add_loaner(const LoanerDraft& draft) {
  auto kept = checked_loaner(draft);
  if (!kept) return std::unexpected(kept.error());
  return storage_guard<Loaner>([&]() -> Result<Loaner> {
    WriteTransaction tx(db_);
    if (find_loaner(db_, kept->tag))
      return fail(ErrorKind::conflict,
                  fmt::format("There is already a loaner {}. Each loaner has its own tag.", kept->tag), "tag");
    std::int64_t id = insert_loaner(db_, *kept);
    tx.commit();
    return Loaner{id, kept->tag, kept->description, kept->serial, kept->condition, false, {}};
  });
}

Result<std::vector<Loaner>> CaseService::loaners() {
  return storage_guard<std::vector<Loaner>>([&]() -> Result<std::vector<Loaner>> {
    ReadTransaction tx(db_);
    return list_loaners(db_);
  });
}

Result<Loaner> CaseService::retire_loaner(std::string_view tag) {
  return storage_guard<Loaner>([&]() -> Result<Loaner> {
    WriteTransaction tx(db_);
    auto loaner = loaner_by_tag(db_, tag);
    if (!loaner) return loaner;
    if (loaner->retired)
      return fail(ErrorKind::conflict, fmt::format("Loaner {} is already retired.", loaner->tag), "tag");
    set_loaner_retired(db_, loaner->id, true);
    tx.commit();
    loaner->retired = true;
    return loaner;
  });
}

Result<bool> CaseService::loaner_available() {
  return storage_guard<bool>([&]() -> Result<bool> { return any_loaner_available(db_); });
}

Result<Loan> CaseService::lend_loaner(std::string_view code, std::string_view tag, std::string_view actor) {
  return storage_guard<Loan>([&]() -> Result<Loan> {
    // Read and written in one serializable transaction, under the partial unique indexes: two
    // counters lending the last loaner at once lend it once (the other is retried and finds it out).
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    auto loan = lend_in_transaction(*c, tag, actor, clock_());
    if (loan) tx.commit();
    return loan;
  });
}

Result<Loan> CaseService::lend_in_transaction(Case& c, std::string_view tag, std::string_view actor, Instant now) {
  auto loaner = loaner_by_tag(db_, tag);
  if (!loaner) return std::unexpected(loaner.error());
  if (auto ok = check_lend(c, *loaner, open_loan(db_, c.id)); !ok) return std::unexpected(ok.error());
  insert_loan(db_, loaner->id, c.id, now, actor);
  auto loan = open_loan(db_, c.id);
  insert_case_event(db_, c.id,
                    CaseEvent{.at = now,
                              .actor = std::string(actor),
                              .kind = EventKind::loaner_lent,
                              .customer_visible = true,
                              .details = loan_details(*loan)});
  c.updated_at = now;
  update_case_progress(db_, c);
  return *loan;
}

Result<Loan> CaseService::return_loaner(std::string_view code, std::string_view condition, std::string_view actor) {
  auto note = checked_loan_note(condition, "condition", false);
  if (!note) return std::unexpected(note.error());
  return storage_guard<Loan>([&]() -> Result<Loan> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    auto loan = loan_out(db_, *c);
    if (!loan) return loan;
    Instant now = clock_();
    mark_loan_returned(db_, loan->id, now, actor, *note);
    insert_case_event(db_, c->id,
                      CaseEvent{.at = now,
                                .actor = std::string(actor),
                                .kind = EventKind::loaner_returned,
                                .note = *note,
                                .customer_visible = true,
                                .details = loan_details(*loan)});
    c->updated_at = now;
    update_case_progress(db_, *c);
    tx.commit();
    loan->returned_at = now;
    loan->returned_by = std::string(actor);
    loan->return_condition = *note;
    return loan;
  });
}

Result<Loan> CaseService::waive_loaner(std::string_view code, std::string_view reason, std::string_view manager) {
  auto why = checked_loan_note(reason, "reason", true);
  if (!why) return std::unexpected(why.error());
  return storage_guard<Loan>([&]() -> Result<Loan> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    if (auto ok = check_manager(db_, manager, "record why a loaner is not back"); !ok)
      return std::unexpected(ok.error());
    auto loan = loan_out(db_, *c);
    if (!loan) return loan;
    if (!loan->waived_by.empty())
      return fail(ErrorKind::conflict,
                  fmt::format("{} already recorded why loaner {} is not back.", loan->waived_by, loan->tag), "code");
    std::string by = *normalize_username(manager);
    Instant now = clock_();
    mark_loan_waived(db_, loan->id, by, *why);
    insert_case_event(
        db_, c->id,
        CaseEvent{
            .at = now, .actor = by, .kind = EventKind::loaner_waived, .note = *why, .details = loan_details(*loan)});
    c->updated_at = now;
    update_case_progress(db_, *c);
    tx.commit();
    loan->waived_by = by;
    loan->waived_reason = *why;
    return loan;
  });
}

Result<std::vector<Loan>> CaseService::loans(std::int64_t case_id) {
  return storage_guard<std::vector<Loan>>([&]() -> Result<std::vector<Loan>> { return load_loans(db_, case_id); });
}

Result<std::optional<Loan>> CaseService::current_loan(std::int64_t case_id) {
  return storage_guard<std::optional<Loan>>([&]() -> Result<std::optional<Loan>> { return open_loan(db_, case_id); });
}

Result<std::optional<std::string>> CaseService::loaner_to_bring(std::int64_t case_id) {
  return storage_guard<std::optional<std::string>>(
      [&]() -> Result<std::optional<std::string>> { return open_loan_tag(db_, case_id); });
}

}  // namespace aftersales
