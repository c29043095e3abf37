/*
 * shim.c - make one C library call fail on purpose (LD_PRELOAD).
 *
 *   ERG_FAIL=fopen|read|write|rename|mkstemp|malloc   the call to fail
 *   ERG_FAIL_AT=N      the Nth such call fails (1 when unset; 0: none, count) ...
 *   ERG_FAIL_ONCE=1    ... and only that one; else every call from it on
 *   ERG_FAIL_PATH=S    fopen, rename and mkstemp: count only paths with S
 *
 * "read" is fread and "write" fwrite on a file with a descriptor (not an
 * in-memory stream): ergraph reads and writes files only through those,
 * and glibc's own read(2) and write(2) calls inside stdio cannot be
 * interposed.  A failed fread or fwrite sets the stream's error flag, as a
 * real I/O error does.  "malloc" covers malloc, calloc and realloc.
 *
 * Calls are counted from the start of main(): what the dynamic loader and
 * the libraries' constructors allocate is not the program's to handle.
 * Likewise in a thread the program starts: from its start routine on, not
 * while the C library (or a sanitizer's runtime, which cannot stand a
 * failed allocation there) sets the thread up.
 *
 * ERG_FAIL_TRAP=1 raises SIGTRAP at the failing call, for gdb's backtrace.
 * The tests in check_failure.c run the real ergraph with this library
 * preloaded; ERG_FAIL_LOG=1 prints the number of calls seen at exit, to
 * size a sweep.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *which;   /* ERG_FAIL, or NULL: the shim does nothing */
static const char *only;    /* ERG_FAIL_PATH */
static long at = 1, seen;
static int once, trap;
static volatile int armed; /* main() has started */
/* This thread runs the program's code: main() or a start routine. */
static __thread int running __attribute__((tls_model("initial-exec")));

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static FILE *(*real_fopen)(const char *, const char *);
static size_t (*real_fread)(void *, size_t, size_t, FILE *);
static size_t (*real_fwrite)(const void *, size_t, size_t, FILE *);
static int (*real_rename)(const char *, const char *);
static int (*real_mkstemp)(char *);
static void (*real_free)(void *);

/* dlsym() may allocate before real_calloc is known: serve it from here. */
static char early[4096];
static size_t early_used;
static int resolving;

static void report(void)
{
	if (getenv("ERG_FAIL_LOG"))
		fprintf(stderr, "shim: %ld calls to %s\n", seen, which);
}

__attribute__((constructor)) static void init(void)
{
	const char *s;

	resolving = 1;
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	real_fopen = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
	real_fread = (size_t(*)(void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fread");
	real_fwrite = (size_t(*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
	real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	real_mkstemp = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
	resolving = 0;
	which = getenv("ERG_FAIL");
	only = getenv("ERG_FAIL_PATH");
	if ((s = getenv("ERG_FAIL_AT")))
		at = atol(s);
	once = getenv("ERG_FAIL_ONCE") != NULL;
	trap = getenv("ERG_FAIL_TRAP") != NULL;
	if (which)
		atexit(report);
}

/* Is this call of `name` (on `path`, or NULL) the one to fail? */
static int fail(const char *name, const char *path)
{
	if (!which || !armed || !running || resolving || strcmp(which, name) != 0)
		return 0;
	if (only && (!path || !strstr(path, only)))
		return 0;
	/* Atomic: a build checks JSON Lines in a second thread. */
	long n = __atomic_add_fetch(&seen, 1, __ATOMIC_RELAXED);

	if (at <= 0)
		return 0;
	if (n == at && trap)
		raise(SIGTRAP); /* under gdb: the backtrace of the call that fails */
	return once ? n == at : n >= at;
}

void *malloc(size_t n)
{
	if (!real_malloc)
		return calloc(1, n);
	if (fail("malloc", NULL)) {
		errno = ENOMEM;
		return NULL;
	}
	return real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	if (!real_calloc) {
		/* Only dlsym() itself gets here, with small requests. */
		size_t total = (n * size + 15) & ~(size_t)15;
		void *p = early + early_used;

		if (total > sizeof early - early_used)
			return NULL;
		early_used += total;
		return p;
	}
	if (fail("malloc", NULL)) {
		errno = ENOMEM;
		return NULL;
	}
	return real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	if (fail("malloc", NULL)) {
		errno = ENOMEM;
		return NULL;
	}
	return real_realloc(p, n);
}

void free(void *p)
{
	if ((char *)p >= early && (char *)p < early + sizeof early)
		return;
	if (!real_free)
		real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	real_free(p);
}

FILE *fopen(const char *path, const char *mode)
{
	if (fail("fopen", path)) {
		errno = EACCES;
		return NULL;
	}
	return real_fopen(path, mode);
}

size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
	if (fileno(f) >= 0 && fail("read", NULL)) {
		f->_flags |= 0x20; /* _IO_ERR_SEEN: ferror() is true, as after EIO */
		errno = EIO;
		return 0;
	}
	return real_fread(buf, size, n, f);
}

size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
	if (fileno(f) > 2 && fail("write", NULL)) {
		f->_flags |= 0x20;
		errno = ENOSPC;
		return 0;
	}
	return real_fwrite(buf, size, n, f);
}

int rename(const char *from, const char *to)
{
	if (fail("rename", to)) {
		errno = EXDEV;
		return -1;
	}
	return real_rename(from, to);
}

int mkstemp(char *tmpl)
{
	if (fail("mkstemp", tmpl)) {
		errno = EROFS;
		return -1;
	}
	return real_mkstemp(tmpl);
}

/* Count from main() on: wrap it through glibc's start routine. */
typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int armed_main(int argc, char **argv, char **envp)
{
	armed = running = 1;
	return real_main(argc, argv, envp);
}

/* A thread's calls count once its start routine runs. */
typedef struct {
	void *(*fn)(void *);
	void *arg;
} start;

static void *running_start(void *p)
{
	start s = *(start *)p;

	real_free(p);
	running = 1;
	return s.fn(s.arg);
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	int (*create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) =
		(int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))dlsym(
			RTLD_NEXT, "pthread_create");
	start *s = real_malloc(sizeof *s);
	int rc;

	if (!s)
		return EAGAIN;
	s->fn = fn;
	s->arg = arg;
	if ((rc = create(t, attr, running_start, s)) != 0)
		real_free(s);
	return rc;
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
		      void (*rtld_fini)(void), void *stack_end)
{
	int (*start)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *) =
		(int (*)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
			 void *))dlsym(RTLD_NEXT, "__libc_start_main");

	real_main = main;
	return start(armed_main, argc, argv, init, fini, rtld_fini, stack_end);
}
