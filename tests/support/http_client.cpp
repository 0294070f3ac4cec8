#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace aftersales::testing {
namespace {

RawResponse parse(const std::string& raw) {
  RawResponse r;
  auto head_end = raw.find("\r\n\r\n");
  std::string head = raw.substr(0, head_end);
  r.body = head_end == std::string::npos ? "" : raw.substr(head_end + 4);
  if (head.size() > 12) r.status = std::atoi(head.substr(9, 3).c_str());
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos < head.size()) {
    std::size_t next = head.find("\r\n", pos + 2);
    std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[name] = value;
    }
    pos = next;
  }
  return r;
}

}  // namespace

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

RawResponse raw_request(int port, const std::string& request) {
  int fd = connect_loopback(port);
  if (fd < 0) return {};
  send_all(fd, request);
  std::string raw;
  char buffer[8192];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) raw.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return parse(raw);
}

RawResponse read_response(int fd) {
  std::string raw;
  char buffer[8192];
  while (true) {
    auto head_end = raw.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      RawResponse r = parse(raw);
      std::size_t length = static_cast<std::size_t>(std::atoll(r.header("content-length").c_str()));
      if (raw.size() >= head_end + 4 + length) return parse(raw.substr(0, head_end + 4 + length));
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return parse(raw);
    raw.append(buffer, static_cast<std::size_t>(n));
  }
}

RawResponse http_get(int port, const std::string& path, const std::string& extra_headers) {
  return raw_request(port, "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" + extra_headers + "\r\n");
}

RawResponse http_post(int port, const std::string& path, const std::string& form, const std::string& extra_headers) {
  return raw_request(port, "POST " + path +
                               " HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: "
                               "application/x-www-form-urlencoded\r\nContent-Length: " +
                               std::to_string(form.size()) + "\r\n" + extra_headers + "\r\n" + form);
}

}  // namespace aftersales::testing
