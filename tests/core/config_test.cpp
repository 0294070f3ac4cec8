#include "core/config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/base/text.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

TEST(Config, DefaultsNeedNoFile) {
  Config c = default_config();
  EXPECT_FALSE(c.store.name.empty());
  EXPECT_EQ(c.returns.default_rule.window_days, 30);
  EXPECT_EQ(c.returns.for_category("Phones").window_days, 14);
  EXPECT_TRUE(c.returns.for_category("gift cards").final_sale);
  EXPECT_EQ(c.returns.for_category("unknown").window_days, 30);
  EXPECT_EQ(c.status_url("ABC"), "http://localhost:8080/s/ABC");
}

TEST(Config, ReadsEveryKey) {
  auto c = parse_config(R"(
database = "/var/lib/aftersales/store.db"
[store]
name = "Tienda Centro"
address = "Calle Mayor 1, Madrid"
phone = "+34 910 000 000"
time_zone = "Europe/Madrid"
opening_hours = ["L-V 10:00-21:00", "S 10:00-14:00"]
price_format = "{} €"
[server]
listen = "0.0.0.0:9000"
public_base_url = "https://service.example.com/"
[printer]
connection = "tcp:192.0.2.10:9100"
paper_width_mm = 58
native_qr = false
timeout_ms = 2000
[returns]
window_days = 20
restocking_fee_percent = 10
[returns.categories.phones]
window_days = 7
[returns.categories.Software]
final_sale = true
[turnaround]
repair_in_warranty_days = 5
repair_out_of_warranty_days = 4
return_days = 2
[warranty]
workmanship_days = 180
diagnostic_fee_cents = 3000
[kiosk]
idle_seconds = 90
warning_seconds = 25
default_language = "es"
text_scale = 1.25
[backoffice]
lock_after_minutes = 15
export_directory = "/srv/exports"
[backup]
directory = "/srv/backups"
keep = 30
)",
                        "store.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->database, std::filesystem::path("/var/lib/aftersales/store.db"));
  EXPECT_EQ(c->store.name, "Tienda Centro");
  EXPECT_EQ(c->time_zone.name(), "Europe/Madrid");
  EXPECT_EQ(c->store.opening_hours.size(), 2u);
  EXPECT_EQ(c->store.price_format, "{} €");
  EXPECT_EQ(c->server.public_base_url, "https://service.example.com");  // trailing slash dropped
  EXPECT_EQ(c->status_url("T"), "https://service.example.com/s/T");
  EXPECT_EQ(c->printer.paper_width_mm, 58);
  EXPECT_FALSE(c->printer.native_qr);
  EXPECT_EQ(c->returns.default_rule.window_days, 20);
  EXPECT_EQ(c->returns.for_category("phones").window_days, 7);
  EXPECT_EQ(c->returns.for_category("phones").restocking_fee_percent, 10);  // inherited from [returns]
  EXPECT_TRUE(c->returns.for_category("software").final_sale);
  EXPECT_EQ(c->turnaround.repair_in_warranty_days, 5);
  EXPECT_EQ(c->warranty.workmanship_days, 180);
  EXPECT_EQ(c->warranty.diagnostic_fee_cents, 3000);
  EXPECT_EQ(c->kiosk.idle_seconds, 90);
  EXPECT_EQ(c->kiosk.warning_seconds, 25);
  EXPECT_EQ(c->kiosk.default_language, "es");
  EXPECT_DOUBLE_EQ(c->kiosk.text_scale, 1.25);
  EXPECT_EQ(c->backoffice.lock_after_minutes, 15);
  EXPECT_EQ(c->backoffice.export_directory, "/srv/exports");
  EXPECT_EQ(c->backup.directory, "/srv/backups");
  EXPECT_EQ(c->backup.keep, 30);
}

struct BadValue {
  std::string toml;
  std::string key_in_message;
};

