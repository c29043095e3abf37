/*
 * vocab.c - relation types: direction, symmetry and allowed endpoints.
 *
 * The built-in vocabulary (docs/annotation-schema.md): ten types of
 * diplomacy and trade, and four that news annotation needs (official_of,
 * attended, hosted, invited).  A JSON file may add types or redefine
 * built-in ones.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	bool symmetric;
	const char *sources, *targets; /* space-separated; "" is any */
	const char *description;
} builtin[] = {
	{"attended", false, "leader person country organization", "event",
	 "took part in an event"},
	{"disputes_with", true, "", "", "territorial, historical or political dispute"},
	{"hosted", false, "country organization leader city", "event", "hosted an event"},
	{"invited", false, "leader country organization", "leader country organization person",
	 "invited someone (attributes.to says to what)"},
	{"leader_of", false, "leader", "country organization",
	 "heads a state, government, party or company"},
	{"member_of", false, "country organization leader person", "organization",
	 "is a member of"},
	{"met_with", true, "", "", "met in person or talked"},
	{"official_of", false, "leader person", "country organization",
	 "holds an office in or speaks for (attributes.role)"},
	{"partner_of", true, "country organization", "country organization",
	 "stated partnership, alliance or cooperation"},
	{"party_to", false, "country organization", "agreement", "is a party to an agreement"},
	{"sanctions", false, "country organization", "country organization leader person",
	 "imposes sanctions on"},
	{"signed", false, "leader", "agreement", "signed an agreement"},
	{"supplies", false, "country organization", "country organization",
	 "supplies goods, energy or arms to"},
	{"visited", false, "leader person organization", "country city region",
	 "travelled to"},
};

static int add_words(erg_strset *set, const char *words)
{
	char buf[256];
	char *tok, *save;

	snprintf(buf, sizeof buf, "%s", words);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (erg_strset_add(set, tok) < 0)
			return ERG_ESYS;
	return 0;
}

static erg_reltype *vocab_slot(erg_vocab *vocab, const char *name)
{
	erg_reltype *v = (erg_reltype *)erg_vocab_find(vocab, name);

	if (v) {
		/* Defined again: what it said before goes. */
		erg_strset_free(&v->sources);
		erg_strset_free(&v->targets);
		free(v->description);
		v->description = NULL;
		return v;
	}
	if (!(v = erg_reallocarray(vocab->v, vocab->n + 1, sizeof *v)))
		return NULL;
	vocab->v = v;
	v = &vocab->v[vocab->n];
	memset(v, 0, sizeof *v);
	if (!(v->name = erg_strdup(name)))
		return NULL;
	vocab->n++;
	return v;
}

static int types_from_json(erg_strset *set, const cJSON *arr, const char *file,
			   const char *rel, const char *key)
{
	const cJSON *it;

	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return erg_fail(ERG_EINVALID, "%s: relations.%s.%s: expected an array of types",
				file, rel, key);
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || !erg_word_valid(it->valuestring))
			return erg_fail(ERG_EINVALID,
					"%s: relations.%s.%s: expected lower-case type names", file,
					rel, key);
		if (erg_strset_add(set, it->valuestring) < 0)
			return ERG_ESYS;
	}
	return 0;
}

static int vocab_file(erg_vocab *vocab, const char *file)
{
	char *buf = NULL;
	size_t len;
	size_t err = 0;
	cJSON *root = NULL;
	const cJSON *rels, *r;
	int rc, line, col;

	if ((rc = erg_read_file(file, ERG_MAX_FILE_SIZE, &buf, &len)) < 0)
		return rc;
	if (!(root = erg_json_parse(buf, len, &err))) {
		erg_text_position(buf, err, &line, &col);
		rc = erg_fail(ERG_EINVALID, "%s:%d:%d: not valid JSON", file, line, col);
		goto done;
	}
	rels = cJSON_GetObjectItemCaseSensitive(root, "relations");
	if (!cJSON_IsObject(rels)) {
		rc = erg_fail(ERG_EINVALID, "%s: relations: expected an object of relation types",
			      file);
		goto done;
	}
	cJSON_ArrayForEach(r, rels) {
		const cJSON *sym = cJSON_GetObjectItemCaseSensitive(r, "symmetric");
		const cJSON *desc = cJSON_GetObjectItemCaseSensitive(r, "description");
		erg_reltype *t;

		if (!erg_word_valid(r->string) || !cJSON_IsObject(r)) {
			rc = erg_fail(ERG_EINVALID,
				      "%s: relations.%s: expected a lower-case name and an object",
				      file, r->string);
			goto done;
		}
		if (sym && !cJSON_IsBool(sym)) {
			rc = erg_fail(ERG_EINVALID, "%s: relations.%s.symmetric: expected true or false",
				      file, r->string);
			goto done;
		}
		if (!(t = vocab_slot(vocab, r->string))) {
			rc = ERG_ESYS;
			goto done;
		}
		t->symmetric = cJSON_IsTrue(sym);
		if (cJSON_IsString(desc) && !(t->description = erg_strdup(desc->valuestring))) {
			rc = ERG_ESYS;
			goto done;
		}
		if ((rc = types_from_json(&t->sources, cJSON_GetObjectItemCaseSensitive(r, "source"),
					  file, r->string, "source")) < 0 ||
		    (rc = types_from_json(&t->targets, cJSON_GetObjectItemCaseSensitive(r, "target"),
					  file, r->string, "target")) < 0)
			goto done;
	}
done:
	cJSON_Delete(root);
	free(buf);
	return rc;
}

