cmake_minimum_required(VERSION 3.18)
# countries.tsv -> a C table compiled into the library:
#   cmake -DIN=data/countries.tsv -DOUT=countries.c -P data/countries.cmake
# Each line: code, name, other names and short forms, demonyms (tabs
# between the fields, commas inside them); lines starting with # are
# comments.  A quote or backslash would need escaping: refused.
file(STRINGS ${IN} lines ENCODING UTF-8)
set(body "")
set(n 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  if(line MATCHES "[\"\\\\;]")
    message(FATAL_ERROR "${IN}: a quote, backslash or semicolon in: ${line}")
  endif()
  string(REPLACE "\t" ";" fields "${line}")
  list(LENGTH fields nf)
  if(NOT nf EQUAL 4)
    message(FATAL_ERROR "${IN}: expected 4 fields separated by tabs in: ${line}")
  endif()
  list(GET fields 0 code)
  list(GET fields 1 name)
  list(GET fields 2 names)
  list(GET fields 3 demonyms)
  string(APPEND body "\t{\"${code}\", \"${name}\", \"${names}\", \"${demonyms}\"},\n")
  math(EXPR n "${n} + 1")
endforeach()
file(WRITE ${OUT}.tmp "/* Made from data/countries.tsv by data/countries.cmake: do not edit. */
#include \"internal.h\"

const erg_country erg_countries[] = {
${body}};
const size_t erg_ncountries = ${n};
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
file(REMOVE ${OUT}.tmp)
