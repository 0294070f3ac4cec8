// Money at the counter: deposits, payments and refunds on a repair (case_service.h; the rules in
// core/domain/payment.h).
#include "core/services/case_service.h"
#include "core/storage/database.h"
#include "core/storage/payments_store.h"

namespace aftersales {
namespace {

// Inside the caller's transaction: what the repair charges and what was paid towards it.
CaseMoney money_now(Database& db, const Case& c) {
  return case_money(c, estimate_total(load_estimate(db, c.id)), load_net_paid(db, c.id));
}

}  // namespace

Result<CaseMoney> CaseService::record_payment(std::string_view code, const PaymentDraft& draft,
                                              std::string_view actor) {
  return storage_guard<CaseMoney>([&]() -> Result<CaseMoney> {
    WriteTransaction tx(db_);
    auto c = load_for_change(code);
    if (!c) return std::unexpected(c.error());
    // Read and written in one serializable transaction: two counters taking the last of what is
    // due at once cannot both succeed (one is retried, and then finds nothing due).
    CaseMoney before = money_now(db_, *c);
    if (auto ok = check_payment(*c, before, draft); !ok) return std::unexpected(ok.error());
    insert_payment(db_, c->id, draft, clock_(), actor);
    CaseMoney after = money_now(db_, *c);
    tx.commit();
    return after;
  });
}

Result<CaseMoney> CaseService::money(const Case& c) {
  return storage_guard<CaseMoney>([&]() -> Result<CaseMoney> {
    ReadTransaction tx(db_);
    return money_now(db_, c);
  });
}

Result<std::vector<Payment>> CaseService::payments(std::int64_t case_id) {
  return storage_guard<std::vector<Payment>>(
      [&]() -> Result<std::vector<Payment>> { return load_payments(db_, case_id); });
}

}  // namespace aftersales
