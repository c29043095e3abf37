/*
 * internal.h - what the modules of libergraph share and nobody else sees.
 */
#ifndef ERG_INTERNAL_H
#define ERG_INTERNAL_H

#include "ergraph.h"

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#if defined(__GNUC__)
#define ERG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ERG_PRINTF(f, a)
#endif

/* Files the user does not name as inputs (themes, vocabularies, maps). */
#define ERG_MAX_FILE_SIZE ((size_t)256 << 20)

/* ---- error.c ---------------------------------------------------- */

/** Set the last error message and return `code` (for `return erg_fail(...)`). */
int erg_fail(int code, const char *fmt, ...) ERG_PRINTF(2, 3);
/** Report an out-of-memory failure: returns ERG_ESYS. */
int erg_nomem(void);

/* ---- util.c: growable string --------------------------------------- */

typedef struct {
	char *ptr;  /* always NUL-terminated once anything was added */
	size_t len, cap;
	bool failed; /* an allocation failed: empty, and failing until freed */
} erg_buf;

#define ERG_BUF_INIT {NULL, 0, 0, false}

/** Make room for `more` bytes after what b holds (and a NUL). */
int erg_buf_reserve(erg_buf *b, size_t more);
int erg_buf_put(erg_buf *b, const char *s, size_t n);
int erg_buf_puts(erg_buf *b, const char *s);
int erg_buf_printf(erg_buf *b, const char *fmt, ...) ERG_PRINTF(2, 3);
int erg_buf_vprintf(erg_buf *b, const char *fmt, va_list ap);
/** Hand the string over to the caller (who frees it); the buffer is reset.
 *  NULL when any allocation of the buffer failed. */
char *erg_buf_detach(erg_buf *b);
void erg_buf_free(erg_buf *b);

/** qsort that accepts an empty (NULL) array, which qsort itself does not. */
void erg_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
/** Byte order of two strings an array holds (char *), for erg_sort. */
int erg_cmp_str(const void *a, const void *b);

/** strdup that sets the last error on failure. */
char *erg_strdup(const char *s);
/**
 * Widen the span [*first, *last] (owned strings, NULL: open) to take in
 * f and l (either may be NULL), comparing as strings: dates sort so.
 */
int erg_minmax(char **first, char **last, const char *f, const char *l);
/** Allocators that never return NULL for a zero size. */
void *erg_calloc(size_t n, size_t size);
void *erg_reallocarray(void *p, size_t n, size_t size);

/* ---- util.c: sorted set of owned strings ---------------------------- */

typedef struct {
	char **v;
	size_t n, cap;
} erg_strset;

/** Add a copy of s; returns 1 if added, 0 if present, <0 on failure. */
int erg_strset_add(erg_strset *s, const char *str);
bool erg_strset_has(const erg_strset *s, const char *str);
int erg_strset_union(erg_strset *dst, const erg_strset *src);
void erg_strset_remove(erg_strset *s, const char *str);
void erg_strset_free(erg_strset *s);

/* ---- util.c: string-keyed hash map (values are borrowed) ----------- */

typedef struct {
	char **keys;   /* owned copies */
	void **vals;
	uint64_t *hashes;
	size_t n, cap; /* cap is 0 or a power of two */
} erg_map;

void *erg_map_get(const erg_map *m, const char *key);
/** erg_map_get of the key a followed by b, without making it. */
void *erg_map_get2(const erg_map *m, const char *a, const char *b);
/** erg_map_put of the key a followed by b. */
int erg_map_put2(erg_map *m, const char *a, const char *b, void *val);
/** Insert or replace. */
int erg_map_put(erg_map *m, const char *key, void *val);
void erg_map_free(erg_map *m);

/* ---- util.c: UTF-8, dates, URLs, files ------------------------------ */

/**
 * Check that buf[0..len) is valid UTF-8 without NUL bytes.  On failure
 * *bad is the offset of the first offending byte.
 */
bool erg_utf8_valid(const char *buf, size_t len, size_t *bad);
/** Are the `len` bytes of s all ASCII? */
bool erg_ascii_only(const char *s, size_t len);

/*
 * ASCII's letters and digits, whatever the locale: what goes into keys,
 * ids and slugs must not change with a library user's setlocale() (in a
 * Latin-1 locale isalnum() takes the lead byte of a UTF-8 letter).
 */
static inline bool erg_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* JSON's white space (RFC 8259: space, tab, line feed, carriage return). */
static inline bool erg_json_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static inline char erg_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/** A copy of the code points [start, end) of valid UTF-8 text (caller frees). */
char *erg_utf8_slice(const char *text, size_t start, size_t end);
/** Number of code points in valid UTF-8. */
size_t erg_utf8_length(const char *s, size_t len);
/** Line and column (1-based, column in code points) of byte `off`. */
void erg_text_position(const char *buf, size_t off, int *line, int *col);
/** YYYY, YYYY-MM or YYYY-MM-DD with a real month and day. */
bool erg_date_valid(const char *s);
/** The length of a name, or SIZE_MAX when it holds a control character. */
size_t erg_name_length(const char *s);
/**
 * The URL in RFC 3986's normal form: every byte it does not allow raw
 * (quotes, '<', '>', spaces, backslashes, controls, non-ASCII, a '%' not
 * starting an escape) percent-encoded.  Idempotent.  Caller frees; NULL
 * when out of memory.
 */
char *erg_url_normal(const char *url);
/**
 * Whether the normal form of url (erg_url_normal) is an http(s) URL or a
 * relative reference other than "//host": safe to link from a page.
 */
bool erg_url_safe(const char *url);
/**
 * What an entity id may not hold, or NULL: a backslash (ids are DOT node
 * names), or what Graphviz would copy into SVG titles and comments as it
 * is and XML refuses there: "&...;" (a reference), a control character,
 * U+FFFE or U+FFFF.  A static phrase for "an id may not contain %s".
 */
