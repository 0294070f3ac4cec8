#include "status_app.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/base/text.h"
#include "core/base/utf8.h"
#include "core/domain/case_code.h"
#include "core/domain/status_token.h"
#include "core/present/status_view.h"
#include "core/services/case_service.h"
#include "core/services/case_transfer.h"
#include "core/services/phone_answers.h"
#include "core/services/photo_service.h"
#include "core/storage/chain.h"
#include "status_pages.h"

namespace aftersales::server {
namespace {

// A well-formed token no case has: malformed tokens are looked up as this one, so every kind of
// wrong link costs the same database work and gets the same answer.
constexpr std::string_view kNoSuchToken = "00000000000000000000000000";

std::string token_to_look_up(const std::string& token) {
  return normalize_status_token(token) ? token : std::string(kNoSuchToken);
}

HttpResponse html(int status, std::string body) {
  return {status, "text/html; charset=utf-8", std::move(body), {}};
}

HttpResponse json(int status, const nlohmann::json& body) {
  return {status, "application/json", body.dump(), {}};
}

// The database could not be opened or read: a calm page, and the client may try again.
HttpResponse unavailable(Language lang, std::string_view store_name) {
  HttpResponse r = html(503, message_page(lang, store_name, tr(lang, "Temporarily unavailable"),
                                          tr(lang, "Please try again in a moment.")));
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
  // A photo says "private, no-store" itself; everything else "no-store".
  bool has_cache_control = std::ranges::any_of(r.headers, [](const auto& h) { return h.first == "Cache-Control"; });
  if (!has_cache_control) r.headers.emplace_back("Cache-Control", "no-store");
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
                     {"state", s.state == StepState::done      ? "done"
                               : s.state == StepState::current ? "current"
                                                               : "upcoming"}});
  nlohmann::json estimate = nullptr;
  if (v.estimate_state != "none") {
    estimate = {{"state", v.estimate_state},
                {"lines", nlohmann::json::array()},
                {"total_cents", v.estimate_total_cents},
                {"decided_at", v.decided_at_utc ? nlohmann::json(*v.decided_at_utc) : nlohmann::json(nullptr)},
                {"explanation", v.estimate_explanation}};
    for (const auto& l : v.estimate)
      estimate["lines"].push_back({{"kind", l.kind},
                                   {"description", l.description},
                                   {"quantity", l.quantity},
                                   {"total_cents", l.total_cents()}});
  }
  nlohmann::json pickup = nullptr;
  if (v.pickup) {
    pickup = {{"charges", nlohmann::json::array()}};
    std::int64_t total = 0;
    for (const auto& c : v.due_at_pickup) {
      pickup["charges"].push_back({{"label", c.label}, {"cents", c.cents}});
      total += c.cents;
    }
    pickup["total_cents"] = total;
  }
  nlohmann::json money = nullptr;
  if (v.kind_code == "repair")
    money = {{"paid_cents", v.paid_cents}, {"due_cents", v.due_cents}, {"credit_cents", v.credit_cents}};
  return {{"code", v.code},
          {"kind", v.kind},
          {"kind_code", v.kind_code},
          {"product", v.product},
          {"serial_ending", v.serial_hint.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.serial_hint)},
          {"customer", v.customer},
          {"status", v.status},
          {"status_code", v.status_code},
          {"next_step", v.next_step},
          {"steps", steps},
          {"promised_date", v.promised_on ? nlohmann::json(*v.promised_on) : nlohmann::json(nullptr)},
          {"part_expected", v.part_expected ? nlohmann::json(*v.part_expected) : nlohmann::json(nullptr)},
          {"part_expected_on", v.part_expected_on ? nlohmann::json(*v.part_expected_on) : nlohmann::json(nullptr)},
          {"last_update", v.last_note ? nlohmann::json(*v.last_note) : nlohmann::json(nullptr)},
          {"awaiting_decision", v.awaiting_decision},
          {"estimate", estimate},
          {"pickup", pickup},
          {"money", money},
          {"loaner_to_bring", v.loaner_to_bring ? nlohmann::json(*v.loaner_to_bring) : nlohmann::json(nullptr)},
          {"repair_warranty_until",
           v.repair_warranty_until_on ? nlohmann::json(*v.repair_warranty_until_on) : nlohmann::json(nullptr)},
          {"currency", v.currency},
          {"feedback_open", v.feedback_open},
          {"answer_received", v.answer_received ? nlohmann::json(*v.answer_received) : nlohmann::json(nullptr)},
          {"moved", v.moved ? nlohmann::json(*v.moved) : nlohmann::json(nullptr)},
          {"store",
           {{"name", v.store_name},
            {"phone", v.store_phone},
            {"opening_hours", v.opening_hours},
            {"open_now", v.open_now}}},
          {"language", language_code(v.language)}};
}

