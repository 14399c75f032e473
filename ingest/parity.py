"""``courtside parity``: two builds of the same raw data: every model, seed and snapshot relation
dbt's manifest lists, compared row by row.

A relation's rows are matched by its key: the columns of its ``unique`` or
``unique_combination`` test, else its ``unique_key`` config; a snapshot by its unique key
and the version's rank (dbt's own columns, which hold each build's run time, are left
out; whether a version is current is compared).  A relation without a key is compared as
a multiset of whole rows.  Integers, strings, dates, timestamps and booleans must be equal;
floating-point and decimal values may differ by ``REL_TOL`` relative.

Each side is a :class:`Warehouse` that returns a relation's columns and rows as Python
values: :class:`PostgresWarehouse` (psycopg2) and :class:`SparkWarehouse` (a Spark session,
local or Spark Connect, from :mod:`ingest.spark_session`).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ingest.config import project_root, state_dir
from ingest.database import PgSettings, connect, resolve
from ingest.dbt_cli import (
    PROFILE,
    dbt_env,
    dbt_error,
    dbt_path,
    find_profiles_file,
    profile_outputs,
    render_env_vars,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

REL_TOL = 1e-9
COMPARED_TYPES = ("model", "seed", "snapshot")
KEY_TESTS = {"unique": "column_name", "unique_combination": "combination_of_columns"}
# dbt's snapshot columns: run times of each build (and an id hashed from them)
SNAPSHOT_META = ("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to")
SNAPSHOT_VERSION = "version_rank"
SNAPSHOT_CURRENT = "is_current_version"
EXAMPLES = 1


class ParityError(RuntimeError):
    """The comparison cannot run (no manifest, a relation missing on one side...)."""


@dataclass(frozen=True)
class Relation:
    """One relation to compare: where it is and which columns identify a row."""

    unique_id: str
    resource_type: str
    schema: str
    name: str
    key: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]


class Warehouse(Protocol):
    name: str

    def read(self, relation: Relation) -> Table: ...


def relations_to_compare(manifest: dict) -> list[Relation]:
    """Every enabled model (not ephemeral), seed and snapshot of the manifest, with its key."""
    keys: dict[str, tuple[str, ...]] = {}
    for node in manifest["nodes"].values():
        test = node.get("test_metadata") or {}
        argument = KEY_TESTS.get(test.get("name", ""))
        if node["resource_type"] != "test" or argument is None or not node.get("attached_node"):
            continue
        value = test.get("kwargs", {}).get(argument)
        columns = (value,) if isinstance(value, str) else tuple(value or ())
        attached = node["attached_node"]
        # the narrowest key wins (a unique column over a wider unique combination)
        if columns and (attached not in keys or len(columns) < len(keys[attached])):
            keys[attached] = columns
    relations = []
    for unique_id, node in sorted(manifest["nodes"].items()):
        config = node.get("config", {})
        if node["resource_type"] not in COMPARED_TYPES or not config.get("enabled", True):
            continue
        if config.get("materialized") == "ephemeral":
            continue
        key = keys.get(unique_id) or _as_tuple(config.get("unique_key"))
        if node["resource_type"] == "snapshot":
            key = (*_as_tuple(config.get("unique_key")), SNAPSHOT_VERSION)
        relations.append(
            Relation(
                unique_id=unique_id,
                resource_type=node["resource_type"],
                schema=node["schema"],
                name=node.get("alias") or node["name"],
                key=key,
            )
        )
    return relations


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def load_manifest(path: Path) -> dict:
    if not path.exists():
        raise ParityError(f"{path}: no dbt manifest; run `dbt parse` or `dbt build` first")
    return json.loads(path.read_text())


# --------------------------------------------------------------------------- values


def normalized(value: Any) -> Any:
    """A value as both engines' drivers can agree on it: timestamps as naive UTC, decimals
    and floats as floats, everything else as it is."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict | list):  # a JSON column
        return json.dumps(value, sort_keys=True)
    return value


def same(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return left == right
    if isinstance(left, float) or isinstance(right, float):
        if not isinstance(left, int | float) or not isinstance(right, int | float):
            return False
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=REL_TOL, abs_tol=0.0)
    if isinstance(left, date) and isinstance(right, date):
        # a date and a timestamp never match: the column types differ
        return type(left) is type(right) and left == right
    return left == right


