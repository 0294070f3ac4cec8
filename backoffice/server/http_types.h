#pragma once
// A request and its response as the status app sees them, independent of the HTTP library.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aftersales::server {

struct HttpRequest {
  std::string method;
  std::string path;                            // decoded by the HTTP library
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string client_address;  // after trusted X-Forwarded-For
  // An upload route's multipart body (ServerOptions::is_upload_route): the file sent as "photo",
  // the form's other (short) fields, and whether the file went beyond the limit (then `upload`
  // holds nothing).
  std::string upload;
  std::map<std::string, std::string> fields;
  bool upload_too_large = false;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// application/x-www-form-urlencoded
std::map<std::string, std::string> parse_form(std::string_view body);
std::string url_decode(std::string_view text);
// For a query value: everything but unreserved characters as %XX.
std::string url_encode(std::string_view text);

}  // namespace aftersales::server