// A confirmation from the URL is shown only when the case says the same: a stale tab or a shared
// link never claims what did not happen.
std::string notice_text(const StatusView& v, const std::string& code, int customer_photos) {
  Language lang = v.language;
  std::string when = v.decided_at.value_or("");
  // A thank-you belongs to the moment after the answer: once the case has moved on (repaired,
  // ready, completed) an old link's notice would say something no longer true.
  bool just_answered = v.estimate_state == "approved"
                           ? v.status_code == "repairing" || v.status_code == "awaiting_parts"
                           : v.status_code == "ready_for_pickup";
  if (code == "approved" && v.estimate_state == "approved" && just_answered)
    return std::string(tr(lang, "Thank you: the repair is approved. We will get to work."));
  if (code == "declined" && v.estimate_state == "declined" && just_answered)
    return std::string(tr(lang, "Thank you: we will return the item unrepaired."));
  if (code == "answered" && v.estimate_state == "approved")
    return trf(lang, "We already had your answer: the estimate was approved on {}. Nothing was changed.", when);
  if (code == "answered" && v.estimate_state == "declined")
    return trf(lang, "We already had your answer: the estimate was declined on {}. Nothing was changed.", when);
  if (code == "thanks" && v.feedback_rating) return std::string(tr(lang, "Thank you for your feedback!"));
  if (code == "photo" && customer_photos > 0) return std::string(tr(lang, "Thank you: your photo was added."));
  if (code == "rated" && v.feedback_rating)
    return std::string(tr(lang, "Thank you: your feedback for this case is already in."));
  return {};
}

// Whether this is a chain's headquarters; nullopt when the database cannot say (a read, so it is
// tried twice: a connection whose server restarted reconnects at its next use).
std::optional<bool> at_headquarters(Database& db) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      return chain_membership(db).role == ChainRole::headquarters;
    } catch (const StorageError&) {
    }
  }
  return std::nullopt;
}

// At a chain's headquarters an answer waits for its store's confirmation (phone_answers.h): the
// page says it arrived instead of asking again.
void show_answers_in_transit(Database& db, CaseService& cases, const std::string& token, StatusView& v) {
  if (at_headquarters(db) != true) return;
  auto c = cases.find_by_token(token);
  if (!c) return;
  PhoneAnswers answers(db);
  if (auto waiting = answers.waiting(c->id, PhoneAnswerKind::estimate); waiting && *waiting) {
    // The case still says "waiting for your approval" until its store applies the answer: the next
    // step and the notice say what happened, so the page never asks for what was already given.
    v.awaiting_decision = false;
    v.next_step = tr(v.language, "Your answer has reached us: the store will confirm it shortly.");
    v.answer_received = (*waiting)->approved ? tr(v.language, "Estimate approved")
                                             : tr(v.language, "Estimate declined: the item is returned unrepaired");
  }
  if (auto waiting = answers.waiting(c->id, PhoneAnswerKind::feedback); waiting && *waiting) {
    v.feedback_open = false;
    v.answer_received = tr(v.language, "Thank you: your feedback has reached us.");
  }
}

// The customer's link names the case they were given; a repair transferred to another store of the
// chain is carried on by another case there, which is the one to show (headquarters holds every
// store's cases; a store's own server has only its own, and shows the transferred one).
struct CaseToShow {
  std::string token;
  std::string moved_to;  // the store it moved to, "" when it never did
  bool in_transit = false;
};

