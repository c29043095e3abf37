/*
 * theme.c - how each entity type and relation type is drawn.
 *
 * The built-in themes are JSON text read by the same code as a user's
 * --theme file.  Only the keys below are read, and each value is checked:
 * a theme never passes arbitrary Graphviz attributes through (some crash
 * the layout, others inject markup into the SVG).  docs/themes.md lists them.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * Relation types have no entries in the built-in themes: each figure
 * gives the types it shows the palette's styles in turn (erg_theme_look).
 */
static const char default_theme[] =
	"{\"name\":\"default\","
	"\"graph\":{\"bgcolor\":\"white\",\"fontname\":\"" ERG_FONTS "\",\"fontcolor\":\"#1f2937\"},"
	"\"node\":{\"shape\":\"box\",\"style\":\"rounded,filled\",\"fillcolor\":\"#f3f4f6\","
	"\"color\":\"#4b5563\",\"fontcolor\":\"#111827\"},"
	"\"edge\":{\"color\":\"#6b7280\",\"style\":\"solid\",\"fontcolor\":\"#374151\","
	"\"arrowhead\":\"normal\"},"
	"\"nodes\":{"
	"\"country\":{\"shape\":\"box\",\"style\":\"rounded,filled,bold\",\"fillcolor\":\"#dbeafe\",\"color\":\"#1d4ed8\"},"
	"\"leader\":{\"shape\":\"ellipse\",\"style\":\"filled\",\"fillcolor\":\"#fef3c7\",\"color\":\"#b45309\"},"
	"\"agreement\":{\"shape\":\"note\",\"style\":\"filled\",\"fillcolor\":\"#dcfce7\",\"color\":\"#15803d\"},"
	"\"organization\":{\"shape\":\"hexagon\",\"style\":\"filled\",\"fillcolor\":\"#ede9fe\",\"color\":\"#6d28d9\"},"
	"\"person\":{\"shape\":\"ellipse\",\"style\":\"filled,dashed\",\"fillcolor\":\"#e5e7eb\",\"color\":\"#374151\"},"
	"\"event\":{\"shape\":\"octagon\",\"style\":\"filled\",\"fillcolor\":\"#ffe4e6\",\"color\":\"#be123c\"},"
	"\"region\":{\"shape\":\"box\",\"style\":\"rounded,filled,dashed\",\"fillcolor\":\"#e0f2fe\",\"color\":\"#0369a1\"},"
	"\"city\":{\"shape\":\"box\",\"style\":\"rounded,filled\",\"fillcolor\":\"#ccfbf1\",\"color\":\"#0f766e\"},"
	"\"location\":{\"shape\":\"box\",\"style\":\"rounded,filled,dashed\",\"fillcolor\":\"#d1fae5\",\"color\":\"#047857\"},"
	"\"time\":{\"shape\":\"box\",\"style\":\"filled\",\"fillcolor\":\"#fef9c3\",\"color\":\"#a16207\"},"
	"\"number\":{\"shape\":\"box\",\"style\":\"filled\",\"fillcolor\":\"#f5f5f4\",\"color\":\"#57534e\"},"
	"\"misc\":{\"shape\":\"box\",\"style\":\"rounded,filled\",\"fillcolor\":\"#e7e5e4\",\"color\":\"#44403c\"}}}";

