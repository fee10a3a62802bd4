"""Three laptops against one district server at the same time (issue 26's concurrency test).

Each laptop is its own process (server_laptop.py: the program's services and its sync) with its
own copy. In rounds the three start together: each edits estates of its own (a note, a
household's note, a vote, a photo's caption, a new household) and the one estate all three
work in (its note, which all three change: conflicts; and each its own household there),
then syncs. One laptop is killed (SIGKILL) while its push transaction is open; one sits in its
own network namespace and its link is brought down in the middle of its push. Afterwards:
the server's references all resolve, no uuid and no entry is there twice, every edit is on
the server or listed as a conflict in its laptop's sync, and after a last sync each copy holds
the server's rows.

The throwaway cluster (tests/pg_cluster.py) listens on the host side of a veth pair when this
machine lets the test make a network namespace (root, `ip`); else on its unix socket, and the
network cut is skipped, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from retrofit_app.core.model import Owner
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement
from retrofit_app.core.photos.samples import scene, write_photo
from retrofit_app.core.project import Project
from retrofit_app.core.server.publish import publish
from retrofit_app.core.server.sync import clone

pytestmark = pytest.mark.needs("postgis")

LAPTOP = Path(__file__).with_name("server_laptop.py")
SHARED = "共用小区"
OWN = ("王工小区", "李工小区", "张工小区")
USERS = ("王工", "李工", "张工")
ROUNDS = 3
WAIT = 120  # seconds a laptop may take before the test calls it hung
PATIENCE = 3  # seconds a laptop in the network cut waits for a silent server (the program: 30)
BOOKKEEPING = {"app_meta", "exchange_packages", "exchange_merges", "merge_conflicts",
               "evidence_chain", "report_digests"}  # fmt: skip


# ---------------------------------------------------------------- the network namespace


@dataclass
class Net:
    namespace: str
    host_address: str
    client_link: str  # the laptop's end of the veth pair, inside the namespace
    subnet: str


def _ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)


def _make_net() -> tuple[Net | None, str]:
    """A namespace with a veth pair to this one, or None and why not."""
    if os.name != "posix" or os.geteuid() != 0:
        return None, "a network namespace needs root"
    if shutil.which("ip") is None:
        return None, "no `ip` command (iproute2)"
    tag = os.getpid() % 100000
    third = os.getpid() % 250 + 1
    net = Net(f"retrofit-{tag}", f"10.226.{third}.1", f"rfc{tag}", f"10.226.{third}.0/30")
    host_link = f"rfh{tag}"
    steps = [
        ("netns", "add", net.namespace),
        ("link", "add", host_link, "type", "veth", "peer", "name", net.client_link),
        ("link", "set", net.client_link, "netns", net.namespace),
        ("addr", "add", f"{net.host_address}/30", "dev", host_link),
        ("link", "set", host_link, "up"),
        ("-n", net.namespace, "addr", "add", f"10.226.{third}.2/30", "dev", net.client_link),
        ("-n", net.namespace, "link", "set", net.client_link, "up"),
        ("-n", net.namespace, "link", "set", "lo", "up"),
    ]
    for step in steps:
        done = _ip(*step)
        if done.returncode != 0:
            _remove_net(net)
            return None, f"this machine refused `ip {' '.join(step)}`: {done.stderr.strip()}"
    return net, ""


def _remove_net(net: Net) -> None:
    _ip("link", "del", f"rfh{net.namespace.split('-')[1]}")
    _ip("netns", "del", net.namespace)


@pytest.fixture(scope="module")
def net() -> Iterator[tuple[Net | None, str]]:
    made, why = _make_net()
    try:
        yield made, why
    finally:
        if made is not None:
            _remove_net(made)


@pytest.fixture(scope="module")
def cluster(net: tuple[Net | None, str]) -> Iterator[Any]:
    from needs import need

    need("postgis")
    from pg_cluster import throwaway_cluster

    made = net[0]
    if made is None:
        with throwaway_cluster() as started:
            yield started
        return
    with throwaway_cluster(
        listen=made.host_address, hba=[f"host all all {made.subnet} scram-sha-256"]
    ) as started:
        yield started


@pytest.fixture
def url(cluster: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    from pg_cluster import PASSWORD

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return str(cluster.url(cluster.new_database()))


# ---------------------------------------------------------------- the district and its plan


@dataclass
class Plan:
    """uuids of what the laptops edit: the shared estate and each laptop's own records."""

    shared_estate: str = ""
    shared_households: list[str] = field(default_factory=list)  # one per laptop
    estates: list[str] = field(default_factory=list)
    households: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    consultations: list[str] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)


