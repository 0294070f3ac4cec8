#include "status_app.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

#include <sodium.h>

#include "core/case_code.h"
#include "core/case_service.h"
#include "core/status_token.h"
#include "core/status_view.h"
#include "core/text.h"
#include "status_pages.h"

namespace aftersales::server {
namespace {

// A well-formed token no case has: malformed tokens are looked up as this one, so every kind of
// wrong link costs the same database work and gets the same answer.
constexpr std::string_view kNoSuchToken = "00000000000000000000000000";

std::string token_to_look_up(const std::string& token) {
  return normalize_status_token(token) ? token : std::string(kNoSuchToken);
}

HttpResponse html(int status, std::string body) { return {status, "text/html; charset=utf-8", std::move(body), {}}; }

HttpResponse json(int status, const nlohmann::json& body) { return {status, "application/json", body.dump(), {}}; }

// The database could not be opened or read: a calm page, and the client may try again.
HttpResponse unavailable(Language lang) {
  HttpResponse r = html(503, message_page(lang, std::string(tr(lang, "Temporarily unavailable")),
                                          std::string(tr(lang, "Please try again in a moment."))));
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

HttpResponse redirect(const std::string& location) {
  HttpResponse r{303, "text/plain; charset=utf-8", "", {}};
  r.headers.emplace_back("Location", location);
  return r;
}

void add_security_headers(HttpResponse& r) {
  r.headers.emplace_back("Content-Security-Policy", content_security_policy());
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Frame-Options", "DENY");
}

// "/s/TOKEN", "/S/TOKEN", "/s/TOKEN/estimate" -> token and the rest.
bool split_status_path(std::string_view path, std::string_view prefix, std::string& token, std::string& rest) {
  if (!path.starts_with(prefix)) return false;
  path.remove_prefix(prefix.size());
  auto slash = path.find('/');
  token = std::string(path.substr(0, slash));
  rest = slash == std::string_view::npos ? "" : std::string(path.substr(slash));
  return !token.empty();
}

nlohmann::json view_json(const StatusView& v) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : v.steps)
    steps.push_back({{"label", s.label},
                     {"state", s.state == StepState::done ? "done" : s.state == StepState::current ? "current" : "upcoming"}});
  nlohmann::json estimate = nullptr;
  if (v.awaiting_decision) {
    estimate = {{"lines", nlohmann::json::array()}, {"total_cents", v.estimate_total_cents}};
    for (const auto& l : v.estimate)
      estimate["lines"].push_back({{"kind", l.kind}, {"description", l.description}, {"quantity", l.quantity},
                                   {"total_cents", l.total_cents()}});
  }
  return {{"code", v.code},
          {"kind", v.kind},
          {"product", v.product},
          {"customer", v.customer},
          {"status", v.status},
          {"next_step", v.next_step},
          {"steps", steps},
          {"promised_date", v.promised_date ? nlohmann::json(*v.promised_date) : nlohmann::json(nullptr)},
          {"last_update", v.last_note ? nlohmann::json(*v.last_note) : nlohmann::json(nullptr)},
          {"awaiting_decision", v.awaiting_decision},
          {"estimate", estimate},
          {"feedback_open", v.feedback_open},
          {"store", {{"name", v.store_name}, {"phone", v.store_phone}, {"opening_hours", v.opening_hours}}},
          {"language", language_code(v.language)}};
}

std::string notice_text(Language lang, const std::string& code) {
  if (code == "approved") return std::string(tr(lang, "Thank you: the repair is approved. We will get to work."));
  if (code == "declined") return std::string(tr(lang, "Thank you: we will return the item unrepaired."));
  if (code == "thanks") return std::string(tr(lang, "Thank you for your feedback!"));
  return {};
}

}  // namespace

Language request_language(const HttpRequest& request) {
  if (auto it = request.query.find("lang"); it != request.query.end())
    if (auto lang = parse_language(it->second)) return *lang;
  // Accept-Language: "fr-CH, fr;q=0.9, en;q=0.8": the first listed language we have wins (the
  // order given is the preference order in practice).
  std::string accept = request.header("accept-language");
  std::string_view header = accept;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string item = trim(header.substr(0, comma));
    if (auto lang = parse_language(item.substr(0, item.find(';')))) return *lang;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return Language::en;
}

