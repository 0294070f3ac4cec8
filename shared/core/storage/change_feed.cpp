#include "core/storage/change_feed.h"

#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr const char* channel_name(FeedChannel channel) {
  return channel == FeedChannel::cases ? "aftersales_cases" : "aftersales_data";
}
constexpr int kReconnectEveryMs = 2000;

class PostgresChangeFeed final : public ChangeFeed {
 public:
  PostgresChangeFeed(std::string uri, std::function<void()> on_change, FeedChannel channel)
      : uri_(std::move(uri)), on_change_(std::move(on_change)), channel_(channel) {
    if (pipe(stop_) != 0) stop_[0] = stop_[1] = -1;
    thread_ = std::thread([this] { run(); });
  }
  ~PostgresChangeFeed() override {
    stopping_ = true;
    if (stop_[1] >= 0 && write(stop_[1], "x", 1) < 0) stop_[1] = stop_[1];  // poll also wakes within 2 s
    thread_.join();
    for (int fd : stop_)
      if (fd >= 0) close(fd);
  }
  bool connected() const override { return connected_; }

 private:
  void run() {
    while (!stopping_) {
      PGconn* conn = connect();
      if (!conn) {
        wait_for(-1, kReconnectEveryMs);
        continue;
      }
      on_change_();  // whatever happened while there was no feed (or before it), then live
      connected_ = true;
      while (!stopping_ && PQstatus(conn) == CONNECTION_OK) {
        int ready = wait_for(PQsocket(conn), 30000);
        if (ready <= 0) continue;
        if (!PQconsumeInput(conn)) break;  // the link went
        bool changed = false;
        while (PGnotify* n = PQnotifies(conn)) {
          changed = true;
          PQfreemem(n);
        }
        if (changed) on_change_();
      }
      connected_ = false;
      PQfinish(conn);
    }
  }

  PGconn* connect() {
    const char* keywords[] = {"connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
                              "keepalives_count", "application_name", "dbname",          nullptr};
    const char* values[] = {"5", "1", "5", "2", "3", "aftersales-feed", uri_.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (PQstatus(conn) == CONNECTION_OK) {
      PGresult* listening = PQexec(conn, (std::string("LISTEN ") + channel_name(channel_)).c_str());
      bool ok = PQresultStatus(listening) == PGRES_COMMAND_OK;
      PQclear(listening);
      if (ok) return conn;
    }
    PQfinish(conn);
    return nullptr;
  }

  // Sleeps until `fd` is readable, the feed stops, or the time is up: >0 readable, 0 time up, <0 stop.
  int wait_for(int fd, int timeout_ms) {
    pollfd fds[2] = {{stop_[0], POLLIN, 0}, {fd, POLLIN, 0}};
    int n = poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
    if (n > 0 && (fds[0].revents & POLLIN)) return -1;
    return n > 0 && fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) ? 1 : 0;
  }

  std::string uri_;
  std::function<void()> on_change_;
  FeedChannel channel_;
  int stop_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> connected_{false};
  std::thread thread_;
};

}  // namespace

void announce_case_change(Database& db, std::int64_t case_id) {
  if (db.backend() != Backend::postgresql) return;
  std::string id = std::to_string(case_id);
  db.prepare("SELECT pg_notify('aftersales_cases', ?1)").bind(1, id).run();
}

std::unique_ptr<ChangeFeed> ChangeFeed::listen(const std::filesystem::path& location, std::function<void()> on_change,
                                               FeedChannel channel) {
  if (!is_database_uri(location.native())) return nullptr;
  return std::make_unique<PostgresChangeFeed>(location.native(), std::move(on_change), channel);
}

}  // namespace aftersales
