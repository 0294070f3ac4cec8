// Runs the real `aftersales` binary as a store's admin would, and checks exit codes and output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/base/password_hash.h"
#include "core/present/status_view.h"
#include "core/services/case_service.h"
#include "core/services/staff.h"
#include "core/storage/database.h"
#include "support/photo_fixtures.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

class Cli : public ::testing::Test {
 protected:
  CliRun run(const std::string& args) {
    std::string err_file = dir.file("stderr.txt").string();
    std::string command =
        std::string(AFTERSALES_CLI) + " --db " + dir.file("cli.db").string() + " " + args + " 2>" + err_file;
    CliRun result;
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
    int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_file);
    result.err.assign(std::istreambuf_iterator<char>(err), {});
    return result;
  }
  std::string write(const std::string& name, const std::string& content) {
    std::ofstream(dir.file(name)) << content;
    return dir.file(name).string();
  }
  // The sale was yesterday, whatever day the test runs: inside every return window.
  void load_small_store() {
    std::string yesterday = format_instant(system_now() - std::chrono::days{1});
    ASSERT_EQ(run("import products " +
                  write("p.csv", "sku,name,brand,category,warranty_months\nPH-1,Nova,Norvik,phones,24\n"))
                  .exit_code,
              0);
    ASSERT_EQ(run("import sales " + write("s.csv",
                                          "receipt_number,sold_at,sku,serial,quantity,price_cents\n"
                                          "9001," +
                                              yesterday + ",PH-1,SER-1,1,49900\n"))
                  .exit_code,
              0);
  }

  testing::TempDir dir;
};

TEST_F(Cli, InitCreatesTheDatabase) {
  CliRun r = run("init --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(r.json()["schema_version"].get<int>(), 1);
  EXPECT_TRUE(std::filesystem::exists(dir.file("cli.db")));
}

TEST_F(Cli, BadUsageExitsWith2) {
  EXPECT_EQ(run("").exit_code, 2);
  EXPECT_EQ(run("frobnicate").exit_code, 2);
  EXPECT_EQ(run("case advance").exit_code, 2);
  EXPECT_EQ(run("case open-return --receipt 1 --sku X --reason whim --condition sealed").exit_code, 2);
  EXPECT_EQ(run("--help").exit_code, 0);
  CliRun version = run("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("aftersales "), std::string::npos);
}

TEST_F(Cli, UserErrorsExitWith1AndOneLineOnStderr) {
  CliRun r = run("case show R7K-4PQ");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "aftersales: A case code has 9 letters and digits, like R7K-4PQ-92X. Please check it on your receipt.\n");
  CliRun unknown = run("warranty NO-SUCH-SERIAL");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("NO-SUCH-SERIAL"), std::string::npos);
}

