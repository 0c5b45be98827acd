"""Reads a genesys-export NDJSON tree with software we did not write and prints what it found as one JSON object.

usage: ndjson_interop.py NDJSON_ROOT SCHEMAS_DIR MODES      (MODES: comma list of schemas, duckdb, spark)

- schemas: validates every record of every entity against schemas/ndjson/<entity>.schema.json (jsonschema,
  draft 2020-12) and lists the top-level keys that schemas/bigquery/<entity>.json lacks;
- duckdb:  counts records per entity and per Hive partition dt with read_json_auto(..., hive_partitioning = true);
- spark:   counts them with spark.read.json over each entity folder (local[2], partition dt discovered).
"""
import glob
import gzip
import json
import os
import sys


def entities(root):
    return sorted(
        name for name in os.listdir(root)
        if name not in ("manifests", "media") and os.path.isdir(os.path.join(root, name))
    )


def check_schemas(root, schemas, names):
    import jsonschema

    result = {}
    for entity in names:
        with open(os.path.join(schemas, "ndjson", entity + ".schema.json")) as fh:
            schema = json.load(fh)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        with open(os.path.join(schemas, "bigquery", entity + ".json")) as fh:
            bigquery = {field["name"] for field in json.load(fh)}
        records, errors, unknown = 0, [], set()
        for path in sorted(glob.glob(os.path.join(root, entity, "dt=*", "*.ndjson.gz"))):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for number, line in enumerate(fh, 1):
                    record = json.loads(line)
                    records += 1
                    for error in validator.iter_errors(record):
                        errors.append(f"{os.path.relpath(path, root)}:{number}: {error.json_path}: {error.message}")
                    unknown |= set(record) - bigquery
        result[entity] = {
            "records": records, "errorCount": len(errors), "errors": errors[:10], "bigqueryMissing": sorted(unknown),
        }
    return result


def duckdb_counts(root, names):
    import duckdb

    result = {}
    for entity in names:
        pattern = os.path.join(root, entity, "*", "*.ndjson.gz").replace("'", "''")
        rows = duckdb.sql(
            f"select dt, count(*) from read_json_auto('{pattern}', hive_partitioning = true) group by dt"
        ).fetchall()
        result[entity] = {str(dt): count for dt, count in rows}
    return result


def spark_counts(root, names):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("genesys-export-ndjson")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    result = {}
    try:
        for entity in names:
            frame = spark.read.json(os.path.join(root, entity))
            result[entity] = {row["dt"]: row["count"] for row in frame.groupBy("dt").count().collect()}
    finally:
        spark.stop()
    return result


def main():
    root, schemas, modes = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    names = entities(root)
    out = {"entities": names}
    if "schemas" in modes:
        out["schemas"] = check_schemas(root, schemas, names)
    if "duckdb" in modes:
        out["duckdb"] = duckdb_counts(root, names)
    if "spark" in modes:
        out["spark"] = spark_counts(root, names)
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
