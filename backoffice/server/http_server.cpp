#include "http_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <microhttpd.h>
#include <strings.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "access_log.h"
#include "client_address.h"
#include "request_deadline.h"

namespace aftersales::server {

struct HttpServer::Impl {
  ServerOptions options;
  Handler handler;
  AccessLog log;
  RequestDeadlines deadlines;
  std::atomic<int> uploads_in_flight{0};  // bodies of up to max_upload_bytes held at once
  Impl(ServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), log(options.log_fd), deadlines(options.request_deadline) {}
};

namespace {

constexpr std::size_t kMaxUploadField = 1024;          // an upload form's other fields (lang)
constexpr std::size_t kMultipartOverhead = 64 * 1024;  // boundaries and part headers around the file

// What one request collects while its body arrives.
struct PendingRequest {
  std::string body;
  bool too_large = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // An upload route's body goes through libmicrohttpd's multipart parser instead.
  MHD_PostProcessor* parser = nullptr;
  std::size_t body_bytes = 0;
  std::size_t max_upload_bytes = 0;
  std::string upload;
  std::map<std::string, std::string> fields;
  bool answered = false;
  std::atomic<int>* counted_upload = nullptr;  // released when the request is done

  PendingRequest() = default;
  PendingRequest(const PendingRequest&) = delete;
  PendingRequest& operator=(const PendingRequest&) = delete;
  ~PendingRequest() {
    if (counted_upload) counted_upload->fetch_sub(1);
    if (parser) MHD_destroy_post_processor(parser);
  }
};

// One piece of a multipart field: the file "photo" is kept up to the limit, short fields whole.
MHD_Result collect_upload(void* target, MHD_ValueKind, const char* key, const char* filename, const char*, const char*,
                          const char* data, uint64_t, size_t size) {
  auto* pending = static_cast<PendingRequest*>(target);
  std::string_view name = key ? key : "";
  if (filename && name == "photo") {
    if (pending->upload.size() + size > pending->max_upload_bytes) {
      pending->too_large = true;
      pending->upload.clear();
      return MHD_NO;  // stop parsing; the rest of the body is read and dropped
    }
    pending->upload.append(data, size);
  } else if (!filename && name == "lang") {  // the form's one other field: a body of many names holds nothing
    std::string& field = pending->fields[std::string(name)];
    if (field.size() + size <= kMaxUploadField) field.append(data, size);
  }
  return MHD_YES;
}

bool declared_length_above(MHD_Connection* connection, std::size_t limit) {
  const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (!length) return false;
  char* end = nullptr;
  unsigned long long value = std::strtoull(length, &end, 10);
  return end != length && value > limit;
}

MHD_Result collect_header(void* target, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(target);
  std::string name = key ? key : "";
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  (*headers)[name] = value ? value : "";
  return MHD_YES;
}

MHD_Result collect_content_length(void* target, MHD_ValueKind, const char* key, const char* value) {
  if (key && strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
    static_cast<std::vector<std::string>*>(target)->emplace_back(value ? value : "");
  return MHD_YES;
}

// What makes a request's framing ambiguous, refused before its body is read: HTTP/1.1 without a
// Host (RFC 9112 3.2), or Content-Length given twice with different values (RFC 9112 6.3: the
// way requests are smuggled past a proxy that reads the other one).
std::optional<std::string> framing_problem(MHD_Connection* connection, const char* version) {
  if (version && std::string_view(version) == MHD_HTTP_VERSION_1_1 &&
      !MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
    return "An HTTP/1.1 request needs a Host header\n";
  std::vector<std::string> lengths;
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_content_length, &lengths);
  if (std::ranges::any_of(lengths, [&](const std::string& length) { return length != lengths.front(); }))
    return "Content-Length given twice, with different values\n";
  return std::nullopt;
}

MHD_Result collect_query(void* target, MHD_ValueKind, const char* key, const char* value) {
  (*static_cast<std::map<std::string, std::string>*>(target))[key ? key : ""] = value ? value : "";
  return MHD_YES;
}

std::string peer_address(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return "unknown";
  char text[INET6_ADDRSTRLEN] = {};
  if (info->client_addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(info->client_addr)->sin_addr, text, sizeof text);
  else if (info->client_addr->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(info->client_addr)->sin6_addr, text, sizeof text);
  return text;
}

MHD_Result send(MHD_Connection* connection, const HttpResponse& r) {
  MHD_Response* response =
      MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
  if (!response) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, r.content_type.c_str());
  for (const auto& [name, value] : r.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
  MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return queued;
}

RequestDeadlines::Entry* deadline_of(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? static_cast<RequestDeadlines::Entry*>(info->socket_context) : nullptr;
}

// The request is in (or an upload is refused before its body): the handler's answer, logged.
MHD_Result finish(HttpServer::Impl* impl, MHD_Connection* connection, const char* url, const char* method,
                  PendingRequest* pending) {
  // Its deadline stops, however long the answer takes.
  RequestDeadlines::answering(deadline_of(connection));
  HttpRequest request;
  request.method = method;
  request.path = url;
  request.body = std::move(pending->body);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &request.headers);
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_query, &request.query);
  std::string peer = peer_address(connection);
  request.client_address = client_address(peer, request.header("x-forwarded-for"), impl->options.trusted_proxies);
  bool upload = pending->max_upload_bytes > 0;
  if (upload) {
    request.upload = std::move(pending->upload);
    request.fields = std::move(pending->fields);
    request.upload_too_large = pending->too_large;
  }