int erg_vocab_init(erg_vocab *vocab, const char *file)
{
	memset(vocab, 0, sizeof *vocab);
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
		erg_reltype *t = vocab_slot(vocab, builtin[i].name);

		if (!t)
			return ERG_ESYS;
		t->symmetric = builtin[i].symmetric;
		if (add_words(&t->sources, builtin[i].sources) < 0 ||
		    add_words(&t->targets, builtin[i].targets) < 0 ||
		    !(t->description = erg_strdup(builtin[i].description)))
			return ERG_ESYS;
	}
	return file ? vocab_file(vocab, file) : 0;
}

int erg_vocab_add(erg_vocab *vocab, const char *name)
{
	erg_reltype *t = vocab_slot(vocab, name);

	return t ? 0 : ERG_ESYS;
}

int erg_vocab_allow(erg_vocab *vocab, const char *name, const char *source, const char *target)
{
	erg_reltype *t = (erg_reltype *)erg_vocab_find(vocab, name);

	if (!t)
		return erg_fail(ERG_EUSAGE, "no relation type '%s'", name);
	/* An empty list allows any type already. */
	if ((source && t->sources.n && erg_strset_add(&t->sources, source) < 0) ||
	    (target && t->targets.n && erg_strset_add(&t->targets, target) < 0))
		return ERG_ESYS;
	return 0;
}

int erg_vocab_extend(erg_vocab *vocab, const char *file)
{
	return vocab_file(vocab, file);
}

const erg_reltype *erg_vocab_find(const erg_vocab *vocab, const char *name)
{
	/* Called for every relation read: the first letter tells most types apart. */
	for (size_t i = 0; i < vocab->n; i++)
		if (vocab->v[i].name[0] == name[0] && strcmp(vocab->v[i].name, name) == 0)
			return &vocab->v[i];
	return NULL;
}

void erg_vocab_free(erg_vocab *vocab)
{
	for (size_t i = 0; i < vocab->n; i++) {
		free(vocab->v[i].name);
		free(vocab->v[i].description);
		erg_strset_free(&vocab->v[i].sources);
		erg_strset_free(&vocab->v[i].targets);
	}
	free(vocab->v);
	memset(vocab, 0, sizeof *vocab);
}

/*
 * The built-in entity types, the more specific first: when documents
 * give an entity two types equally often, the earlier one here wins
 * (docs/annotation-schema.md, "How entities merge").  Other types come
 * after them, and `entity`, the type imports give an unlabelled span,
 * after every other.
 */
static const char *const entity_precedence[] = {
	"leader", "person", "country", "city", "region", "location",
	"agreement", "event", "organization",
};

int erg_type_precedence(const char *a, const char *b)
{
	size_t n = sizeof entity_precedence / sizeof entity_precedence[0];
	size_t ra = strcmp(a, "entity") == 0 ? n + 1 : n, rb = strcmp(b, "entity") == 0 ? n + 1 : n;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(a, entity_precedence[i]) == 0)
			ra = i;
		if (strcmp(b, entity_precedence[i]) == 0)
			rb = i;
	}
	if (ra != rb)
		return ra < rb ? -1 : 1;
	/* Two built-ins are told apart above; other types by byte order. */
	return ra == n ? strcmp(a, b) : 0;
}
