// The status server over real sockets: every route, status code and header, the refused inputs,
// and that idle or slow clients cannot starve others.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "client_address.h"
#include "core/case_service.h"
#include "http_server.h"
#include "rate_limiter.h"
#include "status_app.h"
#include "support/http_client.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::http_get;
using testing::http_post;
using testing::raw_request;

class StatusServer : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    config.store.name = "Tienda <Centro> & Co";
    config.server.rate_limit_per_minute = 1000;
    add_sale("9001", at("2026-02-20T10:00:00Z"), {{"PHONE-1", "SN-ABCDEF123"}, {"TV-1", "SN-TV-99"}});
    auto draft = repair_draft("SN-ABCDEF123");  // Jane Doe, +34 600 123 456, jane@example.com
    repair = *cases->open_repair(draft, "kiosk");
    ASSERT_TRUE(cases->advance(repair.code, CaseStatus::diagnosing, {"tech", "<b>Opened</b> the case", true}));
    ASSERT_TRUE(cases->record_estimate(repair.code, {{"part", "Screen", 1, 8900}, {"labour", "Fitting", 1, 3000}}, "tech"));
    auto other = repair_draft("SN-TV-99");
    other.customer.name = "Zoë Ålvarez";
    done = *cases->open_repair(other, "kiosk");
    for (CaseStatus s : {CaseStatus::diagnosing, CaseStatus::ready_for_pickup, CaseStatus::completed})
      ASSERT_TRUE(cases->advance(done.code, s, {"tech", "", true}));
    start_server();
  }
  void start_server() {
    server.reset();
    app = std::make_unique<server::StatusApp>(dir.file("store.db"), config, [this] { return now; });
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    options.connection_timeout_s = timeout_s;
    options.trusted_proxies = config.server.trusted_proxies;
    options.access_log = false;
    auto started = server::HttpServer::start(options, [this](const server::HttpRequest& r) { return app->handle(r); });
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
    port = server->port();
  }
  void TearDown() override {
    server.reset();
    TestStore::TearDown();
  }
  CaseStatus status_of(const Case& c) { return cases->find_by_code(c.code)->status; }

  Case repair, done;
  std::unique_ptr<server::StatusApp> app;
  std::unique_ptr<server::HttpServer> server;
  int port = 0;
  int timeout_s = 10;
};

void expect_security_headers(const testing::RawResponse& r) {
  EXPECT_NE(r.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.header("cache-control"), "no-store");
}

TEST_F(StatusServer, StatusPageShowsTheCaseAndNoPersonalData) {
  auto r = http_get(port, "/s/" + repair.token);
  ASSERT_EQ(r.status, 200);
  expect_security_headers(r);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  for (std::string expected : {repair.code, std::string("Waiting for your approval"), std::string("J***"),
                               std::string("…F123"), std::string("Tienda &lt;Centro&gt; &amp; Co"),
                               std::string("89.00"), std::string("119.00"), std::string("Mon-Fri 9:00-19:00"),
                               std::string("+1 555 0100")})
    EXPECT_NE(r.body.find(expected), std::string::npos) << expected;
  for (std::string secret : {std::string("600 123 456"), std::string("600123456"), std::string("jane@example.com"),
                             std::string("Jane Doe"), std::string("Doe"), std::string("SN-ABCDEF123")})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
  EXPECT_EQ(r.body.find("<b>Opened</b>"), std::string::npos);  // stored text is escaped
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
  EXPECT_EQ(r.body.find("http"), std::string::npos);  // nothing loaded from elsewhere
}

TEST_F(StatusServer, TokensWorkInEitherCaseAndUnderUpperCaseS) {
  std::string lower = repair.token;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_EQ(http_get(port, "/s/" + lower).status, 200);
  EXPECT_EQ(http_get(port, "/S/" + repair.token).status, 200);  // the QR's alphanumeric form
}

