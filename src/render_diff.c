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

/* Add item to o under key; on failure item is freed too. */
static bool attach(cJSON *o, const char *key, cJSON *item)
{
	if (!item || !cJSON_AddItemToObject(o, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

/* A changed value: a number or boolean as itself, text as a string. */
static cJSON *value_json(const erg_change *c, const char *v)
{
	if (!v)
		return cJSON_CreateNull();
	if (!c->bare)
		return cJSON_CreateString(v);
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
		return cJSON_CreateBool(strcmp(v, "true") == 0);
	return cJSON_CreateNumber(strtod(v, NULL));
}

static cJSON *changes_json(const erg_delta_rec *r)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < r->nchanges; i++) {
		const erg_change *c = &r->changes[i];
		cJSON *o = cJSON_CreateObject();
		bool ok = o && cJSON_AddItemToArray(arr, o);

		if (!ok)
			cJSON_Delete(o);
		ok = ok && cJSON_AddStringToObject(o, "field", c->field);
		if (ok && c->is_set)
			ok = attach(o, "added", erg_strset_to_json(&c->added)) &&
			     attach(o, "removed", erg_strset_to_json(&c->removed));
		else if (ok)
			ok = attach(o, "old", value_json(c, c->old_value)) && attach(o, "new", value_json(c, c->new_value));
		if (!ok) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

static cJSON *delta_json(const erg_delta_rec *r)
{
	cJSON *o = cJSON_CreateObject();
	bool ok = o && cJSON_AddStringToObject(o, "change", kind_names[r->kind]);

	if (ok && r->is_edge) {
		const erg_edge *e = r->new_edge ? r->new_edge : r->old_edge;
		const char *sp = strchr(r->id, ' '), *tp = strrchr(r->id, ' ');
		char *src = strndup(r->id, (size_t)(sp - r->id));

		ok = src && cJSON_AddStringToObject(o, "source", src) &&
		     cJSON_AddStringToObject(o, "type", e->type) && cJSON_AddStringToObject(o, "target", tp + 1);
		free(src);
	} else if (ok) {
		ok = cJSON_AddStringToObject(o, "id", r->id) &&
		     (!r->old_id || cJSON_AddStringToObject(o, "old_id", r->old_id));
	}
	if (ok && r->kind == ERG_DELTA_CHANGED)
		ok = attach(o, "changes", changes_json(r));
	else if (ok && r->is_edge)
		ok = attach(o, "edge", erg_edge_json(r->new_edge ? r->new_edge : r->old_edge));
	else if (ok)
		ok = attach(o, "node", erg_node_json(r->new_node ? r->new_node : r->old_node));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *summary_json(const erg_diff *d, bool edges)
{
	cJSON *o = cJSON_CreateObject();
	size_t n[4];

	count(d, edges, n);
	for (int k = 1; o && k <= 4; k++) {
		int kind = k % 4; /* added, removed, changed, unchanged */

		if (!cJSON_AddNumberToObject(o, kind_names[kind], (double)n[kind])) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

static char *diff_json(const erg_diff *d, const char *old_label, const char *new_label)
{
	cJSON *root = cJSON_CreateObject(), *sides, *summary, *nodes, *edges;
	char *text = NULL;

	if (!root || !cJSON_AddNumberToObject(root, "ergraph", ERG_SCHEMA_VERSION) ||
	    !(sides = cJSON_AddObjectToObject(root, "diff")) ||
	    !cJSON_AddStringToObject(sides, "old", old_label) ||
	    !cJSON_AddStringToObject(sides, "new", new_label) ||
	    !(summary = cJSON_AddObjectToObject(root, "summary")) ||
	    !(nodes = cJSON_AddArrayToObject(root, "nodes")) || !(edges = cJSON_AddArrayToObject(root, "edges")))
		goto done;
	{
		cJSON *sn = summary_json(d, false), *se = summary_json(d, true);

		if (!sn || !cJSON_AddItemToObject(summary, "entities", sn)) {
			cJSON_Delete(sn);
			cJSON_Delete(se);
			goto done;
		}
		if (!se || !cJSON_AddItemToObject(summary, "relations", se)) {
			cJSON_Delete(se);
			goto done;
		}
	}
	for (size_t i = 0; i < d->ndeltas; i++) {
		cJSON *item = delta_json(&d->deltas[i]);

		if (!item || !cJSON_AddItemToArray(d->deltas[i].is_edge ? edges : nodes, item)) {
			cJSON_Delete(item);
			goto done;
		}
	}
	text = cJSON_Print(root);
done:
	cJSON_Delete(root);
	if (!text)
		erg_nomem();
	return text;
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
			char *json = diff_json(d, old_label, new_label);

			if (!json)
				rc = ERG_ESYS;
			else if (fprintf(files[i].f, "%s\n", json) < 0)
				rc = erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(&files[i]), strerror(errno));
			free(json);
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
