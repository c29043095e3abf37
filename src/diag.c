/*
 * diag.c - the messages of loading: one place for how they are made.
 *
 * Every problem an input has goes through erg_diag (or erg_diag_at, with a
 * place in the input's structure) to the caller's callback.  Warnings are
 * errors under --strict; repeated kinds are summarised (erg_diag_summary);
 * a checking thread's messages wait as records and are replayed in order;
 * JSON syntax errors get a line, a column, a hint and an excerpt.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * What a checking thread reports waits in ctx->deferred as records: a
 * kind (a diag level, or SYSERROR), whether the message could not be
 * made, and the message with its NUL.
 */
enum { SYSERROR = 0x7f };

static void defer(erg_buf *b, int kind, const char *msg, bool nomem)
{
	char head[2] = {(char)kind, (char)nomem};

	/* A record that cannot be kept fails the buffer: the replay stops
	 * the load as out of memory rather than lose a message. */
	erg_buf_put(b, head, 2);
	erg_buf_put(b, msg, strlen(msg) + 1);
}

/* ---- repeated messages summarised ------------------------------------ */

/* One kind of message: the same text at other places. */
typedef struct {
	erg_diag_level level;
	char *text;       /* what the first says, without the place (its first line) */
	bool varies;      /* others said it with other numbers: print the key's form */
	char *unit;       /* what its places are: "relations", "entities", ... */
	char *key;        /* its kind_key() */
	char *last_doc;   /* the document of the latest one, to count documents */
	size_t count, docs;
} diag_kind;

struct erg_diag_summary {
	unsigned int shown;   /* given out in full, of each kind */
	erg_map kinds;        /* level and text -> diag_kind */
	diag_kind **order;    /* as they first came */
	size_t n;
	size_t hidden;
};

int erg_diag_summary_new(erg_diag_summary **out, unsigned int shown)
{
	if (!(*out = erg_calloc(1, sizeof **out)))
		return erg_nomem();
	(*out)->shown = shown ? shown : 1;
	return 0;
}

size_t erg_diag_summary_hidden(const erg_diag_summary *s)
{
	return s ? s->hidden : 0;
}

static void forget_kinds(erg_diag_summary *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->order[i]->text);
		free(s->order[i]->unit);
		free(s->order[i]->key);
		free(s->order[i]->last_doc);
		free(s->order[i]);
	}
	free(s->order);
	s->order = NULL;
	s->n = 0;
	s->hidden = 0;
	erg_map_free(&s->kinds);
}

void erg_diag_summary_free(erg_diag_summary *s)
{
	if (!s)
		return;
	forget_kinds(s);
	free(s);
}

/* n with a comma between thousands, as people read counts. */
static void put_count(erg_buf *b, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%zu", n);

	for (int i = 0; i < len; i++) {
		erg_buf_put(b, digits + i, 1);
		if ((len - i - 1) % 3 == 0 && i + 1 < len)
			erg_buf_put(b, ",", 1);
	}
}