TEST_F(Cli, KioskPinPrintsAHashOfThePinReadFromStdin) {
  CliRun r = run("kiosk-pin --json < " + write("pin.txt", "4821\n"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string hash = r.json()["staff_pin_hash"];
  EXPECT_TRUE(verify_secret(hash, "4821"));
  EXPECT_EQ(r.out.find("4821"), std::string::npos);
  CliRun bad = run("kiosk-pin < " + write("bad.txt", "12\n"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "aftersales: A PIN is 4 to 8 digits.\n");
}

TEST_F(Cli, InitAddsTheFirstManagerAndStaffCommandsManageAccounts) {
  CliRun bare = run("init");
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_NE(bare.out.find("No staff can sign in"), std::string::npos);
  CliRun init = run("init --json --manager Ana --name 'Ana López' < " + write("pw", "correct horse\n"));
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(init.json()["manager_added"], "ana");
  CliRun add = run("staff add bo --role technician --json < " + write("pin", "2468\n"));
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(add.json()["role"], "technician");
  CliRun weak = run("staff add cy < " + write("weak", "abc\n"));
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_NE(weak.err.find("at least 8 characters"), std::string::npos);
  EXPECT_EQ(run("staff add bo < " + write("pin2", "1357\n")).exit_code, 1) << "the name is taken";
  EXPECT_EQ(run("staff add dee --role boss < " + write("pin3", "1357\n")).exit_code, 2);
  EXPECT_EQ(run("staff disable ana").exit_code, 1) << "the last manager stays";
  ASSERT_EQ(run("staff disable bo").exit_code, 0);
  ASSERT_EQ(run("staff passwd bo < " + write("pin4", "97531\n")).exit_code, 0);
  CliRun list = run("staff list --json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  ASSERT_EQ(list.json().size(), 2u);
  EXPECT_EQ(list.json()[0]["username"], "ana");
  EXPECT_EQ(list.json()[0]["name"], "Ana López");
  EXPECT_EQ(list.json()[1]["active"], false);
  // The secrets are hashes in the database, never the text.
  auto db = Database::open(dir.file("cli.db"));
  ASSERT_TRUE(db);
  StaffService staff(*db);
  EXPECT_TRUE(staff.sign_in("ana", "correct horse", "counter-1"));
  ASSERT_EQ(run("staff enable bo").exit_code, 0);
  EXPECT_TRUE(staff.sign_in("bo", "97531", "counter-1"));
  EXPECT_FALSE(staff.sign_in("bo", "2468", "counter-1"));
  // A manager reads who signed in, and the failed tries alone.
  CliRun failed = run("staff sign-ins --failed --json");
  ASSERT_EQ(failed.exit_code, 0) << failed.err;
  ASSERT_EQ(failed.json().size(), 1u);
  EXPECT_EQ(failed.json()[0]["username"], "bo");
  EXPECT_EQ(failed.json()[0]["terminal"], "counter-1");
  EXPECT_EQ(failed.json()[0]["outcome"], "wrong");
  CliRun all = run("staff sign-ins");
  EXPECT_NE(all.out.find("signed_in  ana"), std::string::npos) << all.out;
  EXPECT_EQ(run("staff sign-ins --limit 0").exit_code, 2);
}

TEST_F(Cli, NotifySendsTheOutboxThroughTheConfiguredCommand) {
  load_small_store();
  std::string mail = dir.file("mail.txt").string();
  std::string config = write("notify.toml", "[notifications]\nemail_command = \"cat >> " + mail + "\"\n");
  CliRun opened =
      run("case open-repair --json --serial SER-1 --problem 'No power' --name 'Jane Doe' "
          "--email jane@example.com --notify");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  for (const char* status : {"diagnosing", "repairing", "ready_for_pickup"})
    ASSERT_EQ(run("case advance " + code + " " + status).exit_code, 0);
  CliRun waiting = run("case show " + code + " --json");
  ASSERT_EQ(waiting.json()["notifications"].size(), 1u);
  EXPECT_TRUE(waiting.json()["notifications"][0]["sent_at"].is_null());
  CliRun sent = run("--config " + config + " notify --once --json");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_EQ(sent.json()["sent"], 1) << sent.out;
  std::ifstream in(mail);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find("To: jane@example.com"), std::string::npos) << text;
  EXPECT_NE(text.find("is ready for pickup (" + code + ")"), std::string::npos) << text;
  CliRun shown = run("case show " + code);
  EXPECT_NE(shown.out.find("notifications:"), std::string::npos);
  EXPECT_NE(shown.out.find("sent "), std::string::npos) << shown.out;
}

TEST_F(Cli, RepairFromCheckInToCompletion) {
  load_small_store();
  CliRun opened =
      run("case open-repair --serial ser-1 --problem 'Cracked screen' --name 'Ana García' --phone '+34 600 111 222' "
          "--json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  auto c = opened.json();
  for (auto key : {"code", "token", "kind", "status", "status_url"}) EXPECT_TRUE(c.contains(key)) << key;
  EXPECT_EQ(c["kind"], "repair");
  EXPECT_EQ(c["status"], "checked_in");
  EXPECT_EQ(c["warranty"], "manufacturer");
  EXPECT_EQ(c["status_url"], "http://localhost:8080/s/" + c["token"].get<std::string>());
  std::string code = c["code"];

  EXPECT_EQ(run("case advance " + code + " diagnosing --by tech.sam").exit_code, 0);
  CliRun refused = run("case advance " + code + " completed");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("cannot go to \"Completed\""), std::string::npos);
  EXPECT_EQ(run("case estimate " + code + " --part 'Screen=12900' --labour 'Fitting=4500'").exit_code, 0);
  EXPECT_EQ(run("case decide " + code + " approve").exit_code, 0);
  EXPECT_EQ(run("case advance " + code + " ready_for_pickup --note 'All fixed'").exit_code, 0);
  EXPECT_EQ(run("case advance " + code + " completed").exit_code, 0);

  CliRun shown = run("case show " + code + " --json");
  ASSERT_EQ(shown.exit_code, 0);
  auto detail = shown.json();
  EXPECT_EQ(detail["status"], "completed");
  EXPECT_EQ(detail["estimate"]["total_cents"], 17400);
  EXPECT_EQ(detail["events"].size(), 6u);
  EXPECT_EQ(detail["events"][1]["actor"], "tech.sam");

  CliRun listed = run("case list --status completed --json");
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_EQ(listed.json().size(), 1u);
  CliRun text = run("case show " + code);
  EXPECT_NE(text.out.find("Ana García"), std::string::npos);
}

// `aftersales remind` (for cron) reminds a case past its status's limit once; --dry-run changes
// nothing; `case show` lists the reminder and the flag, `case list` the flag; `notify` runs it too.
TEST_F(Cli, RemindRemindsACaseReadyTooLongOnce) {
  load_small_store();
  std::string config = "--config " + write("reminders.toml", "[reminders]\nready_for_pickup = 7\n") + " ";
  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'No power' --name 'Jane Doe' "
          "--email jane@example.com --notify --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  for (std::string to : {"diagnosing", "repairing", "ready_for_pickup"})
    ASSERT_EQ(run("case advance " + code + " " += to).exit_code, 0);
  EXPECT_EQ(run(config + "remind").out, "0 reminder(s) and abandonment(s), 0 message(s) to customers\n")
      << "ready just now";
  {  // it has been ready for ten days
    auto db = Database::open(dir.file("cli.db").string());
    ASSERT_TRUE(db) << db.error().message;
    std::string ten_days_ago = format_instant(system_now() - std::chrono::days{10});
    db->prepare("UPDATE case_events SET at = ?1").bind(1, ten_days_ago).run();
  }
  CliRun dry = run(config + "remind --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would be: " + code + "  ready_for_pickup  10 days (limit 7): reminded by e-mail"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("dry run: nothing changed"), std::string::npos) << dry.out;
  EXPECT_EQ(run("case show " + code + " --json").json()["notifications"].size(), 1u) << "nothing written";

  CliRun reminded = run(config + "remind --json");
  ASSERT_EQ(reminded.exit_code, 0) << reminded.err;
  ASSERT_EQ(reminded.json()["actions"].size(), 1u) << reminded.out;
  EXPECT_EQ(reminded.json()["actions"][0]["code"], code);
  EXPECT_EQ(reminded.json()["actions"][0]["channel"], "email");
  EXPECT_EQ(reminded.json()["messages"], 1);
  EXPECT_EQ(run(config + "remind --json").json()["actions"].size(), 0u) << "once";

  // Another repair, ready for ten days too: `notify` reminds it in its own pass, before sending.
  CliRun other =
      run("case open-repair --serial OTHER-9 --product 'Old radio' --problem 'No sound' --name Bo "
          "--email bo@example.com --notify --accept-fee --json");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  std::string other_code = other.json()["code"];
  for (std::string to : {"diagnosing", "repairing", "ready_for_pickup"})
    ASSERT_EQ(run("case advance " + other_code + " " += to).exit_code, 0);
  {
    auto db = Database::open(dir.file("cli.db").string());
    ASSERT_TRUE(db) << db.error().message;
    std::string ten_days_ago = format_instant(system_now() - std::chrono::days{10});
    db->prepare("UPDATE case_events SET at = ?1 WHERE case_id = (SELECT id FROM cases WHERE code = ?2)")
        .bind_all(ten_days_ago, other_code)
        .run();
  }
  CliRun notified = run(config + "notify --once --json");
  ASSERT_EQ(notified.exit_code, 0) << notified.err;
  ASSERT_EQ(notified.json()["reminders"]["actions"].size(), 1u) << notified.out;
  EXPECT_EQ(notified.json()["reminders"]["actions"][0]["code"], other_code) << "the first case was reminded already";
  EXPECT_EQ(run(config + "case show " + other_code + " --json").json()["notifications"].size(), 2u);

  CliRun shown = run(config + "case show " + code);
  EXPECT_NE(shown.out.find("flagged:   Ready 10 days, not collected (limit 7)"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("Past the limit: Ready for pickup for 10 days (limit 7); reminder e-mailed to the customer "
                           "(internal)"),
            std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("Reminder: your"), std::string::npos) << "the message, with the others" << shown.out;
  CliRun listed = run(config + "case list --open");
  EXPECT_NE(listed.out.find("[Ready 10 days, not collected (limit 7)]"), std::string::npos) << listed.out;
  EXPECT_EQ(run("case list --open").out.find("[Ready"), std::string::npos) << "no limit without [reminders]";
}

TEST_F(Cli, ABadReminderLimitIsAConfigErrorNamingTheKey) {
  CliRun bad = run("--config " + write("bad.toml", "[reminders]\nready_for_pick_up = 7\n") + " remind");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("reminders.ready_for_pick_up: not a status a case waits in"), std::string::npos) << bad.err;
}

// A single store (this SQLite file, or PostgreSQL outside a chain) has no other store to send to.
TEST_F(Cli, TransferSaysItNeedsAChainOfStores) {
  load_small_store();
  CliRun opened =
      run("case open-repair --serial ser-1 --problem 'No sound' --name 'Ana' --phone '+34 600 111 222' --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  CliRun refused = run("case transfer " + code + " BCN01 --actor tech.sam --note 'To the depot'");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err, "aftersales: Transfers need a chain of stores: this store is not in one.\n");
  EXPECT_EQ(run("case show " + code + " --json").json()["status"], "checked_in");
  EXPECT_EQ(run("case transfer " + code).exit_code, 2) << "the store is required";
}

TEST_F(Cli, AnEstimatesWhyReachesTheCustomersStatusView) {
  load_small_store();
  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'Battery drains' --name 'Ana García' --phone '+34 600 111 222' "
          "--json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"], token = opened.json()["token"];
  ASSERT_EQ(run("case advance " + code + " diagnosing").exit_code, 0);

  CliRun too_long = run("case estimate " + code + " --part 'Battery=4900' --why '" + std::string(301, 'x') + "'");
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_NE(too_long.err.find("--why"), std::string::npos) << too_long.err;
  EXPECT_EQ(run("case show " + code + " --json").json()["status"], "diagnosing") << "nothing recorded without its why";

  CliRun sent =
      run("case estimate " + code + " --part 'Battery=4900' --why '  The battery is swollen; we replace it. ' --json");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_EQ(sent.json()["estimate_explanation"], "The battery is swollen; we replace it.");
  EXPECT_EQ(run("case show " + code + " --json").json()["estimate"]["explanation"],
            "The battery is swollen; we replace it.");

  auto db = Database::open(dir.file("cli.db"));
  ASSERT_TRUE(db);
  Config config = default_config();
  CaseService cases(*db, config);
  auto view = build_status_view(cases, token, config, Language::en);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->estimate_state, "pending");
  EXPECT_EQ(view->estimate_explanation, "The battery is swollen; we replace it.");
}

TEST_F(Cli, OutOfWarrantyRepairAsksForTheFee) {
  load_small_store();
  CliRun r = run(
      "case open-repair --serial OTHER-9 --product 'Old radio' --problem 'No sound' --name Bo --email bo@example.com");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--accept-fee"), std::string::npos);
  EXPECT_EQ(run("case open-repair --serial OTHER-9 --product 'Old radio' --problem 'No sound' --name Bo --email "
                "bo@example.com --accept-fee")
                .exit_code,
            0);
}

TEST_F(Cli, ReturnCheckAndOpenReturn) {
  load_small_store();
  CliRun check = run("return-check 9001 --json");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  auto lines = check.json()["lines"];
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["sku"], "PH-1");
  CliRun no_serial = run("case open-return --receipt 9001 --sku PH-1 --reason changed_mind --condition sealed");
  EXPECT_EQ(no_serial.exit_code, 1) << "a phone sold with a serial needs the one brought back";
  EXPECT_NE(no_serial.err.find("serial number of the item you are returning"), std::string::npos) << no_serial.err;
  CliRun opened =
      run("case open-return --receipt 9001 --sku PH-1 --serial ser-1 --reason changed_mind --condition sealed --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_EQ(opened.json()["kind"], "return");
  EXPECT_EQ(opened.json()["status"], "requested");
  CliRun twice = run("case open-return --receipt 9001 --sku SER-1 --reason changed_mind --condition sealed");
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("already been returned"), std::string::npos);
}

// The store's returns blocklist from the CLI, and a blocklisted customer's return through the
// counter: held, shown as held in `case show`, approved by a manager who says why.
TEST_F(Cli, BlocklistWalkFromEntryToAManagersApproval) {
  load_small_store();
  {
    auto db = Database::open(dir.file("cli.db"));
    ASSERT_TRUE(db) << db.error().message;
    StaffService staff(*db);
    ASSERT_TRUE(staff.add("marta", "Marta", Role::manager, "pin-4711"));
    ASSERT_TRUE(staff.add("leo", "Leo", Role::clerk, "pin-4711"));
  }
  EXPECT_EQ(run("blocklist add --phone 600999000 --email a@b.co --reason x --by marta").exit_code, 2) << "one each";
  EXPECT_EQ(run("blocklist add --phone 600999000 --by marta").exit_code, 2) << "a reason is required";
  CliRun clerk = run("blocklist add --phone 600999000 --reason x --by leo");
  EXPECT_EQ(clerk.exit_code, 1);
  EXPECT_NE(clerk.err.find("Only a manager"), std::string::npos) << clerk.err;
  CliRun bad = run("blocklist add --email nope --reason x --by marta");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("e-mail address doesn't look right"), std::string::npos) << bad.err;
  CliRun added =
      run("blocklist add --phone \"+34 600 999 000\" --reason \"Returned used phones as new\" --days 30 --by marta "
          "--json");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.json()["phone"], "34600999000");
  EXPECT_FALSE(added.json()["expires_at"].is_null());
  int id = added.json()["id"].get<int>();
  CliRun listed = run("blocklist list");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("+34600999000"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Returned used phones as new"), std::string::npos) << listed.out;
  CliRun anonymous = run("case open-return --receipt 9001 --sku SER-1 --reason changed_mind --condition sealed");
  EXPECT_EQ(anonymous.exit_code, 1) << "with a blocklist in force, a return without a contact would escape it";
  EXPECT_NE(anonymous.err.find("asks for a phone number or an e-mail address with every return"), std::string::npos)
      << anonymous.err;

  CliRun opened =
      run("case open-return --receipt 9001 --sku SER-1 --reason changed_mind --condition sealed --phone \"0034 600 999 "
          "000\" "
          "--json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  CliRun shown = run("case show " + code + " --json");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  ASSERT_EQ(shown.json()["return_holds"].size(), 1u);
  EXPECT_EQ(shown.json()["return_holds"][0]["kind"], "blocklisted");
  EXPECT_NE(
      run("case show " + code).out.find("held:      Held for a manager: the customer's contact is on the blocklist"),
      std::string::npos);

  ASSERT_EQ(run("case inspect-return " + code + " --condition sealed --by leo").exit_code, 0);
  CliRun by_clerk = run("case decide-return " + code + " --outcome refund --reason fine --by leo");
  EXPECT_EQ(by_clerk.exit_code, 1);
  EXPECT_NE(by_clerk.err.find("Only a manager can approve a return that waits for a manager"), std::string::npos)
      << by_clerk.err;
  CliRun no_reason = run("case decide-return " + code + " --outcome refund --by marta");
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_NE(no_reason.err.find("write why you approve it"), std::string::npos) << no_reason.err;
  CliRun approved =
      run("case decide-return " + code + " --outcome refund --reason \"ID checked, entry outdated\" --by marta");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  std::string timeline = run("case show " + code).out;
  EXPECT_NE(timeline.find("Approved over the hold (blocklisted): ID checked, entry outdated"), std::string::npos)
      << timeline;
  EXPECT_NE(timeline.find("marta"), std::string::npos) << timeline;

  EXPECT_EQ(run("blocklist remove " + std::to_string(id) + " --by leo").exit_code, 1);
  ASSERT_EQ(run("blocklist remove " + std::to_string(id) + " --by marta").exit_code, 0);
  EXPECT_EQ(run("blocklist list --json").json().size(), 0u);
  CliRun again = run("blocklist remove " + std::to_string(id) + " --by marta");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("no blocklist entry"), std::string::npos) << again.err;
}

