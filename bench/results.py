"""The benchmark's results file, shared by the report scripts: one JSON object per line, by scenario."""
import json


def load(path):
    """Every result of the run by its scenario name (a later line of the same scenario wins)."""
    rows = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("{"):
            record = json.loads(line)
            rows[record.get("scenario")] = record
    return rows
