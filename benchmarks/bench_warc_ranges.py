"""Cost of splitting a big WARC / WARC.gz into byte ranges, without coding anything.

Usage: python benchmarks/bench_warc_ranges.py [--pages N] [--split-mb M] [--folder DIR]

Writes a crawl of N pages (a request and a response record each, pages of 2 to 20 kB of our
own sentences, every tenth an image) as plain WARC and as WARC.gz (a gzip member a record),
then for each: reads it whole (`casus.readers.read_sources`), runs the counting tasks one
after the other in this process (`count_warc_range` over `--split-mb` ranges: on a cluster
they run at once, one a worker), plans the ranges, reads every range (`read_warc_range`),
and checks that the ranges gave exactly the items of the whole file. Prints seconds and
megabytes per second for each step.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from casus.readers import read_sources
from casus.readers.ranges import nominal_ranges
from casus.readers.warc_ranges import count_warc_range, plan_warc_ranges, read_warc_range

# our own sentence, its words drawn in another order on every page
WORDS = re.findall(
    r"\S+",
    "The minister said talks with the neighbouring government would resume next week after "
    "troops withdrew from the border town, and aid groups asked for safe passage for convoys.",
)


def write_crawl(path: Path, pages: int) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
        for i in range(pages):
            url = f"https://news.example/{i}"
            n = 300 + (i * 7919) % 2700  # 2 to 20 kB of text
            pick = random.Random(i)
            text = " ".join(
                pick.choice(WORDS) if k % 5 else str(pick.randrange(10**6)) for k in range(n)
            )
            body = f"<html><body><p>Report {i}.</p><p>{text}</p></body></html>".encode()
            ctype = "image/png" if i % 10 == 9 else "text/html"
            req = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--split-mb", type=float, default=4.0)
    parser.add_argument("--folder", type=Path, default=Path("build/bench-warc"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    split = int(args.split_mb * (1 << 20))
    for name in ("crawl.warc", "crawl.warc.gz"):
        path = args.folder / name
        write_crawl(path, args.pages)
        size = path.stat().st_size
        mb = size / (1 << 20)

        started = time.perf_counter()
        whole = list(read_sources([str(path)]))
        t_whole = time.perf_counter() - started

        counts, times = [], []
        for a, b in nominal_ranges(size, split):
            started = time.perf_counter()
            counts.append(count_warc_range(str(path), a, b))
            times.append(time.perf_counter() - started)
        t_count = sum(times)
        ranges = plan_warc_ranges(str(path), counts)
        assert ranges is not None, "not split"

        started = time.perf_counter()
        parts = [list(read_warc_range(part)) for part in ranges]
        t_read = time.perf_counter() - started
        split_items = [item for part in parts for item in part]

        print(
            f"{name}: {mb:.1f} MB, {len(whole):,} items, {len(ranges)} ranges; "
            f"read whole {t_whole:.2f} s ({mb / t_whole:.0f} MB/s); "
            f"{len(counts)} count tasks {t_count:.2f} s in all ({mb / t_count:.0f} MB/s), "
            f"longest {max(times):.2f} s; "
            f"ranges read {t_read:.2f} s; same items as whole: {split_items == whole}"
        )


if __name__ == "__main__":
    main()
