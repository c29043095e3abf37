/*
 * load.c - turn INPUT arguments into documents and graphs: the dispatcher.
 *
 * A file, a directory (read recursively, names in byte order, hidden entries
 * skipped, only .json and .jsonl inside) or "-".  The format comes from the
 * options, else from the extension and the content.  Every problem goes to
 * the diagnostic callback; loading goes on with the next document so that
 * one run reports every error.  The readers are load_*.c; messages are
 * diag.c's, parsing and lines input.c's; import_write.c writes files.
 */
#include "internal.h"

#include "diag.h"
#include "input.h"
#include "json.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_text(erg_load_ctx *ctx, const char *buf, size_t len)
{
	size_t bad;
	int line, col;

	if (erg_utf8_valid(buf, len, &bad))
		return 0;
	erg_text_position(buf, bad, &line, &col);
	if (buf[bad] == '\0')
		erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: NUL byte in the file", ctx->path, line, col);
	else
		erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: invalid UTF-8 (byte 0x%02x)", ctx->path,
			 line, col, (unsigned char)buf[bad]);
	return ERG_EINVALID;
}

/*
 * JSON Lines, whatever the name: the first line that is not blank is a
 * whole JSON value and another line follows it.  A one-document file
 * has no such line (its first line is "{" or the whole document), so
 * only the first line is ever parsed here.
 */
static bool looks_like_lines(const char *buf, size_t len)
{
	size_t start = 0, ls = 0, le = 0, ns, ne, err;
	bool first = false, second = false;
	cJSON *j;

	while (start < len && !(first = erg_next_line(buf, len, &start, &ls, &le)))
		;
	while (first && start < len && !(second = erg_next_line(buf, len, &start, &ns, &ne)))
		;
	if (!second)
		return false;
	while (ns < ne && erg_json_space(buf[ns]))
		ns++;
	if (!strchr("{[\"-0123456789tfn", buf[ns]))
		return false; /* not a value: a syntax error, as one document */
	if (!(j = erg_json_parse(buf + ls, le - ls, &err)))
		return false;
	cJSON_Delete(j);
	return true;
}

static bool is_vocabulary(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base ? base + 1 : path, "ergraph-vocabulary.json") == 0;
}

static bool has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && strcmp(path + n - e, ext) == 0;
}

/*
 * A converted document's relations speak the foreign labels' language:
 * the relation types it uses, and the entity types at their ends, are
 * declared (added to the vocabulary) rather than warned about.  `changed`
 * collects the types declared, for import's ergraph-vocabulary.json.
 */
static int declare_uses(erg_vocab *vocab, const cJSON *doc, erg_strset *changed)
{
	const cJSON *ents = cJSON_GetObjectItemCaseSensitive(doc, "entities"), *rel;

	cJSON_ArrayForEach(rel, cJSON_GetObjectItemCaseSensitive(doc, "relations")) {
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rel, "type"));
		const char *ends[2] = {cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rel, "source")),
				       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rel, "target"))};
		const char *types[2] = {NULL, NULL};
		const erg_reltype *rt;
		const cJSON *e;
		int rc;

		if (!type || !erg_word_valid(type))
			continue;
		cJSON_ArrayForEach(e, ents) {
			const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "id"));

			for (int k = 0; k < 2; k++)
				if (id && ends[k] && strcmp(id, ends[k]) == 0)
					types[k] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "type"));
		}
		if (!(rt = erg_vocab_find(vocab, type))) {
			if ((rc = erg_vocab_add(vocab, type)) < 0 || (changed && erg_strset_add(changed, type) < 0))
				return rc < 0 ? rc : ERG_ESYS;
			continue;
		}
		if ((types[0] && rt->sources.n && !erg_strset_has(&rt->sources, types[0])) ||
		    (types[1] && rt->targets.n && !erg_strset_has(&rt->targets, types[1]))) {
			if ((rc = erg_vocab_allow(vocab, type, types[0], types[1])) < 0 ||
			    (changed && erg_strset_add(changed, type) < 0))
				return rc < 0 ? rc : ERG_ESYS;
		}
	}
	return 0;
}

/* build: a converted document declares its types, then merges. */
static int convert_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where)
{
	int rc;

	(void)sink_ctx;
	if ((rc = declare_uses(&ctx->graph->vocab, doc, ctx->declared)) < 0)
		return rc;
	return ctx->sink(ctx->sink_ctx, ctx, doc, where);
}

