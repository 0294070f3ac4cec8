#include "core/domain/phone_number.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "core/base/text.h"
#include "core/domain/case_drafts.h"

namespace aftersales {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// What libphonenumber reads: a leading 00 is the international prefix in most of the world, and no
// national number starts with it where it is not (the United States dial 011), so it is read as "+"
// whatever the store's country.
std::string international_if_00(std::string_view phone, const std::string& digits) {
  bool has_plus = trim(phone).starts_with('+');
  return !has_plus && digits.starts_with("00") ? "+" + digits.substr(2) : std::string(phone);
}

}  // namespace

std::string phone_key(std::string_view phone, std::string_view country) {
  std::string digits = phone_digits(phone);
  if (digits.empty()) return digits;
  std::string text = international_if_00(phone, digits);
  const PhoneNumberUtil& numbers = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (numbers.Parse(text, std::string(country), &number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return text.starts_with('+') ? phone_digits(text) : digits;
  std::string e164;
  numbers.Format(number, PhoneNumberUtil::E164, &e164);
  return phone_digits(e164);
}

bool known_phone_country(std::string_view country) {
  return country.size() == 2 && PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(country)) != 0;
}

}  // namespace aftersales
