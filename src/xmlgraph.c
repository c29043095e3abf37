/*
 * xmlgraph.c - what the GraphML and GEXF outputs carry, and XML text.
 *
 * Both formats declare typed attributes once and give each node and edge
 * its values; the attributes and how a value is made from the model are
 * the same in both, so they are made here and each writer only spells
 * them in its own elements (render_graphml.c, render_gexf.c).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Graph JSON's names; the lists and objects as compact JSON text. */
const erg_xattr erg_xattrs_node[ERG_XNODE_N] = {
	{"type", ERG_XA_STRING},      {"aliases", ERG_XA_STRING},   {"kb", ERG_XA_STRING},
	{"documents", ERG_XA_INT},    {"mentions", ERG_XA_LONG},    {"first_seen", ERG_XA_STRING},
	{"last_seen", ERG_XA_STRING}, {"attributes", ERG_XA_STRING}, {"change", ERG_XA_STRING},
};

const erg_xattr erg_xattrs_edge[ERG_XEDGE_N] = {
	{"type", ERG_XA_STRING},       {"symmetric", ERG_XA_BOOL}, {"first_seen", ERG_XA_STRING},
	{"last_seen", ERG_XA_STRING},  {"dates", ERG_XA_STRING},   {"attributes", ERG_XA_STRING},
	{"change", ERG_XA_STRING},
};

size_t erg_xattrs_count(const erg_graph *g, bool edges)
{
	/* "change" (the last) only in a diff's union graph. */
	return (edges ? ERG_XEDGE_N : ERG_XNODE_N) - (g->is_diff ? 0 : 1);
}

static const char *const change_names[] = {"unchanged", "added", "removed", "changed"};

/* Compact JSON text of a list of strings or of an attribute object. */
static int json_text(erg_buf *out, const char *const *v, size_t n, const erg_attrs *a)
{
	erg_jw w;

	out->len = 0;
	erg_jw_init(&w, NULL, out, false);
	if (a)
		erg_attrs_write(&w, a);
	else
		erg_jw_strings(&w, v, n);
	return erg_jw_finish(&w) < 0 ? w.rc : out->failed ? ERG_ESYS : 0;
}

/* Value i is a number, written into scratch slot k. */
static void set_num(erg_xvalues *x, size_t i, size_t k, long long v)
{
	snprintf(x->num[k], sizeof x->num[k], "%lld", v);
	x->v[i] = x->num[k];
}

int erg_xvalues_node(erg_xvalues *x, const erg_node *n)
{
	int rc;

	if ((rc = json_text(&x->json[0], (const char *const *)n->aliases.v, n->aliases.n, NULL)) < 0 ||
	    (rc = json_text(&x->json[1], NULL, 0, &n->attrs)) < 0)
		return rc;
	x->v[0] = n->type;
	x->v[1] = x->json[0].ptr;
	x->v[2] = n->kb;
	set_num(x, 3, 0, n->ndocs);
	set_num(x, 4, 1, n->mentions);
	x->v[5] = n->first_seen;
	x->v[6] = n->last_seen;
	x->v[7] = x->json[1].ptr;
	x->v[8] = change_names[n->status & 3];
	return 0;
}

int erg_xvalues_edge(erg_xvalues *x, const erg_edge *e)
{
	int rc;

	if ((rc = erg_prov_edge(&x->prov, e)) < 0 ||
	    (rc = json_text(&x->json[0], x->prov.dates, x->prov.ndates, NULL)) < 0 ||
	    (rc = json_text(&x->json[1], NULL, 0, &e->attrs)) < 0)
		return rc;
	x->v[0] = e->type;
	x->v[1] = e->directed ? "false" : "true";
	x->v[2] = e->first_seen;
	x->v[3] = e->last_seen;
	x->v[4] = x->json[0].ptr;
	x->v[5] = x->json[1].ptr;
	x->v[6] = change_names[e->status & 3];
	return 0;
}

void erg_xvalues_free(erg_xvalues *x)
{
	erg_buf_free(&x->json[0]);
	erg_buf_free(&x->json[1]);
	erg_prov_free(&x->prov);
}

/* XML 1.0's Char production: which code points a document may hold. */
static size_t legal_char(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = u[0] < 0x80 ? 1 : u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4, bad;

	if (u[0] < 0x20)
		return u[0] == '\t' || u[0] == '\n' || u[0] == '\r' ? 1 : 0;
	if (n > 1 && (strnlen(s, n) < n || !erg_utf8_valid(s, n, &bad)))
		return 0; /* not UTF-8 (a NUL ends the string before n) */
	if (n == 3 && u[0] == 0xef && u[1] == 0xbf && u[2] >= 0xbe)
		return 0; /* U+FFFE, U+FFFF */
	return n;
}

int erg_xml_text(erg_buf *b, const char *s)
{
	erg_buf clean = ERG_BUF_INIT;
	const char *p;
	size_t n;
	int rc = 0;

	/* The usual case: nothing but legal text without tabs or line ends. */
	for (p = s; *p && (n = legal_char(p)) && *p != '\t' && *p != '\n' && *p != '\r'; p += n)
		;
	if (!*p)
		return erg_xml_escape(b, s);
	/* A tab or line end as a character reference (a parser turns them
	 * into spaces in an attribute value); what XML cannot hold as U+FFFD. */
	for (p = s; *p && rc == 0; p += n ? n : 1) {
		n = legal_char(p);
		if (n == 1 && (*p == '\t' || *p == '\n' || *p == '\r')) {
			if ((rc = erg_xml_escape(b, clean.ptr ? clean.ptr : "")) == 0)
				rc = erg_buf_printf(b, "&#%d;", *p);
			clean.len = 0;
			if (clean.ptr)
				clean.ptr[0] = '\0';
		} else {
			rc = erg_buf_put(&clean, n ? p : "\xef\xbf\xbd", n ? n : 3);
		}
	}
	if (rc == 0)
		rc = erg_xml_escape(b, clean.ptr ? clean.ptr : "");
	erg_buf_free(&clean);
	return rc;
}

int erg_xml_flush(erg_buf *b, FILE *f, int rc)
{
	if (rc == 0 && b->failed)
		rc = ERG_ESYS;
	if (rc == 0 && b->len && fwrite(b->ptr, 1, b->len, f) != b->len)
		rc = erg_fail(ERG_ESYS, "cannot write: %s", strerror(errno ? errno : EIO));
	b->len = 0;
	return rc;
}
