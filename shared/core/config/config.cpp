#include "core/config/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>

#include "core/base/text.h"
#include "core/base/translation.h"
#include "core/domain/phone_number.h"

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

namespace aftersales {

OpeningHours default_opening_hours() {
  OpeningHours hours;
  for (int d = 0; d < 5; ++d) hours.week[static_cast<std::size_t>(d)] = {{9 * 60, 19 * 60}};
  hours.week[5] = {{10 * 60, 18 * 60}};
  return hours;
}

namespace {

// Reads one table, remembering which keys it consumed so that unknown (misspelt) keys are reported.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix) : table_(table), prefix_(std::move(prefix)) {}

  std::string key_name(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : fmt::format("{}.{}", prefix_, key);
  }

  Result<void> text(std::string_view key, std::string& out) {
    const toml::node* node = take(key);
    if (!node) return {};
    if (!node->is_string()) return wrong(key, "text in quotes");
    out = *node->value<std::string>();
    return {};
  }

  Result<void> integer(std::string_view key, int& out, int min, int max) {
    std::int64_t value = out;
    if (auto r = integer64(key, value, min, max); !r) return r;
    out = static_cast<int>(value);
    return {};
  }

  Result<void> integer64(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) {
    const toml::node* node = take(key);
    if (!node) return {};
    if (!node->is_integer()) return wrong(key, fmt::format("a whole number from {} to {}", min, max));
    std::int64_t value = *node->value<std::int64_t>();
    if (value < min || value > max)
      return fail(ErrorKind::config, fmt::format("{} is {}, but must be from {} to {}", key_name(key), value, min, max),
                  key_name(key));
    out = value;
    return {};
  }

  Result<void> number(std::string_view key, double& out, double min, double max) {
    const toml::node* node = take(key);
    if (!node) return {};
    if (!node->is_number()) return wrong(key, fmt::format("a number from {} to {}", min, max));
    double value = node->is_integer() ? static_cast<double>(*node->value<std::int64_t>()) : *node->value<double>();
    if (value < min || value > max)
      return fail(ErrorKind::config, fmt::format("{} is {}, but must be from {} to {}", key_name(key), value, min, max),
                  key_name(key));
    out = value;
    return {};
  }

  Result<void> boolean(std::string_view key, bool& out) {
    const toml::node* node = take(key);
    if (!node) return {};
    if (!node->is_boolean()) return wrong(key, "true or false");
    out = *node->value<bool>();
    return {};
  }

  Result<void> text_list(std::string_view key, std::vector<std::string>& out,
                         std::string_view example = R"(["Mon-Fri 9:00-19:00"])") {
    const toml::node* node = take(key);
    if (!node) return {};
    const toml::array* array = node->as_array();
    std::string expected = fmt::format("a list of texts, like {}", example);
    if (!array) return wrong(key, expected);
    std::vector<std::string> values;
    for (const toml::node& item : *array) {
      if (!item.is_string()) return wrong(key, expected);
      values.push_back(*item.value<std::string>());
    }
    out = std::move(values);
    return {};
  }

  const toml::table* table(std::string_view key) {
    const toml::node* node = take(key);
    return node ? node->as_table() : nullptr;
  }

  Result<void> expect_table(std::string_view key) {
    const toml::node* node = table_.get(key);
    if (node && !node->is_table()) return wrong(key, fmt::format("a section [{}]", key_name(key)));
    return {};
  }

  Result<void> reject_unknown() const {
    for (const auto& [key, node] : table_) {
      if (!known_.contains(std::string(key.str())))
        return fail(ErrorKind::config, fmt::format("unknown setting {} (check its spelling)", key_name(key.str())),
                    key_name(key.str()));
    }
    return {};
  }

 private:
  const toml::node* take(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
  }
  std::unexpected<Error> wrong(std::string_view key, std::string_view expected) const {
    return fail(ErrorKind::config, fmt::format("{} must be {}", key_name(key), expected), key_name(key));
  }

