# Script mode: turns the numbered migration files into a C++ source that holds them as strings,
# so the programs carry their schema and never depend on where assets were installed.
# Inputs: OUTPUT, FUNCTION (the function that returns them) and SOURCES (a |-separated list of .sql
# files named NNNN_description.sql).
string(REPLACE "|" ";" SOURCES "${SOURCES}")
list(SORT SOURCES)
set(body "")
foreach(file IN LISTS SOURCES)
  get_filename_component(name "${file}" NAME)
  string(REGEX MATCH "^[0-9]+" number "${name}")
  math(EXPR version "${number}")
  file(READ "${file}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"aftersales_sql(${sql})aftersales_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from assets/migrations by cmake/embed_sql.cmake. Do not edit.
#include \"core/storage/migrations.h\"

namespace aftersales {
const std::vector<Migration>& ${FUNCTION}() {
  static const std::vector<Migration> migrations{
${body}  };
  return migrations;
}
}  // namespace aftersales
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