# --------------------------------------------------------------------------- comparing


@dataclass
class RelationParity:
    relation: Relation
    left_rows: int = 0
    right_rows: int = 0
    only_left: list[tuple] = field(default_factory=list)
    only_right: list[tuple] = field(default_factory=list)
    columns_only_left: list[str] = field(default_factory=list)
    columns_only_right: list[str] = field(default_factory=list)
    differing: dict[str, list[tuple]] = field(default_factory=dict)  # column -> examples
    differing_counts: Counter = field(default_factory=Counter)
    duplicate_keys: int = 0
    error: str | None = None

    @property
    def identical(self) -> bool:
        return not (
            self.error
            or self.only_left
            or self.only_right
            or self.columns_only_left
            or self.columns_only_right
            or self.differing_counts
            or self.duplicate_keys
            or self.left_rows != self.right_rows
        )

    def line(self, left: str, right: str) -> str:
        label = self.relation.label
        if self.error:
            return f"error      {label}: {self.error}"
        if self.identical:
            return f"identical  {label} ({_rows(self.left_rows)})"
        parts = [f"{_rows(self.left_rows)} on {left}, {self.right_rows:,} on {right}"]
        if self.columns_only_left:
            parts.append(f"columns only on {left}: {', '.join(self.columns_only_left)}")
        if self.columns_only_right:
            parts.append(f"columns only on {right}: {', '.join(self.columns_only_right)}")
        if self.duplicate_keys:
            parts.append(f"{self.duplicate_keys} keys not unique")
        for side, keys in ((left, self.only_left), (right, self.only_right)):
            if keys:
                parts.append(f"{_rows(len(keys))} only on {side} (e.g. {self._key_text(keys[0])})")
        for column, count in sorted(self.differing_counts.items()):
            key, a, b = self.differing[column][0]
            parts.append(
                f"{column} differs in {_rows(count)} (e.g. {self._key_text(key)}: {a!r} vs {b!r})"
            )
        return f"DIFFERENT  {label}: " + "; ".join(parts)

    def _key_text(self, key: tuple) -> str:
        names = self.relation.key or ("row",)
        if not self.relation.key:
            return repr(key)
        return ", ".join(f"{name}={value}" for name, value in zip(names, key, strict=False))


def _rows(count: int) -> str:
    return f"{count:,} row" if count == 1 else f"{count:,} rows"


def compare(relation: Relation, left: Table, right: Table) -> RelationParity:
    result = RelationParity(relation, left_rows=len(left.rows), right_rows=len(right.rows))
    left_columns, right_columns = set(left.columns), set(right.columns)
    result.columns_only_left = sorted(left_columns - right_columns)
    result.columns_only_right = sorted(right_columns - left_columns)
    shared = [c for c in left.columns if c in right_columns]
    left_rows = _project(left, shared)
    right_rows = _project(right, shared)
    missing_key = [c for c in relation.key if c not in shared]
    if not relation.key or missing_key:
        _compare_multisets(result, left_rows, right_rows)
        return result
    positions = [shared.index(c) for c in relation.key]
    left_by_key, left_dupes = _by_key(left_rows, positions)
    right_by_key, right_dupes = _by_key(right_rows, positions)
    result.duplicate_keys = left_dupes + right_dupes
    result.only_left = sorted((k for k in left_by_key if k not in right_by_key), key=repr)
    result.only_right = sorted((k for k in right_by_key if k not in left_by_key), key=repr)
    for key in sorted(left_by_key.keys() & right_by_key.keys(), key=repr):
        a_row, b_row = left_by_key[key], right_by_key[key]
        for index, column in enumerate(shared):
            if not same(a_row[index], b_row[index]):
                result.differing_counts[column] += 1
                examples = result.differing.setdefault(column, [])
                if len(examples) < EXAMPLES:
                    examples.append((key, a_row[index], b_row[index]))
    return result


def _project(table: Table, columns: list[str]) -> list[tuple]:
    positions = [table.columns.index(c) for c in columns]
    return [tuple(normalized(row[p]) for p in positions) for row in table.rows]


