#pragma once
// What a shopper typed or a scanner sent (scanners type like a keyboard and end with Enter): a
// receipt's QR (the status URL), a case code, a receipt number or a serial number.
#include <optional>
#include <string>
#include <string_view>

namespace aftersales::kiosk {

struct ScannedStatusLink {
  std::string token;
};

// The token from a status URL such as "HTTPS://STORE.EXAMPLE/S/TOKEN" or ".../s/token?lang=es".
std::optional<ScannedStatusLink> parse_status_link(std::string_view text);
// Scanners add control characters (CR, LF, TAB, GS) at the ends: strip them and spaces.
std::string clean_scan(std::string_view text);

}  // namespace aftersales::kiosk
