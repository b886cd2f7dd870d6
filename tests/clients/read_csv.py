"""Reads each CSV file named on the command line with Python's csv module (as a spreadsheet
user's script would) and prints, per file, its rows as JSON objects keyed by the header."""
import csv
import json
import sys

tables = {}
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8") as f:
        tables[path] = list(csv.DictReader(f, strict=True))
print(json.dumps(tables, ensure_ascii=False))
