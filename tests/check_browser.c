/*
 * check_browser.c - docs/report-example.html in Debian's headless
 * Chromium: both inlined graphs arrive whole in the DOM, no id is used
 * twice in the page, and the page does not render blank.
 */
#include "harness.h"

#include <cjson/cJSON.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHROMIUM "/usr/bin/chromium"
#define PAGE ERG_SOURCE_DIR "/docs/report-example.html"

/* Run headless Chromium with one action; stdout in *out (caller frees). */
static int chromium(const char *action, const char *size, char **out)
{
	char *dir = h_tmpdir(), cmd[4096], *outp = h_path(dir, "stdout");
	int rc;

	ck_assert_msg(access(CHROMIUM, X_OK) == 0, CHROMIUM " is missing: apt-get install chromium");
	snprintf(cmd, sizeof cmd,
		 CHROMIUM " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
		 " --disable-background-networking --disable-component-update --disable-sync"
		 " --hide-scrollbars --user-data-dir=%s/profile --window-size=%s %s file://%s > %s 2>/dev/null",
		 dir, size, action, PAGE, outp);
	rc = system(cmd);
	if (out)
		*out = h_read(outp, NULL);
	free(outp);
	free(dir);
	return rc;
}

static int graph_nodes(const char *name)
{
	char *path = h_path(ERG_SOURCE_DIR "/graphs", name), *text = h_read(path, NULL);
	cJSON *j = cJSON_Parse(text);
	int n;

	ck_assert_ptr_nonnull(j);
	n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "nodes"));
	cJSON_Delete(j);
	free(text);
	free(path);
	return n;
}

/*
 * Count the entities drawn in the DOM: the groups <g id="PREFIX-..."
 * class="node ...">, those each group node counts, and those the note
 * of unrelated entities counts.
 */
static int node_groups(const char *dom, const char *prefix)
{
	char pat[64], legend[64], note[64];
	const char *at;
	int n = 0, listed = 0;

	snprintf(pat, sizeof pat, "<g id=\"%s-", prefix);
	snprintf(legend, sizeof legend, "<g id=\"%s-legend\"", prefix);
	snprintf(note, sizeof note, "<g id=\"%s-unrelated\"", prefix);
	if ((at = strstr(dom, note)) != NULL) {
		at = strstr(at, ">Without relations (");
		ck_assert_ptr_nonnull(at);
		ck_assert_int_eq(sscanf(at, ">Without relations (%d)", &listed), 1);
		n = listed - 1; /* the note's own group is counted below */
	}
	for (const char *p = dom; (p = strstr(p, pat)); p++) {
		const char *end = strchr(p, '>'), *cls = strstr(p, " class=\"node ");

		if (!end || !cls || cls > end)
			continue; /* an edge or another group */
		if (strncmp(p, legend, strlen(legend)) == 0)
			continue; /* the legend is drawn as a node, but is no entity */
		if (strncmp(p + strlen(pat), "group", 5) == 0) {
			/* A group node: "country \u00d74:" counts its entities. */
			const char *times = strstr(p, "\u00d7");
			int members = 0;

			ck_assert_ptr_nonnull(times);
			ck_assert_int_eq(sscanf(times + 2, "%d:", &members), 1);
			n += members;
			continue;
		}
		n++;
	}
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(both_graphs_whole_and_no_id_twice)
{
	char *dom = NULL, **ids;
	size_t nids = 0, cap = 8192;

	ck_assert_int_eq(chromium("--dump-dom", "1280,2200", &dom), 0);
	ck_assert_ptr_nonnull(strstr(dom, "<figure id=\"report-corpus\">"));
	/* Every entity of each graph is a group in the live DOM. */
	ck_assert_int_eq(node_groups(dom, "corpus"), graph_nodes("corpus.json"));
	ck_assert_int_gt(node_groups(dom, "energy"), 10);
	ck_assert_int_gt(node_groups(dom, "diff"), graph_nodes("corpus.json") - 1);
	ck_assert_ptr_nonnull(strstr(dom, "<img src=\"../graphs/corpus.svg\""));
	/* Collect every id="..." of the page: none twice. */
	ids = malloc(cap * sizeof *ids);
	for (const char *p = dom; (p = strstr(p, " id=\"")); p += 5) {
		const char *q = strchr(p + 5, '"');

		ck_assert_ptr_nonnull(q);
		ck_assert_uint_lt(nids, cap);
		ids[nids++] = strndup(p + 5, (size_t)(q - p - 5));
	}
	ck_assert_uint_gt(nids, 300);
	qsort(ids, nids, sizeof *ids, cmp_str);
	for (size_t i = 1; i < nids; i++)
		ck_assert_msg(strcmp(ids[i - 1], ids[i]) != 0, "id used twice: %s", ids[i]);
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(dom);
}
END_TEST

START_TEST(screenshots_are_not_blank)
{
	static const char *const sizes[] = {"1280,2200", "600,2200"};

	for (int s = 0; s < 2; s++) {
		char *dir = h_tmpdir(), *shot = h_path(dir, "page.png"), action[512];
		png_image img;
		png_bytep px;
		size_t dark = 0, rows = 0;

		snprintf(action, sizeof action, "--screenshot=%s", shot);
		ck_assert_int_eq(chromium(action, sizes[s], NULL), 0);
		memset(&img, 0, sizeof img);
		img.version = PNG_IMAGE_VERSION;
		ck_assert_msg(png_image_begin_read_from_file(&img, shot), "no screenshot at %s", sizes[s]);
		img.format = PNG_FORMAT_GRAY;
		px = malloc(PNG_IMAGE_SIZE(img));
		ck_assert(png_image_finish_read(&img, NULL, px, 0, NULL));
		ck_assert_uint_eq(img.width, s == 0 ? 1280 : 600);
		for (png_uint_32 y = 0; y < img.height; y++) {
			if (memcmp(px + (size_t)y * img.width, px, img.width) != 0)
				rows++;
			for (png_uint_32 x = 0; x < img.width; x++)
				dark += px[(size_t)y * img.width + x] < 160;
		}
		/* Text and drawings over much of the page, not an empty canvas. */
		ck_assert_uint_gt(rows, img.height / 2);
		ck_assert_uint_gt(dark, 5000);
		free(px);
		free(shot);
		free(dir);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("browser");
	TCase *tc_page = tcase_create("page");

	tcase_set_timeout(tc_page, 180);
	tcase_add_test(tc_page, both_graphs_whole_and_no_id_twice);
	tcase_add_test(tc_page, screenshots_are_not_blank);
	suite_add_tcase(s, tc_page);
	return s;
}

int main(void)
{
	return h_main(suite());
}