class ConfigBadValue : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigBadValue, NamesTheKey) {
  auto c = parse_config(GetParam().toml, "bad.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::config);
  EXPECT_NE(c.error().message.find(GetParam().key_in_message), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("bad.toml"), std::string::npos) << c.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Keys, ConfigBadValue,
    ::testing::Values(
        BadValue{"[store]\ntime_zone = \"Mars/Base\"", "store.time_zone"},
        BadValue{"[store]\nname = 12", "store.name must be text"},
        BadValue{"[store]\nnmae = \"x\"", "unknown setting store.nmae"},
        BadValue{"[printer]\npaper_width_mm = 60", "printer.paper_width_mm"},
        BadValue{"[printer]\npaper_width_mm = 120", "printer.paper_width_mm is 120, but must be from 58 to 80"},
        BadValue{"[returns]\nwindow_days = \"thirty\"", "returns.window_days must be a whole number"},
        BadValue{"[returns.categories.tvs]\nwindow_days = -1", "returns.categories.tvs.window_days"},
        BadValue{"[returns.categories.tvs]\nwindow = 5", "unknown setting returns.categories.tvs.window"},
        BadValue{"[server]\npublic_base_url = \"ftp://x\"", "server.public_base_url"},
        BadValue{"store = 5", "store must be a section"},
        BadValue{"[store]\nopening_hours = [1, 2]", "store.opening_hours"},
        BadValue{"[store.hours]\nmon = \"9-19\"", "store.hours.mon: '9-19' is not an opening time"},
        BadValue{"[store.hours]\nsat = \"18:00-10:00\"", "closes before it opens"},
        BadValue{"[store.hours]\nmonday = \"closed\"", "unknown setting store.hours.monday"},
        BadValue{"[store.hours]\nclosed_on = [\"25/12/2026\"]", "write it as 2026-12-25"},
        BadValue{"[store.hours.special]\n\"2026-12-24\" = \"9:00\"", "store.hours.special.\"2026-12-24\""},
        BadValue{"[store]\nhours = 5", "store.hours must be a section"},
        BadValue{"[store]\ncurrency = \"eur\"", "store.currency is 'eur': use the ISO 4217 code"},
        BadValue{"[store]\ncurrency = \"Euro\"", "store.currency"},
        BadValue{"[store]\ncountry = \"es\"", "store.country is 'es': use the ISO 3166 two-letter code"},
        BadValue{"[store]\ncountry = \"XX\"", "store.country is 'XX'"},
        BadValue{"[store]\ncountry = \"ESP\"", "store.country"},
        BadValue{"[warranty]\nworkmanship_days = true", "warranty.workmanship_days"},
        BadValue{"[kiosk]\nwarning_seconds = 10", "kiosk.warning_seconds is 10, but must be from 20"},
        BadValue{"[kiosk]\ndefault_language = \"de\"", "kiosk.default_language"},
        BadValue{"[kiosk]\nstaff_pin_hash = \"1234\"", "aftersales kiosk-pin"},
        BadValue{"[kiosk]\ntext_scale = \"big\"", "kiosk.text_scale must be a number"},
        BadValue{"[kiosk]\nsend_receipts_by = [\"fax\"]", "kiosk.send_receipts_by holds \"fax\""},
        BadValue{"[kiosk]\nsend_receipts_by = \"email\"",
                 "kiosk.send_receipts_by must be a list of texts, like [\"email\", \"sms\"]"},
        BadValue{"[kiosk]\nrenderer = \"vulkan\"", "kiosk.renderer must be software or opengl"},
        BadValue{"[backoffice]\nlock_after_minutes = 0", "backoffice.lock_after_minutes"},
        BadValue{"[backoffice]\nlock_after = 5", "backoffice.lock_after"},
        BadValue{"[backup]\nkeep = 0", "backup.keep"},
        BadValue{"[store]\nprice_format = \"EUR\"", "store.price_format"},
        BadValue{"[store]\nprice_format = \"{}{}\"", "store.price_format"},
        BadValue{"[notifications]\nemail_command = 5", "notifications.email_command"},
        BadValue{"[notifications]\nsendmail = \"x\"", "unknown setting notifications.sendmail"},
        BadValue{"[reminders]\nawaiting_approval = -1", "reminders.awaiting_approval is -1, but must be from 0"},
        BadValue{"[reminders]\nready_for_pickup = \"a week\"", "reminders.ready_for_pickup must be a whole number"},
        BadValue{"[reminders]\nawaiting_aproval = 3", "reminders.awaiting_aproval: not a status a case waits in"},
        BadValue{"[reminders]\ncompleted = 3", "reminders.completed: a final status is not a status a case waits in"},
        BadValue{"reminders = 3", "reminders must be a section"},
        BadValue{"[pickup]\nabandon_days = -5", "pickup.abandon_days is -5, but must be from 0"},
        BadValue{"[pickup]\nabandon_days = 1.5", "pickup.abandon_days must be a whole number"},
        BadValue{"[pickup]\nabandon = 90", "unknown setting pickup.abandon"},
        BadValue{"[claims.vendors]\nAcme = 5", "claims.vendors.Acme must be text"},
        BadValue{"[claims.vendors]\nAcme = \" \"", "claims.vendors.Acme: name the vendor"},
        BadValue{"[claims]\nvendor = \"x\"", "unknown setting claims.vendor"},
        BadValue{"[store\nname = \"x\"", "line 1"}),
    [](const ::testing::TestParamInfo<BadValue>& param_info) { return "case_" + std::to_string(param_info.index); });

TEST(Config, ClaimsNameTheVendorOfABrand) {
  auto c = parse_config("[claims.vendors]\n\"Acme\" = \" Acme Distribution \"\n", "t.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->claims.vendor_for("ACME"), "Acme Distribution");
  EXPECT_EQ(c->claims.vendor_for("Zeta"), "Zeta") << "a brand not named is its own vendor";
}

TEST(Config, MissingFileIsAConfigError) {
  auto c = load_config_file("/nonexistent/aftersales.toml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("/nonexistent/aftersales.toml"), std::string::npos);
}

TEST(Config, DatabasePathPrecedence) {
  Config c = default_config();
  ::unsetenv("AFTERSALES_DB");
  ::setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(resolve_database_path(std::nullopt, c), "/tmp/xdg/aftersales/aftersales.db");
  c.database = "/from/config.db";
  EXPECT_EQ(resolve_database_path(std::nullopt, c), "/from/config.db");
  ::setenv("AFTERSALES_DB", "/from/env.db", 1);
  EXPECT_EQ(resolve_database_path(std::nullopt, c), "/from/env.db");
  EXPECT_EQ(resolve_database_path(std::filesystem::path("/from/flag.db"), c), "/from/flag.db");
  ::unsetenv("AFTERSALES_DB");
  ::unsetenv("XDG_DATA_HOME");
}

TEST(Config, ConfigFileFromTheEnvironment) {
  testing::TempDir dir;
  std::ofstream(dir.file("a.toml")) << "[store]\nname = \"From env\"\n";
  ::setenv("AFTERSALES_CONFIG", dir.file("a.toml").c_str(), 1);
  auto found = find_config_file();
  ::unsetenv("AFTERSALES_CONFIG");
  ASSERT_TRUE(found);
  auto c = load_config_file(*found);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->store.name, "From env");
}

}  // namespace
}  // namespace aftersales