const char *erg_id_flaw(const char *id);
/** Does s start with U+FFFE or U+FFFF (valid UTF-8, but no XML character)? */
static inline bool erg_xml_nonchar(const char *s)
{
	return (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbf &&
	       ((unsigned char)s[2] == 0xbe || (unsigned char)s[2] == 0xbf);
}
/**
 * A type or relation name: a letter, then letters, digits, '_' and '-',
 * in NFC and case-folded ("leader_of", "人物", "организация").
 */
bool erg_word_valid(const char *s);
/**
 * A label's letters and digits as a word: NFC case-folded, the runs of
 * anything else one '_' ("Head of State" -> "head_of_state"); "" when it
 * has none.  It may still start with a digit: check erg_word_valid.
 * Caller frees; NULL: out of memory.
 */
char *erg_word_from(const char *label);
/**
 * Append s as a CSS class name: ASCII letters, digits, '_' and '-' as
 * they are, any other character as 'U' and six upper-case hex digits of
 * its code point ("人物" -> "U004EBAU007269").  Types are lower case, so
 * two types never share a class.
 */
int erg_class_text(erg_buf *b, const char *s);

/**
 * Parse exactly one JSON value filling buf[0..len) (white space around it
 * allowed).  On failure returns NULL with *err at the offending byte, or
 * ERG_JSON_NOMEM (and "out of memory" as the last error) when cJSON could
 * not allocate: not a syntax error, and not the input's fault.  A
 * \u0000 escape fails too (cJSON would end the string there), *err at
 * its backslash.
 */
cJSON *erg_json_parse(const char *buf, size_t len, size_t *err);
/** The offset of the first \u0000 escape in JSON text that parses, or SIZE_MAX. */
size_t erg_json_nul_escape(const char *buf, size_t len);
#define ERG_JSON_NOMEM SIZE_MAX

/**
 * Read a whole file ("-" is stdin) into *out (caller frees); *len set.
 * A file larger than `max` bytes is ERG_EINVALID, naming the limit.
 */
int erg_read_file(const char *path, size_t max, char **out, size_t *len);
/**
 * erg_read_file into b (replacing what it held; NUL-terminated), which
 * keeps its room for the next file: loading many files reuses one buffer
 * instead of a large allocation and free a file.
 */
int erg_read_file_into(const char *path, size_t max, erg_buf *b);
/**
 * Is the JSON in buf[0..len) nested deeper than `max` arrays and objects?
 * Then *where is the byte that opens the first level too deep.
 */
bool erg_json_too_deep(const char *buf, size_t len, int max, size_t *where);

/** util.c: the key names are compared by: NFKC case-folded (ASCII: lower case),
 *  spaces folded, no dots, no leading "the " (caller frees). */
char *erg_name_key(const char *name);
/** The name erg_name_key_into() reads: name itself when ASCII, else its
 *  NFKC case fold in *own (caller frees); NULL: out of memory. */
const char *erg_name_folded(const char *name, char **own, size_t *len);
/** The key of a folded name into out (strlen(name) + 1 bytes); its length. */
size_t erg_name_key_into(const char *name, char *out);

/* ---- output.c: outputs that appear whole or not at all ------------ */

/** One output being written: stream into `f`, then commit or discard. */
typedef struct {
	char *path;       /* a copy of the path given; "-" is stdout */
	char *tmp;        /* the temporary file beside it (owned by output.c's list), or NULL */
	FILE *f;
} erg_out;

/** Start writing `path` (a temporary file beside it, or in place). */
int erg_out_open(erg_out *o, const char *path);
/** The output's name in messages: its path, or "standard output". */
const char *erg_out_name(const erg_out *o);
/** Flush and close; a write error (a full disk) is reported here. */
int erg_out_close(erg_out *o);
/** Close and rename the temporary file over the output. */
int erg_out_commit(erg_out *o);
/** Close and remove the temporary file: the old output stays. */
void erg_out_discard(erg_out *o);
/** Close all n, and only when every one was written rename them all. */
int erg_out_commit_all(erg_out *outs, size_t n);
/**
 * Block SIGINT, SIGTERM and SIGHUP in the calling thread (*old gets the
 * mask before): threads other than the main one run so, and output.c
 * changes its list of temporary files so.
 */
void erg_signals_block(sigset_t *old);


/* ---- vocab.c ---------------------------------------------------- */

typedef struct erg_reltype {
	char *name;
	bool symmetric;
	erg_strset sources;  /* allowed source entity types; empty: any */
	erg_strset targets;
	char *description;
} erg_reltype;

typedef struct {
	erg_reltype *v;
	size_t n;
} erg_vocab;

int erg_vocab_init(erg_vocab *vocab, const char *file);
/** Add one relation type without constraints (an imported label). */
int erg_vocab_add(erg_vocab *vocab, const char *name);
/** Allow these endpoint types for a known relation type (NULL: leave). */
int erg_vocab_allow(erg_vocab *vocab, const char *name, const char *source, const char *target);
/** Add the relation types of a vocabulary file. */
int erg_vocab_extend(erg_vocab *vocab, const char *file);
const erg_reltype *erg_vocab_find(const erg_vocab *vocab, const char *name);

/**
 * Which of two entity types wins a tie: negative when a does, positive
 * when b does, 0 when they are the same.  Built-in types in their order
 * of precedence (the more specific first), then every other type in
 * byte order, then `entity`.
 */
int erg_type_precedence(const char *a, const char *b);
void erg_vocab_free(erg_vocab *vocab);

/* ---- pool.c: interned strings --------------------------------------- */

/** FNV-1a of s[0..len): the pool's hash, and the documents' and a document's ids'. */
uint32_t erg_hash32(const char *s, size_t len);

/** Strings kept once each, named by a number (0 names none). */
typedef struct {
	char **str;        /* by number; stable while the pool lives */
	uint32_t *hash;    /* by number */
	uint32_t n, cap;
	uint32_t *slots;   /* open addressing: numbers, 0 empty */
	size_t nslots;
	char *chunk;       /* where new strings go */
	size_t used, size;
	char **chunks;
	size_t nchunks;
} erg_pool;

/** The number of s[0..len), added if new; 0 when out of memory. */
uint32_t erg_pool_add(erg_pool *p, const char *s, size_t len);
/** erg_pool_add of a NUL-terminated string; 0 for NULL too. */
uint32_t erg_pool_addz(erg_pool *p, const char *s);
/** The number of s[0..len), or 0 when it is not in the pool. */
uint32_t erg_pool_find(const erg_pool *p, const char *s, size_t len);
/** The pool's copy of s (NULL for NULL, and when out of memory). */
const char *erg_pool_intern(erg_pool *p, const char *s);
static inline const char *erg_pool_str(const erg_pool *p, uint32_t k)
{
	return k ? p->str[k] : NULL;
}
void erg_pool_free(erg_pool *p);

/* ---- store.c: the provenance store ------------------------------------- */

typedef struct erg_store erg_store;

int erg_store_new(erg_store **out);
void erg_store_free(erg_store *s);
/** A new empty object; its number in *out. */
int erg_store_object(erg_store *s, uint32_t *out);
/** Append a record to an object. */
int erg_store_append(erg_store *s, uint32_t obj, const void *rec, size_t len);
/** Nothing more is appended for a while: once the store uses its file,
 * every buffer goes there and memory is freed for reading back. */
int erg_store_settle(erg_store *s);
/** Append an object's records, oldest first, to out. */
int erg_store_read(const erg_store *s, uint32_t obj, erg_buf *out);
/** Bytes of an object's records. */
size_t erg_store_size(const erg_store *s, uint32_t obj);
/** The bytes of records it keeps in memory (ERG_STORE_BUDGET sets it). */
size_t erg_store_budget(const erg_store *s);

/**
 * Where an object's blocks lie, oldest first: what erg_store_read_at()
 * needs to read a piece of an object too large to read whole.  Valid
 * while nothing is appended to the object.  Start from {0}; free with
 * erg_store_blocks_free().
 */
typedef struct {
	uint32_t obj;
	uint64_t *at;     /* log offset of each block's records */
	uint64_t *start;  /* the offset in the object where each block begins */
	size_t n, cap;
} erg_store_blocks;

int erg_store_blocks_of(const erg_store *s, uint32_t obj, erg_store_blocks *b);
/** len bytes of b's object from offset off (which must lie inside it) into dst. */
int erg_store_read_at(const erg_store *s, const erg_store_blocks *b, uint64_t off, void *dst, size_t len);
void erg_store_blocks_free(erg_store_blocks *b);
/** Append a record to the plain log; *off finds it again. */
int erg_store_put(erg_store *s, const void *rec, uint32_t len, uint64_t *off);
/** The record at off, in out (replacing what it held). */
int erg_store_get(const erg_store *s, uint64_t off, erg_buf *out);

/* ---- graph.c: the model ----------------------------------------- */

/** Attribute values: key -> set of distinct string values. */
typedef struct {
	char *key;
	erg_strset values;
} erg_attr;

typedef struct {
	erg_attr *v;
	size_t n, cap;
} erg_attrs;

/** Add a value to key (value NULL: only make sure the key is there). */
int erg_attrs_add(erg_attrs *a, const char *key, const char *value);
const erg_attr *erg_attrs_get(const erg_attrs *a, const char *key);
int erg_attrs_union(erg_attrs *dst, const erg_attrs *src);
void erg_attrs_free(erg_attrs *a);

/** Why two records became one node: kept for stats --merges and explain. */
typedef struct {
	const char *what;   /* the id merged in */
	const char *how;    /* "same kb wikidata:Q1", "same name \"X\"", ... */
	const char *where;  /* the place it was found */
} erg_merge;

/*
 * A corpus: the documents read, the strings they use, and the store of
 * what they said about each node and edge.  A graph owns one; its
 * filtered copies share it (counted references), and a diff's union graph
 * points into the corpora of both sides.
 */
/** A document's metadata, as erg_graph_doc() reads it back. */
typedef struct {
	const char *id, *title, *source, *published;
	const char *origin;  /* where it was read, for a duplicate id's message */
} erg_docinfo;

/* One a document of the corpus: 16 bytes, as a corpus can have millions. */
typedef struct {
	uint32_t id;             /* where its id starts in the corpus's `ids` */
	uint32_t published;      /* pool number, 0: undated */
	uint64_t meta : 62;      /* title, source, origin: a record in the store's log */
	uint64_t listed : 1;     /* in the documents table (has metadata), not only named */
	uint64_t linkable : 1;   /* its source is a URL that is safe to link */
} erg_doc;

typedef struct erg_corpus {
	int refs;
	erg_pool pool;
	erg_store *store;
	erg_doc *docs;      /* by document number, in the order read */
	uint32_t ndocs, capdocs;
	/* The documents' ids, kept apart from the pool: a corpus can have
	 * millions, and here one costs its bytes and two slots. */
	char *ids;          /* every id with its NUL, one after another */
	size_t idsused, idscap;
	uint32_t *idslots;  /* open addressing on the ids: document number + 1, 0 empty */
	uint32_t nidslots;
	uint32_t *rank;     /* after finish: document number -> rank by id */
	uint32_t *byrank;   /* ... and back */
	uint32_t ranked;    /* documents ranked */
	uint32_t nlisted;   /* documents in the documents table */
	erg_buf docbuf;     /* erg_graph_doc()'s answer */
	erg_docinfo docinfo;
} erg_corpus;

/* Which lists of its object a store record adds to. */
enum { ERG_REC_DOC = 1, ERG_REC_DATE = 2, ERG_REC_EVIDENCE = 4, ERG_REC_TEXT = 8 };

/* A store record of a node: a document gave this id and name. */
typedef struct {
	uint32_t doc;    /* document number + 1, or 0 */
	uint32_t id;     /* pool number of the id it gave, or 0 */
	uint32_t name;   /* pool number of the name it gave, or 0 */
	uint32_t flags;  /* ERG_REC_DOC: the document supports the node */
} erg_node_record;

/* ... of an edge: a document supports it, on a date, with evidence. */
typedef struct {
	uint32_t doc;    /* document number + 1, or 0 */
	uint32_t date;   /* pool number, or 0 */
	uint32_t flags;  /* ERG_REC_*: which lists it adds to */
	uint32_t len;    /* bytes of evidence text that follow (ERG_REC_TEXT) */
} erg_edge_record;

/** An id or a name and how many documents gave it (after finish). */
typedef struct {
	const char *key;
	uint32_t docs;
} erg_keycount;

/** The first two kb groups that gave an id or a name, and where. */
typedef struct erg_claim {
	struct erg_node *node[2];
	const char *place[2];     /* interned */
	const char *key;          /* interned */
} erg_claim;

/** A type an entity was given and how many documents gave it. */
typedef struct {
	const char *type;         /* interned */
	const char *first;        /* interned: the place of the first record of it read */
	uint32_t first_doc;       /* ... its document number + 1, 0 for a graph's node */
	uint32_t docs;            /* documents that gave it */
	uint32_t last_doc;        /* while loading: the newest document counted */
} erg_type_count;

typedef struct erg_node {
	struct erg_node *parent;  /* union-find; NULL for a representative */
	const char *id;           /* canonical id: used by most documents */
	const char *type;
	const char *name;         /* the name most documents give */
	const char *kb;
	const char *origin;       /* where it was first declared (for errors) */
	erg_corpus *corpus;       /* whose pool and store (all strings interned there) */
	uint32_t *objs;           /* its store objects: its own and those merged in */
	uint32_t nobjs;
	uint32_t ndocs;           /* distinct documents (after finish) */
	erg_keycount *ids, *names; /* after finish: each id and name given, by key */
	uint32_t nids, nnames;
	erg_strset idset;         /* while loading: the ids it was given */
	const char *last_id, *last_name; /* while loading: the newest record's, interned, */
	uint32_t last_idnum, last_namenum; /* ... and their pool numbers */
	bool settled;             /* id, name and counts are final */
	erg_strset aliases;
	long mentions;
	const char *first_seen, *last_seen;
	erg_attrs attrs;
	erg_merge *merges;
	size_t nmerges;
	erg_type_count *types;    /* every type given; more than one is a conflict */
	uint32_t ntypes;
	char conflict_kind;       /* 'i' or 'k': the key two types shared, ... */
	const char *conflict_value; /* ... and its value (interned), or NULL */
	/* Records without a kb that share an id or name with kb groups: the
	 * two groups of smallest kb, the key and where each gave it. */
	struct erg_node *attach[2];
	const char *attach_key[2], *attach_place[2], *attach_kb[2];
	bool derived_id;          /* id is ID~KB: another entity has ID ... */
	const char *shared_id;    /* ... this one, for stats --conflicts */
	size_t index;             /* position in the finished node array */
	unsigned char mark;       /* scratch for filters */
	unsigned char status;     /* in a diff's union graph: an erg_delta_kind */
} erg_node;

typedef struct erg_edge {
	erg_node *source, *target;
	const char *type;
	bool directed;
	bool recount;             /* ndocs must be counted again at finish */
	unsigned char status;     /* in a diff's union graph: an erg_delta_kind */
	erg_corpus *corpus;
	uint32_t *objs;           /* its store objects (edges merged at finish) */
	uint32_t nobjs;
	uint32_t ndocs;           /* distinct documents: the weight */
	uint32_t last_doc;        /* the newest document counted */
	const char *first_seen, *last_seen;
	erg_attrs attrs;
} erg_edge;


struct erg_graph {
	erg_corpus *corpus;
	erg_node **nodes;   /* every record; after finish only representatives */
	size_t nnodes, capnodes;
	erg_node **dead;    /* after finish: records merged into others */
	size_t ndead;
	erg_edge **edges;
	size_t nedges, capedges;
	erg_map keys;       /* "k:kb", and "i:id", "n:type\x1fname" of records
			     * without a kb -> node */
	erg_map claims;     /* "i:id", "n:type\x1fname" of records with a kb -> erg_claim */
	struct erg_claim **claimv; /* every claim, in the order made (owned) */
	size_t nclaims;
	bool attached;      /* records without a kb joined their kb group */
	erg_edge **edgeset; /* while loading: edges by (source, type, target), open addressing */
	size_t nedgeset, capedgeset;
	erg_vocab vocab;
	bool vocab_loaded;
	bool finished;
	bool over_limit;    /* past graph-entities or graph-relations, said once: no more merges */
	bool is_diff;       /* a union graph drawn by change status */
	const char *last_date; /* the newest date interned (documents give one for all their records) */
	const char *last_reltype; /* ... and relation type */
	size_t kb_normalised;  /* records whose kb was written in another form */
	const char *kb_first[3]; /* the first of them: place, kb as written, normal form */
};

/** Everything a loader knows of one node, from any input format. */
typedef struct {
	const char *id, *type, *name, *kb;
	const cJSON *aliases;     /* array of strings, or NULL */
	const cJSON *names;       /* more names (graph inputs), or NULL */
	uint32_t doc;             /* one supporting document (number + 1), or 0 */
	const cJSON *documents;   /* array of document ids, or NULL */
	long mentions;
	const char *first_seen, *last_seen;
	const cJSON *attributes;  /* object of strings or arrays of strings */
	const cJSON *id_docs;     /* graph inputs: {id: [documents]}, or NULL */
	const cJSON *name_docs;   /* graph inputs: {name: [documents]}, or NULL */
	const cJSON *type_docs;   /* graph inputs: {type: documents}, or NULL */
	const char *place;        /* "FILE: entities[3]" for messages */
	int place_entity;         /* N + 1: the place is "PLACE: entities[N]", made only
				   * when needed (most records merge without a word) */
} erg_node_rec;

/** A piece of text that need not end in a NUL (text NULL: none). */
typedef struct {
	const char *text;
	size_t len;
} erg_text;

/** One piece of evidence of an edge. */
typedef struct {
	const char *document, *text, *date;  /* text and date may be NULL */
} erg_evidence;

/** Everything a loader knows of one edge. */
typedef struct {
	erg_node *source, *target;
	const char *type;
	uint32_t doc;             /* one supporting document (number + 1), or 0 */
	const cJSON *documents;   /* array of document ids, or NULL */
	const cJSON *evidence;    /* [{document, text, date}] (graph inputs) */
	const erg_text *spans;    /* the evidence texts of `doc` (annotations) */
	size_t nspans;
	const char *date;         /* a relation's date (native form) */
	const cJSON *dates;       /* the dates of a graph edge */
	bool directed;
	const char *first_seen, *last_seen;
	const cJSON *attributes;
} erg_edge_rec;

/**
 * Merge one node record into the graph, resolving it against what is there
 * by kb, id and normalised name.  *out is the (representative) node.
 * Conflicts (two types, the same id with two kb) are not errors here:
 * erg_graph_report() tells them once everything is read.
 */
int erg_graph_add_node(erg_graph *g, const erg_node_rec *rec, erg_node **out);

/**
 * The normal form of a kb identifier (docs/annotation-schema.md, "kb
 * identifiers"): surrounding white space trimmed, English Wikipedia
 * links as wikipedia:Title, Wikidata items as wikidata:Q123.  The
 * caller frees it; NULL when out of memory.
 */
char *erg_kb_normal(const char *kb);

/**
 * The type of a node given more than one: the one most documents gave,
 * ties by erg_type_precedence().  Sorts n->types that way (the winner
 * first) and sets n->type.
 */
const char *erg_node_settle_type(erg_node *n);

/**
 * Join each entity whose records have no kb to the one kb group that
 * gives one of its ids or names; one that two kb groups give stays
 * apart.  Depends only on what was read, not on its order.  Called by
 * erg_graph_report() and erg_graph_finish(); again only after more was
 * loaded.
 */
int erg_graph_attach(erg_graph *g);
/** Merge one edge record. */
int erg_graph_add_edge(erg_graph *g, const erg_edge_rec *rec);
/**
 * Record a document's metadata; a duplicate id is an error for corpora,
 * for graphs (allow_dup) one of the two is kept.  *num (if not NULL) is
 * its number + 1, for the records' `doc`.  A source that may be linked
 * (erg_url_safe) is kept in its normal form (erg_url_normal).
 */
int erg_graph_add_document(erg_graph *g, const erg_docinfo *doc, bool allow_dup, uint32_t *num);
/** The number + 1 of the document `id`, added without metadata if new; 0 on failure. */
uint32_t erg_graph_document(erg_graph *g, const char *id);
/** Is a document of this id in the graph already? */
bool erg_graph_has_document(const erg_graph *g, const char *id);
/** The metadata of document number `num` (0-based), valid until the next call. */
const erg_docinfo *erg_graph_doc(const erg_graph *g, uint32_t num);
/** ... of a corpus's document. */
const erg_docinfo *erg_corpus_doc(erg_corpus *c, uint32_t num);
/** ... of the document `id`, or NULL. */
const erg_docinfo *erg_graph_docinfo(const erg_graph *g, const char *id);
/** The earliest and latest publication dates of a finished graph's documents. */
void erg_graph_published(const erg_graph *g, const char **first, const char **last);
/** Append a node record (the graph takes it). */
int erg_graph_push_node(erg_graph *g, erg_node *n);
/** Widen [*first, *last] to take in f and l (interned or NULL). */
void erg_span(const char **first, const char **last, const char *f, const char *l);
/** Append from[0..count) to a node's or edge's store objects *objs (*n of them). */
int erg_objs_append(uint32_t **objs, uint32_t *n, const uint32_t *from, uint32_t count);
/** A new empty node of g with a store object of its own. */
int erg_graph_new_node(erg_graph *g, erg_node **out);
/** Copies into `dst` (made by erg_graph_share, not finished) of a finished graph's parts. */
int erg_graph_copy_node(erg_graph *dst, const erg_node *n, erg_node **out);
int erg_graph_copy_edge(erg_graph *dst, const erg_edge *e, erg_node *source, erg_node *target);
/** A new empty graph that shares g's corpus (documents and store). */
int erg_graph_share(erg_graph **out, const erg_graph *g);
/** Add the listed documents of g to dst (nothing when they share a corpus). */
int erg_graph_copy_documents(erg_graph *dst, const erg_graph *g);
/** The node an id refers to (following merges), or NULL. */
erg_node *erg_graph_find_id(const erg_graph *g, const char *id);
/** The representative of n's entity: the root of its union-find tree. */
erg_node *erg_node_find(erg_node *n);
/** What the graph's drawings are titled: "Entity-relationship graph: 8
 *  entities, 10 relations from 4 documents" (caller frees; NULL: no memory). */
char *erg_graph_title(const erg_graph *g);
/** Make sure the vocabulary is loaded (built-ins plus an optional file). */
int erg_graph_vocab(erg_graph *g, const char *file);
/** Intern s in g's pool (NULL for NULL; sets the error when out of memory). */
const char *erg_graph_intern(erg_graph *g, const char *s);
/** erg_graph_intern, skipped when s is *last (the one interned before): a
 *  document gives one date and few types for all its records. */
static inline const char *erg_graph_intern_again(erg_graph *g, const char **last, const char *s)
{
	if (s && (!*last || strcmp(*last, s) != 0))
		*last = erg_graph_intern(g, s);
	return s ? *last : NULL;
}

/** Attributes from a JSON object of strings (or arrays of strings). */
int erg_attrs_from_json(erg_attrs *a, const cJSON *obj);
/** A JSON object of the attributes: one value as a string, more as an array. */
cJSON *erg_attrs_to_json(const erg_attrs *a);
/** A node's types as {type: documents} (caller deletes; NULL: no memory). */
cJSON *erg_types_to_json(const erg_node *n);
cJSON *erg_strset_to_json(const erg_strset *s);
/** A JSON array of v[0..n) (NULL when out of memory). */
cJSON *erg_strings_json(const char *const *v, size_t n);

/* ---- graph.c: provenance read back -------------------------------------- */

/** The documents that gave one id or name. */
typedef struct {
	const char *key;
	const char **docs;
	size_t ndocs;
} erg_keydocs;

/**
 * What the store holds of one finished node or edge: document ids sorted,
 * evidence sorted by (document, text, date) without repeats, dates sorted.
 * Filled by erg_prov_node() or erg_prov_edge(); everything in it is valid
 * until the next fill or erg_prov_free().  An edge's evidence is read one
 * piece at a time with erg_prov_evidence(): a relation that most of a
 * large corpus supports has more evidence text than should be in memory.
 * Start from ERG_PROV_INIT.
 */
typedef struct {
	const char **documents;
	const uint32_t *docnums;      /* their numbers in the corpus, for erg_corpus_doc() */
	size_t ndocuments;
	erg_keydocs *ids, *names;     /* nodes: by key */
	size_t nids, nnames;
	size_t nevidence;             /* edges: see erg_prov_evidence() */
	const char **dates;           /* edges */
	size_t ndates;
	uint32_t link;                /* node briefs: the document to link to, number + 1, or 0 */
	/* scratch, reused between fills */
	erg_buf raw;
	void *scratch;
	size_t scratch_cap;
	const char **strs;
	size_t strs_cap;
	erg_keydocs *keys;
	size_t keys_cap;
	uint32_t *nums;
	size_t nums_cap;
	/* an edge's lists while they are made, and where its texts are */
	const erg_edge *edge;
	bool pieces;                  /* its records were too many to read whole */
	erg_store_blocks *blocks;     /* then: one for each of its objects */
	size_t blocks_cap, nblocks;
	uint64_t *objstart;           /* where each object's records start among all of them */
	size_t objstart_cap;
	uint32_t *docv, *datev;
	size_t docv_cap, datev_cap, ndocv, ndatev;
	uint64_t *refs;               /* the evidence (graph.c: ev_ref) */
	size_t refs_cap, nrefs;
	erg_buf text, text2;          /* texts read back */
} erg_prov;

#define ERG_PROV_INIT {0}

int erg_prov_node(erg_prov *p, const erg_node *n);
int erg_prov_edge(erg_prov *p, const erg_edge *e);
/**
 * What a tooltip shows, in one pass over the records and without the
 * lists: ndocuments is the count of all documents but `documents` (and
 * docnums) holds the first ten, `dates` the first and the last
 * (ndates 0, 1 or 2), an edge's evidence only its first; a node's link.
 */
int erg_prov_node_brief(erg_prov *p, const erg_node *n);
int erg_prov_edge_brief(erg_prov *p, const erg_edge *e);
/** The i-th evidence of the edge last filled in; its text is valid until
 * the next call. */
int erg_prov_evidence(erg_prov *p, size_t i, erg_evidence *out);
void erg_prov_free(erg_prov *p);

/* What finish.c shares with graph.c's records and lists. */
/** A document's id by number. */
const char *erg_doc_id(const erg_corpus *c, uint32_t num);
/** Every record of objs read from the store into b (replacing what it held). */
int erg_read_objects(const erg_corpus *c, const uint32_t *objs, uint32_t n, erg_buf *b);
/** Sort and drop repeats; the new count. */
size_t erg_unique_u32(uint32_t *v, size_t n);
size_t erg_unique_u64(uint64_t *v, size_t n);
/** *p holding at least n items of sz bytes (*cap counts them); NULL: no memory. */
void *erg_grow(void **p, size_t *cap, size_t n, size_t sz);
void erg_edge_free(erg_edge *e);
/** Hand a node's records to take(), whole or a piece at a time (p lends
 *  the store blocks, raw the memory). */
int erg_node_records(erg_prov *p, erg_buf *raw, const erg_node *n,
		     void (*take)(void *ctx, const erg_node_record *r, size_t nrec), void *ctx);

/* ---- loaders ------------------------------------------------------ */

/** What a loader needs to report and to decide. */
typedef struct erg_load_ctx erg_load_ctx;

/** Where converted documents go: the graph (build) or files (import). */
typedef int (*erg_doc_sink)(void *ctx, erg_load_ctx *lctx, const cJSON *doc, const char *where);

struct erg_load_ctx {
	const erg_load_options *opts;
	const char *path;   /* as the user named it, for messages */
	int errors;         /* errors reported so far */
	int syserrors;      /* ... of them, inputs that could not be read */
	erg_graph *graph;   /* native documents merge here */
	erg_doc_sink sink;  /* converted documents go here */
	void *sink_ctx;
	bool importing;     /* erg_import: only foreign formats */
	erg_strset *declared; /* relation types converted documents declared */
	struct erg_json_arena *arena; /* the fast parser's trees, one document at a time */
	cJSON *cjson_tree;  /* the tree erg_load_parse() left to cJSON, if any */
	erg_buf *deferred;  /* a checking thread's: messages wait here (erg_diag_replay) */
	erg_buf *filebuf;   /* input files are read into this one buffer, or NULL */
	const char *basedir; /* the file being read: the folder its text_files are in */
	/* A converted document's places in its export (erg_docbuild_place);
	 * NULL for a native document, whose paths are its own. */
	bool (*foreign)(const void *foreign_ctx, const char *path, erg_buf *out);
	const void *foreign_ctx;
};

/* Messages: diag.h.  Limits, parsing and lines of an input: input.h. */

/**
 * Read a file, a folder (recursively; `depth` levels in already) or "-"
 * through ctx (load.c): native documents to ctx->sink, foreign ones
 * converted first.  Problems are reported and counted in ctx; the
 * return is 0, or ERG_ESYS to stop.
 */
int erg_load_path(erg_graph *g, erg_load_ctx *ctx, const char *path, int depth);

/* ---- checker.c: JSON Lines read in two threads -------------------------- */

/** Should a JSON Lines file of native documents be checked in a second thread? */
bool erg_checker_wanted(const erg_load_ctx *ctx);
/**
 * Merge the native documents of buf's lines into g, from *start (line
 * number *lineno before it), parsing and checking them in a second
 * thread, with every message and the graph as one thread would give.  It
 * stops at the first line that is not a native document, leaving *start
 * and *lineno there for the caller to go on with; at the end *start is
 * len.  0 or ERG_ESYS.  No thread: ERG_EUSAGE, nothing read.
 */
int erg_checker_run(erg_graph *g, erg_load_ctx *ctx, const char *buf, size_t len, size_t *start,
		    int *lineno);

/**
 * Validate one native document and merge it into g.  `where` names it in
 * messages ("FILE" or "FILE:LINE" for JSON Lines); text_file is relative
 * to `basedir`.  Errors are reported through ctx and counted there.
 */
int erg_load_native(erg_graph *g, erg_load_ctx *ctx, const cJSON *root, const char *where,
		    const char *basedir);

/*
 * erg_load_native in two steps: checking reads only the document, the
 * vocabulary and the options, and takes from the tree all that merging
 * needs; merging changes the graph.  The checked document borrows from
 * `root`, which must outlive the merge.
 */
typedef struct erg_checked erg_checked;

/** The schema's member names, NULL-terminated: the parser gives them as these pointers. */
extern const char *const erg_native_keys[];
/** A new arena for the trees of documents read (erg_native_keys given to it); NULL: no memory. */
struct erg_json_arena *erg_load_arena_new(void);

erg_checked *erg_checked_new(void);
int erg_native_check(erg_checked *c, erg_load_ctx *ctx, const erg_graph *g, const cJSON *root,
		     const char *where, const char *basedir);
int erg_native_merge(erg_checked *c, erg_graph *g, erg_load_ctx *ctx);
/** Let go of what the last check kept; the object can check again. */
void erg_checked_clear(erg_checked *c);
void erg_checked_free(erg_checked *c);
int erg_load_graphjson(erg_graph *g, erg_load_ctx *ctx, const cJSON *root);
/** Read a DOT graph (ergraph's own, or any other) into g (load_dot.c). */
int erg_load_dot(erg_graph *g, erg_load_ctx *ctx, const char *buf, size_t len);

/*
 * Checks of a graph read back (graph JSON or DOT), as strict as those of
 * annotations: names and ids (control characters, name-length), dates,
 * and document ids, which must be listed in the graph (read the
 * documents first).  Each error goes to ctx with its place and sets
 * rb->bad.  The form of a type word is the loaders' to check.
 */
typedef struct {
	erg_load_ctx *ctx;
	const erg_graph *g;
	const char *at;  /* the record: "nodes[3]" (graph JSON), "node 'a'" (DOT) */
	bool dot;        /* members are DOT attributes "erg_NAME", the id the node's name */
	bool label;      /* DOT: the name is the node's label (a foreign graph) */
	bool bad;
} erg_readback;

void erg_readback_document(erg_readback *rb, const erg_docinfo *d);
void erg_readback_node(erg_readback *rb, const erg_node_rec *rec);
void erg_readback_edge(erg_readback *rb, const erg_edge_rec *rec);
/** A count (mentions, weight): a whole number, 0 or more; false and an error if not. */
bool erg_readback_count(erg_readback *rb, const char *field, double v);

/* ---- theme.c -------------------------------------------------------- */

/*
 * The fonts of the built-in themes, as a fontconfig family list: pango
 * takes each character from the first family that has it, so Latin,
 * Cyrillic and Arabic come from DejaVu Sans and Chinese, Japanese and
 * Korean from WenQuanYi Zen Hei (DejaVu has no CJK).  Browsers read the
 * same string as a CSS font-family list in the SVG; the generic
 * sans-serif last is what one without either font uses.
 */
#define ERG_FONTS "DejaVu Sans,WenQuanYi Zen Hei,sans-serif"

typedef struct {
	char *shape, *style, *fillcolor, *color, *fontcolor, *fontname;
} erg_node_style;

typedef struct {
	char *color, *style, *fontcolor, *arrowhead;
} erg_edge_style;

typedef struct {
	char *name;
	char *bgcolor, *fontname, *fontcolor;
	erg_map nodes;  /* entity type -> erg_node_style */
	erg_map edges;  /* relation type -> erg_edge_style */
	erg_node_style node_default;
	erg_edge_style edge_default;
	bool dark;      /* the dark theme: its own palette */
} erg_theme;

/* How one relation type is drawn in one figure (strings borrowed from the theme). */
typedef struct {
	const char *color, *style, *fontcolor, *arrowhead;
	bool overflow;  /* past the palette: the shared style, told apart by its label */
} erg_edge_look;

/* Relation types a figure tells apart by style alone (6 colours, solid and dashed). */
#define ERG_STYLED_TYPES 12

int erg_theme_load(erg_theme **out, const char *name_or_file);
const erg_node_style *erg_theme_node(const erg_theme *t, const char *type);
/**
 * The look of relation type `type` in a figure where it is the rank-th
 * type (0 first) without a style of its own in the theme: the theme's
 * entry if it has one, else the rank-th palette style, past
 * ERG_STYLED_TYPES one shared style.  *out borrows t's strings.
 */
void erg_theme_look(const erg_theme *t, const char *type, size_t rank, erg_edge_look *out);
void erg_theme_free(erg_theme *t);

/* ---- import.c: what the importers share ---------------------------- */

/** How a foreign relation label maps: type, direction, endpoint types. */
typedef struct {
	char *type;
	bool reverse;             /* the label's head is ergraph's target */
	char *source_type;        /* retype the source entity (NULL: keep) */
	char *target_type;
} erg_relmap;

typedef struct {
	erg_map entities;         /* label -> type (char *) */
	erg_map relations;        /* label -> erg_relmap * */
	erg_map names;            /* DocRED: P-code -> relation name */
	erg_format format;
} erg_mapping;

/** Defaults for `fmt`, then the --map file over them. */
int erg_mapping_load(erg_mapping *m, erg_format fmt, const char *file);
void erg_mapping_free(erg_mapping *m);
/**
 * The entity type of a label (caller frees): mapped, else the label as a
 * lower-case word, with a warning at `place` ("FILE: PATH") the first
 * time a label has to change to be one.
 */
char *erg_mapping_entity(erg_load_ctx *ctx, erg_mapping *m, const char *label, const char *place);
/** The relation of a label: mapped, else the label (or its DocRED name) as a word, as above. */
int erg_mapping_relation(erg_load_ctx *ctx, erg_mapping *m, const char *label, const char *place,
			 erg_relmap *out);
void erg_relmap_free(erg_relmap *r);

/** One native document under construction (text inline). */
typedef struct erg_docbuild erg_docbuild;

erg_docbuild *erg_docbuild_new(const char *id, const char *text);
void erg_docbuild_free(erg_docbuild *b);
int erg_docbuild_meta(erg_docbuild *b, const char *key, const char *value);
/** The text's length in code points. */
size_t erg_docbuild_length(const erg_docbuild *b);
/** A new entity; its index in *out. */
int erg_docbuild_entity(erg_docbuild *b, const char *type, const char *name, int *out);
/** The entity of this type whose name normalises like `name`, or -1. */
int erg_docbuild_find(const erg_docbuild *b, const char *type, const char *name);
/** A mention [start, end) in code points; another surface form becomes an alias. */
int erg_docbuild_mention(erg_docbuild *b, int entity, size_t start, size_t end);
int erg_docbuild_set_type(erg_docbuild *b, int entity, const char *type);
int erg_docbuild_attribute(erg_docbuild *b, int entity, const char *key, const char *value);
/**
 * A relation as a mapping says: its type, ends swapped when `reverse`,
 * ends retyped when it names types.  `from` and `to` are the foreign
 * label's head and tail.  Its index in *out.
 */
int erg_docbuild_mapped_relation(erg_docbuild *b, erg_load_ctx *ctx, erg_mapping *m, const char *label,
				 const char *place, int from, int to, int *out);
/** A relation; its index in *out (evidence spans may follow). */
int erg_docbuild_relation(erg_docbuild *b, const char *type, int source, int target, int *out);
int erg_docbuild_evidence(erg_docbuild *b, int relation, size_t start, size_t end);
/** The native document (caller deletes): ids are "type:name-slug". */
cJSON *erg_docbuild_finish(erg_docbuild *b);
/*
 * Places in the export's own structure, for messages about the converted
 * document: `origin` ("FILE: " or "FILE:LINE: ") comes before each place;
 * each entity, mention, relation and evidence span made after
 * erg_docbuild_at() was found at `place` ("[29].annotations[0].result[1]").
 */
int erg_docbuild_origin(erg_docbuild *b, const char *origin);
int erg_docbuild_at(erg_docbuild *b, const char *place);
/**
 * The export's place of a path of the converted document ("entities[1].name"
 * -> "FILE: [29].annotations[0].result[1]: name") into out; false when
 * the path names nothing the export placed (the document's own fields).
 * An erg_load_ctx.foreign callback, with the builder as its context.
 */
bool erg_docbuild_place(const void *b, const char *path, erg_buf *out);

/** The string as a slug: lower-case ASCII, other ASCII to `sep`, runs folded. */
char *erg_slug(const char *s, char sep);
/**
 * The string as a file name slug (caller frees): ASCII and the letters of
 * a few scripts, lower-cased; format, bidi and combining characters and
 * any other character as a "-"; at most about 200 bytes.  No two slugs
 * are one name on a case- or normalisation-insensitive file system.
 */
char *erg_file_slug(const char *s);
/** A UTF-16 offset into text as a code point offset; -1 if it splits a pair. */
long erg_utf16_to_cp(const char *text, long u16);

typedef struct {
	erg_doc_sink sink;
	void *sink_ctx;
	erg_mapping *map;         /* learns the labels it turned into types */
} erg_import_ctx;

/**
 * Finish the document and give it to the sink as `where`, its messages
 * naming places in the export (erg_docbuild_place); b stays the caller's.
 */
int erg_docbuild_send(erg_docbuild *b, erg_load_ctx *ctx, const erg_import_ctx *ic, const char *where);

int erg_import_labelstudio(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *root);
int erg_import_doccano(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *line, int lineno);
int erg_import_docred(erg_load_ctx *ctx, const erg_import_ctx *ic, const cJSON *root);

/* ---- country.c: countries by name, short form and demonym -------------- */

/** One line of data/countries.tsv; the lists are comma-separated. */
typedef struct {
	const char *code;     /* ISO 3166-1 alpha-2 */
	const char *name;     /* the short name a report prints: "United States" */
	const char *names;    /* other names and short forms: "U.S.,USA,America" */
	const char *demonyms; /* "American,Americans" */
} erg_country;

extern const erg_country erg_countries[];
extern const size_t erg_ncountries;

/**
 * The country one of whose forms has this name key (erg_name_key) in
 * *out, with *demonym (may be NULL) saying whether the form is a
 * demonym: 1, or 0 when none has; ERG_ESYS when out of memory.
 */
int erg_country_find(const char *key, const erg_country **out, bool *demonym);

/* ---- gv.c: Graphviz's context, the graph drawn, DOT written ------------ */

/*
 * The one Graphviz context (load_dot.c parses DOT in it too): started
 * once (0 or ERG_EGRAPHVIZ), and what Graphviz said since the last
 * erg_gv_forget(), trimmed ("" when nothing).
 */
int erg_gv_start(void);
const char *erg_gv_said(void);
void erg_gv_forget(void);

/** A graph handed to Graphviz, with its drawing attributes. */
typedef struct erg_gv erg_gv;

/**
 * Make the Graphviz graph of g drawn with theme t (caller frees *out);
 * with `model`, the erg_* attributes that make its DOT lossless.
 */
int erg_gv_build(erg_gv **out, const erg_graph *g, const erg_theme *t, bool legend, bool model);
/** Edge labels the last layout could not place clear of the rest, drawn on their edges instead. */
size_t erg_gv_rescued_labels(const erg_gv *gv);
/** Write the DOT to f, before any layout: canonical and lossless.  Its
 * lists are read from the store as they are written (not for a diff). */
int erg_gv_dot(erg_gv *gv, const char *id_prefix, FILE *f);
/**
 * Lay the graph out once; "auto" picks the engine from the size.  With
 * `layout_from` (a DOT with positions), nodes found there are pinned
 * where they were and neato places the others.
 */
int erg_gv_layout(erg_gv *gv, const char *engine, const char *layout_from, const char **chosen);
/**
 * Draw gv whole at its next layout: no merged parallel edges, group
 * nodes or note of unrelated entities.  For the HTML page, which zooms
 * and searches instead of summarising.
 */
void erg_gv_whole(erg_gv *gv);
/** Render the laid-out graph as "svg", "png", "pdf" or "dot" with positions (caller frees). */
/**
 * The size in pixels of the PNG erg_gv_render() would draw at dpi, as
 * Graphviz sizes it (the laid-out box and the graph's pad).
 */
void erg_gv_png_size(const erg_gv *gv, double dpi, double *w, double *h);
int erg_gv_render(erg_gv *gv, const char *format, const char *id_prefix, double dpi,
		  char **out, size_t *len);
void erg_gv_free(erg_gv *gv);
/** The engine the automatic choice takes for a graph of this size. */
const char *erg_gv_auto_engine(size_t nodes, size_t edges);

/* ---- render.c --------------------------------------------------------- */

/**
 * erg_render() into files already opened with erg_out_open(); the caller
 * commits or discards them (so other outputs can join the same commit).
 */
int erg_render_into(const erg_graph *g, const erg_output *outs, erg_out *files, size_t n,
		    const erg_render_options *o);

/* ---- render_svg.c --------------------------------------------------- */

/**
 * Turn Graphviz's SVG into the embeddable profile: no comments naming the
 * version, no fixed size unless asked.  Returns a new string in *out.
 */
int erg_svg_finish(char **out, size_t *outlen, const char *svg, size_t len, bool fixed_size,
		   const char *title);
/** Append s to b with & < > " ' escaped for XML. */
int erg_xml_escape(erg_buf *b, const char *s);

/* ---- diff.c ------------------------------------------------------------ */

/** One field of a changed node or edge. */
typedef struct {
	char *field;                 /* "name", "aliases", "attributes.role", ... */
	bool is_set;                 /* a set: added/removed; else old -> new */
	bool bare;                   /* a number or boolean, written unquoted */
	char *old_value, *new_value; /* NULL: absent */
	erg_strset added, removed;
} erg_change;

typedef struct {
	erg_delta_kind kind;
	bool is_edge;
	char *id, *old_id;
	const erg_node *old_node, *new_node;
	const erg_edge *old_edge, *new_edge;
	erg_change *changes;
	size_t nchanges;
} erg_delta_rec;

struct erg_diff {
	const erg_graph *old_graph, *new_graph;
	erg_delta_rec *deltas;       /* nodes, then edges, each sorted by id */
	size_t ndeltas, nnode_deltas;
	size_t unchanged_nodes, unchanged_edges;
	const erg_node **new_of_old; /* the matching, by old node index */
};

/** The union of both graphs, every node and edge marked with its status. */
int erg_diff_union(const erg_diff *d, erg_graph **out);

/* ---- jsonw.c: JSON written as it is made -------------------------------- */

#define ERG_JW_DEPTH 32

/**
 * A JSON writer with cJSON_Print's layout (pretty) or
 * cJSON_PrintUnformatted's, into a FILE or an erg_buf.  The first error
 * sticks; erg_jw_finish() returns it.
 */
typedef struct {
	FILE *f;
	erg_buf *out;
	bool pretty;
	int rc;
	int depth;
	bool is_array[ERG_JW_DEPTH];
	size_t count[ERG_JW_DEPTH];
	char *buf;
	size_t len;
} erg_jw;

void erg_jw_init(erg_jw *w, FILE *f, erg_buf *out, bool pretty);
void erg_jw_object(erg_jw *w);
void erg_jw_array(erg_jw *w);
void erg_jw_end(erg_jw *w);
void erg_jw_key(erg_jw *w, const char *key);
/** A string, or null for NULL. */
void erg_jw_string(erg_jw *w, const char *s);
void erg_jw_int(erg_jw *w, long long v);
void erg_jw_bool(erg_jw *w, bool v);
void erg_jw_strings(erg_jw *w, const char *const *v, size_t n);
/** Bytes as they are (a newline after the value). */
void erg_jw_raw(erg_jw *w, const char *s);
/** Write what is buffered and release the writer; 0 or the first error. */
int erg_jw_finish(erg_jw *w);
/** End a document with a newline and finish: rc if it is an error, else
 * 0 or the writer's first error. */
int erg_jw_done(erg_jw *w, int rc);

/* ---- render_json.c --------------------------------------------------- */

/** A node's or an edge's graph JSON object, written to w. */
int erg_node_write(erg_jw *w, erg_prov *p, const erg_node *n);
int erg_edge_write(erg_jw *w, erg_prov *p, const erg_edge *e);
/** An attributes object ({"key": "value" or ["values"]}), written to w. */
void erg_attrs_write(erg_jw *w, const erg_attrs *a);


/* ---- xmlgraph.c: what GraphML and GEXF carry ---------------------------- */

typedef enum { ERG_XA_STRING, ERG_XA_INT, ERG_XA_LONG, ERG_XA_BOOL } erg_xattr_type;

/** A typed attribute of every node or edge (GraphML <key>, GEXF <attribute>). */
typedef struct {
	const char *name;
	erg_xattr_type type;
} erg_xattr;

#define ERG_XNODE_N 9
#define ERG_XEDGE_N 7
/* The attributes in the order written; the last, "change", only for a
 * diff's union graph (erg_xattrs_count). */
extern const erg_xattr erg_xattrs_node[ERG_XNODE_N];
extern const erg_xattr erg_xattrs_edge[ERG_XEDGE_N];
/** How many of the node (or edge) attributes g's output declares. */
size_t erg_xattrs_count(const erg_graph *g, bool edges);

/**
 * One node's or edge's values, v[i] for attribute i (NULL: absent, and
 * left out).  The strings are valid until the next fill or
 * erg_xvalues_free().  Start from ERG_XVALUES_INIT.
 */
typedef struct {
	const char *v[ERG_XNODE_N > ERG_XEDGE_N ? ERG_XNODE_N : ERG_XEDGE_N];
	char num[2][24];
	erg_buf json[2];
	erg_prov prov;
} erg_xvalues;

#define ERG_XVALUES_INIT {{NULL}, {{0}}, {ERG_BUF_INIT, ERG_BUF_INIT}, ERG_PROV_INIT}

int erg_xvalues_node(erg_xvalues *x, const erg_node *n);
int erg_xvalues_edge(erg_xvalues *x, const erg_edge *e);
void erg_xvalues_free(erg_xvalues *x);

/**
 * Append s to b as XML 1.0 text, fit for element content and quoted
 * attribute values: erg_xml_escape()'s escapes, tab and line ends as
 * character references, and U+FFFD for what XML 1.0 cannot hold (other
 * control characters, bytes that are not UTF-8, U+FFFE and U+FFFF).
 */
int erg_xml_text(erg_buf *b, const char *s);
/** Write what b holds to f and empty b, unless rc (returned) already
 *  holds an error; a failed allocation of b is ERG_ESYS. */
int erg_xml_flush(erg_buf *b, FILE *f, int rc);

/* ---- render_graphml.c, render_gexf.c ------------------------------------ */

/** Write g as GraphML (.graphml) to f; 0 or an error code. */
int erg_graph_write_graphml(const erg_graph *g, FILE *f);
/** Write g as GEXF 1.2 (.gexf) to f; 0 or an error code. */
int erg_graph_write_gexf(const erg_graph *g, FILE *f);

/* ---- sha256.c ------------------------------------------------------------ */

/** A SHA-256 (FIPS 180-4) in progress; start with erg_sha256_init(). */
typedef struct {
	uint32_t h[8];
	uint64_t len;           /* bytes hashed */
	unsigned char buf[64];  /* a block not yet full */
	size_t n;
} erg_sha256;

void erg_sha256_init(erg_sha256 *c);
void erg_sha256_update(erg_sha256 *c, const void *data, size_t len);
/** The 32-byte digest in out; c must be initialised again to be reused. */
void erg_sha256_final(erg_sha256 *c, unsigned char out[32]);
/** Append the SHA-256 of data in base64 (44 characters) to b; 0 or ERG_ESYS. */
int erg_sha256_base64(erg_buf *b, const void *data, size_t len);

/* ---- render_html.c ------------------------------------------------------- */

/** Elements of the page's embedded data: evidence kept of each relation
 *  and documents of each entity (the page says how many were left out). */
#define ERG_HTML_MAX_EVIDENCE 20

/**
 * The HTML page (docs/output-formats.md) in *out (the caller frees it):
 * svg, the finished SVG of gv laid out with ids from `prefix`, inline,
 * with the data of g and the page's script and style.  0 or an error code.
 */
int erg_html_page(char **out, size_t *outlen, const erg_graph *g, erg_gv *gv, const char *svg,
		  size_t svglen, const char *title);

/**
 * The SVG id of what shows the node or edge of model index i in the
 * last erg_gv_render(): its own, or the group node, the note of
 * unrelated entities or the merged edge that holds it.  Owned by gv;
 * NULL when it is not drawn.
 */
const char *erg_gv_svg_id(erg_gv *gv, bool edge, size_t i);

#endif