  const toml::table& table_;
  std::string prefix_;
  std::set<std::string> known_;
};

#define TRY(expr)                                                  \
  do {                                                             \
    if (auto _r = (expr); !_r) return std::unexpected(_r.error()); \
  } while (0)

// `limit`: the top [returns] section also holds the limit per customer (categories do not).
Result<void> read_return_rule(const toml::table& table, const std::string& prefix, ReturnRule& rule,
                              ReturnLimit* limit) {
  TableReader reader(table, prefix);
  TRY(reader.integer("window_days", rule.window_days, 0, 3650));
  TRY(reader.integer("restocking_fee_percent", rule.restocking_fee_percent, 0, 100));
  TRY(reader.boolean("final_sale", rule.final_sale));
  if (limit) {
    TRY(reader.integer("max_per_customer", limit->max_per_customer, 0, 1000));
    TRY(reader.integer("period_days", limit->period_days, 0, 3650));
    TRY(reader.expect_table("categories"));
    reader.table("categories");  // read by read_returns; marked known here
  }
  return reader.reject_unknown();
}

// [returns] holds the default rule; [returns.categories.NAME] a rule per product category, which
// starts from the default and overrides what it names.
Result<void> read_returns(const toml::table& table, ReturnPolicyTable& returns) {
  TRY(read_return_rule(table, "returns", returns.default_rule, &returns.per_customer));
  const toml::table* categories = table["categories"].as_table();
  if (!categories) return {};
  for (const auto& [category, rule_node] : *categories) {
    std::string prefix = fmt::format("returns.categories.{}", category.str());
    const toml::table* rule_table = rule_node.as_table();
    if (!rule_table) return fail(ErrorKind::config, prefix + " must be a section", prefix);
    ReturnRule rule = returns.default_rule;
    TRY(read_return_rule(*rule_table, prefix, rule, nullptr));
    returns.categories[to_lower_ascii(std::string(category.str()))] = rule;
  }
  return {};
}

constexpr std::array<std::string_view, 7> kDayKeys = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// [store.hours]: mon … sun, `closed_on` (a list of dates) and [store.hours.special] (a date's own times).
Result<OpeningHours> read_hours(const toml::table& table) {
  OpeningHours hours = default_opening_hours();
  TableReader reader(table, "store.hours");
  auto spans_of = [](const std::string& text, const std::string& key) -> Result<DayHours> {
    auto spans = parse_day_hours(text);
    if (!spans) return fail(ErrorKind::config, fmt::format("{}: {}", key, spans.error().message), key);
    return spans;
  };
  auto date_of = [](std::string_view text, const std::string& key) -> Result<Date> {
    if (auto d = parse_date(text)) return *d;
    return fail(ErrorKind::config, fmt::format("{}: '{}' is not a date: write it as 2026-12-25", key, text), key);
  };
  for (std::size_t d = 0; d < kDayKeys.size(); ++d) {
    std::string text;
    if (!table.contains(kDayKeys[d])) continue;
    TRY(reader.text(kDayKeys[d], text));
    auto spans = spans_of(text, reader.key_name(kDayKeys[d]));
    if (!spans) return std::unexpected(spans.error());
    hours.week[d] = *spans;
  }
  std::vector<std::string> closed;
  const toml::node* closed_node = table.get("closed_on");
  if (closed_node && (!closed_node->is_array() || (!closed_node->as_array()->empty() &&
                                                   !closed_node->as_array()->is_homogeneous(toml::node_type::string))))
    return fail(ErrorKind::config, "store.hours.closed_on must be a list of dates, like [\"2026-12-25\"]",
                "store.hours.closed_on");
  TRY(reader.text_list("closed_on", closed));
  for (const std::string& text : closed) {
    auto day = date_of(text, "store.hours.closed_on");
    if (!day) return std::unexpected(day.error());
    hours.exceptions[*day] = {};
  }
  TRY(reader.expect_table("special"));
  if (const toml::table* special = reader.table("special")) {
    for (const auto& [key, node] : *special) {
      std::string full = fmt::format("store.hours.special.\"{}\"", key.str());
      auto day = date_of(key.str(), full);
      if (!day) return std::unexpected(day.error());
      auto text = node.value<std::string>();
      if (!text) return fail(ErrorKind::config, full + " must be text like \"9:00-14:00\" or \"closed\"", full);
      auto spans = spans_of(*text, full);
      if (!spans) return std::unexpected(spans.error());
      hours.exceptions[*day] = *spans;
    }
  }
  TRY(reader.reject_unknown());
  return hours;
}

// [reminders]: STATUS = days, for any open status (0: no limit). The statuses the customer acts on
// (reminds_customer) get a reminder too; the others only flag the case for staff.
Result<void> read_reminders(const toml::table& table, StatusLimits& limits) {
  TableReader reader(table, "reminders");
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    auto status = parse_case_status(name);
    std::string full = reader.key_name(name);
    if (!status || !may_have_limit(*status)) {
      std::string open_statuses;
      for (CaseStatus s : kAllStatuses)
        if (may_have_limit(s)) open_statuses += fmt::format("{}{}", open_statuses.empty() ? "" : ", ", to_string(s));
      return fail(ErrorKind::config,
                  fmt::format("{}: {} a status a case waits in; use one of {}", full,
                              status ? "a final status is not" : "not", open_statuses),
                  full);
    }
    int days = 0;
    TRY(reader.integer(name, days, 0, 3650));
    limits.days[*status] = days;
  }
  return reader.reject_unknown();
}

