"""load_programme: a programme folder or workbook -> a whole, valid Programme, or every error.

Loading is all or nothing: the Programme promises referential integrity to the encoder,
the validator and the jobs, so a folder with any problem raises InvalidInstanceError
listing all of them (every file is read and checked before failing), and nothing is ever
half-loaded or silently dropped.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from matcher.councils import (
    COUNCILS_FILE,
    NEIGHBOURS_FILE,
    WELSH_COUNCILS_FILE,
    CouncilRegistry,
    leader_party_of,
)
from matcher.io import checks
from matcher.io.columns import check_unknown_columns
from matcher.io.errors import FORMAT_DOC, ErrorList, InvalidInstanceError, LoadError
from matcher.io.parsing import ParsedTable, build_models, parse_table, records
from matcher.io.schema import PROGRAMME_TABLES
from matcher.io.settings_table import settings_from_table, settings_from_toml
from matcher.io.tables import REQUIRED_TABLES, TABLE_NAMES, RawProgramme, is_workbook, read_raw
from matcher.models import Challenge
from matcher.programme import Programme
from matcher.settings import ProgrammeSettings
from matcher.templates import default_seats

_REFERENCE_CACHE: dict[Path, tuple[tuple[float, ...], CouncilRegistry]] = {}


ENTITY_TABLES = tuple(
    name for name in TABLE_NAMES if name not in ("settings", "councils", "council_neighbours")
)
"""Tables that become a Programme attribute of the same name, one model per row."""


def reference_councils(data_dir: Path) -> CouncilRegistry:
    """The real councils in `data_dir`, read once per process (and again if the files change).

    Sharing one registry also shares its cached distance and neighbour matrices.
    """
    folder = Path(data_dir).resolve()
    stamp = tuple(
        (folder / name).stat().st_mtime if (folder / name).exists() else 0.0
        for name in (WELSH_COUNCILS_FILE, COUNCILS_FILE, NEIGHBOURS_FILE)
    )
    cached = _REFERENCE_CACHE.get(folder)
    if cached is None or cached[0] != stamp:
        cached = (stamp, CouncilRegistry.from_data_dir(folder))
        _REFERENCE_CACHE[folder] = cached
    return cached[1]


def is_reference_registry(registry: CouncilRegistry) -> bool:
    """True for a registry `reference_councils` handed out (it needs no copy when saving)."""
    return any(registry is cached for _, cached in _REFERENCE_CACHE.values())


def load_programme(
    path: Path,
    data_dir: Path,
    warnings: list[LoadError] | None = None,
    known_past: frozenset[str] = frozenset(),
) -> Programme:
    """Read and validate a programme folder (CSV files) or .xlsx workbook.

    Councils come from the folder's own `councils`/`council_neighbours` tables if it has
    them, else from the reference files in `data_dir`. Raises InvalidInstanceError with
    every problem found. Unknown columns that are not a likely typo are appended to
    `warnings` (when given): the load succeeds, but `check` and uploads say so.
    `known_past`: ids of earlier years' challenges held elsewhere (the service's history)
    that a progress review may follow besides those of the folder's own history (S5).
    """
    path = Path(path)
    raw = read_raw(path)
    if "*" in raw.unreadable:  # nothing to check beyond "there is nothing here"
        raise InvalidInstanceError(raw.errors, source=str(path))
    errors = ErrorList(raw.errors)
    errors.total = raw.errors.total
    _require_tables(raw, path, errors)
    for name, spec in PROGRAMME_TABLES.items():
        if name in raw.tables:
            check_unknown_columns(
                raw.tables[name], spec, errors, [] if warnings is None else warnings
            )
    parsed = {
        name: parse_table(raw.tables.get(name), spec, errors)
        for name, spec in PROGRAMME_TABLES.items()
    }
    registry, council_codes = _councils(parsed, data_dir, errors)
    settings = _settings(raw, errors)
    _check_programme(parsed, council_codes, errors, known_past)
    models = {name: tuple(build_models(parsed[name], errors)) for name in ENTITY_TABLES}
    if registry is not None:
        checks.check_placed_seats(
            parsed["placements"],
            _seat_lookup(parsed["seats"], parsed["challenges"], registry),
            errors,
        )
    if errors or registry is None or settings is None:
        ordered = _in_report_order(errors, raw, parsed)
        raise InvalidInstanceError(ordered, source=str(path), total=errors.total)
    return Programme(councils=registry, settings=settings, **models)


def _require_tables(raw: RawProgramme, path: Path, errors: list[LoadError]) -> None:
    for name in REQUIRED_TABLES:
        if name not in raw.tables and not raw.unreadable & {name, "*"}:
            label = f"{path.name}[{name}]" if is_workbook(path) else f"{name}.csv"
            kind = "sheets" if is_workbook(path) else "files"
            found = ", ".join(raw.found) or "none"
            errors.append(
                LoadError(
                    file=label,
                    message=f"missing {name}: every programme needs peers and challenges "
                    f"({kind} found: {found}; see {FORMAT_DOC})",
                )
            )


def _councils(
    parsed: dict[str, ParsedTable], data_dir: Path, errors: list[LoadError]
) -> tuple[CouncilRegistry | None, set[str] | None]:
    """The folder's own councils if it has them, else the reference data in `data_dir`."""
    own, pairs = parsed["councils"], parsed["council_neighbours"]
    if own.present:
        return _own_councils(own, pairs, errors)
    if pairs.present:
        errors.append(
            LoadError(
                file=pairs.label,
                message="council_neighbours needs a councils "
                "table beside it (or neither, to use the reference data)",
            )
        )
    try:
        registry = reference_councils(data_dir)
    except (OSError, KeyError, ValueError) as exc:
        errors.append(
            LoadError(
                file=str(Path(data_dir) / COUNCILS_FILE),
                message=f"cannot read the reference councils: {exc}",
            )
        )
        return None, None
    return registry, set(registry.codes)


