"""How long the program waits for a silent server, and the server for a silent laptop.

Without limits a link that dies mid-sync (a cable pulled, the Wi-Fi gone, a VPN dropped) left
the sync waiting until the system's TCP gave up (about 15 minutes with data unacknowledged, two
hours for a connection that only waits for an answer), and the server holding the push's
transaction open as long, with the revision locked: every other laptop's sync waited behind
it; a publish, a grant or an upgrade cut off mid-way waited the same. Now every connection
the program makes (server.connection.connect) is patient: libpq gives up after SILENCE_LIMIT
seconds without an answer or an acknowledgement (TCP keepalives and user timeout; a unix
socket ignores them), and the server gives up a session whose laptop no longer answers for as
long (the same settings on the server's side of the connection, per session), rolling its
transaction back, so a push's revision is free for the others and the laptop's next sync does
it again. (idle_in_transaction_session_timeout would not do: PostgreSQL 15 does not start its
timer after psycopg's pipelined executemany.)
"""

from __future__ import annotations

from typing import Any

SILENCE_LIMIT = 30  # seconds


def _limit() -> int:
    return max(3, int(SILENCE_LIMIT))


def patient(url: str) -> str:
    """`url` with libpq's keepalives and TCP user timeout for SILENCE_LIMIT (settings the
    address names itself are kept). `url` is one connection.connect has already read."""
    import psycopg

    limit = _limit()
    wanted = {"keepalives": 1, "keepalives_idle": limit // 3, "keepalives_interval": max(1, limit // 6),
              "keepalives_count": 3, "tcp_user_timeout": limit * 1000}  # fmt: skip
    if psycopg.pq.version() < 120000:  # libpq before 12 knows no tcp_user_timeout
        del wanted["tcp_user_timeout"]
    named = psycopg.conninfo.conninfo_to_dict(url)
    added = {k: v for k, v in wanted.items() if k not in named}
    made: str = psycopg.conninfo.make_conninfo(url, **added)
    return made


def let_go_when_silent(conn: Any) -> None:
    """The server gives this session up (rolling back its open transaction) when its laptop
    no longer answers TCP keepalives or acknowledges data for SILENCE_LIMIT seconds: the
    server's own TCP settings for this session (its defaults wait two hours). A laptop that
    is only slow keeps its push: its system still answers."""
    limit = _limit()
    settings = (("tcp_keepalives_idle", limit // 3), ("tcp_keepalives_interval", max(1, limit // 6)),
                ("tcp_keepalives_count", 3), ("tcp_user_timeout", limit * 1000))  # fmt: skip
    calls = ", ".join("set_config(%s, %s, false)" for _ in settings)  # one round trip
    conn.execute(f"SELECT {calls}", [v for name, value in settings for v in (name, str(value))])
