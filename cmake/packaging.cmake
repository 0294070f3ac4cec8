# Installation layout and the Debian package (`cmake --build build --target package`): the programs,
# the default config as a conffile, systemd units, the service users and data folder, the back
# office's desktop entry and icon, the nginx example and the docs. Dependencies come from
# dpkg-shlibdeps, so they match what the programs link.
include(GNUInstallDirs)

set(AFTERSALES_INSTALL_DIR ${PROJECT_SOURCE_DIR}/install)
set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/aftersales)

install(TARGETS aftersales aftersales-kiosk aftersales-backoffice RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The shipped example, with the database in the data folder the package creates.
file(READ ${PROJECT_SOURCE_DIR}/assets/config/aftersales.toml example_config)
string(REPLACE "# database = \"/var/lib/aftersales/aftersales.db\"" "database = \"/var/lib/aftersales/aftersales.db\""
       system_config "${example_config}")
file(WRITE ${CMAKE_BINARY_DIR}/package/aftersales.toml "${system_config}")
install(FILES ${CMAKE_BINARY_DIR}/package/aftersales.toml DESTINATION /etc/aftersales)

# Debian 12 keeps systemd's files under /lib (usrmerge makes both paths the same).
install(FILES ${AFTERSALES_INSTALL_DIR}/systemd/aftersales-status.service
              ${AFTERSALES_INSTALL_DIR}/systemd/aftersales-notify.service
              ${AFTERSALES_INSTALL_DIR}/systemd/aftersales-backup.service
              ${AFTERSALES_INSTALL_DIR}/systemd/aftersales-backup.timer
              ${AFTERSALES_INSTALL_DIR}/systemd/aftersales-kiosk-session.service
        DESTINATION /lib/systemd/system)
install(FILES ${AFTERSALES_INSTALL_DIR}/package/aftersales.sysusers DESTINATION /usr/lib/sysusers.d RENAME aftersales.conf)
install(FILES ${AFTERSALES_INSTALL_DIR}/package/aftersales.tmpfiles DESTINATION /usr/lib/tmpfiles.d RENAME aftersales.conf)
install(FILES ${AFTERSALES_INSTALL_DIR}/package/aftersales-backoffice.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/icons/aftersales.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${AFTERSALES_INSTALL_DIR}/nginx/aftersales-status.conf ${AFTERSALES_INSTALL_DIR}/nginx/aftersales-proxy.conf
        DESTINATION ${doc_dir}/examples/nginx)
install(FILES ${AFTERSALES_INSTALL_DIR}/postgresql/roles.sql DESTINATION ${doc_dir}/examples/postgresql)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${AFTERSALES_INSTALL_DIR}/package/copyright DESTINATION ${doc_dir})

# Debian wants a compressed changelog in the doc folder.
string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${CMAKE_BINARY_DIR}/package/changelog.Debian
     "aftersales (${PROJECT_VERSION}-1) stable; urgency=medium\n\n"
     "  * Built from the aftersales source tree.\n\n"
     " -- aftersales maintainers <maintainers@aftersales.invalid>  ${changelog_date}\n")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/package/changelog.Debian.gz
                   COMMAND gzip -9nf -k ${CMAKE_BINARY_DIR}/package/changelog.Debian
                   DEPENDS ${CMAKE_BINARY_DIR}/package/changelog.Debian)
add_custom_target(package_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/package/changelog.Debian.gz)
install(FILES ${CMAKE_BINARY_DIR}/package/changelog.Debian.gz DESTINATION ${doc_dir})

# Manual pages, compressed as Debian wants them.
foreach(page aftersales aftersales-kiosk aftersales-backoffice)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/package/${page}.1.gz
                     COMMAND gzip -9n < ${AFTERSALES_INSTALL_DIR}/package/man/${page}.1 > ${CMAKE_BINARY_DIR}/package/${page}.1.gz
                     DEPENDS ${AFTERSALES_INSTALL_DIR}/package/man/${page}.1)
  list(APPEND man_pages ${CMAKE_BINARY_DIR}/package/${page}.1.gz)
endforeach()
add_custom_target(package_man_pages ALL DEPENDS ${man_pages})
install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

file(WRITE ${CMAKE_BINARY_DIR}/package/conffiles "/etc/aftersales/aftersales.toml\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME aftersales)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "retail after-sales service and warranty kiosk system")
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
       "Repairs, returns and warranty lookups for a store: a touchscreen kiosk\n"
       "for shoppers with printed QR receipts, a back office for counter staff\n"
       "and technicians, and a status web server that customers reach from the\n"
       "receipt's QR code, all on one shared SQLite database.")
set(CPACK_PACKAGE_CONTACT "aftersales maintainers <maintainers@aftersales.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What the programs need beyond the libraries they link: fonts for screens and receipts, systemd
# for the users, data folder and services.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, systemd, tzdata")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cage, xwayland, espeak-ng, cups-client, postgresql-client")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx | nginx-light, default-mta | mail-transport-agent")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_BINARY_DIR}/package/conffiles
    ${AFTERSALES_INSTALL_DIR}/package/postinst
    ${AFTERSALES_INSTALL_DIR}/package/prerm
    ${AFTERSALES_INSTALL_DIR}/package/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_STRIP_FILES TRUE)
include(CPack)
