/*
 * render_diff.c - a diff as text (like git diff), as diff JSON, and as the
 * union graph drawn by change (docs/diff.md).
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"unchanged", "added", "removed", "changed"};
static const char kind_marks[] = {' ', '+', '-', '~'};

/* "source -[type]-> target" or "source -[type]- target" from "s type t". */
static void edge_line(FILE *f, const erg_delta_rec *r)
{
	const erg_edge *e = r->new_edge ? r->new_edge : r->old_edge;
	const char *sp = strchr(r->id, ' '), *tp = strrchr(r->id, ' ');

	fprintf(f, "%.*s -[%s]-%s %s", (int)(sp - r->id), r->id, e->type, e->directed ? ">" : "", tp + 1);
}

static void quoted_list(FILE *f, char sign, const erg_strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		fprintf(f, " %c\"%s\"", sign, s->v[i]);
}

static void change_lines(FILE *f, const erg_delta_rec *r)
{
	for (size_t i = 0; i < r->nchanges; i++) {
		const erg_change *c = &r->changes[i];

		fprintf(f, "    %s:", c->field);
		if (c->is_set) {
			quoted_list(f, '+', &c->added);
			quoted_list(f, '-', &c->removed);
		} else {
			const char *qa = c->old_value && !c->bare ? "\"" : "";
			const char *qb = c->new_value && !c->bare ? "\"" : "";

			fprintf(f, " %s%s%s -> %s%s%s", qa, c->old_value ? c->old_value : "(none)", qa, qb,
				c->new_value ? c->new_value : "(none)", qb);
		}
		fputc('\n', f);
	}
}

static void count(const erg_diff *d, bool edges, size_t n[4])
{
	memset(n, 0, 4 * sizeof *n);
	for (size_t i = 0; i < d->ndeltas; i++)
		if (d->deltas[i].is_edge == edges)
			n[d->deltas[i].kind]++;
	n[ERG_DELTA_UNCHANGED] = edges ? d->unchanged_edges : d->unchanged_nodes;
}

int erg_diff_write_text(const erg_diff *d, FILE *f, int stat, const char *old_label,
			const char *new_label)
{
	size_t nodes[4], edges[4];

	if (!d->ndeltas)
		return 0; /* like diff(1): the same, nothing to say */
	count(d, false, nodes);
	count(d, true, edges);
	if (stat) {
		fprintf(f, " entities:  %zu added, %zu removed, %zu changed, %zu unchanged\n",
			nodes[1], nodes[2], nodes[3], nodes[0]);
		fprintf(f, " relations: %zu added, %zu removed, %zu changed, %zu unchanged\n",
			edges[1], edges[2], edges[3], edges[0]);
		return ferror(f) ? erg_fail(ERG_ESYS, "cannot write the diff") : 0;
	}
	fprintf(f, "--- %s\n+++ %s\n", old_label, new_label);
	for (size_t i = 0; i < d->ndeltas; i++) {
		const erg_delta_rec *r = &d->deltas[i];

		fprintf(f, "%c ", kind_marks[r->kind]);
		if (r->is_edge) {
			const erg_edge *e = r->new_edge ? r->new_edge : r->old_edge;

			fputs("relation ", f);
			edge_line(f, r);
			if (r->kind != ERG_DELTA_CHANGED)
				fprintf(f, "  (weight %u)", e->ndocs);
		} else {
			const erg_node *n = r->new_node ? r->new_node : r->old_node;

			fprintf(f, "entity %s (%s) \"%s\"", r->id, n->type, n->name);
			if (r->old_id)
				fprintf(f, "  (was %s)", r->old_id);
		}
		fputc('\n', f);
		change_lines(f, r);
	}
	return ferror(f) ? erg_fail(ERG_ESYS, "cannot write the diff") : 0;
}

/* ---- diff JSON ---------------------------------------------------------- */

/* "key": "s" in the object being written (null for NULL). */
static void string_field(erg_jw *w, const char *key, const char *s)
{
	erg_jw_key(w, key);
	erg_jw_string(w, s);
}

/* A changed value: a number or boolean as itself, text as a string.  The
 * bare values are booleans and whole numbers (diff.c: number()). */
static void value_write(erg_jw *w, const erg_change *c, const char *v)
{
	if (!v || !c->bare)
		erg_jw_string(w, v); /* null for none */
	else if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
		erg_jw_bool(w, strcmp(v, "true") == 0);
	else
		erg_jw_int(w, strtoll(v, NULL, 10));
}

static void changes_write(erg_jw *w, const erg_delta_rec *r)
{
	erg_jw_array(w);
	for (size_t i = 0; i < r->nchanges; i++) {
		const erg_change *c = &r->changes[i];

		erg_jw_object(w);
		string_field(w, "field", c->field);
		if (c->is_set) {
			erg_jw_key(w, "added");
			erg_jw_strings(w, (const char *const *)c->added.v, c->added.n);
			erg_jw_key(w, "removed");
			erg_jw_strings(w, (const char *const *)c->removed.v, c->removed.n);
		} else {
			erg_jw_key(w, "old");
			value_write(w, c, c->old_value);
			erg_jw_key(w, "new");
			value_write(w, c, c->new_value);
		}
		erg_jw_end(w);
	}
	erg_jw_end(w);
}

