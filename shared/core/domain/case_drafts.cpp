#include "core/domain/case_drafts.h"

#include <algorithm>
#include <cctype>

#include "core/base/text.h"
#include "core/base/translation.h"

namespace aftersales {
namespace {

bool plausible_email(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  auto domain = email.substr(at + 1);
  auto dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 2 <= domain.size() &&
         std::ranges::none_of(email, [](char c) { return c == ' ' || c == ',' || c == ';'; });
}

bool plausible_phone(std::string_view phone) {
  bool only_phone_chars = std::ranges::all_of(phone, [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '+' || c == '(' || c == ')' ||
           c == '.';
  });
  auto digits = phone_digits(phone).size();
  return only_phone_chars && digits >= 6 && digits <= 15;
}

}  // namespace

std::string phone_digits(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  return digits;
}

std::vector<Error> validate_contact(const CustomerContact& contact, bool required) {
  std::vector<Error> errors;
  auto name = trim_view(contact.name);
  auto phone = trim_view(contact.phone);
  auto email = trim_view(contact.email);
  if (required && name.empty()) errors.push_back({ErrorKind::invalid_input, "Please enter your name.", "name"});
  if (name.size() > 100)
    errors.push_back({ErrorKind::invalid_input, "That name is too long (100 characters at most).", "name"});
  if (required && phone.empty() && email.empty())
    errors.push_back({ErrorKind::invalid_input,
                      "Please give a phone number or an e-mail address, so we can tell you when it is ready.",
                      "phone"});
  if (!phone.empty() && !plausible_phone(phone))
    errors.push_back({ErrorKind::invalid_input,
                      "That phone number doesn't look right: use 6 to 15 digits, like +1 555 0100.", "phone"});
  if (!email.empty() && !plausible_email(email))
    errors.push_back({ErrorKind::invalid_input,
                      "That e-mail address doesn't look right: it should be like name@example.com.", "email"});
  if (!contact.language.empty() && !parse_language(contact.language))
    errors.push_back({ErrorKind::invalid_input, "The language must be en, es or fr.", "language"});
  if (contact.notify_consent && phone.empty() && email.empty())
    errors.push_back(
        {ErrorKind::invalid_input, "To be notified, give a phone number or an e-mail address.", "notify_consent"});
  return errors;
}

std::vector<Error> validate(const RepairDraft& draft) {
  std::vector<Error> errors;
  bool has_serial = !trim_view(draft.serial).empty();
  bool has_receipt_line = !trim_view(draft.receipt_number).empty() && draft.line_no.has_value();
  if (!has_serial && !has_receipt_line)
    errors.push_back({ErrorKind::invalid_input,
                      "Please scan or type the serial number, or the receipt number and the item on it.", "serial"});
  if (draft.serial.size() > 64)
    errors.push_back({ErrorKind::invalid_input, "That serial number is too long (64 characters at most).", "serial"});
  auto problem = trim_view(draft.problem);
  if (problem.size() < 3)
    errors.push_back({ErrorKind::invalid_input, "Please describe the problem in a few words.", "problem"});
  if (problem.size() > 2000)
    errors.push_back({ErrorKind::invalid_input, "Please keep the description under 2000 characters.", "problem"});
  for (auto& e : validate_contact(draft.customer, true)) errors.push_back(std::move(e));
  return errors;
}

std::vector<Error> validate(const ReturnDraft& draft) {
  std::vector<Error> errors;
  if (trim_view(draft.receipt_number).empty())
    errors.push_back({ErrorKind::invalid_input, "Please scan or type the receipt number.", "receipt"});
  if (trim_view(draft.sku_or_serial).empty())
    errors.push_back({ErrorKind::invalid_input, "Please choose the item you are returning.", "item"});
  if (draft.quantity < 1 || draft.quantity > 999)
    errors.push_back({ErrorKind::invalid_input, "Please choose how many you are returning (at least 1).", "quantity"});
  if (draft.details.size() > 2000)
    errors.push_back({ErrorKind::invalid_input, "Please keep the description under 2000 characters.", "details"});
  if (draft.brought_serial.size() > 100)
    errors.push_back({ErrorKind::invalid_input, "That serial number is too long (100 characters at most).", "serial"});
  for (auto& e : validate_contact(draft.customer, false)) errors.push_back(std::move(e));
  return errors;
}

}  // namespace aftersales
