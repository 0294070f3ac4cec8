#include "core/services/claims_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/base/text.h"
#include "core/domain/case_code.h"
#include "core/storage/case_store.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

bool same_vendor(std::string_view a, std::string_view b) {
  return to_lower_ascii(std::string(trim(a))) == to_lower_ascii(std::string(trim(b)));
}

// A vendor some product of the catalog is claimed from (its brand's, or the one [claims] names).
bool vendor_known(Database& db, const ClaimSettings& settings, std::string_view vendor) {
  if (same_vendor(vendor, kUnbrandedVendor)) return true;
  for (const auto& [brand, configured] : settings.vendor_of_brand)
    if (same_vendor(configured, vendor)) return true;
  Statement s = db.prepare("SELECT 1 FROM products WHERE lower(brand) = ?1 LIMIT 1");
  std::string lower = to_lower_ascii(trim(vendor));
  s.bind_all(lower);
  return s.step() && settings.vendor_for(trim(vendor)) == trim(vendor);
}

// Why `vendor` is not one to claim from, in words for the counter.
std::unexpected<Error> unknown_vendor(const ClaimSettings& settings, std::string_view vendor) {
  std::string name = trim(vendor);
  std::string configured = settings.vendor_for(name);
  if (configured != name)
    return fail(ErrorKind::not_found,
                fmt::format("{} repairs are claimed from {} ([claims.vendors] in the config).", name, configured),
                "vendor");
  return fail(ErrorKind::not_found, fmt::format("No product in the catalog is made by \"{}\".", name), "vendor");
}

Result<VendorClaim> claim_or_error(Database& db, std::int64_t claim_id) {
  auto claim = load_claim(db, claim_id);
  if (!claim)
    return fail(ErrorKind::not_found,
                fmt::format("There is no claim {}; `aftersales claims list` shows the claims.", claim_id), "claim");
  return *claim;
}

}  // namespace

std::vector<ClaimCandidate> ClaimsService::candidates(std::string_view vendor) {
  std::vector<ClaimCandidate> found = load_claim_candidates(db_);
  for (ClaimCandidate& c : found) {
    c.vendor = c.vendor.empty() ? std::string(kUnbrandedVendor) : config_.claims.vendor_for(c.vendor);
    c.line.claimed_cents = claim_amount(load_estimate(db_, c.line.case_id), load_parts_cost(db_, c.line.case_id));
  }
  if (!trim(vendor).empty())
    std::erase_if(found, [&](const ClaimCandidate& c) { return !same_vendor(c.vendor, vendor); });
  return found;
}

Result<std::vector<ClaimCandidate>> ClaimsService::claimable(std::string_view vendor) {
  return storage_guard<std::vector<ClaimCandidate>>([&]() -> Result<std::vector<ClaimCandidate>> {
    ReadTransaction tx(db_);
    if (!trim(vendor).empty() && !vendor_known(db_, config_.claims, vendor))
      return unknown_vendor(config_.claims, vendor);
    return candidates(vendor);
  });
}

Result<std::vector<ClaimLine>> ClaimsService::chosen_lines(std::string_view vendor,
                                                           const std::vector<ClaimCandidate>& of_vendor,
                                                           const std::vector<std::string>& codes) {
  std::vector<ClaimLine> lines;
  if (codes.empty()) {
    for (const ClaimCandidate& c : of_vendor) lines.push_back(c.line);
    if (lines.empty())
      return fail(ErrorKind::refused,
                  fmt::format("There are no repairs to claim from {}: none completed under the manufacturer's "
                              "warranty that is not on a claim already.",
                              trim(vendor)),
                  "vendor");
    return lines;
  }
  for (const std::string& typed : codes) {
    auto code = parse_case_code(typed);
    if (!code) return fail(ErrorKind::invalid_input, code.error().message, "case");
    auto chosen = std::ranges::find(of_vendor, *code, [](const ClaimCandidate& c) { return c.line.case_code; });
    if (chosen != of_vendor.end()) {
      if (std::ranges::find(lines, chosen->line.case_id, &ClaimLine::case_id) == lines.end())
        lines.push_back(chosen->line);
      continue;
    }
    auto c = load_case_by_code(db_, *code);
    if (!c) return fail(ErrorKind::not_found, fmt::format("There is no case {}.", *code), "case");
    if (auto on = find_claim_of_case(db_, c->id))
      return fail(ErrorKind::refused,
                  fmt::format("Case {} is already on claim {}{}; a case is claimed once.", *code, on->claim_id,
                              on->rma.empty() ? "" : " (RMA " + on->rma + ")"),
                  "case");
    if (!aftersales::claimable(*c))
      return fail(ErrorKind::refused,
                  fmt::format("Case {} cannot be claimed: only a completed repair under the manufacturer's "
                              "warranty can.",
                              *code),
                  "case");
    return fail(ErrorKind::refused, fmt::format("Case {} is not a {} product.", *code, trim(vendor)), "case");
  }
  return lines;
}

