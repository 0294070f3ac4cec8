#pragma once
// Vendor and manufacturer claims (core/domain/vendor_claim.h): which repairs can be claimed from a
// vendor, a claim opened with them in one transaction, shipped under the vendor's RMA number and
// credited, and the claims still owed credit, oldest first.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/vendor_claim.h"
#include "core/storage/claims_store.h"

namespace aftersales {

class Database;

// The vendor of a product with no brand in the catalog.
inline constexpr std::string_view kUnbrandedVendor = "Unbranded";

class ClaimsService {
 public:
  ClaimsService(Database& db, const Config& config, Clock clock = system_now)
      : db_(db), config_(config), clock_(std::move(clock)) {}

  // The repairs that can be claimed, each with what it is claimed for; of one vendor (any case of
  // its name) or, with an empty vendor, of all, oldest first.
  Result<std::vector<ClaimCandidate>> claimable(std::string_view vendor = {});
  // A claim to `vendor` for the repairs `codes` (empty: every one that can be claimed), in one
  // transaction: a case that cannot be claimed (on a claim already, another vendor's, not a
  // completed repair under the manufacturer's warranty) refuses the claim, and nothing is saved.
  Result<VendorClaim> open_claim(std::string_view vendor, const std::vector<std::string>& codes,
                                 std::string_view actor);
  // Shipped to the vendor under its RMA number, on `on` (empty: today).
  Result<VendorClaim> ship(std::int64_t claim_id, std::string_view rma, std::optional<Date> on = std::nullopt);
  // A credit came in on `on` (empty: today); credits add up. More than is still owed is refused
  // unless `force`d with a note saying why.
  Result<VendorClaim> credit(std::int64_t claim_id, std::int64_t amount_cents, std::optional<Date> on = std::nullopt,
                             bool force = false, std::string_view note = {});
  Result<VendorClaim> claim(std::int64_t claim_id);
  Result<std::vector<VendorClaim>> claims();
  // Claims shipped and not fully credited, oldest first, with days outstanding and the totals per vendor.
  Result<AgedClaims> aged();
  // The claim a case is on, if any.
  Result<std::optional<ClaimOfCase>> claim_of_case(std::int64_t case_id);

 private:
  Date today() const { return config_.time_zone.local_date(clock_()); }
  // Inside the caller's transaction.
  std::vector<ClaimCandidate> candidates(std::string_view vendor);
  Result<std::vector<ClaimLine>> chosen_lines(std::string_view vendor, const std::vector<ClaimCandidate>& of_vendor,
                                              const std::vector<std::string>& codes);
  Result<Date> day_or_today(std::optional<Date> on) const;

  Database& db_;
  const Config& config_;
  Clock clock_;
};

}  // namespace aftersales
