#include "core/storage/loaners_store.h"

#include <string>

namespace aftersales {
namespace {

constexpr const char* kSelectLoaner =
    "SELECT l.id, l.tag, l.description, l.serial, l.condition, l.retired, "
    "(SELECT c.code FROM loans o JOIN cases c ON c.id = o.case_id WHERE o.loaner_id = l.id AND o.returned_at IS NULL) "
    "FROM loaners l";

Loaner read_loaner(const Statement& s) {
  return Loaner{.id = s.get_int(0),
                .tag = s.get_text(1),
                .description = s.get_text(2),
                .serial = s.get_text(3),
                .condition = s.get_text(4),
                .retired = s.get_int(5) != 0,
                .out_with = s.get_optional_text(6).value_or("")};
}

constexpr const char* kSelectLoan =
    "SELECT o.id, o.case_id, l.tag, l.description, o.lent_at, o.lent_by, o.returned_at, o.returned_by, "
    "o.return_condition, o.waived_by, o.waived_reason FROM loans o JOIN loaners l ON l.id = o.loaner_id";

Loan read_loan(const Statement& s) {
  Loan loan{.id = s.get_int(0),
            .case_id = s.get_int(1),
            .tag = s.get_text(2),
            .description = s.get_text(3),
            .lent_at = parse_instant(s.get_text(4)).value_or(Instant{}),
            .lent_by = s.get_text(5)};
  if (auto back = s.get_optional_text(6)) loan.returned_at = parse_instant(*back).value_or(Instant{});
  loan.returned_by = s.get_optional_text(7).value_or("");
  loan.return_condition = s.get_text(8);
  loan.waived_by = s.get_optional_text(9).value_or("");
  loan.waived_reason = s.get_text(10);
  return loan;
}

}  // namespace

std::int64_t insert_loaner(Database& db, const LoanerDraft& draft) {
  return db.prepare("INSERT INTO loaners (tag, description, serial, condition) VALUES (?1, ?2, ?3, ?4) RETURNING id")
      .bind_all(draft.tag, draft.description, draft.serial, draft.condition)
      .insert_returning_id();
}

std::optional<Loaner> find_loaner(Database& db, std::string_view tag) {
  Statement s = db.prepare(std::string(kSelectLoaner) + " WHERE l.tag = ?1");
  s.bind_all(tag);
  if (!s.step()) return std::nullopt;
  return read_loaner(s);
}

std::vector<Loaner> list_loaners(Database& db) {
  Statement s = db.prepare(std::string(kSelectLoaner) + " ORDER BY l.tag");
  std::vector<Loaner> loaners;
  while (s.step()) loaners.push_back(read_loaner(s));
  return loaners;
}

void set_loaner_retired(Database& db, std::int64_t loaner_id, bool retired) {
  db.prepare("UPDATE loaners SET retired = ?1 WHERE id = ?2").bind_all(retired ? 1 : 0, loaner_id).run();
}

bool any_loaner_available(Database& db) {
  Statement s = db.prepare(
      "SELECT 1 FROM loaners l WHERE l.retired = 0 AND NOT EXISTS "
      "(SELECT 1 FROM loans o WHERE o.loaner_id = l.id AND o.returned_at IS NULL) LIMIT 1");
  return s.step();
}

void insert_loan(Database& db, std::int64_t loaner_id, std::int64_t case_id, Instant at, std::string_view by) {
  std::string when = format_instant(at);
  db.prepare("INSERT INTO loans (loaner_id, case_id, lent_at, lent_by) VALUES (?1, ?2, ?3, ?4)")
      .bind_all(loaner_id, case_id, when, by)
      .run();
}

std::optional<Loan> open_loan(Database& db, std::int64_t case_id) {
  Statement s = db.prepare(std::string(kSelectLoan) + " WHERE o.case_id = ?1 AND o.returned_at IS NULL");
  s.bind_all(case_id);
  if (!s.step()) return std::nullopt;
  return read_loan(s);
}

std::optional<std::string> open_loan_tag(Database& db, std::int64_t case_id) {
  Statement s = db.prepare(
      "SELECT l.tag FROM loans o JOIN loaners l ON l.id = o.loaner_id WHERE o.case_id = ?1 AND o.returned_at IS NULL");
  s.bind_all(case_id);
  if (!s.step()) return std::nullopt;
  return s.get_text(0);
}

std::vector<Loan> load_loans(Database& db, std::int64_t case_id) {
  Statement s = db.prepare(std::string(kSelectLoan) + " WHERE o.case_id = ?1 ORDER BY o.id");
  s.bind_all(case_id);
  std::vector<Loan> loans;
  while (s.step()) loans.push_back(read_loan(s));
  return loans;
}

void mark_loan_returned(Database& db, std::int64_t loan_id, Instant at, std::string_view by,
                        std::string_view condition) {
  std::string when = format_instant(at);
  db.prepare("UPDATE loans SET returned_at = ?1, returned_by = ?2, return_condition = ?3 WHERE id = ?4")
      .bind_all(when, by, condition, loan_id)
      .run();
  if (condition.empty()) return;
  db.prepare("UPDATE loaners SET condition = ?1 WHERE id = (SELECT loaner_id FROM loans WHERE id = ?2)")
      .bind_all(condition, loan_id)
      .run();
}

void mark_loan_waived(Database& db, std::int64_t loan_id, std::string_view manager, std::string_view reason) {
  db.prepare("UPDATE loans SET waived_by = ?1, waived_reason = ?2 WHERE id = ?3")
      .bind_all(manager, reason, loan_id)
      .run();
}

}  // namespace aftersales
