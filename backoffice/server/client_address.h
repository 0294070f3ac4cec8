#pragma once
// Which address a request comes from. Behind a reverse proxy every request comes from the proxy,
// which names the real client in X-Forwarded-For; that header is believed only from the proxies
// listed in server.trusted_proxies, since anyone else could write anything in it.
#include <string>
#include <vector>

namespace aftersales::server {

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace aftersales::server
