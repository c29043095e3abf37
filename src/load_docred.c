/*
 * load_docred.c - DocRED and Re-DocRED: a list of documents given as
 * tokenised sentences ("sents"), entities as groups of mentions
 * ("vertexSet": name, pos [start, end) in tokens, sent_id, type) and
 * relations between them ("labels": h, t, r, evidence sentence ids).
 *
 * The text is rebuilt as the tokens joined by single spaces, sentence
 * after sentence; every mention and evidence sentence becomes a span of
 * it.  Relation names come from rel_info.json beside the input, when it
 * is there.
 */
#include "internal.h"
#include "diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool index_of(const cJSON *n, int limit, int *out)
{
	if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble >= limit ||
	    floor(n->valuedouble) != n->valuedouble)
		return false;
	*out = (int)n->valuedouble;
	return true;
}

typedef struct {
	size_t *start, *end;  /* code point offsets of each token */
	int *first;           /* index of each sentence's first token */
	int nsents, ntokens;
} token_index;

/* Join the tokens; remember where each lies. */
static int build_text(const cJSON *sents, erg_buf *text, token_index *ti)
{
	const cJSON *s, *tok;
	size_t cp = 0;
	int n = 0, k = 0;

	cJSON_ArrayForEach(s, sents)
		cJSON_ArrayForEach(tok, s)
			n++;
	ti->nsents = cJSON_GetArraySize(sents);
	ti->start = erg_calloc((size_t)n + 1, sizeof *ti->start);
	ti->end = erg_calloc((size_t)n + 1, sizeof *ti->end);
	ti->first = erg_calloc((size_t)ti->nsents + 1, sizeof *ti->first);
	if (!ti->start || !ti->end || !ti->first)
		return ERG_ESYS;
	cJSON_ArrayForEach(s, sents) {
		ti->first[k++] = ti->ntokens;
		cJSON_ArrayForEach(tok, s) {
			const char *w = cJSON_IsString(tok) ? tok->valuestring : "";

			if (text->len && erg_buf_put(text, " ", 1) < 0)
				return ERG_ESYS;
			if (text->len)
				cp++;
			ti->start[ti->ntokens] = cp;
			if (erg_buf_puts(text, w) < 0)
				return ERG_ESYS;
			cp += erg_utf8_length(w, strlen(w));
			ti->end[ti->ntokens++] = cp;
		}
	}
	ti->first[k] = ti->ntokens;
	if (!text->ptr && erg_buf_puts(text, "") < 0)
		return ERG_ESYS;
	return 0;
}

/* The span of tokens [a, b) of sentence s, as code points. */
static bool token_span(const token_index *ti, int s, int a, int b, size_t *start, size_t *end)
{
	int base, count;

	if (s < 0 || s >= ti->nsents)
		return false;
	base = ti->first[s];
	count = ti->first[s + 1] - base;
	if (a < 0 || b <= a || b > count)
		return false;
	*start = ti->start[base + a];
	*end = ti->end[base + b - 1];
	return true;
}

