"""Every sentence the signals show, in English and Chinese, in one place.

Messages hold figures only (no names from CRM files); the caller's surface
escapes anything it renders. Wellbeing wording routes to a supportive 1:1 and
never suggests a penalty: tests check the words.
"""

from __future__ import annotations

import math

from ..config import CONTACT_DAYS_BY_TIER, SLA_HOURS

__all__ = ["ACTIONS", "KIND_NAMES", "decline_evidence", "message"]

#: Short names of the alert kinds, for tables and charts.
KIND_NAMES = {
    "decline": ("persistent decline", "业绩持续下滑"),
    "pace": ("behind pace", "进度落后"),
    "one_on_one_overdue": ("1:1 overdue", "一对一面谈逾期"),
    "accounts_overdue": ("accounts overdue for contact", "客户超期未联系"),
    "sla_breach": ("complaint SLA breached", "投诉响应超时"),
    "compliance_overdue": ("compliance overdue", "合规事项逾期"),
    "compliance_due_soon": ("compliance due soon", "合规事项即将到期"),
    "wellbeing": ("wellbeing check", "身心关怀"),
}

#: Recommended action of each kind: (English, Chinese).
ACTIONS = {
    "decline": (
        "Hold a 1:1 within a week to understand what changed (territory, pipeline, personal "
        "circumstances) and agree on support: coaching, joint visits, training or help with the "
        "pipeline. Review the figures together again next month.",
        "一周内安排一对一面谈，了解发生了哪些变化（区域、商机储备或个人情况），并商定支持措施："
        "辅导、陪同拜访、培训或协助开拓商机。下个月再一起回顾数据。",
    ),
    "pace": (
        "Review the open pipeline with the rep: which deals can close this period and what help "
        "they need. Check that the target is still realistic (SMART) and agree weekly checkpoints.",
        "与该销售一起梳理在途商机：哪些本期有望成交、需要哪些支持。确认目标仍然合理可达（SMART），"
        "并约定每周跟进节点。",
    ),
    "one_on_one_overdue": (
        "Book a 1:1 this week and set a recurring weekly slot; draft the agenda from the rep's "
        "current signals.",
        "本周安排一次一对一面谈，并固定每周的面谈时间；可依据该销售当前的各项提醒拟定议程。",
    ),
    "accounts_overdue": (
        "Plan calls or visits to these accounts this week, tier A first. If the rep cannot cover "
        "them all, rebalance accounts within the team.",
        "本周安排对这些客户的电话或拜访，优先A类客户。如该销售无法全部覆盖，请在团队内重新分配客户。",
    ),
    "sla_breach": (
        "Contact the customers today if the complaints are still open. Go over with the rep what "
        "delayed the response and who covers complaints while they are on the road.",
        "如投诉仍未解决，请今天联系客户。与该销售一起复盘响应延误的原因，并明确其外出期间由谁接手投诉。",
    ),
    "compliance_overdue": (
        "Agree a completion date this week and make time for it (schedule the course, the exam "
        "or the signature). Involve HR if an employment contract is missing.",
        "本周与该销售商定完成日期并预留时间（安排课程、考试或签署）。如缺少劳动合同，请联系人力资源部门。",
    ),
    "compliance_due_soon": (
        "Remind the rep and block time for it before the due date.",
        "提醒该销售，并在截止日期前预留完成时间。",
    ),
    "wellbeing": (
        "Hold a supportive 1:1 soon: ask how they are doing, listen, and agree on what would "
        "help (workload, flexible hours, time off, counselling). This is a wellbeing check, not "
        "a performance matter; keep it confidential.",
        "近期安排一次关怀式一对一面谈：问候近况、耐心倾听，并共同商定有帮助的安排（如调整工作量、"
        "灵活工时、休假或心理咨询）。这是关怀沟通，与绩效无关，请注意保密。",
    ),
}

_SERIES_TEXT = {
    "activities_total": (
        "activities {r:.0f} a month (usual {u:.0f}{c})",
        "活动每月{r:.0f}次（常态{u:.0f}次{c}）",
    ),
    "deals_created": (
        "new deals {r:.1f} a month (usual {u:.1f}{c})",
        "新建商机每月{r:.1f}个（常态{u:.1f}个{c}）",
    ),
    "quota_attainment": (
        "quota attainment {r:.0%} (usual {u:.0%})",
        "目标达成率{r:.0%}（常态{u:.0%}）",
    ),
    "revenue_won": (
        "revenue won {r:,.0f} a month (usual {u:,.0f}{c})",
        "赢单收入每月{r:,.0f}（常态{u:,.0f}{c}）",
    ),
}


def _tiers() -> tuple[str, str]:
    en = ", ".join(f"{t} {d}" for t, d in CONTACT_DAYS_BY_TIER.items())
    zh = "、".join(f"{t}类{d}天" for t, d in CONTACT_DAYS_BY_TIER.items())
    return en + " days", zh


def _slas() -> tuple[str, str]:
    zh_names = {"critical": "紧急", "high": "高", "medium": "中", "low": "低"}
    order = sorted(SLA_HOURS, key=SLA_HOURS.get)
    en = ", ".join(f"{s} {SLA_HOURS[s]} h" for s in order)
    zh = "、".join(f"{zh_names.get(s, s)}{SLA_HOURS[s]}小时" for s in order)
    return en, zh


