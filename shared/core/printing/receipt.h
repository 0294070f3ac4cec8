#pragma once
// The customer's receipt and the staff's bag label, built from a case and the store's settings
// in the language of the kiosk session, then laid out as a PrintDocument.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/translation.h"
#include "core/config/config.h"
#include "core/domain/case.h"
#include "core/domain/loaner.h"
#include "core/printing/print_document.h"

namespace aftersales {

struct Receipt {
  Language language = Language::en;
  std::string store_name;
  std::string store_address;
  std::string store_phone;
  std::string title;                                         // "Repair check-in" / "Return request"
  std::string code;                                          // R7K-4PQ-92X
  std::string issued_at;                                     // local date and time
  std::vector<std::pair<std::string, std::string>> details;  // label, value
  std::string next_steps;                                    // what happens next, in plain words
  std::string terms;
  std::string status_url;   // what the QR holds
  std::string scan_prompt;  // "Scan to track your case"
};

struct StaffLabel {
  std::string code;
  std::string customer_name;
  std::string product;
  std::string serial;
  std::string checked_in;  // local date
  std::string accessories;
};

// The status link as printed in the QR: the configured base URL, with its scheme and host in upper
// case when that is all it has, so the whole URL fits QR's compact alphanumeric mode. The status
// server accepts /S/ and /s/ and tokens in either case.
std::string qr_status_url(const Config& config, const std::string& token);

// `loan`: the repair's loan, printed while the loaner is out ("Loaner: L-07 iPhone 8, to return at pickup").
Receipt build_receipt(const Case& c, const Config& config, Language language, Instant now,
                      const std::optional<Loan>& loan = std::nullopt);
// The terms printed under every receipt (the kiosk shows them before the shopper signs).
std::string receipt_terms(Language language);
StaffLabel build_staff_label(const Case& c, const Config& config);

PrintDocument layout_receipt(const Receipt& receipt);
PrintDocument layout_staff_label(const StaffLabel& label);

// What to print when a case is opened: the receipt, and for a repair check-in the bag label too.
std::vector<PrintDocument> opening_prints(const Case& c, const Config& config, Language language, Instant now,
                                          const std::optional<Loan>& loan = std::nullopt);

}  // namespace aftersales
