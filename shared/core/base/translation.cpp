#include "core/base/translation.h"

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/base/embedded.h"

namespace aftersales {
namespace {

using Catalog = std::map<std::string, std::string, std::less<>>;

// Catalogs are parsed once, on first use; a broken catalog is a build defect, so it throws.
const std::array<Catalog, 3>& catalogs() {
  static const std::array<Catalog, 3> all = [] {
    std::array<Catalog, 3> loaded;
    for (const EmbeddedFile& file : embedded_translations()) {
      auto language = parse_language(file.name.substr(0, file.name.find('.')));
      if (!language) continue;
      auto json = nlohmann::json::parse(file.text);
      for (const auto& [id, text] : json.items())
        loaded[static_cast<std::size_t>(*language)][id] = text.get<std::string>();
    }
    return loaded;
  }();
  return all;
}

}  // namespace

std::string_view language_code(Language language) {
  switch (language) {
    case Language::en: return "en";
    case Language::es: return "es";
    case Language::fr: return "fr";
  }
  return "en";
}

std::string_view language_name(Language language) {
  switch (language) {
    case Language::en: return "English";
    case Language::es: return "Español";
    case Language::fr: return "Français";
  }
  return "English";
}

std::optional<Language> parse_language(std::string_view code) {
  if (code.size() < 2) return std::nullopt;
  char a = static_cast<char>(std::tolower(static_cast<unsigned char>(code[0])));
  char b = static_cast<char>(std::tolower(static_cast<unsigned char>(code[1])));
  if (code.size() > 2 && code[2] != '-' && code[2] != '_') return std::nullopt;
  for (Language language : kAllLanguages)
    if (language_code(language) == std::string_view(std::array{a, b}.data(), 2)) return language;
  return std::nullopt;
}

std::string_view tr(Language language, std::string_view english) {
  if (language == Language::en) return english;
  const Catalog& catalog = catalogs()[static_cast<std::size_t>(language)];
  auto it = catalog.find(english);
  return it == catalog.end() ? english : std::string_view(it->second);
}

std::vector<std::string> catalog_ids(Language language) {
  std::vector<std::string> ids;
  for (const auto& [id, text] : catalogs()[static_cast<std::size_t>(language)]) ids.push_back(id);
  return ids;
}

}  // namespace aftersales