Result<void> read_claims(const toml::table& table, ClaimSettings& claims) {
  TableReader reader(table, "claims");
  TRY(reader.expect_table("vendors"));
  if (const toml::table* vendors = reader.table("vendors")) {
    TableReader brands(*vendors, "claims.vendors");
    for (const auto& [key, node] : *vendors) {
      std::string brand(key.str());
      std::string vendor;
      TRY(brands.text(brand, vendor));
      if (trim(vendor).empty() || trim(brand).empty())
        return fail(ErrorKind::config,
                    fmt::format("{}: name the vendor a brand's repairs are claimed from, e.g. \"Acme\" = \"Acme "
                                "Distribution\"",
                                brands.key_name(brand)),
                    brands.key_name(brand));
      claims.vendor_of_brand[to_lower_ascii(trim(brand))] = trim(vendor);
    }
    TRY(brands.reject_unknown());
  }
  return reader.reject_unknown();
}

Result<void> read_sections(const toml::table& root, Config& config) {
  TableReader top(root, "");
  std::string database;
  TRY(top.text("database", database));
  if (!database.empty()) config.database = database;
  for (auto section : {"store", "server", "printer", "returns", "turnaround", "warranty", "kiosk", "notifications",
                       "backoffice", "backup", "reminders", "pickup", "loaners", "claims", "photos"})
    TRY(top.expect_table(section));

  if (const toml::table* t = top.table("store")) {
    TableReader r(*t, "store");
    TRY(r.text("name", config.store.name));
    TRY(r.text("address", config.store.address));
    TRY(r.text("phone", config.store.phone));
    TRY(r.text("time_zone", config.store.time_zone));
    TRY(r.text_list("opening_hours", config.store.opening_hours));
    TRY(r.expect_table("hours"));
    if (const toml::table* h = r.table("hours")) {
      auto hours = read_hours(*h);
      if (!hours) return std::unexpected(hours.error());
      config.store.hours = *hours;
    } else if (!config.store.opening_hours.empty()) {
      config.store.hours.reset();  // an older config: its own words
    }
    TRY(r.text("price_format", config.store.price_format));
    TRY(r.text("currency", config.store.currency));
    if (config.store.currency.size() != 3 || !std::all_of(config.store.currency.begin(), config.store.currency.end(),
                                                          [](char c) { return c >= 'A' && c <= 'Z'; }))
      return fail(ErrorKind::config,
                  fmt::format("store.currency is '{}': use the ISO 4217 code in capitals, like EUR, USD or GBP",
                              config.store.currency),
                  "store.currency");
    TRY(r.text("country", config.store.country));
    if (!known_phone_country(config.store.country))
      return fail(ErrorKind::config,
                  fmt::format("store.country is '{}': use the ISO 3166 two-letter code in capitals, like ES, GB or US",
                              config.store.country),
                  "store.country");
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("server")) {
    TableReader r(*t, "server");
    TRY(r.text("listen", config.server.listen));
    TRY(r.text("public_base_url", config.server.public_base_url));
    TRY(r.text_list("trusted_proxies", config.server.trusted_proxies));
    TRY(r.integer("threads", config.server.threads, 1, 64));
    TRY(r.integer("connection_timeout_s", config.server.connection_timeout_s, 1, 300));
    TRY(r.integer("request_deadline_s", config.server.request_deadline_s, 1, 300));
    TRY(r.integer("per_address_connection_limit", config.server.per_address_connection_limit, 1, 100000));
    TRY(r.integer("rate_limit_per_minute", config.server.rate_limit_per_minute, 1, 100000));
    TRY(r.integer("link_days_after_close", config.server.link_days_after_close, 1, 3650));
    TRY(r.boolean("access_log", config.server.access_log));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("printer")) {
    TableReader r(*t, "printer");
    TRY(r.text("connection", config.printer.connection));
    TRY(r.integer("paper_width_mm", config.printer.paper_width_mm, 58, 80));
    TRY(r.boolean("native_qr", config.printer.native_qr));
    TRY(r.integer("timeout_ms", config.printer.timeout_ms, 100, 60000));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("returns")) TRY(read_returns(*t, config.returns));
  if (const toml::table* t = top.table("turnaround")) {
    TableReader r(*t, "turnaround");
    TRY(r.integer("repair_in_warranty_days", config.turnaround.repair_in_warranty_days, 1, 365));
    TRY(r.integer("repair_out_of_warranty_days", config.turnaround.repair_out_of_warranty_days, 1, 365));
    TRY(r.integer("return_days", config.turnaround.return_days, 1, 365));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("warranty")) {
    TableReader r(*t, "warranty");
    TRY(r.integer("workmanship_days", config.warranty.workmanship_days, 0, 3650));
    TRY(r.integer64("diagnostic_fee_cents", config.warranty.diagnostic_fee_cents, 0, 100'000'00));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("kiosk")) {
    TableReader r(*t, "kiosk");
    TRY(r.integer("idle_seconds", config.kiosk.idle_seconds, 10, 3600));
    TRY(r.integer("warning_seconds", config.kiosk.warning_seconds, 20, 600));
    TRY(r.text("staff_pin_hash", config.kiosk.staff_pin_hash));
    TRY(r.text("default_language", config.kiosk.default_language));
    TRY(r.boolean("fullscreen", config.kiosk.fullscreen));
    TRY(r.number("text_scale", config.kiosk.text_scale, 0.5, 3.0));
    TRY(r.text("renderer", config.kiosk.renderer));
    TRY(r.text_list("send_receipts_by", config.kiosk.send_receipts_by, R"(["email", "sms"])"));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("notifications")) {
    TableReader r(*t, "notifications");
    TRY(r.text("email_command", config.notifications.email_command));
    TRY(r.text("sms_command", config.notifications.sms_command));
    TRY(r.integer("command_timeout_s", config.notifications.command_timeout_s, 1, 600));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("backoffice")) {
    TableReader r(*t, "backoffice");
    TRY(r.integer("lock_after_minutes", config.backoffice.lock_after_minutes, 1, 480));
    TRY(r.text("export_directory", config.backoffice.export_directory));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("reminders")) TRY(read_reminders(*t, config.status_limits));
  if (const toml::table* t = top.table("pickup")) {
    TableReader r(*t, "pickup");
    TRY(r.integer("abandon_days", config.status_limits.abandon_days, 0, 3650));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("backup")) {
    TableReader r(*t, "backup");
    TRY(r.text("directory", config.backup.directory));
    TRY(r.integer("keep", config.backup.keep, 1, 3650));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("claims")) TRY(read_claims(*t, config.claims));
  if (const toml::table* t = top.table("photos")) {
    TableReader r(*t, "photos");
    TRY(r.integer("max_per_case", config.photos.max_per_case, 0, 100));
    TRY(r.integer64("max_upload_bytes", config.photos.max_upload_bytes, 64 * 1024, 64 * 1024 * 1024));
    TRY(r.reject_unknown());
  }
  if (const toml::table* t = top.table("loaners")) {
    TableReader r(*t, "loaners");
    TRY(r.boolean("offer_at_kiosk", config.loaners.offer_at_kiosk));
    TRY(r.reject_unknown());
  }
  return top.reject_unknown();
}