TEST_F(Cli, ABadImportReportsLinesAndKeepsWhatWasThere) {
  load_small_store();
  CliRun bad =
      run("import sales " +
          write("bad.csv",
                "receipt_number,sold_at,sku,price_cents\n9002,2026-11-20T10:00:00Z,PH-1,100\n9003,soon,PH-1,100\n"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.csv:3: sold_at 'soon'"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("nothing was imported"), std::string::npos);
  CliRun check = run("check --json");
  ASSERT_EQ(check.exit_code, 0);
  EXPECT_EQ(check.json()["sale_lines"], 1);
  EXPECT_EQ(run("import sales /nonexistent.csv").exit_code, 1);
}

TEST_F(Cli, CasePhotosAddListAndExportWithoutMetadata) {
  load_small_store();
  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'Cracked screen' --name Ana --phone '+34 600 1' --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  std::string jpeg = testing::with_gps_exif(testing::make_jpeg(40, 30), 1);
  std::string file = dir.file("IMG_0001.jpg").string();
  std::ofstream(file, std::ios::binary) << jpeg;

  CliRun added = run("case photo-add " + code + " " + file + " --bench --caption 'Cracked corner' --by tom --json");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.json()["source"], "bench");
  EXPECT_EQ(added.json()["width"], 40);
  std::int64_t id = added.json()["id"];
  CliRun text = run("case photo-add " + code + " " + write("notes.jpg", "not a picture"));
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_EQ(text.err, "aftersales: This file is not a photo: please send a JPEG or PNG picture.\n");
  EXPECT_EQ(run("case photo-add " + code + " /nonexistent.jpg").exit_code, 1);

  CliRun listed = run("case photos " + code);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("bench"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("tom"), std::string::npos);
  EXPECT_NE(listed.out.find("Cracked corner"), std::string::npos);

  std::string out = dir.file("out.jpg").string();
  CliRun exported = run("case photo-export " + code + " " + std::to_string(id) + " " + out);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream in(out, std::ios::binary);
  std::string written((std::istreambuf_iterator<char>(in)), {});
  EXPECT_TRUE(written.starts_with("\xFF\xD8\xFF"));
  EXPECT_EQ(written.find(testing::kGpsMarker), std::string::npos);
  EXPECT_EQ(written.find("Exif"), std::string::npos);
  EXPECT_EQ(run("case photo-export " + code + " " + std::to_string(id + 1) + " " + out).exit_code, 1);
}

TEST_F(Cli, CasePayTakesMoneyWithClearMessagesForBadInput) {
  load_small_store();
  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'Cracked screen' --name Ana --phone '+34 600 1' --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  CliRun typo = run("case pay " + code + " 3O.00 --deposit");
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_EQ(typo.err, "aftersales: \"3O.00\" is not an amount; type it like 30.00.\n");
  CliRun deposit = run("case pay " + code + " 30.00 --deposit --method card --by ana --json");
  ASSERT_EQ(deposit.exit_code, 0) << deposit.err;
  EXPECT_EQ(deposit.json()["paid_cents"], 3000);
  CliRun nothing_due = run("case pay " + code + " 10");
  EXPECT_EQ(nothing_due.exit_code, 1);
  EXPECT_EQ(nothing_due.err, "aftersales: Nothing is due on this repair.\n");
  CliRun no_reason = run("case pay " + code + " 10 --refund");
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_NE(no_reason.err.find("Please say why"), std::string::npos) << no_reason.err;
  ASSERT_EQ(run("case pay " + code + " 10 --refund --note 'Price matched'").exit_code, 0);
  auto shown = run("case show " + code + " --json").json();
  EXPECT_EQ(shown["money"]["paid_cents"], 2000);
  ASSERT_EQ(shown["payments"].size(), 2u);
  EXPECT_EQ(shown["payments"][0]["method"], "card");
  EXPECT_EQ(shown["payments"][1]["note"], "Price matched");

  // Handed over with money owed: the counter is told, and records it after completing.
  ASSERT_EQ(run("case advance " + code + " diagnosing").exit_code, 0);
  ASSERT_EQ(run("case estimate " + code + " --part 'Screen=8900'").exit_code, 0);
  ASSERT_EQ(run("case decide " + code + " approve").exit_code, 0);
  ASSERT_EQ(run("case advance " + code + " ready_for_pickup").exit_code, 0);
  CliRun handed_over = run("case advance " + code + " completed");
  ASSERT_EQ(handed_over.exit_code, 0) << handed_over.err;
  EXPECT_NE(handed_over.out.find("Still due: 69.00. Once it is taken: aftersales case pay " + code + " 69.00"),
            std::string::npos)
      << handed_over.out;
  CliRun taken = run("case pay " + code + " 69.00 --json");
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  EXPECT_EQ(taken.json()["due_cents"], 0);

  // The customer's proof: the payments receipt, as the printer gets it.
  std::string slip = dir.file("payments.bin").string();
  CliRun printed = run("receipt " + code + " --payments --escpos " + slip);
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("Payments receipt for " + code), std::string::npos) << printed.out;
  std::stringstream bytes;
  bytes << std::ifstream(slip, std::ios::binary).rdbuf();
  for (const char* line : {"Payments", "Deposit (card): 30.00", "Refund (cash): -10.00", "Payment (cash): 69.00",
                           "Paid: 89.00", "Thank you: nothing is left to pay."})
    EXPECT_NE(bytes.str().find(line), std::string::npos) << line;
}

