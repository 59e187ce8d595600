#!/usr/bin/env python3
"""check-links.py SITE_DIR -- offline check of internal links in a folder of generated HTML.

Every href/src (and srcset candidate) that is relative or root-relative must name a file that
exists inside SITE_DIR, and every #fragment must match an id (or <a name>) in the target page.
URLs with a scheme (http:, https:, mailto:, tel:, data:, ...) or a host (//cdn...) are external
and skipped. Prints each broken link as "page: href  (reason)"; exits 1 if any, 2 on usage error.
Python 3 standard library only, so CI needs nothing installed for it.
"""
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"href", "src", "xlink:href", "srcset"}


class Page(HTMLParser):
    """Collects the anchors a page offers (ids) and the URLs it refers to (links)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # attribute values arrive with &amp; etc. decoded
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            # fragment navigation matches any element's id, and also <a name> (HTML spec)
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            if name == "srcset":  # "a.png 1x, b.png 2x": the URL is the first word of each candidate
                self.links += [c.split()[0] for c in value.split(",") if c.strip()]
            elif name in LINK_ATTRS:
                self.links.append(value.strip())

    handle_startendtag = handle_starttag  # <img ... /> and <use href="#i"/>


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("usage: check-links.py SITE_DIR", file=sys.stderr)
        return 2
    site = os.path.realpath(sys.argv[1])

    parsed = {}

    def parse(path):  # each page is parsed once, whether as a source or as a link target
        if path not in parsed:
            p = Page()
            with open(path, encoding="utf-8", errors="replace") as f:
                p.feed(f.read())
            p.close()
            parsed[path] = p
        return parsed[path]

    pages = sorted(
        os.path.join(d, f) for d, _, files in os.walk(site) for f in files if f.endswith(".html")
    )
    checked = broken = 0
    for src in pages:
        rel = os.path.relpath(src, site)
        for href in parse(src).links:
            u = urlsplit(href)
            if u.scheme or u.netloc:  # external (or mailto:, tel:, data:, ...): not our files
                continue
            checked += 1
            if u.path:
                base = site if u.path.startswith("/") else os.path.dirname(src)
                target = os.path.normpath(os.path.join(base, unquote(u.path).lstrip("/")))
            else:  # "#x", "?q" or "": the page itself
                target = src
            # "dir/" means dir/index.html; so does "dir" (servers redirect it to "dir/")
            if u.path.endswith("/") or os.path.isdir(target):
                target = os.path.join(target, "index.html")
            reason = None
            if os.path.commonpath([site, os.path.realpath(target)]) != site:
                reason = "outside the site"
            elif not os.path.isfile(target):
                reason = "no such file"
            elif u.fragment and target.endswith(".html"):
                frag = unquote(u.fragment)
                # "#top" scrolls to the top without an id; ":~:text=" is a text fragment, not an id
                if frag not in parse(target).ids and frag.lower() != "top" and not frag.startswith(":~:"):
                    reason = f"no id {frag!r} in {os.path.relpath(target, site)}"
            if reason:
                broken += 1
                print(f"{rel}: {href}  ({reason})")

    print(f"links: {len(pages)} pages, {checked} internal links, {broken} broken", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
