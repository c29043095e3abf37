/*
 * measure.c - run a command; print its wall time in seconds and its peak
 * resident memory in MiB (getrusage), tab-separated, on stdout.
 *
 *   measure COMMAND [ARG]...
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: measure COMMAND [ARG]...\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", 1);

		dup2(null, 1); /* the command's own output is not the measure */
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	/* One child: its peak is the children's peak (POSIX; wait4 is BSD). */
	if (pid < 0 || waitpid(pid, &status, 0) != pid || getrusage(RUSAGE_CHILDREN, &ru) != 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f\t%.1f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
	       (double)ru.ru_maxrss / 1024.0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
