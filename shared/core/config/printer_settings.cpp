#include "core/config/printer_settings.h"

#include <fmt/format.h>

#include <charconv>

namespace aftersales {

std::string PrinterTarget::describe() const {
  switch (kind) {
    case PrinterKind::none: return "No printer";
    case PrinterKind::file: return fmt::format("The print file {}", path);
    case PrinterKind::device: return fmt::format("The receipt printer at {}", path);
    case PrinterKind::tcp: return fmt::format("The network printer at {}:{}", host, port);
    case PrinterKind::cups: return fmt::format("The CUPS printer {}", path);
  }
  return "The printer";
}

Result<PrinterTarget> parse_printer_connection(std::string_view connection) {
  auto colon = connection.find(':');
  std::string_view scheme = connection.substr(0, colon);
  std::string_view rest = colon == std::string_view::npos ? std::string_view{} : connection.substr(colon + 1);
  PrinterTarget t;
  auto bad = [&](std::string_view why) {
    return fail(ErrorKind::config,
                fmt::format("printer.connection '{}' {}: use none, file:PATH, device:/dev/usb/lp0, tcp:HOST:9100 or "
                            "cups:QUEUE",
                            connection, why),
                "printer.connection");
  };
  if (scheme == "none" && rest.empty()) return t;
  if (rest.empty()) return bad("is incomplete");
  if (scheme == "file" || scheme == "device" || scheme == "cups") {
    t.kind = scheme == "file" ? PrinterKind::file : scheme == "device" ? PrinterKind::device : PrinterKind::cups;
    t.path = std::string(rest);
    return t;
  }
  if (scheme != "tcp") return bad("has an unknown kind");
  t.kind = PrinterKind::tcp;
  std::string_view host = rest;
  // [v6::addr]:port, host:port or host
  if (host.starts_with('[')) {
    auto close = host.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed [");
    t.host = std::string(host.substr(1, close - 1));
    host = host.substr(close + 1);
    if (!host.empty() && host[0] != ':') return bad("has text after ]");
    host = host.empty() ? host : host.substr(1);
  } else if (auto port_colon = host.rfind(':'); port_colon != std::string_view::npos) {
    t.host = std::string(host.substr(0, port_colon));
    host = host.substr(port_colon + 1);
  } else {
    t.host = std::string(host);
    host = {};
  }
  if (!host.empty()) {
    auto [end, ec] = std::from_chars(host.data(), host.data() + host.size(), t.port);
    if (ec != std::errc{} || end != host.data() + host.size() || t.port < 1 || t.port > 65535)
      return bad("has a bad port");
  }
  if (t.host.empty()) return bad("has no host");
  return t;
}

}  // namespace aftersales