def decline_evidence(since: str, months: int, figures: dict) -> tuple[str, str]:
    """Plain-words evidence of a decline: ``figures`` maps series -> (recent, usual)."""
    en_parts, zh_parts = [], []
    for series, (recent, usual) in figures.items():
        if math.isnan(recent) or math.isnan(usual):
            continue
        change_en = change_zh = ""
        if usual > 0 and series != "quota_attainment":
            change = f"{recent / usual - 1:+.0%}"
            change_en, change_zh = f", {change}", f"，{change}"
        en, zh = _SERIES_TEXT[series]
        en_parts.append(en.format(r=recent, u=usual, c=change_en))
        zh_parts.append(zh.format(r=recent, u=usual, c=change_zh))
    en = f"Since {since}, {months} months below the rep's usual level"
    zh = f"自{since}起连续{months}个月低于其常态水平"
    if en_parts:
        en += ": " + "; ".join(en_parts)
        zh += "：" + "；".join(zh_parts)
    return en + ".", zh + "。"


def message(kind: str, **f) -> tuple[str, str]:
    """The (English, Chinese) message of one alert from its figures."""
    if kind == "decline":
        return (
            f"Persistent decline flagged in {f['period']}. {f['evidence_en']}",
            f"{f['period']}检测到业绩持续下滑。{f['evidence_zh']}",
        )
    if kind == "pace" and f["elapsed"] >= 1:
        return (
            f"Revenue won {f['won']:,.0f} of a {f['target']:,.0f} target for {f['period']}: "
            f"{f['attainment']:.0%} attainment.",
            f"{f['period']}目标{f['target']:,.0f}，赢单{f['won']:,.0f}，目标达成率{f['attainment']:.0%}。",
        )
    if kind == "pace":
        return (
            f"Revenue won {f['won']:,.0f} of a {f['target']:,.0f} target for {f['period']}: "
            f"{f['attainment']:.0%} with {f['elapsed']:.0%} of the period elapsed, "
            f"{f['pace']:.0%} of the linear pace.",
            f"{f['period']}目标{f['target']:,.0f}，已赢单{f['won']:,.0f}，达成{f['attainment']:.0%}；"
            f"期间已过{f['elapsed']:.0%}，仅达线性进度的{f['pace']:.0%}。",
        )
    if kind == "one_on_one_overdue":
        return (
            f"{f['days']:.0f} days since the last 1:1 (or the start date) as of {f['as_of']}; "
            "weekly 1:1s are recommended.",
            f"截至{f['as_of']}，距上次一对一面谈（或入职）已有{f['days']:.0f}天；建议每周面谈一次。",
        )
    if kind == "accounts_overdue":
        tiers_en, tiers_zh = _tiers()
        if f["complete"]:
            return (
                f"{f['n']:.0f} owned account(s) went longer than their tier allows without "
                f"contact ({tiers_en}) by {f['date']}.",
                f"截至{f['date']}，有{f['n']:.0f}个负责客户超过其等级规定的联系间隔未联系（{tiers_zh}）。",
            )
        return (
            f"{f['n']:.0f} owned account(s) will be past their tier's contact interval "
            f"({tiers_en}) by {f['date']} unless contacted.",
            f"如不联系，到{f['date']}将有{f['n']:.0f}个负责客户超过其等级规定的联系间隔（{tiers_zh}）。",
        )
    if kind == "sla_breach":
        sla_en, sla_zh = _slas()
        return (
            f"{f['n']:.0f} complaint(s) opened in {f['period']} got no first response within "
            f"the SLA ({sla_en}).",
            f"{f['period']}新增的投诉中有{f['n']:.0f}件未在时限内首次响应（{sla_zh}）。",
        )
    if kind == "compliance_overdue":
        return (
            f"{f['n']} compliance item(s) overdue or expired as of {f['as_of']}: {f['items_en']}.",
            f"截至{f['as_of']}，有{f['n']}项合规事项逾期或已过期：{f['items_zh']}。",
        )
    if kind == "compliance_due_soon":
        return (
            f"{f['n']} compliance item(s) due or expiring within {f['days']} days of "
            f"{f['as_of']}: {f['items_en']}.",
            f"自{f['as_of']}起{f['days']}天内，有{f['n']}项合规事项到期或即将过期：{f['items_zh']}。",
        )
    if kind == "wellbeing":
        en, zh = [], []
        if f.get("stress") is not None:
            en.append(f"Pulse stress averages {f['stress']:.1f} of 5 over the last three months.")
            zh.append(f"近三个月脉搏调查的压力均值为{f['stress']:.1f}（满分5）。")
        if f.get("engagement_now") is not None:
            en.append(
                f"Pulse engagement fell from {f['engagement_before']:.1f} to "
                f"{f['engagement_now']:.1f} (of 5) against the three months before."
            )
            zh.append(
                f"脉搏调查的敬业度较前三个月从{f['engagement_before']:.1f}降至"
                f"{f['engagement_now']:.1f}（满分5）。"
            )
        return " ".join(en), "".join(zh)
    raise ValueError(f"unknown alert kind {kind!r}")
