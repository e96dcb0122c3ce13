"""A generated year in which each planted problem is told through several aspects in other words.

The background (ordinary requests, quickly-fixed decoys, two chronic problems) comes from the
project's generator. Four chronic problems are replaced: each is written again as 3-5 aspects
(the application, the ground-floor objection, the pipes, the money ...) whose words overlap
little, as callers tell one problem from different sides. The handling, callers, units and places
of the generator's chronic cases are kept, so the cases still behave like chronic problems.

``titles="cut"`` writes titles as real exports often carry them: the first characters of the
content, cut anywhere.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from minsheng.cases.casefile import CaseWriter
from minsheng.hotline.synthetic import GenerationSpec, generate

# problem -> aspects; an aspect is (titles, texts). {loc} is the compound and building.
ASPECTS: dict[str, list[tuple[list[str], list[str]]]] = {
    "lifts": [
        (
            ["加梯审批手续繁琐", "申请装电梯半年没批下来", "加装电梯规划许可办不下来"],
            [
                "{loc}单元十二户签字同意，把加梯申请材料交到街道半年多，规划许可一直没批",
                "{loc}提交加装电梯方案后，审批要跑好几个部门，盖章手续太繁琐，进度停滞",
            ],
        ),
        (
            ["一层住户不同意装电梯", "低层邻居阻挠加梯施工", "一楼反对加装电梯"],
            [
                "{loc}一层住户担心采光和噪音，拒绝签字，整个单元没法装电梯，协商多次无果",
                "{loc}加梯已经公示，低层邻居堵住施工现场，说影响通风要赔偿，工程停了",
            ],
        ),
        (
            ["加梯管线迁移费用太高", "燃气管道挡住电梯井位置", "电梯基坑下面有热力管线"],
            [
                "{loc}电梯井位置下面埋着燃气和热力管线，必须迁改，管线单位报价几十万元",
                "{loc}加装电梯要挪地下管线，自来水、燃气、热力各管各的，迁移费没人承担",
            ],
        ),
        (
            ["加梯资金分摊谈不拢", "装电梯的补贴怎么申请", "加装电梯每户出钱比例有争议"],
            [
                "{loc}装电梯每户要出好几万元，高层愿意多出，低层不愿意掏钱，分摊方案定不下来",
                "{loc}听说加装电梯有财政补贴，可补贴标准和申请渠道谁也说不清楚",
            ],
        ),
        (
            ["老人住顶层下不了楼", "没电梯老人出行困难", "高龄老人常年困在楼上"],
            [
                "{loc}家里老人八十多岁住在六层，腿脚不便，没有电梯，常年下不了楼，看病都困难",
                "{loc}楼里都是七八十岁的老人，上下楼全靠人背，盼着早点装上电梯",
            ],
        ),
    ],
    "gym_prepaid": [
        (
            ["健身房突然关门会员卡作废", "健身会所人去楼空", "健身房闭店老板失联"],
            [
                "{I}在{gym}办了三千多元的年卡，刚用两个月，健身房突然关门，老板电话打不通",
                "{gym}一夜之间搬空了器械，门口贴着停业通知，几百名会员的卡作废了",
            ],
        ),
        (
            ["私教课没上完不给退钱", "剩余私教课时拒绝退款", "私教课程退费被拒"],
            [
                "{I}在{gym}买了三十节私教课，上了八节教练就离职了，剩下的课时要求退钱被拒绝",
                "{gym}的私教课程合同写明可以退，现在门店说只能转课不能退款",
            ],
        ),
        (
            ["会员卡转店不被承认", "健身房换老板不认老卡", "门店合并后会员权益缩水"],
            [
                "{gym}换了经营主体，新老板不承认以前办的会员卡，要求会员重新交钱",
                "{gym}说会员可以转到其他门店，结果转过去的门店也关了，会员权益没有保障",
            ],
        ),
        (
            ["预付卡维权无门", "健身卡纠纷找谁管", "健身房卷款报警说是经济纠纷"],
            [
                "{gym}关店后会员去市场监管所登记，又去派出所报案，都说属于经济纠纷让去法院起诉",
                "{gym}预付卡纠纷找了好几个部门，互相推诿，几百名会员的钱追不回来",
            ],
        ),
    ],
    "sewers": [
        (
            ["楼下污水管反复堵", "下水道堵了又堵", "排污管道经常堵塞"],
            [
                "{loc}楼下的污水管道一个月堵三四次，疏通后过几天又堵，管道太老太细",
                "{loc}下水道反复堵塞，物业只是临时掏一掏，根本问题没有解决",
            ],
        ),
        (
            ["一楼卫生间往上冒脏水", "污水倒灌进一层住户家", "厨房地漏返水"],
            [
                "{loc}一层住户卫生间地漏往上冒污水，满屋臭味，家具地板都泡坏了",
                "{loc}楼上一用水，一楼厨房地漏就返水，污水倒灌进屋，没法生活",
            ],
        ),
        (
            ["化粪池满溢没人清掏", "院里污水井外溢", "化粪池臭气熏天"],
            [
                "{loc}院里的化粪池满了往外溢，污水流到路面上，臭气熏天，一直没人来清掏",
                "{loc}污水井盖子往外冒水，夏天蚊蝇滋生，居民出门都得绕着走",
            ],
        ),
        (
            ["排水管道归谁管说不清", "下水管线产权不明", "排水改造推来推去"],
            [
                "{loc}排水管道产权不清，物业说归排水集团，排水集团说是小区内部管线归街道",
                "{loc}老化的排水管线需要改造，街道、物业、水务部门互相推诿，谁都不管",
            ],
        ),
    ],
    "ebike_charging": [
        (
            ["小区没有充电桩", "电动车充电设施不够", "申请建设充电车棚"],
            [
                "{loc}小区几百辆电动车只有十个充电口，每天晚上排队抢充电桩，根本不够用",
                "{loc}小区里没有电动自行车充电车棚，希望物业或者街道建设充电设施",
            ],
        ),
        (
            ["楼道里给电瓶充电有火灾隐患", "电瓶车推进电梯上楼", "有人在楼道充电"],
            [
                "{loc}有邻居把电动车推进楼道里充电，还有人把电瓶拎回家充，一旦起火后果不堪设想",
                "{loc}每天都有人把电瓶车推进电梯带回家充电，物业劝了也不听",
            ],
        ),
        (
            ["窗口吊线给电动车充电", "私拉电线充电没人管", "飞线充电存在安全隐患"],
            [
                "{loc}楼上住户从窗户吊下插线板给电动自行车充电，电线横穿人行道",
                "{loc}私拉电线充电的越来越多，电线挂在树上，下雨天非常危险",
            ],
        ),
    ],
}
GYMS = ["力健健身", "铂金健身会所", "动感体能馆", "悦动健身工作室", "飞跃健身中心"]
CALLERS = ["我", "本人", "我家老人"]


@dataclass
class AspectYear:
    path: Path
    truth: dict[str, list[str]]  # planted problem -> case numbers
    aspects: dict[str, list[str]]  # "problem/aspect index" -> case numbers
    decoys: dict[str, list[str]]


def write_aspect_year(
    path: Path, *, year: int = 2021, count: int = 20_000, seed: int = 5, titles: str = "clean"
) -> AspectYear:
    """Write the year to ``path``; each chronic case of a replaced problem becomes two cases."""
    rng = random.Random(seed)
    truth: dict[str, list[str]] = {}
    aspects: dict[str, list[str]] = {}
    decoys: dict[str, list[str]] = {}
    serial = 0
    with CaseWriter(path) as writer:
        for case in generate(GenerationSpec.year(year, count, seed)):
            row = case.row
            if case.problem and case.problem.startswith("decoy"):
                decoys.setdefault(case.problem, []).append(row["number"])
            if case.problem not in ASPECTS:
                if case.problem and not case.problem.startswith("decoy"):
                    truth.setdefault(case.problem, []).append(row["number"])
                writer.write(row)
                continue
            for copy in range(2):
                serial += 1
                told = _retell(row, case.problem, rng, serial, copy, titles)
                if told is None:
                    continue
                index, new_row = told
                writer.write(new_row)
                truth.setdefault(case.problem, []).append(new_row["number"])
                aspects.setdefault(f"{case.problem}/{index}", []).append(new_row["number"])
    return AspectYear(path, truth, aspects, decoys)


def _retell(
    row: dict[str, object], problem: str, rng: random.Random, serial: int, copy: int, titles: str
) -> tuple[int, dict[str, object]] | None:
    received = row["received_at"]
    assert isinstance(received, dt.datetime)
    later = received + dt.timedelta(days=copy * rng.randint(5, 40))
    if later.year != received.year:
        return None
    index = rng.randrange(len(ASPECTS[problem]))
    title_options, texts = ASPECTS[problem][index]
    address = str(row.get("address") or "")
    prefix = f"{row.get('district') or ''}{row.get('subdistrict') or ''}"
    loc = address[len(prefix) :] if address.startswith(prefix) else address
    content = rng.choice(texts).format(loc=loc, gym=rng.choice(GYMS), I=rng.choice(CALLERS))
    title = rng.choice(title_options)
    if titles == "cut":
        start = content.find(loc) + len(loc) if loc and loc in content else 0
        title = content[start : start + rng.randint(6, 10)]
    shift = later - received
    new = dict(row)
    new.update(
        number=f"{later:%Y%m%d}9{serial:05d}",
        received_at=later,
        title=title,
        content=f"来电反映，{content}。",
    )
    for moment in ("responded_at", "handled_at", "closed_at"):
        if isinstance(new.get(moment), dt.datetime):
            new[moment] = new[moment] + shift  # type: ignore[operator]
    if copy and new.get("caller_id"):
        new["caller_id"] = f"{new['caller_id']}{copy}"
    return index, new