std::string redact_path(std::string_view path) {
  for (std::string_view prefix : {"/s/", "/S/", "/api/v1/status/"}) {
    if (!path.starts_with(prefix)) continue;
    auto rest = path.substr(prefix.size());
    auto slash = rest.find('/');
    return std::string(prefix) + "…" + (slash == std::string_view::npos ? "" : std::string(rest.substr(slash)));
  }
  return std::string(path.substr(0, 200));
}

StatusApp::StatusApp(std::filesystem::path database, const Config& config, Clock clock)
    : database_(std::move(database)), config_(config), clock_(std::move(clock)), limiter_(config.server.rate_limit_per_minute) {}

// One connection of each kind per worker thread: SQLite connections must not be shared by threads.
Result<Database*> StatusApp::connection(OpenMode mode) {
  thread_local std::map<std::pair<std::string, OpenMode>, Database> connections;
  auto key = std::make_pair(database_.string(), mode);
  auto it = connections.find(key);
  if (it == connections.end()) {
    auto db = Database::open(database_, mode);
    if (!db) return std::unexpected(db.error());
    it = connections.emplace(key, std::move(*db)).first;
  }
  return &it->second;
}

Result<Database*> StatusApp::reader() { return connection(OpenMode::read_only); }
Result<Database*> StatusApp::writer() { return connection(OpenMode::read_write); }

HttpResponse StatusApp::handle(const HttpRequest& request) {
  HttpResponse response;
  try {
    response = route(request);
  } catch (const std::exception& e) {
    Language lang = request_language(request);
    response = html(500, message_page(lang, std::string(tr(lang, "Something went wrong")),
                                      std::string(tr(lang, "Please try again in a moment."))));
  }
  add_security_headers(response);
  return response;
}

HttpResponse StatusApp::route(const HttpRequest& request) {
  const std::string& path = request.path;
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  std::string token, rest;
  if (path == "/healthz" && get) return health();
  if (path == "/favicon.ico" && get) return {204, "image/x-icon", "", {}};  // browsers ask; nothing to show
  if (path == "/track" && get) return track_form(request);
  if (path == "/track" && post) return track_lookup(request);
  if (split_status_path(path, "/api/v1/status/", token, rest) && rest.empty() && get) return status_api(request, token);
  if (split_status_path(path, "/s/", token, rest) || split_status_path(path, "/S/", token, rest)) {
    if (rest.empty() && get) return status_page_for(request, token);
    if (rest == "/estimate" && post) return estimate_action(request, token);
    if (rest == "/feedback" && post) return feedback_action(request, token);
    if (rest.empty() || rest == "/estimate" || rest == "/feedback") {
      HttpResponse r = html(405, message_page(request_language(request), "405", "Method not allowed"));
      r.headers.emplace_back("Allow", rest.empty() ? "GET, HEAD" : "POST");
      return r;
    }
  }
  return not_found(request);
}

HttpResponse StatusApp::not_found(const HttpRequest& request) {
  return html(404, not_found_page(request_language(request)));
}

HttpResponse StatusApp::status_page_for(const HttpRequest& request, const std::string& token) {
  Language lang = request_language(request);
  auto db = reader();
  if (!db) return unavailable(lang);
  CaseService cases(**db, config_, clock_);
  auto view = build_status_view(cases, token_to_look_up(token), config_, lang);
  if (!view) {
    if (view.error().kind == ErrorKind::not_found) return not_found(request);
    return unavailable(lang);
  }
  auto notice = request.query.find("notice");
  return html(200, status_page(*view, notice == request.query.end() ? std::string() : notice_text(lang, notice->second)));
}

HttpResponse StatusApp::status_api(const HttpRequest& request, const std::string& token) {
  Language lang = request_language(request);
  auto db = reader();
  if (!db) return json(503, {{"error", "unavailable"}});
  CaseService cases(**db, config_, clock_);
  auto view = build_status_view(cases, token_to_look_up(token), config_, lang);
  if (!view) return json(view.error().kind == ErrorKind::not_found ? 404 : 503, {{"error", "not found"}});
  return json(200, view_json(*view));
}

