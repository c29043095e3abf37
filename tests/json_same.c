/* json_same.c - compare two cJSON trees node by node. */
#include "json_same.h"

#include <stdio.h>
#include <string.h>

static char message[1024];

static const char *differ(const char *path, const char *what)
{
	snprintf(message, sizeof message, "%s: %s", *path ? path : "(root)", what);
	return message;
}

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The links of one tree's children: first->prev is the last, then each
 * prev is the one before, and the last has no next. */
static const char *links(const cJSON *parent, const char *path)
{
	const cJSON *first = parent->child, *c, *last = NULL;

	if (!first)
		return NULL;
	for (c = first; c; c = c->next) {
		if (c != first && c->prev != last)
			return differ(path, "a child's prev is not the child before it");
		last = c;
	}
	if (first->prev != last)
		return differ(path, "the first child's prev is not the last child");
	return NULL;
}

static const char *same(const cJSON *a, const cJSON *b, char *path, size_t cap)
{
	size_t len = strlen(path);
	const cJSON *x, *y;
	const char *m;
	int i = 0;

	if (a->type != b->type) {
		snprintf(message, sizeof message, "%s: type %d, not %d", *path ? path : "(root)",
			 a->type, b->type);
		return message;
	}
	if (!same_string(a->string, b->string))
		return differ(path, "the key differs");
	if (!same_string(a->valuestring, b->valuestring))
		return differ(path, "valuestring differs");
	if (a->valueint != b->valueint) {
		snprintf(message, sizeof message, "%s: valueint %d, not %d", *path ? path : "(root)",
			 a->valueint, b->valueint);
		return message;
	}
	if (memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) != 0) {
		snprintf(message, sizeof message, "%s: valuedouble %.17g, not %.17g",
			 *path ? path : "(root)", a->valuedouble, b->valuedouble);
		return message;
	}
	if ((m = links(a, path)) || (m = links(b, path)))
		return m;
	for (x = a->child, y = b->child; x && y; x = x->next, y = y->next, i++) {
		if (a->type == cJSON_Object)
			snprintf(path + len, cap - len, ".%s", x->string ? x->string : "?");
		else
			snprintf(path + len, cap - len, "[%d]", i);
		if ((m = same(x, y, path, cap)))
			return m;
	}
	path[len] = '\0';
	if (x || y)
		return differ(path, x ? "more children" : "fewer children");
	return NULL;
}

const char *json_same(const cJSON *a, const cJSON *b)
{
	char path[4096] = "";

	if (!a || !b)
		return a || b ? "one tree is NULL" : NULL;
	if (a->next || a->prev || b->next || b->prev)
		return "a root has a next or prev";
	return same(a, b, path, sizeof path);
}

int json_depth(const cJSON *j)
{
	int deepest = 0;

	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return 0;
	for (const cJSON *c = j->child; c; c = c->next) {
		int d = json_depth(c);

		if (d > deepest)
			deepest = d;
	}
	return deepest + 1;
}
