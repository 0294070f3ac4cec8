#include "core/storage/postgres_backend.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <functional>
#include <iterator>
#include <vector>

namespace aftersales {

StorageError::Kind postgres_error_kind(std::string_view sqlstate) {
  using Kind = StorageError::Kind;
  if (sqlstate == "40001" || sqlstate == "40P01") return Kind::conflict;  // serialization failure, deadlock
  if (sqlstate == "55P03") return Kind::busy;                             // lock not available
  if (sqlstate == "53100") return Kind::disk_full;
  if (sqlstate == "25006") return Kind::read_only;
  if (sqlstate == "57014" || sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03")
    return Kind::unavailable;  // statement timeout, connection failure, server shutting down
  if (sqlstate.starts_with("23")) return Kind::constraint;
  if (sqlstate == "XX001" || sqlstate == "XX002") return Kind::damaged;
  return Kind::other;
}

std::string redact_uri_password(std::string_view uri) {
  std::string out(uri);
  std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    std::size_t start = scheme + 3;
    std::size_t end = out.find_first_of("/?", start);
    std::size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= start) {
      std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t key = out.find("password="); key != std::string::npos; key = out.find("password=", key + 1)) {
    std::size_t value = key + 9;
    std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

PostgresTarget postgres_target(const std::string& uri) {
  PostgresTarget target;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), nullptr);
  if (!options) {
    target.conninfo = uri;  // pg_dump will say what is wrong with it
    return target;
  }
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    if (std::string_view(o->keyword) == "password") {
      target.password = o->val;
      continue;
    }
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\\' || *c == '\'') value.push_back('\\');
      value.push_back(*c);
    }
    target.conninfo += fmt::format("{}{}='{}'", target.conninfo.empty() ? "" : " ", o->keyword, value);
  }
  PQconninfoFree(options);
  return target;
}

std::string one_line(const std::string& message) {
  std::string out;
  for (char c : message) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return out;
}

std::string postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      c = '$';
    }
    out.push_back(c);
  }
  return out;
}

namespace {

// Timeouts: connecting, a statement, and a link that went dead (keepalives while waiting for an
// answer; tcp_user_timeout while sending), so the person at the counter hears within seconds.
constexpr const char* kConnectTimeoutSeconds = "5";
constexpr const char* kStatementTimeout = "SET statement_timeout = '15s'";

struct ResultDeleter {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
};

struct PqFree {
  void operator()(unsigned char* memory) const noexcept { PQfreemem(memory); }
};

class PgConnection;

[[noreturn]] void throw_result_error(PGconn* conn, const PGresult* result, std::string_view context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  message = one_line(message);
  StorageError::Kind kind = state ? postgres_error_kind(state) : StorageError::Kind::other;
  if (PQstatus(conn) != CONNECTION_OK) kind = StorageError::Kind::unavailable;
  // A lost link is about the network, not the statement: the person at the counter gets no SQL.
  if (kind == StorageError::Kind::unavailable) throw StorageError(kind, message);
  throw StorageError(kind, one_line(fmt::format("{}: {}", context, message)));
}

std::int64_t parse_int(const char* text) {
  if (!text || !*text) return 0;
  if (text[0] == 't' && text[1] == 0) return 1;  // a boolean expression
  if (text[0] == 'f' && text[1] == 0) return 0;
  std::int64_t value = 0;
  std::string_view view(text);
  auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec == std::errc() && end == view.data() + view.size()) return value;
  return std::llround(std::strtod(text, nullptr));  // numeric, e.g. sum() or round() of integers
}

class PgConnection final : public Connection {
 public:
  PgConnection(std::string uri, OpenMode mode) : uri_(std::move(uri)), mode_(mode) {}

  Backend backend() const override { return Backend::postgresql; }

