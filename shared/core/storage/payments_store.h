#pragma once
// Storage of the money taken and given back at the counter (schema 21). Plain functions over a
// Database; they throw StorageError and expect the caller to hold the transaction it needs. The
// rules are in core/domain/payment.h; CaseService applies them. A payment is never changed or
// deleted: a refund is a row of its own.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/domain/payment.h"
#include "core/storage/database.h"

namespace aftersales {

void insert_payment(Database& db, std::int64_t case_id, const PaymentDraft& draft, Instant at, std::string_view actor);
// The case's payments, oldest first (the counter's view: who took them, and notes).
std::vector<Payment> load_payments(Database& db, std::int64_t case_id);
// Deposits and payments less refunds: all a customer's page needs, read from the columns the
// kiosk's and the status server's roles may read (case_id, kind, amount_cents).
std::int64_t load_net_paid(Database& db, std::int64_t case_id);

}  // namespace aftersales
