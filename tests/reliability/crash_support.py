"""Helpers for the reliability tests: the real command line in a subprocess, inputs, and file checks."""

from __future__ import annotations

import hashlib
import io
import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ROSTER_HEADER = "楼栋,单元,房号,楼层,建筑面积(㎡),产权人,身份证号,联系电话,产权类型,是否出租,表决意见,征询方式,备注"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
VOTES = ("同意", "反对", "弃权", "")


@dataclass
class Run:
    status: int
    out: str
    err: str


def cli_env(home: Path) -> dict[str, str]:
    """The environment of a child command: its own settings, data and log folders under `home`."""
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "LOG"):
        env[f"RETROFIT_APP_{name}_DIR"] = str(home / name.lower())
    env.pop("RETROFIT_APP_LANG", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def command(*argv: object) -> list[str]:
    return [sys.executable, "-m", "retrofit_app", *[str(a) for a in argv]]


def cli(env: dict[str, str], *argv: object, timeout: float = 120) -> Run:
    done = subprocess.run(
        command(*argv), env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout
    )
    return Run(done.returncode, done.stdout, done.stderr)


def timed(env: dict[str, str], *argv: object) -> tuple[Run, float]:
    start = time.perf_counter()
    result = cli(env, *argv)
    return result, time.perf_counter() - start


def kill_after(env: dict[str, str], delay: float, *argv: object) -> int | None:
    """Start the command, SIGKILL it after `delay` s; its exit status if it ended first, else None."""
    child = subprocess.Popen(
        command(*argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        return child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        child.kill()  # SIGKILL: no handler, no cleanup, like a battery running out
        child.wait()
        return None


# ------------------------------------------------------------------ inputs
def write_jpegs(folder: Path, count: int, seed: int, size: tuple[int, int] = (1200, 900)) -> Path:
    """`count` distinct JPEGs of noisy blocks of flats (noise makes each a few hundred KB)."""
    from retrofit_app.core.photos.samples import jpeg_bytes, scene

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        image = scene(*size, f"照片 {i:03d}", seed=seed + i, stage=("before", "after")[i % 2])
        (folder / f"现场_{i:03d}.jpg").write_bytes(jpeg_bytes(image, quality=85))
    return folder


def _check_digit(body: str) -> str:
    """GB 11643's check character of the first 17 digits of a citizen ID number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def roster_lines(rows: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = [ROSTER_HEADER]
    for i in range(rows):
        building, rest = divmod(i, 60)
        unit, flat = divmod(rest, 12)
        floor, door = divmod(flat, 2)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        # The row number in the last digits keeps ID numbers apart: one person, one owner.
        body = f"3201021970{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{i % 1000:03d}"
        id_number = body + _check_digit(body)  # a real ID's ISO 7064 check digit
        phone = f"139{rng.randint(0, 99_999_999):08d}"
        lines.append(
            f"{building + 1},{unit + 1},{floor + 1}0{door + 1},{floor + 1},{rng.uniform(45, 110):.2f},"
            f"{name},{id_number},{phone},个人,否,{rng.choice(VOTES)},当面,"
        )
    return lines


def write_roster(path: Path, rows: int, seed: int, encoding: str = "gbk") -> Path:
    path.write_bytes("\r\n".join(roster_lines(rows, seed)).encode(encoding) + b"\r\n")
    return path


# ------------------------------------------------------------------ checks
def connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def sqlite_problems(path: Path) -> list[str]:
    """What SQLite's own integrity and foreign-key checks say (empty when all is well)."""
    conn = sqlite3.connect(path)  # read-write: a killed writer's WAL is recovered on open
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        foreign = [str(r) for r in conn.execute("PRAGMA foreign_key_check")]
    finally:
        conn.close()
    return ([] if integrity == ["ok"] else integrity) + foreign


def count_rows(path: Path, table: str, where: str = "1") -> int:
    conn = connect_ro(path)
    try:
        return conn.execute(f"SELECT count(*) FROM [{table}] WHERE {where}").fetchone()[0]
    finally:
        conn.close()


def photo_problems(path: Path) -> list[str]:
    """Every photo row must have its bytes, matching SHA-256 and two decodable renditions."""
    conn = connect_ro(path)
    problems = []
    try:
        found = conn.execute(
            "SELECT p.uuid, p.sha256, p.byte_size, d.original, d.thumbnail, d.print"
            " FROM photos p LEFT JOIN photo_data d ON d.photo_uuid = p.uuid"
        ).fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM photo_data WHERE photo_uuid NOT IN (SELECT uuid FROM photos)"
        ).fetchone()[0]
    finally:
        conn.close()
    if orphans:
        problems.append(f"{orphans} photo_data rows without a photo")
    for uuid, sha, size, original, thumbnail, rendition in found:
        if original is None:
            problems.append(f"{uuid}: no bytes")
            continue
        if hashlib.sha256(original).hexdigest() != sha or len(original) != size:
            problems.append(f"{uuid}: original does not match its SHA-256 or size")
        for name, blob in (("thumbnail", thumbnail), ("print", rendition)):
            try:
                Image.open(io.BytesIO(blob)).load()
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                problems.append(f"{uuid}: {name} does not decode ({error})")
    return problems


def pdf_complete(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
