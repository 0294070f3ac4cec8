#pragma once
// Small text helpers used across the core.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aftersales {

std::string_view trim_view(std::string_view text);  // without surrounding spaces, tabs, line breaks
std::string trim(std::string_view text);
std::string to_lower_ascii(std::string text);
std::string to_upper_ascii(std::string text);
// A sentence and what a person added to it: "Return rejected" and "Scratched" -> "Return rejected.
// Scratched"; with nothing added, the sentence alone.
std::string with_words(const std::string& head, const std::string& words);
// Integer cents as an amount with two decimals: 129900 -> "1299.00", -50 -> "-0.50".
std::string format_money(std::int64_t cents);
// An amount as staff type it: "12", "12.5", "12.50" or "12,50" -> cents; nullopt for anything else
// (negative, more than two decimals, thousands separators, letters, over 10 million).
std::optional<std::int64_t> parse_money(std::string_view text);
// An amount as a person reads it, in the store's currency (store.price_format, e.g. "€{}" -> "€12.50").
// Each program sets the format once at start-up from its config; machine output (CSV, JSON) keeps
// format_money.
void set_price_format(std::string pattern);
std::string format_price(std::int64_t cents);

}  // namespace aftersales
