/*
 * check_failure.c - the system failing under ergraph: files that cannot be
 * opened, read, written or renamed, a full disk, a read-only folder, and
 * every allocation failing in turn (a missing folder: check_cli.c).
 *
 * The failures are real calls made to fail by tests/failinject/shim.c,
 * preloaded into the real ergraph binary (ERG_SHIM is its path).  Each
 * failure must give a clear message and exit status 2, leave any earlier
 * output as it was, and leave no temporary file behind.
 */
#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SMALL ERG_SOURCE_DIR "/tests/data/small"
#define FORMATS ERG_SOURCE_DIR "/tests/data/formats"

/* Under AddressSanitizer the shim comes before its runtime: allowed. */
#define PRELOAD "LD_PRELOAD=" ERG_SHIM
#define ASAN_ORDER "ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1:fast_unwind_on_malloc=0"

/* Names of the files in dir, sorted, one a line (caller frees). */
static char *listing(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	size_t len = 1;
	char *out;

	ck_assert_int_ge(n, 0);
	for (int i = 0; i < n; i++)
		len += strlen(names[i]->d_name) + 1;
	out = calloc(1, len);
	ck_assert_ptr_nonnull(out);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			strcat(out, names[i]->d_name);
			strcat(out, "\n");
		}
		free(names[i]);
	}
	free(names);
	return out;
}

/* Assert that path holds exactly `text`. */
static void assert_file(const char *path, const char *text)
{
	char *got = h_read(path, NULL);

	ck_assert_msg(got != NULL, "%s is gone", path);
	ck_assert_str_eq(got, text);
	free(got);
}

/* Run ergraph with one call made to fail: which, the Nth, only once. */
static int run_failing(const char *which, const char *at, const char *path_part,
		       const char *const *argv, char **out, char **err)
{
	char fail[64], fail_at[64], fail_path[512];
	const char *env[] = {PRELOAD, ASAN_ORDER, fail, fail_at, "ERG_FAIL_ONCE=1", NULL, NULL};

	snprintf(fail, sizeof fail, "ERG_FAIL=%s", which);
	snprintf(fail_at, sizeof fail_at, "ERG_FAIL_AT=%s", at);
	if (path_part) {
		snprintf(fail_path, sizeof fail_path, "ERG_FAIL_PATH=%s", path_part);
		env[5] = fail_path;
	}
	return h_run_as(NULL, env, -1, argv, out, err);
}

/* ---- I/O calls that fail ------------------------------------------------ */

