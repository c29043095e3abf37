/*
 * page.js - the page of `ergraph build -o graph.html` (src/render_html.c).
 *
 * The page holds ergraph's SVG inline and the graph's data as JSON in
 * the script element "erg-data".  This script adds, on top of the drawing: pan
 * and zoom (mouse, wheel, touch, keyboard), search by name or alias,
 * neighbours highlighted on hover or focus, a side panel with the
 * evidence of what is clicked, filters by type and by date, and for a
 * diff the switch between the old graph, the new one and the changes.
 *
 * Every text of the data is put in the page with textContent or as an
 * attribute value, never as markup (no innerHTML anywhere), and a link is
 * made only for an http(s) or relative URL.  Without JavaScript the page
 * is the SVG with its tooltips.
 */
(function () {
	'use strict';

	var SVGNS = 'http://www.w3.org/2000/svg';
	var data = JSON.parse(document.getElementById('erg-data').textContent);
	var view = document.getElementById('erg-view');
	var svg = view.querySelector('svg');
	var bar = document.getElementById('erg-bar');
	var panel = document.getElementById('erg-panel');
	var nodes = data.nodes, edges = data.edges;
	/* Past this many entities a restyle of the whole drawing takes long
	 * (Re-DocRED's 7,140 in docs/output-formats.md): hovering then lights
	 * the neighbours without dimming the rest. */
	var LARGE = nodes.length > 2000;

	/* ---- small helpers ------------------------------------------------ */

	/* An element with a class and a text, both optional. */
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = String(text);
		return e;
	}

	/* Only http(s) URLs and relative references are links (never
	 * javascript:, data: or "//host"). */
	function safeUrl(url) {
		if (typeof url !== 'string' || url === '')
			return false;
		if (/^https?:\/\//i.test(url))
			return true;
		return !/^[a-z][a-z0-9+.-]*:/i.test(url) && url.slice(0, 2) !== '//' &&
			!/[\u0000-\u001f\\]/.test(url);
	}

	function label(type) {
		return String(type).replace(/_/g, ' ');
	}

	/* ---- the model joined to the drawing ------------------------------- */

	/* Each node and edge gets its SVG group (el), its neighbours (nodes)
	 * and its relations (edges). */
	nodes.forEach(function (n) {
		n.el = n.svg ? document.getElementById(n.svg) : null;
		n.edges = [];
	});
	edges.forEach(function (e, i) {
		e.el = e.svg ? document.getElementById(e.svg) : null;
		e.index = i;
		nodes[e.source].edges.push(e);
		if (e.target !== e.source)
			nodes[e.target].edges.push(e);
	});
	var byElement = new Map();
	nodes.forEach(function (n, i) {
		n.index = i;
		if (!n.el)
			return;
		byElement.set(n.el, n);
		/* Entities take the keyboard focus, with a name for screen readers. */
		n.el.setAttribute('tabindex', '0');
		n.el.setAttribute('role', 'button');
		n.el.setAttribute('aria-label', n.name + ', ' + label(n.type));
	});
	edges.forEach(function (e) {
		if (!e.el)
			return;
		byElement.set(e.el, e);
		e.el.setAttribute('aria-label', nodes[e.source].name + ' ' + label(e.type) + ' ' +
			nodes[e.target].name);
		/* A thin line is hard to hit: a wide transparent copy takes the
		 * pointer (only while there are few enough to stay quick). */
		if (edges.length <= 5000) {
			var path = e.el.querySelector('path');
			if (path) {
				var hit = path.cloneNode(false);
				hit.setAttribute('class', 'erg-hit');
				hit.removeAttribute('stroke');
				hit.removeAttribute('stroke-width');
				hit.removeAttribute('stroke-dasharray');
				path.parentNode.insertBefore(hit, path);
			}
		}
	});

	/* The node or edge an event happened in, or null. */
	function itemOf(target) {
		var g = target && target.closest ? target.closest('g.node, g.edge') : null;
		return g ? byElement.get(g) || null : null;
	}

	/* ---- pan and zoom: the SVG's viewBox ------------------------------- */

	var vb0 = svg.viewBox.baseVal;
	var home = {x: vb0.x, y: vb0.y, w: vb0.width, h: vb0.height};
	var vb = {x: home.x, y: home.y, w: home.w, h: home.h};

	/* The view is drawn once a frame however many events moved it
	 * (now: at once, for what reads the drawing's place next). */
	var pending = false;
	function setViewBox() {
		pending = false;
		svg.setAttribute('viewBox', vb.x + ' ' + vb.y + ' ' + vb.w + ' ' + vb.h);
	}
	function applyView(now) {
		if (now)
			setViewBox();
		else if (!pending) {
			pending = true;
			requestAnimationFrame(function () {
				if (pending)
					setViewBox();
			});
		}
	}

	/* The drawing's coordinates of a point of the window, from vb (which
	 * may be ahead of the viewBox drawn): the SVG is centred and scaled
	 * to fit its box (preserveAspectRatio xMidYMid meet). */
	function toSvg(cx, cy) {
		var r = svg.getBoundingClientRect();
		var k = Math.min(r.width / vb.w, r.height / vb.h);
		if (!(k > 0))
			return {x: vb.x + vb.w / 2, y: vb.y + vb.h / 2};
		return {x: vb.x + (cx - r.left - (r.width - vb.w * k) / 2) / k,
			y: vb.y + (cy - r.top - (r.height - vb.h * k) / 2) / k};
	}

	/* Zoom by factor k (>1: closer) keeping the drawing's point p still;
	 * from a tenth of a node to ten times the whole drawing. */
	function zoom(k, p) {
		var w = vb.w / k;
		var most = Math.max(home.w, home.h) * 10, least = 20;
		if (w > most)
			k = vb.w / most;
		else if (w < least)
			k = vb.w / least;
		vb.x = p.x - (p.x - vb.x) / k;
		vb.y = p.y - (p.y - vb.y) / k;
		vb.w /= k;
		vb.h /= k;
		applyView();
	}

	function centre() {
		return {x: vb.x + vb.w / 2, y: vb.y + vb.h / 2};
	}

	/* Pan by a part of the view (dx, dy in view widths and heights). */
	function pan(dx, dy) {
		vb.x += dx * vb.w;
		vb.y += dy * vb.h;
		applyView();
	}

	function reset() {
		vb = {x: home.x, y: home.y, w: home.w, h: home.h};
		applyView();
	}

	/* Centre the view on an element, closer if the whole drawing shows. */
	function centreOn(elem) {
		applyView(true);
		var r = elem.getBoundingClientRect();
		var c = toSvg(r.left + r.width / 2, r.top + r.height / 2);
		var corner = toSvg(r.left, r.top);
		var size = Math.max(Math.abs(c.x - corner.x), Math.abs(c.y - corner.y)) * 2;
		var w = Math.min(vb.w, Math.max(size * 8, 400));
		var h = vb.h * w / vb.w;
		vb = {x: c.x - w / 2, y: c.y - h / 2, w: w, h: h};
		applyView(true);
	}

	view.addEventListener('wheel', function (ev) {
		ev.preventDefault();
		zoom(Math.pow(1.0015, -ev.deltaY * (ev.deltaMode === 1 ? 30 : 1)),
			toSvg(ev.clientX, ev.clientY));
	}, {passive: false});

	/* Pointers (mouse, pen, fingers): one drags, two pinch. */
	var pointers = new Map(), moved = false, pinch = 0;
	view.addEventListener('pointerdown', function (ev) {
		if (ev.button !== 0)
			return;
		pointers.set(ev.pointerId, {x: ev.clientX, y: ev.clientY});
		moved = false;
		if (pointers.size === 2) {
			var p = Array.from(pointers.values());
			pinch = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
		}
	});
	view.addEventListener('pointermove', function (ev) {
		var last = pointers.get(ev.pointerId);
		if (!last)
			return;
		var now = {x: ev.clientX, y: ev.clientY};
		if (!moved && Math.hypot(now.x - last.x, now.y - last.y) < 3)
			return;
		if (!moved) {
			moved = true;
			view.setPointerCapture(ev.pointerId);
			view.classList.add('erg-drag');
		}
		if (pointers.size === 1) {
			var a = toSvg(last.x, last.y), b = toSvg(now.x, now.y);
			vb.x -= b.x - a.x;
			vb.y -= b.y - a.y;
			applyView();
		} else if (pointers.size === 2) {
			pointers.set(ev.pointerId, now);
			var p = Array.from(pointers.values());
			var d = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
			if (pinch > 0 && d > 0)
				zoom(d / pinch, toSvg((p[0].x + p[1].x) / 2, (p[0].y + p[1].y) / 2));
			pinch = d;
		}
		pointers.set(ev.pointerId, now);
	});
	function pointerEnd(ev) {
		pointers.delete(ev.pointerId);
		if (pointers.size < 2)
			pinch = 0;
		if (pointers.size === 0)
			view.classList.remove('erg-drag');
	}
	view.addEventListener('pointerup', pointerEnd);
	view.addEventListener('pointercancel', pointerEnd);

	/* ---- hover and focus: neighbours highlighted, the rest dimmed ------ */

	var lit = [];
	function highlight(item) {
		unhighlight();
		if (!item)
			return;
		var mark = function (e) {
			if (e && e.el) {
				e.el.classList.add('erg-hi');
				lit.push(e.el);
			}
		};
		if (item.edges) { /* a node */
			mark(item);
			item.edges.forEach(function (e) {
				mark(e);
				mark(nodes[e.source]);
				mark(nodes[e.target]);
			});
		} else {
			mark(item);
			mark(nodes[item.source]);
			mark(nodes[item.target]);
		}
		if (!LARGE)
			svg.classList.add('erg-dim');
	}
	function unhighlight() {
		if (svg.classList.contains('erg-dim'))
			svg.classList.remove('erg-dim');
		lit.forEach(function (e) { e.classList.remove('erg-hi'); });
		lit = [];
	}
	/* On a large drawing the pointer passes over many entities on its
	 * way: only one it rests on for a moment is lit. */
	var hoverTimer = 0;
	svg.addEventListener('mouseover', function (ev) {
		var item = itemOf(ev.target);
		clearTimeout(hoverTimer);
		if (pointers.size !== 0)
			return;
		if (LARGE)
			hoverTimer = setTimeout(function () { highlight(item); }, 120);
		else
			highlight(item);
	});
	svg.addEventListener('mouseout', function (ev) {
		if (!itemOf(ev.relatedTarget)) {
			clearTimeout(hoverTimer);
			unhighlight();
		}
	});
	svg.addEventListener('focusin', function (ev) { highlight(itemOf(ev.target)); });
	svg.addEventListener('focusout', unhighlight);

	/* ---- the side panel ------------------------------------------------ */

	var selected = null;

	/* A document's title, date and link (when safe) as one list item. */
	function documentLine(li, id) {
		var d = data.documents[id] || {};
		var title = d.title || id;
		var src = el('div', 'erg-src');
		if (d.url && safeUrl(d.url)) {
			var a = el('a', null, title);
			a.href = d.url;
			a.rel = 'noopener noreferrer';
			a.target = '_blank';
			src.appendChild(a);
		} else {
			src.appendChild(document.createTextNode(title));
		}
		if (d.date)
			src.appendChild(document.createTextNode(' \u00b7 ' + d.date));
		li.appendChild(src);
	}

	/* "N more not shown" when the page kept only the first ones. */
	function cutNote(parent, shown, total, what) {
		if (total > shown)
			parent.appendChild(el('p', 'erg-note', (total - shown) + ' more ' + what +
				' not in this page (it keeps ' + data.max_evidence +
				'); the graph JSON has them all'));
	}

	function dates(item) {
		if (!item.first_seen)
			return null;
		return item.first_seen === item.last_seen || !item.last_seen ? item.first_seen
			: item.first_seen + ' to ' + item.last_seen;
	}

	/* A button in the panel that selects another node or edge. */
	function itemButton(item, text) {
		var b = el('button', 'erg-link', text);
		b.type = 'button';
		b.addEventListener('click', function () {
			reveal(item);
			select(item);
			if (item.el)
				centreOn(item.el);
		});
		return b;
	}

	function facts(list) {
		var dl = el('dl');
		list.forEach(function (f) {
			if (f[1] === null || f[1] === undefined || f[1] === '')
				return;
			dl.appendChild(el('dt', null, f[0]));
			dl.appendChild(el('dd', null, f[1]));
		});
		return dl;
	}

	function showNode(n) {
		panel.appendChild(el('h2', null, n.name));
		panel.appendChild(facts([['type', label(n.type)], ['id', n.id],
			['also', n.aliases.length ? n.aliases.join('; ') : null], ['seen', dates(n)],
			['mentions', n.mentions], ['change', n.status || null]]));
		if (n.edges.length) {
			panel.appendChild(el('h3', null, 'Relations (' + n.edges.length + ')'));
			var ul = el('ul');
			n.edges.slice(0, 200).forEach(function (e) {
				var li = el('li');
				var other = e.source === n.index ? nodes[e.target] : nodes[e.source];
				var arrow = !e.directed ? ' \u2014 ' : e.source === n.index ? ' \u2192 ' : ' \u2190 ';
				li.appendChild(document.createTextNode(label(e.type) + arrow));
				li.appendChild(itemButton(e, other.name));
				ul.appendChild(li);
			});
			panel.appendChild(ul);
			if (n.edges.length > 200)
				panel.appendChild(el('p', 'erg-note', (n.edges.length - 200) + ' more relations'));
		}
		panel.appendChild(el('h3', null, 'Documents (' + n.ndocuments + ')'));
		var docs = el('ul');
		n.documents.forEach(function (id) {
			var li = el('li');
			documentLine(li, id);
			docs.appendChild(li);
		});
		panel.appendChild(docs);
		cutNote(panel, n.documents.length, n.ndocuments, 'documents');
	}

	function showEdge(e) {
		var s = nodes[e.source], t = nodes[e.target];
		var h = el('h2');
		h.appendChild(itemButton(s, s.name));
		h.appendChild(document.createTextNode(' ' + label(e.type) + ' '));
		h.appendChild(itemButton(t, t.name));
		panel.appendChild(h);
		panel.appendChild(facts([['type', label(e.type)], ['direction',
			e.directed ? 'from ' + s.name + ' to ' + t.name : 'both ways'],
			['seen', dates(e)], ['documents', e.weight], ['change', e.status || null]]));
		panel.appendChild(el('h3', null, 'Evidence (' + e.nevidence + ')'));
		var ul = el('ul', 'erg-evidence');
		e.evidence.forEach(function (ev) {
			var li = el('li');
			li.appendChild(el('blockquote', null, ev.text ? '\u201c' + ev.text + '\u201d'
				: '(no sentence given)'));
			documentLine(li, ev.document);
			if (ev.date && ev.date !== (data.documents[ev.document] || {}).date)
				li.appendChild(el('div', 'erg-src', 'dated ' + ev.date));
			ul.appendChild(li);
		});
		panel.appendChild(ul);
		cutNote(panel, e.evidence.length, e.nevidence, 'pieces of evidence');
	}

	/* Show the types of a node, or of an edge and its ends, if a filter
	 * hid them: what the panel or the search leads to is drawn. */
	function reveal(item) {
		if (item.edges) {
			showType(nodeTypes, item.type, true);
			return;
		}
		showType(edgeTypes, item.type, true);
		reveal(nodes[item.source]);
		reveal(nodes[item.target]);
	}

	/* Show a node or edge in the panel (null closes it). */
	function select(item) {
		if (selected && selected.el)
			selected.el.classList.remove('erg-sel');
		selected = item;
		while (panel.firstChild)
			panel.removeChild(panel.firstChild);
		if (!item) {
			panel.hidden = true;
			return;
		}
		if (item.el)
			item.el.classList.add('erg-sel');
		var close = el('button', 'erg-close', '\u00d7');
		close.type = 'button';
		close.setAttribute('aria-label', 'Close');
		close.addEventListener('click', function () { select(null); });
		panel.appendChild(close);
		if (item.edges)
			showNode(item);
		else
			showEdge(item);
		panel.hidden = false;
	}

	svg.addEventListener('click', function (ev) {
		/* The drawing's links go to a document: the panel lists them instead. */
		if (ev.target.closest && ev.target.closest('a'))
			ev.preventDefault();
		if (moved)
			return;
		select(itemOf(ev.target));
	});

	/* ---- keyboard ------------------------------------------------------ */

	view.setAttribute('tabindex', '0');
	view.setAttribute('aria-label', data.title + '. Arrows pan, + and - zoom, 0 shows all, ' +
		'Tab moves between entities, Enter opens one.');
	document.addEventListener('keydown', function (ev) {
		var t = ev.target;
		if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'BUTTON' ||
			t.tagName === 'A' || t.tagName === 'SUMMARY'))
			return;
		if (ev.ctrlKey || ev.metaKey || ev.altKey)
			return;
		var step = 0.1, done = true;
		switch (ev.key) {
		case '+': case '=': zoom(1.25, centre()); break;
		case '-': case '_': zoom(0.8, centre()); break;
		case '0': reset(); break;
		case 'ArrowLeft': pan(-step, 0); break;
		case 'ArrowRight': pan(step, 0); break;
		case 'ArrowUp': pan(0, -step); break;
		case 'ArrowDown': pan(0, step); break;
		case 'Escape': select(null); break;
		case 'Enter': case ' ':
			done = !!itemOf(t);
			if (done)
				select(itemOf(t));
			break;
		default: done = false;
		}
		if (done)
			ev.preventDefault();
	});

	/* ---- the bar: search, filters, dates, diff switch ------------------ */

	bar.appendChild(el('h1', null, data.title));

	/* Search: a name or alias, suggested from a datalist. */
	var search = el('input');
	search.type = 'search';
	search.id = 'erg-search';
	search.placeholder = 'Find an entity';
	search.setAttribute('aria-label', 'Find an entity by name or alias');
	search.setAttribute('list', 'erg-names');
	var names = el('datalist');
	names.id = 'erg-names';
	var seen = new Set();
	nodes.forEach(function (n) {
		[n.name].concat(n.aliases).forEach(function (s) {
			if (s && !seen.has(s)) {
				seen.add(s);
				var o = el('option');
				o.value = s;
				names.appendChild(o);
			}
		});
	});
	var found = el('span', 'erg-note');
	found.setAttribute('role', 'status');
	var form = el('form');
	form.appendChild(search);
	form.appendChild(names);
	form.appendChild(found);
	bar.appendChild(form);

	/* The best match of q: a name or alias equal to it (ignoring case),
	 * then one that starts with it, then one that holds it. */
	function lookup(q) {
		q = q.trim().toLowerCase();
		if (!q)
			return null;
		var best = null, rank = 4;
		nodes.forEach(function (n) {
			[n.name].concat(n.aliases).forEach(function (s) {
				var l = String(s).toLowerCase();
				var r = l === q ? 1 : l.indexOf(q) === 0 ? 2 : l.indexOf(q) >= 0 ? 3 : 4;
				if (r < rank) {
					rank = r;
					best = n;
				}
			});
		});
		return best;
	}

	var lastFound = null;
	function find() {
		var n = lookup(search.value);
		if (lastFound && lastFound.el)
			lastFound.el.classList.remove('erg-found');
		lastFound = n;
		if (!n) {
			found.textContent = search.value.trim() ? 'not found' : '';
			return;
		}
		if (!n.el) {
			found.textContent = n.name + ' is not in the drawing';
			return;
		}
		/* A match hidden by a filter is shown again. */
		reveal(n);
		n.el.classList.add('erg-found');
		found.textContent = n.name + ' (' + label(n.type) + ')';
		centreOn(n.el);
		select(n);
		highlight(n);
	}
	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		find();
	});
	/* Picking a suggestion fills the box without a submit. */
	search.addEventListener('change', find);

	/* Filters: a checkbox for each type, with the colour the drawing gives
	 * it; together they are the legend that toggles. */
	var nodeTypes = new Map(), edgeTypes = new Map();
	function count(map, item) {
		var t = map.get(item.type);
		if (!t) {
			t = {shown: true, n: 0, box: null, sample: item.el};
			map.set(item.type, t);
		}
		t.n++;
	}
	nodes.forEach(function (n) { count(nodeTypes, n); });
	edges.forEach(function (e) { count(edgeTypes, e); });

	function colourOf(sample, isEdge) {
		var shape = sample && sample.querySelector(isEdge ? 'path:not(.erg-hit)' : 'ellipse, polygon, path');
		if (!shape)
			return null;
		var c = isEdge ? shape.getAttribute('stroke') : shape.getAttribute('fill');
		return c && c !== 'none' ? c : shape.getAttribute('stroke');
	}

	function filterMenu(title, map, isEdge) {
		var d = el('details');
		d.appendChild(el('summary', null, title));
		var box = el('div');
		box.setAttribute('role', 'group');
		box.setAttribute('aria-label', title);
		Array.from(map.keys()).sort().forEach(function (type) {
			var t = map.get(type);
			var l = el('label');
			var c = el('input');
			c.type = 'checkbox';
			c.checked = true;
			c.value = type;
			c.dataset.kind = isEdge ? 'relation' : 'entity';
			c.addEventListener('change', function () { showType(map, type, c.checked); });
			t.box = c;
			l.appendChild(c);
			var sw = el('span', 'erg-swatch');
			var colour = colourOf(t.sample, isEdge);
			if (colour)
				sw.style.background = colour;
			l.appendChild(sw);
			l.appendChild(document.createTextNode(label(type) + ' (' + t.n + ')'));
			box.appendChild(l);
		});
		d.appendChild(box);
		bar.appendChild(d);
	}
	filterMenu('Entity types', nodeTypes, false);
	filterMenu('Relation types', edgeTypes, true);

	function showType(map, type, on) {
		var t = map.get(type);
		if (!t || t.shown === on)
			return;
		t.shown = on;
		t.box.checked = on;
		if (t.legend) {
			t.legend.classList.toggle('erg-muted', !on);
			t.legend.setAttribute('aria-pressed', on ? 'true' : 'false');
		}
		refresh();
	}

	/* The drawing's own legend (--legend) toggles too: a click on a type's
	 * name there hides or shows it.  Entity types come first, then
	 * relation types; a name is looked up in that order. */
	var legend = svg.querySelector('g.node.legend');
	if (legend) {
		var inRelations = false;
		legend.querySelectorAll('text').forEach(function (text) {
			var name = text.textContent.trim(), map = null;
			if (!inRelations && nodeTypes.has(name))
				map = nodeTypes;
			else if (edgeTypes.has(name)) {
				map = edgeTypes;
				inRelations = true;
			}
			if (!map)
				return;
			map.get(name).legend = text;
			text.classList.add('erg-toggle');
			text.setAttribute('role', 'button');
			text.setAttribute('tabindex', '0');
			text.setAttribute('aria-pressed', 'true');
			text.setAttribute('aria-label', 'Show ' + label(name));
			var toggle = function (ev) {
				ev.preventDefault();
				ev.stopPropagation();
				showType(map, name, !map.get(name).shown);
			};
			text.addEventListener('click', toggle);
			text.addEventListener('keydown', function (ev) {
				if (ev.key === 'Enter' || ev.key === ' ')
					toggle(ev);
			});
		});
	}

	/* Dates: a range of years over first_seen and last_seen.  What has no
	 * date is always shown. */
	var years = [];
	nodes.concat(edges).forEach(function (x) {
		[x.first_seen, x.last_seen].forEach(function (d) {
			var y = d ? parseInt(d.slice(0, 4), 10) : NaN;
			if (!isNaN(y))
				years.push(y);
		});
	});
	var minYear = Math.min.apply(null, years.length ? years : [0]);
	var maxYear = Math.max.apply(null, years.length ? years : [0]);
	var from = minYear, to = maxYear;
	if (years.length && maxYear > minYear) {
		var range = el('span', 'erg-range');
		var out = el('output');
		var lo = el('input'), hi = el('input');
		[lo, hi].forEach(function (r, i) {
			r.type = 'range';
			r.min = minYear;
			r.max = maxYear;
			r.value = i ? maxYear : minYear;
			r.id = i ? 'erg-to' : 'erg-from';
			r.setAttribute('aria-label', i ? 'Seen until year' : 'Seen from year');
			r.addEventListener('input', function () {
				from = Math.min(+lo.value, +hi.value);
				to = Math.max(+lo.value, +hi.value);
				out.textContent = from + '\u2013' + to;
				refresh();
			});
		});
		out.textContent = minYear + '\u2013' + maxYear;
		range.appendChild(document.createTextNode('Seen '));
		range.appendChild(lo);
		range.appendChild(hi);
		range.appendChild(out);
		bar.appendChild(range);
	}
	function inDates(x) {
		if (!x.first_seen)
			return true;
		var a = parseInt(x.first_seen.slice(0, 4), 10);
		var b = parseInt((x.last_seen || x.first_seen).slice(0, 4), 10);
		return !(b < from || a > to);
	}

	/* A diff: the old graph, the new one, or the changes (all of both). */
	var side = 'changes';
	if (data.diff) {
		var sw = el('span', 'erg-switch');
		sw.setAttribute('role', 'radiogroup');
		sw.setAttribute('aria-label', 'Show');
		['old', 'new', 'changes'].forEach(function (s) {
			var l = el('label');
			var r = el('input');
			r.type = 'radio';
			r.name = 'erg-side';
			r.value = s;
			r.checked = s === side;
			r.addEventListener('change', function () {
				side = s;
				refresh();
			});
			l.appendChild(r);
			l.appendChild(document.createTextNode(' ' + s));
			l.style.display = 'inline';
			sw.appendChild(l);
		});
		bar.appendChild(sw);
	}
	function onSide(x) {
		return side === 'changes' || !x.status ||
			(side === 'old' ? x.status !== 'added' : x.status !== 'removed');
	}

	/* Hide what a filter leaves out: a relation goes with either end. */
	function refresh() {
		nodes.forEach(function (n) {
			n.shown = nodeTypes.get(n.type).shown && inDates(n) && onSide(n);
			if (n.el)
				n.el.classList.toggle('erg-off', !n.shown);
		});
		edges.forEach(function (e) {
			var on = edgeTypes.get(e.type).shown && inDates(e) && onSide(e) &&
				nodes[e.source].shown && nodes[e.target].shown;
			if (e.el)
				e.el.classList.toggle('erg-off', !on);
		});
	}

	var reset0 = el('button', null, 'Show all');
	reset0.type = 'button';
	reset0.title = 'Zoom out to the whole drawing (0)';
	reset0.addEventListener('click', reset);
	bar.appendChild(reset0);
	bar.appendChild(el('span', 'erg-note', nodes.length + ' entities, ' + edges.length +
		' relations \u00b7 drag, wheel or +/- to move'));

	document.body.classList.add('erg-js');
	bar.hidden = false;
	applyView();
	/* For the tests (tests/browser.py): the page is ready, and when. */
	document.documentElement.dataset.ergReady = 'yes';
	if (window.performance && performance.mark)
		performance.mark('erg-ready');
})();
