# Write OUT, a C file defining the char array NAME that holds the text of
# IN (with a final NUL): the HTML page's script and style, embedded in the
# library at build time (src/render_html.c).  Run as
#   cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# The text goes inside a <script> or <style> element, which it must not
# close early.
file(READ ${IN} text)
string(TOLOWER "${text}" lower)
foreach(bad "</script" "</style" "<!--")
  string(FIND "${lower}" "${bad}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "${IN}: holds \"${bad}\", which would end its element in the page")
  endif()
endforeach()
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# Sixteen bytes a line.
string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT}.tmp "/* Generated from ${IN} by cmake/embed.cmake: do not edit. */\n"
  "extern const char ${NAME}[];\nconst char ${NAME}[] = {\n${bytes}0x00};\n")
file(RENAME ${OUT}.tmp ${OUT})
