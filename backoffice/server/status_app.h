#pragma once
// The status web app: routes a request to a page or an action and builds the response. Reads go
// through read-only database connections; only the two customer actions (estimate decision,
// feedback) use a writable one. Knows nothing of sockets, so tests drive it directly too.
#include <atomic>
#include <filesystem>
#include <memory>

#include "core/base/calendar.h"
#include "core/base/translation.h"
#include "core/config/config.h"
#include "core/domain/case.h"
#include "core/storage/change_feed.h"
#include "core/storage/database.h"
#include "failure_lock.h"
#include "http_types.h"
#include "rate_limiter.h"

namespace aftersales::server {

// What a cached status page was built from: while the app's change feed is live (PostgreSQL), the
// count of changes it announced, known without a round trip; otherwise the database's own version
// of its data.
struct PageDataVersion {
  bool from_feed = false;
  std::int64_t value = 0;
  bool operator==(const PageDataVersion&) const = default;
};

class StatusApp {
 public:
  StatusApp(std::filesystem::path database, const Config& config, Clock clock = system_now);

  // Never throws: a failure inside becomes a 500 page.
  HttpResponse handle(const HttpRequest& request);
  // True while the database server tells this app of every change its pages show (PostgreSQL):
  // a cached page is then served without asking the server anything.
  bool hears_of_changes() const { return page_data_feed_ && page_data_feed_->connected(); }
  // How many changes it has heard of so far.
  std::int64_t changes_heard() const { return page_data_changes_.load(); }

 private:
  HttpResponse route(const HttpRequest& request);
  HttpResponse status_page_for(const HttpRequest& request, const std::string& token);
  HttpResponse status_api(const HttpRequest& request, const std::string& token);
  HttpResponse estimate_action(const HttpRequest& request, const std::string& token);
  HttpResponse feedback_action(const HttpRequest& request, const std::string& token);
  HttpResponse photo_upload(const HttpRequest& request, const std::string& token);
  HttpResponse photo_image(const HttpRequest& request, const std::string& token, std::string_view rest);
  // The case a link names, while the link is alive (a closed case's link expires).
  Result<Case> linked_case(Database& db, const std::string& token);
  HttpResponse track_form(const HttpRequest& request);
  HttpResponse track_lookup(const HttpRequest& request);
  HttpResponse health();
  HttpResponse not_found(const HttpRequest& request);
  std::optional<HttpResponse> rate_limited(const HttpRequest& request, std::string_view back_href);
  std::optional<HttpResponse> track_locked(const std::string& code, Language lang);

  PageDataVersion page_data_version(Database& db);

  Result<Database*> connection(OpenMode mode);
  Result<Database*> reader();
  Result<Database*> writer();

  std::filesystem::path database_;
  const Config& config_;
  Clock clock_;
  RateLimiter limiter_;
  FailureLock track_failures_;    // wrong answers on /track, per case code
  std::uint64_t generation_ = 0;  // tells this app's cached pages from an earlier app's
  std::atomic<std::int64_t> page_data_changes_{0};
  std::unique_ptr<ChangeFeed> page_data_feed_;  // last: it stops (and stops counting) first
};

Language request_language(const HttpRequest& request);
// The route that takes a file (ServerOptions::is_upload_route): POST /s/TOKEN/photos.
bool is_photo_upload_path(std::string_view path);

}  // namespace aftersales::server
