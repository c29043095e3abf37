/*
 * main.c - the ergraph tool: one table of subcommands over libergraph.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"build", cmd_build, "build the graph of INPUT... and write DOT, SVG, PNG, graph JSON"},
	{"validate", cmd_validate, "check annotation files; write nothing"},
	{"stats", cmd_stats, "counts per type, best connected entities, merges"},
	{"diff", cmd_diff, "what changed between two graphs: text, diff JSON, a drawing"},
	{"merge", cmd_merge, "merge graphs of parts of a corpus into the graph of the whole"},
	{"import", cmd_import, "convert Label Studio, doccano or DocRED files to annotation files"},
	{"explain", cmd_explain, "why an entity is what it is: its merges and documents"},
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: ergraph COMMAND [OPTION]... [ARG]...\n"
		   "Turn JSON annotations of news documents into one entity-relationship graph\n"
		   "and draw it with Graphviz.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'ergraph COMMAND --help' tells more.  Documentation: docs/cli.md\n"
		   "  -h, --help     show this help\n  -V, --version  show the version\n"
		   "\nExit status: 0 success, 1 input errors (documents with errors left out,\n"
		   "the outputs hold the rest), 2 usage or system error.\n");
}

/* Remove the temporary files of outputs being written, then die of the signal. */
static void on_signal(int sig)
{
	erg_remove_temporaries();
	raise(sig); /* the handler was reset to the default (SA_RESETHAND) */
}

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

int main(int argc, char **argv)
{
	int status;

#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/*
	 * glibc raises its mmap threshold each time a large block is freed;
	 * the tables that grow with a corpus then grow inside a fragmented
	 * heap instead (2 to 3 MiB more at 100,000 documents).  Setting the
	 * threshold, at glibc's own default, keeps large blocks mapped.
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
		struct sigaction sa, was;

		/* A signal ignored by whoever started us (nohup, a background job) stays ignored. */
		if (sigaction(cleanup_signals[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sa.sa_flags = SA_RESETHAND;
		sigemptyset(&sa.sa_mask);
		sigaction(cleanup_signals[i], &sa, NULL);
	}
	if (argc < 2)
		return cli_usage_error(NULL, "no command given");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("ergraph %s (graph JSON and annotation schema version %d)\n", ERG_VERSION,
		       ERG_SCHEMA_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			status = commands[i].run(argc - 1, argv + 1);
			erg_shutdown();
			if ((fflush(stdout) != 0 || ferror(stdout)) && status != EXIT_TROUBLE) {
				fprintf(stderr, "ergraph: standard output: cannot write: %s\n",
					strerror(errno ? errno : EIO));
				return EXIT_TROUBLE;
			}
			return status;
		}
	}
	return cli_usage_error(NULL, "'%s' is not a command", argv[1]);
}