def _own_councils(
    own: ParsedTable, pairs: ParsedTable, errors: list[LoadError]
) -> tuple[CouncilRegistry, set[str]]:
    checks.check_unique(own, ("ons_code",), errors)
    codes = checks.known_ids(own, "ons_code")
    checks.check_references(
        own,
        "parent_ons_code",
        codes,
        "council code",
        "H5 two-tier areas need the county in councils",
        errors,
    )
    for column in ("ons_code_a", "ons_code_b"):
        checks.check_references(
            pairs,
            column,
            codes,
            "council code",
            "H5 neighbours must be councils in councils",
            errors,
        )
    councils = build_models(
        own,
        errors,
        leader_party=lambda row: leader_party_of(row["political_control"], row["largest_party"]),
    )
    neighbour_pairs = [(row["ons_code_a"], row["ons_code_b"]) for _, row in records(pairs)]
    return CouncilRegistry(councils, neighbour_pairs), codes


def _settings(raw: RawProgramme, errors: list[LoadError]) -> ProgrammeSettings | None:
    table = raw.tables.get("settings")
    if table is not None and raw.settings_toml is not None:
        errors.append(
            LoadError(
                file=raw.settings_label,
                message="both settings.csv and settings.toml are present: keep one",
            )
        )
        return None
    if table is not None:
        return settings_from_table(table, errors)
    if raw.settings_toml is not None:
        return settings_from_toml(raw.settings_toml, raw.settings_label, errors)
    return ProgrammeSettings()


