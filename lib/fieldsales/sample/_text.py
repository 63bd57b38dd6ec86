"""Words the sample draws names and free text from (made up for this project)."""

FIRST_NAMES = [
    "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Kara", "Leo", "Maya", "Nikolai", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tara",
    "Wei", "Li", "Ming", "Xiu", "Jun", "Hui", "Lei", "Yan", "Tao", "Fang",
]
LAST_NAMES = [
    "Adams", "Becker", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
    "Klein", "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Weber",
    "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
]
ACCOUNT_WORDS = [
    "Northwind", "Bluepeak", "Redwood", "Harbor", "Summit", "Lantern", "Granite", "Orchid",
    "Meridian", "Cobalt", "Juniper", "Falcon", "Aurora", "Pioneer", "Crescent", "Willow",
    "Logistics", "Foods", "Clinics", "Retail", "Energy", "Metals", "Pharma", "Textiles",
]
COURSES = [
    "Consultative selling", "Negotiation skills", "Product update", "CRM advanced",
    "Objection handling", "Key account planning", "Time management", "Stress resilience",
]
ONE_ON_ONE_NOTES = [
    "Reviewed pipeline; agreed next steps on the top three deals.",
    "Discussed workload and time off; no blockers.",
    "Walked through lost deals; plan to join two customer visits.",
    "Set focus accounts for the month.",
    "Coaching on discovery questions; will role-play next time.",
    "复盘本月商机进展，约定下周陪访。",
    "讨论工作压力与排班，安排培训。",
]
COMMENTS_LOW = [
    "Nobody called back after the order.",
    "Delivery was late and the rep was hard to reach.",
    "Promised features were not there.",
    "售后响应太慢。",
]
COMMENTS_MID = [
    "Fine overall, onboarding took a while.",
    "Good product, pricing is high.",
    "整体还可以。",
]
COMMENTS_HIGH = [
    "Very responsive and knows our business.",
    "Great support during rollout.",
    "销售很专业，响应及时。",
]
