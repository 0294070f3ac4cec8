#include "core/printing/payment_receipt.h"

#include "core/base/text.h"

namespace aftersales {
namespace {

std::string kind_words(PaymentKind kind, Language lang) {
  switch (kind) {
    case PaymentKind::deposit: return std::string(tr(lang, "Deposit"));
    case PaymentKind::payment: return std::string(tr(lang, "Payment"));
    case PaymentKind::refund: return std::string(tr(lang, "Refund"));
  }
  return std::string(tr(lang, "Payment"));
}

std::string method_words(PaymentMethod method, Language lang) {
  switch (method) {
    case PaymentMethod::cash: return std::string(tr(lang, "cash"));
    case PaymentMethod::card: return std::string(tr(lang, "card"));
    case PaymentMethod::transfer: return std::string(tr(lang, "bank transfer"));
    case PaymentMethod::other: return std::string(tr(lang, "other"));
  }
  return std::string(tr(lang, "other"));
}

std::string closing_words(const Case& c, const CaseMoney& money, Language lang) {
  if (c.status == CaseStatus::transferred)
    return trf(lang, "What you paid here went with your repair to our store {}.", c.transferred_to);
  if (money.credit_cents() > 0)
    return trf(lang, "You paid more than the repair costs: we give you back {}.", format_price(money.credit_cents()));
  if (money.due_cents() == 0) return std::string(tr(lang, "Thank you: nothing is left to pay."));
  if (c.is_open()) return std::string(tr(lang, "What you paid comes off what is left to pay at pickup."));
  return trf(lang, "Left to pay: {}", format_price(money.due_cents()));
}

}  // namespace

void add_money_details(Receipt& r, const Case& c, const CaseMoney& money) {
  if (c.kind != CaseKind::repair || (money.paid_cents == 0 && money.charged_cents == 0)) return;
  Language lang = r.language;
  r.details.emplace_back(tr(lang, "Paid"), format_price(money.paid_cents));
  if (money.due_cents() > 0) r.details.emplace_back(tr(lang, "Left to pay"), format_price(money.due_cents()));
  if (money.credit_cents() > 0) r.details.emplace_back(tr(lang, "To give back"), format_price(money.credit_cents()));
}

Receipt build_payments_receipt(const Case& c, const std::vector<Payment>& payments, const CaseMoney& money,
                               const Config& config, Language lang, Instant now) {
  Receipt r = build_receipt(c, config, lang, now);
  r.title = std::string(tr(lang, "Payments"));
  r.issued_at = config.time_zone.format_local(now);
  r.details.clear();
  r.details.emplace_back(tr(lang, "Product"), c.product_name);
  for (const Payment& p : payments) {
    std::string amount = format_price(p.kind == PaymentKind::refund ? -p.amount_cents : p.amount_cents);
    r.details.emplace_back(trf(lang, "{}, {} ({})", config.time_zone.format_local(p.at), kind_words(p.kind, lang),
                               method_words(p.method, lang)),
                           amount);
  }
  add_money_details(r, c, money);
  r.next_steps = closing_words(c, money, lang);
  return r;
}

}  // namespace aftersales
