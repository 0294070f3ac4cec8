#include "receipt_handout.h"

#include <algorithm>

#include "core/printing/receipt.h"

namespace aftersales::kiosk {
namespace {

const std::string& contact_on(const Case& c, std::string_view channel) {
  return channel == "email" ? c.customer_email : c.customer_phone;
}

}  // namespace

ReceiptHandout::ReceiptHandout(KioskServices& services, Case opened, Language language)
    : services_(services), opened_(std::move(opened)), language_(language) {
  for (const std::string& channel : services_.config.kiosk.send_receipts_by)
    if (!contact_on(opened_, channel).empty() && std::ranges::find(channels_, channel) == channels_.end())
      channels_.push_back(channel);
}

std::vector<std::string> ReceiptHandout::offered_to() const {
  std::vector<std::string> contacts;
  for (const std::string& channel : channels_)
    contacts.push_back(masked_contact(channel, contact_on(opened_, channel)));
  return contacts;
}

std::vector<PrintDocument> ReceiptHandout::arrival_prints() {
  std::vector<PrintDocument> prints;
  if (opened_.kind == CaseKind::repair)
    prints.push_back(layout_staff_label(build_staff_label(opened_, services_.config)));
  if (channels_.empty()) {
    std::vector<PrintDocument> receipt = receipt_prints();
    prints.insert(prints.begin(), receipt.begin(), receipt.end());
  }
  return prints;
}

std::vector<PrintDocument> ReceiptHandout::choose_paper() {
  if (choice_ != Choice::undecided) return {};
  return receipt_prints();
}

std::vector<PrintDocument> ReceiptHandout::receipt_prints() {
  choice_ = Choice::printed;
  return {layout_receipt(build_receipt(opened_, services_.config, language_, services_.cases.now()))};
}

Result<void> ReceiptHandout::choose_sent(const std::vector<std::string>& channels) {
  if (choice_ != Choice::undecided) return {};
  if (channels.empty()) return fail(ErrorKind::invalid_input, "Choose how to receive the receipt.", "channel");
  for (const std::string& channel : channels) {
    if (std::ranges::find(channels_, channel) == channels_.end())
      return fail(ErrorKind::invalid_input, "The receipt cannot be sent that way here.", "channel");
  }
  if (auto sent = services_.cases.send_receipt(opened_, channels, language_); !sent) return sent;
  for (const std::string& channel : channels) sent_to_.push_back(masked_contact(channel, contact_on(opened_, channel)));
  choice_ = Choice::sent;
  return {};
}

std::string masked_contact(std::string_view channel, std::string_view contact) {
  constexpr std::string_view kDots = "•••";
  if (channel == "email") {
    std::size_t at = contact.rfind('@');
    if (at == std::string_view::npos) return std::string(kDots);
    std::size_t shown = std::min<std::size_t>(2, at / 2);
    if (std::any_of(contact.begin(), contact.begin() + static_cast<std::ptrdiff_t>(shown),
                    [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; }))
      shown = 0;  // never half a character
    return std::string(contact.substr(0, shown)) + std::string(kDots) + std::string(contact.substr(at));
  }
  std::string digits;
  for (char ch : contact)
    if (ch >= '0' && ch <= '9') digits += ch;
  if (digits.size() < 6) return std::string(kDots);
  return std::string(kDots) + " " + digits.substr(digits.size() - 3);
}

}  // namespace aftersales::kiosk
