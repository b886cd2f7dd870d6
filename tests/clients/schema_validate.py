"""Validate dataset files against mesograph's committed JSON Schemas with a real validator.

Usage: schema_validate.py SCHEMA_DIR FILE...  Each FILE is named like a dataset file
(`actors.json`, `links.json`, …, `dataset.json`, or `NAME.actors.json`); it is validated against
`SCHEMA_DIR/<kind>.schema.json`. Prints one JSON object: for each file, the list of the
validator's error messages (empty when valid).
"""

import json
import sys

import jsonschema

KINDS = ["sources", "actors", "links", "milestones", "dataset"]


def kind_of(path):
    name = path.rsplit("/", 1)[-1]
    for kind in KINDS:
        if name == f"{kind}.json" or name.endswith(f".{kind}.json"):
            return kind
    raise SystemExit(f"{path}: not named after a dataset file")


def main(schema_dir, paths):
    result = {}
    for path in paths:
        with open(f"{schema_dir}/{kind_of(path)}.schema.json", encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        validator = jsonschema.Draft202012Validator(schema)
        result[path] = sorted(e.message for e in validator.iter_errors(document))
    json.dump(result, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
