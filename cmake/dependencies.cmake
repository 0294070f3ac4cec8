# Every third-party library comes from Debian packages (see install/deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(SQLite3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(Sodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(QREncode REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(TurboJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
pkg_check_modules(FreeType REQUIRED IMPORTED_TARGET freetype2)
find_package(fmt REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(date REQUIRED)
# libphonenumber (Debian's libphonenumber-dev) ships neither pkg-config nor CMake files.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
add_library(PhoneNumber::PhoneNumber UNKNOWN IMPORTED)
set_target_properties(PhoneNumber::PhoneNumber PROPERTIES IMPORTED_LOCATION ${PHONENUMBER_LIBRARY}
                                                          INTERFACE_INCLUDE_DIRECTORIES ${PHONENUMBER_INCLUDE_DIR})
# GUI apps
pkg_check_modules(ImGui REQUIRED IMPORTED_TARGET imgui)  # brings stb along (Requires: stb)
pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
find_package(OpenGL REQUIRED COMPONENTS OpenGL)
# The backends' headers sit one folder below imgui.h.
set_property(TARGET PkgConfig::ImGui APPEND PROPERTY INTERFACE_INCLUDE_DIRECTORIES ${ImGui_INCLUDEDIR}/backends)