static erg_format detect_json(const cJSON *root)
{
	const cJSON *first = cJSON_IsArray(root) ? cJSON_GetArrayItem(root, 0) : NULL;

	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "nodes"))
		return ERG_FORMAT_GRAPH;
	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "ergraph"))
		return ERG_FORMAT_NATIVE;
	if (cJSON_GetObjectItemCaseSensitive(first, "vertexSet"))
		return ERG_FORMAT_DOCRED;
	if (cJSON_GetObjectItemCaseSensitive(first, "data") || cJSON_GetObjectItemCaseSensitive(first, "annotations"))
		return ERG_FORMAT_LABELSTUDIO;
	return ERG_FORMAT_AUTO;
}

/* DocRED's relation names: rel_info.json beside the input, if there. */
static int docred_names(erg_mapping *m, const char *path)
{
	const char *slash = strrchr(path, '/');
	erg_buf p = ERG_BUF_INIT;
	char *buf = NULL;
	size_t len, err;
	cJSON *root = NULL;
	const cJSON *it;
	int rc = 0;

	if ((slash && erg_buf_put(&p, path, (size_t)(slash - path + 1)) < 0) ||
	    erg_buf_puts(&p, "rel_info.json") < 0) {
		erg_buf_free(&p);
		return ERG_ESYS;
	}
	/* No rel_info.json beside the file: relations keep their codes. */
	if (access(p.ptr, F_OK) != 0)
		goto done;
	if ((rc = erg_read_file(p.ptr, ERG_MAX_FILE_SIZE, &buf, &len)) < 0)
		goto done;
	if (!(root = erg_json_parse(buf, len, &err))) {
		rc = err == ERG_JSON_NOMEM ? ERG_ESYS : 0;
		goto done;
	}
	cJSON_ArrayForEach(it, root) {
		char *name;

		if (!cJSON_IsString(it))
			continue;
		if (!(name = erg_strdup(it->valuestring)) || erg_map_put(&m->names, it->string, name) < 0) {
			free(name);
			rc = ERG_ESYS;
			break;
		}
	}
done:
	cJSON_Delete(root);
	free(buf);
	erg_buf_free(&p);
	return rc;
}

/* A foreign JSON file: convert, then hand each document to the sink. */
static int import_json(erg_load_ctx *ctx, const cJSON *root, erg_format fmt)
{
	erg_mapping map;
	erg_import_ctx ic;
	int rc;

	if ((rc = erg_mapping_load(&map, fmt, ctx->opts->map)) < 0) {
		erg_mapping_free(&map);
		if (rc == ERG_EINVALID)
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
		return rc == ERG_EINVALID ? 0 : rc;
	}
	ic.sink = convert_sink;
	ic.sink_ctx = NULL;
	ic.map = &map;
	if (fmt == ERG_FORMAT_DOCRED && (rc = docred_names(&map, ctx->path)) < 0)
		goto done;
	rc = fmt == ERG_FORMAT_DOCRED ? erg_import_docred(ctx, &ic, root) : erg_import_labelstudio(ctx, &ic, root);
done:
	erg_mapping_free(&map);
	return rc;
}

/* One JSON document (native or graph JSON) in a buffer. */
static int load_json(erg_graph *g, erg_load_ctx *ctx, const char *buf, size_t len, erg_format fmt)
{
	cJSON *root;
	int rc;

	if ((rc = erg_load_parse(ctx, buf, len, 0, &root)) < 0)
		return rc;
	if (fmt == ERG_FORMAT_AUTO)
		fmt = detect_json(root);
	if (ctx->opts->graphs_only && fmt != ERG_FORMAT_GRAPH)
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: not a graph: merge takes the graph JSON or DOT of "
					      "earlier builds (build reads annotations)", ctx->path);
	else if (ctx->importing && (fmt == ERG_FORMAT_GRAPH || fmt == ERG_FORMAT_NATIVE))
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: already ergraph's own format: nothing to import", ctx->path);
	else if (fmt == ERG_FORMAT_GRAPH)
		rc = erg_load_graphjson(g, ctx, root);
	else if (fmt == ERG_FORMAT_NATIVE)
		rc = ctx->sink(ctx->sink_ctx, ctx, root, ctx->path) == ERG_ESYS ? ERG_ESYS : 0;
	else if (fmt == ERG_FORMAT_LABELSTUDIO || fmt == ERG_FORMAT_DOCRED)
		rc = import_json(ctx, root, fmt);
	else
		erg_diag(ctx, ERG_DIAG_ERROR,
			 "%s: cannot tell the format: not an ergraph annotation (no \"ergraph\" key), "
			 "a graph JSON (\"nodes\"), a Label Studio export (tasks with \"data\") nor "
			 "DocRED (documents with \"vertexSet\"); name it with -f",
			 ctx->path);
	erg_load_release(ctx, root);
	return rc;
}