static int document(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *d, int index,
		    erg_strset *seen)
{
	const cJSON *title = cJSON_GetObjectItemCaseSensitive(d, "title");
	const cJSON *sents = cJSON_GetObjectItemCaseSensitive(d, "sents");
	const cJSON *vertices = cJSON_GetObjectItemCaseSensitive(d, "vertexSet");
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(d, "labels"), *v, *m, *l;
	erg_buf text = ERG_BUF_INIT, id = ERG_BUF_INIT, place = ERG_BUF_INIT;
	token_index ti = {0};
	erg_docbuild *b = NULL;
	int *ent = NULL, nv, i = 0, rc = 0, before = ctx->errors;
	char path[128], *slug = NULL;
	erg_buf where = ERG_BUF_INIT;

	snprintf(path, sizeof path, "[%d]", index);
	if (!cJSON_IsObject(d) || !cJSON_IsArray(sents) || !cJSON_IsArray(vertices)) {
		erg_diag_at(ctx, path, "expected a DocRED document with sents and vertexSet");
		return 0;
	}
	if ((rc = build_text(sents, &text, &ti)) < 0)
		goto done;
	/* "docred-" and the title as a slug, unique within the input and
	 * among the documents of earlier inputs ("Same" in one, "same" in
	 * another). */
	if (!(slug = erg_slug(cJSON_IsString(title) ? title->valuestring : "", '-')))
		goto nomem;
	for (int n = 1;; n++) {
		id.len = 0;
		if (erg_buf_printf(&id, "docred-%s", *slug ? slug : "untitled") < 0 ||
		    (n > 1 && erg_buf_printf(&id, "-%d", n) < 0))
			goto nomem;
		if (!erg_strset_has(seen, id.ptr) && !(ctx->graph && erg_graph_has_document(ctx->graph, id.ptr)))
			break;
	}
	if (erg_strset_add(seen, id.ptr) < 0 || !(b = erg_docbuild_new(id.ptr, text.ptr)) ||
	    erg_docbuild_meta(b, "title", cJSON_GetStringValue(title)) < 0 ||
	    erg_buf_printf(&where, "%s: ", ctx->path) < 0 || erg_docbuild_origin(b, where.ptr) < 0)
		goto nomem;
	nv = cJSON_GetArraySize(vertices);
	if (!(ent = erg_calloc((size_t)nv + 1, sizeof *ent)))
		goto nomem;
	cJSON_ArrayForEach(v, vertices) {
		const cJSON *first = cJSON_GetArrayItem(v, 0);
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "name"));
		const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "type"));
		char *type;
		int k = 0;

		snprintf(path, sizeof path, "[%d].vertexSet[%d]", index, i);
		if (!name || !label) {
			erg_diag_at(ctx, path, "expected mentions with a name and a type");
			ent[i++] = -1;
			continue;
		}
		place.len = 0;
		if (erg_buf_printf(&place, "%s: %s", ctx->path, path) < 0 ||
		    !(type = erg_mapping_entity(ctx, ic->map, label, place.ptr)))
			goto nomem;
		if ((rc = erg_docbuild_at(b, path)) == 0)
			rc = erg_docbuild_entity(b, type, name, &ent[i]);
		free(type);
		if (rc < 0)
			goto done;
		cJSON_ArrayForEach(m, v) {
			const cJSON *pos = cJSON_GetObjectItemCaseSensitive(m, "pos");
			int s, a, z;
			size_t start, end;

			snprintf(path, sizeof path, "[%d].vertexSet[%d][%d]", index, i, k++);
			if (!index_of(cJSON_GetObjectItemCaseSensitive(m, "sent_id"), ti.nsents, &s) ||
			    !index_of(cJSON_GetArrayItem(pos, 0), 1 << 20, &a) ||
			    !index_of(cJSON_GetArrayItem(pos, 1), 1 << 20, &z) ||
			    !token_span(&ti, s, a, z, &start, &end)) {
				erg_diag_at(ctx, path, "sent_id and pos do not name tokens of the document");
				continue;
			}
			if (start == end) {
				erg_diag_at(ctx, path, "pos [%d, %d) of sentence %d holds only empty tokens", a, z, s);
				continue;
			}
			if ((rc = erg_docbuild_at(b, path)) < 0 || (rc = erg_docbuild_mention(b, ent[i], start, end)) < 0)
				goto done;
		}
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(l, labels) {
		const char *r = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "r"));
		const cJSON *ev;
		int h, t, rel, k = 0;

		snprintf(path, sizeof path, "[%d].labels[%d]", index, i++);
		if (!r || !index_of(cJSON_GetObjectItemCaseSensitive(l, "h"), nv, &h) ||
		    !index_of(cJSON_GetObjectItemCaseSensitive(l, "t"), nv, &t) || ent[h] < 0 || ent[t] < 0) {
			erg_diag_at(ctx, path, "h and t must name entities of vertexSet (0 to %d), r a relation", nv - 1);
			continue;
		}
		if ((rc = erg_docbuild_at(b, path)) < 0 ||
		    (rc = erg_docbuild_mapped_relation(b, ctx, ic->map, r, path, ent[h], ent[t], &rel)) < 0)
			goto done;
		cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(l, "evidence")) {
			char at[160];
			int sid;

			if (!index_of(ev, ti.nsents, &sid) || ti.first[sid + 1] == ti.first[sid]) {
				erg_diag_at(ctx, path, "evidence[%d]: not a sentence of the document", k);
				k++;
				continue;
			}
			snprintf(at, sizeof at, "%s.evidence[%d]", path, k++);
			if ((rc = erg_docbuild_at(b, at)) < 0 ||
			    (rc = erg_docbuild_evidence(b, rel, ti.start[ti.first[sid]],
							ti.end[ti.first[sid + 1] - 1])) < 0)
				goto done;
		}
	}
	if (ctx->errors != before)
		goto done;
	where.len = 0;
	if (erg_buf_printf(&where, "%s: [%d]", ctx->path, index) < 0)
		goto nomem;
	rc = erg_docbuild_send(b, ctx, ic, where.ptr);
	goto done;
nomem:
	rc = erg_nomem();
done:
	if (rc == ERG_EINVALID) {
		/* Whatever the builder refused leaves this document out, not the rest. */
		snprintf(path, sizeof path, "[%d]", index);
		erg_diag_at(ctx, path, "%s", erg_error_last());
		rc = 0;
	}
	erg_buf_free(&where);
	erg_docbuild_free(b);
	free(ent);
	free(slug);
	free(ti.start);
	free(ti.end);
	free(ti.first);
	erg_buf_free(&text);
	erg_buf_free(&id);
	erg_buf_free(&place);
	return rc;
}

int erg_import_docred(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *root)
{
	erg_strset seen = {0};
	const cJSON *d;
	int i = 0, rc = 0;

	if (!cJSON_IsArray(root)) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: expected a list of DocRED documents", ctx->path);
		return 0;
	}
	cJSON_ArrayForEach(d, root)
		if ((rc = document(ctx, ic, d, i++, &seen)) < 0)
			break;
	erg_strset_free(&seen);
	return rc;
}
