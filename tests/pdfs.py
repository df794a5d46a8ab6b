"""Reading PDFs back as a person and a scanner would: their text (poppler's pdftotext), their fonts (pdffonts), a
page as an image (pdftoppm) and the QR codes on it (zxing-cpp). Poppler is Debian's poppler-utils, which ./dev test
installs; without it these tests skip locally and fail in CI."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.browser import unavailable


def _run(tool: str, *args: str, data: bytes) -> bytes:
    """`tool args… file.pdf [out]` on a copy of `data`; what it writes to standard output, or to `out`."""
    if shutil.which(tool) is None:
        unavailable(f"{tool} is missing: apt-get install poppler-utils (./dev test does)")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        if tool == "pdftoppm":
            subprocess.run([tool, *args, str(source), str(Path(folder) / "page")], check=True, timeout=60)
            return (Path(folder) / "page.png").read_bytes()
        out = ["-"] if tool == "pdftotext" else []
        return subprocess.run([tool, *args, str(source), *out], capture_output=True, check=True, timeout=60).stdout


def pdf_text(data: bytes) -> str:
    """The text of every page, pages separated by form feeds, in reading order."""
    return _run("pdftotext", "-enc", "UTF-8", data=data).decode("utf-8")


def page_count(data: bytes) -> int:
    return pdf_text(data).rstrip("\f").count("\f") + 1


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    """pdffonts' table: each font's name and whether it is embedded, subset and mapped to Unicode."""
    rows = _run("pdffonts", data=data).decode().splitlines()[2:]
    # The last five columns are fixed: emb sub uni object ID.
    return [
        dict(zip(("name", "emb", "sub", "uni"), [row.split()[0], *row.split()[-5:-2]], strict=True)) for row in rows
    ]


def page_image(data: bytes, page: int = 1, dpi: int = 150):
    from io import BytesIO

    from PIL import Image

    png = _run("pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", data=data)
    return Image.open(BytesIO(png))


def qr_codes(image) -> list[str]:
    """The texts of the QR codes a real decoder finds in the image, top to bottom, left to right."""
    import zxingcpp

    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    results = sorted(results, key=lambda result: (result.position.top_left.y // 50, result.position.top_left.x))
    return [result.text for result in results]
