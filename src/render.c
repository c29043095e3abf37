/*
 * render.c - write every output of one call from one layout.
 *
 * DOT, graph JSON, GraphML and GEXF need no layout; SVG, PNG, PDF and the
 * HTML page (render_html.c, around the SVG) share one.  Every output goes
 * to a temporary file (output.c) and all are renamed into place only when
 * all were made, so a failed layout or write leaves the old outputs.
 */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static bool ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);

	return n >= e && strcasecmp(s + n - e, ext) == 0;
}

erg_output_format erg_output_format_from_path(const char *path)
{
	if (ends_with(path, ".dot") || ends_with(path, ".gv"))
		return ERG_OUT_DOT;
	if (ends_with(path, ".svg"))
		return ERG_OUT_SVG;
	if (ends_with(path, ".png"))
		return ERG_OUT_PNG;
	if (ends_with(path, ".json"))
		return ERG_OUT_JSON;
	if (ends_with(path, ".graphml"))
		return ERG_OUT_GRAPHML;
	if (ends_with(path, ".gexf"))
		return ERG_OUT_GEXF;
	if (ends_with(path, ".pdf"))
		return ERG_OUT_PDF;
	if (ends_with(path, ".html"))
		return ERG_OUT_HTML;
	return ERG_OUT_NONE;
}

/* The id prefix from an output's name: "graphs/corpus.svg" -> "corpus". */
static char *prefix_from(const char *path, const char *given)
{
	const char *base = strrchr(path, '/');
	erg_buf b = ERG_BUF_INIT;

	if (given)
		base = given;
	else
		base = base ? base + 1 : path;
	if (!((*base >= 'a' && *base <= 'z') || (*base >= 'A' && *base <= 'Z')))
		erg_buf_puts(&b, "g"); /* an XML id starts with a letter */
	for (const char *p = base; *p && (given || *p != '.'); p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			c = '_';
		erg_buf_put(&b, &c, 1);
	}
	return erg_buf_detach(&b);
}

static void say(const erg_render_options *o, erg_diag_level level, const char *fmt, va_list ap)
{
	erg_buf b = ERG_BUF_INIT;

	if (!o->diag)
		return;
	erg_buf_vprintf(&b, fmt, ap);
	o->diag(o->diag_ctx, level, b.ptr ? b.ptr : "");
	erg_buf_free(&b);
}

