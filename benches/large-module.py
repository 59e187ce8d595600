#!/usr/bin/env python3
"""Time `beacon check` and `beacon build --no-leaflets` on one module of 1, 2, 4, 8 and 10 MB.

Each size is a copy of the basic test fixture whose home-kit module gets a deterministic body
of paragraphs, lists, links and headings (many with the same text). Time should grow in
proportion to size: the last column divides each time by the 1 MB time and by the size ratio
(1.0 is linear). The module is marked `leaflets = []`: a module this long cannot be printed.

    cargo build --release && python3 benches/large-module.py [--sizes 1,2,4,8,10] [--runs 3]
"""
import argparse, pathlib, random, shutil, subprocess, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEACON = ROOT / "target" / "release" / "beacon"
WORDS = "keep water torch radio neighbour battery blanket medicine charger flood warning".split()


def module_text(megabytes):
    rng = random.Random(1)
    head = ('+++\ntitle = "Make a home emergency kit"\nsummary = "What to keep ready at home."\n'
            'audience = "households"\nrisks = ["flood", "storm"]\nleaflets = []\n+++\n'
            "Keep a kit where you can find it in the dark.\n\n## What to pack\n\n"
            "::: risk flood\nMove valuables upstairs.\n:::\n\n::: risk storm\nTie down bins.\n:::\n")
    parts, size, i = [head], len(head), 0
    while size < megabytes * 1_000_000:
        i += 1
        if i % 20 == 0:
            part = "\n## Section\n\n"  # the same heading again and again
        elif i % 7 == 0:
            part = "\n- " + " ".join(rng.choice(WORDS) for _ in range(12)) + "\n- see [what to pack](#what-to-pack)\n"
        else:
            part = "\n" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".\n"
        parts.append(part)
        size += len(part)
    return "".join(parts)


def timed(args, cwd, runs):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([str(BEACON), *args], cwd=cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"beacon {' '.join(args)} failed:\n{result.stderr}")
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,2,4,8,10")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    print(f"{'MB':>4} {'check s':>8} {'build s':>8} {'check vs linear':>16} {'build vs linear':>16}")
    first = None
    for mb in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = pathlib.Path(tmp) / "site"
            shutil.copytree(ROOT / "tests" / "fixtures" / "basic", site, ignore=shutil.ignore_patterns("expected"))
            (site / "content" / "modules" / "home-kit.md").write_text(module_text(mb), encoding="utf-8")
            check = timed(["check"], site, options.runs)
            build = timed(["build", "--no-leaflets"], site, options.runs)
        first = first or (mb, check, build)
        scale = mb / first[0]
        print(f"{mb:>4} {check:>8.2f} {build:>8.2f} {check / first[1] / scale:>16.2f} {build / first[2] / scale:>16.2f}")


if __name__ == "__main__":
    main()
