// The customer's view of a case: the latest update in their language. Notes the system writes
// (estimates, decisions, receiving) are translated; what a person wrote is shown as written.
#include "core/present/status_view.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

class CustomerView : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("5001", at("2026-01-10T10:00:00Z"), {{"PHONE-1", "SN-IN"}});
    add_sale("5003", at("2026-02-25T10:00:00Z"), {{"TV-1", "SN-TV", 1, 80000}});
  }
  std::string latest(const Case& c, Language lang) {
    auto view = build_status_view(*cases, c.token, config, lang);
    EXPECT_TRUE(view) << view.error().message;
    return view && view->last_note ? *view->last_note : "";
  }
};

TEST_F(CustomerView, AnEstimateAndItsAnswerReadInTheCustomersLanguage) {
  Case c = *cases->open_repair(repair_draft("SN-IN"), "kiosk");
  ASSERT_TRUE(cases->advance(c.code, CaseStatus::diagnosing, {"tech", ""}));
  ASSERT_TRUE(cases->record_estimate(c.code, {{"part", "Screen", 1, 8900}, {"labour", "Fitting", 1, 3000}}, "tech"));
  EXPECT_EQ(latest(c, Language::es), "Presupuesto: 119.00 USD (piezas y mano de obra)");
  EXPECT_EQ(latest(c, Language::en), "Estimate: 119.00 USD (parts and labour)")
      << "the default format names no currency";
  ASSERT_TRUE(cases->decide_estimate(c.code, true, "customer"));
  EXPECT_EQ(latest(c, Language::fr), "Devis accepté");
  ASSERT_TRUE(cases->add_note(c.code, {"tech", "Pieza pedida, llega el martes", true}));
  EXPECT_EQ(latest(c, Language::fr), "Pieza pedida, llega el martes") << "a person's words stay as written";
}

TEST_F(CustomerView, WithoutConsentTheNextStepPromisesNoMessage) {
  RepairDraft told = repair_draft("SN-IN");
  Case c = *cases->open_repair(told, "kiosk");
  auto view = build_status_view(*cases, c.token, config, Language::en);
  ASSERT_TRUE(view);
  EXPECT_NE(view->next_step.find("we will tell you"), std::string::npos) << view->next_step;

  RepairDraft silent = repair_draft("SN-TV");
  silent.customer.notify_consent = false;
  Case s = *cases->open_repair(silent, "kiosk");
  for (Language lang : kAllLanguages) {
    auto quiet = build_status_view(*cases, s.token, config, lang);
    ASSERT_TRUE(quiet);
    EXPECT_EQ(quiet->next_step.find("tell you"), std::string::npos) << quiet->next_step;
    EXPECT_NE(quiet->next_step, std::string(tr(lang, "Nothing to do for now: we will tell you what we find.")));
  }
  ASSERT_TRUE(cases->advance(s.code, CaseStatus::diagnosing, {"tech", ""}));
  ASSERT_TRUE(cases->advance(s.code, CaseStatus::repairing, {"tech", ""}));
  auto repairing = build_status_view(*cases, s.token, config, Language::en);
  ASSERT_TRUE(repairing);
  EXPECT_NE(repairing->next_step.find("We send no messages"), std::string::npos) << repairing->next_step;
}

TEST_F(CustomerView, AReturnDecisionIsTranslatedButTheReasonKept) {
  ReturnDraft draft{"5003", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::opened, "", {}};
  draft.brought_serial = "SN-TV";
  Case c = *cases->open_return(draft, "kiosk");
  ASSERT_TRUE(cases->inspect_return(c.code, ItemCondition::opened, "internal remark", "clerk"));
  EXPECT_EQ(latest(c, Language::es), "Artículo recibido en el mostrador") << "the inspection itself is internal";
  ASSERT_TRUE(cases->decide_return(c.code, {ReturnOutcome::store_credit, "Merci. A bientôt"}, "clerk"));
  EXPECT_EQ(latest(c, Language::fr), "Retour accepté : avoir. Merci. A bientôt");
  EXPECT_EQ(latest(c, Language::en), "Return approved: store credit. Merci. A bientôt");
}

}  // namespace
}  // namespace aftersales
