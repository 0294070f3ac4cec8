#pragma once
// Translation of user-visible text. The English text is the message id; catalogs in
// assets/i18n/<language>.json map it to the other languages. A missing entry falls back to English
// (and a test makes sure none is missing for the strings the receipts use).
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aftersales {

enum class Language { en, es, fr };

inline constexpr Language kAllLanguages[] = {Language::en, Language::es, Language::fr};

std::string_view language_code(Language language);              // "es"
std::string_view language_name(Language language);              // "Español", in its own language
std::optional<Language> parse_language(std::string_view code);  // "es", "es-ES", "ES_es" ...

// The text in `language`, or the English id itself when the catalog lacks it.
std::string_view tr(Language language, std::string_view english);
// tr() followed by fmt formatting of the translated pattern, e.g. trf(es, "Promised by {}", date).
template <class... Args>
std::string trf(Language language, std::string_view english, Args&&... args) {
  return fmt::vformat(tr(language, english), fmt::make_format_args(args...));
}
// Every message id of a catalog (for tests that look for gaps).
std::vector<std::string> catalog_ids(Language language);

}  // namespace aftersales