Result<VendorClaim> ClaimsService::open_claim(std::string_view vendor, const std::vector<std::string>& codes,
                                              std::string_view actor) {
  if (trim(vendor).empty())
    return fail(ErrorKind::invalid_input, "Please name the vendor to claim from (a product's brand).", "vendor");
  return storage_guard<VendorClaim>([&]() -> Result<VendorClaim> {
    // Serializable: two counters batching the same repairs at once cannot both claim one; the one
    // run again finds them claimed.
    WriteTransaction tx(db_);
    if (!vendor_known(db_, config_.claims, vendor)) return unknown_vendor(config_.claims, vendor);
    std::vector<ClaimCandidate> of_vendor = candidates(vendor);
    auto lines = chosen_lines(vendor, of_vendor, codes);
    if (!lines) return std::unexpected(lines.error());
    // The vendor as the catalog spells it.
    std::string name = of_vendor.empty() ? std::string(trim(vendor)) : of_vendor.front().vendor;
    std::int64_t id = insert_claim(db_, name, clock_(), actor);
    for (const ClaimLine& line : *lines) insert_claim_line(db_, id, line);
    auto claim = claim_or_error(db_, id);
    tx.commit();
    return claim;
  });
}

Result<Date> ClaimsService::day_or_today(std::optional<Date> on) const {
  Date today_here = today();
  if (!on) return today_here;
  if (*on > today_here)
    return fail(ErrorKind::invalid_input,
                fmt::format("{} is in the future; please give the day it happened.", format_date(*on)), "on");
  return *on;
}

Result<VendorClaim> ClaimsService::ship(std::int64_t claim_id, std::string_view rma, std::optional<Date> on) {
  auto checked = check_rma(rma);
  if (!checked) return std::unexpected(checked.error());
  auto day = day_or_today(on);
  if (!day) return std::unexpected(day.error());
  return storage_guard<VendorClaim>([&]() -> Result<VendorClaim> {
    WriteTransaction tx(db_);
    auto claim = claim_or_error(db_, claim_id);
    if (!claim) return claim;
    if (claim->shipped_on)
      return fail(ErrorKind::refused, fmt::format("Claim {} was already shipped on {} (RMA {}).", claim_id,
                                                  format_date(*claim->shipped_on), claim->rma));
    mark_claim_shipped(db_, claim_id, *checked, *day);
    auto shipped = claim_or_error(db_, claim_id);
    tx.commit();
    return shipped;
  });
}

Result<VendorClaim> ClaimsService::credit(std::int64_t claim_id, std::int64_t amount_cents, std::optional<Date> on,
                                          bool force, std::string_view note) {
  auto day = day_or_today(on);
  if (!day) return std::unexpected(day.error());
  return storage_guard<VendorClaim>([&]() -> Result<VendorClaim> {
    // Serializable: two credits recorded at once add up, and both are checked against what is owed.
    WriteTransaction tx(db_);
    auto claim = claim_or_error(db_, claim_id);
    if (!claim) return claim;
    if (auto ok = check_credit(*claim, amount_cents, force, note); !ok) return std::unexpected(ok.error());
    if (*day < *claim->shipped_on)
      return fail(ErrorKind::invalid_input,
                  fmt::format("Claim {} was shipped on {}; its credit cannot have come before.", claim_id,
                              format_date(*claim->shipped_on)),
                  "on");
    std::string words = trim(note);
    std::string new_note = words.empty() ? claim->note : claim->note.empty() ? words : claim->note + "; " + words;
    set_claim_credit(db_, claim_id, claim->credit_cents + amount_cents, *day, new_note);
    auto credited = claim_or_error(db_, claim_id);
    tx.commit();
    return credited;
  });
}

Result<VendorClaim> ClaimsService::claim(std::int64_t claim_id) {
  return storage_guard<VendorClaim>([&]() -> Result<VendorClaim> {
    ReadTransaction tx(db_);
    return claim_or_error(db_, claim_id);
  });
}

Result<std::vector<VendorClaim>> ClaimsService::claims() {
  return storage_guard<std::vector<VendorClaim>>([&]() -> Result<std::vector<VendorClaim>> {
    ReadTransaction tx(db_);
    return load_claims(db_);
  });
}

Result<AgedClaims> ClaimsService::aged() {
  return storage_guard<AgedClaims>([&]() -> Result<AgedClaims> {
    ReadTransaction tx(db_);
    return aged_claims(load_claims(db_), today());
  });
}

Result<std::optional<ClaimOfCase>> ClaimsService::claim_of_case(std::int64_t case_id) {
  return storage_guard<std::optional<ClaimOfCase>>(
      [&]() -> Result<std::optional<ClaimOfCase>> { return find_claim_of_case(db_, case_id); });
}

}  // namespace aftersales
