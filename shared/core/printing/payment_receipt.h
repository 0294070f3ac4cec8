#pragma once
// Money on paper: a repair's receipt, printed again, says what was paid and what is left to pay,
// and the payments receipt lists every payment: the customer's proof of what they paid, in their
// language, with the same QR link as the check-in receipt.
#include <vector>

#include "core/domain/payment.h"
#include "core/printing/receipt.h"

namespace aftersales {

// Adds "Paid", "Left to pay" or "To give back" to a repair's receipt (nothing when no money moved).
void add_money_details(Receipt& r, const Case& c, const CaseMoney& money);

Receipt build_payments_receipt(const Case& c, const std::vector<Payment>& payments, const CaseMoney& money,
                               const Config& config, Language language, Instant now);

}  // namespace aftersales
