#include "core/domain/loaner.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/base/text.h"
#include "core/base/utf8.h"
#include "core/domain/workflow.h"

namespace aftersales {

Result<std::string> normalize_loaner_tag(std::string_view text) {
  std::string tag = to_upper_ascii(trim(text));
  bool allowed = std::ranges::all_of(
      tag, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; });
  if (tag.empty() || tag.size() > kMaxLoanerTag || !allowed)
    return fail(ErrorKind::invalid_input,
                fmt::format("A loaner's tag is 1 to {} letters, digits, dashes or dots, like L-07.", kMaxLoanerTag),
                "tag");
  return tag;
}

Result<LoanerDraft> checked_loaner(const LoanerDraft& draft) {
  auto tag = normalize_loaner_tag(draft.tag);
  if (!tag) return std::unexpected(tag.error());
  LoanerDraft kept{*tag, trim(clean_person_text(draft.description)), trim(clean_person_text(draft.serial)), {}};
  if (kept.description.empty())
    return fail(ErrorKind::invalid_input, "Please describe the loaner (e.g. \"iPhone 8, black\").", "description");
  if (kept.description.size() > kMaxLoanerDescription)
    return fail(ErrorKind::invalid_input,
                fmt::format("A loaner's description is limited to {} characters.", kMaxLoanerDescription),
                "description");
  if (kept.serial.size() > kMaxLoanerSerial)
    return fail(ErrorKind::invalid_input, fmt::format("A serial is limited to {} characters.", kMaxLoanerSerial),
                "serial");
  auto condition = checked_loan_note(draft.condition, "condition", false);
  if (!condition) return std::unexpected(condition.error());
  kept.condition = *condition;
  return kept;
}

Result<std::string> checked_loan_note(std::string_view text, std::string_view field, bool required) {
  std::string note = trim(clean_person_text(text));
  if (required && note.empty())
    return fail(ErrorKind::invalid_input, "Please write why the loaner is not back.", std::string(field));
  if (note.size() > kMaxLoanerNote)
    return fail(ErrorKind::invalid_input, fmt::format("This note is limited to {} characters.", kMaxLoanerNote),
                std::string(field));
  return note;
}

Result<void> check_lend(const Case& c, const Loaner& loaner, const std::optional<Loan>& case_loan) {
  if (c.kind != CaseKind::repair)
    return fail(ErrorKind::refused, fmt::format("Loaners go with repairs; {} is a return.", c.code), "code");
  if (!c.is_open())
    return fail(
        ErrorKind::refused,
        fmt::format("{} is closed ({}); a loaner goes only with an open repair.", c.code, staff_status_label(c.status)),
        "code");
  if (case_loan)
    return fail(ErrorKind::conflict,
                fmt::format("{} already has loaner {} ({}). Take it back before lending another.", c.code,
                            case_loan->tag, case_loan->description),
                "code");
  if (loaner.retired)
    return fail(ErrorKind::refused, fmt::format("Loaner {} is retired; please choose another.", loaner.tag), "tag");
  if (!loaner.out_with.empty())
    return fail(ErrorKind::conflict,
                fmt::format("Loaner {} ({}) is out with {}; please choose another.", loaner.tag, loaner.description,
                            loaner.out_with),
                "tag");
  return {};
}

Result<void> check_pickup(const std::optional<Loan>& open_loan) {
  if (!open_loan || !open_loan->blocks_pickup()) return {};
  return fail(ErrorKind::refused,
              fmt::format("Loaner {} ({}) is still out. Take it back first, or a manager can record why not.",
                          open_loan->tag, open_loan->description),
              "loaner");
}

}  // namespace aftersales
