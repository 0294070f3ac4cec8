// Every string the kiosk shows goes through tr(): this finds each literal id in the kiosk's sources,
// plus the checklist items and the flows' fixed messages, and checks that Spanish and French have
// it with the same placeholders. A kiosk half in English is what this prevents.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <cctype>
#include <string_view>
#include <vector>
#include <set>

#include "core/translation.h"
#include "repair_flow.h"

namespace aftersales::kiosk {
namespace {

// Adjacent literals ("a" "b", across lines) joined, as the compiler does.
std::string join_adjacent_literals(const std::string& code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '"' && i > 0 && code[i - 1] != '\\') {
      std::size_t next = code.find_first_not_of(" \t\n", i + 1);
      if (next != std::string::npos && next > i + 1 && code[next] == '"' &&
          code.find('\n', i + 1) < next) {
        i = next;  // drop the closing quote, the space between and the opening quote
        continue;
      }
    }
    out += code[i];
  }
  return out;
}

// The id of every tr(lang, "...") and trf(lang, "...", ...) call.
std::set<std::string> literal_ids() {
  std::set<std::string> ids;
  std::vector<std::filesystem::path> files = {std::filesystem::path(AFTERSALES_SOURCE_DIR) / "shared/ui/keyboard.cpp"};
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(AFTERSALES_SOURCE_DIR) / "kiosk/app"))
    if (entry.path().extension() == ".cpp") files.push_back(entry.path());
  for (const auto& file : files) {
    std::ifstream source(file);
    std::string code = join_adjacent_literals(std::string((std::istreambuf_iterator<char>(source)), {}));
    for (std::string_view call : {"tr(", "trf("}) {
      for (std::size_t at = code.find(call); at != std::string::npos; at = code.find(call, at + 1)) {
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(code[at - 1])) || code[at - 1] == '_')) continue;
        std::size_t comma = code.find(',', at);
        std::string first = code.substr(at + call.size(), comma - at - call.size());
        if (first != "lang" && first != "language" && first != "app.language") continue;
        std::size_t open = code.find_first_not_of(" \t\n", comma + 1);
        if (open == std::string::npos || code[open] != '"') continue;  // an id from a variable
        std::string id;
        std::size_t i = open + 1;
        for (; i < code.size() && code[i] != '"'; ++i) {
          if (code[i] == '\\' && i + 1 < code.size()) ++i;  // \" inside the literal
          id += code[i];
        }
        ids.insert(id);
      }
    }
  }
  return ids;
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
        "To be notified, give a phone number or an e-mail address."})
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