def _district(path: Path) -> Plan:
    plan = Plan()
    with Project.create(path, user="办公室") as office:
        shared = office.estates.create(SHARED, "鼓楼区", lon=118.78, lat=32.05)
        plan.shared_estate = shared.uuid
        unit = office.buildings.add_unit(office.buildings.create(shared.uuid, "1幢").uuid, "1单元")
        plan.shared_households = [
            office.households.create(unit.uuid, f"{n + 1}01", owners=[Owner("", f"住户{n}", "", "")]).uuid
            for n in range(3)
        ]  # fmt: skip
        for n, name in enumerate(OWN):
            estate = office.estates.create(name, "鼓楼区", lon=118.79 + n / 100, lat=32.06)
            unit = office.buildings.add_unit(
                office.buildings.create(estate.uuid, "2幢").uuid, "1单元"
            )
            household = office.households.create(
                unit.uuid, "101", owners=[Owner("", f"业主{n}", "", "")]
            )
            consultation = office.consultations.for_scope("unit", unit.uuid)
            picture = write_photo(path.parent / f"{name}.jpg", scene(160, 120, name, seed=n))
            (imported,) = import_photos(
                office, Placement(estate.uuid, caption="北立面"), [picture], workers=0
            )
            plan.estates.append(estate.uuid)
            plan.units.append(unit.uuid)
            plan.households.append(household.uuid)
            plan.consultations.append(consultation.uuid)
            plan.photos.append(imported.photo_id)
    return plan


def _edits(plan: Plan, n: int, round_: int) -> list[dict[str, Any]]:
    """What laptop `n` does in a round: its own estate's records and the shared estate."""
    said = f"{USERS[n]}第{round_}轮"
    return [
        {"kind": "estate_note", "uuid": plan.shared_estate, "value": f"{said}：共用小区的记录"},
        {"kind": "household_note", "uuid": plan.shared_households[n], "value": f"{said}：住户在家"},
        {"kind": "estate_note", "uuid": plan.estates[n], "value": f"{said}：外墙空鼓"},
        {"kind": "household_note", "uuid": plan.households[n], "value": f"{said}：已登记"},
        {
            "kind": "vote",
            "uuid": plan.households[n],
            "consultation": plan.consultations[n],
            "value": ("agree", "object")[round_ % 2],
        },  # fmt: skip
        {"kind": "photo_caption", "uuid": plan.photos[n], "value": f"{said}：北立面"},
        {"kind": "new_household", "unit": plan.units[n], "value": f"加建-{n}-{round_}"},
    ]


# ---------------------------------------------------------------- laptops


@dataclass
class Laptop:
    n: int
    copy: Path
    namespace: str = ""
    pending: dict[tuple[str, str, str], Any] = field(default_factory=dict)  # edits not yet synced

    def start(self, edits: list[dict[str, Any]], **env: str) -> subprocess.Popen[str]:
        job = json.dumps({"copy": str(self.copy), "user": USERS[self.n], "edits": edits})
        command = [sys.executable, str(LAPTOP), job]
        if self.namespace:
            command = ["ip", "netns", "exec", self.namespace, *command]
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **env},
        )  # fmt: skip

    def finish(self, process: subprocess.Popen[str]) -> dict[str, Any]:
        try:
            out, err = process.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"{USERS[self.n]}'s sync still ran after {WAIT} s: {err[-2000:]}")
        assert out.strip(), (
            f"{USERS[self.n]}'s sync said nothing (exit {process.returncode}): {err}"
        )
        said: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        for edit in said["edits"]:
            self.pending[(edit["table"], edit["uuid"], edit["field"])] = edit["value"]
        return said