void erg_diag_summary_end(erg_diag_summary *s, erg_diag_fn diag, void *ctx)
{
	erg_buf b = ERG_BUF_INIT;

	for (size_t i = 0; s && diag && i < s->n; i++) {
		const diag_kind *k = s->order[i];

		if (k->count <= s->shown)
			continue;
		b.len = 0;
		erg_buf_printf(&b, "%s: in ", k->varies ? k->key + 1 : k->text);
		if (strcmp(k->unit, "documents") != 0) {
			put_count(&b, k->count);
			erg_buf_printf(&b, " %s of ", k->unit);
		}
		put_count(&b, k->docs);
		erg_buf_printf(&b, " document%s, the first %u shown (--all-warnings shows every one)",
			       k->docs == 1 ? "" : "s", s->shown);
		diag(ctx, k->level, b.ptr ? b.ptr : "out of memory");
	}
	erg_buf_free(&b);
	if (s)
		forget_kinds(s);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Split a message "FILE[:LINE[:COL]]: [PATH: ]TEXT" into the document it
 * is about (FILE, FILE:LINE, or FILE and the task "[N]" of an export),
 * the path and what it says.  A message that does not start with the
 * input's name is all text.
 */
static void split_place(const erg_load_ctx *ctx, const char *msg, erg_buf *doc, const char **path,
			size_t *path_len, const char **text)
{
	size_t n = strlen(ctx->path);
	const char *p = msg + n, *q;

	*path = NULL;
	*path_len = 0;
	*text = msg;
	if (!*ctx->path || strncmp(msg, ctx->path, n) != 0)
		return;
	if (*p == ':' && is_digit(p[1])) /* a line: JSON Lines' documents are lines */
		for (p++; is_digit(*p); p++)
			;
	erg_buf_put(doc, msg, (size_t)(p - msg));
	if (*p == ':' && is_digit(p[1])) /* a column */
		for (p++; is_digit(*p); p++)
			;
	if (p[0] != ':' || p[1] != ' ')
		return;
	p += 2;
	/* A JSON path has no spaces ("relations[2].type", "[29].annotations[0]"). */
	for (q = p; *q && (erg_ascii_alnum((unsigned char)*q) || strchr("_.[]-", *q)); q++)
		;
	if (q > p && q[0] == ':' && q[1] == ' ') {
		*path = p;
		*path_len = (size_t)(q - p);
		if (*p == '[') /* a task or document of an export */
			erg_buf_put(doc, p, strcspn(p, "]") + 1);
		p = q + 2;
	}
	*text = p;
}

/* What the places of a path are: the leading word of a list, else "places". */
static char *unit_of(const char *path, size_t len)
{
	size_t w = 0;

	if (!path)
		return erg_strdup("places");
	while (w < len && erg_ascii_alnum((unsigned char)path[w]) && !is_digit(path[w]))
		w++;
	if (w == 8 && strncmp(path, "document", 8) == 0)
		return erg_strdup("documents");
	if (w > 1 && path[w - 1] == 's' && w < len && path[w] == '[')
		return strndup(path, w);
	return erg_strdup("places");
}

/*
 * The kind of a message: its level and first line, each number outside
 * quotes as "N" ("span [N, N) is past the end of the text (N
 * characters)"), the quoted values as they are ('citizen_of').
 */
static int kind_key(erg_buf *key, erg_diag_level level, const char *text)
{
	size_t n = strcspn(text, "\n");
	char quote = 0;

	erg_buf_put(key, level == ERG_DIAG_ERROR ? "E" : "W", 1);
	for (size_t i = 0; i < n; i++) {
		if (quote ? text[i] == quote : (text[i] == '\'' || text[i] == '"'))
			quote = quote ? 0 : text[i];
		if (!quote && is_digit(text[i])) {
			while (i + 1 < n && is_digit(text[i + 1]))
				i++;
			erg_buf_put(key, "N", 1);
		} else {
			erg_buf_put(key, text + i, 1);
		}
	}
	return key->ptr ? 0 : ERG_ESYS;
}

/*
 * Count a message in the summary; false when it is held back (more of its
 * kind than are shown).  Anything that cannot be counted is shown.
 */
static bool summarised_away(erg_load_ctx *ctx, erg_diag_level level, const char *msg)
{
	erg_diag_summary *s = ctx->opts->version >= 4 ? ctx->opts->summary : NULL;
	erg_buf key = ERG_BUF_INIT, doc = ERG_BUF_INIT;
	const char *path, *text;
	size_t path_len;
	diag_kind *k;
	bool away = false;

	if (!s || level == ERG_DIAG_NOTE)
		return false;
	split_place(ctx, msg, &doc, &path, &path_len, &text);
	if (kind_key(&key, level, text) < 0)
		goto done;
	if (!(k = erg_map_get(&s->kinds, key.ptr))) {
		diag_kind **v = erg_reallocarray(s->order, s->n + 1, sizeof *v);

		if (!v)
			goto done;
		s->order = v;
		if (!(k = erg_calloc(1, sizeof *k)))
			goto done;
		k->level = level;
		k->text = strndup(text, strcspn(text, "\n"));
		k->unit = unit_of(path, path_len);
		k->key = erg_strdup(key.ptr);
		if (!k->text || !k->unit || !k->key || erg_map_put(&s->kinds, key.ptr, k) < 0) {
			free(k->text);
			free(k->unit);
			free(k->key);
			free(k);
			goto done;
		}
		s->order[s->n++] = k;
	}
	k->count++;
	k->varies |= strncmp(k->text, text, strlen(k->text)) != 0 || !strchr("\n", text[strlen(k->text)]);
	if (!k->last_doc || strcmp(k->last_doc, doc.ptr ? doc.ptr : "") != 0) {
		k->docs++;
		free(k->last_doc);
		k->last_doc = erg_strdup(doc.ptr ? doc.ptr : "");
	}
	away = k->count > s->shown;
	s->hidden += away;
done:
	erg_buf_free(&key);
	erg_buf_free(&doc);
	return away;
}

/* Give one message out; `nomem`: it could not be made. */
static void emit(erg_load_ctx *ctx, erg_diag_level level, const char *msg, bool nomem)
{
	if (ctx->deferred) {
		defer(ctx->deferred, (int)level, msg, nomem);
		return;
	}
	/* A message that could not be made is a system error of its own. */
	ctx->syserrors += nomem;
	if (level == ERG_DIAG_ERROR || nomem) {
		ctx->errors++;
		erg_fail(nomem ? ERG_ESYS : ERG_EINVALID, "%s", msg);
	}
	if (ctx->opts->diag && (nomem || !summarised_away(ctx, level, msg)))
		ctx->opts->diag(ctx->opts->diag_ctx, level, msg);
}

void erg_diag(erg_load_ctx *ctx, erg_diag_level level, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	if (level == ERG_DIAG_WARNING && ctx->opts->strict)
		level = ERG_DIAG_ERROR;
	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	emit(ctx, level, b.ptr ? b.ptr : "out of memory", !b.ptr);
	erg_buf_free(&b);
}

void erg_load_syserror(erg_load_ctx *ctx)
{
	if (ctx->deferred)
		defer(ctx->deferred, SYSERROR, "", false);
	else
		ctx->syserrors++;
}

void erg_diag_replay(erg_load_ctx *ctx, const erg_buf *deferred, size_t from, size_t to)
{
	while (from + 2 < to) {
		const char *rec = deferred->ptr + from, *msg = rec + 2;

		if (rec[0] == SYSERROR)
			ctx->syserrors++;
		else
			emit(ctx, (erg_diag_level)rec[0], msg, rec[1]);
		from += 2 + strlen(msg) + 1;
	}
}

void erg_diag_at(erg_load_ctx *ctx, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	erg_diag_vat(ctx, path, fmt, ap);
	va_end(ap);
}

void erg_diag_vat(erg_load_ctx *ctx, const char *path, const char *fmt, va_list ap)
{
	erg_buf b = ERG_BUF_INIT;

	erg_buf_vprintf(&b, fmt, ap);
	if (!b.ptr)
		emit(ctx, ERG_DIAG_ERROR, "out of memory", true);
	else
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s: %s", ctx->path, path, b.ptr);
	erg_buf_free(&b);
}

/* The last non-space byte before `off`, or -1. */
static long prev_char(const char *buf, size_t off)
{
	while (off > 0 && erg_json_space(buf[off - 1]))
		off--;
	return off > 0 ? (long)(off - 1) : -1;
}

/* Depth of brackets open at `off`, outside strings. */
static int depth_at(const char *buf, size_t off)
{
	bool in_string = false;
	int depth = 0;

	for (size_t i = 0; i < off; i++) {
		if (in_string) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				in_string = false;
		} else if (buf[i] == '"') {
			in_string = true;
		} else if (buf[i] == '{' || buf[i] == '[') {
			depth++;
		} else if (buf[i] == '}' || buf[i] == ']') {
			depth--;
		}
	}
	return depth;
}

