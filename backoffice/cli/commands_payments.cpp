// case pay: money taken (a deposit, a payment) or given back (a refund) at the counter for a repair.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/base/text.h"
#include "core/services/case_service.h"

namespace aftersales::cli {

nlohmann::json money_json(const CaseMoney& money) {
  return {{"charged_cents", money.charged_cents},
          {"paid_cents", money.paid_cents},
          {"due_cents", money.due_cents()},
          {"credit_cents", money.credit_cents()}};
}

void add_case_payment_commands(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("pay", "Record money taken for a repair (a deposit, a payment) or given back");
  struct Options {
    std::string code, amount, method = "cash", note, by = "cli";
    bool deposit = false, refund = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("amount", o->amount, "Amount, e.g. 30.00")->required();
  cmd->add_option("--method", o->method, "How it was paid")
      ->check(CLI::IsMember({"cash", "card", "transfer", "other"}));
  auto* deposit = cmd->add_flag("--deposit", o->deposit, "A deposit (before anything is due)");
  cmd->add_flag("--refund", o->refund, "Money given back (needs --note)")->excludes(deposit);
  cmd->add_option("--note", o->note, "Why (for a refund), or a receipt number of the till");
  cmd->add_option("--by", o->by, "Who takes it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto cents = parse_money(o->amount);
    if (!cents)
      return fail(ErrorKind::invalid_input, fmt::format("\"{}\" is not an amount; type it like 30.00.", o->amount),
                  "amount");
    PaymentDraft draft{.kind = o->refund    ? PaymentKind::refund
                               : o->deposit ? PaymentKind::deposit
                                            : PaymentKind::payment,
                       .method = *parse_payment_method(o->method),
                       .amount_cents = *cents,
                       .note = trim(o->note)};
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    CaseService service(**db, **config);
    auto money = service.record_payment(o->code, draft, o->by);
    if (!money) return std::unexpected(money.error());
    ctx.print(money_json(*money), [&] {
      fmt::print("{} {} ({}) on {}: paid {}, due {}{}\n", to_string(draft.kind), format_money(draft.amount_cents),
                 o->method, o->code, format_money(money->paid_cents), format_money(money->due_cents()),
                 money->credit_cents() > 0 ? fmt::format(", to give back {}", format_money(money->credit_cents()))
                                           : std::string());
    });
    return {};
  });
}

}  // namespace aftersales::cli
