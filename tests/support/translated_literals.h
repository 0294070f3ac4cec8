#pragma once
// The message ids a source file translates: the literal of every tr(LANG, "...") and
// trf(LANG, "...", ...) whose first argument is one of `language_names`, with adjacent literals
// joined as the compiler joins them. Catalog-coverage tests use it to find every shown string.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace aftersales::testing {

std::set<std::string> translated_literals(const std::vector<std::filesystem::path>& files,
                                          const std::vector<std::string>& language_names);

}  // namespace aftersales::testing
