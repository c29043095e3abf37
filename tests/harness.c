#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *h_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (cap ? cap * 2 : 8192) + 4096;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

void h_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

char *h_path(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	ck_assert_ptr_nonnull(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

void h_golden(const char *name, const char *actual, size_t len)
{
	char *path = h_path(ERG_SOURCE_DIR "/tests/golden", name);
	size_t elen = 0, line = 1, i;
	char *expected;

	if (getenv("ERG_UPDATE_GOLDEN")) {
		h_write(path, actual, len);
		free(path);
		return;
	}
	expected = h_read(path, &elen);
	ck_assert_msg(expected != NULL, "golden file %s is missing (ERG_UPDATE_GOLDEN=1 makes it)", path);
	for (i = 0; i < len && i < elen && actual[i] == expected[i]; i++)
		if (actual[i] == '\n')
			line++;
	ck_assert_msg(len == elen && i == len,
		      "output differs from %s at line %zu (ERG_UPDATE_GOLDEN=1 rewrites it)\n"
		      "expected: %.120s\nactual:   %.120s",
		      path, line, i < elen ? expected + i : "(end)", i < len ? actual + i : "(end)");
	free(expected);
	free(path);
}

void h_strip_source(char *s)
{
	size_t n = strlen(ERG_SOURCE_DIR "/");

	for (char *p = s; (p = strstr(p, ERG_SOURCE_DIR "/")); )
		memmove(p, p + n, strlen(p + n) + 1);
}

char *h_tmpdir(void)
{
	char *t = strdup("/tmp/ergraph-test-XXXXXX");

	ck_assert_ptr_nonnull(t);
	ck_assert_msg(mkdtemp(t) != NULL, "mkdtemp: %s", strerror(errno));
	return t;
}

/* Run args[0] (found on PATH unless it has a '/') as h_run_as says. */
static int spawn(const char *cwd, const char *const *env, int uid, const char *const *args,
		 char **out, char **err)
{
	char outp[] = "/tmp/ergraph-out-XXXXXX", errp[] = "/tmp/ergraph-err-XXXXXX";
	int fo = mkstemp(outp), fe = mkstemp(errp), status;
	pid_t pid;

	ck_assert(fo >= 0 && fe >= 0);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (cwd && chdir(cwd) != 0)
			_exit(125);
		for (; env && *env; env++)
			if (putenv((char *)*env) != 0)
				_exit(125);
		if (uid >= 0 && (setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0))
			_exit(125);
		execvp(args[0], (char *const *)args);
		_exit(126);
	}
	ck_assert(waitpid(pid, &status, 0) == pid);
	close(fo);
	close(fe);
	if (out)
		*out = h_read(outp, NULL);
	if (err)
		*err = h_read(errp, NULL);
	unlink(outp);
	unlink(errp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int h_run_as(const char *cwd, const char *const *env, int uid, const char *const *argv,
	     char **out, char **err)
{
	const char *args[64];
	size_t n = 0;

	args[n++] = ERG_BINARY;
	for (; argv[n - 1] && n < 63; n++)
		args[n] = argv[n - 1];
	args[n] = NULL;
	return spawn(cwd, env, uid, args, out, err);
}

int h_run_prog(const char *const *argv, char **out, char **err)
{
	return spawn(NULL, NULL, -1, argv, out, err);
}

int h_run(const char *cwd, const char *const *argv, char **out, char **err)
{
	return h_run_as(cwd, NULL, -1, argv, out, err);
}

typedef struct {
	char *text;
	size_t len;
} diag_buf;

static void collect(void *ctx, erg_diag_level level, const char *msg)
{
	diag_buf *b = ctx;
	size_t add = strlen(msg) + 16;

	b->text = realloc(b->text, b->len + add);
	ck_assert_ptr_nonnull(b->text);
	b->len += (size_t)sprintf(b->text + b->len, "%s%s\n",
				  level == ERG_DIAG_WARNING ? "warning: " : "", msg);
}

int h_load(erg_graph **out, const char *const *paths, int strict, char **diags)
{
	erg_load_options o = ERG_LOAD_OPTIONS_INIT;
	diag_buf b = {calloc(1, 1), 0};
	erg_graph *g;
	int rc = 0, r;

	o.strict = strict;
	o.diag = collect;
	o.diag_ctx = &b;
	ck_assert_int_eq(erg_graph_new(&g), 0);
	for (; *paths; paths++)
		if ((r = erg_graph_load(g, *paths, &o)) < 0 && rc == 0)
			rc = r;
	if ((r = erg_graph_report(g, &o)) < 0 && rc == 0)
		rc = r;
	if (rc == 0)
		rc = erg_graph_finish(g);
	if (diags)
		*diags = b.text;
	else
		free(b.text);
	*out = g;
	return rc;
}

int h_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	erg_shutdown();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
