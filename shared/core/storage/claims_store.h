#pragma once
// Storage of vendor claims (schema 24). Plain functions over a Database; they throw StorageError and
// expect the caller to hold the transaction it needs. The rules are in core/domain/vendor_claim.h;
// ClaimsService applies them. A claim is never deleted; a case is on one claim at most.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/vendor_claim.h"
#include "core/storage/database.h"

namespace aftersales {

// A repair that may go on a claim, with its vendor (the product's brand). Its amount is not read
// here: the service works it out (claim_amount).
struct ClaimCandidate {
  std::string vendor;
  ClaimLine line;
};
// Completed repairs under the manufacturer's warranty on no claim yet, oldest first.
std::vector<ClaimCandidate> load_claim_candidates(Database& db);
// What the store's parts used on the case cost it (less parts put back).
std::int64_t load_parts_cost(Database& db, std::int64_t case_id);

std::int64_t insert_claim(Database& db, std::string_view vendor, Instant created_at, std::string_view actor);
void insert_claim_line(Database& db, std::int64_t claim_id, const ClaimLine& line);
std::optional<VendorClaim> load_claim(Database& db, std::int64_t claim_id);
// Every claim with its lines, oldest first.
std::vector<VendorClaim> load_claims(Database& db);
void mark_claim_shipped(Database& db, std::int64_t claim_id, std::string_view rma, Date on);
// The claim's credit so far (every credit added up), its last credit's day, and its note.
void set_claim_credit(Database& db, std::int64_t claim_id, std::int64_t credit_cents, Date on, std::string_view note);
// The claim a case is on, if any: its id and RMA number.
struct ClaimOfCase {
  std::int64_t claim_id = 0;
  std::string rma;
  std::string vendor;
};
std::optional<ClaimOfCase> find_claim_of_case(Database& db, std::int64_t case_id);

}  // namespace aftersales
