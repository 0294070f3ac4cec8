#include "core/local_format.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace aftersales {
namespace {

// The abbreviations each language's own style guides use (CLDR's "abbreviated" month names).
constexpr std::array<std::string_view, 12> kEnglish = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 12> kSpanish = {"ene", "feb", "mar", "abr", "may", "jun",
                                                       "jul", "ago", "sept", "oct", "nov", "dic"};
constexpr std::array<std::string_view, 12> kFrench = {"janv.", "févr.", "mars", "avr.", "mai", "juin",
                                                      "juil.", "août", "sept.", "oct.", "nov.", "déc."};

}  // namespace

std::string format_date(Date date, Language language) {
  if (!date.ok()) return "—";
  auto month = static_cast<unsigned>(date.month()) - 1;
  const auto& names = language == Language::es ? kSpanish : language == Language::fr ? kFrench : kEnglish;
  return fmt::format("{} {} {}", static_cast<unsigned>(date.day()), names[month], static_cast<int>(date.year()));
}

}  // namespace aftersales
