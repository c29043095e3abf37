/*
 * country.c - countries by their names, short forms and demonyms.
 *
 * The table is data/countries.tsv, compiled in (countries.c, made at
 * build time).  Forms are looked up by their name key, so "U.S.", "US"
 * and "the US" are one form.  The map is made at the first lookup, once
 * for every thread.
 */
#include "internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static erg_map forms;      /* name key -> 2 * (index + 1) + (1 if a demonym) */
static int forms_rc;
/* A bit for each form's first and last byte and length: most names are
 * no form, and this tells nearly all of them so without hashing them. */
static uint64_t maybe[256];

static unsigned maybe_bit(const char *key, size_t len)
{
	return ((unsigned char)key[0] * 31u + (unsigned char)key[len ? len - 1 : 0] * 7u + (unsigned)len) % 16384u;
}

/* Each comma-separated form of list into the map. */
static int add_forms(const char *list, size_t index, bool demonym)
{
	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);
		char *form = strndup(list, len), *key = form ? erg_name_key(form) : NULL;
		int rc = key ? erg_map_put(&forms, key, (void *)(uintptr_t)(2 * (index + 1) + demonym)) : ERG_ESYS;

		if (rc == 0) {
			unsigned bit = maybe_bit(key, strlen(key));

			maybe[bit / 64] |= 1ull << (bit % 64);
		}

		if (!form)
			erg_nomem();
		free(form);
		free(key);
		if (rc < 0)
			return rc;
		list += len + (end != NULL);
	}
	return 0;
}

static void make_forms(void)
{
	for (size_t i = 0; i < erg_ncountries && forms_rc == 0; i++) {
		const erg_country *c = &erg_countries[i];

		/* Demonyms first: a form that is also a name is a name. */
		if ((forms_rc = add_forms(c->demonyms, i, true)) == 0 &&
		    (forms_rc = add_forms(c->names, i, false)) == 0)
			forms_rc = add_forms(c->name, i, false);
	}
}

int erg_country_find(const char *key, const erg_country **out, bool *demonym)
{
	uintptr_t v;
	unsigned bit = maybe_bit(key, strlen(key));

	*out = NULL;
	pthread_once(&once, make_forms);
	if (forms_rc < 0)
		return erg_nomem();
	if (!(maybe[bit / 64] >> (bit % 64) & 1) || !(v = (uintptr_t)erg_map_get(&forms, key)))
		return 0;
	*out = &erg_countries[v / 2 - 1];
	if (demonym)
		*demonym = v & 1;
	return 1;
}
