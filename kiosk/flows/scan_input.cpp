#include "scan_input.h"

#include "core/domain/status_token.h"

namespace aftersales::kiosk {

std::string clean_scan(std::string_view text) {
  auto is_noise = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == ' '; };
  while (!text.empty() && is_noise(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_noise(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::optional<ScannedStatusLink> parse_status_link(std::string_view text) {
  std::string cleaned = clean_scan(text);
  std::string_view url = cleaned;
  if (auto query = url.find_first_of("?#"); query != std::string_view::npos) url = url.substr(0, query);
  auto marker = url.rfind("/s/");
  if (marker == std::string_view::npos) marker = url.rfind("/S/");
  if (marker == std::string_view::npos) return std::nullopt;
  auto token = normalize_status_token(url.substr(marker + 3));
  if (!token) return std::nullopt;
  return ScannedStatusLink{*token};
}

}  // namespace aftersales::kiosk
