/*
 * error.c - the last error message of this process.
 */
#include "internal.h"

#include <stdio.h>

/* One a thread: loading checks documents in a second thread (checker.c). */
static _Thread_local char last_error[4096] = "no error";

const char *erg_error_last(void)
{
	return last_error;
}

int erg_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	return code;
}

int erg_nomem(void)
{
	return erg_fail(ERG_ESYS, "out of memory");
}