static const char dark_theme[] =
	"{\"name\":\"dark\","
	"\"graph\":{\"bgcolor\":\"#111827\",\"fontname\":\"" ERG_FONTS "\",\"fontcolor\":\"#e5e7eb\"},"
	"\"node\":{\"shape\":\"box\",\"style\":\"rounded,filled\",\"fillcolor\":\"#374151\","
	"\"color\":\"#9ca3af\",\"fontcolor\":\"#f9fafb\"},"
	"\"edge\":{\"color\":\"#9ca3af\",\"style\":\"solid\",\"fontcolor\":\"#d1d5db\","
	"\"arrowhead\":\"normal\"},"
	"\"nodes\":{"
	"\"country\":{\"shape\":\"box\",\"style\":\"rounded,filled,bold\",\"fillcolor\":\"#1e3a8a\",\"color\":\"#93c5fd\"},"
	"\"leader\":{\"shape\":\"ellipse\",\"style\":\"filled\",\"fillcolor\":\"#78350f\",\"color\":\"#fcd34d\"},"
	"\"agreement\":{\"shape\":\"note\",\"style\":\"filled\",\"fillcolor\":\"#14532d\",\"color\":\"#86efac\"},"
	"\"organization\":{\"shape\":\"hexagon\",\"style\":\"filled\",\"fillcolor\":\"#4c1d95\",\"color\":\"#c4b5fd\"},"
	"\"person\":{\"shape\":\"ellipse\",\"style\":\"filled,dashed\",\"fillcolor\":\"#374151\",\"color\":\"#d1d5db\"},"
	"\"event\":{\"shape\":\"octagon\",\"style\":\"filled\",\"fillcolor\":\"#881337\",\"color\":\"#fda4af\"},"
	"\"region\":{\"shape\":\"box\",\"style\":\"rounded,filled,dashed\",\"fillcolor\":\"#0c4a6e\",\"color\":\"#7dd3fc\"},"
	"\"city\":{\"shape\":\"box\",\"style\":\"rounded,filled\",\"fillcolor\":\"#134e4a\",\"color\":\"#5eead4\"},"
	"\"location\":{\"shape\":\"box\",\"style\":\"rounded,filled,dashed\",\"fillcolor\":\"#064e3b\",\"color\":\"#6ee7b7\"},"
	"\"time\":{\"shape\":\"box\",\"style\":\"filled\",\"fillcolor\":\"#713f12\",\"color\":\"#fde047\"},"
	"\"number\":{\"shape\":\"box\",\"style\":\"filled\",\"fillcolor\":\"#292524\",\"color\":\"#d6d3d1\"},"
	"\"misc\":{\"shape\":\"box\",\"style\":\"rounded,filled\",\"fillcolor\":\"#44403c\",\"color\":\"#e7e5e4\"}}}";

static const char *const shapes[] = {
	"box", "rect", "ellipse", "oval", "circle", "note", "hexagon", "octagon", "doubleoctagon",
	"diamond", "component", "box3d", "folder", "tab", "house", "invhouse", "parallelogram",
	"trapezium", "pentagon", "septagon", "cylinder", "plaintext", "plain", "egg", "star",
	"underline", "square", NULL};
static const char *const styles[] = {"solid", "dashed", "dotted", "bold", "rounded",
				      "filled", "diagonals", "striped", "wedged", NULL};
static const char *const arrows[] = {"normal", "vee", "open", "empty", "dot", "odot", "diamond",
				      "odiamond", "box", "obox", "tee", "crow", "inv", "none",
				      NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static bool color_valid(const char *s)
{
	size_t n = strlen(s);

	if (s[0] == '#') {
		if (n != 7 && n != 9)
			return false;
		for (size_t i = 1; i < n; i++)
			if (!strchr("0123456789abcdefABCDEF", s[i]))
				return false;
		return true;
	}
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (i && s[i] >= '0' && s[i] <= '9')))
			return false;
	return true; /* an X11/SVG colour name; Graphviz warns on unknown ones */
}

static bool style_valid(const char *s)
{
	char buf[128], *tok, *save;

	if (strlen(s) >= sizeof buf)
		return false;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!in_list(styles, tok))
			return false;
	return true;
}

/*
 * A font family, or a comma-separated list of them that pango and
 * browsers fall back along ("DejaVu Sans,WenQuanYi Zen Hei"); no empty
 * family, since ",," or a trailing comma means nothing to either.
 */
static bool font_valid(const char *s)
{
	size_t n = strlen(s);
	char prev = ',';

	if (n == 0 || n > 128)
		return false;
	for (; *s; prev = *s++)
		if (*s == ',' ? prev == ',' :
		    !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == ' ' || *s == '-'))
			return false;
	return prev != ',';
}

typedef bool (*checker)(const char *);

static bool shape_valid(const char *s)
{
	return in_list(shapes, s);
}