// A loaner from the list to a repair and back: pickup refused while it is out, a clerk's waiver
// refused, a manager's accepted; `case show` lists the loan.
TEST_F(Cli, LoanersAreLentTakenBackAndWaivedWithClearMessagesForBadInput) {
  load_small_store();
  ASSERT_EQ(run("staff add marta --role manager < " + write("pin", "2468\n")).exit_code, 0);
  ASSERT_EQ(run("staff add leo --role clerk < " + write("pin2", "1357\n")).exit_code, 0);
  CliRun added = run("loaners add l-07 'iPhone 8' --serial SN-7 --json");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.json()["tag"], "L-07");
  CliRun twice = run("loaners add L-07 'Another'");
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.err, "aftersales: There is already a loaner L-07. Each loaner has its own tag.\n");
  ASSERT_EQ(run("loaners add L-08 'Galaxy S9'").exit_code, 0);
  ASSERT_EQ(run("loaners retire L-08").exit_code, 0);

  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'Cracked screen' --name Ana --phone '+34 600 1' --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  CliRun unknown = run("case lend " + code + " L-99");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "aftersales: There is no loaner L-99. `aftersales loaners list` shows the store's loaners.\n");
  CliRun retired = run("case lend " + code + " L-08");
  EXPECT_EQ(retired.exit_code, 1);
  EXPECT_EQ(retired.err, "aftersales: Loaner L-08 is retired; please choose another.\n");
  CliRun lent = run("case lend " + code + " L-07 --by leo");
  ASSERT_EQ(lent.exit_code, 0) << lent.err;
  EXPECT_NE(lent.out.find("Loaner L-07 (iPhone 8) lent with " + code), std::string::npos) << lent.out;
  auto listed = run("loaners list --json").json();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["out_with"], code);
  EXPECT_EQ(listed[1]["retired"], true);
  CliRun receipt = run("receipt " + code + " --escpos " + dir.file("r.bin").string());
  ASSERT_EQ(receipt.exit_code, 0) << receipt.err;
  std::ifstream printed(dir.file("r.bin"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(printed)), {});
  EXPECT_NE(bytes.find("Loaner: L-07 iPhone 8,"), std::string::npos) << "wrapped or not, the line is printed";
  EXPECT_NE(bytes.find("to return at pickup"), std::string::npos);

  for (const char* status : {"diagnosing", "ready_for_pickup"})
    ASSERT_EQ(run("case advance " + code + " " + status).exit_code, 0);
  CliRun blocked = run("case advance " + code + " completed");
  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_EQ(blocked.err,
            "aftersales: Loaner L-07 (iPhone 8) is still out. Take it back first, or a manager can record why not.\n");
  CliRun no_reason = run("case loaner-waive " + code + " --by marta");
  EXPECT_EQ(no_reason.exit_code, 2) << "--reason is required";
  CliRun clerk = run("case loaner-waive " + code + " --reason 'Lost on holiday' --by leo");
  EXPECT_EQ(clerk.exit_code, 1);
  EXPECT_EQ(clerk.err, "aftersales: Only a manager can record why a loaner is not back; leo is a clerk.\n");
  CliRun waived = run("case loaner-waive " + code + " --reason 'Lost on holiday' --by marta");
  ASSERT_EQ(waived.exit_code, 0) << waived.err;
  ASSERT_EQ(run("case advance " + code + " completed").exit_code, 0);
  CliRun back = run("case loaner-back " + code + " --condition 'like new' --json");
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.json()["return_condition"], "like new");
  auto shown = run("case show " + code + " --json").json();
  ASSERT_EQ(shown["loans"].size(), 1u);
  EXPECT_EQ(shown["loans"][0]["tag"], "L-07");
  EXPECT_EQ(shown["loans"][0]["waived_by"], "marta");
  EXPECT_EQ(shown["loans"][0]["waived_reason"], "Lost on holiday");
  CliRun text = run("case show " + code);
  EXPECT_NE(text.out.find("loaner L-07 (iPhone 8) lent"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(waived by marta: Lost on holiday)"), std::string::npos) << text.out;
}

// A unit swapped under warranty (case replace), and its history from either serial (history).
TEST_F(Cli, AUnitSwappedUnderWarrantyKeepsOneHistoryUnderBothSerials) {
  load_small_store();
  std::string first =
      run("case open-repair --serial SER-1 --problem 'Dead' --name Ana --phone '+34 600 1' --json").json()["code"];
  CliRun same = run("case replace " + first + " ser-1");
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_EQ(same.err, "aftersales: The replacement has the same serial number as the original.\n");
  CliRun swapped = run("case replace " + first + " new-77 --by tech");
  ASSERT_EQ(swapped.exit_code, 0) << swapped.err;
  EXPECT_EQ(swapped.out, first +
                             ": unit SER-1 replaced by NEW-77; the new unit carries its warranty (aftersales warranty "
                             "NEW-77)\n");
  std::string second =
      run("case open-repair --serial NEW-77 --problem 'Dead again' --name Ana --phone '+34 600 1' --json")
          .json()["code"];
  for (const char* serial : {"SER-1", "new-77"}) {
    CliRun shown = run(std::string("history ") + serial + " --json");
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    auto h = shown.json();
    EXPECT_EQ(h["serials"], nlohmann::json::array({"SER-1", "NEW-77"})) << serial;
    ASSERT_EQ(h["cases"].size(), 2u) << serial;
    EXPECT_EQ(h["cases"][0]["code"], first);
    EXPECT_EQ(h["cases"][1]["code"], second);
    EXPECT_EQ(h["swaps"][0]["case"], first);
  }
  CliRun text = run("history NEW-77");
  EXPECT_NE(text.out.find("SER-1 -> NEW-77: 2 cases, swapped 1 time under warranty"), std::string::npos) << text.out;
  CliRun unknown = run("history NOPE-1");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("No case and no swap has the serial NOPE-1"), std::string::npos) << unknown.err;
}