/* What the lines of one JSON Lines file share. */
typedef struct {
	erg_buf where;         /* "FILE:LINE" */
	erg_mapping map;       /* doccano's labels, loaded at the first doccano line */
	erg_import_ctx ic;
	bool mapped;
} lines_state;

/*
 * One line's document, parsed: native to the sink, else doccano.  0 to
 * go on, ERG_ESYS to stop, 1 to stop the file quietly (a doccano mapping
 * that does not load: reported once).
 */
static int line_document(erg_load_ctx *ctx, lines_state *st, const cJSON *root, int lineno)
{
	int rc;

	if ((rc = erg_line_where(&st->where, ctx->path, lineno)) < 0)
		return rc;
	if (erg_load_is_native(ctx, root))
		return ctx->sink(ctx->sink_ctx, ctx, root, st->where.ptr) == ERG_ESYS ? ERG_ESYS : 0;
	if (!st->mapped) {
		if ((rc = erg_mapping_load(&st->map, ERG_FORMAT_DOCCANO, ctx->opts->map)) < 0) {
			if (rc != ERG_EINVALID)
				return rc;
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			return 1;
		}
		st->mapped = true;
	}
	return erg_import_doccano(ctx, &st->ic, root, lineno) == ERG_ESYS ? ERG_ESYS : 0;
}

static int merge_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where);

/*
 * JSON Lines: one document a line, native or doccano; blank lines skipped.
 * A build checks native lines in a second thread (checker.c) until a line
 * is not one; the rest go through the sink here.
 */
static int load_jsonl(erg_load_ctx *ctx, const char *buf, size_t len)
{
	lines_state st = {.ic = {.sink = convert_sink}};
	size_t start = 0, ls, le;
	int lineno = 0, rc = 0;

	if (ctx->sink == merge_sink && erg_checker_wanted(ctx) &&
	    (rc = erg_checker_run(ctx->graph, ctx, buf, len, &start, &lineno)) < 0 && rc != ERG_EUSAGE)
		return rc;
	rc = 0;
	st.ic.map = &st.map;
	while (start < len) {
		cJSON *root;

		lineno++;
		if (!erg_next_line(buf, len, &start, &ls, &le))
			continue;
		if ((rc = erg_load_parse(ctx, buf + ls, le - ls, lineno - 1, &root)) < 0) {
			if (rc == ERG_ESYS)
				break;
			rc = 0; /* reported: on to the next line */
			continue;
		}
		rc = line_document(ctx, &st, root, lineno);
		erg_load_release(ctx, root);
		if (rc != 0)
			break;
	}
	erg_buf_free(&st.where);
	erg_mapping_free(&st.map);
	return rc < 0 ? rc : 0;
}

/* The folder a file's text_files are relative to (caller frees; NULL: out of memory). */
static char *basedir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!slash || strcmp(path, "-") == 0)
		return erg_strdup("");
	if (!(dir = strndup(path, (size_t)(slash - path))))
		erg_nomem();
	return dir;
}

static int load_file(erg_graph *g, erg_load_ctx *ctx)
{
	const char *path = ctx->path;
	erg_format fmt = ctx->opts->format;
	erg_buf own = ERG_BUF_INIT, *fb = ctx->filebuf ? ctx->filebuf : &own;
	char *buf, *basedir = basedir_of(path);
	size_t len, skip = 0;
	bool lines;
	int rc;

	if (!(ctx->basedir = basedir))
		return ERG_ESYS;
	rc = erg_read_file_into(path, erg_load_limits(ctx)->file_size, fb);
	buf = fb->ptr;
	len = fb->len;
	if (rc < 0) {
		if (rc == ERG_ESYS && strcmp(erg_error_last(), "out of memory") == 0)
			goto done;
		ctx->syserrors += rc == ERG_ESYS;
		erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
		rc = 0;
		goto done;
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		skip = 3; /* a UTF-8 byte order mark */
	if (fmt == ERG_FORMAT_AUTO) {
		const char *p = buf + skip;

		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (has_ext(path, ".dot") || has_ext(path, ".gv") || strncmp(p, "digraph", 7) == 0 ||
		    strncmp(p, "graph", 5) == 0 || strncmp(p, "strict", 6) == 0)
			fmt = ERG_FORMAT_DOT;
	}
	if (fmt == ERG_FORMAT_DOT && ctx->importing) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: a graph, not annotations: nothing to import", path);
		goto done;
	}
	if (fmt == ERG_FORMAT_DOT) {
		rc = erg_load_dot(g, ctx, buf + skip, len - skip);
		goto done;
	}
	if (check_text(ctx, buf + skip, len - skip) < 0) {
		rc = ERG_EINVALID;
		goto done;
	}
	if (is_vocabulary(path)) {
		/* A folder's own relation types, written by 'ergraph import'. */
		if ((rc = erg_vocab_extend(&ctx->graph->vocab, path)) == ERG_EINVALID) {
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			rc = 0;
		}
	} else if ((lines = has_ext(path, ".jsonl") || looks_like_lines(buf + skip, len - skip)) &&
		   ctx->opts->graphs_only) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: not a graph: merge takes the graph JSON or DOT of "
					      "earlier builds (build reads annotations)", path);
	} else if ((lines && (fmt == ERG_FORMAT_AUTO || fmt == ERG_FORMAT_NATIVE)) || fmt == ERG_FORMAT_DOCCANO) {
		rc = load_jsonl(ctx, buf + skip, len - skip);
	} else {
		rc = load_json(g, ctx, buf + skip, len - skip, fmt);
	}
