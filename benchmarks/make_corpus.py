"""Build a benchmark corpus of varied articles from the bundled demo articles.

Usage: python benchmarks/make_corpus.py [--articles N] [--out DIR] [--seed S]

Each article takes a demo article's headline and a run of its paragraphs, sometimes a
paragraph from another article, and swaps the countries it names (name, adjective,
capital) and its weekdays and months for others, so no two texts are the same. The
articles are written as a mix of formats the readers handle: plain-text files, HTML pages
and JSON Lines dumps. The output directory (default benchmarks/corpus/) is git-ignored.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from casus.extract import article_id, extract, read_file
from casus.model import RawDoc
from casus.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
DEFAULT_OUT = ROOT / "benchmarks" / "corpus"
COUNTRIES = ROOT / "src" / "casus" / "data" / "actors" / "countries.yml"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Bench Courier</title>
<meta property="article:published_time" content="{date}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About</a>
</nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{paragraphs}
</article>
<aside><h2>Related stories</h2><ul><li><a href="/x">Markets close higher</a></li></ul></aside>
</main><footer><p>Copyright The Bench Courier. All rights reserved.</p></footer></body></html>
"""


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    adjective: str
    capital: str


def demo_articles() -> list[Source]:
    docs = [extract(read_file(p)) for p in sorted((DEMO / "corpus").glob("*"))]
    for line in (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        docs.append(extract(RawDoc(record["id"], record["text"], title=record.get("title"))))
    sources = []
    for doc in docs:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", doc.text) if p.strip()]
        sources.append(Source(doc.title or paragraphs[0][:60], paragraphs))
    return sources


def countries() -> list[Country]:
    """Countries with one plain name, adjective and capital (swapping these reads naturally)."""
    found = []
    for entry in load_yaml(COUNTRIES.read_text(encoding="utf-8")):
        adjectives = entry.get("adjectives") or []
        if entry.get("historical") or not adjectives or not entry.get("capital"):
            continue
        found.append(Country(entry["name"], adjectives[0], entry["capital"]))
    return found


@functools.cache
def _names(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len)[::-1])) + r")\b")


def swap_words(text: str, pairs: dict[str, str]) -> str:
    if not pairs:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(pairs, key=len)[::-1])) + r")\b")
    return pattern.sub(lambda m: pairs[m.group(1)], text)


def vary(source: Source, extra: Source, rng: random.Random, nations: list[Country]) -> Source:
    n = len(source.paragraphs)
    length = rng.randint(3, min(6, n))
    start = rng.randint(0, n - length)
    paragraphs = source.paragraphs[start : start + length]
    if rng.random() < 0.4:
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(extra.paragraphs))
    text = "\n".join([source.title, *paragraphs])
    by_name = {c.name: c for c in nations}
    present = [by_name[m] for m in sorted(set(_names(tuple(by_name)).findall(text)))]
    pairs: dict[str, str] = {}
    for old in rng.sample(present, min(len(present), rng.randint(1, 2))):
        new = rng.choice(nations)
        pairs |= {old.name: new.name, old.adjective: new.adjective, old.capital: new.capital}
    pairs |= dict(zip(WEEKDAYS, rng.sample(WEEKDAYS, len(WEEKDAYS)), strict=True))
    pairs |= dict(zip(MONTHS, rng.sample(MONTHS, len(MONTHS)), strict=True))
    return Source(swap_words(source.title, pairs), [swap_words(p, pairs) for p in paragraphs])


def write_corpus(out: Path, *, articles: int, seed: int) -> dict[str, int]:
    """Write `articles` varied articles under `out`; return how many of each format."""
    rng = random.Random(seed)
    sources, nations = demo_articles(), countries()
    if out.exists():
        shutil.rmtree(out)
    counts = {"text": 0, "html": 0, "jsonl": 0}
    records: list[str] = []
    seen: set[str] = set()
    for i in range(articles):
        while True:  # the odd draw repeats an earlier article; draw again
            article = vary(rng.choice(sources), rng.choice(sources), rng, nations)
            key = article_id("\n\n".join(article.paragraphs))
            if key not in seen:
                seen.add(key)
                break
        date = f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        slug = f"{i:05}"
        kind = rng.choices(["text", "html", "jsonl"], weights=[5, 3, 2])[0]
        counts[kind] += 1
        folder = out / kind / f"{i // 500:02}"
        if kind == "text":
            folder.mkdir(parents=True, exist_ok=True)
            body = "\n\n".join(article.paragraphs)
            (folder / f"{slug}.txt").write_text(f"{article.title}\n\n{body}\n", encoding="utf-8")
        elif kind == "html":
            folder.mkdir(parents=True, exist_ok=True)
            paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
            page = PAGE.format(title=html.escape(article.title), date=date, paragraphs=paragraphs)
            (folder / f"{slug}.html").write_text(page, encoding="utf-8")
        else:
            record = {
                "id": f"bench-{slug}",
                "title": article.title,
                "text": "\n\n".join(article.paragraphs),
                "date": date,
                "url": f"https://bench.example/{slug}",
            }
            records.append(json.dumps(record, ensure_ascii=False))
    dumps = out / "jsonl"
    dumps.mkdir(parents=True, exist_ok=True)
    for part in range(0, len(records), 400):
        lines = "\n".join(records[part : part + 400]) + "\n"
        (dumps / f"dump-{part // 400:02}.jsonl").write_text(lines, encoding="utf-8")
    return counts


def benchmark_corpus(path: Path | None, *, articles: int) -> Path:
    """The corpus a benchmark runs on: `path`, else the default one of that many articles
    (`benchmarks/corpus`, or `benchmarks/corpus-N`), written first if it is missing."""
    corpus = path or (
        DEFAULT_OUT if articles == 5000 else DEFAULT_OUT.with_name(f"corpus-{articles}")
    )
    if not corpus.exists():
        write_corpus(corpus, articles=articles, seed=2024)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    counts = write_corpus(args.out, articles=args.articles, seed=args.seed)
    print(json.dumps({"out": str(args.out), "articles": args.articles, **counts}))


if __name__ == "__main__":
    main()
