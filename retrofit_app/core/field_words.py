"""A record's fields as a sentence names them, in Chinese and English (not by their column names)."""

from __future__ import annotations

EMPTY = ("（空）", "(empty)")  # the value shown for a required field left empty

FIELD_WORDS: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"),
    "code": ("小区编号", "estate code"),
    "district": ("区", "district"),
    "lon/lat": ("经纬度", "longitude/latitude"),
    "boundary": ("边界", "boundary"),
    "stage": ("阶段", "stage"),
    "year_built": ("建成年份", "year built"),
    "storeys": ("层数", "storeys"),
    "safety_grade": ("安全等级", "safety grade"),
    "room": ("房号", "room"),
    "floor": ("楼层", "floor"),
    "area": ("专有面积", "exclusive area"),  # the registered area of the flat (专有部分面积)
    "kind": ("类型", "kind"),
    "rented": ("是否出租", "rented"),
    "tenant_opinion": ("租户意见", "tenant's opinion"),
    "choice": ("表决意见", "vote"),
    "method": ("征询方式", "how asked"),
    "asked_on": ("征询日期", "date asked"),
    "scope_kind": ("征询范围", "scope"),
    "subject": ("征询事项", "subject"),
    "review_state": ("核实结果", "review result"),
    "reviewed_by": ("核实人", "reviewer"),
    "notice_days": ("公示天数", "notice days"),
    "status": ("状态", "status"),
    "category": ("类别", "category"),
    "rating": ("满意度", "rating"),
    "consultation_uuid": ("所属意见征询", "consultation"),
    "address": ("地址", "address"),
    "note": ("备注", "note"),
    "tenant_name": ("承租人", "tenant"),
    "phone": ("电话", "phone"),
    "id_number": ("身份证号", "ID number"),
    "objection": ("反对意见", "objection"),
    "reason": ("反对理由", "reason"),
    "cost_share": ("费用分摊或补偿", "cost share"),
    "review_note": ("调解情况", "mediation notes"),
    "value": ("检查结果", "checklist answer"),
    "caption": ("照片说明", "caption"),
    "stage_tag": ("拍摄阶段", "photo stage"),
    "description": ("问题描述", "description"),
    "responsible": ("责任方", "responsible"),
    "deadline": ("整改期限", "deadline"),
    "structure": ("结构", "structure"),
    "deleted_at": ("回收站", "bin"),
}


def field_words(key: str) -> tuple[str, str]:
    """How a sentence names the field `key`: its (Chinese, English) words, or the key itself."""
    return FIELD_WORDS.get(key, (key, key))
