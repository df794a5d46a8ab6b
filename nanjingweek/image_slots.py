"""The `sizes` of every <img srcset> on the public pages: how wide static/css/site.css draws it at each width of
the window, so that the browser fetches the narrowest rendition that is still sharp (and none narrower).

Widths follow from the stylesheet, and change with it:

- `.wrap` is at most 72rem wide with 1rem padding each side: the content is `calc(100vw - 2rem)`, 70rem at most.
- `.card-list` and `.gallery` are grids of `minmax(16rem, 1fr)` columns with 1rem gaps: n columns fit once the
  content is 17n - 1 rem wide (2 columns from a 35rem window, 3 from 52rem, 4 from 69rem, and 4 of 16.75rem from
  72rem on); a `.card` has 1rem padding and a 1px border each side (2.125rem less).
- `.comparison` (1rem padding, 1px border) holds two columns with a 1rem gap, one at 30rem and below.
- `.news-article` is at most 48rem; `.news-card__image` 12rem, at 40rem and below the width inside its card (the
  news list's cards have 1rem padding and a 1px border each side).
- `.feature` (exhibitions list) puts its picture in 2 of 5 columns from 48rem; `.logo-box` is 12rem × 6rem, 6rem × 3rem
  at 34rem and below.
- `.speaker__photo` is 5rem square, `--large` 8rem; `.logos img` 4rem high (see `logo_sizes`).

tests/browser/test_image_sizes_browser.py measures them in Chromium.
"""

CONTENT = "(min-width: 72rem) 70rem, calc(100vw - 2rem)"
GALLERY = (
    "(min-width: 72rem) 16.75rem, (min-width: 69rem) calc(25vw - 1.25rem), (min-width: 52rem) calc(33.34vw - 1.33rem), "
    "(min-width: 35rem) calc(50vw - 1.5rem), calc(100vw - 2rem)"
)
CARD = (
    "(min-width: 72rem) 14.625rem, (min-width: 69rem) calc(25vw - 3.375rem), "
    "(min-width: 52rem) calc(33.34vw - 3.45rem), (min-width: 35rem) calc(50vw - 3.625rem), calc(100vw - 4.125rem)"
)
COMPARISON = "(max-width: 30rem) calc(100vw - 4.125rem), (min-width: 72rem) 33.44rem, calc(50vw - 2.56rem)"
ARTICLE = "(min-width: 50rem) 48rem, calc(100vw - 2rem)"
NEWS_CARD = "(max-width: 40rem) calc(100vw - 4.125rem), 12rem"
# `.feature` (the exhibitions list): from 48rem its picture takes 2 of 5 columns of the content, without padding.
FEATURE = "(min-width: 72rem) 28rem, (min-width: 48rem) calc(40vw - 0.8rem), calc(100vw - 2rem)"
# `.logo-box`: every partner's logo drawn inside the same 12rem × 6rem box, at most that wide (object-fit: contain);
# on phones (34rem and below) the partner cards are compact, the box 6rem × 3rem beside the name.
LOGO_BOX = "(max-width: 34rem) 6rem, 12rem"

SLOTS = {
    "content": CONTENT,
    "gallery": GALLERY,
    "card": CARD,
    "comparison": COMPARISON,
    "article": ARTICLE,
    "news-card": NEWS_CARD,
    "feature": FEATURE,
    "logo-box": LOGO_BOX,
}
# Square photos with object-fit: cover: a landscape picture is drawn as high as the square and wider than it.
SQUARES_REM = {"speaker": 5, "speaker-large": 8}

LOGO_HEIGHT_REM = 4


def logo_sizes(width: int | None, height: int | None) -> str:
    """A logo in `.logos` is 4rem high and as wide as its proportions make it (narrower screens than that
    logo do not exist: the widest demo logo is 22rem)."""
    return rem(LOGO_HEIGHT_REM * width / height if width and height else LOGO_HEIGHT_REM)


def rem(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "rem"


def sizes_for(slot: str, width: int | None, height: int | None) -> str:
    """The `sizes` of a named slot (`SLOTS`, or "logo"); anything else is taken as a `sizes` value itself."""
    if slot == "logo":
        return logo_sizes(width, height)
    if slot in SQUARES_REM:
        return rem(SQUARES_REM[slot] * max(1, width / height) if width and height else SQUARES_REM[slot])
    return SLOTS.get(slot, slot)
