"""Reference data: Beijing's eight service categories, the city's base items, grant rules.

Categories and grant rules are created by a migration; the base items need the city region,
so :func:`ensure_base_catalogue` adds them once regions are imported (``minsheng
prepare-timebank``, the demo, and the tests call it).
"""

from __future__ import annotations

from minsheng.regions.models import Region

# (code, Chinese, English): the order of the scheme's text.
CATEGORIES = [
    ("emotional_comfort", "情感慰藉", "Emotional comfort"),
    ("assistance", "协助服务", "Assistance"),
    ("outing", "出行陪伴", "Outing companionship"),
    ("culture_sports", "文体活动", "Cultural and sports activities"),
    ("health_education", "健康科普", "Health education"),
    ("legal_aid", "法律援助", "Legal aid"),
    ("training", "培训讲座", "Training and lectures"),
    ("anti_fraud", "防范金融和网络风险", "Guidance against financial and online fraud"),
]

# (category, code, Chinese, English, typical minutes)
BASE_ITEMS = [
    ("emotional_comfort", "chat-visit", "陪伴聊天", "Company and conversation at home", 60),
    ("emotional_comfort", "phone-care", "电话问候", "Check-in phone call", 30),
    ("emotional_comfort", "reading", "读书读报", "Reading books and newspapers aloud", 60),
    ("assistance", "shopping", "代购代买", "Shopping errands", 60),
    ("assistance", "housework", "家务协助", "Help with light housework", 90),
    ("assistance", "smartphone-help", "智能手机使用帮助", "Help with the smartphone", 60),
    ("assistance", "meal-delivery", "助餐送餐", "Meal delivery", 30),
    ("outing", "hospital-escort", "陪同就医", "Escort to hospital appointments", 180),
    ("outing", "walk", "陪同散步", "Accompanied walk", 60),
    ("outing", "errand-escort", "陪同办事", "Escort to offices and banks", 120),
    ("culture_sports", "group-exercise", "健身操带练", "Leading group exercise", 60),
    ("culture_sports", "calligraphy", "书法绘画", "Calligraphy and painting", 90),
    ("culture_sports", "choir", "合唱排练", "Choir practice", 90),
    ("health_education", "health-talk", "健康知识讲解", "Health talk", 60),
    ("health_education", "blood-pressure", "血压测量指导", "Blood-pressure measuring guidance", 30),
    ("legal_aid", "legal-consult", "法律咨询", "Legal consultation", 60),
    ("legal_aid", "will-advice", "遗嘱订立咨询", "Advice on making a will", 60),
    ("training", "digital-class", "数字技能课堂", "Digital skills class", 90),
    ("training", "first-aid", "急救知识讲座", "First-aid lecture", 90),
    ("anti_fraud", "fraud-awareness", "防诈骗宣传", "Recognising scams", 60),
    ("anti_fraud", "payment-safety", "移动支付安全指导", "Safe mobile payments", 60),
]

# (code, Chinese, English, min age, alone, disability, low income, minutes)
GRANT_RULES = [
    ("age-80", "80岁及以上高龄老人", "Aged 80 and over", 80, False, False, False, 600),
    (
        "alone-60",
        "60岁及以上独居老人",
        "Aged 60 and over, living alone",
        60,
        True,
        False,
        False,
        600,
    ),
    (
        "disabled-60",
        "60岁及以上失能或残疾老人",
        "Aged 60 and over, with a disability",
        60,
        False,
        True,
        False,
        900,
    ),
    (
        "low-income-60",
        "60岁及以上低保老人",
        "Aged 60 and over, on minimum living allowance",
        60,
        False,
        False,
        True,
        600,
    ),
]


def ensure_reference_data() -> None:
    """Categories, grant rules and base items, when missing (idempotent)."""
    from minsheng.timebank.models import GrantRule, ServiceCategory

    for position, (code, name, name_en) in enumerate(CATEGORIES, start=1):
        ServiceCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
    for code, name, name_en, min_age, alone, disabled, low_income, minutes in GRANT_RULES:
        GrantRule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "min_age": min_age,
                "requires_lives_alone": alone,
                "requires_disability": disabled,
                "requires_low_income": low_income,
                "default_minutes": minutes,
            },
        )
    ensure_base_catalogue()


def ensure_base_catalogue() -> int:
    """Add the city's base items that are missing; returns how many were added."""
    from minsheng.timebank.models import ServiceCategory, ServiceItem

    city = Region.objects.filter(level=Region.Level.CITY).first()
    if city is None:
        return 0
    categories = {category.code: category for category in ServiceCategory.objects.all()}
    existing = set(ServiceItem.objects.filter(region=city).values_list("code", flat=True))
    new = [
        ServiceItem(
            category=categories[category],
            region=city,
            code=code,
            name=name,
            name_en=name_en,
            typical_minutes=minutes,
        )
        for category, code, name, name_en, minutes in BASE_ITEMS
        if code not in existing
    ]
    ServiceItem.objects.bulk_create(new)
    return len(new)
