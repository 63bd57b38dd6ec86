"""The twenty practices of PLAYBOOK.md by number: their titles in English and Chinese.

One table for every surface that names a practice: alerts, agendas, reports
and the apps.
"""

from __future__ import annotations

__all__ = ["PRACTICE_TITLES", "practice_name"]

#: The twenty practices of PLAYBOOK.md: number -> (English, Chinese) title.
PRACTICE_TITLES = {
    1: ("Clear goals and expectations", "明确目标与期望"),
    2: ("Regular communication", "定期沟通"),
    3: ("Training and support", "培训与支持"),
    4: ("An effective CRM", "使用有效的CRM系统"),
    5: ("Performance evaluation", "绩效评估机制"),
    6: ("Incentives and rewards", "激励与奖励机制"),
    7: ("Data-driven decisions", "数据驱动的决策"),
    8: ("Efficient channels", "高效的沟通渠道"),
    9: ("Flexible work", "灵活的工作安排"),
    10: ("Psychological support", "心理支持与关怀"),
    11: ("Culture", "文化建设"),
    12: ("Continuous improvement", "持续改进"),
    13: ("Legal and compliance", "法律与合规"),
    14: ("Customer relationship management", "客户关系管理"),
    15: ("Market analysis", "市场分析与策略调整"),
    16: ("Tools and tech support", "技术支持与工具"),
    17: ("Customer satisfaction", "客户满意度管理"),
    18: ("Emergency management", "应急管理"),
    19: ("Cross-department collaboration", "跨部门协作"),
    20: ("Cultural diversity", "文化多样性管理"),
}


def practice_name(number: int, lang: str = "en") -> str:
    """The title of practice ``number`` in ``lang`` (``en`` or ``zh``); empty when unknown."""
    en, zh = PRACTICE_TITLES.get(int(number), ("", ""))
    return zh if lang == "zh" else en
