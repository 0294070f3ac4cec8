#pragma once
// The HTTP server under the status app: libmicrohttpd with a thread pool polling its sockets, chosen because
// the page faces the internet. Idle keep-alive and slow clients cost a socket, not a thread; idle
// ones time out, and every request must be complete within a deadline however it trickles
// (request_deadline.h); each address may hold only so many connections; request line and headers
// must fit in a fixed memory budget per connection; bodies are capped.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "access_log.h"
#include "core/base/error.h"
#include "http_types.h"

struct MHD_Daemon;

namespace aftersales::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // "ADDRESS:PORT"; port 0 picks a free one
  int threads = 4;
  int connection_timeout_s = 10;  // idle: libmicrohttpd counts the time since the client last sent
  // From accept, or the end of the previous request, to a complete request: a client trickling
  // its headers or body a byte at a time is cut off here although it is never idle for long.
  std::chrono::milliseconds request_deadline{10000};
  int per_address_connection_limit = 256;
  int connection_limit = 4000;
  int connection_memory_bytes = 16 * 1024;  // request line + headers must fit
  std::size_t max_body_bytes = 8 * 1024;
  // The routes that take a file (a photo from a phone): their multipart/form-data body is parsed
  // here (HttpRequest::upload, ::fields), up to max_upload_bytes for the file; every other
  // request's body stays within max_body_bytes.
  std::function<bool(std::string_view path)> is_upload_route;
  std::size_t max_upload_bytes = 8 * 1024 * 1024;
  int max_uploads_in_flight = 4;                      // beyond: 503, before the body is read (memory stays bounded)
  std::chrono::milliseconds upload_deadline{120000};  // instead of request_deadline, for an upload
  std::vector<std::string> trusted_proxies;
  bool access_log = true;  // one line per request, tokens redacted, written off the request path
  int log_fd = 2;          // where the log goes (stderr); a slow sink drops lines, never a request
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  static Result<std::unique_ptr<HttpServer>> start(const ServerOptions& options, Handler handler);
  ~HttpServer();  // stops accepting, closes everything, gives the log a short grace period
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  // The server's log (requests, libmicrohttpd's own messages); others may add lines to it.
  AccessLog& log();

  // Exposed for libmicrohttpd's C callbacks.
  struct Impl;

 private:
  HttpServer() = default;
  std::unique_ptr<Impl> impl_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace aftersales::server
