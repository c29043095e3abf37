/*
 * output.c - output files that appear whole or not at all.
 *
 * Each output is written to a temporary file beside it and renamed over
 * it only when every output of the call was written, so a run that fails
 * (--strict input errors, a full disk, a failed layout) leaves every
 * earlier output as it was and no temporary file behind.  Standard output and existing
 * files that are not regular files (/dev/stdout, a FIFO, /dev/full) are
 * written in place: renaming over a device would replace it.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int erg_out_open(erg_out *o, const char *path)
{
	struct stat st;
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
		if (!(o->f = fopen(path, "wb"))) {
			int e = errno;

			erg_out_discard(o);
			return erg_fail(ERG_ESYS, "%s: cannot open: %s", path, strerror(e));
		}
		return 0;
	}
	if (!(o->tmp = malloc(strlen(path) + sizeof ".tmp.XXXXXX"))) {
		erg_out_discard(o);
		return erg_nomem();
	}
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		erg_out_discard(o);
		return erg_fail(ERG_ESYS, "%s: cannot create a temporary file: %s", path, strerror(e));
	}
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
	free(o->tmp);
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
		free(o->tmp);
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
