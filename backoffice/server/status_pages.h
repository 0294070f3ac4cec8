#pragma once
// The customer's pages: small, mobile-first HTML with one inline stylesheet (allowed by its hash in
// the Content-Security-Policy), no JavaScript and nothing loaded from elsewhere. Every page carries
// the store's name as its header and a heading of its own; language links only ever point at pages
// that answer GET.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/translation.h"
#include "core/present/status_view.h"

namespace aftersales::server {

std::string html_escape(std::string_view text);
// The Content-Security-Policy every response carries.
const std::string& content_security_policy();

// What the status page shows besides the case itself.
struct PagePhoto {
  std::int64_t id = 0;
  bool from_customer = false;
};

struct StatusPageExtras {
  std::string notice;             // a confirmation that matches the case's state ("" for none)
  std::string confirm;            // "approve" or "decline": the second step before the answer is sent
  std::vector<PagePhoto> photos;  // the case's, the customer's and the store's, oldest first
  bool photos_open = false;       // the case is open: the customer may add a photo
  std::string max_upload;         // "8 MB"
};

std::string status_page(const StatusView& view, const StatusPageExtras& extras = {});
std::string not_found_page(Language language, std::string_view store_name);

struct TrackForm {
  std::string code;   // what the customer typed, kept after a failed try
  std::string alert;  // why the last try failed ("" for none)
  // The customer picked this page's language: it goes on with the form. Otherwise the case opens
  // in its own language (the one used at the kiosk), not the phone's.
  bool language_chosen = false;
};
std::string track_page(Language language, std::string_view store_name, const TrackForm& form = {});

// A short page (an error, a refusal): the store's header, a heading, the text, and a link back to
// `back_href` (the status page, the track form), named for where it goes, whose language links it
// also uses. With `call_us_phone`, the text ends "Need it sooner? Call us at" the number as a link.
std::string message_page(Language language, std::string_view store_name, std::string_view title, std::string_view text,
                         std::string_view back_href = {}, std::string_view call_us_phone = {});

}  // namespace aftersales::server
