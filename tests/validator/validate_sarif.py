"""Checks a SARIF file against the SARIF 2.1.0 JSON schema, formats included.

    validate_sarif.py <schema.json> <report.sarif>

Exits 0 when the report is valid, 1 with every violation on stderr otherwise.
"""
import json
import sys

import jsonschema


def main(schema_path, report_path):
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    with open(report_path, encoding="utf-8") as file:
        report = json.load(file)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    # Every known format, not only the schema draft's: artifact URIs are "uri-reference".
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(report), key=lambda error: list(map(str, error.absolute_path)))
    for error in errors:
        where = "/".join(map(str, error.absolute_path)) or "(root)"
        print(f"{report_path}: {where}: {error.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