ERG_PRINTF(2, 3)
static void warn(const erg_render_options *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(o, ERG_DIAG_WARNING, fmt, ap);
	va_end(ap);
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* With verbose: what a step did and how long it took since *since (reset). */
ERG_PRINTF(3, 4)
static void note(const erg_render_options *o, double *since, const char *fmt, ...)
{
	double t = seconds();
	va_list ap;
	char *f;

	if (!o->verbose || o->version < 2 || !o->diag || !(f = malloc(strlen(fmt) + 16)))
		return;
	sprintf(f, "%s in %.2f s", fmt, t - *since);
	va_start(ap, fmt);
	say(o, ERG_DIAG_NOTE, f, ap);
	va_end(ap);
	free(f);
	*since = seconds();
}


/*
 * Say so before a layout that can take long (docs/cli.md has the figures):
 * dot past a few hundred entities, neato or fdp past the automatic limit,
 * and the automatic switch to sfdp, which draws without edge labels.
 */
static void warn_slow(const erg_graph *g, const erg_render_options *o)
{
	const char *e = o->engine && strcmp(o->engine, "auto") != 0 ? o->engine : NULL;
	const char *chosen = e ? e : erg_gv_auto_engine(g->nnodes, g->nedges);

	if (o->layout_from)
		return;
	if (e && strcmp(e, "dot") == 0 && g->nnodes > 300)
		warn(o, "-K dot on %zu entities can take many minutes; sfdp (the automatic choice "
			"past 800) draws them in seconds", g->nnodes);
	else if (e && (strcmp(e, "neato") == 0 || strcmp(e, "fdp") == 0 || strcmp(e, "circo") == 0 ||
		       strcmp(e, "twopi") == 0) && g->nnodes > 800)
		warn(o, "-K %s on %zu entities can take minutes; sfdp draws them in seconds", e, g->nnodes);
	else if (!e && strcmp(chosen, "sfdp") == 0)
		warn(o, "%zu entities and %zu relations: drawn with sfdp, straight edges and no edge "
			"labels (--focus, --types, --min-weight or --max-nodes draw a part in detail)",
		     g->nnodes, g->nedges);
}

/* cairo's largest image side; past it Graphviz's plugin prints to stderr itself. */
#define PNG_MAX_SIDE 32767

/* Refuse a PNG that cairo could not hold, before Graphviz tries to draw it. */
static int png_fits(const erg_gv *gv, const erg_render_options *o, const erg_out *file)
{
	double dpi = o->dpi > 0 ? o->dpi : 96, w, h, side;

	erg_gv_png_size(gv, dpi, &w, &h);
	side = w > h ? w : h;
	/* One pixel of slack for Graphviz's rounding. */
	if (side + 1 <= PNG_MAX_SIDE)
		return 0;
	return erg_fail(ERG_EUSAGE, "%s: the PNG would be %.0f x %.0f pixels at %g dpi, past cairo's %d a side "
				    "(this drawing fits up to --dpi %d)",
			erg_out_name(file), ceil(w), ceil(h), dpi, PNG_MAX_SIDE,
			(int)floor((PNG_MAX_SIDE - 1) / side * dpi));
}

/* Outputs of the model alone, written without Graphviz. */
static bool is_model(erg_output_format f)
{
	return f == ERG_OUT_JSON || f == ERG_OUT_GRAPHML || f == ERG_OUT_GEXF;
}

static int write_model(const erg_graph *g, erg_output_format f, FILE *out)
{
	return f == ERG_OUT_JSON ? erg_graph_write_json(g, out)
	       : f == ERG_OUT_GRAPHML ? erg_graph_write_graphml(g, out)
	       : erg_graph_write_gexf(g, out);
}

/* The HTML page around the SVG drawn with ids from prefix (never of a fixed size). */
static int html_page(char **out, size_t *outlen, const erg_graph *g, erg_gv *gv, const char *prefix,
		     const char *title)
{
	char *raw = NULL, *svg = NULL;
	size_t rawlen = 0, svglen = 0;
	int rc;

	if ((rc = erg_gv_render(gv, "svg", prefix, 0, &raw, &rawlen)) == 0 &&
	    (rc = erg_svg_finish(&svg, &svglen, raw, rawlen, false, title)) == 0)
		rc = erg_html_page(out, outlen, g, gv, svg, svglen, title);
	free(raw);
	free(svg);
	return rc;
}

int erg_render(const erg_graph *g, const erg_output *outs, size_t n, const erg_render_options *o)
{
	erg_out *files = erg_calloc(n, sizeof *files);
	int rc = files ? 0 : ERG_ESYS;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erg_out_open(&files[i], outs[i].path);
	if (rc == 0)
		rc = erg_render_into(g, outs, files, n, o);
	if (rc == 0)
		rc = erg_out_commit_all(files, n);
	for (size_t i = 0; files && i < n; i++)
		erg_out_discard(&files[i]);
	free(files);
	return rc;
}

/*
 * A layout's time grows faster than the graph: a drawing is held to
 * draw-entities and draw-relations before one starts.  ERG_EINVALID
 * naming the limit when it would not fit.
 */
static int draw_fits(const erg_graph *g, const erg_render_options *o)
{
	/* Options older than version 3, or 0 in them: the defaults. */
	long max_e = o->version >= 3 && o->draw_entities > 0 ? o->draw_entities : ERG_DRAW_ENTITIES;
	long max_r = o->version >= 3 && o->draw_relations > 0 ? o->draw_relations : ERG_DRAW_RELATIONS;
	size_t ne = erg_graph_node_count(g), nr = erg_graph_edge_count(g);

	if (ne > (size_t)max_e)
		return erg_fail(ERG_EINVALID, "draw-entities: the drawing would hold %zu entities, more "
				"than the limit of %ld (--limit draw-entities=N raises it; --focus, "
				"--types or --max-nodes draw a part)", ne, max_e);
	if (nr > (size_t)max_r)
		return erg_fail(ERG_EINVALID, "draw-relations: the drawing would hold %zu relations, "
				"more than the limit of %ld (--limit draw-relations=N raises it; --focus, "
				"--relations or --min-weight draw a part)", nr, max_r);
	return 0;
}

int erg_render_into(const erg_graph *g, const erg_output *outs, erg_out *files, size_t n,
		    const erg_render_options *o)
{
	erg_render_options defaults = ERG_RENDER_OPTIONS_INIT;
	erg_theme *theme = NULL;
	erg_gv *gv = NULL;
	char **data = NULL;
	size_t *lens = NULL;
	bool need_layout = false, want_dot = false, page = false;
	double t = seconds();
	int rc;

	if (!o)
		o = &defaults;
	if (!g->finished)
		return erg_fail(ERG_EUSAGE, "render: the graph is not finished");
	/* Checked here, before any layout, for every command that draws. */
	if (!(o->dpi >= 0 && o->dpi <= ERG_MAX_DPI))
		return erg_fail(ERG_EUSAGE, "--dpi: %g is not from 1 to %d", o->dpi, ERG_MAX_DPI);
	for (size_t i = 0; i < n; i++) {
		if (outs[i].format == ERG_OUT_NONE)
			return erg_fail(ERG_EUSAGE, "%s: unknown output format (use .dot .gv .svg .png .pdf "
					".json .graphml .gexf .html)", outs[i].path);
		need_layout |= outs[i].format == ERG_OUT_SVG || outs[i].format == ERG_OUT_PNG ||
			       outs[i].format == ERG_OUT_PDF || outs[i].format == ERG_OUT_HTML ||
			       (outs[i].format == ERG_OUT_DOT && g->is_diff);
		want_dot |= outs[i].format == ERG_OUT_DOT;
		page |= outs[i].format == ERG_OUT_HTML;
	}
	if (need_layout && (rc = draw_fits(g, o)) < 0)
		return rc;
	data = erg_calloc(n, sizeof *data);
	lens = erg_calloc(n, sizeof *lens);
	if (!data || !lens) {
		rc = ERG_ESYS;
		goto done;
	}
	if ((rc = erg_theme_load(&theme, o->theme)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (!is_model(outs[i].format) && !gv) {
			if ((rc = erg_gv_build(&gv, g, theme, o->legend, want_dot)) < 0)
				goto done;
			note(o, &t, "made the Graphviz graph of %zu entities and %zu relations", g->nnodes,
			     g->nedges);
		}
		if (is_model(outs[i].format)) {
			if ((rc = write_model(g, outs[i].format, files[i].f)) < 0) {
				if (ferror(files[i].f))
					rc = erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(&files[i]),
						      strerror(errno));
				goto done;
			}
			note(o, &t, "made %s", erg_out_name(&files[i]));
		} else if (outs[i].format == ERG_OUT_DOT && g->is_diff) {
			need_layout = true; /* a diff's DOT carries its layout (docs/diff.md) */
		} else if (outs[i].format == ERG_OUT_DOT) {
			char *prefix = prefix_from(outs[i].path, o->id_prefix);

			rc = prefix ? erg_gv_dot(gv, prefix, files[i].f) : ERG_ESYS;
			free(prefix);
			if (rc < 0) {
				if (ferror(files[i].f))
					rc = erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(&files[i]),
						      strerror(errno));
				goto done;
			}
			note(o, &t, "made %s", erg_out_name(&files[i]));
		}
	}
	if (need_layout) {
		const char *engine = NULL;

		warn_slow(g, o);
		/* The page zooms and searches: it draws every entity, and so
		 * does every drawing of the call, which shares its layout. */
		if (page)
			erg_gv_whole(gv);
		if ((rc = erg_gv_layout(gv, o->engine, o->layout_from, &engine)) < 0)
			goto done;
		note(o, &t, "laid out with %s", engine);
		if (erg_gv_rescued_labels(gv))
			note(o, &t, "%zu edge labels had no clear place: drawn on their edges",
			     erg_gv_rescued_labels(gv));
		for (size_t i = 0; i < n; i++) {
			char *prefix, *title, *raw = NULL;
			size_t rawlen = 0;

			if (outs[i].format == ERG_OUT_DOT && g->is_diff) {
				prefix = prefix_from(outs[i].path, o->id_prefix);
				rc = prefix ? erg_gv_render(gv, "dot", prefix, 0, &data[i], &lens[i]) : erg_nomem();
				free(prefix);
				if (rc < 0)
					goto done;
				continue;
			}
			if (outs[i].format != ERG_OUT_SVG && outs[i].format != ERG_OUT_PNG &&
			    outs[i].format != ERG_OUT_PDF && outs[i].format != ERG_OUT_HTML)
				continue;
			prefix = prefix_from(outs[i].path, o->id_prefix);
			title = erg_graph_title(g);
			if (!prefix || !title)
				rc = erg_nomem();
			else if (outs[i].format == ERG_OUT_PNG)
				rc = png_fits(gv, o, &files[i]) < 0
					     ? ERG_EUSAGE
					     : erg_gv_render(gv, "png", NULL, o->dpi, &data[i], &lens[i]);
			else if (outs[i].format == ERG_OUT_PDF)
				rc = erg_gv_render(gv, "pdf", NULL, 0, &data[i], &lens[i]);
			else if (outs[i].format == ERG_OUT_HTML)
				rc = html_page(&data[i], &lens[i], g, gv, prefix, title);
			else if ((rc = erg_gv_render(gv, "svg", prefix, 0, &raw, &rawlen)) == 0)
				rc = erg_svg_finish(&data[i], &lens[i], raw, rawlen, o->fixed_size, title);
			free(raw);
			free(prefix);
			free(title);
			if (rc < 0)
				goto done;
			note(o, &t, "made %s", erg_out_name(&files[i]));
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (data[i] && lens[i] && fwrite(data[i], 1, lens[i], files[i].f) != lens[i]) {
			rc = erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(&files[i]), strerror(errno));
			goto done;
		}
	}
done:
	for (size_t i = 0; data && i < n; i++)
		free(data[i]);
	free(data);
	free(lens);
	erg_gv_free(gv);
	erg_theme_free(theme);
	return rc;
}
