/*
 * ergraph.h - the one public header of libergraph.
 *
 * ergraph turns JSON annotations of news documents into one
 * entity-relationship graph and renders it with Graphviz to DOT, SVG, PNG
 * and graph JSON.  See docs/ for the formats.
 *
 * Conventions (as in libgit2):
 *   - functions that can fail return an int: 0 on success or a negative
 *     erg_error_code; outputs come first;
 *   - on failure one readable message is kept, read it with erg_error_last();
 *   - an object returned through an `out` pointer belongs to the caller and
 *     is freed with its own erg_<type>_free();
 *   - option structs are versioned and initialised with their _INIT macro.
 *
 * The library is not thread-safe (neither is Graphviz).
 */
#ifndef ERGRAPH_H
#define ERGRAPH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ERG_BUILDING) && defined(__GNUC__)
#define ERG_API __attribute__((visibility("default")))
#else
#define ERG_API
#endif

#define ERG_VERSION "0.1.0"
#define ERG_SCHEMA_VERSION 1

/** Return codes.  Exit statuses of the CLI follow from them (docs/cli.md). */
typedef enum {
	ERG_OK = 0,
	ERG_EINVALID = -1,  /* the input is not valid: exit status 1 */
	ERG_ESYS = -2,      /* I/O or memory failure: exit status 2 */
	ERG_EUSAGE = -3,    /* bad option or argument: exit status 2 */
	ERG_EGRAPHVIZ = -4, /* Graphviz failed to lay out or render: exit 2 */
} erg_error_code;

/** The message of the last failure in this process; never NULL. */
ERG_API const char *erg_error_last(void);

/** Severity of a diagnostic passed to an erg_diag_fn. */
typedef enum {
	ERG_DIAG_WARNING,
	ERG_DIAG_ERROR,
	ERG_DIAG_NOTE,    /* what was done and how long it took (verbose) */
} erg_diag_level;

/**
 * Receives every diagnostic while loading.  `msg` names the place first,
 * as "FILE:LINE:COL: text" or "FILE: json.path: text", and may hold more
 * lines (the source line and a caret).  It is only valid during the call.
 */
typedef void (*erg_diag_fn)(void *ctx, erg_diag_level level, const char *msg);

/* ------------------------------------------------------------------ */
/* Graph                                                               */

/** An entity-relationship graph: what loading builds and renderers read. */
typedef struct erg_graph erg_graph;

/** Input formats; ERG_FORMAT_AUTO detects from the name and the content. */
typedef enum {
	ERG_FORMAT_AUTO = 0,
	ERG_FORMAT_NATIVE,  /* ergraph annotation .json / .jsonl */
	ERG_FORMAT_GRAPH,   /* graph JSON written by ergraph */
	ERG_FORMAT_DOT,     /* DOT (ergraph's own or any Graphviz graph) */
	ERG_FORMAT_LABELSTUDIO, /* Label Studio JSON export (a list of tasks) */
	ERG_FORMAT_DOCCANO,     /* doccano JSONL export */
	ERG_FORMAT_DOCRED,      /* DocRED / Re-DocRED JSON */
} erg_format;

/**
 * Limits on what one input may hold; each refusal names the limit and how
 * to raise it.  Defaults: ERG_LIMITS_INIT, as docs/cli.md lists them.
 */
typedef struct {
	size_t file_size;    /* bytes of one input file or text_file */
	int depth;           /* nesting of JSON arrays and objects (at most 1000) */
	long entities;       /* entities in one document */
	long relations;      /* relations in one document */
	size_t name_length;  /* bytes of one id, name or alias */
	/* Since version 4 of the options (0: the default).  The whole graph:
	 * every input so far, and all of a graph input (DOT, graph JSON). */
	long graph_entities;
	long graph_relations;
} erg_limits;

#define ERG_LIMITS_INIT {(size_t)256 << 20, 64, 10000, 100000, 1024, 200000, 500000}

