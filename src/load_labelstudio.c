/*
 * load_labelstudio.c - Label Studio's JSON export: a list of tasks.
 *
 * Regions are result items of type "labels" (value.start, value.end,
 * value.labels, optional value.text); relations are items of type
 * "relation" (from_id, to_id, direction right/left/bi, optional labels).
 * Regions of one label and text in a task are one entity.
 *
 * Offsets: Label Studio's editor counts in JavaScript string positions,
 * UTF-16 code units, so text after a character outside the Basic
 * Multilingual Plane (an emoji) is shifted (label-studio issue #1347);
 * some versions store code points instead.  With value.text the reading
 * that matches the text is used; without it, UTF-16.
 */
#include "internal.h"
#include "diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool whole(const cJSON *n, long *out)
{
	if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 1e12 ||
	    floor(n->valuedouble) != n->valuedouble)
		return false;
	*out = (long)n->valuedouble;
	return true;
}

/* Does text[start, end) in code points read `want`? */
static bool reads(const char *text, long start, long end, const char *want)
{
	long cp = 0;
	const char *p = text, *s = NULL, *e = NULL;

	for (;; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80) {
			if (cp == start)
				s = p;
			if (cp == end) {
				e = p;
				break;
			}
			if (!*p)
				break;
			cp++;
		}
		if (!*p)
			break;
	}
	return s && e && (size_t)(e - s) == strlen(want) && memcmp(s, want, (size_t)(e - s)) == 0;
}

/* A region's span in code points; false (reported) when it is not in the text. */
static bool region_span(erg_load_ctx *ctx, const char *path, const char *text, size_t ncp,
			const cJSON *value, size_t *start, size_t *end)
{
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(value, "text");
	long s, e, cs, ce;

	if (!whole(cJSON_GetObjectItemCaseSensitive(value, "start"), &s) ||
	    !whole(cJSON_GetObjectItemCaseSensitive(value, "end"), &e) || e <= s) {
		erg_diag_at(ctx, path, "value.start and value.end: expected whole numbers, start before end");
		return false;
	}
	if (cJSON_IsString(want) && reads(text, s, e, want->valuestring)) {
		cs = s; /* this version counted code points */
		ce = e;
	} else {
		cs = erg_utf16_to_cp(text, s);
		ce = erg_utf16_to_cp(text, e);
		if ((cs < 0 || ce < 0) && (size_t)e <= 2 * ncp && strlen(text) > ncp) {
			erg_diag_at(ctx, path, "span [%ld, %ld) in UTF-16 units splits a character outside the "
					    "Basic Multilingual Plane (an emoji?)", s, e);
			return false;
		}
		if (cs < 0 || ce < 0 || (size_t)ce > ncp) {
			erg_diag_at(ctx, path, "span [%ld, %ld) is not inside the text (%zu characters)", s, e, ncp);
			return false;
		}
		if (cJSON_IsString(want) && !reads(text, cs, ce, want->valuestring)) {
			erg_diag_at(ctx, path, "value.text \"%s\" is not at [%ld, %ld), in code points or in UTF-16 units",
				 want->valuestring, s, e);
			return false;
		}
	}
	*start = (size_t)cs;
	*end = (size_t)ce;
	return true;
}

typedef struct {
	const char *region;
	int entity;
} region_ref;

static int find_region(const region_ref *refs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(refs[i].region, id) == 0)
			return refs[i].entity;
	return -1;
}

/*
 * One task to the sink.  `predicted` counts the tasks read from their
 * predictions, for the one line that says so.
 */
