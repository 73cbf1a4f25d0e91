"""The poster prints on one page of the size chosen."""

import re

import pytest

pytestmark = pytest.mark.browser

# Points (1/72 in) of each size, as Chromium writes them in a PDF's MediaBox.
SIZES = {"a4": (595, 842), "a5": (420, 595)}


def pdf_pages(pdf: bytes) -> list[tuple[int, int]]:
    """The (width, height) in points of each page of a PDF Chromium printed."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_the_poster_prints_on_one_page_of_its_size(new_page, size):
    page = new_page(width=1280, height=900)
    assert page.goto(f"/g/glycines/poster?size={size}").status == 200
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == [SIZES[size]]
