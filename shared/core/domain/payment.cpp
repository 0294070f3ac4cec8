#include "core/domain/payment.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/base/text.h"

namespace aftersales {
namespace {

constexpr std::array<std::pair<PaymentKind, std::string_view>, 3> kKinds{
    {{PaymentKind::deposit, "deposit"}, {PaymentKind::payment, "payment"}, {PaymentKind::refund, "refund"}}};
constexpr std::array<std::pair<PaymentMethod, std::string_view>, 4> kMethods{{{PaymentMethod::cash, "cash"},
                                                                              {PaymentMethod::card, "card"},
                                                                              {PaymentMethod::transfer, "transfer"},
                                                                              {PaymentMethod::other, "other"}}};

Result<void> check_amount(std::int64_t cents) {
  if (cents <= 0) return fail(ErrorKind::invalid_input, "Please type an amount above zero.", "amount");
  if (cents > kMaxPaymentCents)
    return fail(ErrorKind::invalid_input,
                fmt::format("{} is more than one payment can be here; please check the amount.", format_money(cents)),
                "amount");
  return {};
}

Result<void> check_within_due(const CaseMoney& money, std::int64_t cents) {
  if (money.due_cents() == 0) return fail(ErrorKind::refused, "Nothing is due on this repair.", "amount");
  if (cents > money.due_cents())
    return fail(ErrorKind::refused,
                fmt::format("Only {} is due on this repair; please take no more.", format_money(money.due_cents())),
                "amount");
  return {};
}

}  // namespace

std::string_view to_string(PaymentKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "payment";
}

std::string_view to_string(PaymentMethod method) {
  for (const auto& [m, name] : kMethods)
    if (m == method) return name;
  return "other";
}

std::optional<PaymentKind> parse_payment_kind(std::string_view text) {
  for (const auto& [k, name] : kKinds)
    if (name == text) return k;
  return std::nullopt;
}

std::optional<PaymentMethod> parse_payment_method(std::string_view text) {
  for (const auto& [m, name] : kMethods)
    if (name == text) return m;
  return std::nullopt;
}

CaseMoney case_money(const Case& c, std::int64_t estimate_total_cents, std::int64_t paid_cents) {
  CaseMoney money;
  money.paid_cents = paid_cents;
  if (c.status == CaseStatus::transferred) {
    // What was paid here went on with the repair (the store it went to records it as paid): here it
    // is settled, neither owed nor owed back.
    money.charged_cents = std::max<std::int64_t>(paid_cents, 0);
    return money;
  }
  money.charged_cents = c.diagnostic_fee_cents;
  // A cancelled repair was never done: it charges its diagnostic fee only, approved or not.
  if (c.estimate_state == "approved" && c.status != CaseStatus::cancelled) money.charged_cents += estimate_total_cents;
  return money;
}

std::int64_t net_paid(const std::vector<Payment>& payments) {
  std::int64_t paid = 0;
  for (const Payment& p : payments) paid += p.kind == PaymentKind::refund ? -p.amount_cents : p.amount_cents;
  return paid;
}

Result<void> check_payment(const Case& c, const CaseMoney& money, const PaymentDraft& draft) {
  if (auto ok = check_amount(draft.amount_cents); !ok) return ok;
  if (c.kind != CaseKind::repair)
    return fail(ErrorKind::refused, "Only repairs take money here; a return's refund is made at the till.", "code");
  if (c.status == CaseStatus::transferred)
    return fail(ErrorKind::refused,
                fmt::format("This repair went on at store {}, with what was paid here; its money is taken there.",
                            c.transferred_to),
                "code");
  if (draft.note.size() > kMaxPaymentNote)
    return fail(ErrorKind::invalid_input, fmt::format("Please keep the note under {} characters.", kMaxPaymentNote),
                "note");
  switch (draft.kind) {
    case PaymentKind::refund:
      if (trim(draft.note).empty())
        return fail(ErrorKind::invalid_input, "Please say why the money goes back (the note).", "note");
      if (draft.amount_cents > money.paid_cents)
        return fail(
            ErrorKind::refused,
            fmt::format("Only {} was paid on this repair; no more can go back.", format_money(money.paid_cents)),
            "amount");
      // Closed, what it charged is settled: only what was paid beyond that goes back.
      if (!c.is_open() && draft.amount_cents > money.credit_cents())
        return fail(ErrorKind::refused,
                    money.credit_cents() == 0
                        ? std::string("This repair is closed and was paid no more than it charged; nothing goes back.")
                        : fmt::format("This repair is closed: only the {} paid beyond what it charged goes back.",
                                      format_money(money.credit_cents())),
                    "amount");
      return {};
    case PaymentKind::deposit:
      if (!c.is_open())
        return fail(ErrorKind::refused, "This repair is closed; a deposit is taken while it is open.", "code");
      // Until the estimate is approved (or the repair is ready) nobody knows the price; after, a
      // deposit is part of what is due.
      if (c.estimate_state == "approved" || c.status == CaseStatus::ready_for_pickup)
        return check_within_due(money, draft.amount_cents);
      return {};
    case PaymentKind::payment:
      // Also once the repair is closed: what is due at pickup is often taken after completing it,
      // and a cancelled repair may still owe its diagnostic fee.
      return check_within_due(money, draft.amount_cents);
  }
  return {};
}

}  // namespace aftersales
