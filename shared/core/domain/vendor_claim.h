#pragma once
// Vendor and manufacturer claims: repairs done under the manufacturer's warranty are batched into a
// claim per vendor (the product's brand), shipped under the vendor's RMA number, and credited,
// perhaps in parts. A unit swapped under warranty is claimed as replaced, with both serials. Pure
// rules; claims_store.h keeps the claims and ClaimsService (claims_service.h) applies the rules.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

enum class ClaimWhat { repaired, replaced };
std::string_view to_string(ClaimWhat what);
std::optional<ClaimWhat> parse_claim_what(std::string_view text);

// Open (not shipped yet), shipped (waiting for the credit), credited (all of it came in).
enum class ClaimStatus { open, shipped, credited };
std::string_view to_string(ClaimStatus status);

// One repair on a claim, or one that could be: what the store asks the vendor for.
struct ClaimLine {
  std::int64_t case_id = 0;
  std::string case_code;
  std::string product_name;
  ClaimWhat what = ClaimWhat::repaired;
  std::string old_serial;
  std::string new_serial;  // a replaced unit: the one the customer took home, which carries the coverage
  std::int64_t claimed_cents = 0;
};

struct VendorClaim {
  std::int64_t id = 0;
  std::string vendor;
  std::string rma;
  Instant created_at;
  std::optional<Date> shipped_on;
  std::optional<Date> credited_on;  // the last credit
  std::int64_t credit_cents = 0;    // every credit so far, added up
  std::string note;
  std::string actor;
  std::vector<ClaimLine> lines;

  std::int64_t claimed_cents() const;
  std::int64_t owed_cents() const;  // claimed less credited, never negative
  ClaimStatus status() const;
};

// What a repair is claimed for: the parts it used at the store's cost and the labour of its
// estimate; a repair that used no parts from stock, its estimate (parts and labour).
std::int64_t claim_amount(const std::vector<EstimateLine>& estimate, std::int64_t parts_cost_cents);

// Whether a case can go on a claim: a completed repair whose warranty was the manufacturer's.
bool claimable(const Case& c);

inline constexpr std::size_t kMaxRma = 40;
inline constexpr std::size_t kMaxClaimNote = 200;
inline constexpr std::int64_t kMaxClaimCents = 100'000'000;

// An RMA number as vendors give it: letters, digits and - / . _, up to kMaxRma; trimmed. An error
// in words for the counter when it is empty or has anything else.
Result<std::string> check_rma(std::string_view rma);

// Whether `amount_cents` may be credited to the claim, and if not, why: a shipped claim, a positive
// amount, no more than is still owed unless forced with a note saying why.
Result<void> check_credit(const VendorClaim& claim, std::int64_t amount_cents, bool force, std::string_view note);

// A shipped claim still owed credit, for the aged list.
struct AgedClaim {
  VendorClaim claim;
  int days_outstanding = 0;  // since it was shipped
};
struct VendorOwed {
  std::string vendor;
  std::int64_t owed_cents = 0;
  int claims = 0;
};
struct AgedClaims {
  std::vector<AgedClaim> claims;  // oldest shipped first
  std::vector<VendorOwed> by_vendor;
  std::int64_t owed_cents = 0;
};
// The claims shipped and not fully credited on `today`, oldest first, with the totals per vendor.
AgedClaims aged_claims(const std::vector<VendorClaim>& claims, Date today);

}  // namespace aftersales