START_TEST(input_cannot_be_opened)
{
	const char *argv[] = {"build", "-q", SMALL, "-o", "/dev/null", "-T", "json", NULL};
	char *err;

	/* fopen fails for b.json only: the other inputs are still read. */
	ck_assert_int_eq(run_failing("fopen", "1", "b.json", argv, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph: " SMALL "/b.json: cannot open: Permission denied\n");
	free(err);
}
END_TEST

START_TEST(input_cannot_be_read)
{
	const char *argv[] = {"validate", "-q", SMALL "/a.json", NULL};
	char *err;

	ck_assert_int_eq(run_failing("read", "1", NULL, argv, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph: " SMALL "/a.json: cannot read: Input/output error\n");
	free(err);
}
END_TEST

START_TEST(text_file_cannot_be_opened)
{
	const char *argv[] = {"validate", "-q", SMALL "/a.json", NULL};
	char *err;

	/* A text_file that exists but cannot be opened is the system's fault. */
	ck_assert_int_eq(run_failing("fopen", "1", "a.txt", argv, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph: " SMALL "/a.json: document.text_file: " SMALL
			      "/texts/a.txt: cannot open: Permission denied\n");
	free(err);
}
END_TEST

/*
 * Two outputs with earlier contents; one call on the way fails.  Both
 * must keep their old contents and no temporary file may be left.
 */
static void outputs_survive(const char *which, const char *at, const char *path_part,
			    const char *message)
{
	char *dir = h_tmpdir(), *svg = h_path(dir, "g.svg"), *json = h_path(dir, "g.json");
	const char *argv[] = {"build", "-q", SMALL, "-o", json, "-o", svg, NULL};
	char *err, *files, *expected = malloc(4096);

	h_write(svg, "old svg\n", 8);
	h_write(json, "old json\n", 9);
	ck_assert_int_eq(run_failing(which, at, path_part, argv, NULL, &err), 2);
	snprintf(expected, 4096, message, dir);
	ck_assert_str_eq(err, expected);
	assert_file(svg, "old svg\n");
	assert_file(json, "old json\n");
	files = listing(dir);
	ck_assert_str_eq(files, "g.json\ng.svg\n");
	free(files);
	free(expected);
	free(err);
	free(json);
	free(svg);
	free(dir);
}

START_TEST(write_fails)
{
	/* The graph JSON is written first, the SVG then fails. */
	outputs_survive("write", "2", NULL, "ergraph: %s/g.svg: cannot write: No space left on device\n");
}
END_TEST

START_TEST(temporary_file_cannot_be_made)
{
	outputs_survive("mkstemp", "1", "g.svg",
			"ergraph: %s/g.svg: cannot create a temporary file: Read-only file system\n");
}
END_TEST

START_TEST(rename_fails)
{
	char *dir = h_tmpdir(), *svg = h_path(dir, "g.svg");
	const char *argv[] = {"build", "-q", SMALL, "-o", svg, NULL};
	char *err, *files, expected[4096];

	h_write(svg, "old svg\n", 8);
	ck_assert_int_eq(run_failing("rename", "1", NULL, argv, NULL, &err), 2);
	snprintf(expected, sizeof expected,
		 "ergraph: %s: cannot rename the temporary file: Invalid cross-device link\n", svg);
	ck_assert_str_eq(err, expected);
	assert_file(svg, "old svg\n");
	files = listing(dir);
	ck_assert_str_eq(files, "g.svg\n");
	free(files);
	free(err);
	free(svg);
	free(dir);
}
END_TEST

START_TEST(store_cannot_be_made)
{
	const char *argv[] = {"build", "-q", SMALL, "-o", "/dev/null", "-T", "json", NULL};
	const char *env[] = {"ERG_STORE_BUDGET=1", "TMPDIR=/nonexistent", NULL};
	char *err;

	/* A budget of one byte sends every record to the temporary store. */
	ck_assert_int_eq(h_run_as(NULL, env, -1, argv, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph: cannot create the temporary store: No such file or directory "
			      "(TMPDIR names where it goes)\n");
	free(err);
}
END_TEST

/* ---- a full disk, missing and read-only folders ------------------------- */

START_TEST(full_disk)
{
	static const char *const formats[] = {"json", "graphml", "gexf", "pdf"};

	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		const char *argv[] = {"build", "-q", SMALL, "-o", "/dev/full", "-T", formats[i], NULL};
		struct stat st;
		char *err;

		/* Written in place (renaming over a device would replace it). */
		ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
		ck_assert_msg(strcmp(err, "ergraph: /dev/full: cannot write: No space left on device\n") == 0,
			      "-T %s: %s", formats[i], err);
		ck_assert_int_eq(stat("/dev/full", &st), 0);
		ck_assert(S_ISCHR(st.st_mode));
		free(err);
	}
}
END_TEST

/* The diff JSON is streamed to its file: a full disk is named as for build. */
START_TEST(full_disk_diff_json)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "d.json"), *err, expected[4096];
	const char *argv[] = {"diff", "-q", ERG_SOURCE_DIR "/tests/data/diff/old",
			      ERG_SOURCE_DIR "/tests/data/diff/new", "-o", out, NULL};
	struct stat st;

	/* diff takes no -T: the name gives .json, the link a full device. */
	ck_assert_int_eq(symlink("/dev/full", out), 0);
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
	snprintf(expected, sizeof expected, "ergraph: %s: cannot write: No space left on device\n", out);
	ck_assert_str_eq(err, expected);
	ck_assert_int_eq(stat("/dev/full", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	unlink(out);
	rmdir(dir);
	free(err);
	free(out);
	free(dir);
}
END_TEST

START_TEST(full_standard_output)
{
	char *dir = h_tmpdir(), *errpath = h_path(dir, "err"), cmd[4096], *err;
	static const char *const lines[][2] = {
		{"build -q " SMALL " -o - -T json", "ergraph: standard output: cannot write: No space left on device\n"},
		{"build -q " SMALL " -o - -T svg", "ergraph: standard output: cannot write: No space left on device\n"},
		{"build -q " SMALL " -o - -T dot", "ergraph: standard output: cannot write: No space left on device\n"},
		{"stats -q " SMALL, "ergraph: standard output: cannot write: No space left on device\n"},
		{"diff -q " SMALL " " SMALL "/a.json", "ergraph: standard output: cannot write: No space left on device\n"},
	};

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		int status;

		snprintf(cmd, sizeof cmd, "%s %s > /dev/full 2> %s", ERG_BINARY, lines[i][0], errpath);
		status = system(cmd);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 2, "%s: status %d", lines[i][0],
			      status);
		err = h_read(errpath, NULL);
		ck_assert_str_eq(err, lines[i][1]);
		free(err);
	}
	unlink(errpath);
	free(errpath);
	free(dir);
}
END_TEST

START_TEST(read_only_output_folder)
{
	char *dir = h_tmpdir(), *svg = h_path(dir, "g.svg"), *files, *err, expected[4096];
	const char *argv[] = {"build", "-q", SMALL, "-o", svg, NULL};

	/* root may write anywhere: run as nobody, as a user would be. */
	h_write(svg, "old svg\n", 8);
	ck_assert_int_eq(chmod(dir, 0555), 0);
	ck_assert_int_eq(h_run_as(NULL, NULL, geteuid() == 0 ? 65534 : -1, argv, NULL, &err), 2);
	snprintf(expected, sizeof expected,
		 "ergraph: %s: cannot create a temporary file: Permission denied\n", svg);
	ck_assert_str_eq(err, expected);
	assert_file(svg, "old svg\n");
	files = listing(dir);
	ck_assert_str_eq(files, "g.svg\n");
	chmod(dir, 0700);
	free(files);
	free(err);
	free(svg);
	free(dir);
}
END_TEST

/* ---- every allocation failing in turn ----------------------------------- */

/*
 * Each command runs once normally, then again with its Nth allocation
 * failing, for every N (every ERG_FAIL_STRIDE-th under the sanitizers,
 * which are slow).  A run either tolerates the failure and gives exactly
 * the normal result, or stops with "out of memory" and exit status 2
 * writing nothing.  Never a crash, a leak, another status or a wrong
 * result.  Graphviz is left out: 2.43 dereferences NULL when its own
 * allocations fail (agopen, gvContext), which ergraph cannot catch.
 */
static const struct {
	const char *argv[10];
	int ok;        /* the command's normal exit status */
	bool out_dir;  /* OUT is a folder (import) */
} commands[] = {
	{{"validate", "-q", SMALL, NULL}, 0, false},
	{{"build", "-q", SMALL, "-o", "OUT", NULL}, 0, false},
	{{"stats", "--merges", SMALL, NULL}, 0, false},
	{{"build", "-q", FORMATS "/labelstudio.json", "-o", "OUT", NULL}, 0, false},
	{{"build", "-q", FORMATS "/doccano.jsonl", "-o", "OUT", NULL}, 0, false},
	{{"build", "-q", FORMATS "/docred/docred.json", "-o", "OUT", NULL}, 0, false},
	{{"merge", "-q", ERG_SOURCE_DIR "/tests/golden/small.json", ERG_SOURCE_DIR "/tests/golden/format-doccano.json",
	  "-o", "OUT", NULL}, 0, false},
	{{"diff", "-q", ERG_SOURCE_DIR "/tests/data/diff/old", ERG_SOURCE_DIR "/tests/data/diff/new", NULL}, 1, false},
	{{"import", "-q", "-f", "doccano", FORMATS "/doccano.jsonl", "-o", "OUT", NULL}, 0, true},
};

/* The argv of command i with OUT replaced by `out`. */
static void command_argv(int i, const char *out, const char **argv)
{
	size_t k = 0;

	for (; commands[i].argv[k]; k++)
		argv[k] = strcmp(commands[i].argv[k], "OUT") == 0 ? out : commands[i].argv[k];
	argv[k] = NULL;
}

/* Everything under dir, file names and contents (caller frees). */
static char *snapshot(const char *dir)
{
	char *names = listing(dir), *all = strdup(names), *line, *save = NULL;

	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *path = h_path(dir, line), *text = h_read(path, NULL);

		ck_assert_ptr_nonnull(text);
		all = realloc(all, strlen(all) + strlen(text) + 1);
		strcat(all, text);
		free(text);
		free(path);
	}
	free(names);
	return all;
}

static void clear(const char *dir)
{
	char *names = listing(dir), *line, *save = NULL;

	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *path = h_path(dir, line);

		unlink(path);
		free(path);
	}
	free(names);
}

START_TEST(every_allocation_fails_in_turn)
{
	char *dir = h_tmpdir(), *out = commands[_i].out_dir ? strdup(dir) : h_path(dir, "g.json");
	const char *argv[12];
	const char *stride_env = getenv("ERG_FAIL_STRIDE");
	long stride = stride_env ? atol(stride_env) : 1, total = 0, tolerated = 0, stopped = 0;
	char *want_out, *want_files, *err, *log;
	/* ERG_FAIL_AT=0: count the allocations, fail none. */
	const char *count_env[] = {PRELOAD, ASAN_ORDER, "ERG_FAIL=malloc", "ERG_FAIL_AT=0",
				   "ERG_FAIL_LOG=1", NULL};

	command_argv(_i, out, argv);
	/* The normal run, and how many allocations it makes. */
	ck_assert_int_eq(h_run_as(NULL, count_env, -1, argv, &want_out, &log), commands[_i].ok);
	ck_assert_msg(sscanf(strstr(log, "shim: ") ? strstr(log, "shim: ") : "", "shim: %ld calls",
			     &total) == 1 && total > 100, "no count of allocations: %s", log);
	want_files = snapshot(dir);
	clear(dir);
	for (long n = 1; n <= total; n += n < 200 ? 1 : stride) {
		char at[32], *got_out, *got_files;
		int status;

		snprintf(at, sizeof at, "%ld", n);
		status = run_failing("malloc", at, NULL, argv, &got_out, &err);
		got_files = snapshot(dir);
		if (status == 2) {
			ck_assert_msg(strstr(err, "out of memory") || strstr(err, "Cannot allocate memory"),
				      "%s, allocation %ld failing: %s", argv[0], n, err);
			ck_assert_msg(!*got_files, "%s, allocation %ld failing, left: %s", argv[0], n, got_files);
			stopped++;
		} else {
			ck_assert_msg(status == commands[_i].ok, "%s, allocation %ld failing: status %d: %s",
				      argv[0], n, status, err);
			ck_assert_msg(strcmp(got_out, want_out) == 0 && strcmp(got_files, want_files) == 0,
				      "%s, allocation %ld failing: a different result", argv[0], n);
			tolerated++;
		}
		clear(dir);
		free(got_files);
		free(got_out);
		free(err);
	}
	ck_assert_int_gt(stopped, 0);
	printf("%s: %ld allocations, %ld failures stopped the run, %ld were tolerated\n", argv[0],
	       total, stopped, tolerated);
	free(want_files);
	free(want_out);
	free(log);
	free(out);
	rmdir(dir);
	free(dir);
}
END_TEST

/* ---- signals ---------------------------------------------------------- */

/*
 * A corpus whose drawing with -K dot takes minutes: 40 documents over 500
 * entities joined at random.  The graph JSON is written (to its temporary
 * file) before the layout starts, the SVG's temporary file waits for it.
 */
static void write_slow_corpus(const char *path)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	for (int d = 0; d < 40; d++) {
		int idx[50];

		fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"d%d\"}, \"entities\": [", d);
		for (int i = 0; i < 50; i++) {
			idx[i] = (d * 37 + i * 11) % 500;
			fprintf(f, "%s{\"id\": \"c%d\", \"type\": \"country\", \"name\": \"Country %d\"}",
				i ? ", " : "", idx[i], idx[i]);
		}
		fprintf(f, "], \"relations\": [");
		for (int i = 0; i < 50; i++)
			fprintf(f, "%s{\"type\": \"partner_of\", \"source\": \"c%d\", \"target\": \"c%d\"}",
				i ? ", " : "", idx[i], idx[(i * 7 + d + 1) % 50]);
		fprintf(f, "]}\n");
	}
	ck_assert_int_eq(fclose(f), 0);
}

