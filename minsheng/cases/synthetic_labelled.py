"""A labelled message-board sample: a few hundred messages in seven classes, for the classifier.

Cities that start with the classifier have a few hundred messages sorted by hand into the
first-level classes of their message board, not tens of thousands of 12345 cases. This writes such a
file (the case file format, ``category`` holding the class name) so that training and evaluation
on that scale can be tested and measured. It is made hard on purpose, as the real ones are:

* the classes are unbalanced (about 130 messages in the largest, 30 in the smallest);
* each class has several concrete problems, each said in several ways, in titles that are sometimes
  a place and a question only ("A市A3区丽发新城的问题") and contents wrapped in greetings and thanks;
* problems that sit between two classes (noise of a building site: construction or environment?
  a school bus: education or transport? arrears at a site: labour or construction?) are labelled
  one way or the other, as different clerks would;
* about one label in twenty is a neighbour class: hand labels are not perfect.

Places are anonymised the way public exports are ("A市A3区", "丽发新城"). Deterministic for a seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from minsheng.cases.casefile import BEIJING

# Class sizes of a 495-message file (the shape of a real first-level sample).
CLASS_SIZES = {
    "城乡建设": 130,
    "劳动和社会保障": 95,
    "教育文体": 80,
    "商贸旅游": 70,
    "环境保护": 50,
    "交通运输": 38,
    "卫生计生": 32,
}
LABEL_NOISE = 0.05

# Each problem: (subjects for titles, sentences of the content). {p} is a place, {c} a company.
PROBLEMS: dict[str, list[tuple[list[str], list[str]]]] = {
    "城乡建设": [
        (
            ["小区物业不作为", "物业服务太差", "物业乱收费"],
            [
                "物业公司收费不少却什么都不管，楼道垃圾堆了好几天没人清理",
                "物业费年年涨，服务一年不如一年，电梯坏了半个月也不修",
                "{c}管理的小区门禁坏了没人修，外来人员随便进出",
            ],
        ),
        (
            ["房产证迟迟办不下来", "交房多年无法办证", "不动产证问题"],
            [
                "我们{p}的业主交房已经三年了，开发商一直不给办房产证",
                "开发商说手续不全，小区业主至今拿不到不动产权证，孩子上学落户都受影响",
                "购房合同约定两年内办证，现在过了期限，开发商一拖再拖",
            ],
        ),
        (
            ["老旧小区改造", "加装电梯", "小区改造进度慢"],
            [
                "{p}是上世纪的老房子，下水管道经常堵，墙皮脱落，希望纳入老旧小区改造",
                "老旧小区加装电梯，低层住户不同意，工程卡住了，老人上下楼很困难",
                "小区改造开工半年了，路面挖开一直没有恢复，居民出行不便",
            ],
        ),
        (
            ["违章建筑", "私搭乱建", "楼顶违建"],
            [
                "{p}有业主在楼顶私自加盖房屋，存在安全隐患，请城管部门查处",
                "一楼住户把院子围起来搭建彩钢房，占用公共绿地",
                "小区内有人违规扩建，多次向社区反映无果",
            ],
        ),
        (
            ["停车位捆绑销售", "车位只售不租", "地下车库问题"],
            [
                "{c}要求购房必须捆绑购买车位，车位价格高得离谱",
                "开发商的地下车位只卖不租，业主只能把车停在路边",
                "{p}车位和房子捆绑销售，不买车位就不给办理交房",
            ],
        ),
        (
            ["停水停电", "自来水水压低", "小区供水问题"],
            [
                "{p}已经连续三天停水了，没有任何通知，居民生活受到严重影响",
                "我们楼高层水压一直很低，晚上根本用不上水",
                "小区二次供水设施老化，自来水发黄有异味",
            ],
        ),
        (
            ["工地施工扰民", "夜间施工噪音", "工地噪音"],
            [
                "{p}旁边的工地每天晚上施工到凌晨，搅拌机声音很大，吵得人睡不着",
                "{c}的建筑工地夜间违规施工，渣土车进出，噪音和灰尘都很大",
            ],
        ),
    ],
    "环境保护": [
        (
            ["搅拌站污染", "粉尘污染", "扬尘严重"],
            [
                "{p}附近的混凝土搅拌站粉尘很大，窗台每天一层灰，居民不敢开窗",
                "{c}的搅拌站没有任何防尘措施，噪音和粉尘严重影响周边小区",
                "附近工厂排放的烟尘很大，空气里有刺鼻的味道",
            ],
        ),
        (
            ["餐馆油烟扰民", "油烟直排", "烧烤油烟"],
            [
                "{p}楼下的饭店油烟直接排到居民窗户上，家里全是油烟味",
                "小区底商开了好几家烧烤店，油烟和噪音到半夜，严重扰民",
                "餐馆没有安装油烟净化设备，油烟熏黑了外墙",
            ],
        ),
        (
            ["河道污染", "污水直排", "水体发臭"],
            [
                "{p}旁边的小河被排入污水，河水发黑发臭，夏天蚊虫很多",
                "有企业偷偷往河道里排放废水，鱼都死了",
                "村里的污水直接排进水塘，臭味很大",
            ],
        ),
        (
            ["工厂噪音污染", "噪音扰民", "机器噪音"],
            [
                "{c}的厂房机器日夜运转，噪音很大，周边居民无法休息",
                "{p}附近的工厂夜里也在生产，轰鸣声不断",
            ],
        ),
        (
            ["垃圾焚烧", "露天焚烧垃圾", "垃圾站臭味"],
            [
                "有人在{p}附近露天焚烧垃圾，浓烟滚滚，气味难闻",
                "垃圾中转站臭气熏天，渗滤液流到路上",
            ],
        ),
        (
            ["工地施工扰民", "施工粉尘", "工地扬尘"],
            [
                "{p}旁边的工地没有覆盖防尘网，大风一刮满天扬尘",
                "{c}的工地夜间施工噪音超标，环保部门应该管一管",
            ],
        ),
    ],
    "交通运输": [
        (
            ["公交线路", "增开公交", "公交车班次太少"],
            [
                "{p}到市区只有一趟公交车，班次少间隔长，上下班很不方便",
                "希望增开一条从{p}到地铁站的公交线路",
                "公交车经常不按时发车，等半个小时都不来",
            ],
        ),
        (
            ["出租车拒载", "网约车", "出租车绕路"],
            [
                "在火车站打出租车，司机拒载还要求拼车加价",
                "网约车平台乱收费，司机故意绕路",
                "出租车不打表，随意要价",
            ],
        ),
        (
            ["道路拥堵", "红绿灯设置不合理", "路口拥堵"],
            [
                "{p}门口的路口早晚高峰拥堵严重，红绿灯时间设置不合理",
                "这条路没有人行横道，学生过马路很危险",
                "道路施工围挡占道，造成长时间拥堵",
            ],
        ),
        (
            ["驾照", "车辆年检", "货车超载"],
            [
                "驾驶证到期换证要跑好几个地方，手续太繁琐",
                "大货车严重超载，路面被压坏了",
                "车辆年检排队时间太长，希望增加检测站",
            ],
        ),
        (
            ["校车安全", "接送学生车辆"],
            [
                "{p}附近学校用来接送学生的车辆严重超载，没有校车资质",
                "学生上下学乘坐的面包车超员，交警应该查一查",
            ],
        ),
    ],
    "教育文体": [
        (
            ["入学难", "孩子上学问题", "学位紧张"],
            [
                "{p}的孩子按片区应该在附近小学就读，学校却说学位已满",
                "小区没有配套学校，孩子上学要跑很远",
                "外地户口孩子入学需要的材料太多，办不下来",
            ],
        ),
        (
            ["学校乱收费", "补课收费", "强制订购资料"],
            [
                "学校强制学生购买教辅资料，还要交额外的补课费",
                "老师在校外开办补习班，暗示学生必须参加",
                "幼儿园收费标准不透明，每学期都在涨",
            ],
        ),
        (
            ["教师待遇", "代课教师", "教师工资"],
            [
                "我是乡村学校的代课教师，工资低还经常拖欠",
                "教师绩效工资迟迟没有发放",
                "特岗教师转正的政策什么时候落实",
            ],
        ),
        (
            ["体育场馆", "全民健身", "图书馆开放时间"],
            [
                "{p}附近的体育馆不对外开放，居民没有锻炼的地方",
                "希望社区建一个健身广场，方便老年人活动",
                "图书馆周末闭馆，上班族根本没时间去",
            ],
        ),
        (
            ["校车安全", "学生上学路上安全"],
            [
                "学校没有校车，孩子只能坐黑车上学，家长很担心",
                "{p}小学门口上下学时段车辆乱停，学生安全没有保障",
            ],
        ),
    ],
    "劳动和社会保障": [
        (
            ["拖欠工资", "讨薪", "工资被拖欠"],
            [
                "我在{c}工作了半年，公司拖欠三个月工资不发",
                "老板跑路了，我们几十个工人的工资一直没有着落",
                "公司以各种理由扣发工资，离职后拒绝结算",
            ],
        ),
        (
            ["社保缴纳", "单位不交社保", "社保断缴"],
            [
                "{c}一直没有给员工缴纳社保，我们多次要求都被拒绝",
                "换工作后社保断缴了，怎么补缴",
                "公司按最低基数缴纳社保，和实际工资不符",
            ],
        ),
        (
            ["养老金", "退休待遇", "养老保险"],
            [
                "我今年到了退休年龄，养老金核定的标准怎么算的",
                "企业退休人员养老金太低，和机关事业单位差距很大",
                "灵活就业人员的养老保险怎么缴纳",
            ],
        ),
        (
            ["劳动合同", "被无故辞退", "经济补偿"],
            [
                "公司不签劳动合同，现在把我辞退了也不给补偿",
                "单位强迫员工自愿离职，以逃避经济补偿金",
                "试用期被辞退，公司不给任何说法",
            ],
        ),
        (
            ["农民工工资", "工地欠薪"],
            [
                "我们在{p}的工地上干活，包工头拖欠农民工工资快一年了",
                "{c}承建的项目拖欠工人工资，开发商和施工方互相推诿",
            ],
        ),
        (
            ["医保报销", "医疗保险"],
            [
                "异地就医医保报销的手续太复杂",
                "城乡居民医疗保险缴费标准每年都在涨",
            ],
        ),
    ],
    "商贸旅游": [
        (
            ["商家虚假宣传", "消费欺诈", "霸王条款"],
            [
                "{c}虚假宣传，买回来的产品和广告说的完全不一样",
                "健身房收了预付款就关门了，会员卡里的钱退不回来",
                "商场促销先涨价后打折，欺骗消费者",
            ],
        ),
        (
            ["旅游景区", "导游强制购物", "景区门票"],
            [
                "跟团游的导游强迫游客购物，不买就甩脸色",
                "景区门票价格太高，还要另外收取观光车费用",
                "旅行社临时更改行程，拒绝退费",
            ],
        ),
        (
            ["P2P诈骗", "网贷平台", "汽车贷款诈骗"],
            [
                "{c}以汽车抵押贷款为名骗取了很多人的钱，至今没有立案",
                "网贷平台暴力催收，利息远高于法律规定",
                "我们很多受害人被{c}骗了，希望政府帮助追回损失",
            ],
        ),
        (
            ["市场管理", "菜市场", "占道经营"],
            [
                "{p}门口的菜市场占道经营，卫生环境很差",
                "农贸市场摊位费太高，商户经营困难",
                "超市销售过期食品，投诉后只赔了一点钱",
            ],
        ),
        (
            ["餐饮店卫生", "外卖食品安全"],
            [
                "{p}附近的小饭店后厨脏乱差，吃完拉肚子",
                "外卖商家没有营业执照，食品安全没有保障",
            ],
        ),
    ],
    "卫生计生": [
        (
            ["医院服务态度", "看病难", "挂号难"],
            [
                "市人民医院挂号排队几个小时，医生看病不到两分钟",
                "{p}的社区卫生服务中心医生态度恶劣",
                "医院乱收费，做了不必要的检查",
            ],
        ),
        (
            ["二孩政策", "生育登记", "计生服务"],
            [
                "办理生育登记需要回户籍地，能否网上办理",
                "独生子女父母奖励扶助金怎么申请",
                "二孩生育服务证办理流程是什么",
            ],
        ),
        (
            ["疫苗接种", "卫生院", "乡村医生"],
            [
                "孩子打疫苗要排很长的队，疫苗经常缺货",
                "乡村医生的待遇太低，村卫生室没人愿意去",
                "镇卫生院设备陈旧，小病也要跑到市里",
            ],
        ),
        (
            ["餐饮店卫生", "食品卫生"],
            [
                "{p}附近的餐馆卫生条件很差，厨房有老鼠",
                "学校食堂的饭菜不卫生，学生吃了出现呕吐",
            ],
        ),
    ],
}

# Problems that sit between classes: the same words, filed under either class.
SHARED: list[tuple[tuple[str, ...], list[str], list[str]]] = [
    (
        ("城乡建设", "环境保护"),
        ["工地施工扰民", "施工噪音", "工地夜间施工"],
        [
            "{p}旁边的工地晚上一直施工，噪音很大，灰尘也多",
            "{c}的工地渣土车来回跑，路上全是土，晚上还吵",
            "施工单位不按规定时间施工，附近居民休息不好",
        ],
    ),
    (
        ("教育文体", "交通运输"),
        ["校车问题", "学生上学交通", "接送孩子"],
        [
            "{p}附近学校接送学生的车辆超员，很不安全",
            "孩子上学要走一段没有红绿灯的路，每天都提心吊胆",
        ],
    ),
    (
        ("劳动和社会保障", "城乡建设"),
        ["工程款和工资", "工地欠薪"],
        [
            "{c}在{p}的项目拖欠工程款，工人工资也一直没发",
            "项目停工了，工人的工资和材料款都没有结清",
        ],
    ),
    (
        ("商贸旅游", "卫生计生"),
        ["食品安全", "饭店卫生", "过期食品"],
        [
            "{p}附近的饭馆卫生很差，吃了以后肚子疼",
            "小超市卖过期的食品，存在食品安全问题",
        ],
    ),
    (
        ("劳动和社会保障", "卫生计生"),
        ["医保问题", "看病报销"],
        [
            "住院的费用医保报销比例太低，看病负担很重",
            "在外地看病回来报销，材料跑了好几趟也没办好",
        ],
    ),
    (
        ("城乡建设", "交通运输"),
        ["停车难", "道路破损", "路灯不亮"],
        [
            "{p}门口的道路坑坑洼洼，下雨天全是积水",
            "小区周边没有停车的地方，车都停在马路上，道路经常堵",
            "这条路的路灯坏了很久，晚上走路很危险",
        ],
    ),
    (
        ("商贸旅游", "劳动和社会保障"),
        ["预付卡退费", "公司倒闭"],
        [
            "{c}突然关门，员工工资没发，办卡的顾客也退不了钱",
            "培训机构老板跑路，老师和学员的钱都没着落",
        ],
    ),
]
SHARED_SHARE = 0.15
# Sentences any message may carry: they say nothing about the class.
STORY = [
    "这个问题已经持续很长时间了",
    "我们多次打电话到相关部门，都说不归他们管",
    "社区让我们找街道，街道又让我们找区里",
    "周围很多邻居都有意见",
    "之前在网上也反映过，一直没有回复",
    "现在情况越来越严重",
    "希望领导能够实地来看一看",
    "家里有老人和小孩，实在是受不了了",
    "有关部门来过一次，看了看就走了，之后再没人管",
    "我们也理解政府工作忙，但这件事关系到大家的切身利益",
    "去年就有人反映过，当时说会处理",
]
OPENINGS = [
    "",
    "",
    "尊敬的领导：您好！",
    "领导您好，",
    "我是{p}的居民，",
    "您好，我想反映一个问题。",
]
CLOSINGS = [
    "",
    "希望有关部门尽快解决。",
    "恳请领导重视，谢谢！",
    "请相关部门核实处理。",
    "多次反映都没有结果，希望给个答复。",
    "谢谢！",
]
TITLE_FORMS = [
    "{s}",
    "关于{s}的问题",
    "{area}{p}{s}",
    "{area}{s}",
    "反映{s}",
    "{area}{p}的问题",
    "{s}，盼解决",
]
ESTATES = ["丽发新城", "锦绣华庭", "阳光花园", "金色家园", "翠湖湾", "东方明珠苑", "滨江一号"]
COMPANIES = ["恒达建设公司", "鑫源物业", "华宇置业", "顺通商贸", "宏远汽车金融", "利民食品厂"]
# Problems labelled differently by different clerks: the other class each may get.
NEIGHBOURS = {
    "城乡建设": ["环境保护", "交通运输"],
    "环境保护": ["城乡建设"],
    "交通运输": ["城乡建设", "教育文体"],
    "教育文体": ["交通运输", "劳动和社会保障"],
    "劳动和社会保障": ["城乡建设", "卫生计生"],
    "商贸旅游": ["卫生计生", "劳动和社会保障"],
    "卫生计生": ["商贸旅游", "劳动和社会保障"],
}
COLUMNS = ["number", "received_at", "channel", "title", "content", "category"]


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    number: str
    received_at: dt.datetime
    title: str
    content: str
    category: str


def messages(*, scale: float = 1.0, seed: int = 1) -> list[LabelledMessage]:
    """About ``495 * scale`` labelled messages, in a shuffled order."""
    rng = random.Random(seed)
    made: list[LabelledMessage] = []
    for label, size in CLASS_SIZES.items():
        for _ in range(max(6, round(size * scale))):
            title, content = _message(rng, label)
            made.append(
                LabelledMessage("", _when(rng), title, content, _recorded_label(rng, label))
            )
    rng.shuffle(made)
    return [
        LabelledMessage(f"LY{i:05d}", m.received_at, m.title, m.content, m.category)
        for i, m in enumerate(made, start=1)
    ]


def write(path: Path, *, scale: float = 1.0, seed: int = 1) -> int:
    """Writes the sample as a case file (CSV); returns the number of messages."""
    sample = messages(scale=scale, seed=seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for m in sample:
            stamp = m.received_at.strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow([m.number, stamp, "message_board", m.title, m.content, m.category])
    return len(sample)


def _message(rng: random.Random, label: str) -> tuple[str, str]:
    shared = [(s, c) for classes, s, c in SHARED if label in classes]
    if rng.random() < SHARED_SHARE:
        subjects, sentences = rng.choice(shared)
    else:
        subjects, sentences = rng.choice(PROBLEMS[label])
    place = rng.choice(ESTATES) + rng.choice(["", "", "小区"])
    area = f"A市A{rng.randint(1, 9)}区"
    fill = {"p": place, "c": rng.choice(COMPANIES)}
    said = rng.sample(sentences, k=min(len(sentences), rng.choice([1, 1, 2])))
    body = "".join(
        [
            rng.choice(OPENINGS).format(**fill),
            "，".join(s.format(**fill) for s in said),
            "。",
            "".join(f"{s}。" for s in rng.sample(STORY, k=rng.choice([0, 1, 1, 2, 3]))),
            rng.choice(CLOSINGS),
        ]
    )
    title = rng.choice(TITLE_FORMS).format(s=rng.choice(subjects), area=area, p=place)
    return title, body


def _recorded_label(rng: random.Random, label: str) -> str:
    return rng.choice(NEIGHBOURS[label]) if rng.random() < LABEL_NOISE else label


def _when(rng: random.Random) -> dt.datetime:
    start = dt.datetime(2019, 1, 1, 8, tzinfo=BEIJING)
    return start + dt.timedelta(days=rng.randrange(365), minutes=rng.randrange(720))
