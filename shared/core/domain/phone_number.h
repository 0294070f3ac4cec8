#pragma once
// Phone numbers as one key, whichever way a customer types theirs: "+34 600 111 222",
// "0034 600111222" and, in a store in Spain, "600 111 222" are all the same customer. The store's
// country ([store] country) says how to read a number typed without its country code.
#include <string>
#include <string_view>

namespace aftersales {

// The number in E.164 without its "+" (34600111222), read by libphonenumber with `country` (ISO 3166
// alpha-2: ES, GB, US) for a number given without its country code, national trunk prefix and all
// ("07700 900123" in GB is 447700900123). A number libphonenumber cannot read is its digits, a leading
// 00 read as the international prefix. Empty for no digits.
std::string phone_key(std::string_view phone, std::string_view country);

// Whether libphonenumber knows `country` (ISO 3166 alpha-2, in capitals) as a region with a country
// calling code.
bool known_phone_country(std::string_view country);

}  // namespace aftersales
