# What `cmake --install` puts in place, in three components: "runtime"
# (the command, its man pages and bash completion), "lib"
# (libergraph.so.N) and "dev" (the header, libergraph.a, the libergraph.so
# link, ergraph.pc and the CMake package).  cmake/package.cmake makes a
# Debian package of each.
include(CMakePackageConfigHelpers)

install(TARGETS ergraph RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(TARGETS ergraph_shared EXPORT ergraphTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev)
install(TARGETS ergraph_lib EXPORT ergraphStaticTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(FILES src/ergraph.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)

# The CMake package: ergraph::ergraph and ergraph::ergraph_static.
set(ERG_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ergraph)
install(EXPORT ergraphTargets NAMESPACE ergraph:: DESTINATION ${ERG_CMAKE_DIR} COMPONENT dev)
install(EXPORT ergraphStaticTargets NAMESPACE ergraph:: DESTINATION ${ERG_CMAKE_DIR}
  COMPONENT dev)
set(ERG_PC_REQUIRES_LIST ${ERG_DEP_MODULES})
configure_package_config_file(cmake/ergraphConfig.cmake.in
  ${CMAKE_BINARY_DIR}/ergraphConfig.cmake INSTALL_DESTINATION ${ERG_CMAKE_DIR})
# 0.x: a release that breaks the API or the ABI raises the minor version
# (docs/library.md), so only the same minor version is compatible.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/ergraphConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/ergraphConfig.cmake ${CMAKE_BINARY_DIR}/ergraphConfigVersion.cmake
  DESTINATION ${ERG_CMAKE_DIR} COMPONENT dev)
set(ERG_INSTALL_STEPS pkg-config cmake symbols)

# ergraph.pc is written when installing, so that it names the prefix
# actually installed to (cmake --install build --prefix DIR).
string(REPLACE ";" ", " ERG_PC_REQUIRES "${ERG_DEP_MODULES}")
string(REGEX REPLACE "([a-z])(>=)" "\\1 \\2 " ERG_PC_REQUIRES "${ERG_PC_REQUIRES}")
install(CODE "
  set(ERG_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(ERG_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(ERG_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  foreach(dir ERG_PC_LIBDIR ERG_PC_INCLUDEDIR)
    if(NOT IS_ABSOLUTE \"\${\${dir}}\")
      set(\${dir} \"\\\${prefix}/\${\${dir}}\")
    endif()
  endforeach()
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  set(ERG_PC_REQUIRES \"${ERG_PC_REQUIRES}\")
  # One file a destination: cpack and an install may run at once.
  string(MD5 dest \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${CMAKE_SOURCE_DIR}/cmake/ergraph.pc.in\" \"${CMAKE_BINARY_DIR}/pc/\${dest}/ergraph.pc\" @ONLY)
  file(INSTALL \"${CMAKE_BINARY_DIR}/pc/\${dest}/ergraph.pc\"
       DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\")
" COMPONENT dev)

# Man pages: man/NAME.1.in with the version filled in, compressed (gzip -n:
# the same bytes every time) as Debian installs them.
find_program(GZIP gzip REQUIRED)
file(GLOB ERG_MAN_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/man/*.1.in)
set(ERG_MAN_PAGES)
foreach(in ${ERG_MAN_SOURCES})
  get_filename_component(page ${in} NAME)
  string(REGEX REPLACE "\\.in$" "" page ${page})
  configure_file(${in} ${CMAKE_BINARY_DIR}/man/${page} @ONLY)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/${page}.gz
    COMMAND ${GZIP} -9nkf ${page}
    DEPENDS ${CMAKE_BINARY_DIR}/man/${page}
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/man VERBATIM)
  list(APPEND ERG_MAN_PAGES ${CMAKE_BINARY_DIR}/man/${page}.gz)
endforeach()
add_custom_target(man ALL DEPENDS ${ERG_MAN_PAGES})
install(FILES ${ERG_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
if(ERG_TESTS)
  # Each page against the command's --help.
  add_test(NAME man.options COMMAND sh ${CMAKE_SOURCE_DIR}/man/check.sh
    $<TARGET_FILE:ergraph> ${CMAKE_BINARY_DIR}/man)
  set_tests_properties(man.options PROPERTIES LABELS man)
endif()
list(APPEND ERG_INSTALL_STEPS man)

# bash completion: where bash-completion looks (its completionsdir, taken
# relative to its prefix so that --prefix is honoured), else the usual place.
set(ERG_BASH_COMPLETION_DIR "" CACHE PATH
  "Folder of bash completion scripts (default: bash-completion's completionsdir)")
set(ERG_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
if(ERG_BASH_COMPLETION_DIR)
  set(ERG_COMPLETION_DIR ${ERG_BASH_COMPLETION_DIR})
else()
  pkg_get_variable(ERG_BC_DIR bash-completion completionsdir)
  pkg_get_variable(ERG_BC_PREFIX bash-completion prefix)
  if(ERG_BC_DIR AND ERG_BC_PREFIX AND ERG_BC_DIR MATCHES "^${ERG_BC_PREFIX}/(.+)$")
    set(ERG_COMPLETION_DIR ${CMAKE_MATCH_1})
  endif()
endif()
install(FILES completion/ergraph.bash DESTINATION ${ERG_COMPLETION_DIR} RENAME ergraph
  COMPONENT runtime)
if(ERG_TESTS)
  # What it offers against each command's --help.
  add_test(NAME completion.options COMMAND bash ${CMAKE_SOURCE_DIR}/completion/check.sh
    $<TARGET_FILE:ergraph> ${CMAKE_SOURCE_DIR}/completion/ergraph.bash)
  set_tests_properties(completion.options PROPERTIES LABELS completion)
endif()
list(APPEND ERG_INSTALL_STEPS completion)

# Installed into a fresh prefix and used from outside (tests/install/run.sh,
# one test a step).  Not under the sanitizers: a program built without
# them cannot load an instrumented libergraph.so.
if(ERG_TESTS AND NOT ERG_SANITIZE AND NOT ERG_TSAN)
  foreach(step prefix ${ERG_INSTALL_STEPS})
    add_test(NAME install.${step} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/install/run.sh ${step}
      ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR} ${CMAKE_BINARY_DIR}/install-test)
    set_tests_properties(install.${step} PROPERTIES LABELS install TIMEOUT 120
      FIXTURES_REQUIRED erg_installed)
  endforeach()
  set_tests_properties(install.prefix PROPERTIES FIXTURES_SETUP erg_installed
    FIXTURES_REQUIRED "")
endif()

include(cmake/package.cmake)
