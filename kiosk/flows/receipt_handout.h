#pragma once
// How the shopper takes their receipt away ("paper optional"). Where the store sends receipts
// ([kiosk] send_receipts_by) and the shopper gave a contact on one of those channels, the receipt
// waits for their choice: printed, or sent by e-mail, SMS or both (through the outbox, with the
// case's link, and for an e-mail the receipt as printed). A repair's bag label prints at once
// either way: it is for the staff. A shopper who leaves without choosing gets the printed receipt.
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/printing/print_document.h"
#include "kiosk_services.h"

namespace aftersales::kiosk {

class ReceiptHandout {
 public:
  enum class Choice { undecided, printed, sent };

  ReceiptHandout(KioskServices& services, Case opened, Language language);

  // The channels the shopper may choose ("email", "sms"); empty: the receipt is simply printed.
  const std::vector<std::string>& channels() const { return channels_; }
  Choice choice() const { return choice_; }
  // The contact on each of channels(), masked for the screen.
  std::vector<std::string> offered_to() const;
  // Where the receipt went, for the screen to say: the contact on each channel it was sent on.
  const std::vector<std::string>& sent_to() const { return sent_to_; }

  // What to print as the receipt screen opens: the bag label of a repair, and the receipt too when
  // there is nothing to choose.
  std::vector<PrintDocument> arrival_prints();
  // The receipt on paper: chosen, or the shopper left without choosing. Empty once decided.
  std::vector<PrintDocument> choose_paper();
  // "No paper": the receipt sent on each of `channels` (a subset of channels()). On an error
  // nothing more is sent and the choice stays open: paper is still there.
  Result<void> choose_sent(const std::vector<std::string>& channels);

 private:
  std::vector<PrintDocument> receipt_prints();

  KioskServices& services_;
  Case opened_;
  Language language_;
  std::vector<std::string> channels_;
  Choice choice_ = Choice::undecided;
  std::vector<std::string> sent_to_;
};

// A contact as the screen shows it to whoever stands behind the shopper: "ja•••@example.com",
// "••• 222".
std::string masked_contact(std::string_view channel, std::string_view contact);

}  // namespace aftersales::kiosk