typedef struct {
	unsigned int version;
	erg_format format;
	int strict;              /* warnings about content become errors */
	const char *since;       /* keep documents published on or after */
	const char *until;       /* ... and on or before (YYYY[-MM[-DD]]) */
	const char *vocabulary;  /* a JSON file extending the relation types */
	const char *map;         /* a JSON file mapping foreign labels (docs/formats.md) */
	int graphs_only;         /* refuse annotations: only graph JSON and DOT (merge) */
	/* Called after each document merged, with the count so far. */
	void (*progress)(void *ctx, size_t documents);
	erg_diag_fn diag;        /* NULL: diagnostics only reach erg_error_last */
	void *diag_ctx;
	erg_limits limits;       /* since version 2 */
	/*
	 * Since version 3.  0: check the documents of a JSON Lines file in
	 * a second thread when the machine has more than one core; 1: one
	 * thread; 2 or more: a second thread always.  The result and the
	 * messages are the same either way, and callbacks are only ever
	 * called from the calling thread.
	 */
	int threads;
	/*
	 * Since version 4: repeated messages are counted here and only the
	 * first few of a kind reach `diag` (erg_diag_summary_new); NULL:
	 * every message does.
	 */
	struct erg_diag_summary *summary;
} erg_load_options;

#define ERG_LOAD_OPTIONS_VERSION 4
#define ERG_LOAD_OPTIONS_INIT {ERG_LOAD_OPTIONS_VERSION, ERG_FORMAT_AUTO, 0, NULL, NULL, NULL, NULL, \
			       0, NULL, NULL, NULL, ERG_LIMITS_INIT, 0, NULL}

/*
 * Messages of one kind repeated across records: the same text at other
 * places ("FILE: relations[3].type: unknown relation type 'x' ..." in
 * many documents).  The first `shown` of a kind go to the diag callback
 * as they come; the others are counted, and erg_diag_summary_end() gives
 * one line for each kind that had more ("... in 1,657 relations of 640
 * documents, the first 3 shown").  Share one summary between the loads
 * of a run: the count spans them.
 */
typedef struct erg_diag_summary erg_diag_summary;

/** A new summary (free it with erg_diag_summary_free()); `shown` >= 1. */
ERG_API int erg_diag_summary_new(erg_diag_summary **out, unsigned int shown);
/** Messages held back so far (errors and warnings). */
ERG_API size_t erg_diag_summary_hidden(const erg_diag_summary *s);
/** Give `diag` one line for each kind that had messages held back, in
 *  the order the kinds first came, and start counting afresh. */
ERG_API void erg_diag_summary_end(erg_diag_summary *s, erg_diag_fn diag, void *ctx);
ERG_API void erg_diag_summary_free(erg_diag_summary *s);

/** Create an empty graph in *out; free it with erg_graph_free(). */
ERG_API int erg_graph_new(erg_graph **out);

/** Free a graph and everything it owns.  NULL is allowed. */
ERG_API void erg_graph_free(erg_graph *g);

/**
 * Read one input into `g`: a file, a directory (read recursively, in
 * sorted order) or "-" for standard input.  Annotation documents are
 * validated, merged into the graph and freed one at a time; graph JSON and
 * DOT inputs are merged node by node.  Every problem is passed to
 * opts->diag; the return is ERG_EINVALID when any error was found.  A
 * document with an error leaves nothing in the graph (of a graph input,
 * the node or edge with the error), so the graph of the others may be
 * rendered.  Call for each input, then erg_graph_finish().
 */
ERG_API int erg_graph_load(erg_graph *g, const char *path, const erg_load_options *opts);

/**
 * Tell what resolution decided across all inputs loaded so far: each
 * entity given two or more types (it takes the type most documents
 * give, docs/annotation-schema.md), one message each, and in one line
 * how many kb identifiers were read in their normal form.  Messages go
 * to opts->diag as warnings; with opts->strict the conflicts are errors
 * and the return is ERG_EINVALID.  Call after the last erg_graph_load()
 * and before erg_graph_finish().
 */
ERG_API int erg_graph_report(erg_graph *g, const erg_load_options *opts);

/**
 * Convert the documents of one input (a Label Studio, doccano or DocRED
 * file, or native files) into native annotation files in the folder
 * `dir`, one per document, plus ergraph-vocabulary.json naming the
 * relation types they use beyond the built-in ones.  Problems go to
 * opts->diag; returns ERG_EINVALID when any document had an error.
 */
ERG_API int erg_import(const char *path, const char *dir, const erg_load_options *opts);

/**
 * erg_import() of n inputs into one folder, as one run: file names are
 * unique across all of them, one ergraph-vocabulary.json declares what
 * they all use, and the files appear together once every input is read.
 */
ERG_API int erg_import_paths(const char *const *paths, size_t n, const char *dir,
			     const erg_load_options *opts);

