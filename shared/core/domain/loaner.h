#pragma once
// Loaners: the store's devices lent to a customer while their repair is on the bench. A loan goes
// only with an open repair, one loaner per repair and one repair per loaner; the repair is not
// picked up (completed) while its loaner is still out, unless a manager records why it is not back.
// Pure rules; loaners_store.h keeps the loaners and loans and CaseService (case_loaners.cpp) applies
// the rules.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

struct Loaner {
  std::int64_t id = 0;
  std::string tag;  // the asset number on its sticker: L-07
  std::string description;
  std::string serial;
  std::string condition;  // as it was last seen
  bool retired = false;
  std::string out_with;  // the code of the case it is out with; empty: on the shelf
  bool available() const { return !retired && out_with.empty(); }
};

// What the counter types for a new loaner.
struct LoanerDraft {
  std::string tag;
  std::string description;
  std::string serial;
  std::string condition;
};

struct Loan {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string tag;  // the loaner's
  std::string description;
  Instant lent_at;
  std::string lent_by;
  std::optional<Instant> returned_at;  // none: still out
  std::string returned_by;
  std::string return_condition;
  std::string waived_by;  // the manager who let the repair go without it
  std::string waived_reason;
  bool open() const { return !returned_at; }
  bool blocks_pickup() const { return open() && waived_by.empty(); }
};

inline constexpr std::size_t kMaxLoanerTag = 20;
inline constexpr std::size_t kMaxLoanerDescription = 100;
inline constexpr std::size_t kMaxLoanerSerial = 64;
inline constexpr std::size_t kMaxLoanerNote = 300;  // a condition, a manager's reason

// A tag as it is kept: trimmed, in capitals, 1 to 20 letters, digits, '-', '_' or '.'.
Result<std::string> normalize_loaner_tag(std::string_view text);
// The draft as it is kept (trimmed, tag normalised), or why not: a description is required.
Result<LoanerDraft> checked_loaner(const LoanerDraft& draft);
// A return's condition note or a waiver's reason as kept (trimmed, cleaned), at most kMaxLoanerNote
// bytes; `required`: refused when empty.
Result<std::string> checked_loan_note(std::string_view text, std::string_view field, bool required);

// Whether `loaner` may go out with the case `c`, which has `case_loan` open (or none): only with an
// open repair that has no loaner yet, and only a loaner neither retired nor out.
Result<void> check_lend(const Case& c, const Loaner& loaner, const std::optional<Loan>& case_loan);
// Whether the repair may be picked up with `open_loan` (its open loan, or none): not while a loaner
// is out and no manager recorded why it is not back.
Result<void> check_pickup(const std::optional<Loan>& open_loan);

}  // namespace aftersales
