# Debian packages, made by `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr (docs/library.md), one a component:
# ergraph_VERSION_ARCH.deb (the command), libergraph0 (the shared
# library, named after its soname as Debian does) and libergraph-dev.
set(CPACK_PACKAGE_NAME ergraph)
set(CPACK_PACKAGE_VENDOR "the ergraph developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime lib dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(ERG_DEB_MAINTAINER "the ergraph developers <ergraph@maintainers.invalid>" CACHE STRING
  "Maintainer field of the Debian packages (set it when publishing them)")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${ERG_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries each binary links (dpkg-shlibdeps): libc6,
# libgvc6, libcgraph6 and libcjson1 on Debian 12.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(ERG_DEB_ABOUT "ergraph turns JSON annotations of news documents into one
entity-relationship graph of countries, leaders, agreements and
organisations, weighs each relation by the documents that support it,
and draws the result with Graphviz to DOT, SVG, PNG and graph JSON.")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ergraph)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION science)
# The fonts the drawings are measured with (the README installs them too).
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "fonts-dejavu-core, fonts-wqy-zenhei")
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
  "entity-relationship graphs from annotated news documents
${ERG_DEB_ABOUT}
.
This package holds the ergraph command (statically linked with the
library), its manual pages and its bash completion.")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libergraph${ERG_ABI_VERSION})
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIB_DESCRIPTION
  "entity-relationship graphs from annotated news documents (library)
${ERG_DEB_ABOUT}
.
This package holds the shared library libergraph.")
# shlibs: any later libergraph0 will do (the soname changes when the ABI
# breaks).  ldconfig runs through dpkg's trigger; the postinst and postrm
# given here only keep CPack from writing ones that call it.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
file(WRITE ${CMAKE_BINARY_DIR}/deb/triggers "activate-noawait ldconfig\n")
foreach(script postinst postrm)
  file(WRITE ${CMAKE_BINARY_DIR}/deb/${script} "#!/bin/sh\nset -e\n")
  file(CHMOD ${CMAKE_BINARY_DIR}/deb/${script} FILE_PERMISSIONS OWNER_READ OWNER_WRITE
    OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/deb/triggers
  ${CMAKE_BINARY_DIR}/deb/postinst ${CMAKE_BINARY_DIR}/deb/postrm)
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libergraph-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION
  "entity-relationship graphs from annotated news documents (development)
${ERG_DEB_ABOUT}
.
This package holds the header, the static library, the pkg-config file
and the CMake package of libergraph.")
set(CPACK_COMPONENT_DEV_DEPENDS lib)
# ergraph.pc names libgvc, libcgraph, libcjson and libutf8proc in Requires.private.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libgraphviz-dev, libcjson-dev, libutf8proc-dev")

# What Debian wants in each package and a plain install does not:
# /usr/share/doc/PACKAGE/copyright and a changelog.
string(TIMESTAMP ERG_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${CMAKE_BINARY_DIR}/deb/changelog "ergraph (${PROJECT_VERSION}) unstable; urgency=medium

  * Release ${PROJECT_VERSION}.

 -- ${ERG_DEB_MAINTAINER}  ${ERG_DEB_DATE}
")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deb/changelog.gz
  COMMAND ${GZIP} -9nkf changelog
  DEPENDS ${CMAKE_BINARY_DIR}/deb/changelog
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/deb VERBATIM)
add_custom_target(deb_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/deb/changelog.gz)
foreach(component runtime lib dev)
  string(TOUPPER ${component} C)
  set(doc ${CMAKE_INSTALL_DATADIR}/doc/${CPACK_DEBIAN_${C}_PACKAGE_NAME})
  install(FILES LICENSE DESTINATION ${doc} RENAME copyright COMPONENT ${component}
    EXCLUDE_FROM_ALL)
  install(FILES ${CMAKE_BINARY_DIR}/deb/changelog.gz DESTINATION ${doc} COMPONENT ${component}
    EXCLUDE_FROM_ALL)
endforeach()


# The packages of this build, checked (tests/install/deb.sh).
if(ERG_TESTS AND NOT ERG_SANITIZE AND NOT ERG_TSAN)
  add_test(NAME package.deb COMMAND sh ${CMAKE_SOURCE_DIR}/tests/install/deb.sh
    ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR} ${CMAKE_INSTALL_LIBDIR} $<LOWER_CASE:$<CONFIG>>)
  set_tests_properties(package.deb PROPERTIES LABELS package TIMEOUT 120)
endif()

include(CPack)
