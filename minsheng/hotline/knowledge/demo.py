"""Demo articles and reply templates (illustrative answers, not official policy texts)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# (code, title, English title, kind, category, owner, callers' words, answer)
ARTICLES = [
    (
        "heating-temperature",
        "供暖期室温不达标怎么办",
        "Room temperature too low in the heating season",
        "policy",
        "060101",
        "BJ-HEAT",
        "暖气不热 屋里冷 温度低 暖气凉",
        "供暖期内居民卧室、起居室室温应不低于18℃。室温不达标的，来电人可先联系所在小区的供热单位"
        "报修；供热单位应在24小时内上门测温。测温不达标的，按规定退还相应天数的供暖费。",
    ),
    (
        "heating-stop",
        "如何办理报停供暖",
        "How to stop the heating of a flat",
        "procedure",
        "060202",
        "BJ-HEAT",
        "不用暖气 停暖 不交暖气费 空房",
        "长期无人居住的房屋可在供暖季开始前向供热单位申请报停，需提供房产证明和身份证件，"
        "报停后按规定缴纳基础热费。供暖季开始后申请的，自受理次月起报停。",
    ),
    (
        "heating-fee",
        "供暖费缴纳标准与缴费渠道",
        "Heating fees and where to pay them",
        "policy",
        "060201",
        "BJ-HEAT",
        "暖气费 取暖费 多少钱 交费",
        "居民供暖费按建筑面积计收，缴费可通过供热单位营业厅、银行代收或手机缴费。对收费标准有疑问的，"
        "可要求供热单位出示收费依据。",
    ),
    (
        "water-outage",
        "计划停水查询和临时供水",
        "Planned water cuts and temporary supply",
        "procedure",
        "070101",
        "BJ-WATER",
        "没水 停水了 自来水 什么时候来水",
        "计划停水会提前在小区张贴通知并在自来水集团网站公布。突发停水可拨打供水服务热线报修；"
        "停水超过24小时的，供水单位应组织临时送水。",
    ),
    (
        "water-pressure",
        "水压低、高层用水难的处理",
        "Low water pressure on upper floors",
        "procedure",
        "070102",
        "BJ-WATER",
        "水小 水压不够 高层没水 水流小",
        "高层住户水压低多与小区二次供水设施有关。二次供水设施由产权单位或物业负责维护，"
        "可先向物业报修；物业不处理的，由自来水集团督促整改。",
    ),
    (
        "power-outage",
        "停电报修与恢复时间",
        "Power cuts: reporting and restoration",
        "procedure",
        "070201",
        "BJ-POWER",
        "停电了 没电 跳闸 断电",
        "停电时先确认家中空气开关是否跳闸；整栋楼或小区停电的，可拨打95598报修。"
        "计划检修停电会提前公告。",
    ),
    (
        "gas-leak",
        "闻到燃气味怎么办",
        "If you smell gas",
        "procedure",
        "070301",
        "BJ-GAS",
        "煤气味 天然气 漏气 燃气泄露",
        "闻到燃气味时，立即关闭燃气阀门，打开门窗通风，不要开关电器、不要使用明火，"
        "到室外拨打燃气抢修电话96777。燃气集团24小时抢修。",
    ),
    (
        "lift-repair",
        "住宅电梯故障的报修和责任",
        "Lift breakdowns in residential buildings",
        "policy",
        "030201",
        "BJ-ZJW",
        "电梯坏了 电梯停运 困人 电梯不走",
        "住宅电梯由使用管理单位（一般为物业）负责日常维护，发生故障应及时通知维保单位修复。"
        "电梯困人时拨打电梯内应急电话或110。电梯长期停运的，可向街道和住建部门反映。",
    ),
    (
        "property-fee",
        "物业费收费标准和争议处理",
        "Property management fees and disputes",
        "policy",
        "030102",
        "BJ-ZJW",
        "物业费 物业收费 涨价 乱收费 不交物业费",
        "物业费按物业服务合同约定收取，涨价须经业主共同决定。对收费有争议的，可先与物业协商，"
        "协商不成可向街道物管会或住建部门反映，也可依法申请调解。",
    ),
    (
        "property-leave",
        "物业撤场后小区谁来管",
        "When the property company leaves",
        "procedure",
        "030104",
        "BJ-ZJW",
        "物业走了 没有物业 撤场 无人管理",
        "物业服务企业撤场前应提前公告并办理交接。撤场后无人管理的，由街道（乡镇）组织应急物业"
        "服务，同时指导业主选聘新的物业服务企业。",
    ),
    (
        "owners-committee",
        "如何成立业主委员会",
        "Setting up an owners' committee",
        "procedure",
        "030301",
        "BJ-ZJW",
        "业委会 业主大会 成立业委会",
        "成立业主委员会，由业主向街道（乡镇）提出筹备申请，街道指导组建筹备组，"
        "召开首次业主大会选举业委会委员。",
    ),
    (
        "waste-collection",
        "垃圾清运不及时的处理",
        "Rubbish not collected in time",
        "procedure",
        "020201",
        "BJ-CGW",
        "垃圾没人收 垃圾桶满了 垃圾堆 没人清运",
        "生活垃圾应日产日清。垃圾桶满溢、清运不及时的，由街道城管部门督促清运单位处理，"
        "一般当日清运完毕。",
    ),
    (
        "waste-bulky",
        "大件垃圾和装修垃圾怎么处理",
        "Bulky and renovation waste",
        "procedure",
        "020202",
        "BJ-CGW",
        "旧家具 沙发 床垫 装修垃圾 大件",
        "大件垃圾应预约清运，不得随意堆放；装修垃圾应袋装后投放到小区指定的临时堆放点，"
        "由物业或清运单位收运，清运费用按规定收取。",
    ),
    (
        "ebike-charging",
        "电动自行车充电和楼道停放",
        "Charging e-bikes and parking them in stairwells",
        "policy",
        "110102",
        "BJ-CGW",
        "电动车 电瓶车 飞线 充电 楼道 充电桩",
        "禁止电动自行车在楼道、疏散通道停放充电，禁止私拉电线充电。小区充电桩不足的，"
        "可向街道反映，由街道协调增设集中充电设施。",
    ),
    (
        "wage-arrears",
        "被拖欠工资如何维权",
        "Unpaid wages: what to do",
        "procedure",
        "140101",
        "BJ-RSJ",
        "工资不给 欠薪 老板不发工资 讨薪",
        "被拖欠工资的，可保留劳动合同、考勤、工资条等证据，向用人单位所在区的劳动保障监察"
        "大队投诉，或申请劳动人事争议仲裁。农民工欠薪可拨打12333。",
    ),
    (
        "social-insurance",
        "灵活就业人员如何缴纳社保",
        "Social insurance for the self-employed",
        "procedure",
        "140202",
        "BJ-RSJ",
        "自己交社保 个人缴社保 灵活就业",
        "灵活就业人员可持身份证到户籍所在区社保经办机构或通过网上服务平台办理参保登记，"
        "按月或按季缴纳养老和医疗保险。",
    ),
    (
        "pension-claim",
        "退休后如何领取养老金",
        "Claiming the pension on retirement",
        "procedure",
        "190201",
        "BJ-RSJ",
        "退休金 领养老金 退休手续",
        "达到法定退休年龄且累计缴费满15年的，由单位或本人向社保经办机构申请办理退休手续，"
        "审核通过后次月起按月发放养老金。",
    ),
    (
        "prepaid-card",
        "商家关门预付卡退费",
        "Refunds of prepaid cards when a shop closes",
        "policy",
        "170101",
        "BJ-SCJGJ",
        "健身卡 退钱 办卡 跑路 会员卡 退款",
        "经营者停业的，应退还预付卡余额。消费者可保留合同、付款凭证，向市场监管部门投诉，"
        "也可通过12315平台或依法起诉维权。",
    ),
    (
        "online-return",
        "网购退换货纠纷",
        "Returns and exchanges of online purchases",
        "policy",
        "180101",
        "BJ-SCJGJ",
        "网上买的 退货 七天无理由 商家不退",
        "网购商品一般享有七天无理由退货权利（定制商品等除外）。商家拒绝的，可先向平台投诉，"
        "再向经营者所在地市场监管部门投诉。",
    ),
    (
        "property-certificate",
        "商品房不动产权证办理",
        "Getting the property title certificate",
        "procedure",
        "040101",
        "BJ-GHZRZYW",
        "房本 房产证 办不下来 不动产证",
        "商品房交付后，由开发企业办理首次登记，购房人持购房合同、身份证明和完税凭证"
        "申请转移登记。开发企业原因无法办证的，可向规划自然资源部门反映。",
    ),
    (
        "public-rental",
        "公租房申请条件与流程",
        "Applying for public rental housing",
        "procedure",
        "040201",
        "BJ-ZJW",
        "公租房 廉租房 租房补贴 申请住房",
        "符合本市住房、收入和资产条件的家庭，可向户籍所在街道（乡镇）提交公租房申请，"
        "经审核公示后轮候配租。",
    ),
    (
        "parking-residential",
        "老旧小区停车难",
        "Parking in old residential compounds",
        "policy",
        "100201",
        "BJ-JTW",
        "没地方停车 车位 停车位 乱停车",
        "老旧小区停车由街道组织居民协商，通过挖潜增设车位、错时共享停车等方式解决。"
        "具体方案由小区停车自治组织讨论决定。",
    ),
    (
        "bus-line",
        "公交线路和站点调整建议",
        "Suggesting changes to bus lines and stops",
        "procedure",
        "100101",
        "BJ-JTW",
        "公交车 线路 车站 公交站 坐车不方便",
        "对公交线路、站点的建议可通过12345或交通部门网站提交，交通部门结合客流调查研究，"
        "调整方案会提前公示。",
    ),
    (
        "noise-night-works",
        "夜间施工噪声扰民",
        "Construction noise at night",
        "policy",
        "120202",
        "BJ-STHJJ",
        "晚上施工 半夜 太吵 睡不着 工地噪音",
        "夜间22时至次日6时禁止产生噪声的建筑施工，因特殊需要连续施工的须取得证明并公告。"
        "无证夜间施工的，可向生态环境部门或城管执法部门举报。",
    ),
    (
        "kindergarten-place",
        "普惠性幼儿园学位申请",
        "Places in public kindergartens",
        "procedure",
        "150101",
        "BJ-JW",
        "上幼儿园 孩子入园 托位 幼儿园报名",
        "适龄儿童入园可通过所在区教委公布的报名渠道登记，按就近原则分配普惠性学位。"
        "对分配结果有疑问的，可咨询区教委学前教育科。",
    ),
    (
        "elderly-meals",
        "老年餐桌和居家养老服务",
        "Meals and home care for older people",
        "procedure",
        "190103",
        "BJ-MZJ",
        "老人吃饭 助餐 送餐 养老驿站",
        "本市老年人可到社区养老服务驿站或老年餐桌就餐，行动不便的可申请送餐上门。"
        "具体服务和补贴标准可咨询所在街道或养老驿站。",
    ),
]

REPLY_TEMPLATES = [
    (
        "供暖问题回复",
        "06",
        "{caller}您好：您于{received}反映的供暖问题（工单{number}），{unit}已安排供热单位上门测温"
        "并处理。处理情况：……如仍有问题，请再次致电12345。",
    ),
    (
        "物业问题回复",
        "03",
        "{caller}您好：关于您反映的{place}{category}问题（工单{number}），{unit}已约谈物业服务企业，"
        "要求于……前整改到位。感谢您的监督。",
    ),
    (
        "通用回复",
        None,
        "{caller}您好：您于{received}反映的问题（工单{number}）已由{unit}办理。办理情况：……",
    ),
]


def load() -> None:
    """Create the demo articles and templates that are missing (by title: idempotent)."""
    from minsheng.hotline.knowledge.actions import save_article
    from minsheng.hotline.knowledge.models import Article, ReplyTemplate
    from minsheng.hotline.models import Category
    from minsheng.people.models import Organisation

    today = timezone.localdate()
    for _code, title, title_en, kind, category, owner, keywords, body in ARTICLES:
        if Article.objects.filter(title=title).exists():
            continue
        unit = Organisation.objects.filter(code=owner).first()
        if unit is None:
            continue
        save_article(
            actor=None,
            title=title,
            title_en=title_en,
            kind=kind,
            category=Category.objects.filter(code=category).first(),
            owner=unit,
            keywords=keywords,
            body=body,
            valid_from=dt.date(today.year - 1, 1, 1),
            reviewed_on=today - dt.timedelta(days=30),
            review_due=today + dt.timedelta(days=335),
        )
    for name, code, text in REPLY_TEMPLATES:
        ReplyTemplate.objects.get_or_create(
            title=name,
            defaults={
                "category": Category.objects.filter(code=code).first() if code else None,
                "text": text,
            },
        )