static int task(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *t, int index, int *predicted)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(t, "data");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(data, "text");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(t, "id");
	const cJSON *anns = cJSON_GetObjectItemCaseSensitive(t, "annotations"), *ann = NULL, *res, *it;
	erg_docbuild *b = NULL;
	region_ref *refs = NULL;
	size_t nrefs = 0;
	const char *list = "annotations";  /* where the result read is */
	erg_buf where = ERG_BUF_INIT; /* FILE, without a limit on its length */
	char path[160], docid[64];
	erg_buf place = ERG_BUF_INIT;
	int k = 0, rc = 0;
	bool bad = false;

	snprintf(path, sizeof path, "[%d]", index);
	if (!cJSON_IsObject(t) || !cJSON_IsString(text)) {
		erg_diag_at(ctx, path, "expected a task with data.text (a string)");
		return 0;
	}
	if (cJSON_IsNumber(id))
		snprintf(docid, sizeof docid, "labelstudio-%.0f", id->valuedouble);
	else
		snprintf(docid, sizeof docid, "labelstudio-%d", index + 1);
	/* The first annotation not cancelled; others are other annotators'. */
	cJSON_ArrayForEach(it, anns) {
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "was_cancelled"))) {
			ann = it;
			break;
		}
		k++;
	}
	/* A task nobody annotated: a model's first prediction stands in. */
	if (!ann && (ann = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "predictions"), 0))) {
		list = "predictions";
		k = 0;
		(*predicted)++;
	}
	if (!(b = erg_docbuild_new(docid, text->valuestring)))
		return ERG_ESYS;
	if ((rc = erg_buf_printf(&where, "%s: ", ctx->path)) < 0 || (rc = erg_docbuild_origin(b, where.ptr)) < 0)
		goto done;
	if ((rc = erg_docbuild_meta(b, "title", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "title")))) < 0)
		goto done;
	{
		const char *src = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "source"));
		const char *pub = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "published"));

		if (!src)
			src = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "url"));
		if ((rc = erg_docbuild_meta(b, "source", src)) < 0 ||
		    (pub && erg_date_valid(pub) && (rc = erg_docbuild_meta(b, "published", pub)) < 0))
			goto done;
	}
	res = cJSON_GetObjectItemCaseSensitive(ann, "result");
	refs = erg_calloc((size_t)cJSON_GetArraySize(res) + 1, sizeof *refs);
	if (!refs) {
		rc = ERG_ESYS;
		goto done;
	}
	/* Regions first: relations may come before the regions they join. */
	int r = 0;
	cJSON_ArrayForEach(it, res) {
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(it, "value");
		const cJSON *labels = cJSON_GetObjectItemCaseSensitive(value, "labels");
		const char *rid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "type"));
		size_t start, end;
		char *etype = NULL, *name = NULL;
		int e;

		snprintf(path, sizeof path, "[%d].%s[%d].result[%d]", index, list, k, r++);
		if (!type || strcmp(type, "labels") != 0)
			continue;
		if (!rid || !cJSON_IsArray(labels) || !cJSON_IsString(cJSON_GetArrayItem(labels, 0))) {
			erg_diag_at(ctx, path, "a labels region needs an id and value.labels");
			bad = true;
			continue;
		}
		if (find_region(refs, nrefs, rid) >= 0)
			continue; /* another result item of the same region */
		if (!region_span(ctx, path, text->valuestring, erg_docbuild_length(b), value, &start, &end)) {
			bad = true;
			continue;
		}
		place.len = 0;
		if (erg_buf_printf(&place, "%s: %s", ctx->path, path) < 0) {
			rc = ERG_ESYS;
			goto done;
		}
		etype = erg_mapping_entity(ctx, ic->map, cJSON_GetArrayItem(labels, 0)->valuestring, place.ptr);
		name = erg_utf8_slice(text->valuestring, start, end);
		if (!etype || !name) {
			free(etype);
			free(name);
			rc = erg_nomem();
			goto done;
		}
		rc = erg_docbuild_at(b, path);
		e = erg_docbuild_find(b, etype, name);
		if (e < 0 && rc == 0)
			rc = erg_docbuild_entity(b, etype, name, &e);
		if (rc == 0)
			rc = erg_docbuild_mention(b, e, start, end);
		free(etype);
		free(name);
		if (rc < 0)
			goto done;
		refs[nrefs].region = rid;
		refs[nrefs++].entity = e;
	}
	r = 0;
	cJSON_ArrayForEach(it, res) {
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "type"));
		const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "from_id"));
		const char *to = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "to_id"));
		const char *dir = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "direction"));
		const cJSON *labels = cJSON_GetObjectItemCaseSensitive(it, "labels");
		const char *label = cJSON_GetStringValue(cJSON_GetArrayItem(labels, 0));
		int f, g, rel;

		snprintf(path, sizeof path, "[%d].%s[%d].result[%d]", index, list, k, r++);
		if (!type || strcmp(type, "relation") != 0)
			continue;
		if (!from || (f = find_region(refs, nrefs, from)) < 0) {
			erg_diag_at(ctx, path, "from_id: no region '%s' in this task", from ? from : "(missing)");
			bad = true;
			continue;
		}
		if (!to || (g = find_region(refs, nrefs, to)) < 0) {
			erg_diag_at(ctx, path, "to_id: no region '%s' in this task", to ? to : "(missing)");
			bad = true;
			continue;
		}
		if (dir && strcmp(dir, "left") == 0) {
			int tmp = f;

			f = g;
			g = tmp;
		}
		place.len = 0;
		if (erg_buf_printf(&place, "%s: %s", ctx->path, path) < 0) {
			rc = ERG_ESYS;
			goto done;
		}
		if ((rc = erg_docbuild_at(b, path)) < 0 ||
		    (rc = erg_docbuild_mapped_relation(b, ctx, ic->map, label ? label : "related_to", place.ptr,
							f, g, &rel)) < 0)
			goto done;
	}
	if (bad)
		goto done;
	where.len = 0;
	if ((rc = erg_buf_printf(&where, "%s: [%d]", ctx->path, index)) == 0)
		rc = erg_docbuild_send(b, ctx, ic, where.ptr);
done:
	erg_buf_free(&where);
	free(refs);
	erg_buf_free(&place);
	erg_docbuild_free(b);
	return rc;
}

int erg_import_labelstudio(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *root)
{
	const cJSON *t;
	int i = 0, predicted = 0, rc;

	if (!cJSON_IsArray(root)) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: expected a list of Label Studio tasks", ctx->path);
		return 0;
	}
	cJSON_ArrayForEach(t, root)
		if ((rc = task(ctx, ic, t, i++, &predicted)) < 0)
			return rc;
	if (predicted)
		erg_diag(ctx, ERG_DIAG_WARNING, "%s: %d of %d tasks have no annotation: read from their first "
			 "prediction (a model's, not a person's)", ctx->path, predicted, i);
	return 0;
}