def _by_key(rows: Iterable[tuple], positions: list[int]) -> tuple[dict[tuple, tuple], int]:
    found: dict[tuple, tuple] = {}
    duplicates = 0
    for row in rows:
        key = tuple(row[p] for p in positions)
        if key in found:
            duplicates += 1
        found[key] = row
    return found, duplicates


def _compare_multisets(result: RelationParity, left: list[tuple], right: list[tuple]) -> None:
    """Rows without a key: equal when every row of one side has an equal row on the other.
    Equal rows are matched exactly first; what is left is matched allowing floats to differ
    by REL_TOL."""
    left_count, right_count = Counter(left), Counter(right)
    left_rest = sorted((left_count - right_count).elements(), key=_sort_key)
    unmatched_right = sorted((right_count - left_count).elements(), key=_sort_key)
    for row in left_rest:
        match = next(
            (i for i, other in enumerate(unmatched_right) if all(map(same, row, other))), None
        )
        if match is None:
            result.only_left.append(row)
        else:
            unmatched_right.pop(match)
    result.only_right = unmatched_right


def _sort_key(row: tuple) -> tuple:
    return tuple((value is None, repr(value)) for value in row)


def snapshot_versions(relation: Relation, table: Table) -> Table:
    """A snapshot's rows without dbt's run-time columns: each version ranked within its
    unique key by ``dbt_valid_from``, with whether it is current."""
    if relation.resource_type != "snapshot" or "dbt_valid_from" not in table.columns:
        return table
    index = {c: i for i, c in enumerate(table.columns)}
    key_columns = [c for c in relation.key if c != SNAPSHOT_VERSION]
    kept = [c for c in table.columns if c not in SNAPSHOT_META]
    ordered = sorted(
        table.rows,
        key=lambda r: (
            tuple(repr(r[index[c]]) for c in key_columns),
            normalized(r[index["dbt_valid_from"]]),
        ),
    )
    rank: Counter = Counter()
    rows = []
    for row in ordered:
        key = tuple(row[index[c]] for c in key_columns)
        rank[key] += 1
        current = row[index["dbt_valid_to"]] is None
        rows.append((*(row[index[c]] for c in kept), rank[key], current))
    return Table([*kept, SNAPSHOT_VERSION, SNAPSHOT_CURRENT], rows)


def compare_warehouses(
    relations: Iterable[Relation], left: Warehouse, right: Warehouse
) -> list[RelationParity]:
    results = []
    for relation in relations:
        try:
            left_table = snapshot_versions(relation, left.read(relation))
            right_table = snapshot_versions(relation, right.read(relation))
        except Exception as exc:  # one relation unreadable: said on its line, others go on
            results.append(RelationParity(relation, error=_first_line(exc)))
            continue
        results.append(compare(relation, left_table, right_table))
    return results


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


# --------------------------------------------------------------------------- warehouses


class PostgresWarehouse:
    def __init__(self, db: PgSettings, name: str = "postgres"):
        self.db = db
        self.name = name

    def read(self, relation: Relation) -> Table:
        conn = connect(self.db)
        try:
            with conn.cursor() as cur:
                cur.execute(f'select * from "{relation.schema}"."{relation.name}"')
                columns = [d.name for d in cur.description]
                return Table(columns, [tuple(r) for r in cur.fetchall()])
        finally:
            conn.close()


class SparkWarehouse:
    def __init__(self, spark: SparkSession, name: str = "spark"):
        self.spark = spark
        self.name = name

    def read(self, relation: Relation) -> Table:
        frame = self.spark.table(f"`{relation.schema}`.`{relation.name}`")
        rows = [tuple(_local_instant(v) for v in row) for row in frame.collect()]
        return Table(list(frame.columns), rows)


