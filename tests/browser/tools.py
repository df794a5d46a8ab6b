"""Quality checks on rendered pages: axe-core (accessibility) in Chromium, and the Nu Html Checker (vnu.jar).

Both tools come from package.json, installed by `./dev test` with `npm ci` into node_modules/.
Missing tools skip the test on a developer's machine and fail it under CI (see `unavailable`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser import unavailable

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# vnu needs a deeper thread stack than some JVMs give by default (it stops with a StackOverflowError on
# the HTML schema); the other two make a short-lived JVM start about a second faster.
JAVA_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

# WCAG 2.1 level A and AA, the level the EU accessibility rules (EN 301 549) point to.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Started without waiting (the promise is kept on the page), so that a test can load its next page in another
# browser context while axe checks this one: axe runs in this page's renderer, the next page renders in the
# live server's Python thread and another renderer, and both cores work.
_START_AXE = """
tags => {
    window.__axeRun = axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
}
"""
_AXE_STARTED = "() => window.__axeRun !== undefined"
_AXE_LOADED = "() => typeof axe === 'object' && typeof axe.run === 'function'"
_AXE_RESULT = "async () => { const result = await window.__axeRun; window.__axeRun = undefined; return result; }"


def _require_axe() -> None:
    if not AXE_JS.exists():
        unavailable(f"{AXE_JS.relative_to(ROOT)} is missing: `./dev test` installs it with npm ci")


def preload_axe(context) -> None:
    """Put axe-core into every page the browser context loads from now on, before the page's own scripts.

    For a test that checks many pages: injecting axe (650 kB) into each page after loading costs about as
    much as checking the page. axe only adds its `axe` object; `axe_violations` injects it where it is absent.
    """
    _require_axe()
    context.add_init_script(path=str(AXE_JS))


def start_axe(page) -> None:
    """Start axe-core on the page as loaded and return at once; `axe_violations(page)` waits for its result."""
    _require_axe()
    if not page.evaluate(_AXE_LOADED):
        page.add_script_tag(path=str(AXE_JS))
    page.evaluate(_START_AXE, WCAG_TAGS)


def axe_violations(page) -> list[str]:
    """Run axe-core on the page as loaded (or finish the run `start_axe` began); one line per offending element."""
    if not page.evaluate(_AXE_STARTED):
        start_axe(page)
    result = page.evaluate(_AXE_RESULT)
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {target}: {node['html'][:200]}\n"
                f"    {violation['helpUrl']}"
            )
    return lines


def validate_html(documents: dict[str, str | bytes]) -> dict[str, list[str]]:
    """Validate HTML documents with vnu.jar in one Java run; {name: [errors]} for the invalid ones only.

    vnu refuses loopback URLs, so the documents are saved to files first; one call for all of
    them because starting the JVM costs more than checking a page.
    """
    java = shutil.which("java")
    if java is None:
        unavailable("java is missing: `./dev test` installs Debian's default-jre-headless when run as root")
    if not VNU_JAR.exists():
        unavailable(f"{VNU_JAR.relative_to(ROOT)} is missing: `./dev test` installs it with npm ci")
    if not documents:
        return {}

    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names_by_file = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number:03d}.html"
            path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
            names_by_file[path.name] = name
        completed = subprocess.run(
            [
                java,
                *JAVA_OPTIONS,
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *sorted(Path(folder).iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    # vnu writes its report to stderr and exits 1 when there are errors.
    try:
        report = json.loads(completed.stderr or completed.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"vnu.jar gave no JSON report (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
        ) from error

    problems: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        file_name = Path(urlsplit(message.get("url", "")).path).name
        name = names_by_file.get(file_name, file_name or "(vnu)")
        where = f"line {message['lastLine']}" if "lastLine" in message else message.get("type", "")
        extract = " ".join(message.get("extract", "").split())
        text = f"{where}: {message.get('message', message)}"
        problems.setdefault(name, []).append(f"{text} — {extract}" if extract else text)
    if completed.returncode != 0 and not problems:
        raise AssertionError(f"vnu.jar failed (exit {completed.returncode}):\n{completed.stderr}")
    return problems


def format_problems(problems: dict[str, list[str]]) -> str:
    """{page: [problem, ...]} as an indented report for an assertion message."""
    return "\n".join(f"{page}:\n" + "\n".join(f"  - {line}" for line in lines) for page, lines in problems.items())