/*
 * Record shapes give `{ } | < >` in a label meaning, so an entity's name
 * would become fields and ports; a name of many braces makes Graphviz
 * format an error message past its own buffer and crash.  Names are
 * labels as written, so records are refused rather than escaped.
 */
static int refuse_record(const cJSON *obj, const char *src, const char *path)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "shape"));

	if (v && (strcmp(v, "record") == 0 || strcmp(v, "Mrecord") == 0))
		return erg_fail(ERG_EINVALID,
				"%s: %s.shape: '%s' is not allowed: record shapes read an entity's name "
				"as fields (use box, or rounded in style)",
				src, path, v);
	return 0;
}

static bool arrow_valid(const char *s)
{
	return in_list(arrows, s);
}

/* Set *slot from obj[key] when present and valid. */
static int take(char **slot, const cJSON *obj, const char *key, checker ok, const char *src,
		const char *path)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char *copy;

	if (!it)
		return 0;
	if (!cJSON_IsString(it) || !ok(it->valuestring))
		return erg_fail(ERG_EINVALID, "%s: %s.%s: '%s' is not an allowed value", src, path,
				key, cJSON_IsString(it) ? it->valuestring : "(not a string)");
	if (!(copy = erg_strdup(it->valuestring)))
		return ERG_ESYS;
	free(*slot);
	*slot = copy;
	return 0;
}

static int check_keys(const cJSON *obj, const char *const *allowed, const char *src,
		      const char *path)
{
	const cJSON *it;

	if (!cJSON_IsObject(obj))
		return erg_fail(ERG_EINVALID, "%s: %s: expected an object", src, path);
	cJSON_ArrayForEach(it, obj)
		if (!in_list(allowed, it->string))
			return erg_fail(ERG_EINVALID, "%s: %s.%s: unknown key (see docs/themes.md)",
					src, path, it->string);
	return 0;
}

static const char *const node_keys[] = {"shape", "style", "fillcolor", "color",
					 "fontcolor", "fontname", NULL};
static const char *const edge_keys[] = {"color", "style", "fontcolor", "arrowhead", NULL};

static int node_style(erg_node_style *s, const cJSON *obj, const char *src, const char *path)
{
	int rc;

	if ((rc = check_keys(obj, node_keys, src, path)) < 0 || (rc = refuse_record(obj, src, path)) < 0 ||
	    (rc = take(&s->shape, obj, "shape", shape_valid, src, path)) < 0 ||
	    (rc = take(&s->style, obj, "style", style_valid, src, path)) < 0 ||
	    (rc = take(&s->fillcolor, obj, "fillcolor", color_valid, src, path)) < 0 ||
	    (rc = take(&s->color, obj, "color", color_valid, src, path)) < 0 ||
	    (rc = take(&s->fontcolor, obj, "fontcolor", color_valid, src, path)) < 0 ||
	    (rc = take(&s->fontname, obj, "fontname", font_valid, src, path)) < 0)
		return rc;
	return 0;
}

static int edge_style(erg_edge_style *s, const cJSON *obj, const char *src, const char *path)
{
	int rc;

	if ((rc = check_keys(obj, edge_keys, src, path)) < 0 ||
	    (rc = take(&s->color, obj, "color", color_valid, src, path)) < 0 ||
	    (rc = take(&s->style, obj, "style", style_valid, src, path)) < 0 ||
	    (rc = take(&s->fontcolor, obj, "fontcolor", color_valid, src, path)) < 0 ||
	    (rc = take(&s->arrowhead, obj, "arrowhead", arrow_valid, src, path)) < 0)
		return rc;
	return 0;
}

static void node_style_free(erg_node_style *s)
{
	free(s->shape);
	free(s->style);
	free(s->fillcolor);
	free(s->color);
	free(s->fontcolor);
	free(s->fontname);
}

static void edge_style_free(erg_edge_style *s)
{
	free(s->color);
	free(s->style);
	free(s->fontcolor);
	free(s->arrowhead);
}

/* Fill the unset fields of a per-type style from the defaults. */
static int inherit(char **slot, const char *from)
{
	if (*slot || !from)
		return 0;
	return (*slot = erg_strdup(from)) ? 0 : ERG_ESYS;
}

