"""The HTML report as a person sees it, in the system Chromium: every table shows its rows, sorts and
searches, offline and without console errors; with JavaScript off and in print the same rows are
there as plain tables; the page is a document (language, header, sources, contents).

Screenshots of the first screen and of one table are saved to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.conftest import SCREENSHOTS

LOADING = "Loading ITables"
SEARCHABLE_CELL = re.compile(r"[\u4e00-\u9fff]{2,}")


@pytest.fixture(scope="module")
def page_url(report_run) -> str:
    assert report_run.status == 0
    return (report_run.figures / "report.html").as_uri()


@pytest.fixture(scope="module")
def loaded(browser, page_url):
    """The report opened with JavaScript on; console messages and requests recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems, requests = [], []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_url)
    page.wait_for_function("document.querySelectorAll('div.dt-container').length > 0")
    page.wait_for_timeout(500)
    yield page, problems, requests
    context.close()


def _visible_rows(container) -> int:
    return container.locator("div.dt-scroll-body tbody tr:visible").count()


def test_every_table_shows_its_rows_offline_without_errors(loaded):
    page, problems, requests = loaded
    containers = page.locator("div.dt-container")
    assert containers.count() >= 15  # every table of the five notebooks
    for i in range(containers.count()):
        rows = _visible_rows(containers.nth(i))
        assert rows > 0, f"table {i} shows no row"
    assert LOADING not in page.locator("body").inner_text()
    assert problems == []
    assert all(url.startswith(("file:", "data:", "blob:")) for url in requests), [u for u in requests if "://" in u]


def test_typing_in_the_search_box_filters_every_table(loaded):
    page, _, _ = loaded
    containers = page.locator("div.dt-container")
    for i in range(containers.count()):
        container = containers.nth(i)
        before = _visible_rows(container)
        cells = container.locator("div.dt-scroll-body tbody tr td").all_inner_texts()
        term = next((m.group(0) for cell in reversed(cells) if (m := SEARCHABLE_CELL.search(cell))), None)
        if term is None:
            continue  # a table of numbers only
        box = container.locator("input[type=search]")
        box.fill(term)
        page.wait_for_timeout(50)
        after = container.locator("div.dt-scroll-body tbody tr:visible")
        assert 0 < after.count() <= before, (i, term)
        assert all(term in text for text in after.all_inner_texts()), (i, term)
        box.fill("")


def test_headers_sort(loaded):
    page, _, _ = loaded
    container = page.locator("div.dt-container").filter(has_text="全部事项").first
    first_ids = lambda: container.locator("div.dt-scroll-body tbody tr td:first-child").all_inner_texts()[:3]  # noqa: E731
    before = first_ids()
    header = container.locator("div.dt-scroll-head th", has_text="事项编号")
    for order in ("ascending", "descending"):  # the first click sorts the order it came in
        header.locator("span.dt-column-title").click()  # the header's name, not only its small arrow
        header.and_(page.locator(f"[aria-sort={order}]")).wait_for()
    assert first_ids() != before and first_ids()[0] > before[0]
    label = header.locator("span.dt-column-order").get_attribute("aria-label")
    assert label.startswith("事项编号：点击") and not re.search(r"[A-Za-z]", label)  # read aloud in Chinese


def test_the_page_is_a_document(loaded, report_run):
    page, _, _ = loaded
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    header = page.locator("header.report-header").inner_text()
    assert "区政府重点工作目标任务年度对比报告" in header and "生成时间" in header
    for path in sorted(report_run.seeds.glob("*.txt")):
        assert path.name in header
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:12] in header
    links = page.locator("nav.toc a")
    assert links.count() >= 25
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, href
    titles = page.locator("nav.toc > ol > li > a").all_inner_texts()
    assert [t[:2] for t in titles] == ["要点", "一、", "二、", "三、", "四、", "五、"]  # the key points first
    assert "待核对的配对" in page.locator("nav.toc ol ol ol a").all_inner_texts()  # the part the analyst acts on


def test_screenshots_for_a_person_to_look_at(loaded):
    page, _, _ = loaded
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "report_first_screen.png"))
    table = page.locator("div.dt-container").filter(has_text="全部事项").first
    table.scroll_into_view_if_needed()
    table.screenshot(path=str(SCREENSHOTS / "report_items_table.png"))
    assert (SCREENSHOTS / "report_first_screen.png").stat().st_size > 10_000
    print(f"screenshots in {SCREENSHOTS}")