def _local_instant(value: Any) -> Any:
    """PySpark hands a timestamp to Python as a naive datetime in the Python process's
    own time zone (not the session's): make it the instant it is."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.astimezone(UTC)
    return value


# --------------------------------------------------------------------------- the command

DEFAULT_TARGETS = ("dev", "spark")
BUILD_EXCLUDES = ("resource_type:test", "resource_type:unit_test")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--targets",
        nargs=2,
        default=list(DEFAULT_TARGETS),
        metavar=("LEFT", "RIGHT"),
        help="two outputs of the courtside profile (default: dev spark)",
    )
    parser.add_argument(
        "--vars", help="dbt vars for both builds, e.g. '{start_date: 2024-10-22, end_date: ...}'"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="compare what the last parity builds left"
    )
    parser.add_argument(
        "--select", nargs="+", help="compare only these relations (schema.name or name)"
    )


def parity_folder() -> Path:
    return state_dir() / "parity"


def build(target: str, db: PgSettings, dbt_vars: str | None) -> float:
    """``dbt build`` of every model, seed and snapshot (no tests) on ``target``; its own
    target folder, so each side keeps its manifest."""
    started, wall = time.perf_counter(), time.time()
    folder = parity_folder() / target
    profiles = find_profiles_file()
    if profiles.name != "profiles.yml":  # the example as shipped: dbt reads profiles.yml only
        (folder / "profiles").mkdir(parents=True, exist_ok=True)
        profiles = Path(shutil.copy(profiles, folder / "profiles" / "profiles.yml"))
    command = [
        dbt_path(),
        "build",
        "--target",
        target,
        "--exclude",
        *BUILD_EXCLUDES,
        "--profiles-dir",
        str(profiles.parent),
        "--target-path",
        str(folder / "target"),
        "--log-path",
        str(folder / "logs"),
        *(["--vars", dbt_vars] if dbt_vars else []),
    ]
    done = subprocess.run(
        command, cwd=project_root(), env=dbt_env(db), capture_output=True, text=True
    )
    if done.returncode != 0:
        run_results = folder / "target" / "run_results.json"
        error = dbt_error(done.returncode, done.stdout + done.stderr, run_results, wall)
        raise ParityError(f"dbt build --target {target}: {error}")
    return time.perf_counter() - started


def warehouse_for(target: str) -> Warehouse:
    """The warehouse an output of the profile builds into, connected as dbt connects."""
    outputs = profile_outputs()
    if target not in outputs:
        raise ParityError(
            f"{find_profiles_file()}: no output '{target}' in profile '{PROFILE}'"
            f" (outputs: {', '.join(outputs)})"
        )
    output = outputs[target]
    kind = output.get("type")
    if kind == "postgres":
        settings = {name: render_env_vars(output[name]) for name in ("host", "user", "password")}
        return PostgresWarehouse(
            PgSettings(
                **settings,
                port=int(render_env_vars(output["port"])),
                dbname=render_env_vars(output["dbname"]),
            ),
            name=target,
        )
    if kind == "spark":
        from ingest.spark_session import spark_session

        return SparkWarehouse(spark_session("courtside-parity"), name=target)
    raise ParityError(f"output '{target}' is of type {kind!r}: parity reads postgres and spark")


def selected(relations: list[Relation], names: Sequence[str] | None) -> list[Relation]:
    if not names:
        return relations
    wanted = set(names)
    chosen = [r for r in relations if r.label in wanted or r.name in wanted]
    unknown = wanted - {r.label for r in chosen} - {r.name for r in chosen}
    if unknown:
        raise ParityError(f"no such model, seed or snapshot: {', '.join(sorted(unknown))}")
    return chosen


def run(args: argparse.Namespace) -> int:
    left_target, right_target = args.targets
    db = resolve(start_embedded=True)  # the PG* variables the profile's outputs read
    if not args.no_build:
        for target in dict.fromkeys((left_target, right_target)):
            seconds = build(target, db, args.vars)
            print(f"built {target} in {seconds:.0f}s")
    manifest = load_manifest(parity_folder() / left_target / "target" / "manifest.json")
    relations = selected(relations_to_compare(manifest), args.select)
    left, right = warehouse_for(left_target), warehouse_for(right_target)
    results = compare_warehouses(relations, left, right)
    for result in results:
        print(result.line(left.name, right.name))
    different = [r for r in results if not r.identical]
    print(
        f"{len(results)} relations compared ({left.name} vs {right.name}): "
        f"{len(results) - len(different)} identical, {len(different)} different"
    )
    return 1 if different else 0
