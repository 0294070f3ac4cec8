# Run by shared/core/CMakeLists.txt at build time: every quoted include in shared/core must name a
# layer's header as "core/<folder>/name.h", found through the include roots of the layers the file's
# target links (cmake/include_root.cmake). A relative path ("../storage/database.h", or a name
# found beside the file) would bypass them, so it fails the build here.
file(GLOB_RECURSE files "${CORE_DIR}/*.h" "${CORE_DIR}/*.cpp")
set(problems "")
foreach(file IN LISTS files)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[^\"]*\"([^\"]*)\".*$" "\\1" path "${line}")
    if(NOT path MATCHES "^core/[a-z_]+/[a-z0-9_]+\\.h$")
      file(RELATIVE_PATH name "${CORE_DIR}" "${file}")
      string(APPEND problems "  shared/core/${name}: #include \"${path}\"\n")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "Include a layer's header as \"core/<folder>/name.h\" (its target must link that layer):\n"
                      "${problems}")
endif()
file(TOUCH "${STAMP}")
