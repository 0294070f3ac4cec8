#pragma once
// The store's configuration: one TOML file, every key optional (built-in defaults), and a clear
// error that names the key for a bad value. See assets/config/aftersales.toml for every key.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/printer_settings.h"
#include "core/domain/case_photo.h"
#include "core/domain/opening_hours.h"
#include "core/domain/return_policy.h"
#include "core/domain/status_clock.h"

namespace aftersales {

// Mon-Fri 9:00-19:00, Sat 10:00-18:00, Sun closed.
OpeningHours default_opening_hours();

struct StoreInfo {
  std::string name = "Aftersales Demo Store";
  std::string address = "1 High Street, Springfield";
  std::string phone = "+1 555 0100";
  std::string time_zone = "UTC";
  // [store.hours]: the week and its exceptions, shown in each reader's language. Unset when an older
  // config gives only `opening_hours`, free text shown as written (in the kiosk's default language).
  std::optional<OpeningHours> hours = default_opening_hours();
  std::vector<std::string> opening_hours;
  std::string price_format = "{}";  // how people see an amount: "€{}", "{} €", "${}", "{} kr"
  std::string currency = "USD";  // ISO 4217: named on the status page when price_format has no symbol, and in its API
  // ISO 3166 alpha-2: how a customer's phone number typed without its country code is read, so that
  // "600 111 222" and "+34 600 111 222" are one customer to the return controls (core/domain/phone_number.h).
  std::string country = "US";
};

// How many returns one customer (by phone or e-mail) may open in a period before the next goes to a
// manager ([returns] max_per_customer, period_days; 0: no limit).
struct ReturnLimit {
  int max_per_customer = 0;
  int period_days = 0;
  bool limited() const { return max_per_customer > 0 && period_days > 0; }
};

struct ReturnPolicyTable {
  ReturnRule default_rule;
  ReturnLimit per_customer;
  std::map<std::string, ReturnRule> categories;  // by product category, lower case
  const ReturnRule& for_category(const std::string& category) const;
};

struct TurnaroundSettings {
  int repair_in_warranty_days = 10;
  int repair_out_of_warranty_days = 7;
  int return_days = 3;
};

struct WarrantySettings {
  int workmanship_days = 90;                 // a repair's own warranty on the work done
  std::int64_t diagnostic_fee_cents = 2500;  // out-of-warranty check-ins accept this fee
};

struct ServerSettings {
  std::string listen = "127.0.0.1:8080";
  std::string public_base_url = "http://localhost:8080";
  // Whose X-Forwarded-For is believed: none unless set (behind nginx: "127.0.0.1", "::1"). Believing
  // loopback by default let any local process name any client and walk past the rate limits.
  std::vector<std::string> trusted_proxies;
  int threads = 4;
  int connection_timeout_s = 10;           // idle or slow connections are closed after this
  int request_deadline_s = 10;             // a request not complete this long after it could start is cut off
  int per_address_connection_limit = 256;  // behind a proxy every client shares its address
  int rate_limit_per_minute = 10;          // /track and the customer's POST actions, per client
  int link_days_after_close = 180;         // then the status link answers like an unknown one
  bool access_log = true;  // one line per request on stderr (tokens redacted), written off the request path
};

struct KioskSettings {
  int idle_seconds = 60;       // without a touch, then "Are you still there?"
  int warning_seconds = 30;    // the countdown before going back Home (at least 20 to answer)
  std::string staff_pin_hash;  // Argon2id of the staff PIN (`aftersales kiosk-pin`); empty: no exit
  std::string default_language = "en";
  bool fullscreen = true;
  double text_scale = 1.0;            // 1.0 makes body text 4.8 mm high on a 21.5" 1080p screen
  std::string renderer = "software";  // software (no GL driver, small) | opengl (the GPU's driver)
  // "No paper": the receipt screen offers to send the receipt instead of printing it, on these
  // channels ("email", "sms") where the shopper gave that contact. Empty: receipts are printed.
  std::vector<std::string> send_receipts_by;
};

struct NotificationSettings {
  std::string email_command;  // e.g. "sendmail -t": the e-mail on stdin; empty: e-mails wait
  std::string sms_command;    // an SMS gateway's command: the text on stdin, $AFTERSALES_TO the number
  int command_timeout_s = 30;
};

struct BackofficeSettings {
  int lock_after_minutes = 10;   // an unattended counter screen signs itself out
  std::string export_directory;  // where "Export CSV" writes; empty: the user's home folder
};

struct LoanerSettings {
  bool offer_at_kiosk = false;  // the repair check-in asks whether the customer would like a loaner
};

// [claims] vendors: who is claimed from for a brand's repairs, when not the brand itself (a
// distributor): brand -> vendor, the brand as the catalog spells it in any case.
struct ClaimSettings {
  std::map<std::string, std::string> vendor_of_brand;  // keys in lower case
  // The vendor of a product of `brand`: the configured one, else the brand.
  std::string vendor_for(const std::string& brand) const;
};

struct BackupSettings {
  std::string directory;  // nightly backups (`aftersales backup --rotate`); empty: `backups` beside the database
  int keep = 14;          // how many nightly backups to keep
};

struct Config {
  std::optional<std::filesystem::path> database;
  StoreInfo store;
  StoreTimeZone time_zone = StoreTimeZone::utc();
  ServerSettings server;
  PrinterSettings printer;
  ReturnPolicyTable returns;
  TurnaroundSettings turnaround;
  WarrantySettings warranty;
  KioskSettings kiosk;
  NotificationSettings notifications;
  BackofficeSettings backoffice;
  BackupSettings backup;
  // [reminders] a limit in days per status, and [pickup] abandon_days (status_clock.h).
  StatusLimits status_limits = default_status_limits();
  LoanerSettings loaners;
  ClaimSettings claims;
  PhotoSettings photos;          // [photos] max_per_case, max_upload_bytes (case_photo.h)
  std::filesystem::path source;  // the file it came from; empty for built-in defaults

  std::string status_url(const std::string& token) const;
};

Config default_config();
Result<Config> parse_config(std::string_view toml_text, const std::string& source_name);
Result<Config> load_config_file(const std::filesystem::path& path);

// The file to read when none is given: $AFTERSALES_CONFIG, then the user's
// ~/.config/aftersales/aftersales.toml, then /etc/aftersales/aftersales.toml; none found: defaults.
std::optional<std::filesystem::path> find_config_file();
// What each program does first: the file given (empty: find_config_file(), else the defaults), and
// the process-wide settings that follow from it (the price format).
Result<Config> load_program_config(const std::string& given_file);
// --db given > $AFTERSALES_DB > the config's `database` > ~/.local/share/aftersales/aftersales.db.
std::filesystem::path resolve_database_path(const std::optional<std::filesystem::path>& from_command_line,
                                            const Config& config);

}  // namespace aftersales
