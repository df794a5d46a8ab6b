"""What every response must carry (tests/test_security_headers.py, tests/test_demo_pages.py): the security headers,
and in HTML no inline script, event handler or style for the Content-Security-Policy to block."""

from __future__ import annotations

from tests.conftest import Element, build_tree

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Whatever else the list holds, these are off everywhere (camera but on the check-in page).
PRIVATE_FEATURES = {"camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "display-capture"}
# Script elements that are data, not code: the browser runs none of them, and script-src does not apply.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def permissions(response) -> dict[str, str]:
    header = response.headers.get("Permissions-Policy", "")
    return dict(item.strip().split("=", 1) for item in header.split(",") if item.strip())


def header_problems(response, *, camera: bool = False) -> list[str]:
    """What is missing or wrong in the response's security headers; [] when all is right."""
    problems = []
    policy = response.headers.get("Content-Security-Policy")
    if policy is None:
        return ["no Content-Security-Policy"]
    if "unsafe-" in policy or "nonce-" in policy or "sha256-" in policy:
        problems.append(f"inline allowance in the policy: {policy}")
    if csp_directives(response) != EXPECTED_CSP:
        problems.append(f"Content-Security-Policy: {policy}")
    features = permissions(response)
    if not PRIVATE_FEATURES <= set(features):
        problems.append(f"Permissions-Policy lacks {sorted(PRIVATE_FEATURES - set(features))}")
    allowed = {name: value for name, value in features.items() if value != "()"}
    if allowed != ({"camera": "(self)"} if camera else {}):
        problems.append(f"Permissions-Policy allows {allowed}")
    expected = {
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        # Never no-referrer, which makes browsers send `Origin: null` with the page's own forms.
        "Referrer-Policy": "same-origin",
    }
    for name, value in expected.items():
        if response.headers.get(name) != value:
            problems.append(f"{name}: {response.headers.get(name)!r}")
    return problems


def inline_code(html: bytes | str | Element) -> list[str]:
    """Inline scripts, event handlers, javascript: URLs and styles in a page: what the policy would block."""
    document = html if isinstance(html, Element) else build_tree(html)
    found = []
    for element in document.iter():
        if element.tag == "script" and "src" not in element.attrs:
            if element.attrs.get("type", "").lower() not in DATA_SCRIPT_TYPES:
                found.append(f"<script> {element.text[:80]}")
        elif element.tag == "style":
            found.append(f"<style> {element.text[:80]}")
        for name, value in element.attrs.items():
            if name == "style" or name.startswith("on"):
                found.append(f"<{element.tag} {name}={value[:80]!r}>")
            elif name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value[:80]!r}>")
    return found