static int apply(erg_theme *t, const cJSON *root, const char *src)
{
	static const char *const top_keys[] = {"name", "graph", "node", "edge", "nodes", "edges",
					       NULL};
	static const char *const graph_keys[] = {"bgcolor", "fontname", "fontcolor", NULL};
	const cJSON *graph, *nodes, *edges, *it;
	char path[128];
	int rc;

	if ((rc = check_keys(root, top_keys, src, "(top)")) < 0)
		return rc;
	if ((graph = cJSON_GetObjectItemCaseSensitive(root, "graph")) &&
	    ((rc = check_keys(graph, graph_keys, src, "graph")) < 0 ||
	     (rc = take(&t->bgcolor, graph, "bgcolor", color_valid, src, "graph")) < 0 ||
	     (rc = take(&t->fontname, graph, "fontname", font_valid, src, "graph")) < 0 ||
	     (rc = take(&t->fontcolor, graph, "fontcolor", color_valid, src, "graph")) < 0))
		return rc;
	if ((it = cJSON_GetObjectItemCaseSensitive(root, "node")) &&
	    (rc = node_style(&t->node_default, it, src, "node")) < 0)
		return rc;
	if ((it = cJSON_GetObjectItemCaseSensitive(root, "edge")) &&
	    (rc = edge_style(&t->edge_default, it, src, "edge")) < 0)
		return rc;
	nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
	if (nodes && !cJSON_IsObject(nodes))
		return erg_fail(ERG_EINVALID, "%s: nodes: expected an object of types", src);
	cJSON_ArrayForEach(it, nodes) {
		erg_node_style *s = erg_map_get(&t->nodes, it->string);

		snprintf(path, sizeof path, "nodes.%s", it->string);
		if (!erg_word_valid(it->string))
			return erg_fail(ERG_EINVALID, "%s: %s: not an entity type", src, path);
		if (!s && (!(s = erg_calloc(1, sizeof *s)) || erg_map_put(&t->nodes, it->string, s) < 0)) {
			free(s);
			return ERG_ESYS;
		}
		if ((rc = node_style(s, it, src, path)) < 0)
			return rc;
	}
	edges = cJSON_GetObjectItemCaseSensitive(root, "edges");
	if (edges && !cJSON_IsObject(edges))
		return erg_fail(ERG_EINVALID, "%s: edges: expected an object of types", src);
	cJSON_ArrayForEach(it, edges) {
		erg_edge_style *s = erg_map_get(&t->edges, it->string);

		snprintf(path, sizeof path, "edges.%s", it->string);
		if (!erg_word_valid(it->string))
			return erg_fail(ERG_EINVALID, "%s: %s: not a relation type", src, path);
		if (!s && (!(s = erg_calloc(1, sizeof *s)) || erg_map_put(&t->edges, it->string, s) < 0)) {
			free(s);
			return ERG_ESYS;
		}
		if ((rc = edge_style(s, it, src, path)) < 0)
			return rc;
	}
	return 0;
}

static int parse_theme(erg_theme *t, const char *text, size_t len, const char *src)
{
	size_t err = 0;
	cJSON *root = erg_json_parse(text, len, &err);
	int rc, line, col;

	if (!root && err == ERG_JSON_NOMEM)
		return ERG_ESYS;
	if (!root) {
		erg_text_position(text, err, &line, &col);
		return erg_fail(ERG_EINVALID, "%s:%d:%d: syntax error in the theme", src, line, col);
	}
	rc = apply(t, root, src);
	cJSON_Delete(root);
	return rc;
}

