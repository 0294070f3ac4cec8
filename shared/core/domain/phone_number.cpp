#include "core/domain/phone_number.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <optional>

#include "core/base/text.h"
#include "core/domain/case_drafts.h"

namespace aftersales {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// E.164 digits of `text` read in `country`, or nothing.
std::optional<std::string> e164_digits(const std::string& text, std::string_view country, bool* took_country) {
  const PhoneNumberUtil& numbers = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (numbers.ParseAndKeepRawInput(text, std::string(country), &number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return std::nullopt;
  if (took_country) *took_country = number.country_code_source() == PhoneNumber::FROM_DEFAULT_COUNTRY;
  std::string e164;
  numbers.Format(number, PhoneNumberUtil::E164, &e164);
  return phone_digits(e164);
}

}  // namespace

std::string phone_key(std::string_view phone, std::string_view country) {
  std::string digits = phone_digits(phone);
  if (digits.empty()) return digits;
  // As typed first: libphonenumber knows each country's own international prefix (00, 0011 in
  // Australia, 011 in the United States). A leading 00 it read as a national number (a store in the
  // United States) is the international prefix of most of the world, and no national number there
  // starts with it: read as "+".
  bool took_country = false;
  auto as_typed = e164_digits(std::string(phone), country, &took_country);
  if (digits.starts_with("00") && (!as_typed || took_country)) {
    auto international = e164_digits("+" + digits.substr(2), country, nullptr);
    return international ? *international : digits.substr(2);
  }
  return as_typed ? *as_typed : digits;
}

bool known_phone_country(std::string_view country) {
  return country.size() == 2 && PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(country)) != 0;
}

}  // namespace aftersales
