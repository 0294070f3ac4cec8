#include "client_address.h"

#include <algorithm>

#include "core/base/text.h"

namespace aftersales::server {

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](const std::string& address) {
    return std::ranges::find(trusted_proxies, address) != trusted_proxies.end();
  };
  if (!trusted(peer) || forwarded_for.empty()) return peer;
  // Walk from the nearest hop back: the first address that is not one of our proxies is the client.
  std::string_view list = forwarded_for;
  std::string client = peer;
  while (!list.empty()) {
    auto comma = list.rfind(',');
    std::string hop = trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
    if (hop.empty()) continue;
    client = hop;
    if (!trusted(hop)) break;
  }
  return client;
}

}  // namespace aftersales::server
