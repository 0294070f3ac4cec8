#pragma once
// The customer's pages: small, mobile-first HTML with one inline stylesheet (allowed by its hash in
// the Content-Security-Policy), no JavaScript and nothing loaded from elsewhere.
#include <optional>
#include <string>

#include "core/status_view.h"
#include "core/translation.h"

namespace aftersales::server {

std::string html_escape(std::string_view text);
// The Content-Security-Policy every response carries.
const std::string& content_security_policy();

std::string status_page(const StatusView& view, std::string_view notice = {});
std::string not_found_page(Language language);
std::string track_page(Language language, std::string_view store_name, bool failed);
std::string message_page(Language language, std::string_view title, std::string_view text);

}  // namespace aftersales::server
