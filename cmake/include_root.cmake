# aftersales_include_root(<target> <path>): the target's headers are included as "<path>/name.h"
# (e.g. "core/domain/case.h") through an include root of the target's own, which holds nothing but
# <path>: a symbolic link in the build tree to the folder that defines the target. A target sees the
# headers of the targets it links and no others, though all sources share one tree (shared/): an
# include of a layer the target does not link fails to build ("No such file or directory").
function(aftersales_include_root target path)
  set(root ${CMAKE_BINARY_DIR}/include_roots/${target})
  get_filename_component(parent ${root}/${path} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${path} SYMBOLIC)
  target_include_directories(${target} PUBLIC ${root})
endfunction()