TEST_F(StatusServer, UnknownMalformedAndExpiredLinksGetTheSame404) {
  auto unknown = http_get(port, "/s/00000000000000000000000001");
  auto malformed = http_get(port, "/s/hello");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(malformed.status, 404);
  EXPECT_EQ(unknown.body, malformed.body);
  expect_security_headers(malformed);
  now += std::chrono::days{config.server.link_days_after_close + 1};
  auto expired = http_get(port, "/s/" + done.token);
  EXPECT_EQ(expired.status, 404);
  EXPECT_EQ(expired.body, unknown.body);
  EXPECT_EQ(http_get(port, "/s/" + repair.token).status, 200);  // open cases never expire
}

TEST_F(StatusServer, LanguageFromAcceptLanguageOrTheSwitch) {
  auto fr = http_get(port, "/s/" + repair.token, "Accept-Language: fr-CH, fr;q=0.9, en;q=0.8\r\n");
  EXPECT_NE(fr.body.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(fr.body.find("En attente de votre accord"), std::string::npos);
  auto es = http_get(port, "/s/" + repair.token + "?lang=es", "Accept-Language: fr\r\n");
  EXPECT_NE(es.body.find("Esperando su aprobación"), std::string::npos);
  EXPECT_NE(es.body.find("href=\"?lang=fr\""), std::string::npos);
  auto de = http_get(port, "/s/" + repair.token, "Accept-Language: de-DE\r\n");
  EXPECT_NE(de.body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(StatusServer, JsonApiAndHealth) {
  auto r = http_get(port, "/api/v1/status/" + repair.token);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  expect_security_headers(r);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["code"], repair.code);
  EXPECT_EQ(j["customer"], "J***");
  EXPECT_TRUE(j["awaiting_decision"].get<bool>());
  EXPECT_EQ(j["estimate"]["total_cents"], 11900);
  EXPECT_EQ(r.body.find("jane"), std::string::npos);
  EXPECT_EQ(r.body.find(repair.token), std::string::npos);
  EXPECT_EQ(http_get(port, "/api/v1/status/00000000000000000000000001").status, 404);
  auto health = http_get(port, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(nlohmann::json::parse(health.body)["status"], "ok");
}

TEST_F(StatusServer, TheCustomerApprovesTheEstimateOnce) {
  auto r = http_post(port, "/s/" + repair.token + "/estimate", "decision=approve");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/s/" + repair.token + "?lang=en&notice=approved");
  EXPECT_EQ(status_of(repair), CaseStatus::repairing);
  auto events = *cases->events(repair.id);
  EXPECT_EQ(events.back().actor, "customer");
  EXPECT_EQ(events.back().kind, "decision");
  auto again = http_post(port, "/s/" + repair.token + "/estimate", "decision=decline");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(status_of(repair), CaseStatus::repairing);
  auto page = http_get(port, "/s/" + repair.token + "?notice=approved");
  EXPECT_NE(page.body.find("the repair is approved"), std::string::npos);
}

TEST_F(StatusServer, EstimateRefusals) {
  EXPECT_EQ(http_post(port, "/s/" + done.token + "/estimate", "decision=approve").status, 409);  // not awaiting
  EXPECT_EQ(http_post(port, "/s/" + repair.token + "/estimate", "decision=maybe").status, 400);
  EXPECT_EQ(http_post(port, "/s/00000000000000000000000001/estimate", "decision=approve").status, 404);
  EXPECT_EQ(http_get(port, "/s/" + repair.token + "/estimate").status, 405);
  EXPECT_EQ(status_of(repair), CaseStatus::awaiting_approval);
}

TEST_F(StatusServer, FeedbackIsAcceptedOncePerCompletedCase) {
  auto page = http_get(port, "/s/" + done.token);
  EXPECT_NE(page.body.find("How did we do?"), std::string::npos);
  EXPECT_EQ(http_post(port, "/s/" + done.token + "/feedback", "rating=9").status, 400);
  auto r = http_post(port, "/s/" + done.token + "/feedback", "rating=5&comment=Fast+and+friendly%21");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(count("SELECT count(*) FROM feedback WHERE rating = 5 AND comment = 'Fast and friendly!'"), 1);
  EXPECT_EQ(http_post(port, "/s/" + done.token + "/feedback", "rating=1").status, 409);
  EXPECT_EQ(http_post(port, "/s/" + repair.token + "/feedback", "rating=4").status, 409);  // not completed
  EXPECT_EQ(count("SELECT count(*) FROM feedback"), 1);
  EXPECT_NE(http_get(port, "/s/" + done.token).body.find("5 of 5"), std::string::npos);
}

TEST_F(StatusServer, TrackFormLeadsToTheCaseOnlyWithTheRightDigits) {
  auto form = http_get(port, "/track");
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=phone"), std::string::npos);
  std::string code = repair.code;
  std::erase(code, '-');
  auto ok = http_post(port, "/track", "code=" + code + "&phone=3456");
  ASSERT_EQ(ok.status, 303);
  EXPECT_EQ(ok.header("location"), "/s/" + repair.token + "?lang=en");
  auto wrong_digits = http_post(port, "/track", "code=" + code + "&phone=3457");
  auto unknown_code = http_post(port, "/track", "code=" + make_case_code(CaseKind::repair, 5) + "&phone=3456");
  auto garbage = http_post(port, "/track", "code=%00%2e%2e&phone=abcd");
  auto empty = http_post(port, "/track", "");
  for (const auto& r : {wrong_digits, unknown_code, garbage, empty}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, wrong_digits.body);
  }
}

TEST_F(StatusServer, TrackAndActionsAreRateLimitedPerClient) {
  config.server.rate_limit_per_minute = 5;
  start_server();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(http_post(port, "/track", "code=x&phone=1234").status, 404);
  auto limited = http_post(port, "/track", "code=x&phone=1234");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(http_post(port, "/s/" + done.token + "/feedback", "rating=5").status, 429);
  // Behind the trusted proxy (loopback), each forwarded client has its own allowance.
  EXPECT_EQ(http_post(port, "/track", "code=x&phone=1234", "X-Forwarded-For: 203.0.113.7\r\n").status, 404);
  EXPECT_EQ(http_get(port, "/s/" + repair.token).status, 200);  // reading is not limited
}

TEST(ClientAddress, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  std::vector<std::string> proxies{"127.0.0.1", "10.0.0.2"};
  EXPECT_EQ(server::client_address("127.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(server::client_address("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.2", proxies), "203.0.113.7");
  EXPECT_EQ(server::client_address("192.0.2.50", "203.0.113.7", proxies), "192.0.2.50");  // not a proxy of ours
  EXPECT_EQ(server::client_address("127.0.0.1", "", proxies), "127.0.0.1");
}

TEST(RateLimiter, RefillsOverTime) {
  server::RateLimiter limiter(2);
  auto t = server::RateLimiter::Clock::now();
  int retry = 0;
  EXPECT_TRUE(limiter.allow("a", t, retry));
  EXPECT_TRUE(limiter.allow("a", t, retry));
  EXPECT_FALSE(limiter.allow("a", t, retry));
  EXPECT_EQ(retry, 30);
  EXPECT_TRUE(limiter.allow("b", t, retry));
  EXPECT_TRUE(limiter.allow("a", t + std::chrono::seconds(31), retry));
}

TEST_F(StatusServer, RefusesOversizedRequestsAndPathTricks) {
  auto big_body = http_post(port, "/s/" + done.token + "/feedback", "rating=5&comment=" + std::string(20000, 'x'));
  EXPECT_EQ(big_body.status, 413);
  auto big_header = raw_request(port, "GET /s/" + repair.token + " HTTP/1.1\r\nHost: t\r\nX-Junk: " +
                                          std::string(40000, 'j') + "\r\nConnection: close\r\n\r\n");
  EXPECT_GE(big_header.status, 400);
  auto long_line = raw_request(port, "GET /" + std::string(40000, 'a') + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_GE(long_line.status, 400);
  for (std::string path : std::vector<std::string>{"/s/../../etc/passwd", "/s/" + repair.token + "/../../etc/passwd", "/s/%2e%2e/%2e%2e/etc",
                           "/s/" + repair.token + "%00", "/s/%00", "/s/" + repair.token + "/", "/static/../../x",
                           "/S/", "//s/" + repair.token, "/api/v1/status/../../healthz"}) {
    auto r = raw_request(port, "GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " -> " << r.status;
    EXPECT_EQ(r.body.find("Waiting for your approval"), std::string::npos) << path;
  }
  EXPECT_EQ(raw_request(port, "PUT /s/" + repair.token + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").status, 405);
  EXPECT_EQ(http_get(port, "/s/" + repair.token).status, 200);  // and it is still serving
}

TEST_F(StatusServer, ABackOfficeChangeShowsOnTheNextLoad) {
  ASSERT_TRUE(cases->decide_estimate(repair.code, true, "clerk"));
  ASSERT_TRUE(cases->advance(repair.code, CaseStatus::ready_for_pickup, {"clerk", "All done, come by!", true}));
  auto r = http_get(port, "/s/" + repair.token);
  EXPECT_NE(r.body.find("Ready for pickup: bring this receipt"), std::string::npos);
  EXPECT_NE(r.body.find("All done, come by!"), std::string::npos);
}

TEST_F(StatusServer, IdleAndSlowClientsCannotStarveOthers) {
  std::vector<int> sockets;
  // 200 keep-alive connections that made one request and then sit idle.
  for (int i = 0; i < 200; ++i) {
    int fd = testing::connect_loopback(port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(testing::send_all(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_EQ(testing::read_response(fd).status, 200) << i;
    sockets.push_back(fd);
  }
  // 20 requests that stop half way through their headers.
  for (int i = 0; i < 20; ++i) {
    int fd = testing::connect_loopback(port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(testing::send_all(fd, "GET /s/" + repair.token + " HTTP/1.1\r\nHost: t\r\nAccept-La"));
    sockets.push_back(fd);
  }
  auto start = std::chrono::steady_clock::now();
  auto r = http_get(port, "/s/" + repair.token);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(took, std::chrono::seconds(1)) << std::chrono::duration<double>(took).count() << " s";
  for (int fd : sockets) ::close(fd);
}

TEST_F(StatusServer, SlowClientsAreDisconnected) {
  timeout_s = 1;
  start_server();
  int fd = testing::connect_loopback(port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(testing::send_all(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n"));
  auto start = std::chrono::steady_clock::now();
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, 0);  // the server closes the connection
  EXPECT_LE(n, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  ::close(fd);
}

TEST(AccessLog, PathsLoseTheirTokens) {
  EXPECT_EQ(server::redact_path("/s/ABCDEFGHJKMNPQRSTVWXYZ0123"), "/s/…");
  EXPECT_EQ(server::redact_path("/S/ABCDEFGHJKMNPQRSTVWXYZ0123/estimate"), "/S/…/estimate");
  EXPECT_EQ(server::redact_path("/api/v1/status/ABCDEFGHJKMNPQRSTVWXYZ0123"), "/api/v1/status/…");
  EXPECT_EQ(server::redact_path("/track"), "/track");
}

}  // namespace
}  // namespace aftersales

namespace aftersales {
namespace {

TEST(StatusAppWithoutDatabase, AnswersCalmly) {
  testing::TempDir dir;
  Config config = default_config();
  server::StatusApp app(dir.file("missing.db"), config);
  server::HttpRequest request{"GET", "/s/00000000000000000000000001", {}, {}, "", "127.0.0.1"};
  auto page = app.handle(request);
  EXPECT_EQ(page.status, 503);
  EXPECT_NE(page.body.find("Please try again in a moment."), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));  // read-only: never creates one
  request.path = "/healthz";
  EXPECT_EQ(app.handle(request).status, 503);
  request.method = "POST";
  request.path = "/track";
  request.body = "code=R7K&phone=1234";
  EXPECT_EQ(app.handle(request).status, 503);
}

}  // namespace
}  // namespace aftersales