def test_without_javascript_every_row_is_in_a_plain_table(browser, page_url, report_run):
    import pandas as pd

    items = pd.read_parquet(report_run.data / "items.parquet")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_url)
    tables = page.locator("div[id$=_fallback] table")
    assert tables.count() >= 15
    everything = tables.filter(has_text="全部事项").first
    assert everything.locator("tbody tr").count() == len(items)
    assert everything.is_visible()
    shown = page.locator("body").inner_text()
    assert LOADING not in shown and "ITables" not in shown  # nor the library's note to trust the notebook
    cell = everything.locator("tbody tr td").nth(3)
    aligned = cell.evaluate("td => getComputedStyle(td).textAlign")
    assert aligned in ("left", "start")  # Chinese text reads from the left
    item_id = everything.locator("tbody tr td").first  # a short value, not squeezed to a character a line
    assert item_id.evaluate("td => getComputedStyle(td).whiteSpace") == "nowrap"
    context.close()


def test_in_print_the_plain_tables_replace_the_widgets(loaded):
    page, _, _ = loaded
    page.emulate_media(media="print")
    try:
        widgets = page.locator("div.dt-container")
        assert all(not widgets.nth(i).is_visible() for i in range(widgets.count()))
        fallbacks = page.locator("div[id$=_fallback]")
        assert all(fallbacks.nth(i).is_visible() for i in range(fallbacks.count()))
        pdf = page.pdf(format="A4")
        assert pdf[:4] == b"%PDF" and len(pdf) > 100_000
    finally:
        page.emulate_media(media="screen")


def _code_words() -> set[str]:
    """Every code name a program uses: table and column names, code values."""
    from analysis import registry
    from analysis.present.names import display_names

    words = {t.name for t in registry.TABLES} | {c.name for t in registry.TABLES for c in t.columns}
    words |= {code for _, code in display_names().values} | {part for w in words for part in w.split("_")}
    return {w for w in words if re.fullmatch(r"[A-Za-z_-]{2,}", w)}


def test_no_code_word_in_the_prose_or_the_headers(loaded):
    page, _, _ = loaded
    prose = page.locator(".jp-RenderedMarkdown, header.report-header, nav.toc").all_inner_texts()
    headers = page.locator("div.dt-scroll-head th, div[id$=_fallback] th, table.redlines th").all_inner_texts()
    # file names the prose tells the reader to open (analysis/resources/unit_aliases.csv) are not code words
    prose = [re.sub(r"[\w./-]+\.(?:csv|txt|xlsx|docx|html?|toml|ipynb)\b", "", text) for text in prose]
    latin = {w for text in prose + headers for w in re.findall(r"[A-Za-z][A-Za-z_-]+", text)}
    assert latin & _code_words() == set(), sorted(latin & _code_words())
    assert not [h for h in headers if re.search(r"[A-Za-z]", h)], "a table header in English"


def test_numbers_read_as_written_and_missing_values_are_blank(loaded):
    """A reader never sees NaN, 5.500000e+00 or 0.111111111111111 in a table (the interactive one or its plain
    copy)."""
    page, _, _ = loaded
    cells = page.locator("div.dt-scroll-body td, div[id$=_fallback] td").all_inner_texts()
    assert len(cells) > 1000
    assert not [c for c in cells if c.strip() in ("NaN", "nan", "None", "<NA>")]
    assert not [c for c in cells if re.fullmatch(r"-?\d\.\d+e[+-]\d+", c.strip())]
    # a computed weight shows four decimals at most (not 0.111111111111111), a share reads as a percentage:
    # ★区商务局 leads 10 of 2023's 118 items (8.5%)
    assert not [c for c in cells if re.fullmatch(r"-?\d+\.\d{5,}", c.strip())]
    assert "8.5%" in [c.strip() for c in cells]


def test_charts_are_shown_large_enough_to_read(loaded):
    """On a 1280 px wide page a full-column chart shows about 950 px wide (its labels were 5-6 px at print size)."""
    page, _, _ = loaded
    widths = page.locator(".jp-RenderedImage img").evaluate_all("(images) => images.map((i) => i.clientWidth)")
    assert len(widths) >= 10
    assert max(widths) >= 900 and all(w <= 1280 for w in widths), widths


def test_tables_fit_a_1280_px_page_without_scrolling_sideways(loaded):
    """Short columns keep their values on one line but may wrap their headers, so even the widest tables (the
    review queue, the leader handovers) fit the page: nothing hides past the right edge of a table's box."""
    page, _, _ = loaded
    overflow = page.locator("div.dt-scroll-body").evaluate_all(
        "(boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 2)"
        ".map((b) => b.closest('.dt-container').querySelector('caption')?.textContent)"
    )
    assert overflow == []