std::optional<HttpResponse> StatusApp::rate_limited(const HttpRequest& request) {
  int retry_after = 0;
  if (limiter_.allow(request.client_address, RateLimiter::Clock::now(), retry_after)) return std::nullopt;
  Language lang = request_language(request);
  HttpResponse r = html(429, message_page(lang, std::string(tr(lang, "Too many tries")),
                                          std::string(tr(lang, "Please wait a minute and try again."))));
  r.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return r;
}

HttpResponse StatusApp::estimate_action(const HttpRequest& request, const std::string& token) {
  if (auto limited = rate_limited(request)) return *limited;
  Language lang = request_language(request);
  auto form = parse_form(request.body);
  std::string decision = form["decision"];
  if (decision != "approve" && decision != "decline")
    return html(400, message_page(lang, "400", std::string(tr(lang, "Please choose approve or decline."))));
  auto db = writer();
  if (!db) return unavailable(lang);
  CaseService cases(**db, config_, clock_);
  auto c = cases.find_by_token(token_to_look_up(token));
  if (!c) return not_found(request);
  auto decided = cases.decide_estimate(c->code, decision == "approve", "customer");
  if (!decided)
    return html(409, message_page(lang, std::string(tr(lang, "Already answered")),
                                  std::string(tr(lang, "This case is not waiting for your decision any more."))));
  return redirect(fmt::format("/s/{}?lang={}&notice={}", c->token, language_code(lang),
                              decision == "approve" ? "approved" : "declined"));
}

HttpResponse StatusApp::feedback_action(const HttpRequest& request, const std::string& token) {
  if (auto limited = rate_limited(request)) return *limited;
  Language lang = request_language(request);
  auto form = parse_form(request.body);
  int rating = 0;
  std::string rating_text = form["rating"];
  if (rating_text.size() == 1 && rating_text[0] >= '1' && rating_text[0] <= '5') rating = rating_text[0] - '0';
  auto db = writer();
  if (!db) return unavailable(lang);
  CaseService cases(**db, config_, clock_);
  auto c = cases.find_by_token(token_to_look_up(token));
  if (!c) return not_found(request);
  auto saved = cases.record_feedback(c->token, rating, form["comment"]);
  if (!saved) {
    int status = saved.error().kind == ErrorKind::invalid_input ? 400 : 409;
    return html(status, message_page(lang, std::string(tr(lang, "Feedback not saved")),
                                     std::string(tr(lang, saved.error().message))));
  }
  return redirect(fmt::format("/s/{}?lang={}&notice=thanks", c->token, language_code(lang)));
}

HttpResponse StatusApp::track_form(const HttpRequest& request) {
  return html(200, track_page(request_language(request), config_.store.name, false));
}

// A case code and the last four digits of the phone on the case lead to the status page. Every
// failure (bad code, unknown code, wrong digits, no phone on the case) gets the same answer.
HttpResponse StatusApp::track_lookup(const HttpRequest& request) {
  if (auto limited = rate_limited(request)) return *limited;
  Language lang = request_language(request);
  auto form = parse_form(request.body);
  HttpResponse failed = html(404, track_page(lang, config_.store.name, true));
  std::string digits = form["phone"];
  auto db = reader();
  if (!db) return unavailable(lang);
  CaseService cases(**db, config_, clock_);
  auto code = parse_case_code(form["code"]);
  auto c = cases.find_by_code(code ? *code : make_case_code(CaseKind::repair, 0));
  if (!code || !c || digits.size() != 4) return failed;
  std::string phone = phone_digits(c->customer_phone);
  if (phone.size() < 4 || sodium_memcmp(phone.data() + phone.size() - 4, digits.data(), 4) != 0) return failed;
  if (c->closed_at && cases.now() - *c->closed_at > std::chrono::days{config_.server.link_days_after_close}) return failed;
  return redirect(fmt::format("/s/{}?lang={}", c->token, language_code(lang)));
}

HttpResponse StatusApp::health() {
  auto db = reader();
  if (!db) return json(503, {{"status", "unavailable"}, {"database", db.error().message}});
  try {
    (*db)->prepare("SELECT 1").step();
  } catch (const SqliteError& e) {
    return json(503, {{"status", "unavailable"}, {"database", e.what()}});
  }
  return json(200, {{"status", "ok"}});
}

}  // namespace aftersales::server