def _check_programme(
    parsed: dict[str, ParsedTable],
    council_codes: set[str] | None,
    errors: list[LoadError],
    known_past: frozenset[str] = frozenset(),
) -> None:
    """Every rule that relates rows or files to each other (see checks)."""
    peers, challenges = parsed["peers"], parsed["challenges"]
    for name, key in (
        ("peers", ("peer_id",)),
        ("challenges", ("challenge_id",)),
        ("seats", ("challenge_id", "seat_id")),
        ("placements", ("challenge_id", "seat_id")),
    ):
        checks.check_unique(parsed[name], key, errors)
    if council_codes is not None:
        for name, column, why in (
            ("peers", "home_council", "H5 needs a real council"),
            ("conflicts", "ons_code", "H5 needs a real council"),
            ("history", "council", "S8 needs a real council"),
            ("challenges", "council", "H5 and H7 need a real council"),
        ):
            checks.check_references(
                parsed[name], column, council_codes, "council code", why, errors
            )
    if "peer_id" in peers.text:
        _check_peer_references(parsed, checks.known_ids(peers, "peer_id"), errors)
    if "challenge_id" in challenges.text:
        known = checks.known_ids(challenges, "challenge_id")
        for name, column, why in (
            ("seats", "challenge_id", "seats belong to a challenge"),
            ("placements", "challenge_id", "placements fill a challenge"),
        ):
            checks.check_references(parsed[name], column, known, "challenge id", why, errors)
        # S5 across years: a progress review may follow an earlier year's challenge, one
        # the history names (its team is then the history's placements on it).
        checks.check_references(
            challenges,
            "follows",
            known | checks.known_ids(parsed["history"], "challenge_id") | known_past,
            "challenge id",
            "S5 needs the original challenge: one in challenges, or an earlier year's "
            "named in history's challenge_id",
            errors,
        )
    checks.check_order(parsed["unavailability"], "from_date", "to_date", "H3 ranges", errors)
    checks.check_order(challenges, "earliest_start", "latest_start", "start window", errors)
    checks.check_windows_hold_a_monday(challenges, errors)
    checks.check_peer_parties(peers, errors)
    checks.check_seat_party_rules(parsed["seats"], errors)
    checks.check_shadow_seats(parsed["seats"], errors)
    if peers.present and peers.complete:  # else the pool is unknown, not empty
        checks.check_seats_can_be_met(parsed["seats"], checks.pool_profile(peers), errors)


def _check_peer_references(
    parsed: dict[str, ParsedTable], known: set[str], errors: list[LoadError]
) -> None:
    for name, column, why in (
        ("unavailability", "peer_id", "H3 needs a real peer"),
        ("conflicts", "peer_id", "H5 needs a real peer"),
        ("placements", "peer_id", "a placement seats a real peer"),
        ("history", "peer_id", "S8 reads the history of peers in the pool"),
        ("challenges", "vetoes", "H5 vetoes name real peers"),
        ("challenges", "requests", "S6 requests name real peers"),
    ):
        checks.check_references(
            parsed[name], column, known, "peer id", f"not in peers; {why}", errors
        )


def _seat_lookup(seats: ParsedTable, challenges: ParsedTable, registry: CouncilRegistry):
    """challenge_id -> its seat ids (explicit rows, else the template); None if unknowable.

    Works from the parsed columns, not built models: a template depends only on the type
    and the council, so a bad date elsewhere in the row must not hide a bad placement.
    """
    explicit: dict[str, list[str]] = defaultdict(list)
    if not {"challenge_id", "seat_id"} <= seats.text.keys():
        return lambda _challenge_id: None  # a key column is missing (already reported)
    for challenge_id, seat_id in zip(
        seats.text["challenge_id"], seats.text["seat_id"], strict=True
    ):
        if challenge_id and seat_id:
            explicit[challenge_id].append(seat_id)
    kinds = zip(
        challenges.column("challenge_id"),
        challenges.column("type"),
        challenges.column("council"),
        strict=True,
    )
    template_of = {cid: (kind, council) for cid, kind, council in kinds if cid and kind}

    def seats_of(challenge_id: str) -> list[str] | None:
        if challenge_id in explicit:
            return explicit[challenge_id]
        kind, council = template_of.get(challenge_id, (None, None))
        if kind is None or council not in registry:
            return None  # the challenge row itself is reported
        challenge = Challenge.model_construct(challenge_id=challenge_id, type=kind, council=council)
        return [s.seat_id for s in default_seats(challenge, registry[council])]

    return seats_of


def _in_report_order(
    errors: list[LoadError], raw: RawProgramme, parsed: dict[str, ParsedTable]
) -> list[LoadError]:
    """File by file (settings, councils, peers, ... placements), then row, then column."""
    order = {t.label: TABLE_NAMES.index(t.name) for t in raw.tables.values()}
    columns = {t.label: t.spec.column_names for t in parsed.values()}

    def key(error: LoadError) -> tuple[int, int, int]:
        names = columns.get(error.file, [])
        column = names.index(error.column) if error.column in names else len(names)
        return order.get(error.file, -1), error.row or 0, column

    return sorted(errors, key=key)