/* One delta; p is scratch for the provenance of its node or edge. */
static int delta_write(erg_jw *w, erg_prov *p, const erg_delta_rec *r)
{
	erg_jw_object(w);
	string_field(w, "change", kind_names[r->kind]);
	if (r->is_edge) {
		const erg_edge *e = r->new_edge ? r->new_edge : r->old_edge;
		const char *sp = strchr(r->id, ' '), *tp = strrchr(r->id, ' ');
		char *src = strndup(r->id, (size_t)(sp - r->id)); /* the id is "source type target" */

		if (!src)
			return erg_nomem();
		string_field(w, "source", src);
		free(src);
		string_field(w, "type", e->type);
		string_field(w, "target", tp + 1);
	} else {
		string_field(w, "id", r->id);
		if (r->old_id) {
			string_field(w, "old_id", r->old_id);
		}
	}
	if (r->kind == ERG_DELTA_CHANGED) {
		erg_jw_key(w, "changes");
		changes_write(w, r);
	} else if (r->is_edge) {
		int rc;

		erg_jw_key(w, "edge");
		if ((rc = erg_edge_write(w, p, r->new_edge ? r->new_edge : r->old_edge)) < 0)
			return rc;
	} else {
		int rc;

		erg_jw_key(w, "node");
		if ((rc = erg_node_write(w, p, r->new_node ? r->new_node : r->old_node)) < 0)
			return rc;
	}
	erg_jw_end(w);
	return w->rc;
}

static void summary_write(erg_jw *w, const erg_diff *d, bool edges)
{
	size_t n[4];

	count(d, edges, n);
	erg_jw_object(w);
	for (int k = 1; k <= 4; k++) {
		int kind = k % 4; /* added, removed, changed, unchanged */

		erg_jw_key(w, kind_names[kind]);
		erg_jw_int(w, (long long)n[kind]);
	}
	erg_jw_end(w);
}

/*
 * The diff JSON (docs/diff.md) to f, written as it is made: nodes, then
 * edges, each with its whole node or edge as in graph JSON.  0, or an
 * error (a failed write leaves ferror(f) set for the caller to name f).
 */
static int diff_json_write(FILE *f, const erg_diff *d, const char *old_label, const char *new_label)
{
	erg_prov p = ERG_PROV_INIT;
	erg_jw w;
	int rc = 0;

	erg_jw_init(&w, f, NULL, true);
	erg_jw_object(&w);
	erg_jw_key(&w, "ergraph");
	erg_jw_int(&w, ERG_SCHEMA_VERSION);
	erg_jw_key(&w, "diff");
	erg_jw_object(&w);
	string_field(&w, "old", old_label);
	string_field(&w, "new", new_label);
	erg_jw_end(&w);
	erg_jw_key(&w, "summary");
	erg_jw_object(&w);
	erg_jw_key(&w, "entities");
	summary_write(&w, d, false);
	erg_jw_key(&w, "relations");
	summary_write(&w, d, true);
	erg_jw_end(&w);
	erg_jw_key(&w, "nodes");
	erg_jw_array(&w);
	for (size_t i = 0; i < d->ndeltas && rc == 0; i++)
		if (!d->deltas[i].is_edge)
			rc = delta_write(&w, &p, &d->deltas[i]);
	erg_jw_end(&w);
	erg_jw_key(&w, "edges");
	erg_jw_array(&w);
	for (size_t i = 0; i < d->ndeltas && rc == 0; i++)
		if (d->deltas[i].is_edge)
			rc = delta_write(&w, &p, &d->deltas[i]);
	erg_jw_end(&w);
	erg_jw_end(&w);
	erg_prov_free(&p);
	return erg_jw_done(&w, rc);
}

int erg_diff_render(const erg_diff *d, const erg_output *outs, size_t n,
		    const erg_render_options *o, const char *old_label, const char *new_label)
{
	erg_output *drawn = erg_calloc(n, sizeof *drawn);
	erg_out *files = erg_calloc(n, sizeof *files), *drawn_files = erg_calloc(n, sizeof *files);
	erg_graph *u = NULL;
	size_t ndrawn = 0;
	int rc = drawn && files && drawn_files ? 0 : ERG_ESYS;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erg_out_open(&files[i], outs[i].path);
	/* Make everything first; rename only when all of it succeeded. */
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (outs[i].format == ERG_OUT_JSON) {
			if ((rc = diff_json_write(files[i].f, d, old_label, new_label)) < 0 && ferror(files[i].f))
				rc = erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(&files[i]), strerror(errno));
		} else {
			drawn_files[ndrawn] = files[i];
			drawn[ndrawn++] = outs[i];
		}
	}
	if (rc == 0 && ndrawn && (rc = erg_diff_union(d, &u)) == 0)
		rc = erg_render_into(u, drawn, drawn_files, ndrawn, o);
	if (rc == 0)
		rc = erg_out_commit_all(files, n);
	for (size_t i = 0; files && i < n; i++)
		erg_out_discard(&files[i]);
	free(files);
	free(drawn_files);
	free(drawn);
	erg_graph_free(u);
	return rc;
}
