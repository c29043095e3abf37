/*
 * diag.h - messages about inputs (diag.c): each names the input and the
 * place in its structure, goes to the caller's erg_diag_fn, counts in
 * the load's context and sets the last error.
 */
#ifndef ERG_DIAG_H
#define ERG_DIAG_H

#include "internal.h"

/** A message at `level`; a warning is an error under --strict. */
void erg_diag(erg_load_ctx *ctx, erg_diag_level level, const char *fmt, ...) ERG_PRINTF(3, 4);
/** Count a system error (an input that exists but could not be read). */
void erg_load_syserror(erg_load_ctx *ctx);
/** An error at a place in the input: "FILE: path: message". */
void erg_diag_at(erg_load_ctx *ctx, const char *path, const char *fmt, ...) ERG_PRINTF(3, 4);
/** erg_diag_at with a va_list, for a reader's own error helper. */
void erg_diag_vat(erg_load_ctx *ctx, const char *path, const char *fmt, va_list ap) ERG_PRINTF(3, 0);
/** Report a cJSON syntax error at `where` in buf with line, column, caret. */
void erg_diag_syntax(erg_load_ctx *ctx, const char *buf, size_t len, size_t where,
		     int line_offset);

/**
 * Give out the messages deferred[from, to) that a checking thread's
 * context recorded, as if they were reported now through ctx.
 */
void erg_diag_replay(erg_load_ctx *ctx, const erg_buf *deferred, size_t from, size_t to);

#endif