namespace aftersales {
namespace {

TEST(Config, AProgramsConfigSetsHowPricesLook) {
  testing::TempDir dir;
  std::ofstream(dir.file("euro.toml")) << "[store]\nprice_format = \"{} €\"\n";
  auto config = load_program_config(dir.file("euro.toml").string());
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(format_price(1999), "19.99 €");
  std::ofstream(dir.file("bad.toml")) << "[store]\nprice_format = \"EUR\"\n";
  EXPECT_FALSE(load_program_config(dir.file("bad.toml").string()));
  EXPECT_EQ(format_price(1999), "19.99 €") << "a config that failed to load changes nothing";
  set_price_format("{}");
}

// The example shipped in assets/ documents the defaults: reading it must change nothing.
TEST(Config, ShippedExampleMatchesTheBuiltInDefaults) {
  auto example = load_config_file(std::filesystem::path(AFTERSALES_SOURCE_DIR) / "assets/config/aftersales.toml");
  ASSERT_TRUE(example) << example.error().message;
  Config defaults = default_config();
  EXPECT_EQ(example->store.name, defaults.store.name);
  EXPECT_EQ(example->store.opening_hours, defaults.store.opening_hours);
  EXPECT_EQ(example->store.country, defaults.store.country);
  EXPECT_EQ(example->server.public_base_url, defaults.server.public_base_url);
  EXPECT_EQ(example->server.request_deadline_s, defaults.server.request_deadline_s);
  EXPECT_EQ(example->printer.paper_width_mm, defaults.printer.paper_width_mm);
  EXPECT_EQ(example->turnaround.repair_in_warranty_days, defaults.turnaround.repair_in_warranty_days);
  EXPECT_EQ(example->warranty.diagnostic_fee_cents, defaults.warranty.diagnostic_fee_cents);
  EXPECT_EQ(example->kiosk.idle_seconds, defaults.kiosk.idle_seconds);
  EXPECT_EQ(example->kiosk.warning_seconds, defaults.kiosk.warning_seconds);
  EXPECT_EQ(example->kiosk.staff_pin_hash, defaults.kiosk.staff_pin_hash);
  EXPECT_EQ(example->kiosk.send_receipts_by, defaults.kiosk.send_receipts_by);
  EXPECT_EQ(example->kiosk.fullscreen, defaults.kiosk.fullscreen);
  EXPECT_DOUBLE_EQ(example->kiosk.text_scale, defaults.kiosk.text_scale);
  EXPECT_EQ(example->kiosk.renderer, defaults.kiosk.renderer);
  EXPECT_EQ(example->notifications.email_command, defaults.notifications.email_command);
  EXPECT_EQ(example->notifications.command_timeout_s, defaults.notifications.command_timeout_s);
  EXPECT_EQ(example->backoffice.lock_after_minutes, defaults.backoffice.lock_after_minutes);
  EXPECT_EQ(example->backoffice.export_directory, defaults.backoffice.export_directory);
  EXPECT_EQ(example->backup.directory, defaults.backup.directory);
  EXPECT_EQ(example->backup.keep, defaults.backup.keep);
  EXPECT_EQ(example->store.price_format, defaults.store.price_format);
  ASSERT_EQ(example->returns.categories.size(), defaults.returns.categories.size());
  for (const auto& [name, rule] : defaults.returns.categories) {
    const ReturnRule& read = example->returns.for_category(name);
    EXPECT_EQ(read.window_days, rule.window_days) << name;
    EXPECT_EQ(read.restocking_fee_percent, rule.restocking_fee_percent) << name;
    EXPECT_EQ(read.final_sale, rule.final_sale) << name;
  }
}

}  // namespace
}  // namespace aftersales
