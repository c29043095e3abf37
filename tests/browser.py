#!/usr/bin/python3
"""browser.py - the HTML page of `ergraph build -o graph.html` in a real
headless Chromium, driven through its DevTools protocol.

Run by CTest (label browser) as
    browser.py ERGRAPH CORPUS HOSTILE.json WORKDIR [SCREENSHOT.png]
It builds the pages itself, then checks: the page loads with no console
error and no Content-Security-Policy violation; search finds "Gazprom" and
centres it; a click on an edge shows its evidence sentence; the entity
type filter hides a type; the hostile fixture's names, titles and URLs
stay text.  Each failure is printed; the exit status is the count.

Needs Debian's chromium and python3-websocket (README, Quick start).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

CHROMIUM = "/usr/bin/chromium"
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


class Browser:
    """One headless Chromium with one page, spoken to over its DevTools
    WebSocket.  Console errors, exceptions and CSP violations are kept."""

    def __init__(self, workdir):
        self.profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--window-size=1200,800",
             "--remote-debugging-port=0", "--user-data-dir=" + self.profile,
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.05)
        port = open(port_file).read().split("\n")[0]
        with urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=10) as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.events = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")
        # Scripts added through the protocol run whatever the page's CSP says.
        self.call("Page.addScriptToEvaluateOnNewDocument", source=(
            "window.__csp = []; window.alert = function () { window.__alerted = true; };"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });"))

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def js(self, expr):
        """The value of a JavaScript expression (awaited if a promise)."""
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def load(self, path):
        self.events = []
        self.call("Page.navigate", url="file://" + os.path.abspath(path))
        for _ in range(200):
            if self.js("document.readyState === 'complete' && "
                       "document.documentElement.dataset.ergReady === 'yes'"):
                return True
            time.sleep(0.05)
        return False

    def errors(self):
        """Console errors, exceptions, and CSP violations so far."""
        self.js("1")  # collect the events sent meanwhile
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p["exceptionDetails"])[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + json.dumps(p.get("args"))[:300])
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append("log: " + p["entry"].get("text", "")[:300])
        out += ["CSP: " + v for v in self.js("window.__csp") or []]
        return out

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                      clickCount=1)

    def screenshot(self, path):
        import base64
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


# A promise kept after the next frame is drawn (the page moves the view
# once a frame).
FRAME = "new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); })"

# The centre of an element in the window, or None when it is not shown.
CENTRE = """(function (el) {
  if (!el) return null;
  var r = el.getBoundingClientRect();
  return r.width || r.height ? [r.left + r.width / 2, r.top + r.height / 2] : null;
})(%s)"""


def corpus_checks(b, page, graph):
    check(b.load(page), "corpus page loads and its script runs")
    check(b.errors() == [], "no console error or CSP violation: %s" % b.errors())
    # No request left the page: everything is inline.
    check(b.js("performance.getEntriesByType('resource').length") == 0,
          "nothing fetched from anywhere")

    # Search: the name typed and submitted.
    b.js("var s = document.getElementById('erg-search'); s.value = 'gazprom';"
         "s.form.requestSubmit(); 1")
    gid = b.js("document.querySelector('g.erg-found') && "
               "document.querySelector('g.erg-found').id")
    gazprom = [n for n in graph["nodes"] if n["name"] == "Gazprom"][0]
    check(gid is not None and gid.endswith("-" + gazprom["id"]), "search finds Gazprom: %s" % gid)
    where = b.js(CENTRE % "document.querySelector('g.erg-found')")
    view = b.js("(function (r) { return [r.left + r.width / 2, r.top + r.height / 2]; })"
                "(document.getElementById('erg-view').getBoundingClientRect())")
    check(where is not None and abs(where[0] - view[0]) < 5 and abs(where[1] - view[1]) < 5,
          "Gazprom is centred: %s in a view centred at %s" % (where, view))
    check(b.js("document.querySelector('#erg-panel h2').textContent") == "Gazprom",
          "the panel shows Gazprom")
    # By an alias too.
    b.js("var s = document.getElementById('erg-search'); s.value = 'OAO Gazprom';"
         "s.form.requestSubmit(); 1")
    check(b.js("document.querySelector('#erg-panel h2').textContent") == "Gazprom",
          "search by the alias OAO Gazprom finds Gazprom")

    # A click on an edge: its label, shown after a reset of the view.
    ids = {n["id"]: n for n in graph["nodes"]}
    edge = [e for e in graph["edges"] if e["evidence"] and e["type"] == "supplies"][0]
    want = edge["evidence"][0]["text"]
    b.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));"
         "document.dispatchEvent(new KeyboardEvent('keydown', {key: '0'})); " + FRAME)
    index = graph["edges"].index(edge)
    svg_id = b.js("JSON.parse(document.getElementById('erg-data').textContent).edges[%d].svg"
                  % index)
    # Zoomed in on the edge's label, so that nothing else is under the pointer.
    b.js("(function () { var t = document.getElementById(%s).querySelector('text');"
         " var r = t.getBoundingClientRect(); var v = document.querySelector('#erg-view svg');"
         " var m = v.getScreenCTM().inverse();"
         " var p = new DOMPoint(r.left + r.width / 2, r.top + r.height / 2).matrixTransform(m);"
         " v.setAttribute('viewBox', (p.x - 150) + ' ' + (p.y - 100) + ' 300 200'); })()"
         % json.dumps(svg_id))
    at = b.js(CENTRE % ("document.getElementById(%s).querySelector('text')" % json.dumps(svg_id)))
    b.click(at[0], at[1])
    text = b.js("document.getElementById('erg-panel').textContent")
    check(text is not None and want in text,
          "a click on %s supplies %s shows its evidence \u201c%s\u201d" %
          (ids[edge["source"]]["name"], ids[edge["target"]]["name"], want))
    title = [d["title"] for d in graph["documents"] if d["id"] == edge["evidence"][0]["document"]]
    check(title and title[0] in text, "... with its document's title")

    # The type filter: unticking "country" hides every country.
    b.js("document.querySelector('#erg-bar input[value=country]').click(); 1")
    shown = b.js("Array.from(document.querySelectorAll('g.node.country'))"
                 ".filter(function (g) { return getComputedStyle(g).display !== 'none'; }).length")
    total = b.js("document.querySelectorAll('g.node.country').length")
    others = b.js("Array.from(document.querySelectorAll('g.node.leader'))"
                  ".filter(function (g) { return getComputedStyle(g).display !== 'none'; }).length")
    check(total > 0 and shown == 0 and others > 0,
          "the entity type filter hides the %s countries and keeps %s leaders" % (total, others))
    b.js("document.querySelector('#erg-bar input[value=country]').click(); 1")
    check(b.js("Array.from(document.querySelectorAll('g.node.country'))"
               ".filter(function (g) { return getComputedStyle(g).display !== 'none'; }).length")
          == total, "ticked again, the countries come back")
    # What the panel leads to is drawn again, even when a filter hid it.
    b.js("document.querySelector('#erg-bar input[value=country]').click();"
         "var s = document.getElementById('erg-search'); s.value = 'Xi Jinping';"
         "s.form.requestSubmit();"
         "Array.from(document.querySelectorAll('#erg-panel button.erg-link'))"
         ".filter(function (x) { return x.textContent === 'China'; })[0].click(); 1")
    check(b.js("document.querySelector('#erg-panel h2').textContent") ==
          "Xi Jinping leader of China" and
          b.js("getComputedStyle(document.querySelector('g.node.country')).display") != "none" and
          b.js("document.querySelector('#erg-bar input[value=country]').checked"),
          "Xi Jinping leader of China, reached from his panel while countries were "
          "hidden, is shown with China")
    # The drawing's legend toggles a relation type with a real click.
    b.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: '0'})); " + FRAME)
    supplies = ("Array.from(document.querySelectorAll('g.edge.supplies')).filter(function (g) {"
                " return getComputedStyle(g).display !== 'none'; }).length")
    n_supplies = b.js(supplies)
    at = b.js(CENTRE % "Array.from(document.querySelectorAll('g.legend text'))"
              ".filter(function (t) { return t.textContent === 'supplies'; })[0]")
    b.click(at[0], at[1])
    check(n_supplies > 0 and b.js(supplies) == 0 and
          not b.js("document.querySelector('#erg-bar input[value=supplies]').checked"),
          "a click on supplies in the legend hides the %s supplies relations" % n_supplies)
    b.click(at[0], at[1])
    check(b.js(supplies) == n_supplies, "a second click shows them again")

    # Pan and zoom: the wheel zooms about the pointer, keys about the centre.
    b.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: '0'})); " + FRAME)
    under = ("(function () { var v = document.querySelector('#erg-view svg');"
             " var p = new DOMPoint(400, 300).matrixTransform(v.getScreenCTM().inverse());"
             " return [p.x, p.y, v.viewBox.baseVal.width]; })()")
    before = b.js(under)
    b.call("Input.dispatchMouseEvent", type="mouseWheel", x=400, y=300, deltaX=0, deltaY=-200)
    b.js(FRAME)
    after = b.js(under)
    check(after[2] < before[2] * 0.8 and abs(after[0] - before[0]) < 1 and
          abs(after[1] - before[1]) < 1,
          "the wheel zooms in about the pointer: %s then %s" % (before, after))
    b.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: '-'})); " + FRAME)
    check(b.js(under)[2] > after[2] * 1.2, "- zooms out")
    pre = b.js(under)
    b.call("Input.dispatchMouseEvent", type="mousePressed", x=400, y=300, button="left",
           clickCount=1)
    b.call("Input.dispatchMouseEvent", type="mouseMoved", x=450, y=300, button="left")
    b.call("Input.dispatchMouseEvent", type="mouseReleased", x=450, y=300, button="left",
           clickCount=1)
    b.js(FRAME)
    dragged = b.js(under)
    check(dragged[0] < pre[0] - 10 and abs(dragged[1] - pre[1]) < 1,
          "a drag 50 px to the right moves the drawing with it: %s then %s" % (pre, dragged))

    # Keyboard: every entity takes the focus with a name; Enter opens it.
    check(b.js("document.querySelectorAll('#erg-view g.node[tabindex=\"0\"][aria-label]').length")
          == len(graph["nodes"]), "every entity can take the focus and has an ARIA label")
    b.js("var g = document.getElementById(%s); g.focus();"
         "g.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); 1"
         % json.dumps(gid))
    check(b.js("document.querySelector('#erg-panel h2').textContent") == "Gazprom",
          "Enter on the focused Gazprom opens its panel")

    # Dates: from 2025 on, only what was seen in 2025 (or has no date).
    b.js("var r = document.getElementById('erg-from'); r.value = 2025;"
         "r.dispatchEvent(new Event('input')); 1")
    want = sum(1 for n in graph["nodes"]
               if not n["first_seen"] or int((n["last_seen"] or n["first_seen"])[:4]) >= 2025)
    shown = b.js("Array.from(document.querySelectorAll('#erg-view g.node:not(.legend)'))"
                 ".filter(function (g) { return getComputedStyle(g).display !== 'none'; }).length")
    check(shown == want and 0 < want < len(graph["nodes"]),
          "the date range from 2025 keeps the %d entities seen then: %s" % (want, shown))
    b.js("var r = document.getElementById('erg-from'); r.value = r.min;"
         "r.dispatchEvent(new Event('input')); 1")
    # Touch: two fingers spreading zoom in, one finger drags.
    b.call("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=2)
    b.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: '0'})); " + FRAME)
    width = "document.querySelector('#erg-view svg').viewBox.baseVal.width"
    w0 = b.js(width)

    def touch(kind, points):
        b.call("Input.dispatchTouchEvent", type=kind,
               touchPoints=[{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)])
    touch("touchStart", [(300, 300), (400, 300)])
    for d in range(1, 6):
        touch("touchMove", [(300 - 20 * d, 300), (400 + 20 * d, 300)])
    touch("touchEnd", [])
    b.js(FRAME)
    check(abs(b.js(width) - w0 / 3) < w0 / 30,
          "a pinch from 100 to 300 px zooms in three times: %s to %s" % (w0, b.js(width)))
    b.call("Emulation.setTouchEmulationEnabled", enabled=False)
    check(b.errors() == [], "no console error after all that: %s" % b.errors())


def nojs_checks(b, page):
    """Without JavaScript: the SVG alone, its tooltips, no empty bar."""
    b.call("Emulation.setScriptExecutionDisabled", value=True)
    b.call("Page.navigate", url="file://" + os.path.abspath(page))
    for _ in range(200):
        if b.js("document.readyState") == "complete":
            break
        time.sleep(0.05)
    check(b.js("getComputedStyle(document.getElementById('erg-bar')).display") == "none" and
          b.js("getComputedStyle(document.getElementById('erg-panel')).display") == "none",
          "without JavaScript the bar and the panel are not shown")
    check(b.js("document.querySelector('#erg-view svg').getBoundingClientRect().width") > 1000,
          "without JavaScript the drawing fills the width")
    check(b.js("document.querySelectorAll('#erg-view g.node a[*|title]').length") > 100,
          "without JavaScript the entities keep their tooltips")
    b.call("Emulation.setScriptExecutionDisabled", value=False)


def diff_checks(b, page):
    check(b.load(page), "diff page loads and its script runs")
    check(b.errors() == [], "no console error or CSP violation: %s" % b.errors())
    count = ("(function (status) { var d = JSON.parse(document.getElementById('erg-data')"
             ".textContent); return d.nodes.filter(function (n) {"
             " var g = document.getElementById(n.svg);"
             " return n.status === status && getComputedStyle(g).display !== 'none'; }).length; })")
    added = b.js(count + "('added')")
    b.js("document.querySelector('input[value=old]').click(); 1")
    check(added > 0 and b.js(count + "('added')") == 0 and b.js(count + "('unchanged')") > 0,
          "old hides the %d added entities and keeps the others" % added)
    b.js("document.querySelector('input[value=changes]').click(); 1")
    check(b.js(count + "('added')") == added, "changes shows them again")


def hostile_checks(b, page):
    check(b.load(page), "hostile page loads and its script runs")
    check(b.errors() == [], "no console error or CSP violation: %s" % b.errors())
    check(b.js("document.scripts.length") == 2, "only the page's two scripts")
    check(b.js("document.querySelectorAll('img, iframe, object, embed').length") == 0,
          "no element from the names")
    check(b.js("Array.from(document.querySelectorAll('*')).filter(function (e) {"
               " return Array.from(e.attributes).some(function (a) {"
               " return /^on/i.test(a.name); }); }).length") == 0, "no event handler attribute")
    check(b.js("typeof window.alert === 'function' && !window.__alerted"), "nothing ran")
    # The panel of each entity and relation: the names as written, no link.
    names = []
    for kind in ("node", "edge"):
        count = b.js("document.querySelectorAll('#erg-view g.%s:not(.legend)').length" % kind)
        for i in range(count):
            b.js("document.querySelectorAll('#erg-view g.%s:not(.legend)')[%d]"
                 ".dispatchEvent(new MouseEvent('click', {bubbles: true})); 1" % (kind, i))
            names.append(b.js("document.getElementById('erg-panel').textContent"))
            check(b.js("document.querySelectorAll('#erg-panel a').length") == 0,
                  "no link in the panel of %s %d (the source is javascript:)" % (kind, i))
    text = "\n".join(names)
    for want in ("<script>alert('x')</script>", "</script><!--", "<img src=x onerror=alert(2)>",
                 'Tom & "Jerry" ]]> &lt;b&gt;', "back\\slash \\N \\G",
                 "</title><script>alert(1)</script>",
                 "He said </script><script>alert(3)</script> and <!-- then -->"):
        check(want in text, "shown as text: %s" % want)
    b.js("var s = document.getElementById('erg-search'); s.value = '</script><!--';"
         "s.form.requestSubmit(); 1")
    check(b.js("document.querySelector('#erg-panel h2').textContent") ==
          "<script>alert('x')</script>", "search by a hostile alias finds its entity")
    check(b.errors() == [], "no console error after all that: %s" % b.errors())
    # The policy is in force: a script added to the page does not run.
    b.js("var s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
         "document.body.appendChild(s); 1")
    check(b.js("window.__ran") is None and len(b.js("window.__csp")) == 1,
          "the page's CSP blocks a script it does not name")


def main():
    ergraph, corpus, hostile, work = sys.argv[1:5]
    shot = sys.argv[5] if len(sys.argv) > 5 else None
    os.makedirs(work, exist_ok=True)
    page, graph = os.path.join(work, "corpus.html"), os.path.join(work, "corpus.json")
    evil = os.path.join(work, "hostile.html")
    changes = os.path.join(work, "changes.html")
    # Under LeakSanitizer, Graphviz 2.43 leaks drawing the corpus, with or
    # without this page: neato's edge router (mkSurface) and the legend's
    # HTML-like label (htmlparse).
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    subprocess.run([ergraph, "build", "-q", "--legend", corpus, "-o", page, "-o", graph],
                   check=True, env=env)
    subprocess.run([ergraph, "build", "-q", hostile, "-o", evil], check=True)
    # diff exits 1: there are changes.
    check(subprocess.run([ergraph, "diff", "-q", "--old-until", "2015-12-31", corpus, corpus,
                          "-o", changes], env=env).returncode == 1, "diff made its page")
    with open(graph, encoding="utf-8") as f:
        graph = json.load(f)
    b = Browser(work)
    try:
        corpus_checks(b, page, graph)
        if shot:
            b.load(page)
            b.screenshot(shot)
        nojs_checks(b, page)
        diff_checks(b, changes)
        hostile_checks(b, evil)
    finally:
        b.close()
    print("%d failure%s" % (len(FAILURES), "" if len(FAILURES) == 1 else "s"))
    return len(FAILURES)


if __name__ == "__main__":
    sys.exit(main())
