/*
 * load_doccano.c - doccano's JSONL export, one document a line.
 *
 * Either "entities" ([{id, label, start_offset, end_offset}]) with
 * "relations" ([{from_id, to_id, type}]), or "label" ([[start, end,
 * "LABEL"], ...]) without relations.  doccano counts offsets in
 * characters of the text as Python sees it: code points.
 */
#include "internal.h"
#include "diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ERG_PRINTF(4, 5)
static void dc_error(erg_load_ctx *ctx, int lineno, const char *path, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d: %s: %s", ctx->path, lineno, path, b.ptr ? b.ptr : "");
	erg_buf_free(&b);
}

static bool offset(const cJSON *n, size_t *out)
{
	if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 1e12 ||
	    floor(n->valuedouble) != n->valuedouble)
		return false;
	*out = (size_t)n->valuedouble;
	return true;
}

/* One labelled span: the entity it belongs to (new or found) in *out. */
static int labelled(erg_load_ctx *ctx, const erg_import_ctx *ic, erg_docbuild *b, const char *text,
		    int lineno, const char *path, const cJSON *s, const cJSON *e, const char *label,
		    int *out)
{
	size_t start, end;
	char *type, *name;
	int rc = 0;

	*out = -1;
	if ((rc = erg_docbuild_at(b, path)) < 0)
		return rc;
	if (!offset(s, &start) || !offset(e, &end) || end <= start || !label) {
		dc_error(ctx, lineno, path, "expected whole-number offsets, start before end, and a label");
		return 0;
	}
	if (end > erg_docbuild_length(b)) {
		dc_error(ctx, lineno, path, "span [%zu, %zu) is past the end of the text (%zu characters)",
			 start, end, erg_docbuild_length(b));
		return 0;
	}
	{
		char place[4200];

		snprintf(place, sizeof place, "%.4096s:%d: %s", ctx->path, lineno, path);
		type = erg_mapping_entity(ctx, ic->map, label, place);
	}
	name = erg_utf8_slice(text, start, end);
	if (!type || !name) {
		rc = erg_nomem();
	} else {
		int ent = erg_docbuild_find(b, type, name);

		if (ent < 0)
			rc = erg_docbuild_entity(b, type, name, &ent);
		if (rc == 0 && (rc = erg_docbuild_mention(b, ent, start, end)) == 0)
			*out = ent;
	}
	free(type);
	free(name);
	return rc;
}

int erg_import_doccano(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *root, int lineno)
{
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id"), *it;
	const cJSON *ents = cJSON_GetObjectItemCaseSensitive(root, "entities");
	const cJSON *rels = cJSON_GetObjectItemCaseSensitive(root, "relations");
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(root, "label");
	struct {
		double id;
		int entity;
	} *refs = NULL;
	size_t nrefs = 0;
	erg_docbuild *b;
	erg_buf where = ERG_BUF_INIT;
	char docid[64], path[96], place[4200];
	int i = 0, rc = 0, before = ctx->errors;

	if (!cJSON_IsObject(root) || !cJSON_IsString(text)) {
		dc_error(ctx, lineno, "text", "expected a doccano record with a \"text\" string");
		return 0;
	}
	if (cJSON_IsNumber(id))
		snprintf(docid, sizeof docid, "doccano-%.0f", id->valuedouble);
	else
		snprintf(docid, sizeof docid, "doccano-line-%d", lineno);
	if (!(b = erg_docbuild_new(docid, text->valuestring)))
		return ERG_ESYS;
	refs = erg_calloc((size_t)cJSON_GetArraySize(ents) + 1, sizeof *refs);
	if (!refs || (rc = erg_buf_printf(&where, "%s:%d: ", ctx->path, lineno)) < 0 ||
	    (rc = erg_docbuild_origin(b, where.ptr)) < 0) {
		rc = ERG_ESYS;
		goto done;
	}
	cJSON_ArrayForEach(it, ents) {
		int e;

		snprintf(path, sizeof path, "entities[%d]", i++);
		if ((rc = labelled(ctx, ic, b, text->valuestring, lineno, path,
				   cJSON_GetObjectItemCaseSensitive(it, "start_offset"),
				   cJSON_GetObjectItemCaseSensitive(it, "end_offset"),
				   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "label")), &e)) < 0)
			goto done;
		if (e >= 0 && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "id"))) {
			refs[nrefs].id = cJSON_GetObjectItemCaseSensitive(it, "id")->valuedouble;
			refs[nrefs++].entity = e;
		}
	}
	i = 0;
	cJSON_ArrayForEach(it, labels) {
		int e;

		snprintf(path, sizeof path, "label[%d]", i++);
		if ((rc = labelled(ctx, ic, b, text->valuestring, lineno, path, cJSON_GetArrayItem(it, 0),
				   cJSON_GetArrayItem(it, 1), cJSON_GetStringValue(cJSON_GetArrayItem(it, 2)), &e)) < 0)
			goto done;
	}
	i = 0;
	cJSON_ArrayForEach(it, rels) {
		const cJSON *from = cJSON_GetObjectItemCaseSensitive(it, "from_id");
		const cJSON *to = cJSON_GetObjectItemCaseSensitive(it, "to_id");
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "type"));
		int f = -1, t = -1, rel;

		snprintf(path, sizeof path, "relations[%d]", i++);
		for (size_t k = 0; k < nrefs; k++) {
			if (cJSON_IsNumber(from) && refs[k].id == from->valuedouble)
				f = refs[k].entity;
			if (cJSON_IsNumber(to) && refs[k].id == to->valuedouble)
				t = refs[k].entity;
		}
		if (f < 0 || t < 0) {
			dc_error(ctx, lineno, path, "%s: no entity with that id in this record",
				 f < 0 ? "from_id" : "to_id");
			continue;
		}
		snprintf(place, sizeof place, "%.4096s:%d: %s", ctx->path, lineno, path);
		if ((rc = erg_docbuild_at(b, path)) < 0 ||
		    (rc = erg_docbuild_mapped_relation(b, ctx, ic->map, type ? type : "related_to", place,
							f, t, &rel)) < 0)
			goto done;
	}
	if (ctx->errors != before)
		goto done; /* reported: the record is left out */
	where.len = 0;
	if ((rc = erg_buf_printf(&where, "%s:%d", ctx->path, lineno)) == 0)
		rc = erg_docbuild_send(b, ctx, ic, where.ptr);
done:
	erg_buf_free(&where);
	free(refs);
	erg_docbuild_free(b);
	return rc;
}
