/*
 * import_write.c - ergraph import: documents of foreign formats, read by
 * the loaders and checked as build would check them, become native
 * annotation files, one a document, and the vocabulary they declare.
 */
#include "internal.h"
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	erg_graph *scratch;   /* checks each document as build would */
	const char *dir;
	erg_strset files;     /* names written */
	erg_strset added;     /* relation types beyond the built-in ones */
	erg_out *outs;        /* written and closed, renamed only at the end */
	size_t nouts;
} import_state;

/* Write one file of the import to a temporary file, kept for the end. */
static int import_write(import_state *st, const char *path, const char *text)
{
	erg_out *v = erg_reallocarray(st->outs, st->nouts + 1, sizeof *v);
	size_t len = strlen(text);
	int rc;

	if (!v)
		return ERG_ESYS;
	st->outs = v;
	if ((rc = erg_out_open(&v[st->nouts], path)) < 0)
		return rc;
	v = &st->outs[st->nouts++];
	if (fwrite(text, 1, len, v->f) != len || fputc('\n', v->f) == EOF)
		return erg_fail(ERG_ESYS, "%s: cannot write: %s", path, strerror(errno));
	return erg_out_close(v);
}

static int write_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where)
{
	import_state *st = sink_ctx;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "document"), "id");
	erg_buf path = ERG_BUF_INIT;
	char *slug = NULL, *text = NULL;
	int before = ctx->errors, rc = 0;

	if ((rc = erg_load_native(st->scratch, ctx, doc, where, "")) < 0 || ctx->errors != before)
		return rc < 0 ? rc : 0; /* reported; not written */
	if (!(slug = erg_file_slug(cJSON_GetStringValue(id) ? id->valuestring : "document")))
		return erg_nomem();
	/* Slugs are lower case and normalisation-free: names that differ
	 * only by case ("Same", "same") or form get -2, -3, in input order. */
	for (int n = 1;; n++) {
		path.len = 0;
		if ((rc = erg_buf_printf(&path, "%s", *slug ? slug : "document")) < 0 ||
		    (n > 1 && (rc = erg_buf_printf(&path, "-%d", n)) < 0) || (rc = erg_buf_puts(&path, ".json")) < 0)
			goto done;
		if (!erg_strset_has(&st->files, path.ptr))
			break;
	}
	if ((rc = erg_strset_add(&st->files, path.ptr)) < 0 || !(text = cJSON_Print(doc))) {
		rc = erg_nomem();
		goto done;
	}
	{
		erg_buf full = ERG_BUF_INIT;

		rc = erg_buf_printf(&full, "%s/%s", st->dir, path.ptr) < 0 ? erg_nomem()
									 : import_write(st, full.ptr, text);
		erg_buf_free(&full);
	}
done:
	free(text);
	free(slug);
	erg_buf_free(&path);
	return rc;
}

static int write_vocabulary(import_state *st)
{
	cJSON *root = cJSON_CreateObject(), *rels;
	erg_buf path = ERG_BUF_INIT;
	char *text = NULL;
	int rc = 0;

	if (!root || !(rels = cJSON_AddObjectToObject(root, "relations")))
		goto nomem;
	for (size_t i = 0; i < st->added.n; i++) {
		const erg_reltype *rt = erg_vocab_find(&st->scratch->vocab, st->added.v[i]);
		cJSON *t = cJSON_AddObjectToObject(rels, st->added.v[i]), *src, *tgt;

		if (!t || !rt || !cJSON_AddBoolToObject(t, "symmetric", rt->symmetric))
			goto nomem;
		if (rt->sources.n && (!(src = erg_strset_to_json(&rt->sources)) || !cJSON_AddItemToObject(t, "source", src)))
			goto nomem;
		if (rt->targets.n && (!(tgt = erg_strset_to_json(&rt->targets)) || !cJSON_AddItemToObject(t, "target", tgt)))
			goto nomem;
		if (!cJSON_AddStringToObject(t, "description", rt->description ? rt->description : "used by the imported documents"))
			goto nomem;
	}
	if (!(text = cJSON_Print(root)) || erg_buf_printf(&path, "%s/ergraph-vocabulary.json", st->dir) < 0)
		goto nomem;
	rc = import_write(st, path.ptr, text);
	goto done;
nomem:
	rc = erg_nomem();
done:
	cJSON_Delete(root);
	free(text);
	erg_buf_free(&path);
	return rc;
}

int erg_import(const char *path, const char *dir, const erg_load_options *opts)
{
	return erg_import_paths(&path, 1, dir, opts);
}

int erg_import_paths(const char *const *paths, size_t n, const char *dir,
		     const erg_load_options *opts)
{
	erg_load_options defaults = ERG_LOAD_OPTIONS_INIT;
	import_state st = {NULL, dir, {0}, {0}, NULL, 0};
	erg_load_ctx ctx = {opts ? opts : &defaults, n ? paths[0] : "", 0, 0, NULL, write_sink, &st, true, &st.added};
	erg_buf filebuf = ERG_BUF_INIT;
	struct stat sb;
	int rc;

	if (stat(dir, &sb) != 0 && mkdir(dir, 0755) != 0)
		return erg_fail(ERG_ESYS, "%s: cannot make the folder: %s", dir, strerror(errno));
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return erg_fail(ERG_ESYS, "%s: not a folder", dir);
	if (!(ctx.arena = erg_load_arena_new()))
		return erg_nomem();
	if ((rc = erg_graph_new(&st.scratch)) < 0 || (rc = erg_graph_vocab(st.scratch, ctx.opts->vocabulary)) < 0)
		goto done;
	ctx.graph = st.scratch;
	ctx.filebuf = &filebuf;
	/* No document file may take the vocabulary's name. */
	if ((rc = erg_strset_add(&st.files, "ergraph-vocabulary.json")) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		ctx.path = paths[i];
		if ((rc = erg_load_path(st.scratch, &ctx, paths[i], 0)) < 0)
			goto done;
	}
	if (st.added.n && (rc = write_vocabulary(&st)) < 0)
		goto done;
	/* Every document checked: the files appear now, all of them. */
	if (ctx.syserrors)
		rc = ERG_ESYS;
	else if ((rc = erg_out_commit_all(st.outs, st.nouts)) == 0 && ctx.errors)
		rc = ERG_EINVALID;
done:
	for (size_t i = 0; i < st.nouts; i++)
		erg_out_discard(&st.outs[i]);
	erg_json_arena_free(ctx.arena);
	erg_buf_free(&filebuf);
	free(st.outs);
	erg_graph_free(st.scratch);
	erg_strset_free(&st.files);
	erg_strset_free(&st.added);
	return rc;
}
