#!/usr/bin/env python3
"""How long `beacon serve` takes from saving a module to serving the page's new HTML.

Runs `beacon serve` on a copy of the default site and on the synthetic site of
benches/site-speed.py (5,000 pages by default, fully translated into five languages), saves one
module 20 times with a new sentence each time, and after each save fetches the module's page in
a tight loop until the sentence is in it. Prints the median and worst time per site. Standard
library only; see benches/README.md.
"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATE = "2026-12-01"
SENTENCE_BEFORE = "\n\n## "  # the new sentence goes in as a paragraph before the first subheading


def site_speed():
    """benches/site-speed.py, for its synthetic site (its file name is not a module name)."""
    spec = importlib.util.spec_from_file_location("site_speed", REPO / "benches" / "site-speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_default_site(to):
    for folder in ["content", "translations", "static", "themes", "leaflet"]:
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, to / folder)
    shutil.copy(REPO / "site.toml", to / "site.toml")


def start(beacon, site, leaflets):
    cmd = [beacon, "serve", "--site", site, "--port", "0", "--date", DATE]
    if not leaflets:
        cmd.append("--no-leaflets")
    server = subprocess.Popen([str(c) for c in cmd], stderr=subprocess.PIPE, text=True)
    for line in server.stderr:
        if "http://localhost:" in line:
            port = int(line.split("http://localhost:")[1].split("/")[0])
            break
    else:
        sys.exit("error: beacon serve stopped before serving")
    # Keep reading what it prints, so it never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    return server, port


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
        return response.read().decode()


def measure(port, module_file, page, edits, settle):
    original = module_file.read_text()
    at = original.index(SENTENCE_BEFORE)
    times = []
    try:
        for number in range(edits):
            sentence = f"Reload test sentence number {number} at {time.time_ns()}."
            text = original[:at] + f"\n\n{sentence}" + original[at:]
            started = time.perf_counter()
            module_file.write_text(text)
            while sentence not in fetch(port, page):
                if time.perf_counter() - started > 30:
                    sys.exit(f"error: {page} did not show edit {number} within 30 s")
            times.append((time.perf_counter() - started) * 1000)
            # Let background work (leaflets) settle as an author's pause between saves would.
            time.sleep(settle)
    finally:
        module_file.write_text(original)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beacon", default=str(REPO / "target" / "release" / "beacon"))
    parser.add_argument("--pages", type=int, default=5000, help="pages of the synthetic site")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--leaflets", action="store_true",
                        help="serve with leaflets, made in the background after each save")
    parser.add_argument("--settle", type=float, default=0.5, help="seconds between saves")
    args = parser.parse_args()
    beacon = Path(args.beacon).resolve()
    if not beacon.is_file():
        sys.exit(f"error: no beacon binary at {beacon}; run `cargo build --release` first")
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="beacon-serve-bench-", dir=shm if shm.is_dir() else None))
    print(f"sites in {root}; {os.cpu_count()} CPUs; {args.edits} edits each", flush=True)
    rows = []
    try:
        default = root / "default"
        copy_default_site(default)
        synthetic = root / "synthetic"
        bench = site_speed()
        bench.generate(max(1, args.pages // len(bench.LANGS)), synthetic, root / "hugo-unused")
        bench.translate(beacon, synthetic)
        first = sorted((synthetic / "content" / "modules").glob("*.md"))[0]
        sites = [
            ("default site", default, default / "content/modules/prepare-your-home.md",
             "/en/modules/prepare-your-home/"),
            (f"synthetic site ({args.pages} pages)", synthetic, first, f"/en/modules/{first.stem}/"),
        ]
        for name, site, module_file, page in sites:
            server, port = start(beacon, site, args.leaflets)
            try:
                fetch(port, page)
                times = measure(port, module_file, page, args.edits, args.settle)
            finally:
                server.terminate()
                server.wait()
            rows.append((name, statistics.median(times), max(times), min(times)))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\n{'site':<32} {'median ms':>10} {'worst ms':>10} {'best ms':>10}")
    for name, median, worst, best in rows:
        print(f"{name:<32} {median:>10.1f} {worst:>10.1f} {best:>10.1f}")


if __name__ == "__main__":
    main()
