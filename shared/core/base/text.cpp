#include "core/base/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace aftersales {

std::string_view trim_view(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string trim(std::string_view text) {
  return std::string(trim_view(text));
}

std::string to_lower_ascii(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string to_upper_ascii(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string format_money(std::int64_t cents) {
  std::int64_t magnitude = cents < 0 ? -cents : cents;
  return fmt::format("{}{}.{:02}", cents < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

namespace {
std::string& price_pattern() {
  static std::string pattern = "{}";
  return pattern;
}
}  // namespace

std::string with_words(const std::string& head, const std::string& words) {
  return words.empty() ? head : head + ". " + words;
}

void set_price_format(std::string pattern) {
  price_pattern() = std::move(pattern);
}

std::string format_price(std::int64_t cents) {
  const std::string& pattern = price_pattern();
  std::size_t at = pattern.find("{}");
  if (at == std::string::npos) return format_money(cents);
  return pattern.substr(0, at) + format_money(cents) + pattern.substr(at + 2);
}

std::optional<std::int64_t> parse_money(std::string_view text) {
  std::string typed = trim(text);
  std::size_t separator = typed.find_first_of(".,");
  std::string_view whole = std::string_view(typed).substr(0, separator);
  std::string_view fraction = separator == std::string::npos ? "" : std::string_view(typed).substr(separator + 1);
  auto all_digits = [](std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; };
  if (whole.empty() || whole.size() > 8 || !all_digits(whole)) return std::nullopt;
  if (separator != std::string::npos && (fraction.empty() || fraction.size() > 2 || !all_digits(fraction)))
    return std::nullopt;
  std::int64_t cents = std::stoll(std::string(whole)) * 100;
  if (!fraction.empty()) cents += std::stoll(std::string(fraction)) * (fraction.size() == 1 ? 10 : 1);
  if (cents > 10'000'000'00) return std::nullopt;
  return cents;
}

}  // namespace aftersales
