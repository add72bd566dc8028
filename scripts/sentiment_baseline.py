"""Runs VADER (vaderSentiment 3.3.2) on every text of the labelled sentiment sets.

Usage: sentiment_baseline.py DATA_DIR OUT

Reads each DATA_DIR/*_GroundTruth.txt (ID<TAB>MEAN<TAB>TEXT) and writes SET:ID<TAB>COMPOUND per text
to OUT. Only VADER runs here: every metric is computed by `focus sentiment-eval`, with the same code
for VADER and for Focus.
"""
import pathlib
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main() -> None:
    data, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    analyzer = SentimentIntensityAnalyzer()
    files = sorted(data.glob("*_GroundTruth.txt"))
    if not files:
        sys.exit(f"no *_GroundTruth.txt in {data}")
    with out.open("w", encoding="utf-8", newline="\n") as sink:
        for path in files:
            name = path.name[: -len("_GroundTruth.txt")]
            count = 0
            with path.open(encoding="utf-8", newline="") as source:
                for number, line in enumerate(source, 1):
                    line = line.rstrip("\r\n")
                    if not line.strip():
                        continue
                    fields = line.split("\t", 2)
                    if len(fields) != 3:
                        sys.exit(f"{path}:{number}: expected ID<TAB>MEAN<TAB>TEXT")
                    score = analyzer.polarity_scores(fields[2])["compound"]
                    sink.write(f"{name}:{fields[0]}\t{score}\n")
                    count += 1
            print(f"VADER: {count} texts of {path.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