/*
 * Turn the byte where cJSON stopped into a message and the place a reader
 * should look at (*where may move back to the real culprit).
 */
static void syntax_hint(erg_buf *b, const char *buf, size_t len, size_t *where, bool at_end)
{
	size_t w = *where;
	long prev = prev_char(buf, w < len ? w : len);
	unsigned char c = w < len ? (unsigned char)buf[w] : 0;

	if (w > 0 && w <= len && buf[w - 1] == '"' && prev == (long)w - 1 &&
	    (prev_char(buf, w - 1) < 0 || strchr("{[,:", buf[prev_char(buf, w - 1)]))) {
		/* cJSON stopped inside a string that starts at w - 1. */
		for (size_t i = w; i < len; i++) {
			if (buf[i] == '"') {
				break;
			} else if ((unsigned char)buf[i] < 0x20) {
				*where = i;
				erg_buf_printf(b, "control character 0x%02x inside a string (escape it, as \\n)",
					       (unsigned char)buf[i]);
				return;
			} else if (buf[i] == '\\') {
				if (i + 1 < len && !strchr("\"\\/bfnrtu", buf[i + 1])) {
					*where = i;
					erg_buf_printf(b, "invalid escape '\\%c' in a string", buf[i + 1]);
					return;
				}
				i++;
			}
		}
		*where = w - 1;
		erg_buf_puts(b, "unterminated string (no closing '\"')");
		return;
	}
	if (at_end || w >= len) {
		*where = prev >= 0 ? (size_t)prev + 1 : 0;
		erg_buf_puts(b, "unexpected end of input (an unclosed '{' or '[')");
		return;
	}
	if ((c == '}' || c == ']' || erg_json_space((char)c)) && prev >= 0 && (buf[prev] == '}' || buf[prev] == ']') &&
	    prev_char(buf, (size_t)prev) >= 0 && buf[prev_char(buf, (size_t)prev)] == ',') {
		*where = (size_t)prev_char(buf, (size_t)prev);
		erg_buf_printf(b, "trailing comma before '%c'", buf[prev]);
		return;
	}
	if ((c == '}' || c == ']') && prev >= 0 && buf[prev] == ',') {
		*where = (size_t)prev;
		erg_buf_printf(b, "trailing comma before '%c'", c);
		return;
	}
	if (prev >= 0 && buf[prev] == ',' && prev_char(buf, (size_t)prev) >= 0 &&
	    buf[prev_char(buf, (size_t)prev)] == ',') {
		*where = (size_t)prev;
		erg_buf_puts(b, "two commas in a row");
		return;
	}
	if (w > 0 && buf[w - 1] == '\'') {
		*where = w - 1;
		erg_buf_puts(b, "strings take double quotes, not single quotes");
		return;
	}
	if ((c == '[' || c == '{') && depth_at(buf, w) >= 1000) {
		erg_buf_puts(b, "nested deeper than 1000 levels");
		return;
	}
	if (prev >= 0 && buf[prev] == '"') {
		/* After a string: a key wants ':', a value wants ','. */
		long open = prev - 1;

		while (open >= 0 && !(buf[open] == '"' && (open == 0 || buf[open - 1] != '\\')))
			open--;
		if (open >= 0 && prev_char(buf, (size_t)open) >= 0 &&
		    strchr("{,", buf[prev_char(buf, (size_t)open)]) && c != ':') {
			erg_buf_puts(b, "missing ':' after the key");
			return;
		}
	}
	if (prev >= 0 && strchr("\"0123456789}]el", buf[prev]) && strchr("\"{[tfn-0123456789", c)) {
		erg_buf_puts(b, "missing ',' between values");
		return;
	}
	if (c < 0x20)
		erg_buf_printf(b, "unexpected control character 0x%02x", c);
	else if (c < 0x80)
		erg_buf_printf(b, "unexpected character '%c'", c);
	else
		erg_buf_puts(b, "unexpected character");
}

