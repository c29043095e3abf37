/*
 * harness.h - what the Check suites share: golden files, running the real
 * ergraph binary, loading through the library with diagnostics captured.
 *
 * Golden files live in tests/golden/; run a suite with ERG_UPDATE_GOLDEN=1
 * to rewrite them from the actual output (then read the diff before
 * committing).
 */
#ifndef ERG_HARNESS_H
#define ERG_HARNESS_H

#include "ergraph.h"

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

/* Paths handed in by CMake. */
#ifndef ERG_SOURCE_DIR
#error "ERG_SOURCE_DIR must be defined"
#endif

/** Read a whole file (NUL-terminated; caller frees); NULL if unreadable. */
char *h_read(const char *path, size_t *len);
/** Write a file; fails the test on error. */
void h_write(const char *path, const char *data, size_t len);
/** Compare with tests/golden/NAME (or rewrite it under ERG_UPDATE_GOLDEN). */
void h_golden(const char *name, const char *actual, size_t len);
/** Remove every "ERG_SOURCE_DIR/" from s, in place, so goldens hold relative paths. */
void h_strip_source(char *s);
/** A new empty folder under /tmp (caller frees the string). */
char *h_tmpdir(void);
/** malloc'd "a/b". */
char *h_path(const char *dir, const char *name);

/**
 * Run the ergraph binary with argv (NULL-terminated, without the program)
 * in `cwd` (NULL: unchanged).  stdout and stderr are returned in *out and
 * *err (caller frees; pass NULL to drop).  Returns the exit status, or
 * 128 + signal.
 */
int h_run(const char *cwd, const char *const *argv, char **out, char **err);

/**
 * h_run with more: `env` ("NAME=VALUE" strings, NULL-terminated, or NULL)
 * added to the environment, and run as user and group `uid` when >= 0.
 */
int h_run_as(const char *cwd, const char *const *env, int uid, const char *const *argv,
	     char **out, char **err);

/** Run another program, argv[0] looked up on PATH; as h_run otherwise. */
int h_run_prog(const char *const *argv, char **out, char **err);

/** Load paths into a finished graph; diagnostics go to *diags (caller frees). */
int h_load(erg_graph **out, const char *const *paths, int strict, char **diags);

/** Run one suite with Check and return the process exit status. */
int h_main(Suite *s);

#endif