int erg_theme_load(erg_theme **out, const char *name)
{
	erg_theme *t = erg_calloc(1, sizeof *t);
	char *buf = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if (!t)
		return ERG_ESYS;
	if (!name)
		name = "default";
	/* A file builds on the default theme: it need only say what differs. */
	if ((rc = parse_theme(t, default_theme, sizeof default_theme - 1, "default theme")) < 0)
		goto done;
	t->dark = strcmp(name, "dark") == 0;
	if (t->dark)
		rc = parse_theme(t, dark_theme, sizeof dark_theme - 1, "dark theme");
	else if (strcmp(name, "default") != 0 && (rc = erg_read_file(name, ERG_MAX_FILE_SIZE, &buf, &len)) == 0)
		rc = parse_theme(t, buf, len, name);
	if (rc < 0)
		goto done;
	/* Per-type styles inherit what they leave out from "node" and "edge". */
	for (size_t i = 0; i < t->nodes.cap; i++) {
		erg_node_style *s = t->nodes.vals[i], *d = &t->node_default;

		if (t->nodes.keys[i] &&
		    ((rc = inherit(&s->shape, d->shape)) < 0 || (rc = inherit(&s->style, d->style)) < 0 ||
		     (rc = inherit(&s->fillcolor, d->fillcolor)) < 0 ||
		     (rc = inherit(&s->color, d->color)) < 0 ||
		     (rc = inherit(&s->fontcolor, d->fontcolor)) < 0 ||
		     (rc = inherit(&s->fontname, d->fontname ? d->fontname : t->fontname)) < 0))
			goto done;
	}
	for (size_t i = 0; i < t->edges.cap; i++) {
		erg_edge_style *s = t->edges.vals[i], *d = &t->edge_default;

		if (t->edges.keys[i] &&
		    ((rc = inherit(&s->color, d->color)) < 0 || (rc = inherit(&s->style, d->style)) < 0 ||
		     (rc = inherit(&s->fontcolor, d->fontcolor)) < 0 ||
		     (rc = inherit(&s->arrowhead, d->arrowhead)) < 0))
			goto done;
	}
	rc = inherit(&t->node_default.fontname, t->fontname);
done:
	free(buf);
	if (rc < 0)
		erg_theme_free(t);
	else
		*out = t;
	return rc;
}

const erg_node_style *erg_theme_node(const erg_theme *t, const char *type)
{
	const erg_node_style *s = erg_map_get(&t->nodes, type);

	return s ? s : &t->node_default;
}

/*
 * Okabe and Ito, "Color Universal Design" (2008): colours that stay apart
 * for every common colour-vision deficiency.  Six of its eight: black is
 * the text's colour, and yellow is too pale for a line on white (on a
 * dark page, blue is too dark).  Each colour comes solid, then dashed.
 */
static const char *const palette_light[] = {"#0072b2", "#d55e00", "#009e73",
					    "#cc79a7", "#e69f00", "#56b4e9"};
static const char *const palette_dark[] = {"#56b4e9", "#e69f00", "#009e73",
					   "#cc79a7", "#f0e442", "#d55e00"};
#define PALETTE_COLOURS (sizeof palette_light / sizeof palette_light[0])

void erg_theme_look(const erg_theme *t, const char *type, size_t rank, erg_edge_look *out)
{
	const erg_edge_style *s = erg_map_get(&t->edges, type), *d = &t->edge_default;

	out->fontcolor = s ? s->fontcolor : d->fontcolor;
	out->arrowhead = s ? s->arrowhead : d->arrowhead;
	out->overflow = false;
	if (s) {
		out->color = s->color;
		out->style = s->style;
	} else if (rank < ERG_STYLED_TYPES) {
		out->color = (t->dark ? palette_dark : palette_light)[rank % PALETTE_COLOURS];
		out->style = rank < PALETTE_COLOURS ? "solid" : "dashed";
	} else {
		/* Past the palette, one shared style: the label names the type. */
		out->color = d->color;
		out->style = "dotted";
		out->overflow = true;
	}
}

void erg_theme_free(erg_theme *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nodes.cap; i++)
		if (t->nodes.keys[i]) {
			node_style_free(t->nodes.vals[i]);
			free(t->nodes.vals[i]);
		}
	for (size_t i = 0; i < t->edges.cap; i++)
		if (t->edges.keys[i]) {
			edge_style_free(t->edges.vals[i]);
			free(t->edges.vals[i]);
		}
	erg_map_free(&t->nodes);
	erg_map_free(&t->edges);
	node_style_free(&t->node_default);
	edge_style_free(&t->edge_default);
	free(t->name);
	free(t->bgcolor);
	free(t->fontname);
	free(t->fontcolor);
	free(t);
}
