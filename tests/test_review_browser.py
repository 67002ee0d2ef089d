"""The review page in a real browser (Debian's Chromium, headless, driven over the DevTools
protocol): accept, reject, edit (a value, a measure) and add figures, reject and rename an
alliance, all with the keyboard, then `extract --full` keeps them.

The DevTools client below is a few lines of stdlib (a WebSocket and JSON), so the test needs no
browser-automation package; keys are real key events (Input.dispatchKeyEvent), the text
selection for "add" is made in the page as a mouse would. Skips where no browser is installed.
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.research import query
from pipeline.research.review import ReviewServer
from pipeline.run import corrections as C

BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
SHOTS = os.environ.get("REVIEW_SCREENSHOTS")  # a folder: keep the screenshots there


class DevTools:
    """A minimal Chrome DevTools protocol client over one WebSocket (RFC 6455, client side)."""

    def __init__(self, ws_url: str):
        host_port, path = ws_url[len("ws://"):].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.next_id = 0

    def _recv_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("the browser closed the DevTools connection")
            buf += chunk
        return buf

    def _frame(self) -> tuple[int, bytes]:
        b1, b2 = self._recv_exact(2)
        n = b2 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self._recv_exact(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._recv_exact(8))[0]
        mask = self._recv_exact(4) if b2 & 0x80 else None
        data = self._recv_exact(n)
        if mask:
            data = bytes(c ^ mask[i % 4] for i, c in enumerate(data))
        return b1, data

    def _message(self) -> dict:
        parts = []
        while True:
            b1, data = self._frame()
            if b1 & 0x0F == 9:  # ping
                continue
            parts.append(data)
            if b1 & 0x80:
                return json.loads(b"".join(parts))

    def send(self, method: str, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        head = bytes([0x81])
        n = len(payload)
        head += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536
                                                   else bytes([0x80 | 127]) + struct.pack(">Q", n))
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload)))
        while True:
            msg = self._message()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expr: str):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr: str, timeout: float = 20):
        end = time.time() + timeout
        while time.time() < end:
            value = self.js(expr)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expr}")

    KEYS = {" ": ("Space", 32), "Enter": ("Enter", 13), "Escape": ("Escape", 27)}

    def key(self, k: str):
        code, vk = self.KEYS[k] if k in self.KEYS else (f"Key{k.upper()}", ord(k.upper()))
        text = {"Enter": "\r", "Escape": ""}.get(k, k)
        self.send("Input.dispatchKeyEvent", type="keyDown", key=k, code=code, windowsVirtualKeyCode=vk, text=text)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=k, code=code, windowsVirtualKeyCode=vk)

    def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        path.write_bytes(data)
        return data


def _browser() -> str | None:
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


@pytest.fixture()
def browser(tmp_path):
    exe = _browser()
    if exe is None:
        pytest.skip("no headless browser (chromium / google-chrome) installed; `apt-get install chromium` to run the review page test")
    profile = Path(tempfile.mkdtemp(prefix="review-profile-", dir=tmp_path))
    proc = subprocess.Popen(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=1400,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(tmp_path)})
    try:
        port_file = profile / "DevToolsActivePort"
        end = time.time() + 30
        while not (port_file.exists() and port_file.read_text().strip()) and time.time() < end:
            if proc.poll() is not None:
                pytest.fail(f"{exe} exited with {proc.returncode} before opening its DevTools port")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        yield tools
        tools.sock.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _choose(browser: DevTools, select: str, value: str) -> None:
    """Pick `value` in a select as a person would (the page listens for change)."""
    browser.js(f"(() => {{ const s = document.querySelector({json.dumps(select)}); s.value = {json.dumps(value)};"
               " s.dispatchEvent(new Event('change')); })()")


def _png_has_content(data: bytes) -> bool:
    return data.startswith(b"\x89PNG") and len(data) > 20000


def test_review_in_chromium_survives_full_reextraction(browser, db, tmp_path):
    corpus, out = db
    srv = ReviewServer(corpus, out).start()
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    try:
        browser.send("Page.enable")
        browser.send("Page.navigate", url=srv.url)
        browser.wait("document.querySelectorAll('#list li').length > 0 && !!document.querySelector('#para')")
        listed = browser.js("[...document.querySelectorAll('#list li')].map(li => li.dataset.id)")
        first, second, third = listed[:3]
        assert browser.js("document.querySelector('#para .ev').textContent"), "the evidence is highlighted"
        assert _png_has_content(browser.screenshot(shots / "review-first.png"))

        browser.key("a")                      # accept the first figure
        browser.wait(f"document.querySelector('#list li[data-id=\"{first}\"] .st').textContent === '✓'")
        browser.wait(f"document.querySelector('#list li.cur').dataset.id === {json.dumps(second)}")
        browser.key("x")                      # reject the second
        browser.wait(f"document.querySelector('#list li[data-id=\"{second}\"] .st').textContent === '✗'")
        browser.wait(f"document.querySelector('#list li.cur').dataset.id === {json.dumps(third)} && !!document.querySelector('#para')")
        browser.key("e")                      # edit the third: a new value, typed, Enter saves
        browser.wait("document.activeElement && document.activeElement.closest('#edit') !== null")
        browser.js("(() => { const v = document.querySelector('#edit [name=value]'); v.focus(); v.select(); })()")
        browser.send("Input.insertText", text="8")
        browser.key("Enter")
        browser.wait(f"document.querySelector('#list li[data-id=\"{third}\"] .st').textContent === '✎'")

        # add: select the words "77个两新党组织" in the article text, press n, Enter
        target = browser.js("""(() => {
            for (const span of document.querySelectorAll('#fulltext span[data-s]')) {
              const i = span.textContent.indexOf('77个');
              if (i >= 0) { const r = document.createRange(); r.setStart(span.firstChild, i); r.setEnd(span.firstChild, i + 3);
                const s = getSelection(); s.removeAllRanges(); s.addRange(r); return Number(span.dataset.s) + i; } }
            return null; })()""")
        assert target is not None, "the article shows the words to add"
        browser.key("n")
        browser.wait("document.querySelector('#addform [name=value]') && document.querySelector('#addform [name=value]').value === '77'")
        assert browser.js("document.querySelector('#addform [name=kind]').value") == "alliance_count"
        assert _png_has_content(browser.screenshot(shots / "review-add.png"))
        browser.key("Enter")
        browser.wait("[...document.querySelectorAll('#list li .st')].some(s => s.textContent === '+')")
        assert _png_has_content(browser.screenshot(shots / "review-after.png"))

        # the measure of the first income figure: income only, e, choose in the select, Enter saves
        _choose(browser, "#f-kind", "income")
        income = browser.wait("document.querySelector('#list li.cur') && document.querySelector('#edit [name=measure]')"
                              " && document.querySelector('#list li.cur').dataset.id")
        was = browser.js("document.querySelector('#edit [name=measure]').value")
        measure = "output_value" if was != "output_value" else "revenue"
        browser.key("e")
        browser.wait("document.activeElement && document.activeElement.closest('#edit') !== null")
        opts = "[...document.querySelectorAll('#edit [name=measure] option')].map(o => o.value)"
        assert browser.js(opts) == ["", *C.measure_vocabulary()["income"]], "an income figure offers income measures"
        _choose(browser, "#edit [name=kind]", "funding")  # another kind offers its own measures
        assert browser.js(opts) == ["", *C.measure_vocabulary()["funding"]]
        _choose(browser, "#edit [name=kind]", "income")
        browser.js(f"(() => {{ const m = document.querySelector('#edit [name=measure]'); m.value = {json.dumps(measure)};"
                   " document.querySelector('#edit [name=value]').focus(); })()")
        browser.key("Enter")
        browser.wait(f"document.querySelector('#list li[data-id=\"{income}\"] .st').textContent === '✎'")

        # alliances: reject the first, rename the second (e, type the name, Enter)
        _choose(browser, "#f-kind", "")
        _choose(browser, "#f-target", "alliance")
        browser.wait("document.querySelector('#list li.cur') && document.querySelector('#list li.cur').dataset.id.startsWith('alliance|')"
                     " && !!document.querySelector('#edit [name=name]')")
        wrong, renamed = browser.js("[...document.querySelectorAll('#list li')].map(li => li.dataset.id)")[:2]
        new_name = renamed.split("|")[4] + "（更正）"
        assert browser.js("document.querySelector('#para .ev').textContent") == wrong.split("|")[4], "the name is highlighted"
        assert browser.js("[...document.querySelectorAll('#para .sent')].map(s => s.textContent).join('').length") > len(wrong.split("|")[4]), \
            "in its sentence"
        browser.key("x")
        browser.wait(f"document.querySelector('#list li[data-id=\"{wrong}\"] .st').textContent === '✗'")
        browser.wait(f"document.querySelector('#list li.cur').dataset.id === {json.dumps(renamed)} && !!document.querySelector('#edit [name=name]')")
        browser.key("e")
        browser.wait("document.activeElement && document.activeElement.closest('#edit') !== null")
        browser.js("(() => { const v = document.querySelector('#edit [name=name]'); v.focus(); v.select(); })()")
        browser.send("Input.insertText", text=new_name)
        browser.key("Enter")
        browser.wait(f"document.querySelector('#list li[data-id=\"{renamed}\"] .st').textContent === '✎'")
        browser.wait(f"[...document.querySelectorAll('#list li .txt')].some(t => t.textContent.startsWith({json.dumps(new_name)}))")
        browser.js(f"document.querySelector('#list li[data-id=\"{renamed}\"]').click()")
        browser.wait("!!document.querySelector('#edit [name=name]') && document.querySelector('#card .was') !== null")
        assert _png_has_content(browser.screenshot(shots / "review-alliance.png"))
    finally:
        srv.stop()  # also waits for the tables to be brought up to date
    lines = [json.loads(x) for x in C.corrections_file(corpus).read_text(encoding="utf-8").splitlines()]
    assert [x["decision"] for x in lines] == ["confirmed", "rejected", "corrected", "added", "corrected", "rejected", "corrected"]
    assert lines[2]["fields"] == {"value": 8.0}
    assert (lines[3]["start"], lines[3]["evidence"], lines[3]["fields"]["value"]) == (target, "77个", 77.0)
    assert (lines[4]["target"], lines[4]["kind"], lines[4]["fields"]) == ("figure", "income", {"measure": measure})
    assert [(x["target"], x["kind"]) for x in lines[5:]] == [("alliance", wrong.split("|")[4]), ("alliance", renamed.split("|")[4])]
    assert lines[6]["fields"] == {"name": new_name}

    def check(out: Path) -> None:
        con = query.connect(out)
        got = {r["figure_id"]: r for r in query.run_sql(con, "select * from figures_all").to_pylist()}
        by_key = {}
        for r in query.run_sql(con, "select f.*, a.sha256 from figures_all f join articles a using (article_id)").to_pylist():
            kind = (r["extracted"] or {}).get("kind") or r["kind"]
            by_key["|".join(map(str, ("figure", r["sha256"], r["start"], r["end"], kind)))] = r
        assert by_key[first]["review"] == "confirmed"
        assert by_key[second]["review"] == "rejected"
        assert by_key[third]["review"] == "corrected" and by_key[third]["value"] == 8.0
        assert by_key[third]["extracted_value"] not in (None, 8.0)
        added = [r for r in got.values() if r["review"] == "added"]
        assert len(added) == 1 and added[0]["value"] == 77.0 and added[0]["evidence"] == "77个"
        visible = {r["figure_id"] for r in query.run_sql(con, "select figure_id from figures").to_pylist()}
        assert by_key[second]["figure_id"] not in visible and added[0]["figure_id"] in visible
        assert (by_key[income]["review"], by_key[income]["measure"], by_key[income]["extracted"]["measure"]) == ("corrected", measure, was)
        al = {}
        for r in query.run_sql(con, "select l.*, a.sha256 from alliances_all l join articles a using (article_id)").to_pylist():
            name = (r["extracted"] or {}).get("name") or r["name"]
            al["|".join(map(str, ("alliance", r["sha256"], r["start"], r["end"], name)))] = r
        assert al[wrong]["review"] == "rejected"
        assert (al[renamed]["review"], al[renamed]["name"]) == ("corrected", new_name)
        shown = {r["name"] for r in query.run_sql(con, "select name from alliances").to_pylist()}
        assert new_name in shown and wrong.split("|")[4] not in shown and renamed.split("|")[4] not in shown
        in_cases = {n for r in query.run_sql(con, "select alliances from cases").to_pylist() for n in r["alliances"]}
        assert new_name in in_cases and wrong.split("|")[4] not in in_cases

    check(out)  # the page brought the tables up to date
    assert main(["extract", "--corpus", str(corpus), "--out", str(out), "--full", "--quiet", "--workers", "1"]) == 0
    check(out)  # and a full re-extraction applies the same decisions again
