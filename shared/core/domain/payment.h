#pragma once
// Money at the counter (no card processing here: the store's terminal or till takes the money, and
// this records it): a deposit at check-in or at approval, payments, refunds. Integer cents in the
// store's currency. What a repair charges is its diagnostic fee and its approved estimate; what is
// due at pickup is that less what was paid. Pure rules; payments_store.h keeps the payments and
// CaseService (case_payments.cpp) applies the rules.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

enum class PaymentKind { deposit, payment, refund };
enum class PaymentMethod { cash, card, transfer, other };

std::string_view to_string(PaymentKind kind);
std::string_view to_string(PaymentMethod method);
std::optional<PaymentKind> parse_payment_kind(std::string_view text);
std::optional<PaymentMethod> parse_payment_method(std::string_view text);

struct Payment {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  PaymentKind kind = PaymentKind::payment;
  PaymentMethod method = PaymentMethod::cash;
  std::int64_t amount_cents = 0;  // always positive; a refund takes it back
  Instant at;
  std::string actor;
  std::string note;
};

// What the counter records.
struct PaymentDraft {
  PaymentKind kind = PaymentKind::payment;
  PaymentMethod method = PaymentMethod::cash;
  std::int64_t amount_cents = 0;
  std::string note;  // why (a refund needs one)
};

inline constexpr std::int64_t kMaxPaymentCents = 100'000'000;  // 1,000,000.00: a typing slip beyond
inline constexpr std::size_t kMaxPaymentNote = 200;

// A repair's money: what it charges (the diagnostic fee, and the estimate once approved unless the
// repair was cancelled) and what was paid towards it (deposits and payments, less refunds). A repair
// transferred to another store charges what was paid here: that went on with it.
struct CaseMoney {
  std::int64_t charged_cents = 0;
  std::int64_t paid_cents = 0;
  std::int64_t due_cents() const { return charged_cents > paid_cents ? charged_cents - paid_cents : 0; }
  std::int64_t credit_cents() const { return paid_cents > charged_cents ? paid_cents - charged_cents : 0; }
};
CaseMoney case_money(const Case& c, std::int64_t estimate_total_cents, std::int64_t paid_cents);
// Deposits and payments, less refunds.
std::int64_t net_paid(const std::vector<Payment>& payments);

// Whether the counter may record `draft` on the case, and if not, why, in words for the counter:
// only repairs, and none gone on to another store; a deposit only while the repair is open, and
// once its estimate is approved (or it is ready) no more than is due; a payment no more than is due
// (also after pickup); a refund no more than was paid, and with a reason.
Result<void> check_payment(const Case& c, const CaseMoney& money, const PaymentDraft& draft);

}  // namespace aftersales
