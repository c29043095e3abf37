/*
 * json_same.h - compare two cJSON trees node by node (check_json and
 * fuzz_json use it to hold the arena parser to cJSON's trees).
 */
#ifndef ERG_JSON_SAME_H
#define ERG_JSON_SAME_H

#include <cjson/cJSON.h>

/**
 * NULL when a and b are the same tree: types, keys, strings, valueint, the
 * bits of valuedouble, the children in order and every next/prev link (a
 * first child's prev is the last child, as cJSON 1.7.15 links them).
 * Otherwise a message naming the first difference and its JSON path, in a
 * static buffer (overwritten by the next call; not to be freed).
 */
const char *json_same(const cJSON *a, const cJSON *b);
/** Nesting depth of arrays and objects: 0 for a scalar, 1 for [] or [1]. */
int json_depth(const cJSON *j);

#endif
