"""Roster columns: the header names staff use (Chinese or English) and how each cell is read."""

from __future__ import annotations

import re
from datetime import date, datetime

# Field → accepted header names, compared after _header_key (case, spaces and "(m²)" removed).
HEADERS: dict[str, tuple[str, ...]] = {
    "building": ("楼栋", "幢", "栋", "楼号", "幢号", "楼栋号", "building"),
    "unit": ("单元", "单元号", "unit"),
    "room": ("房号", "室号", "房间号", "门牌号", "room"),
    "floor": ("楼层", "层", "所在楼层", "floor"),
    "area": ("建筑面积", "专有面积", "面积", "专有部分面积", "area"),
    "owner": ("产权人", "业主", "业主姓名", "产权人姓名", "owner", "owners"),
    "id_number": ("证件号", "身份证号", "证件号码", "身份证号码", "id", "idnumber", "id_number"),
    "phone": ("联系电话", "电话", "手机", "手机号", "phone"),
    "kind": ("产权类型", "产权性质", "kind"),
    "tenant": ("是否出租", "租户", "出租", "rented", "tenant"),
    "tenant_opinion": ("租户意见", "tenantopinion", "tenant_opinion"),
    "vote": ("意见", "表决意见", "征询意见", "vote"),
    "method": ("征询方式", "method"),
    "asked_on": ("征询日期", "日期", "date", "asked_on"),
    "objection": ("反对意见", "异议", "objection"),
    "reason": ("反对理由", "理由", "reason"),
    "cost_share": ("费用分摊", "分摊", "补偿", "cost_share", "costshare"),
    "note": ("备注", "note", "notes"),
}
REQUIRED = ("building", "unit", "room")
_BY_NAME = {name.lower(): field for field, names in HEADERS.items() for name in names}

KINDS = {
    "": "individual", "个人": "individual", "私人": "individual", "私产": "individual", "individual": "individual",
    "开发商未售": "developer_unsold", "开发商": "developer_unsold", "未售": "developer_unsold",
    "developer_unsold": "developer_unsold", "developer": "developer_unsold",
    "单位": "organisation", "公房": "organisation", "单位产": "organisation", "直管公房": "organisation",
    "organisation": "organisation", "organization": "organisation",
}  # fmt: skip
VOTES: dict[str, str | None] = {
    "": None, "同意": "agree", "agree": "agree", "反对": "object", "不同意": "object", "object": "object",
    "弃权": "abstain", "abstain": "abstain", "未联系上": "unreached", "未联系到": "unreached",
    "联系不上": "unreached", "unreached": "unreached",
}  # fmt: skip
METHODS = {
    "": "", "当面": "in_person", "上门": "in_person", "入户": "in_person", "现场": "in_person",
    "in_person": "in_person", "in person": "in_person", "电话": "phone", "phone": "phone",
    "短信": "sms", "sms": "sms", "信函": "post", "邮寄": "post", "书面": "post", "post": "post",
}  # fmt: skip
_YES = {"是", "y", "yes", "1", "true", "出租", "已出租", "租"}
_NO = {"", "否", "n", "no", "0", "false", "自住", "无"}
SEPARATORS = re.compile(r"\s*[、,，;；/]\s*")
_ID = re.compile(r"^[0-9A-Z][0-9A-Z-]{5,19}$")
# Compiled once: a 20,000-row roster reads every cell through these.
_AREA_UNIT = re.compile(r"(m²|㎡|平方米|平米|m2)$", re.IGNORECASE)
_FLOOR_UNIT = re.compile(r"(层|楼|f)$", re.IGNORECASE)


def header_key(text: str) -> str:
    text = re.sub(r"[（(][^)）]*[)）]", "", str(text or ""))
    return re.sub(r"\s+", "", text).lstrip("\ufeff").lower()


def field_of(header: str) -> str | None:
    return _BY_NAME.get(header_key(header))


