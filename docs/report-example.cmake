# Fill docs/report-example.html.in with the SVGs of graphs/, inlined.
# cmake -DSRC=<source dir> -P docs/report-example.cmake
function(inline_svg var path)
  file(READ ${path} svg)
  # An inlined SVG needs no XML declaration or DOCTYPE.
  string(REGEX REPLACE "^<\\?xml[^>]*>\n<!DOCTYPE[^>]*>\n" "" svg "${svg}")
  set(${var} "${svg}" PARENT_SCOPE)
endfunction()
inline_svg(CORPUS_SVG ${SRC}/graphs/corpus.svg)
inline_svg(ENERGY_SVG ${SRC}/graphs/energy.svg)
inline_svg(DIFF_SVG ${SRC}/graphs/diff/diff.svg)
configure_file(${SRC}/docs/report-example.html.in ${SRC}/docs/report-example.html @ONLY)
