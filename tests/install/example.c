/* example.c - a program against the installed libergraph: read INPUT, draw it to OUT. */
#include <ergraph.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	erg_load_options lo = ERG_LOAD_OPTIONS_INIT;
	erg_output out = {argc > 2 ? argv[2] : "graph.svg", ERG_OUT_NONE};
	erg_graph *g = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: example INPUT OUT.svg|.png|.dot|.json\n");
		return 2;
	}
	out.format = erg_output_format_from_path(out.path);
	if ((rc = erg_graph_new(&g)) == 0 && (rc = erg_graph_load(g, argv[1], &lo)) == 0 &&
	    (rc = erg_graph_finish(g)) == 0 && (rc = erg_render(g, &out, 1, NULL)) == 0)
		printf("%zu documents, %zu entities, %zu relations\n", erg_graph_document_count(g),
		       erg_graph_node_count(g), erg_graph_edge_count(g));
	else
		fprintf(stderr, "example: %s\n", erg_error_last());
	erg_graph_free(g);
	erg_shutdown();
	return rc == 0 ? 0 : 1;
}
