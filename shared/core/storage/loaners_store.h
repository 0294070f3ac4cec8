#pragma once
// Storage of the store's loaners and their loans (schema 22). Plain functions over a Database; they
// throw StorageError and expect the caller to hold the transaction it needs. The rules are in
// core/domain/loaner.h; CaseService (case_loaners.cpp) applies them. A loaner is never deleted (it is
// retired); a loan is closed by its return, and a manager's waiver is written on it.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/domain/loaner.h"
#include "core/storage/database.h"

namespace aftersales {

// `draft` as checked (checked_loaner). The tag's uniqueness is the caller's to check first.
std::int64_t insert_loaner(Database& db, const LoanerDraft& draft);
std::optional<Loaner> find_loaner(Database& db, std::string_view tag);
// Every loaner, by tag, each with the case it is out with.
std::vector<Loaner> list_loaners(Database& db);
void set_loaner_retired(Database& db, std::int64_t loaner_id, bool retired);
// Whether a loaner is on the shelf to lend, read from the columns the kiosk's role may read.
bool any_loaner_available(Database& db);

void insert_loan(Database& db, std::int64_t loaner_id, std::int64_t case_id, Instant at, std::string_view by);
// The case's loan still out (waived or not), if any.
std::optional<Loan> open_loan(Database& db, std::int64_t case_id);
// The tag of the loaner the case still has out, read from the columns the pages' roles may read.
std::optional<std::string> open_loan_tag(Database& db, std::int64_t case_id);
// The case's loans, oldest first.
std::vector<Loan> load_loans(Database& db, std::int64_t case_id);
// The loaner is back: the loan closes and the loaner keeps the condition it came back in (when given).
void mark_loan_returned(Database& db, std::int64_t loan_id, Instant at, std::string_view by,
                        std::string_view condition);
void mark_loan_waived(Database& db, std::int64_t loan_id, std::string_view manager, std::string_view reason);

}  // namespace aftersales