Result<void> validate(Config& config) {
  auto zone = StoreTimeZone::named(config.store.time_zone);
  if (!zone) return fail(ErrorKind::config, "store.time_zone: " + zone.error().message, "store.time_zone");
  config.time_zone = *zone;
  if (auto printer = parse_printer_connection(config.printer.connection); !printer)
    return std::unexpected(printer.error());
  if (config.printer.paper_width_mm != 58 && config.printer.paper_width_mm != 80)
    return fail(ErrorKind::config, "printer.paper_width_mm must be 58 or 80", "printer.paper_width_mm");
  const std::string& url = config.server.public_base_url;
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return fail(ErrorKind::config, "server.public_base_url must start with https:// (or http://)",
                "server.public_base_url");
  const std::string& price = config.store.price_format;
  if (price.find("{}") == std::string::npos || std::ranges::count(price, '{') != 1 ||
      std::ranges::count(price, '}') != 1)
    return fail(ErrorKind::config,
                "store.price_format must hold {} once, where the amount goes, like \"€{}\" or \"{} €\"",
                "store.price_format");
  if (!parse_language(config.kiosk.default_language))
    return fail(ErrorKind::config, "kiosk.default_language must be en, es or fr", "kiosk.default_language");
  if (config.kiosk.renderer != "software" && config.kiosk.renderer != "opengl")
    return fail(ErrorKind::config, "kiosk.renderer must be software or opengl", "kiosk.renderer");
  for (const std::string& channel : config.kiosk.send_receipts_by)
    if (channel != "email" && channel != "sms")
      return fail(
          ErrorKind::config,
          fmt::format("kiosk.send_receipts_by holds \"{}\": the receipt can be sent by \"email\" or \"sms\"", channel),
          "kiosk.send_receipts_by");
  if (!config.kiosk.staff_pin_hash.empty() && !config.kiosk.staff_pin_hash.starts_with("$argon2id$"))
    return fail(ErrorKind::config,
                "kiosk.staff_pin_hash must be an Argon2id hash: run `aftersales kiosk-pin` and paste its output",
                "kiosk.staff_pin_hash");
  while (config.server.public_base_url.ends_with('/')) config.server.public_base_url.pop_back();
  return {};
}