def _round(laptops: list[Laptop], jobs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The laptops start together; each one's sync is waited for."""
    started = [laptop.start(job) for laptop, job in zip(laptops, jobs, strict=True)]
    return [laptop.finish(process) for laptop, process in zip(laptops, started, strict=True)]


# ---------------------------------------------------------------- what the server holds


def _rows(url: Any, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of `sql` on the server at `url` (or on an open connection to it)."""
    import psycopg

    if not isinstance(url, str):
        return list(url.execute(sql, params).fetchall())
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def _one_connection(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _value(url: str, table: str, uuid: str, field_: str) -> Any:
    found = _rows(url, f'SELECT "{field_}" FROM retrofit."{table}" WHERE uuid = %s', (uuid,))
    return found[0][0] if found else None


def _accounted(url: str, laptop: Laptop, said: dict[str, Any]) -> None:
    """After `laptop`'s sync went through: each of its edits is on the server, or listed as a
    conflict with the laptop's value; only the field all three change may conflict."""
    listed = {(c["table"], c["uuid"], c["field"]): c["value"] for c in said["conflicts"]}
    for (table, uuid, field_), value in laptop.pending.items():
        held = _value(url, table, uuid, field_)
        if held == value:
            continue
        assert listed.get((table, uuid, field_)) == value, (
            f"{USERS[laptop.n]}'s {table}.{field_} = {value!r}: the server holds {held!r} "
            f"and the sync listed no conflict for it ({said['conflicts']})"
        )
        assert (table, field_) == ("estates", "note"), "a record only one laptop edits conflicted"
    laptop.pending.clear()


def _server_sound(url: str) -> None:
    """Every reference resolves, no uuid twice, no audit entry or household twice."""
    with _one_connection(url) as conn:
        references = _rows(conn, """
            SELECT cl.relname, a.attname, pcl.relname, pa.attname
              FROM pg_constraint c
              JOIN pg_class cl ON cl.oid = c.conrelid
              JOIN pg_namespace ns ON ns.oid = cl.relnamespace
              JOIN pg_class pcl ON pcl.oid = c.confrelid
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
             WHERE c.contype = 'f' AND ns.nspname = 'retrofit'""")  # fmt: skip
        assert len(references) >= 10
        for child, column, parent, key in references:
            dangling = _rows(conn, f"""SELECT count(*) FROM retrofit."{child}" x WHERE x."{column}" IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM retrofit."{parent}" p WHERE p."{key}" = x."{column}")""")  # fmt: skip
            assert dangling == [(0,)], f"{child}.{column} names a {parent} that is not there"
        tables = [r[0] for r in _rows(conn, """SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'retrofit' AND column_name = 'uuid'""")]  # fmt: skip
        assert {"estates", "households", "votes", "photos", "audit_log"} <= set(tables)
        for table in tables:
            twice = _rows(
                conn, f'SELECT uuid FROM retrofit."{table}" GROUP BY uuid HAVING count(*) > 1'
            )
            assert twice == [], f"{table}: {twice}"
        same_entry = _rows(conn, """SELECT at, action, record_uuid, count(*) FROM retrofit.audit_log
            GROUP BY at, user_name, action, table_name, record_uuid, new_values HAVING count(*) > 1""")  # fmt: skip
        assert same_entry == [], same_entry
        same_room = _rows(conn, """SELECT unit_uuid, room FROM retrofit.households
            WHERE deleted_at IS NULL GROUP BY unit_uuid, room HAVING count(*) > 1""")  # fmt: skip
        assert same_room == []
        same_vote = _rows(conn, """SELECT consultation_uuid, household_uuid FROM retrofit.votes
            GROUP BY consultation_uuid, household_uuid HAVING count(*) > 1""")  # fmt: skip
        assert same_vote == []
        same_link = _rows(conn, """SELECT copy_id, seq FROM retrofit.evidence_chain
            GROUP BY copy_id, seq HAVING count(*) > 1""")  # fmt: skip
        assert same_link == []


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the district's schema, as text."""
    with _one_connection(url) as conn:
        tables = [r[0] for r in _rows(conn, """SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'retrofit' AND table_type = 'BASE TABLE'""")]  # fmt: skip
        return {t: _rows(conn, f'SELECT x::text FROM retrofit."{t}" x ORDER BY 1') for t in tables}


def _revision(url: str) -> int:
    return int(_rows(url, "SELECT value FROM retrofit.retrofit_meta WHERE key = 'revision'")[0][0])


def _copy_rows(path: Path, tables: list[str]) -> dict[str, dict[str, tuple]]:
    """Each of `tables`' rows in the project file at `path` by uuid (all columns but fid)."""
    found: dict[str, dict[str, tuple]] = {}
    with Project(path, readonly=True) as project:
        for table in tables:
            columns = [r[1] for r in project.conn.execute(f'PRAGMA table_info("{table}")')]
            wanted = [c for c in columns if c != "fid"]
            listed = ", ".join(f'"{c}"' for c in wanted)
            key = wanted.index("uuid")
            rows = project.conn.execute(f'SELECT {listed} FROM "{table}"')
            found[table] = {r[key]: tuple(r) for r in rows}
    return found


def _same_as_server(url: str, laptops: list[Laptop], tmp_path: Path) -> None:
    """Each copy holds the server's rows: the uuids of every table the server has, and each
    row as a copy handed out afresh from the server holds it (owners' numbers masked alike)."""
    fresh = tmp_path / "刚从服务器取的.gpkg"
    clone(url, fresh)
    on_server = {r[0] for r in _rows(url, """SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'retrofit' AND column_name = 'uuid'""")}  # fmt: skip
    compared = sorted(on_server - BOOKKEEPING - {"photo_data"})
    expected = _copy_rows(fresh, compared)
    with _one_connection(url) as conn:
        on_server_now = {
            t: {r[0] for r in _rows(conn, f'SELECT uuid FROM retrofit."{t}"')} for t in compared
        }
    for table, server_uuids in on_server_now.items():
        if table == "audit_log":  # a copy takes the entries of the records it holds
            assert set(expected[table]) <= server_uuids
        else:
            assert set(expected[table]) == server_uuids, table
    for laptop in laptops:
        held = _copy_rows(laptop.copy, compared)
        for table in compared:
            assert held[table] == expected[table], f"{USERS[laptop.n]}'s {table}"


def _killed_edits_arrived(url: str, plan: Plan) -> None:
    """王工's edits of round 9 (the push that was killed) are on the server, once."""
    said = f"{USERS[0]}第9轮"
    assert _value(url, "estates", plan.shared_estate, "note") == f"{said}：共用小区的记录"
    assert _value(url, "households", plan.shared_households[0], "note") == f"{said}：住户在家"
    assert _value(url, "estates", plan.estates[0], "note") == f"{said}：外墙空鼓"
    assert _value(url, "households", plan.households[0], "note") == f"{said}：已登记"
    assert _value(url, "photos", plan.photos[0], "caption") == f"{said}：北立面"
    assert _rows(url, "SELECT choice FROM retrofit.votes WHERE consultation_uuid = %s",
                 (plan.consultations[0],)) == [("object",)]  # fmt: skip
    assert _rows(url, "SELECT count(*) FROM retrofit.households WHERE unit_uuid = %s AND room = %s",
                 (plan.units[0], "加建-0-9")) == [(1,)]  # fmt: skip


# ---------------------------------------------------------------- the tests


def _laptops(url: str, tmp_path: Path, namespace: str = "") -> tuple[Plan, list[Laptop]]:
    office = tmp_path / "区里.gpkg"
    plan = _district(office)
    publish(office, url, user="办公室")
    laptops = []
    for n, user in enumerate(USERS):
        copy = tmp_path / user / f"{user}.gpkg"
        copy.parent.mkdir()
        clone(url, copy, user=user)
        laptops.append(Laptop(n, copy, namespace if n == 2 else ""))
    return plan, laptops


def test_three_laptops_sync_in_rounds_and_one_killed_mid_push(url: str, tmp_path: Path) -> None:
    plan, laptops = _laptops(url, tmp_path)
    for round_ in range(1, ROUNDS + 1):
        said = _round(laptops, [_edits(plan, n, round_) for n in range(3)])
        for laptop, one in zip(laptops, said, strict=True):
            assert one["error"] is None, one
            _accounted(url, laptop, one)
        # the note all three changed: one kept, the other two listed as conflicts
        assert sum(len(one["conflicts"]) for one in said) == 2, said
        _server_sound(url)
    assert _revision(url) == 1 + 3 * ROUNDS

    # 王工 is killed while its push transaction is open (its first rows sent, revision locked)
    before, revision = _snapshot(url), _revision(url)
    marker = tmp_path / "push-paused"
    killed = laptops[0].start(_edits(plan, 0, 9), RETROFIT_TEST_PUSH_PAUSE=str(marker))
    deadline = time.monotonic() + WAIT
    while not marker.exists():
        assert killed.poll() is None and time.monotonic() < deadline, killed.communicate()
        time.sleep(0.05)
    open_push = _rows(url, """SELECT pid FROM pg_stat_activity WHERE application_name = 'retrofit-app'
        AND state = 'idle in transaction' AND backend_xid IS NOT NULL""")  # fmt: skip
    assert len(open_push) == 1, "the push's transaction is not open on the server"
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=WAIT)
    while _rows(url, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", open_push[0]):
        assert time.monotonic() < deadline, "the server kept the killed laptop's transaction"
        time.sleep(0.05)
    assert _snapshot(url) == before and _revision(url) == revision
    marker.unlink(missing_ok=True)
    # its next sync (no new edit) finishes what it had
    with Project(laptops[0].copy, readonly=True) as copy:
        assert copy.estates.get(plan.estates[0]).note == f"{USERS[0]}第9轮：外墙空鼓"
    finished = laptops[0].finish(laptops[0].start([]))
    assert finished["error"] is None and finished["conflicts"] == []
    assert _revision(url) == revision + 1
    _killed_edits_arrived(url, plan)
    _server_sound(url)

    # a last round without edits: every copy then holds the server's rows
    for one in _round(laptops, [[], [], []]):
        assert one["error"] is None and one["conflicts"] == []
    _server_sound(url)
    _same_as_server(url, laptops, tmp_path)


def test_a_laptop_whose_link_goes_down_mid_push_fails_clearly_and_syncs_later(
    net: tuple[Net | None, str], url: str, tmp_path: Path
) -> None:
    made, why = net
    if made is None:
        pytest.skip(f"the network cut needs a network namespace: {why}")
    plan, laptops = _laptops(url, tmp_path, made.namespace)
    for laptop, one in zip(
        laptops, _round(laptops, [_edits(plan, n, 1) for n in range(3)]), strict=True
    ):
        assert one["error"] is None, one  # 张工's copy syncs from its own namespace, over the veth
        _accounted(url, laptop, one)
    cut_off = laptops[2]
    before, revision = _snapshot(url), _revision(url)
    marker = tmp_path / "push-paused"
    started = time.monotonic()
    process = cut_off.start(_edits(plan, 2, 2), RETROFIT_TEST_PUSH_PAUSE=str(marker),
                            RETROFIT_TEST_NET_PATIENCE=str(PATIENCE))  # fmt: skip
    while not marker.exists():
        assert process.poll() is None and time.monotonic() - started < WAIT, process.communicate()
        time.sleep(0.05)
    link = _ip("-n", made.namespace, "link", "set", made.client_link, "down")
    assert link.returncode == 0, link.stderr
    try:
        marker.unlink()  # the push goes on, into a link that is down
        said = cut_off.finish(process)
        assert said["code"] == "server_connection_lost", said
        assert "同步" in said["error"] and "本机副本" in said["error"], said["error"]
        with Project(cut_off.copy, readonly=True) as copy:  # the copy keeps what was typed
            assert copy.households.get(plan.households[2]).note == f"{USERS[2]}第2轮：已登记"
        # the server gives the dead push up within seconds: nothing of it is there
        deadline = time.monotonic() + 10 * PATIENCE
        while held := _rows(url, """SELECT pid, state, now() - state_change, left(query, 60)
                FROM pg_stat_activity WHERE application_name = 'retrofit-app'"""):  # fmt: skip
            assert time.monotonic() < deadline, f"the server still holds the cut push: {held}"
            time.sleep(0.2)
        assert _snapshot(url) == before and _revision(url) == revision
        # and the others' syncs go through while the link is still down
        for laptop, one in zip(
            laptops[:2], _round(laptops[:2], [_edits(plan, n, 2) for n in range(2)]), strict=True
        ):
            assert one["error"] is None, one
            _accounted(url, laptop, one)
        assert _revision(url) == revision + 2
    finally:
        _ip("-n", made.namespace, "link", "set", made.client_link, "up")
    # the link back up: the laptop's next sync (no new edit) brings its edits to the server
    said = cut_off.finish(cut_off.start([]))
    assert said["error"] is None, said
    _accounted(url, cut_off, said)
    _server_sound(url)
    for one in _round(laptops, [[], [], []]):
        assert one["error"] is None and one["conflicts"] == []
    _same_as_server(url, laptops, tmp_path)
