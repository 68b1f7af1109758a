#!/usr/bin/env python3
"""Checks `copydesk check --format html` in headless Chromium (issue #24), through Playwright's
Python API pointed at Debian's chromium.

The report of the seed article and of a hostile article (script and textarea tags, a comment,
entities, line separators, emoji, CRLF) is opened in the browser; for every file, every
diagnostic of `--format json` must be highlighted over exactly its bytes (the text of the marks
that name it, in order, is the text at its byte range), the page's text must be the file's
text, no script error may be logged, no dialog may open, no script element may come from the
article, and the keys and filters must work. A screenshot is saved where --screenshot says.

Usage: python3 .ci/html-report-test.py --copydesk BIN [--screenshot PNG] [--chromium PATH]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOSTILE = (
    "Breaking: the council </textarea><script>alert('x')</script> voted.\r\n\r\n"
    "<!-- a comment --> Write to [email protected] for help, or click Here.\r\n\r\n"
    "The report donâ€™t say when it opens &amp; closes \u2028 next \u2029 line.\r\n\r\n"
    "Emoji 😀 and “quotes” then “an open quote. </script><img src=x onerror=alert(1)>\r\n"
)

# Every diagnostic's marks, as the page shows them: {index: text of its marks, in order}.
COLLECT = """() => {
  const out = {};
  for (const m of document.querySelectorAll('pre.cd-text mark')) {
    for (const i of m.dataset.d.split(' ')) out[i] = (out[i] || '') + m.textContent;
  }
  return {marks: out, text: document.querySelector('pre.cd-text').textContent,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length};
}"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copydesk", required=True)
    ap.add_argument("--screenshot")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp())
    seed = work / "seed-article.txt"
    seed.write_bytes((ROOT / "tests/corpus/articles/seed-article.txt").read_bytes())
    hostile = work / "hostile.txt"
    hostile.write_bytes(HOSTILE.encode("utf-8"))
    files = [seed, hostile]
    binary = str(pathlib.Path(args.copydesk).resolve())
    run = lambda fmt, *extra: subprocess.run(
        [binary, "check", "--format", fmt, "--color", "never", *extra, *(f.name for f in files)],
        capture_output=True, cwd=work)
    expected = json.loads(run("json").stdout)
    report = work / "report.html"
    html = run("html", "-o", str(report))
    if html.returncode not in (0, 1):
        sys.exit(f"copydesk --format html exited {html.returncode}: {html.stderr.decode()}")
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
        page.goto(report.as_uri())
        page.wait_for_selector("pre.cd-text")
        scripts_before = page.evaluate("document.querySelectorAll('script').length")
        checked = 0
        for button in page.query_selector_all("nav button"):
            path = button.query_selector(".path").text_content()
            button.click()
            page.wait_for_function(
                "p => document.querySelector('.cd-view h2').textContent === p", arg=path)
            shown = page.evaluate(COLLECT)
            source = (work / path).read_bytes()
            if shown["text"] != source.decode("utf-8"):
                problems.append(f"{path}: the page's text is not the file's text")
            if shown["scripts"] != scripts_before or shown["images"]:
                problems.append(f"{path}: the article added elements to the page")
            mine = [d for d in expected if d["path"] == path]
            for i, d in enumerate(mine):
                want = source[d["start_byte"]:d["end_byte"]].decode("utf-8")
                got = shown["marks"].get(str(i), "")
                if got != want:
                    problems.append(f"{path}: {d['rule']} at {d['start_byte']}..{d['end_byte']}: "
                                    f"highlight {got!r}, bytes {want!r}")
                checked += 1
            if len(shown["marks"]) != len(mine):
                problems.append(f"{path}: {len(shown['marks'])} highlighted, {len(mine)} in JSON")
        # Keys: j selects the first finding of the open file and shows its message.
        page.click("nav button:has-text('seed-article.txt')")
        page.keyboard.press("j")
        first = [d for d in expected if d["path"] == "seed-article.txt"][0]
        detail = page.text_content("#cd-detail")
        if first["message"] not in detail or not page.query_selector("mark.selected"):
            problems.append(f"j: the first finding is not selected ({detail[:80]!r})")
        # Filters: without errors, no error is highlighted.
        page.uncheck("#cd-sev-error")
        if page.query_selector("pre.cd-text mark.error"):
            problems.append("the error filter left errors highlighted")
        page.check("#cd-sev-error")
        if args.screenshot:
            page.evaluate("document.activeElement.blur()")
            page.keyboard.press("j")
            page.screenshot(path=args.screenshot)
        browser.close()
    problems += [f"script error: {e}" for e in errors]
    print(f"html report: {checked} diagnostics in {len(files)} files checked in Chromium, "
          f"{len(problems)} problems")
    for problem in problems:
        print("  " + problem)
    sys.exit(1 if problems or checked == 0 else 0)


if __name__ == "__main__":
    main()