class CliClaims : public Cli {
 protected:
  // A repair completed under the manufacturer's warranty (Norvik's), estimated at 119.00, by the CLI;
  // `swap_to`: the unit was swapped for this serial on the bench.
  std::string claimable_repair(const std::string& serial, const std::string& swap_to = "");
};

std::string CliClaims::claimable_repair(const std::string& serial, const std::string& swap_to) {
  CliRun opened =
      run("case open-repair --serial " + serial + " --problem 'No power' --name Ana --phone '+34 600 100 200' --json");
  EXPECT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  EXPECT_EQ(run("case advance " + code + " diagnosing").exit_code, 0);
  EXPECT_EQ(run("case estimate " + code + " --part Screen=8900 --labour Fitting=3000").exit_code, 0);
  EXPECT_EQ(run("case decide " + code + " approve").exit_code, 0);
  if (!swap_to.empty()) {
    auto db = Database::open(dir.file("cli.db").string());
    EXPECT_TRUE(db) << db.error().message;
    Config config = default_config();
    EXPECT_TRUE(CaseService(*db, config).record_replacement(code, swap_to, "tech"));
  }
  EXPECT_EQ(run("case advance " + code + " ready_for_pickup").exit_code, 0);
  EXPECT_EQ(run("case advance " + code + " completed").exit_code, 0);
  return code;
}