  // Connects (again); false with the reason in `error` when the server cannot be reached.
  bool connect(std::string& error) {
    const char* keywords[] = {"connect_timeout",     "keepalives",       "keepalives_idle",
                              "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                              "application_name",    "dbname",           nullptr};
    const char* values[] = {kConnectTimeoutSeconds, "1", "2", "1", "2", "5000", "aftersales", uri_.c_str(), nullptr};
    conn_.reset(PQconnectdbParams(keywords, values, 1));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
      error = one_line(conn_ ? PQerrorMessage(conn_.get()) : "out of memory");
      return false;
    }
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);  // NOTICEs are not for the counter
    ++generation_;
    exec(kStatementTimeout);
    if (mode_ == OpenMode::read_only) exec("SET default_transaction_read_only = on");
    return true;
  }

  PGconn* handle() {
    ensure_connected();
    return conn_.get();
  }
  int generation() const { return generation_; }
  std::string next_statement_name() { return fmt::format("s{}", ++statements_); }

  void exec(std::string_view sql) override {
    PGconn* conn = handle();
    std::string text(sql);
    PgResult result(PQexec(conn, text.c_str()));
    auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw_result_error(conn, result.get(), fmt::format("running \"{}\"", sql.substr(0, 60)));
  }
  std::unique_ptr<PreparedStatement> prepare(std::string_view sql) override;
  std::unique_ptr<RowLoader> load_rows(std::string_view table, const std::vector<std::string>& columns) override;

  void begin_write(WriteIsolation isolation) override {
    begin(isolation == WriteIsolation::row_locks ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                                 : "BEGIN ISOLATION LEVEL SERIALIZABLE");
  }
  void begin_read() override { begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void commit() override {
    exec("COMMIT");
    in_transaction_ = false;
  }
  void rollback() noexcept override {
    in_transaction_ = false;
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) return;  // the server rolled back when the link went
    PgResult result(PQexec(conn_.get(), "ROLLBACK"));
  }

  int schema_version() override {
    if (single_text("SELECT to_regclass('schema_version') IS NOT NULL") != "t") return 0;
    return static_cast<int>(parse_int(single_text("SELECT coalesce(max(version), 0) FROM schema_version").c_str()));
  }
  void set_schema_version(int version) override {
    exec("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
    exec("DELETE FROM schema_version");
    exec(fmt::format("INSERT INTO schema_version (version) VALUES ({})", version));
  }
  // Two programs upgrading the same database at once: the second waits here, then finds it done.
  void lock_schema() override { exec("SELECT pg_advisory_xact_lock(7370287)"); }
  // The snapshot (oldest running, next and in-progress transaction ids) changes whenever a
  // writing transaction anywhere starts or ends, and never for reads.
  std::int64_t data_version() override {
    return static_cast<std::int64_t>(std::hash<std::string>{}(single_text("SELECT pg_current_snapshot()::text")));
  }

 private:
  void begin(const char* sql) {
    exec(sql);
    in_transaction_ = true;
  }
  void ensure_connected() {
    if (conn_ && PQstatus(conn_.get()) == CONNECTION_OK) return;
    // Never carry on a transaction on a new connection: its first half died with the old one.
    if (in_transaction_) throw StorageError(StorageError::Kind::unavailable, "the connection was lost");
    std::string error;
    if (!connect(error)) throw StorageError(StorageError::Kind::unavailable, error);
  }
  std::string single_text(const char* sql) {
    PGconn* conn = handle();
    PgResult result(PQexec(conn, sql));
    if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) throw_result_error(conn, result.get(), sql);
    return PQntuples(result.get()) > 0 ? PQgetvalue(result.get(), 0, 0) : "";
  }

  std::string uri_;
  OpenMode mode_;
  std::unique_ptr<PGconn, ConnDeleter> conn_;
  int generation_ = 0;
  int statements_ = 0;
  bool in_transaction_ = false;
};

// A statement prepared on the server under a name of its own, again after a reconnection.
// Parameters travel as text and take the types the server infers from the SQL.
class PgStatement final : public PreparedStatement {
 public:
  PgStatement(PgConnection& connection, std::string_view sql)
      : connection_(connection), sql_(postgres_placeholders(sql)), name_(connection.next_statement_name()) {
    prepare_on_server();
  }

  void bind_int(int index, std::int64_t value) override { param(index) = std::to_string(value); }
  void bind_double(int index, double value) override { param(index) = fmt::format("{}", value); }
  void bind_text(int index, std::string_view value) override { param(index) = std::string(value); }
  void bind_null(int index) override { param(index).reset(); }
  // Parameters travel as text: bytea's hex form (\x…), which the server reads whatever its settings.
  void bind_blob(int index, std::string_view bytes) override {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex = "\\x";
    hex.reserve(2 + bytes.size() * 2);
    for (char c : bytes) {
      auto b = static_cast<unsigned char>(c);
      hex.push_back(kHex[b >> 4]);
      hex.push_back(kHex[b & 0x0F]);
    }
    param(index) = std::move(hex);
  }

  bool step() override {
    if (!result_) execute();
    return ++row_ < PQntuples(result_.get());
  }
  int changes() const override { return changes_; }
  void reset() override {
    result_.reset();
    row_ = -1;
    changes_ = 0;
    for (auto& p : params_) p.reset();
  }

  int column_index(std::string_view name) const override {
    if (!result_) return -1;
    int n = PQnfields(result_.get());
    for (int i = 0; i < n; ++i)
      if (name == PQfname(result_.get(), i)) return i;
    return -1;
  }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::int64_t get_int(int column) const override { return parse_int(PQgetvalue(result_.get(), row_, column)); }
  double get_double(int column) const override {
    const char* text = PQgetvalue(result_.get(), row_, column);
    return text && *text ? std::strtod(text, nullptr) : 0.0;
  }
  std::string get_text(int column) const override {
    return std::string(PQgetvalue(result_.get(), row_, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }
  std::string get_blob(int column) const override {
    std::size_t length = 0;
    const auto* text = reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, column));
    std::unique_ptr<unsigned char, PqFree> bytes(PQunescapeBytea(text, &length));
    if (!bytes) throw StorageError(StorageError::Kind::other, "reading bytes: out of memory");
    return std::string(reinterpret_cast<const char*>(bytes.get()), length);
  }