void erg_diag_syntax(erg_load_ctx *ctx, const char *buf, size_t len, size_t where, int line_offset)
{
	erg_buf b = ERG_BUF_INIT, hint = ERG_BUF_INIT;
	int line, col;
	size_t start, end;
	bool at_end = false;
	char *padded;

	/* cJSON reports an error at the end as the last byte: parse once more
	 * with a space appended; if the error moves, it was at the end. */
	if (where + 1 >= len && (padded = malloc(len + 2))) {
		size_t moved = 0;
		cJSON *j;

		memcpy(padded, buf, len);
		padded[len] = ' ';
		padded[len + 1] = '\0';
		j = erg_json_parse(padded, len + 1, &moved);
		cJSON_Delete(j);
		at_end = !j && moved >= len && moved != ERG_JSON_NOMEM;
		free(padded);
		if (at_end)
			where = len;
	}
	erg_text_position(buf, where, &line, &col);
	if (where < len && len - where >= 6 && memcmp(buf + where, "\\u0000", 6) == 0) {
		/* Valid JSON, but refused (erg_json_parse): not a syntax error. */
		erg_buf_printf(&b, "%s:%d:%d: \\u0000 in a string: NUL characters are refused",
			       ctx->path, line + line_offset, col);
	} else {
		syntax_hint(&hint, buf, len, &where, at_end);
		erg_text_position(buf, where, &line, &col);
		erg_buf_printf(&b, "%s:%d:%d: syntax error: %s", ctx->path, line + line_offset, col,
			       hint.ptr ? hint.ptr : "");
	}
	/* The source line and a caret, as jq and compilers show them. */
	start = end = where;
	while (start > 0 && buf[start - 1] != '\n' && where - start < 60)
		start--;
	while (end < len && buf[end] != '\n' && end - where < 20)
		end++;
	/* Never a piece of a character: the terminal would get invalid UTF-8. */
	while (start < where && ((unsigned char)buf[start] & 0xc0) == 0x80)
		start++;
	while (end > where && end < len && ((unsigned char)buf[end] & 0xc0) == 0x80)
		end--;
	{
		const char *more = start > 0 && buf[start - 1] != '\n' ? "..." : "";

		erg_buf_printf(&b, "\n %5d | %s", line + line_offset, more);
		erg_buf_put(&b, buf + start, end - start);
		erg_buf_printf(&b, "\n       | %s%*s^", *more ? "   " : "",
			       (int)erg_utf8_length(buf + start, where - start), "");
	}
	if (!b.ptr) /* the message could not be made */
		emit(ctx, ERG_DIAG_ERROR, "out of memory", true);
	else
		erg_diag(ctx, ERG_DIAG_ERROR, "%s", b.ptr);
	erg_buf_free(&b);
	erg_buf_free(&hint);
}