TEST_F(CliClaims, ClaimsAreOpenedShippedAndCreditedWithClearMessagesForBadInput) {
  load_small_store();
  std::string yesterday = format_instant(system_now() - std::chrono::days{1});
  ASSERT_EQ(run("import sales " + write("s2.csv",
                                        "receipt_number,sold_at,sku,serial,quantity,price_cents\n"
                                        "9002," +
                                            yesterday + ",PH-1,SER-2,1,49900\n"))
                .exit_code,
            0);
  CliRun none = run("claims open Norvik");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err,
            "aftersales: There are no repairs to claim from Norvik: none completed under the manufacturer's warranty "
            "that is not on a claim already.\n");
  std::string repaired = claimable_repair("SER-1");
  std::string swapped = claimable_repair("SER-2", "SER-2-NEW");
  CliRun unknown = run("claims claimable --vendor Nokla");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "aftersales: No product in the catalog is made by \"Nokla\".\n");
  auto claimable = run("claims claimable --vendor norvik --json").json();
  ASSERT_EQ(claimable.size(), 2u);
  EXPECT_EQ(claimable[1]["what"], "replaced");
  EXPECT_EQ(claimable[1]["new_serial"], "SER-2-NEW");

  CliRun opened = run("claims open Norvik --case " + swapped + " --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  int id = opened.json()["id"];
  CliRun twice = run("claims open Norvik --case " + swapped + " --case " + repaired);
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.err, "aftersales: Case " + swapped + " is already on claim " + std::to_string(id) +
                           "; a case is claimed once.\n");
  CliRun bad_rma = run("claims ship " + std::to_string(id) + " --rma 'A B'");
  EXPECT_EQ(bad_rma.exit_code, 1);
  EXPECT_NE(bad_rma.err.find("\"A B\" is not an RMA number"), std::string::npos) << bad_rma.err;
  CliRun bad_day = run("claims ship " + std::to_string(id) + " --rma RMA-9 --on 01/03/2026");
  EXPECT_EQ(bad_day.exit_code, 1);
  EXPECT_EQ(bad_day.err, "aftersales: \"01/03/2026\" is not a date; type it like 2026-03-01.\n");
  std::string ten_days_ago = format_date(default_config().time_zone.local_date(system_now() - std::chrono::days{10}));
  CliRun shipped = run("claims ship " + std::to_string(id) + " --rma RMA-9 --on " + ten_days_ago);
  ASSERT_EQ(shipped.exit_code, 0) << shipped.err;
  CliRun negative = run("claims credit " + std::to_string(id) + " -- -5");
  EXPECT_EQ(negative.exit_code, 1) << negative.out;
  EXPECT_EQ(negative.err, "aftersales: \"-5\" is not an amount; type it like 89.00.\n");
  CliRun zero = run("claims credit " + std::to_string(id) + " 0");
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_EQ(zero.err, "aftersales: Please type a credit of more than 0.00.\n");
  CliRun unknown_claim = run("claims show 999");
  EXPECT_EQ(unknown_claim.exit_code, 1);
  EXPECT_EQ(unknown_claim.err, "aftersales: There is no claim 999; `aftersales claims list` shows the claims.\n");

  auto aged = run("claims list --aged --json").json();
  ASSERT_EQ(aged["claims"].size(), 1u);
  EXPECT_EQ(aged["claims"][0]["days_outstanding"], 10);
  EXPECT_EQ(aged["claims"][0]["owed_cents"], 11900);
  EXPECT_EQ(aged["vendors"][0]["vendor"], "Norvik");
  ASSERT_EQ(run("claims credit " + std::to_string(id) + " 50.00").exit_code, 0);
  CliRun over = run("claims credit " + std::to_string(id) + " 70.00");
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_EQ(over.err, "aftersales: Only 69.00 is still owed on claim " + std::to_string(id) +
                          "; a larger credit needs --force and a note saying why.\n");
  CliRun forced = run("claims credit " + std::to_string(id) + " 70.00 --force --note 'Handling fee' --json");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(forced.json()["credit_cents"], 12000);
  EXPECT_EQ(forced.json()["status"], "credited");
  EXPECT_EQ(run("claims list --aged --json").json()["claims"].size(), 0u) << "nothing owed any more";
  CliRun csv = run("claims list --csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\r')),
            "id,vendor,rma,status,created_at,shipped_on,credited_on,claimed,credited,owed");
  EXPECT_NE(csv.out.find("," + ten_days_ago + ","), std::string::npos) << csv.out;

  CliRun show = run("case show " + swapped);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Claimed on claim " + std::to_string(id) + " to Norvik (RMA RMA-9)"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("swapped:   unit SER-2 replaced by SER-2-NEW under warranty; SER-2-NEW carries the coverage"),
            std::string::npos)
      << show.out;
  auto shown = run("case show " + repaired + " --json").json();
  EXPECT_TRUE(shown["claim"].is_null());
  EXPECT_TRUE(shown["swapped_for"].is_null());
}

TEST_F(Cli, PartsAreImportedUsedOrderedAndReceivedWithClearMessagesForBadInput) {
  load_small_store();
  CliRun bad = run("parts import " + write("bad.csv",
                                           "sku,name,cost_cents,price_cents,stock,supplier\n"
                                           "SCR-1,Screen assembly,4000,8900,2,Acme\n"
                                           "BAT-1,Battery,1500,-4900,0,Acme\n"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.csv:3: price_cents '-4900' must be whole cents"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("nothing was imported"), std::string::npos) << bad.err;
  EXPECT_EQ(run("parts list --json").json().size(), 0u);
  CliRun imported = run("parts import " + write("parts.csv",
                                                "sku,name,cost_cents,price_cents,stock,supplier\n"
                                                "SCR-1,Screen assembly,4000,8900,2,Acme\n"
                                                "BAT-1,Battery,1500,4900,0,Acme\n"));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "Imported 2 rows of parts: 2 added, 0 updated, 0 unchanged\n");
  auto low = run("parts list --low --json").json();
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0]["sku"], "BAT-1");

  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'Cracked screen' --name Ana --phone '+34 600 1' --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  ASSERT_EQ(run("case advance " + code + " diagnosing").exit_code, 0);

  CliRun short_of = run("parts use " + code + " SCR-1 --quantity 3");
  EXPECT_EQ(short_of.exit_code, 1);
  EXPECT_EQ(short_of.err,
            "aftersales: Only 2 of SCR-1 (Screen assembly) in stock; 3 wanted. Use what is there, or order the "
            "rest.\n");
  CliRun unknown = run("parts use " + code + " NOPE-9");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("There is no part NOPE-9 in the parts list"), std::string::npos) << unknown.err;
  CliRun negative = run("parts use " + code + " SCR-1 --quantity -2");
  EXPECT_NE(negative.exit_code, 0);
  EXPECT_NE(negative.err.find("-2"), std::string::npos) << negative.err;
  CliRun used = run("parts use " + code + " SCR-1");
  ASSERT_EQ(used.exit_code, 0) << used.err;
  EXPECT_EQ(used.out, "1 x Screen assembly (SCR-1) used on " + code + "; 1 left in stock\n");
  CliRun too_many_back = run("parts put-back " + code + " SCR-1 --quantity 2");
  EXPECT_EQ(too_many_back.exit_code, 1);
  EXPECT_EQ(too_many_back.err, "aftersales: This repair used 1 of SCR-1 (Screen assembly); 2 cannot go back.\n");

  CliRun estimate = run("case estimate " + code + " --part-sku 'SCR-1' --labour 'Fitting=3000' --json");
  ASSERT_EQ(estimate.exit_code, 0) << estimate.err;
  auto shown = run("case show " + code + " --json").json();
  EXPECT_EQ(shown["estimate"]["total_cents"], 11900) << "the part at the list's price";
  EXPECT_EQ(shown["estimate"]["lines"][0]["sku"], "SCR-1");
  EXPECT_EQ(run("case estimate " + code + " --part-sku 'SCR-1*x'").exit_code, 1);
  ASSERT_EQ(run("case decide " + code + " approve").exit_code, 0);

  CliRun bad_date = run("parts order " + code + " BAT-1 --ref PO-1 --expected tomorrow");
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_NE(bad_date.err.find("The expected date 'tomorrow' is not a date like"), std::string::npos) << bad_date.err;
  CliRun ordered = run("parts order " + code + " BAT-1 --supplier 'Acme Parts' --ref PO-1 --expected 2099-01-10");
  ASSERT_EQ(ordered.exit_code, 0) << ordered.err;
  EXPECT_NE(ordered.out.find("reference PO-1, expected 2099-01-10; " + code + " waits for parts, promised 2099-01-"),
            std::string::npos)
      << ordered.out;
  EXPECT_EQ(run("case show " + code + " --json").json()["status"], "awaiting_parts");

  // A second order that will not come: cancelled with its reason, the repair waits for PO-1 only.
  ASSERT_EQ(run("parts order " + code + " BAT-1 --supplier 'Acme Parts' --ref PO-X --expected 2099-02-01").exit_code,
            0);
  EXPECT_EQ(run("parts cancel-order PO-X").exit_code, 2) << "the reason is required";
  CliRun cancelled = run("parts cancel-order PO-X --reason 'Out of production' --json");
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_EQ(cancelled.json()["status"], "awaiting_parts");
  EXPECT_EQ(cancelled.json()["cancel_reason"], "Out of production");
  CliRun again = run("parts cancel-order PO-X --reason again");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("The order PO-X was already cancelled, on "), std::string::npos) << again.err;

  EXPECT_EQ(run("parts arrived").exit_code, 1);
  CliRun bad_file = run("parts arrived --file " + write("arrivals.csv", "reference,quantity\nPO-1,1\nPO-2,1\n"));
  EXPECT_EQ(bad_file.exit_code, 1);
  EXPECT_NE(bad_file.err.find("arrivals.csv:3: no part order has the reference 'PO-2'"), std::string::npos)
      << bad_file.err;
  EXPECT_EQ(run("case show " + code + " --json").json()["status"], "awaiting_parts") << "nothing recorded";
  CliRun arrived = run("parts arrived PO-1");
  ASSERT_EQ(arrived.exit_code, 0) << arrived.err;
  EXPECT_EQ(arrived.out,
            "1 x Battery (BAT-1) arrived for " + code + " (order PO-1); the repair goes on to the bench\n");
  auto after = run("case show " + code + " --json").json();
  EXPECT_EQ(after["status"], "repairing");
  ASSERT_EQ(after["parts_used"].size(), 1u);
  EXPECT_EQ(after["parts_used"][0]["sku"], "SCR-1");
  ASSERT_EQ(after["part_orders"].size(), 2u);
  EXPECT_EQ(after["part_orders"][0]["reference"], "PO-1");
  EXPECT_FALSE(after["part_orders"][0]["arrived_at"].is_null());
  EXPECT_FALSE(after["part_orders"][1]["cancelled_at"].is_null());
  CliRun text = run("case show " + code);
  EXPECT_NE(text.out.find("reference PO-X, expected 2099-02-01, cancelled "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(": Out of production\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Order PO-X cancelled: 1 x Battery (BAT-1) from Acme Parts. Out of production (internal)"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Part arrived: 1 x Battery (BAT-1), order PO-1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("part used: 1 x Screen assembly (SCR-1) at "), std::string::npos) << text.out;
}

TEST_F(Cli, BackupAndCheck) {
  load_small_store();
  CliRun backup = run("backup --to " + dir.file("b/backup.db").string());
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  CliRun check = run("check");
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_NE(check.out.find("Integrity: ok"), std::string::npos);
  // Restore: the backup replaces the database file (and its WAL companions).
  ASSERT_EQ(run("case open-repair --serial SER-1 --problem 'After the backup' --name Al --phone 5550100").exit_code, 0);
  for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(dir.file(std::string("cli.db") + suffix));
  std::filesystem::rename(dir.file("b/backup.db"), dir.file("cli.db"));
  CliRun restored = run("check --json");
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.json()["sale_lines"], 1);
  EXPECT_EQ(restored.json()["cases"], 0);  // the case opened after the backup is not in it
}