def cell_text(value: object) -> str:
    """A cell as text: XLSX numbers without a spurious “.0”, dates as ISO.

    A number of 16 digits or more (an ID number typed into a General cell) is no
    longer what was typed: Excel keeps 15 significant digits. It is given as Excel
    shows it, 3.20105198602091E+17, which the ID and phone checks refuse.
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        return f"{value:.14E}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


# What staff write in an owner, ID or phone cell when they do not know it: nobody, no number.
NOT_KNOWN = frozenset({"-", "--", "—", "——", "/", "无", "暂无", "不详", "未知", "待查", "待核实", "空",
                       "?", "？", "n/a", "none", "unknown"})  # fmt: skip


def known(text: str) -> str:
    """The cell's text, or "" when it only says that the value is not known (不详, 无, —)."""
    return "" if text.strip().lower() in NOT_KNOWN else text


def split_people(text: str) -> list[str]:
    """Co-owners written as 张三、李四 or 张三,李四 or 张三/李四."""
    text = text.strip()
    if not text:
        return []
    if SEPARATORS.search(text) is None:  # one person, as on most rows: no list to build
        return [text]
    return [p for p in SEPARATORS.split(text) if p]


# Inside one co-owner cell, a space or 和 may part two people (张三 李四, 张三和李四) or sit inside a
# name (张　三 padded to line up, 李和平): they part people only between pieces of two characters or more.
_SOFT = re.compile(r"(\s*和\s*|\s+)")
_ANY_SEPARATOR = re.compile(r"[、,，;；/\s和]")  # SEPARATORS' characters and the soft ones


def split_owner_names(text: str) -> list[str]:
    """The people of an owner cell: split_people, and a space or 和 between two names.

    “张三 李四”, “张三和李四” are two people; “张　三” is 张三 and “李和平” one person, as a
    piece of one character is taken for part of a name. Used by the roster import and by the
    identity questions (identity.py), so co-owners compare as the same set however written.
    """
    text = text.strip()
    if _ANY_SEPARATOR.search(text) is None:  # one person, as on most rows
        return [text] if text else []
    people = []
    for part in split_people(text):
        if _SOFT.search(part) is None:
            people.append(part)
            continue
        pieces = _SOFT.split(part)
        current = pieces[0]
        for sep, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            apart = len(current) >= 2 and len(piece) >= 2
            if apart and not (sep.isspace() and _latin(current, piece)):
                people.append(current)
                current = piece
            elif sep.strip():  # 和 inside a name
                current += sep.strip() + piece
            else:  # a space inside a name: kept between Latin letters only
                current += (" " if _latin(current, piece) else "") + piece
        people.append(current)
    return [p for p in people if p]


def _latin(left: str, right: str) -> bool:
    return left[-1:].isascii() and right[:1].isascii()


def building_name(text: str) -> str:
    """“1” and “1幢” name the same building; bare numbers get the usual suffix."""
    text = text.strip()
    return f"{text}幢" if text.isdigit() else text


def unit_name(text: str) -> str:
    text = text.strip()
    return f"{text}单元" if text.isdigit() else text


def tenant_of(text: str) -> tuple[bool, str]:
    """(rented, tenant name) from a 是否出租 yes/no cell or a 租户 name cell."""
    key = text.strip().lower()
    if key in _NO:
        return False, ""
    if key in _YES:
        return True, ""
    return True, text.strip()


def id_ok(text: str) -> bool:
    """An ID card number or an organisation code: letters, digits and hyphens, 6–20 long."""
    return bool(_ID.match(text))


def area_of(text: str) -> float | None:
    text = _AREA_UNIT.sub("", text.strip()).strip()
    if not text:
        return None
    value = float(text)
    if not 0 < value < 10000:
        raise ValueError(text)
    return round(value, 2)


def floor_of(text: str) -> int | None:
    text = _FLOOR_UNIT.sub("", text.strip())
    return int(text) if text else None