 private:
  std::optional<std::string>& param(int index) {
    if (index < 1) throw std::logic_error("SQL parameters start at 1");
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
    return params_[static_cast<std::size_t>(index - 1)];
  }

  void prepare_on_server() {
    PGconn* conn = connection_.handle();
    PgResult result(PQprepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr));
    if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK)
      throw_result_error(conn, result.get(), fmt::format("preparing \"{}\"", sql_.substr(0, 60)));
    generation_ = connection_.generation();
  }

  void execute() {
    PGconn* conn = connection_.handle();
    if (generation_ != connection_.generation()) prepare_on_server();  // a new connection knows none
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    result_.reset(
        PQexecPrepared(conn, name_.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0));
    auto status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      PgResult failed = std::move(result_);
      throw_result_error(conn, failed.get(), fmt::format("running \"{}\"", sql_.substr(0, 60)));
    }
    const char* tuples = PQcmdTuples(result_.get());
    changes_ = tuples && *tuples ? static_cast<int>(parse_int(tuples)) : 0;
  }

  PgConnection& connection_;
  std::string sql_;
  std::string name_;
  int generation_ = 0;
  std::vector<std::optional<std::string>> params_;
  PgResult result_;
  int row_ = -1;
  int changes_ = 0;
};

std::unique_ptr<PreparedStatement> PgConnection::prepare(std::string_view sql) {
  return std::make_unique<PgStatement>(*this, sql);
}

// Rows gathered in COPY's text format and sent a batch at a time, each batch one COPY … FROM STDIN
// from start to end, so the connection is free for other statements between batches.
class PgRowLoader final : public RowLoader {
 public:
  PgRowLoader(PgConnection& connection, std::string_view table, const std::vector<std::string>& columns)
      : connection_(connection), copy_(fmt::format("COPY {} ({}) FROM STDIN", table, fmt::join(columns, ", "))) {}

  void add_int(std::int64_t value) override {
    separate();
    fmt::format_to(std::back_inserter(batch_), "{}", value);
  }
  void add_text(std::string_view value) override {
    separate();
    for (char c : value) {
      switch (c) {
        case '\\': batch_ += "\\\\"; break;
        case '\t': batch_ += "\\t"; break;
        case '\n': batch_ += "\\n"; break;
        case '\r': batch_ += "\\r"; break;
        default: batch_ += c;
      }
    }
  }
  void add_null() override {
    separate();
    batch_ += "\\N";
  }
  void end_row() override {
    batch_ += '\n';
    first_in_row_ = true;
    if (batch_.size() >= kBatchBytes) flush();
  }

  void flush() override {
    if (batch_.empty()) return;
    PGconn* conn = connection_.handle();
    PgResult started(PQexec(conn, copy_.c_str()));
    if (!started || PQresultStatus(started.get()) != PGRES_COPY_IN)
      throw_result_error(conn, started.get(), fmt::format("running \"{}\"", copy_.substr(0, 60)));
    bool sent = PQputCopyData(conn, batch_.data(), static_cast<int>(batch_.size())) == 1;
    batch_.clear();
    sent = PQputCopyEnd(conn, sent ? nullptr : "the rows could not be sent") == 1 && sent;
    // The COPY's outcome, then nothing more: the connection is ready for the next statement.
    PgResult done(PQgetResult(conn));
    while (PGresult* more = PQgetResult(conn)) PQclear(more);
    if (!sent && PQstatus(conn) != CONNECTION_OK)
      throw StorageError(StorageError::Kind::unavailable, "the connection was lost");
    if (!done || PQresultStatus(done.get()) != PGRES_COMMAND_OK)
      throw_result_error(conn, done.get(), fmt::format("running \"{}\"", copy_.substr(0, 60)));
  }

 private:
  static constexpr std::size_t kBatchBytes = std::size_t{4} << 20;

  void separate() {
    if (!first_in_row_) batch_ += '\t';
    first_in_row_ = false;
  }

  PgConnection& connection_;
  std::string copy_;
  std::string batch_;
  bool first_in_row_ = true;
};

std::unique_ptr<RowLoader> PgConnection::load_rows(std::string_view table, const std::vector<std::string>& columns) {
  return std::make_unique<PgRowLoader>(*this, table, columns);
}

}  // namespace

Result<std::unique_ptr<Connection>> open_postgres_connection(const std::string& uri, OpenMode mode) {
  auto connection = std::make_unique<PgConnection>(uri, mode);
  std::string error;
  if (!connection->connect(error))
    return fail(ErrorKind::storage,
                fmt::format("Cannot reach the database server at {}: {}{} Check that the server is running and the "
                            "address, user and password are right.",
                            redact_uri_password(uri), error, error.ends_with('?') ? "" : "."));
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace aftersales