TEST_F(Cli, NightlyBackupsRotateAndKeepTheNewest) {
  load_small_store();
  std::filesystem::create_directories(dir.file("backups"));
  // Three older nightly backups and a copy from a schema upgrade, which rotation leaves alone.
  for (auto name : {"aftersales-20260101-020000.db", "aftersales-20260102-020000.db", "aftersales-20260103-020000.db",
                    "cli-schema-3-before-4-20260101T020000Z.db"})
    std::ofstream(dir.file("backups") / name) << "old";
  std::ofstream(dir.file("keep2.toml")) << "[backup]\nkeep = 2\n";
  CliRun rotated = run("--config " + dir.file("keep2.toml").string() + " --json backup --rotate");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  std::filesystem::path written = rotated.json()["backup"].get<std::string>();
  EXPECT_EQ(written.parent_path(), dir.file("backups"));
  EXPECT_EQ(rotated.json()["removed"].size(), 2u);
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir.file("backups"))) left.push_back(e.path().filename());
  std::ranges::sort(left);
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left[0], "aftersales-20260103-020000.db");
  EXPECT_EQ(left[1], written.filename());
  EXPECT_EQ(left[2], "cli-schema-3-before-4-20260101T020000Z.db");
  auto copy = Database::open(written, OpenMode::read_only);
  ASSERT_TRUE(copy) << copy.error().message;
  EXPECT_EQ(run("backup").exit_code, 2) << "--to or --rotate is needed";
}

TEST_F(Cli, ADatabaseFromANewerVersionIsRefused) {
  ASSERT_EQ(run("init").exit_code, 0);
  {
    auto db = Database::open(dir.file("cli.db"));
    ASSERT_TRUE(db);
    db->exec("PRAGMA user_version = 999");
  }
  CliRun r = run("case list");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newer version of aftersales"), std::string::npos);
}

TEST_F(Cli, ABadConfigNamesTheKey) {
  std::string config = write("bad.toml", "[store]\ntime_zone = \"Nowhere/Land\"\n");
  CliRun r = run("--config " + config + " case list");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("store.time_zone"), std::string::npos);
}

TEST_F(Cli, ReceiptIsRenderedAndPrintedAndAPrinterProblemKeepsTheCase) {
  load_small_store();
  CliRun opened = run("case open-repair --serial SER-1 --problem 'No power' --name Ana --phone 5550100 --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  CliRun rendered = run("receipt " + code + " --png " + dir.file("r.png").string() + " --escpos " +
                        dir.file("r.bin").string() + " --width 58 --lang fr --json");
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  EXPECT_EQ(rendered.json()["paper_dots"], 384);
  EXPECT_GT(std::filesystem::file_size(dir.file("r.png")), 1000u);
  EXPECT_EQ(std::filesystem::file_size(dir.file("r.bin")), rendered.json()["bytes"].get<std::size_t>());

  std::string spool = dir.file("spool.bin").string();
  std::string good = write("good.toml", "[printer]\nconnection = \"file:" + spool + "\"\n");
  EXPECT_EQ(run("--config " + good + " receipt " + code + " --print").exit_code, 0);
  EXPECT_EQ(run("--config " + good + " receipt " + code + " --label --print").exit_code, 0);
  EXPECT_GT(std::filesystem::file_size(spool), 500u);

  std::string off = write("off.toml", "[printer]\nconnection = \"tcp:127.0.0.1:1\"\ntimeout_ms = 500\n");
  CliRun failed = run("--config " + off + " receipt " + code + " --print");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("The case is saved"), std::string::npos) << failed.err;
  EXPECT_EQ(run("case show " + code).exit_code, 0);
  EXPECT_EQ(run("receipt " + code + " --lang de").exit_code, 1);
}

