#pragma once
// What a kiosk flow or the CLI collects before a case exists. Validation reports every problem with
// the field it belongs to, so a screen can point at it.
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/domain/return_policy.h"

namespace aftersales {

struct CustomerContact {
  std::string name;
  std::string phone;
  std::string email;
  bool notify_consent = false;
  std::string language;  // what they used at the kiosk ("es"); empty: the store's default
};

struct RepairDraft {
  std::string serial;  // or receipt_number + line_no
  std::string receipt_number;
  std::optional<int> line_no;
  std::string product_description;  // needed when the serial is not one we sold
  std::string problem_category;
  std::string problem;
  std::string accessories;
  std::string condition_notes;
  CustomerContact customer;
  bool accepts_diagnostic_fee = false;  // needed when out of warranty
  std::string signature_strokes;        // from the kiosk's signature pad (see migration 0002)
  // The case's status token (status_token.h), drawn once by a caller that may have to send the same
  // check-in again (a kiosk whose link to the server broke before the answer came): a retry then
  // finds the case its first try saved instead of opening a second one. 128 random bits, so no
  // other case can hold it (a case code, 25 random bits in a chain of stores, could). Empty: fresh.
  std::string token;
  // The customer would like a loaner while the repair is on the bench (asked at the kiosk only where
  // the store offers them, [loaners] offer_at_kiosk): recorded on the case for the counter to decide.
  bool wants_loaner = false;
  // The tag of a loaner the counter lends with the check-in, in the same transaction: a loaner that
  // cannot go out (unknown, retired, out) refuses the check-in, which is then not saved. Empty: none.
  std::string lend_loaner;
};

struct ReturnDraft {
  std::string receipt_number;
  std::string sku_or_serial;
  int quantity = 1;
  ReturnReason reason = ReturnReason::changed_mind;
  ItemCondition condition = ItemCondition::sealed;
  std::string details;       // optional, in the shopper's words
  CustomerContact customer;  // optional for returns
  std::string token;         // as RepairDraft::token
  // The serial read off the item brought back. Required when the sale line recorded one (a serial
  // given as sku_or_serial counts as read off the item); a different one is recorded and the
  // return waits for a manager (return_controls.h).
  std::string brought_serial;
};

std::vector<Error> validate_contact(const CustomerContact& contact, bool required);
std::vector<Error> validate(const RepairDraft& draft);
std::vector<Error> validate(const ReturnDraft& draft);

// "+34 (600) 123-456" -> "34600123456"
std::string phone_digits(std::string_view phone);

}  // namespace aftersales
