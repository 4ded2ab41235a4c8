"""The plain-text version of a release's sanitised HTML, for the text part of its e-mail."""

from html.parser import HTMLParser
from urllib.parse import urljoin

BLOCKS = {"p", "div", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "figure", "figcaption"}


class _TextWriter(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.blocks: list[tuple[str, bool]] = []  # (text, is a list item)
        self.line: list[str] = []
        self.lists: list[list] = []  # per open list: [kind, next number]
        self.quote_depth = 0
        self.link: str | None = None
        self.link_text: list[str] = []

    def _end_block(self) -> None:
        text = " ".join("".join(self.line).split())
        self.line = []
        if text:
            item = text.startswith("• ") or (bool(self.lists) and text[:1].isdigit())
            self.blocks.append(("> " * self.quote_depth + text, item))

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS or tag == "br":
            self._end_block()
        if tag in {"ul", "ol"}:
            self.lists.append([tag, 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            self.line.append(f"{kind[1]}. " if kind[0] == "ol" else "• ")
            kind[1] += 1
        elif tag == "blockquote":
            self.quote_depth += 1
        elif tag == "a":
            self.link = dict(attrs).get("href") or None
            self.link_text = []

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            text = " ".join("".join(self.link_text).split())
            url = urljoin(self.base_url, self.link)
            if url not in {text, f"mailto:{text}"}:
                self.line.append(f" ({url})")
            self.link = None
        if tag in BLOCKS:
            self._end_block()
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)

    def handle_data(self, data):
        self.line.append(data)
        if self.link is not None:
            self.link_text.append(data)


def html_to_text(html: str, *, base_url: str = "") -> str:
    """Return readable text: one paragraph per block, list items marked, links spelled out."""
    writer = _TextWriter(base_url)
    writer.feed(html)
    writer.close()
    writer._end_block()
    parts = []
    for index, (text, item) in enumerate(writer.blocks):
        # List items follow each other line by line; other blocks are paragraphs.
        if index:
            parts.append("\n" if item and writer.blocks[index - 1][1] else "\n\n")
        parts.append(text)
    return "".join(parts)