/**
 * Resolve merged entities, fix canonical ids and sort nodes and edges.
 * Call once after the last erg_graph_load(); renderers need it.
 */
ERG_API int erg_graph_finish(erg_graph *g);

/** Number of nodes and edges of a finished graph. */
ERG_API size_t erg_graph_node_count(const erg_graph *g);
ERG_API size_t erg_graph_edge_count(const erg_graph *g);
/** Number of documents the graph was built from. */
ERG_API size_t erg_graph_document_count(const erg_graph *g);

/* ------------------------------------------------------------------ */
/* Filters                                                             */

typedef struct {
	unsigned int version;
	const char *types;      /* comma-separated entity types to keep */
	const char *relations;  /* comma-separated relation types to keep */
	const char *const *focus; /* NULL-terminated ids or names: keep their */
	int depth;              /* neighbourhood up to this many edges (default 1) */
	int min_weight;         /* drop edges supported by fewer documents */
	int max_nodes;          /* keep the best connected nodes (0: all) */
	erg_diag_fn diag;       /* told what --max-nodes dropped */
	void *diag_ctx;
} erg_filter_options;

#define ERG_FILTER_OPTIONS_VERSION 1
#define ERG_FILTER_OPTIONS_INIT {ERG_FILTER_OPTIONS_VERSION, NULL, NULL, NULL, 1, 0, 0, NULL, NULL}

/**
 * Make in *out a finished copy of `g` keeping what the filter selects.
 * Nodes left without an edge by a relation or weight filter are dropped.
 * The caller frees *out with erg_graph_free().
 */
ERG_API int erg_graph_filter(erg_graph **out, const erg_graph *g, const erg_filter_options *opts);

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

/** Output formats, chosen from the output file's extension. */
typedef enum {
	ERG_OUT_NONE = 0,
	ERG_OUT_DOT,   /* .dot .gv */
	ERG_OUT_SVG,   /* .svg */
	ERG_OUT_PNG,   /* .png */
	ERG_OUT_JSON,  /* .json: graph JSON */
	ERG_OUT_GRAPHML, /* .graphml: GraphML with typed attributes */
	ERG_OUT_GEXF,  /* .gexf: GEXF 1.2 with typed attributes */
	ERG_OUT_PDF,   /* .pdf: drawn by cairo, as the SVG */
	ERG_OUT_HTML,  /* .html: one page to explore the SVG and its evidence */
} erg_output_format;

/** The format named by a path's extension, or ERG_OUT_NONE. */
ERG_API erg_output_format erg_output_format_from_path(const char *path);

/** One output: where to write it ("-" for stdout) and in which format. */
typedef struct {
	const char *path;
	erg_output_format format;
} erg_output;

/** The highest PNG resolution erg_render() accepts. */
#define ERG_MAX_DPI 2400

typedef struct {
	unsigned int version;
	const char *engine;     /* dot neato fdp sfdp circo twopi; NULL: automatic */
	double dpi;             /* PNG resolution, 1 to ERG_MAX_DPI; 0: 96 */
	const char *id_prefix;  /* SVG id prefix; NULL: from the output name */
	const char *theme;      /* "default", "dark" or a theme JSON file */
	int legend;             /* draw a legend of the types shown */
	int fixed_size;         /* keep Graphviz's pt width/height in SVG */
	const char *layout_from; /* a DOT with positions (pos): pin nodes found there */
	erg_diag_fn diag;       /* warnings (engine choice, slow layouts) */
	void *diag_ctx;
	int verbose;            /* since version 2: notes of each step and its time */
	/* Since version 3 (0: the default): what a drawing (SVG, PNG, a
	 * diff's DOT) may hold, so that a layout cannot run for hours. */
	long draw_entities;
	long draw_relations;
} erg_render_options;

#define ERG_DRAW_ENTITIES 5000
#define ERG_DRAW_RELATIONS 100000
#define ERG_RENDER_OPTIONS_VERSION 3
#define ERG_RENDER_OPTIONS_INIT {ERG_RENDER_OPTIONS_VERSION, NULL, 0, NULL, NULL, 0, 0, NULL, NULL, NULL, 0, \
				 ERG_DRAW_ENTITIES, ERG_DRAW_RELATIONS}

/** Is `name` a layout engine erg_render() accepts ("auto" included)? */
ERG_API int erg_engine_known(const char *name);

