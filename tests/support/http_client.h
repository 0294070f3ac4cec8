#pragma once
// A deliberately plain HTTP/1.1 client on raw sockets, so tests can also send what browsers never
// would: half requests, oversized headers, path tricks.
#include <map>
#include <string>

namespace aftersales::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

int connect_loopback(int port);  // a connected socket, or -1
bool send_all(int fd, const std::string& data);
// Sends the raw request and reads until the server closes (send "Connection: close").
RawResponse raw_request(int port, const std::string& request);
// Reads one response on a keep-alive connection (uses Content-Length).
RawResponse read_response(int fd);
RawResponse http_get(int port, const std::string& path, const std::string& extra_headers = "");
RawResponse http_post(int port, const std::string& path, const std::string& form,
                      const std::string& extra_headers = "");

}  // namespace aftersales::testing