/* SIGTERM or SIGINT while outputs are being written: the process dies of
 * the signal, its temporary files are gone and the old outputs intact. */
START_TEST(a_signal_removes_temporary_files)
{
	static const int sigs[] = {SIGTERM, SIGINT};
	int sig = sigs[_i], status, tmps = 0;
	char *dir = h_tmpdir(), *in = h_path(dir, "c.jsonl"), *json = h_path(dir, "g.json"),
	     *svg = h_path(dir, "g.svg"), *names;
	pid_t pid;

	write_slow_corpus(in);
	h_write(json, "old\n", 4);
	h_write(svg, "old\n", 4);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(devnull, 1);
		dup2(devnull, 2);
		/* A shell's background job starts with SIGINT ignored, and ergraph
		 * keeps an ignored signal ignored: give it the default. */
		signal(sig, SIG_DFL);
		execl(ERG_BINARY, ERG_BINARY, "build", "-q", "-K", "dot", in, "-o", json, "-o", svg,
		      (char *)NULL);
		_exit(126);
	}
	/* Both temporary files made: the JSON is written, the layout running. */
	for (int waited = 0; tmps < 2 && waited < 30000; waited += 5) {
		char *p;

		nanosleep(&(struct timespec){0, 5000000L}, NULL);
		names = listing(dir);
		for (tmps = 0, p = names; (p = strstr(p, ".tmp.")); p++)
			tmps++;
		free(names);
	}
	ck_assert_int_eq(tmps, 2);
	ck_assert_int_eq(kill(pid, sig), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig, "status %d", status);
	names = listing(dir);
	ck_assert_str_eq(names, "c.jsonl\ng.json\ng.svg\n");
	assert_file(json, "old\n");
	assert_file(svg, "old\n");
	free(names);
	unlink(in);
	unlink(json);
	unlink(svg);
	rmdir(dir);
	free(svg);
	free(json);
	free(in);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("failure");
	TCase *io = tcase_create("io"), *disk = tcase_create("disk"), *memory = tcase_create("memory");
	TCase *sig = tcase_create("signal");

	tcase_add_test(io, input_cannot_be_opened);
	tcase_add_test(io, input_cannot_be_read);
	tcase_add_test(io, text_file_cannot_be_opened);
	tcase_add_test(io, write_fails);
	tcase_add_test(io, temporary_file_cannot_be_made);
	tcase_add_test(io, rename_fails);
	tcase_add_test(io, store_cannot_be_made);
	suite_add_tcase(s, io);
	tcase_add_test(disk, full_disk);
	tcase_add_test(disk, full_disk_diff_json);
	tcase_add_test(disk, full_standard_output);
	tcase_add_test(disk, read_only_output_folder);
	suite_add_tcase(s, disk);
	tcase_add_loop_test(sig, a_signal_removes_temporary_files, 0, 2);
	tcase_set_timeout(sig, 60);
	suite_add_tcase(s, sig);
	tcase_add_loop_test(memory, every_allocation_fails_in_turn, 0,
			    (int)(sizeof commands / sizeof commands[0]));
	tcase_set_timeout(memory, 1800);
	suite_add_tcase(s, memory);
	return s;
}

int main(void)
{
	return h_main(suite());
}