  HttpResponse response;
  if (pending->too_large && !upload) {
    response = {413, "text/plain; charset=utf-8", "Request body too large\n", {}};
    response.headers.emplace_back("Connection", "close");
  } else {
    try {
      response = impl->handler(request);
    } catch (const std::exception&) {
      response = {500, "text/plain; charset=utf-8", "Internal error\n", {}};
    }
  }
  if (impl->options.access_log) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - pending->started).count();
    impl->log.write(fmt::format("{} {} {} {} {}B {:.1f}ms\n", request.client_address, log_safe(request.method),
                                redact_path(request.path), response.status, response.body.size(), ms));
  }
  return send(connection, response);
}

bool is_upload(const HttpServer::Impl* impl, const char* url, const char* method) {
  return impl->options.is_upload_route && std::string_view(method) == MHD_HTTP_METHOD_POST &&
         impl->options.is_upload_route(url);
}

MHD_Result answer(void* cls, MHD_Connection* connection, const char* url, const char* method, const char* version,
                  const char* upload_data, size_t* upload_data_size, void** state) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  if (*state == nullptr) {  // headers are in; the body (if any) follows in further calls
    auto* pending = new PendingRequest();
    *state = pending;
    if (auto problem = framing_problem(connection, version)) {
      HttpResponse refused{400, "text/plain; charset=utf-8", *problem, {{"Connection", "close"}}};
      RequestDeadlines::answering(deadline_of(connection));
      return send(connection, refused);
    }
    if (is_upload(impl, url, method)) {
      // Each upload holds its body in memory: so many at once, and the next waits its turn.
      if (impl->uploads_in_flight.fetch_add(1) >= impl->options.max_uploads_in_flight) {
        impl->uploads_in_flight.fetch_sub(1);
        HttpResponse busy{503,
                          "text/plain; charset=utf-8",
                          "Many photos are being sent right now. Please try again in a minute.\n",
                          {{"Retry-After", "30"}, {"Connection", "close"}}};
        pending->answered = true;
        RequestDeadlines::answering(deadline_of(connection));
        return send(connection, busy);
      }
      pending->counted_upload = &impl->uploads_in_flight;
      pending->max_upload_bytes = impl->options.max_upload_bytes;
      // Said to be too big: answered before any of it is read (the connection then closes).
      if (declared_length_above(connection, pending->max_upload_bytes + kMultipartOverhead)) {
        pending->too_large = true;
        pending->answered = true;
        return finish(impl, connection, url, method, pending);
      }
      pending->parser = MHD_create_post_processor(connection, 16 * 1024, &collect_upload, pending);
      RequestDeadlines::allow_upload(deadline_of(connection), impl->options.upload_deadline);
    }
    return MHD_YES;
  }
  auto* pending = static_cast<PendingRequest*>(*state);
  if (pending->answered) {  // refused before its body: whatever still comes is dropped
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (pending->max_upload_bytes > 0) {
      pending->body_bytes += *upload_data_size;
      if (pending->body_bytes > pending->max_upload_bytes + kMultipartOverhead) {
        pending->too_large = true;
        pending->upload.clear();
      }
      // A malformed body stops the parser: the handler finds no file and says so.
      if (!pending->too_large && pending->parser) MHD_post_process(pending->parser, upload_data, *upload_data_size);
    } else if (pending->body.size() + *upload_data_size > impl->options.max_body_bytes) {
      pending->too_large = true;
    } else {
      pending->body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  return finish(impl, connection, url, method, pending);
}

// Decodes %XX in the path and query like libmicrohttpd does, except %00: a NUL would cut the C
// string short and turn "/s/TOKEN%00anything" into "/s/TOKEN". Left encoded, it matches no route.
size_t unescape(void*, MHD_Connection*, char* text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  char* out = text;
  for (const char* in = text; *in; ++in) {
    if (in[0] == '%' && in[1] && in[2] && hex(in[1]) >= 0 && hex(in[2]) >= 0 && (in[1] != '0' || in[2] != '0')) {
      *out++ = static_cast<char>(hex(in[1]) * 16 + hex(in[2]));
      in += 2;
    } else {
      *out++ = *in;
    }
  }
  *out = '\0';
  return static_cast<size_t>(out - text);
}

void completed(void* cls, MHD_Connection* connection, void** state, MHD_RequestTerminationCode) {
  delete static_cast<PendingRequest*>(*state);
  *state = nullptr;
  static_cast<HttpServer::Impl*>(cls)->deadlines.restart(deadline_of(connection));
}

void connection_notice(void* cls, MHD_Connection* connection, void** socket_context,
                       MHD_ConnectionNotificationCode code) {
  RequestDeadlines& deadlines = static_cast<HttpServer::Impl*>(cls)->deadlines;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    *socket_context = deadlines.opened(connection, info ? info->connect_fd : -1);
  } else {
    deadlines.closed(connection);
    *socket_context = nullptr;
  }
}

