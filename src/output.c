/*
 * output.c - output files that appear whole or not at all.
 *
 * Each output is written to a temporary file beside it and renamed over
 * it only when every output of the call was written, so a run that fails
 * (--strict input errors, a full disk, a failed layout) leaves every
 * earlier output as it was and no temporary file behind.  Standard output and existing
 * files that are not regular files (/dev/stdout, a FIFO, /dev/full) are
 * written in place.  Temporary files not yet renamed are listed, so that
 * a handler of SIGINT or SIGTERM can remove them (erg_remove_temporaries).
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the list of temporary files, read by signal handlers ------------- */

/*
 * A temporary file's entry.  The list is changed only with the cleanup
 * signals blocked in the changing thread, and the checking thread
 * (checker.c) never takes them, so a handler always sees it whole.
 */
typedef struct tmp_entry {
	struct tmp_entry *prev, *next;
	char path[];
} tmp_entry;

static tmp_entry *volatile tmp_list;

void erg_signals_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void signals_restore(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

void erg_remove_temporaries(void)
{
	for (tmp_entry *e = tmp_list; e; e = e->next)
		unlink(e->path); /* async-signal-safe, as is walking the list */
}

/* List a temporary path; NULL when out of memory. */
static tmp_entry *tmp_add(const char *path)
{
	size_t n = strlen(path) + 1;
	tmp_entry *e = malloc(sizeof *e + n);
	sigset_t old;

	if (!e)
		return NULL;
	memcpy(e->path, path, n);
	e->prev = NULL;
	erg_signals_block(&old);
	e->next = tmp_list;
	if (e->next)
		e->next->prev = e;
	tmp_list = e;
	signals_restore(&old);
	return e;
}

/* Take an entry off the list (its file renamed or removed) and free it. */
static void tmp_drop(tmp_entry *e)
{
	sigset_t old;

	erg_signals_block(&old);
	if (e->prev)
		e->prev->next = e->next;
	else
		tmp_list = e->next;
	if (e->next)
		e->next->prev = e->prev;
	signals_restore(&old);
	free(e);
}

/* The tmp_entry whose path o->tmp is. */
static tmp_entry *entry_of(const erg_out *o)
{
	return (tmp_entry *)(void *)(o->tmp - offsetof(tmp_entry, path));
}

/*
 * "DIR/NAME.tmp.XXXXXX" for path DIR/NAME, the name cut (at a UTF-8
 * character) so that the temporary name fits in NAME_MAX bytes even when
 * NAME itself nearly fills them.
 */
static int tmp_template(erg_buf *b, const char *path)
{
	static const char suffix[] = ".tmp.XXXXXX";
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t keep = strlen(base), most = NAME_MAX - (sizeof suffix - 1);

	if (keep > most) {
		keep = most;
		while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
			keep--;
	}
	if (erg_buf_put(b, path, (size_t)(base - path)) < 0 || erg_buf_put(b, base, keep) < 0 ||
	    erg_buf_puts(b, suffix) < 0)
		return erg_nomem();
	return 0;
}

/* How long a FIFO's reader may take to appear (a pipeline still starting). */
#define FIFO_WAIT_MS 3000

/*
 * Open an existing file that is not a regular one, in place.  A FIFO is
 * opened without blocking, so one that nobody reads is an error after
 * FIFO_WAIT_MS instead of a run that waits for ever; writes then block
 * as usual.
 */
static int open_in_place(erg_out *o, const char *path)
{
	int fd, flags;

	for (int waited = 0;; waited += 50) {
		fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 || errno != ENXIO || waited >= FIFO_WAIT_MS)
			break;
		nanosleep(&(struct timespec){0, 50 * 1000000L}, NULL);
	}
	if (fd < 0) {
		int e = errno;

		erg_out_discard(o);
		if (e == ENXIO)
			return erg_fail(ERG_ESYS, "%s: no process is reading this FIFO (waited %d s)", path,
					FIFO_WAIT_MS / 1000);
		return erg_fail(ERG_ESYS, "%s: cannot open: %s", path, strerror(e));
	}
	if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
	    !(o->f = fdopen(fd, "wb"))) {
		int e = errno;

		close(fd);
		erg_out_discard(o);
		return erg_fail(ERG_ESYS, "%s: cannot open: %s", path, strerror(e));
	}
	return 0;
}

int erg_out_open(erg_out *o, const char *path)
{
	erg_buf name = ERG_BUF_INIT;
	struct stat st;
	tmp_entry *ent;
	int fd;

	memset(o, 0, sizeof *o);
	if (!(o->path = strdup(path)))
		return erg_nomem();
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			erg_out_discard(o);
			return erg_fail(ERG_ESYS, "%s: is a folder", path);
		}
		return open_in_place(o, path);
	}
	if (tmp_template(&name, path) < 0 || !(ent = tmp_add(name.ptr))) {
		erg_buf_free(&name);
		erg_out_discard(o);
		return erg_nomem();
	}
	erg_buf_free(&name);
	/* Listed before it exists: a signal between the two finds nothing to remove. */
	if ((fd = mkstemp(ent->path)) < 0) {
		int e = errno;

		tmp_drop(ent);
		erg_out_discard(o);
		return erg_fail(ERG_ESYS, "%s: cannot create a temporary file: %s", path, strerror(e));
	}
	o->tmp = ent->path;
	/* Keep the mode an existing output had; mkstemp gives 0600. */
	if (fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0644) < 0 ||
	    !(o->f = fdopen(fd, "wb"))) {
		int e = errno;

		close(fd);
		erg_out_discard(o);
		return erg_fail(ERG_ESYS, "%s: %s", path, strerror(e));
	}
	return 0;
}

const char *erg_out_name(const erg_out *o)
{
	return !o->path ? "(closed)" : strcmp(o->path, "-") == 0 ? "standard output" : o->path;
}

int erg_out_close(erg_out *o)
{
	FILE *f = o->f;
	int bad;

	if (!f)
		return 0;
	o->f = NULL;
	bad = ferror(f) || fflush(f) != 0;
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad)
		return erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(o),
				strerror(errno ? errno : EIO));
	return 0;
}

int erg_out_commit(erg_out *o)
{
	int rc;

	if ((rc = erg_out_close(o)) < 0)
		return rc;
	if (o->tmp && rename(o->tmp, o->path) != 0) {
		rc = erg_fail(ERG_ESYS, "%s: cannot rename the temporary file: %s", o->path,
			      strerror(errno));
		erg_out_discard(o);
		return rc;
	}
	if (o->tmp)
		tmp_drop(entry_of(o));
	o->tmp = NULL;
	return 0;
}

void erg_out_discard(erg_out *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		tmp_drop(entry_of(o));
		o->tmp = NULL;
	}
	free(o->path);
	o->path = NULL;
}

int erg_out_commit_all(erg_out *outs, size_t n)
{
	int rc = 0;

	/* Close (flush) every file first: a full disk shows here, before any rename. */
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erg_out_close(&outs[i]);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erg_out_commit(&outs[i]);
	for (size_t i = 0; i < n; i++)
		erg_out_discard(&outs[i]);
	return rc;
}

int erg_write_file(const char *path, const void *data, size_t len)
{
	erg_out o;
	int rc;

	if ((rc = erg_out_open(&o, path)) < 0)
		return rc;
	if (len && fwrite(data, 1, len, o.f) != len) {
		rc = erg_fail(ERG_ESYS, "%s: cannot write: %s", erg_out_name(&o), strerror(errno));
		erg_out_discard(&o);
		return rc;
	}
	return erg_out_commit_all(&o, 1);
}