/**
 * Write every output of `outs` from one finished graph, sharing one layout.
 * Each file is written to a temporary file beside it and renamed, so a
 * failure never leaves a truncated or half-old output behind.
 */
ERG_API int erg_render(const erg_graph *g, const erg_output *outs, size_t n,
		       const erg_render_options *opts);

/** Write the graph JSON of `g` to `f` (the bytes of a .json output). */
ERG_API int erg_graph_write_json(const erg_graph *g, FILE *f);

/* ------------------------------------------------------------------ */
/* Diff                                                                */

/** Two graphs compared: a list of deltas, as libgit2's git_diff. */
typedef struct erg_diff erg_diff;

typedef enum {
	ERG_DELTA_UNCHANGED = 0, /* only in the union graph */
	ERG_DELTA_ADDED = 1,
	ERG_DELTA_REMOVED = 2,
	ERG_DELTA_CHANGED = 3,
} erg_delta_kind;

/** One delta, as erg_diff_delta() reports it; the strings belong to the diff. */
typedef struct {
	erg_delta_kind kind;
	int is_edge;
	const char *id;      /* node: its id (the new one when renamed);
				edge: "source type target" */
	const char *old_id;  /* node: the old id when renamed, else NULL */
	size_t nchanges;     /* CHANGED: how many fields changed */
} erg_delta;

/**
 * Compare two finished graphs.  Entities are matched by id, then kb, then
 * a shared name or alias within one type (so a renamed entity is one
 * change, not a removal and an addition); edges by (source, type,
 * target) through that matching, symmetric ones in either direction.
 * The caller frees *out with erg_diff_free(); both graphs must outlive it.
 */
ERG_API int erg_diff_graphs(erg_diff **out, const erg_graph *old_graph, const erg_graph *new_graph);
ERG_API void erg_diff_free(erg_diff *d);
/** Number of deltas (0: the graphs are the same). */
ERG_API size_t erg_diff_delta_count(const erg_diff *d);
/** The i-th delta: nodes first, then edges, each sorted by id. */
ERG_API int erg_diff_delta(const erg_diff *d, size_t i, erg_delta *out);

/** Text like git diff, or with `stat` only the counts.  Labels name the sides. */
ERG_API int erg_diff_write_text(const erg_diff *d, FILE *f, int stat, const char *old_label,
				const char *new_label);
/**
 * Write diff outputs: .json is the diff JSON; .dot .svg .png .pdf draw the
 * union of both graphs coloured by change, with a legend; .graphml and .gexf
 * hold the union with each entity's and relation's change.
 */
ERG_API int erg_diff_render(const erg_diff *d, const erg_output *outs, size_t n,
			    const erg_render_options *opts, const char *old_label,
			    const char *new_label);

/** Which parts erg_stats_write() prints. */
typedef enum {
	ERG_STATS_COUNTS = 1,
	ERG_STATS_TOP = 2,
	ERG_STATS_MERGES = 4,
	ERG_STATS_CONFLICTS = 8,  /* conflicts across documents and how they were resolved */
	ERG_STATS_ALL = 15,
	ERG_STATS_JSON = 16,      /* only the conflicts, as JSON */
} erg_stats_flags;

/**
 * Print counts per type, the best connected entities, the merges and the
 * conflicts resolved; with ERG_STATS_JSON only the conflicts, as JSON
 * (docs/cli.md, "ergraph stats").
 */
ERG_API int erg_stats_write(const erg_graph *g, FILE *f, unsigned int flags, int top);

/**
 * Print why the entity `id` (an id, a merged-away id or a name) is what it
 * is: the ids, names and documents merged into it, and how.
 */
ERG_API int erg_explain_write(const erg_graph *g, const char *id, FILE *f);

/**
 * Write `len` bytes to `path` through a temporary file in the same folder
 * and rename(2), so readers never see a half-written file; "-" is stdout.
 */
ERG_API int erg_write_file(const char *path, const void *data, size_t len);

/**
 * Remove every temporary output file not yet renamed over its output.
 * Async-signal-safe: for a handler of SIGINT or SIGTERM, which should then
 * re-raise the signal.  Outputs are changed with those signals blocked,
 * and threads the library starts never take them.
 */
ERG_API void erg_remove_temporaries(void);

/** Release process-wide state (the Graphviz context).  Call before exit. */
ERG_API void erg_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
