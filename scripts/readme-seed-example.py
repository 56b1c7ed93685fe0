"""Print the seed's record in the compact form the README shows (mentions and text left out).

    .venv/bin/python scripts/readme-seed-example.py ../shared/spec/examples/seed.txt
"""

from __future__ import annotations

import json
import sys

import communique


def compact(record: dict) -> dict:
    keep = {k: record[k] for k in ("id", "source", "published", "title", "language")}
    keep["text"] = record["text"][:80] + "..."
    keep["entities"] = [{k: v for k, v in e.items() if k != "mentions"} for e in record["entities"]]
    keep["events"] = [{k: v for k, v in v.items() if k != "evidence"} for v in record["events"]]
    keep["statements"] = [{k: v for k, v in s.items() if k != "span"} for s in record["statements"]]
    keep["references"] = [{k: v for k, v in r.items() if k != "span"} for r in record["references"]]
    return keep


def main() -> None:
    """One line per entity, event, statement and reference keeps the example readable."""
    body = compact(communique.extract(sys.argv[1]).to_dict())
    lists = {k: body.pop(k) for k in ("entities", "events", "statements", "references")}
    head = json.dumps(body, ensure_ascii=False, indent=1)[:-2]
    parts = [head + ","]
    for i, (key, items) in enumerate(lists.items()):
        rows = ",\n  ".join(json.dumps(x, ensure_ascii=False) for x in items)
        end = "," if i < len(lists) - 1 else ""
        parts.append(f' "{key}": [\n  {rows}\n ]{end}')
    print("\n".join(parts) + "\n}")


if __name__ == "__main__":
    main()