#undef TRY

}  // namespace

const ReturnRule& ReturnPolicyTable::for_category(const std::string& category) const {
  auto it = categories.find(to_lower_ascii(category));
  return it == categories.end() ? default_rule : it->second;
}

std::string ClaimSettings::vendor_for(const std::string& brand) const {
  auto configured = vendor_of_brand.find(to_lower_ascii(trim(brand)));
  return configured == vendor_of_brand.end() ? brand : configured->second;
}

std::string Config::status_url(const std::string& token) const {
  return fmt::format("{}/s/{}", server.public_base_url, token);
}

Config default_config() {
  Config config;
  config.returns.categories = {
      {"phones", {14, 0, false}},  {"laptops", {14, 15, false}},  {"tvs", {30, 15, false}},
      {"software", {30, 0, true}}, {"gift cards", {30, 0, true}},
  };
  return config;
}

Result<Config> parse_config(std::string_view toml_text, const std::string& source_name) {
  Config config = default_config();
  config.source = source_name;
  try {
    toml::table root = toml::parse(toml_text, source_name);
    if (auto read = read_sections(root, config); !read) {
      Error error = read.error();
      error.message = fmt::format("{}: {}", source_name, error.message);
      return std::unexpected(error);
    }
  } catch (const toml::parse_error& e) {
    return fail(ErrorKind::config, fmt::format("{}: line {}: {}", source_name, e.source().begin.line, e.description()));
  }
  if (auto valid = validate(config); !valid) {
    Error error = valid.error();
    error.message = fmt::format("{}: {}", source_name, error.message);
    return std::unexpected(error);
  }
  return config;
}

Result<Config> load_config_file(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return fail(ErrorKind::config, fmt::format("Cannot read the configuration file {}", path.string()));
  std::string text;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file)) text.append(buffer, n);
  std::fclose(file);
  return parse_config(text, path.string());
}

std::optional<std::filesystem::path> find_config_file() {
  if (const char* env = std::getenv("AFTERSALES_CONFIG"); env && *env) return std::filesystem::path(env);
  std::vector<std::filesystem::path> candidates;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    candidates.emplace_back(std::filesystem::path(xdg) / "aftersales/aftersales.toml");
  else if (const char* home = std::getenv("HOME"); home && *home)
    candidates.emplace_back(std::filesystem::path(home) / ".config/aftersales/aftersales.toml");
  candidates.emplace_back("/etc/aftersales/aftersales.toml");
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

std::filesystem::path resolve_database_path(const std::optional<std::filesystem::path>& from_command_line,
                                            const Config& config) {
  if (from_command_line && !from_command_line->empty()) return *from_command_line;
  if (const char* env = std::getenv("AFTERSALES_DB"); env && *env) return env;
  if (config.database) return *config.database;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "aftersales/aftersales.db";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/share/aftersales/aftersales.db";
  return "aftersales.db";
}

Result<Config> load_program_config(const std::string& given_file) {
  std::optional<std::filesystem::path> file =
      given_file.empty() ? find_config_file() : std::filesystem::path(given_file);
  Result<Config> config = file ? load_config_file(*file) : Result<Config>(default_config());
  if (config) set_price_format(config->store.price_format);
  return config;
}

}  // namespace aftersales
