#!/usr/bin/env python3
"""Write news.jsonl: a messy corpus of 300 documents, the kinds of trouble
real annotation corpora repeat across documents (cli.messy reads it).

    python3 generate.py     # in this folder; the output is deterministic
"""
import json

people = ["Catherine Ashton", "Nelson Mandela", "Christine Lagarde", "Angela Merkel", "Xi Jinping", "Olaf Scholz"]
countries = ["France", "Germany", "China", "South Africa", "Belgium", "Japan"]
lines = []
for i in range(300):
    p = people[i % len(people)]
    c = countries[(i * 7) % len(countries)]
    text = f"{p} of {c} met the press in {c}, said the agency."
    cs = text.index(c)
    doc = {"id": f"n{i:03d}", "title": f"Story {i}", "published": "2015-05-%02d" % (i % 28 + 1), "text": text}
    if i % 3:
        doc["source"] = "ftp://wire.example.org/story"  # 200 documents: not an http(s) URL
    ents = [{"id": "p", "type": "leader", "name": p, "mentions": [{"start": 0, "end": len(p), "text": p}]},
            {"id": "c", "type": "country", "name": c, "mentions": [{"start": cs, "end": cs + len(c), "text": c}]}]
    rels = [{"type": "citizen_of", "source": "p", "target": "c"}]  # an unknown type in every document
    if i % 5 == 0:
        rels.append({"type": "met_press_in", "source": "p", "target": "c"})  # another, in 60
    if i % 7 == 0:
        a = text.index("the agency")
        ents.append({"id": "a", "type": "organization", "name": "the agency",
                     "mentions": [{"start": a, "end": a + 10, "text": "the agency"}]})
        rels.append({"type": "leader_of", "source": "a", "target": "c"})  # endpoint type, in 43
    if i % 25 == 7:  # 12 documents with a span past the end: left out
        ents[1]["mentions"][0] = {"start": cs, "end": len(text) + i, "text": c}
    line = json.dumps({"ergraph": 1, "document": doc, "entities": ents, "relations": rels}, ensure_ascii=False)
    if i in (50, 150, 250, 299):  # 4 lines cut short: syntax errors, left out
        line = line[:60]
    lines.append(line)
with open("news.jsonl", "w") as f:
    f.write("\n".join(lines) + "\n")