CaseToShow case_to_show(Database& db, CaseService& cases, const std::string& token) {
  CaseToShow shown{token};
  auto c = cases.find_by_token(token);
  if (!c || c->status != CaseStatus::transferred) return shown;
  auto where = follow_transfers(db, *c);
  if (!where) return shown;
  return {where->current.token, where->moved_to, where->in_transit};
}

void describe_move(Database& db, const CaseToShow& shown, StatusView& v) {
  if (shown.moved_to.empty()) return;
  std::string store = shown.moved_to;
  try {
    store = store_label(chain_stores(db), shown.moved_to);
  } catch (const StorageError&) {
    // Its id says it too.
  }
  if (!shown.in_transit) {
    v.moved = trf(v.language, "Your repair has moved to our store {}.", store);
    return;
  }
  if (at_headquarters(db) == true)  // the store has sent it; its case there is not open yet
    v.next_step = trf(v.language, "Your repair is on its way to our store {}: this page will follow it there.", store);
}

std::string query(const HttpRequest& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

// The language the customer picked: ?lang= on a link, or the lang field of a form.
std::optional<Language> chosen_language(const HttpRequest& request,
                                        const std::map<std::string, std::string>& form = {}) {
  if (auto lang = parse_language(query(request, "lang"))) return lang;
  if (auto it = form.find("lang"); it != form.end()) return parse_language(it->second);
  return std::nullopt;
}

// Accept-Language: "fr-CH, fr;q=0.9, en;q=0.8": the first listed language we have wins (the
// order given is the preference order in practice).
Language phone_language(const HttpRequest& request) {
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

}  // namespace

Language request_language(const HttpRequest& request) {
  return chosen_language(request, parse_form(request.body)).value_or(phone_language(request));
}

bool is_photo_upload_path(std::string_view path) {
  std::string token, rest;
  return (split_status_path(path, "/s/", token, rest) || split_status_path(path, "/S/", token, rest)) &&
         rest == "/photos";
}

StatusApp::StatusApp(std::filesystem::path database, const Config& config, Clock clock)
    : database_(std::move(database)),
      config_(config),
      clock_(std::move(clock)),
      limiter_(config.server.rate_limit_per_minute) {
  static std::atomic<std::uint64_t> instances{0};
  generation_ = ++instances;
  page_data_feed_ = ChangeFeed::listen(
      database_, [this] { ++page_data_changes_; }, FeedChannel::page_data);
}

PageDataVersion StatusApp::page_data_version(Database& db) {
  if (hears_of_changes()) return {true, page_data_changes_.load()};
  return {false, db.data_version()};
}

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

Result<Database*> StatusApp::reader() {
  return connection(OpenMode::read_only);
}
Result<Database*> StatusApp::writer() {
  return connection(OpenMode::read_write);
}

HttpResponse StatusApp::handle(const HttpRequest& request) {
  HttpResponse response;
  try {
    try {
      response = route(request);
    } catch (const StorageError& e) {
      // A read that met a connection lost since its last use (a database server restarted): the
      // connection reconnects at its next use, so a page is tried once more. Never a POST, and
      // never after a timeout (that would double the wait).
      if (e.kind() != StorageError::Kind::unavailable || (request.method != "GET" && request.method != "HEAD")) throw;
      response = route(request);
    }
  } catch (const std::exception& e) {
    Language lang = request_language(request);
    response = html(500, message_page(lang, config_.store.name, tr(lang, "Something went wrong"),
                                      tr(lang, "Please try again in a moment.")));
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
  if (path == "/robots.txt" && get) return {200, "text/plain; charset=utf-8", "User-agent: *\nDisallow: /\n", {}};
  if (path == "/track" && get) return track_form(request);
  if (path == "/track" && post) return track_lookup(request);
  if (split_status_path(path, "/api/v1/status/", token, rest) && rest.empty() && get) return status_api(request, token);
  if (split_status_path(path, "/s/", token, rest) || split_status_path(path, "/S/", token, rest)) {
    // Not a token's form: no such case, and nothing of it goes back into a link or a Location.
    if (!normalize_status_token(token)) return not_found(request);
    if (rest.empty() && get) return status_page_for(request, token);
    if ((rest == "/estimate" || rest == "/feedback") && post) {
      HttpResponse answered = rest == "/estimate" ? estimate_action(request, token) : feedback_action(request, token);
      // The redirect's GET must show the answer even if the feed has not told of it yet.
      ++page_data_changes_;
      return answered;
    }
    if (rest == "/photos" && post) {
      HttpResponse added = photo_upload(request, token);
      ++page_data_changes_;
      return added;
    }
    if (rest.starts_with("/photos/") && get) return photo_image(request, token, rest);
    // An old language link or a reload of an action's URL: the status page is what they want.
    if ((rest == "/estimate" || rest == "/feedback" || rest == "/photos") && get) {
      auto lang = chosen_language(request);
      return redirect(lang ? fmt::format("/s/{}?lang={}", token, language_code(*lang)) : fmt::format("/s/{}", token));
    }
    if (rest.empty() || rest == "/estimate" || rest == "/feedback" || rest == "/photos") {
      Language lang = request_language(request);
      HttpResponse r =
          html(405, message_page(lang, config_.store.name, tr(lang, "This address cannot do that"),
                                 tr(lang, "Please open the link on your receipt again."), fmt::format("/s/{}", token)));
      r.headers.emplace_back("Allow", rest.empty() ? "GET, HEAD" : "POST");
      return r;
    }
  }
  return not_found(request);
}

HttpResponse StatusApp::not_found(const HttpRequest& request) {
  return html(404, not_found_page(request_language(request), config_.store.name));
}

namespace {

// Rendered status pages, per worker thread (like its connection). An entry holds while the
// data it shows is unchanged (StatusApp::data_version) and within the same minute of the app's
// clock (promised dates and link expiry move with time); the key holds everything else the page
// depends on.
struct CachedPage {
  PageDataVersion data_version;
  std::string body;
};
constexpr std::size_t kMaxCachedPages = 512;

}  // namespace

HttpResponse StatusApp::status_page_for(const HttpRequest& request, const std::string& token) {
  Language lang = request_language(request);
  auto db = reader();
  if (!db) return unavailable(lang, config_.store.name);
  thread_local std::unordered_map<std::string, CachedPage> cache;
  std::optional<Language> chosen = chosen_language(request);
  Language fallback = phone_language(request);
  std::string notice = query(request, "notice");
  std::string confirm = query(request, "confirm");
  if (notice.size() > 16) notice.clear();
  if (confirm != "approve" && confirm != "decline") confirm.clear();
  PageDataVersion version = page_data_version(**db);
  auto minute = std::chrono::duration_cast<std::chrono::minutes>(clock_().time_since_epoch()).count();
  std::string key =
      fmt::format("{}|{}|{}|{}|{}|{}|{}", generation_, to_upper_ascii(token), chosen ? language_code(*chosen) : "-",
                  language_code(fallback), notice, confirm, minute);
  if (auto hit = cache.find(key); hit != cache.end() && hit->second.data_version == version)
    return html(200, hit->second.body);

  CaseService cases(**db, config_, clock_);
  CaseToShow shown = case_to_show(**db, cases, token_to_look_up(token));
  auto view = build_status_view(cases, shown.token, config_, chosen, fallback);
  if (!view && view.error().kind == ErrorKind::storage)  // a read: once more, on a fresh connection
    view = build_status_view(cases, shown.token, config_, chosen, fallback);
  if (!view) {
    if (view.error().kind == ErrorKind::not_found) return not_found(request);
    return unavailable(lang, config_.store.name);
  }
  show_answers_in_transit(**db, cases, shown.token, *view);
  describe_move(**db, shown, *view);
  StatusPageExtras extras{{}, confirm};
  if (auto c = cases.find_by_token(shown.token)) {
    PhotoService photos(**db, config_.photos, clock_);
    if (auto list = photos.list_photos(c->code)) {
      for (const auto& p : *list) extras.photos.push_back({p.id, p.source == PhotoSource::customer});
    }
    // Headquarters shows the stores' photos but keeps none: a photo belongs to the case's store.
    extras.photos_open = c->is_open() && at_headquarters(**db) == false;
    extras.max_upload = upload_size_text(config_.photos.max_upload_bytes);
  }
  int customer_photos =
      static_cast<int>(std::ranges::count_if(extras.photos, [](const auto& p) { return p.from_customer; }));
  extras.notice = notice_text(*view, notice, customer_photos);
  std::string body = status_page(*view, extras);
  if (cache.size() >= kMaxCachedPages) cache.clear();
  cache[key] = {version, body};
  return html(200, std::move(body));
}

HttpResponse StatusApp::status_api(const HttpRequest& request, const std::string& token) {
  auto db = reader();
  if (!db) return json(503, {{"error", "unavailable"}});
  CaseService cases(**db, config_, clock_);
  CaseToShow shown = case_to_show(**db, cases, token_to_look_up(token));
  auto view = build_status_view(cases, shown.token, config_, chosen_language(request), phone_language(request));
  if (!view) return json(view.error().kind == ErrorKind::not_found ? 404 : 503, {{"error", "not found"}});
  show_answers_in_transit(**db, cases, shown.token, *view);
  describe_move(**db, shown, *view);
  return json(200, view_json(*view));
}

std::optional<HttpResponse> StatusApp::rate_limited(const HttpRequest& request, std::string_view back_href) {
  int retry_after = 0;
  if (limiter_.allow(request.client_address, RateLimiter::Clock::now(), retry_after)) return std::nullopt;
  Language lang = request_language(request);
  HttpResponse r = html(429, message_page(lang, config_.store.name, tr(lang, "Too many tries"),
                                          tr(lang, "Please wait a minute and try again."), back_href));
  r.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return r;
}

// Approve or decline, in two steps without JavaScript: the estimate's buttons ask (GET ?confirm=),
// the confirmation posts with confirmed=yes. Whatever arrives second (a double tap, Approve then
// Decline from two tabs) lands on the status page saying what was recorded and when.
HttpResponse StatusApp::estimate_action(const HttpRequest& request, const std::string& token) {
  std::string back = fmt::format("/s/{}", token);
  if (auto limited = rate_limited(request, back)) return *limited;
  auto form = parse_form(request.body);
  Language lang = chosen_language(request, form).value_or(phone_language(request));
  std::string decision = form["decision"];
  if (decision != "approve" && decision != "decline")
    return html(400, message_page(lang, config_.store.name, tr(lang, "Please choose approve or decline."),
                                  tr(lang, "Please choose approve or decline."), back));
  auto db = writer();
  if (!db) return unavailable(lang, config_.store.name);
  CaseService cases(**db, config_, clock_);
  auto c = cases.find_by_token(token_to_look_up(token));
  if (!c && c.error().kind == ErrorKind::storage) c = cases.find_by_token(token_to_look_up(token));  // reconnected
  if (!c) return c.error().kind == ErrorKind::storage ? unavailable(lang, config_.store.name) : not_found(request);
  if (c->closed_at && cases.now() - *c->closed_at > std::chrono::days{config_.server.link_days_after_close})
    return not_found(request);
  std::string page = fmt::format("/s/{}?lang={}", c->token, language_code(lang));
  if (c->estimate_state == "approved" || c->estimate_state == "declined") return redirect(page + "&notice=answered");
  auto not_waiting = [&] {
    return html(409, message_page(lang, config_.store.name, tr(lang, "Nothing to answer"),
                                  tr(lang, "This case is not waiting for your decision any more."), back));
  };
  if (c->status != CaseStatus::awaiting_approval || c->estimate_state != "pending") return not_waiting();
  if (form["confirmed"] != "yes") return redirect(page + "&confirm=" + decision);
  auto headquarters = at_headquarters(**db);
  if (!headquarters) return unavailable(lang, config_.store.name);
  if (*headquarters) {  // the store applies it; a second answer finds the first one waiting
    PhoneAnswers answers(**db, clock_);
    if (auto kept = answers.keep_estimate_answer(*c, decision == "approve");
        !kept && kept.error().kind == ErrorKind::storage)
      return unavailable(lang, config_.store.name);
    return redirect(page);
  }
  auto decided = cases.decide_estimate(c->code, decision == "approve", "customer");
  if (!decided && decided.error().kind == ErrorKind::storage) return unavailable(lang, config_.store.name);
  if (!decided) {
    auto now = cases.find_by_token(c->token);  // answered meanwhile (the other tap won the race)?
    if (now && (now->estimate_state == "approved" || now->estimate_state == "declined"))
      return redirect(page + "&notice=answered");
    return not_waiting();
  }
  return redirect(page + (decision == "approve" ? "&notice=approved" : "&notice=declined"));
}

HttpResponse StatusApp::feedback_action(const HttpRequest& request, const std::string& token) {
  std::string back = fmt::format("/s/{}", token);
  if (auto limited = rate_limited(request, back)) return *limited;
  auto form = parse_form(request.body);
  Language lang = chosen_language(request, form).value_or(phone_language(request));
  int rating = 0;
  std::string rating_text = form["rating"];
  if (rating_text.size() == 1 && rating_text[0] >= '1' && rating_text[0] <= '5') rating = rating_text[0] - '0';
  auto db = writer();
  if (!db) return unavailable(lang, config_.store.name);
  CaseService cases(**db, config_, clock_);
  auto c = cases.find_by_token(token_to_look_up(token));
  if (!c && c.error().kind == ErrorKind::storage) c = cases.find_by_token(token_to_look_up(token));  // reconnected
  if (!c) return c.error().kind == ErrorKind::storage ? unavailable(lang, config_.store.name) : not_found(request);
  if (c->closed_at && cases.now() - *c->closed_at > std::chrono::days{config_.server.link_days_after_close})
    return not_found(request);
  std::string page = fmt::format("/s/{}?lang={}", c->token, language_code(lang));
  auto headquarters = at_headquarters(**db);
  if (!headquarters) return unavailable(lang, config_.store.name);
  if (*headquarters) {
    PhoneAnswers answers(**db, clock_);
    auto kept = answers.keep_feedback(*c, rating, form["comment"]);
    if (kept || kept.error().kind == ErrorKind::conflict) return redirect(page);
    if (kept.error().kind == ErrorKind::storage) return unavailable(lang, config_.store.name);
    return html(
        kept.error().kind == ErrorKind::invalid_input ? 400 : 409,
        message_page(lang, config_.store.name, tr(lang, "Feedback not saved"), tr(lang, kept.error().message), back));
  }
  auto saved = cases.record_feedback(c->token, rating, form["comment"]);
  // A full or failing disk is the store's trouble, not the customer's: a calm "try again".
  if (!saved && saved.error().kind == ErrorKind::storage) return unavailable(lang, config_.store.name);
  if (!saved) {
    auto given = cases.feedback_rating(c->id);
    if (given && *given) return redirect(page + "&notice=rated");  // a second send: the first one counts
    int status = saved.error().kind == ErrorKind::invalid_input ? 400 : 409;
    return html(status, message_page(lang, config_.store.name, tr(lang, "Feedback not saved"),
                                     tr(lang, saved.error().message), back));
  }
  return redirect(page + "&notice=thanks");
}

Result<Case> StatusApp::linked_case(Database& db, const std::string& token) {
  CaseService cases(db, config_, clock_);
  auto c = cases.find_by_token(token_to_look_up(token));
  if (!c && c.error().kind == ErrorKind::storage) c = cases.find_by_token(token_to_look_up(token));  // reconnected
  if (!c) return c;
  if (c->closed_at && cases.now() - *c->closed_at > std::chrono::days{config_.server.link_days_after_close})
    return fail(ErrorKind::not_found, "This link has expired.");
  return c;
}

namespace {

// A refused photo, in the customer's language: the sanitiser's and the rules' messages are
// catalog ids; the two that carry a number are made again from their pattern.
std::string photo_refusal(Language lang, const Error& error, const PhotoSettings& settings) {
  if (error.field == "photo_size")
    return trf(lang, "This photo is too big: at most {} please.", upload_size_text(settings.max_upload_bytes));
  if (error.field == "photo_limit")
    return trf(lang, "This case already has the {} photos a customer may send.", settings.max_per_case);
  return std::string(tr(lang, error.message));
}

}  // namespace

// A photo from the customer's phone: the plain form posts multipart/form-data (the HTTP server
// parses it, up to [photos] max_upload_bytes for the file); done, it goes back to the page with a
// thank-you; refused, a page says why in the customer's language.
HttpResponse StatusApp::photo_upload(const HttpRequest& request, const std::string& token) {
  std::string back = fmt::format("/s/{}", token);
  if (auto limited = rate_limited(request, back)) return *limited;
  Language lang = chosen_language(request, request.fields).value_or(phone_language(request));
  auto refused = [&](int status, const std::string& text) {
    return html(status, message_page(lang, config_.store.name, tr(lang, "Photo not added"), text, back));
  };
  if (request.upload_too_large)
    return refused(
        413, trf(lang, "This photo is too big: at most {} please.", upload_size_text(config_.photos.max_upload_bytes)));
  if (request.upload.empty()) return refused(400, std::string(tr(lang, "Please choose a photo to send.")));
  auto db = writer();
  if (!db) return unavailable(lang, config_.store.name);
  auto c = linked_case(**db, token);
  if (!c) return c.error().kind == ErrorKind::storage ? unavailable(lang, config_.store.name) : not_found(request);
  auto headquarters = at_headquarters(**db);
  if (!headquarters) return unavailable(lang, config_.store.name);
  if (*headquarters)
    return refused(409, std::string(tr(lang, "Photos cannot be sent from this page: please show them at the store.")));
  PhotoService photos(**db, config_.photos, clock_);
  auto added = photos.add_photo(c->code, request.upload, PhotoSource::customer, "customer");
  if (!added && added.error().kind == ErrorKind::storage) return unavailable(lang, config_.store.name);
  if (!added)
    return refused(added.error().kind == ErrorKind::invalid_input ? 400 : 409,
                   photo_refusal(lang, added.error(), config_.photos));
  return redirect(fmt::format("/s/{}?lang={}&notice=photo", c->token, language_code(lang)));
}

// /s/TOKEN/photos/ID and /s/TOKEN/photos/ID/thumb: a photo of that token's case only.
HttpResponse StatusApp::photo_image(const HttpRequest& request, const std::string& token, std::string_view rest) {
  rest.remove_prefix(std::string_view("/photos/").size());
  bool thumbnail = rest.ends_with("/thumb");
  if (thumbnail) rest.remove_suffix(std::string_view("/thumb").size());
  if (rest.empty() || rest.size() > 18 || !std::ranges::all_of(rest, [](char ch) { return ch >= '0' && ch <= '9'; }))
    return not_found(request);
  std::int64_t id = std::stoll(std::string(rest));
  Language lang = request_language(request);
  auto db = reader();
  if (!db) return unavailable(lang, config_.store.name);
  auto c = linked_case(**db, token);
  if (!c) return c.error().kind == ErrorKind::storage ? unavailable(lang, config_.store.name) : not_found(request);
  auto bytes = PhotoService(**db, config_.photos, clock_).photo(c->code, id, thumbnail);
  if (!bytes)
    return bytes.error().kind == ErrorKind::storage ? unavailable(lang, config_.store.name) : not_found(request);
  HttpResponse r{200, "image/jpeg", std::move(*bytes), {}};
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

HttpResponse StatusApp::track_form(const HttpRequest& request) {
  Language lang = request_language(request);
  TrackForm form;
  // What was typed, shown again in the field: clean text (no bytes that are not UTF-8, no control
  // characters), cut at 20 characters, never inside one.
  form.code = encode_utf8(decode_utf8(clean_person_text(query(request, "code"))).substr(0, 20));
  form.language_chosen = chosen_language(request).has_value();
  if (query(request, "error") == "1") {
    auto code = parse_case_code(form.code);
    form.alert = code ? std::string(tr(lang,
                                       "We could not find a case with that code and those details. "
                                       "Check both and try again."))
                      : std::string(tr(lang, code.error().message));
  }
  return html(200, track_page(lang, config_.store.name, form));
}

// A case code and something only the customer knows (the phone's last four digits, the e-mail on
// the case or the receipt number) lead to the status page. A failed try goes back to the form
// (POST/redirect/GET) with the code kept: a code that cannot be one (its check symbol, its length)
// says so; every other failure (unknown code, wrong details, an expired case) gets the same words.
HttpResponse StatusApp::track_lookup(const HttpRequest& request) {
  if (auto limited = rate_limited(request, "/track")) return *limited;
  auto form = parse_form(request.body);
  std::optional<Language> chosen = chosen_language(request, form);
  Language lang = chosen.value_or(phone_language(request));
  std::string lang_query = chosen ? fmt::format("lang={}&", language_code(*chosen)) : std::string();
  std::string typed = form["code"].substr(0, 20);
  HttpResponse failed = redirect(fmt::format("/track?{}code={}&error=1", lang_query, url_encode(typed)));
  auto db = reader();
  if (!db) return unavailable(lang, config_.store.name);
  CaseService cases(**db, config_, clock_);
  auto code = parse_case_code(typed);
  if (code) {
    if (auto locked = track_locked(*code, lang)) return *locked;
  }
  std::string wanted = code ? *code : make_case_code(CaseKind::repair, 0);
  auto c = cases.find_by_code(wanted);
  if (!c && c.error().kind == ErrorKind::storage) c = cases.find_by_code(wanted);  // reconnected
  if (!c && c.error().kind == ErrorKind::storage) return unavailable(lang, config_.store.name);
  bool matches = c && track_key_matches(**db, *c, form["phone"]);
  // Every code that can be one counts its wrong tries, a case's or not: a lock then tells nothing.
  if (code && !matches) track_failures_.failed(*code, FailureLock::Clock::now());
  if (!code || !c || !matches) return failed;
  track_failures_.succeeded(*code);
  if (c->status == CaseStatus::transferred)  // its link shows the case carrying it on, which decides the expiry
    if (auto where = follow_transfers(**db, *c); where && !where->in_transit) c->closed_at = where->current.closed_at;
  if (c->closed_at && cases.now() - *c->closed_at > std::chrono::days{config_.server.link_days_after_close})
    return failed;
  if (!chosen) return redirect(fmt::format("/s/{}", c->token));  // the case's own language wins
  return redirect(fmt::format("/s/{}?lang={}", c->token, language_code(*chosen)));
}

// A code with too many wrong tries in a row: nothing is checked until its lock ends, however right.
std::optional<HttpResponse> StatusApp::track_locked(const std::string& code, Language lang) {
  int retry_after = 0;
  if (!track_failures_.locked(code, FailureLock::Clock::now(), retry_after)) return std::nullopt;
  int minutes = std::max(1, (retry_after + 59) / 60);
  std::string text =
      trf(lang, "For your security, this case code cannot be looked up for {} minutes after too many wrong tries.",
          minutes);
  HttpResponse r = html(
      429, message_page(lang, config_.store.name, tr(lang, "Too many tries"), text, "/track", config_.store.phone));
  r.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return r;
}

HttpResponse StatusApp::health() {
  auto db = reader();
  if (!db) return json(503, {{"status", "unavailable"}, {"database", db.error().message}});
  try {
    (*db)->prepare("SELECT 1").step();
  } catch (const StorageError& e) {
    return json(503, {{"status", "unavailable"}, {"database", e.what()}});
  }
  return json(200, {{"status", "ok"}});
}

}  // namespace aftersales::server
