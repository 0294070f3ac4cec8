// Every string the kiosk shows goes through tr(): this finds each literal id in the kiosk's sources,
// plus the checklist items and the flows' fixed messages, and checks that Spanish and French have
// it with the same placeholders. A kiosk half in English is what this prevents.
#include "core/base/translation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

#include "repair_flow.h"
#include "support/translated_literals.h"

namespace aftersales::kiosk {
namespace {

std::set<std::string> literal_ids() {
  std::filesystem::path root(AFTERSALES_SOURCE_DIR);
  std::vector<std::filesystem::path> files = {root / "shared/ui/keyboard.cpp"};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "kiosk/app"))
    if (entry.path().extension() == ".cpp") files.push_back(entry.path());
  return aftersales::testing::translated_literals(files, {"lang", "language", "app.language"});
}

TEST(KioskTranslations, EveryShownStringIsInEveryCatalog) {
  std::set<std::string> ids = literal_ids();
  EXPECT_GT(ids.size(), 150u) << "the source scan found too few strings: is the pattern still right?";
  for (const char* category : {"phones", "laptops", "tvs", "cameras", "gaming", "headphones", "other"}) {
    for (const auto& item : accessory_choices(category)) ids.insert(item);
    for (const auto& item : condition_choices(category)) ids.insert(item);
  }
  for (const auto& item : problem_categories()) ids.insert(item);
  for (const char* message :
       {"Please scan or type the receipt number.", "Please choose how many you are returning.",
        "Please scan or type the serial number.", "Please say what the product is (brand and model).",
        "Please choose what kind of problem it is.", "Please describe the problem in a few words.",
        "Please check the item's condition (or \"No visible damage\").", "Please sign with your finger in the box.",
        "Please enter your name.", "That phone number doesn't look right: use 6 to 15 digits, like +1 555 0100.",
        "Please give a phone number or an e-mail address, so we can tell you when it is ready.",
        "That e-mail address doesn't look right: it should be like name@example.com.",
        "To be notified, give a phone number or an e-mail address.",
        "Please scan or type the serial number of the item you are returning.",
        "The serial number of this item does not match the one sold. Please see the counter.",
        "A member of staff will finish this return with you. Please see the counter."})
    ids.insert(message);
  for (Language language : {Language::es, Language::fr}) {
    auto catalog = catalog_ids(language);
    std::set<std::string> have(catalog.begin(), catalog.end());
    for (const std::string& id : ids) {
      EXPECT_TRUE(have.contains(id)) << "missing in " << language_code(language) << ": " << id;
      std::string_view text = tr(language, id);
      auto braces = [](std::string_view s) { return std::count(s.begin(), s.end(), '{'); };
      EXPECT_EQ(braces(text), braces(id)) << language_code(language) << ": " << id;
    }
  }
}

}  // namespace
}  // namespace aftersales::kiosk