done:
	erg_buf_free(&own);
	free(basedir);
	ctx->basedir = NULL;
	return rc;
}


static int load_dir(erg_graph *g, erg_load_ctx *ctx, const char *path, int depth)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		ctx->syserrors++;
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: cannot open the folder: %s", path, strerror(errno));
		return 0;
	}
	while ((de = readdir(d))) {
		char **v;

		if (de->d_name[0] == '.')
			continue;
		if (!(v = erg_reallocarray(names, n + 1, sizeof *v)) ||
		    !(v[n] = malloc(strlen(path) + strlen(de->d_name) + 2))) {
			names = v ? v : names;
			rc = erg_nomem();
			goto done;
		}
		names = v;
		sprintf(names[n++], "%s%s%s", path, has_ext(path, "/") ? "" : "/", de->d_name);
	}
	erg_sort(names, n, sizeof *names, erg_cmp_str);
	/* The folder's relation types first: its documents use them. */
	for (size_t i = 0; i < n && rc == 0; i++)
		if (is_vocabulary(names[i]))
			rc = erg_load_path(g, ctx, names[i], depth + 1);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;

		if (stat(names[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = erg_load_path(g, ctx, names[i], depth + 1);
		else if (!is_vocabulary(names[i]) && (has_ext(names[i], ".json") || has_ext(names[i], ".jsonl")))
			rc = erg_load_path(g, ctx, names[i], depth + 1);
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int erg_load_path(erg_graph *g, erg_load_ctx *ctx, const char *path, int depth)
{
	struct stat st;
	erg_load_ctx sub = *ctx;
	int rc;

	if (depth > 64) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: folders nested too deep (a link loop?)", path);
		return 0;
	}
	if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
		ctx->syserrors++;
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s", path, strerror(errno));
		return 0;
	}
	sub.path = path;
	sub.errors = sub.syserrors = 0;
	if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode))
		rc = load_dir(g, &sub, path, depth);
	else
		rc = load_file(g, &sub);
	ctx->errors += sub.errors;
	ctx->syserrors += sub.syserrors;
	return rc == ERG_ESYS ? rc : 0;
}

/* build: a document merges into the graph. */
static int merge_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where)
{
	int rc = erg_load_native(sink_ctx, ctx, doc, where, ctx->basedir);

	if (rc == 0 && ctx->opts->progress)
		ctx->opts->progress(ctx->opts->diag_ctx, erg_graph_document_count(sink_ctx));
	return rc;
}

int erg_graph_load(erg_graph *g, const char *path, const erg_load_options *opts)
{
	erg_load_options defaults = ERG_LOAD_OPTIONS_INIT;
	erg_load_ctx ctx = {opts ? opts : &defaults, path, 0, 0, g, merge_sink, g, false, NULL};
	erg_buf filebuf = ERG_BUF_INIT;
	int rc;

	if (g->finished)
		return erg_fail(ERG_EUSAGE, "the graph is finished: load before erg_graph_finish()");
	if ((rc = erg_graph_vocab(g, ctx.opts->vocabulary)) < 0)
		return rc;
	if (!(ctx.arena = erg_load_arena_new()))
		return erg_nomem();
	ctx.filebuf = &filebuf;
	rc = erg_load_path(g, &ctx, path, 0);
	erg_json_arena_free(ctx.arena);
	erg_buf_free(&filebuf);
	if (rc < 0)
		return rc;
	if (ctx.syserrors)
		return ERG_ESYS; /* already reported: an input could not be read */
	return ctx.errors ? ERG_EINVALID : 0;
}
