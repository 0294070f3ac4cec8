#include "core/domain/vendor_claim.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/base/text.h"

namespace aftersales {

std::string_view to_string(ClaimWhat what) {
  return what == ClaimWhat::replaced ? "replaced" : "repaired";
}

std::optional<ClaimWhat> parse_claim_what(std::string_view text) {
  if (text == "repaired") return ClaimWhat::repaired;
  if (text == "replaced") return ClaimWhat::replaced;
  return std::nullopt;
}

std::string_view to_string(ClaimStatus status) {
  switch (status) {
    case ClaimStatus::open: return "open";
    case ClaimStatus::shipped: return "shipped";
    case ClaimStatus::credited: return "credited";
  }
  return "open";
}

std::int64_t VendorClaim::claimed_cents() const {
  std::int64_t total = 0;
  for (const ClaimLine& line : lines) total += line.claimed_cents;
  return total;
}

std::int64_t VendorClaim::owed_cents() const {
  return std::max<std::int64_t>(claimed_cents() - credit_cents, 0);
}

ClaimStatus VendorClaim::status() const {
  if (!shipped_on) return ClaimStatus::open;
  return owed_cents() == 0 ? ClaimStatus::credited : ClaimStatus::shipped;
}

std::int64_t claim_amount(const std::vector<EstimateLine>& estimate, std::int64_t parts_cost_cents) {
  if (parts_cost_cents <= 0) return estimate_total(estimate);
  std::int64_t labour = 0;
  for (const EstimateLine& line : estimate)
    if (line.kind == "labour") labour += line.total_cents();
  return parts_cost_cents + labour;
}

bool claimable(const Case& c) {
  return c.kind == CaseKind::repair && c.status == CaseStatus::completed && c.warranty == CoverageStatus::manufacturer;
}

Result<std::string> check_rma(std::string_view rma) {
  std::string trimmed = trim(rma);
  if (trimmed.empty()) return fail(ErrorKind::invalid_input, "Please type the vendor's RMA number.", "rma");
  bool plain = std::ranges::all_of(trimmed, [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '/' ||
           ch == '.' || ch == '_';
  });
  if (!plain || trimmed.size() > kMaxRma)
    return fail(ErrorKind::invalid_input,
                fmt::format("\"{}\" is not an RMA number: use the vendor's letters and digits (- / . _ allowed), up "
                            "to {} characters.",
                            trimmed, kMaxRma),
                "rma");
  return trimmed;
}

Result<void> check_credit(const VendorClaim& claim, std::int64_t amount_cents, bool force, std::string_view note) {
  if (amount_cents <= 0) return fail(ErrorKind::invalid_input, "Please type a credit of more than 0.00.", "amount");
  if (amount_cents > kMaxClaimCents)
    return fail(ErrorKind::invalid_input, "That credit is too large; please check the amount.", "amount");
  if (!claim.shipped_on)
    return fail(ErrorKind::refused,
                fmt::format("Claim {} has not been shipped yet; record its RMA number and shipping first.", claim.id));
  if (trim(note).size() > kMaxClaimNote)
    return fail(ErrorKind::invalid_input, fmt::format("Please keep the note to {} characters.", kMaxClaimNote), "note");
  if (amount_cents <= claim.owed_cents()) return {};
  if (!force)
    return fail(ErrorKind::refused,
                fmt::format("Only {} is still owed on claim {}; a larger credit needs --force and a note saying why.",
                            format_money(claim.owed_cents()), claim.id),
                "amount");
  if (trim(note).empty())
    return fail(ErrorKind::invalid_input, "A credit beyond what was claimed needs a note saying why.", "note");
  return {};
}

AgedClaims aged_claims(const std::vector<VendorClaim>& claims, Date today) {
  AgedClaims aged;
  for (const VendorClaim& claim : claims)
    if (claim.status() == ClaimStatus::shipped)
      aged.claims.push_back({claim, std::max(days_between(*claim.shipped_on, today), 0)});
  std::ranges::stable_sort(aged.claims, [](const AgedClaim& a, const AgedClaim& b) {
    if (a.claim.shipped_on != b.claim.shipped_on) return *a.claim.shipped_on < *b.claim.shipped_on;
    return a.claim.id < b.claim.id;
  });
  std::map<std::string, VendorOwed> by_vendor;
  for (const AgedClaim& a : aged.claims) {
    VendorOwed& v = by_vendor[a.claim.vendor];
    v.vendor = a.claim.vendor;
    v.owed_cents += a.claim.owed_cents();
    ++v.claims;
    aged.owed_cents += a.claim.owed_cents();
  }
  for (auto& [name, owed] : by_vendor) aged.by_vendor.push_back(owed);
  return aged;
}

}  // namespace aftersales