TEST_F(Cli, DemoFillsAStore) {
  CliRun r = run("demo --sales 1000 --seed 5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["sales"], 1000);
  EXPECT_GT(r.json()["cases"].get<int>(), 24);
  EXPECT_EQ(run("demo --sales 1000").exit_code, 1);  // not over existing data
}

// Rows as headquarters holds them, each case with its store's id; stats --by-store sets them side by side.
TEST_F(Cli, ReportsShowTheBenchAsATableAsCsvOrAsJson) {
  load_small_store();
  CliRun empty = run("report parts");
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("No part was used in this period."), std::string::npos) << empty.out;
  EXPECT_EQ(run("report technicians --weeks 2 --json").json()["finished_per_week"], nlohmann::json::array({0, 0}));

  ASSERT_EQ(run("parts import " + write("parts.csv",
                                        "sku,name,cost_cents,price_cents,stock,supplier\n"
                                        "SCR-1,\"Screen, 6.1\"\" OLED\",4000,8900,2,Acme\n"))
                .exit_code,
            0);
  CliRun opened =
      run("case open-repair --serial SER-1 --problem 'Cracked screen' --name Ana --phone '+34 600 1' --json");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string code = opened.json()["code"];
  ASSERT_EQ(run("case advance " + code + " diagnosing").exit_code, 0);
  ASSERT_EQ(run("parts use " + code + " SCR-1 --quantity 2").exit_code, 0);
  ASSERT_EQ(run("parts put-back " + code + " SCR-1").exit_code, 0);
  ASSERT_EQ(run("case advance " + code + " repairing").exit_code, 0);
  ASSERT_EQ(run("case advance " + code + " ready_for_pickup --by tech.sam").exit_code, 0);

  CliRun parts = run("report parts --csv");
  ASSERT_EQ(parts.exit_code, 0) << parts.err;
  EXPECT_EQ(parts.out,
            "sku,name,quantity,cost_cents,price_cents,repairs\r\n"
            "SCR-1,\"Screen, 6.1\"\" OLED\",1,4000,8900,1\r\n");
  CliRun parts_text = run("report parts --days 7");
  EXPECT_NE(parts_text.out.find("Screen, 6.1\" OLED"), std::string::npos) << parts_text.out;
  EXPECT_NE(parts_text.out.find("40.00"), std::string::npos) << parts_text.out;
  EXPECT_EQ(run("report parts --json").json()["cost_cents"], 4000);

  CliRun technicians = run("report technicians --csv");
  ASSERT_EQ(technicians.exit_code, 0) << technicians.err;
  EXPECT_TRUE(technicians.out.starts_with("technician,finished,repaired,median_days,")) << technicians.out;
  EXPECT_NE(technicians.out.find("\r\ntech.sam,1,1,0.00,"), std::string::npos) << technicians.out;
  EXPECT_TRUE(technicians.out.ends_with(",1\r\n")) << "finished this week: " << technicians.out;
  auto by_week = run("report technicians --weeks 3 --json").json();
  EXPECT_EQ(by_week["weeks"].size(), 3u);
  EXPECT_EQ(by_week["technicians"][0]["technician"], "tech.sam");
  EXPECT_EQ(by_week["technicians"][0]["finished_per_week"], nlohmann::json::array({0, 0, 1}));
  EXPECT_NE(run("report technicians").out.find("tech.sam"), std::string::npos);

  auto statuses = run("report status-times --json").json();
  ASSERT_EQ(statuses["statuses"].size(), 3u) << statuses.dump();
  EXPECT_EQ(statuses["statuses"][0]["status"], "checked_in");
  EXPECT_EQ(statuses["statuses"][0]["stays"], 1);
  EXPECT_TRUE(run("report status-times --csv").out.starts_with("status,stays,median_hours,p90_hours\r\nchecked_in,1,"));
  EXPECT_NE(run("report status-times").out.find("Diagnosing"), std::string::npos);
}

TEST_F(Cli, AReportWithABadPeriodSaysWhatItTakes) {
  CliRun zero = run("report technicians --weeks 0");
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_EQ(zero.err, "aftersales: The period must be from 1 to 520 weeks; 0 is not.\n");
  CliRun negative = run("report status-times --days -1");
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_EQ(negative.err, "aftersales: The period must be from 1 to 3660 days; -1 is not.\n");
  EXPECT_EQ(run("report parts --days 3661").exit_code, 1);
  CliRun letters = run("report technicians --weeks abc");
  EXPECT_EQ(letters.exit_code, 2);
  EXPECT_NE(letters.err.find("--weeks"), std::string::npos) << letters.err;
  EXPECT_NE(letters.err.find("abc"), std::string::npos) << letters.err;
  EXPECT_EQ(run("report").exit_code, 2) << "which report";
}

TEST_F(Cli, StatsByStoreSetsTheStoresSideBySide) {
  load_small_store();
  std::string yesterday = format_instant(system_now() - std::chrono::days{1});
  ASSERT_EQ(run("import sales " +
                write("s2.csv", "receipt_number,sold_at,sku,serial,quantity,price_cents\n9002," + yesterday +
                                    ",PH-1,SER-2,1,49900\n9003," + yesterday + ",PH-1,SER-3,1,49900\n"))
                .exit_code,
            0);
  for (const char* serial : {"ser-1", "ser-2"}) {
    CliRun opened = run(std::string("case open-repair --serial ") + serial +
                        " --problem 'No sound' --category audio --name 'Ana García' --phone '+34 600 111 222' --json");
    ASSERT_EQ(opened.exit_code, 0) << opened.err;
  }
  ASSERT_EQ(run("case open-repair --serial ser-3 --problem 'Dead' --category power --name 'Al' --phone '+34 600 111 "
                "223'")
                .exit_code,
            0);
  {
    auto db = Database::open(dir.file("cli.db"));
    ASSERT_TRUE(db) << db.error().message;
    db->exec("UPDATE cases SET store_id = CASE WHEN problem_category = 'power' THEN 'BCN01' ELSE 'MAD01' END");
  }
  CliRun by_store = run("stats --by-store --json");
  ASSERT_EQ(by_store.exit_code, 0) << by_store.err;
  auto json = by_store.json();
  ASSERT_EQ(json["stores"].size(), 2u);
  EXPECT_EQ(json["stores"][0]["store"], "BCN01");
  EXPECT_EQ(json["stores"][0]["opened"], 1);
  EXPECT_EQ(json["stores"][1]["store"], "MAD01");
  EXPECT_EQ(json["stores"][1]["open"], 2);
  EXPECT_EQ(json["total"]["opened"], 3);
  EXPECT_EQ(json["repair_problems"][0]["label"], "Sound");
  EXPECT_EQ(json["repair_problems"][0]["stores"][0]["store"], "MAD01");
  EXPECT_EQ(json["repair_problems"][0]["stores"][0]["cases"], 2);

  CliRun whole = run("stats --json");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_FALSE(whole.json().contains("stores"));
  EXPECT_EQ(whole.json()["total"]["open"], 3);
  CliRun text = run("stats --by-store");
  EXPECT_NE(text.out.find("MAD01"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(MAD01 2)"), std::string::npos) << text.out;
  EXPECT_EQ(run("stats --days 0").exit_code, 2);
}

}  // namespace
}  // namespace aftersales