// libmicrohttpd's own complaints go to the same log, never straight to a stderr that may block.
void mhd_log(void* cls, const char* format, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  static_cast<HttpServer::Impl*>(cls)->log.write(std::string("libmicrohttpd: ") + text);
}

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80"
Result<sockaddr_storage> parse_listen(const std::string& listen, bool& ipv6) {
  sockaddr_storage address{};
  std::string host, port;
  if (listen.starts_with('[')) {
    auto close = listen.find("]:");
    if (close == std::string::npos)
      return fail(ErrorKind::config, "server.listen: write IPv6 as [::1]:8080", "server.listen");
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos)
      return fail(ErrorKind::config, "server.listen: write ADDRESS:PORT, e.g. 127.0.0.1:8080", "server.listen");
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  int port_number = -1;
  try {
    std::size_t used = 0;
    port_number = std::stoi(port, &used);
    if (used != port.size()) port_number = -1;
  } catch (const std::exception&) {
  }
  if (port_number < 0 || port_number > 65535)
    return fail(ErrorKind::config, fmt::format("server.listen: '{}' is not a port number", port), "server.listen");
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port_number));
    ipv6 = false;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port_number));
    ipv6 = true;
  } else {
    return fail(ErrorKind::config, fmt::format("server.listen: '{}' is not an IP address", host), "server.listen");
  }
  return address;
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const ServerOptions& options, Handler handler) {
  bool ipv6 = false;
  auto address = parse_listen(options.listen, ipv6);
  if (!address) return std::unexpected(address.error());
  std::unique_ptr<HttpServer> server(new HttpServer());
  server->impl_ = std::make_unique<Impl>(options, std::move(handler));
  // poll, not epoll: libmicrohttpd 0.9.75's epoll mode leaves a connection whose request overflowed
  // its memory (a few hundred query arguments) open until the timeout; poll closes it at once
  // (StatusServer.TooManyQueryArgumentsEndTheRequestAtOnce). With a few connections per pool
  // thread the two serve as fast (status_server_bench: 67,600 and 63,500 req/s in one run).
  unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | (ipv6 ? static_cast<unsigned>(MHD_USE_IPv6) : 0u);
  server->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &answer, server->impl_.get(), MHD_OPTION_EXTERNAL_LOGGER, &mhd_log,
      server->impl_.get(),  // first, so that it catches everything
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&*address), MHD_OPTION_THREAD_POOL_SIZE,
      static_cast<unsigned>(options.threads), MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned>(options.connection_timeout_s), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      static_cast<unsigned>(options.per_address_connection_limit), MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned>(options.connection_limit), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      static_cast<size_t>(options.connection_memory_bytes), MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
      MHD_OPTION_NOTIFY_COMPLETED, &completed, server->impl_.get(), MHD_OPTION_NOTIFY_CONNECTION, &connection_notice,
      server->impl_.get(), MHD_OPTION_UNESCAPE_CALLBACK, &unescape, nullptr, MHD_OPTION_END);
  if (!server->daemon_)
    return fail(ErrorKind::io,
                fmt::format("Cannot listen on {}: the address may be in use or not on this machine.", options.listen));
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info ? info->port : 0;
  return server;
}

HttpServer::~HttpServer() {
  if (daemon_) MHD_stop_daemon(daemon_);
  impl_->log.stop(std::chrono::milliseconds(500));
}

AccessLog& HttpServer::log() {
  return impl_->log;
}

}  // namespace aftersales::server
