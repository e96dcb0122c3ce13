"""Ordinary requests about work, schools, health, shopping and welfare, and the many questions.

Most calls to 12345 are questions (咨询): how to renew a social security card, when the pension
is paid, which documents a residence permit needs. The hotline answers most of them at once from
its knowledge base; a few are passed to the department that knows.
"""

from __future__ import annotations

from minsheng.hotline.synthetic.model import (
    CONSULT,
    FLAT,
    NORMAL,
    QUICK,
    SCHOOL,
    Handling,
    Route,
    Scenario,
    lines,
)

COMPLAINT = (("complaint", 7), ("help", 2), ("report", 1))
CONSULTATION = (("consultation", 1),)

REFUND = Handling(
    days=5,
    results=(("resolved", 50), ("partly_resolved", 20), ("explained", 20), ("not_resolved", 10)),
    explained_accepted=0.4,
)


def consult(
    key: str,
    category: str,
    weight: float,
    titles: str,
    texts: str,
    *,
    lead: str | None = None,
    season: tuple[float, ...] = FLAT,
    place: str = "compound",
) -> Scenario:
    """A question the hotline mostly answers itself (or passes to ``lead``)."""
    return Scenario(
        key=key,
        categories=((category, 1),),
        weight=weight,
        kinds=CONSULTATION,
        place=place,
        titles=lines(titles),
        texts=lines(texts),
        handling=CONSULT,
        route=Route(lead=((lead, 1),)) if lead else Route(lead=(("SD", 1),)),
        season=season,
    )


SCENARIOS = [
    # --- Labour ----------------------------------------------------------------------------------
    consult(
        "labour_contract",
        "140201",
        20,
        """
            咨询劳动合同问题
            咨询辞退补偿
            咨询劳动仲裁流程
        """,
        """
            公司要和{I}解除劳动合同，想咨询一下经济补偿金怎么计算
            试用期被辞退，想问问单位需不需要给补偿
            单位一直不签劳动合同，想咨询能不能要求双倍工资
            想咨询申请劳动仲裁需要准备哪些材料，去哪里申请
            公司让员工自愿离职，想了解一下自己有哪些权利
        """,
        lead="BJ-RSJ",
    ),
    consult(
        "employment_services",
        "140301",
        10,
        """
            咨询招聘会信息
            咨询失业登记
            咨询就业补贴
        """,
        """
            想咨询{district}最近有没有招聘会
            刚毕业还没找到工作，想问问怎么办理失业登记
            咨询失业保险金的领取条件和标准
            想了解一下职业技能培训补贴怎么申请
        """,
        lead="BJ-RSJ",
    ),
    # --- Education -------------------------------------------------------------------------------
    consult(
        "kindergarten_consult",
        "150101",
        7,
        """
            咨询幼儿园入园
            咨询普惠幼儿园报名
        """,
        """
            孩子明年三岁，想咨询{subdistrict}附近有哪些普惠性幼儿园，怎么报名
            想问一下非京籍的孩子能不能上公办幼儿园
            咨询{kindergarten}今年什么时候开始报名
        """,
        lead="BJ-JW",
        season=SCHOOL,
    ),
    Scenario(
        key="kindergarten_fee",
        categories=(("150102", 1),),
        weight=2,
        kinds=(("complaint", 6), ("consultation", 4)),
        place="kindergarten",
        titles=lines("""
            {kindergarten}收费问题
        """),
        texts=lines("""
            {kindergarten}除了保育费还收各种兴趣班费用，家长不交孩子就被区别对待
            {kindergarten}孩子请假一个月，伙食费不给退
            想咨询一下普惠性幼儿园保教费的收费标准
        """),
        demands=lines("""
            希望规范幼儿园收费
        """),
        fixes=lines("""
            已责令幼儿园退还违规收取的费用
        """),
        route=Route(lead=(("BJ-JW", 6), ("DG", 4))),
    ),
    consult(
        "school_admission",
        "150201",
        14,
        """
            咨询小学入学政策
            咨询入学登记
            咨询学区划片
        """,
        """
            孩子今年上小学，想咨询一下{district}的入学登记什么时候开始
            咨询{compound}对应的是哪所小学，学区怎么划分的
            非京籍孩子在北京上小学需要准备哪些材料
            想咨询一下孩子转学的手续
            户口和房子不在一起，孩子入学怎么办理
        """,
        lead="BJ-JW",
        season=SCHOOL,
    ),
    Scenario(
        key="tutoring_refund",
        categories=(("150202", 1),),
        weight=3,
        kinds=COMPLAINT,
        place="shop",
        titles=lines("""
            {shop}培训机构不退费
            校外培训退费难
        """),
        texts=lines("""
            给孩子在{shop}报了英语课，交了{amount}元，现在机构不给退剩余课时费
            {shop}突然停课，老师都走了，课时费不退
            校外培训机构以合同为由拒绝退费，家长多次沟通无果
        """),
        demands=lines("""
            希望督促机构退费
        """),
        fixes=lines("""
            经协调，培训机构已按剩余课时退费
        """),
        explanations=lines("""
            已告知来电人可通过消费纠纷调解或诉讼途径维权
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-JW", 5), ("SD", 3), ("BJ-SCJGJ", 2))),
    ),
    # --- Health ----------------------------------------------------------------------------------
    consult(
        "appointments",
        "160101",
        10,
        """
            咨询医院挂号
            挂号难
        """,
        """
            想咨询一下{hospital}的专家号怎么预约，网上一直挂不上
            咨询家庭医生签约怎么办理
            家里老人不会用手机挂号，想问问有没有电话预约
            想问一下{hospital}周末有没有门诊
        """,
        lead="BJ-WJW",
    ),
    Scenario(
        key="hospital_order",
        categories=(("160102", 1),),
        weight=2,
        kinds=COMPLAINT,
        place="hospital",
        titles=lines("""
            {hospital}就医秩序问题
            反映号贩子倒号
        """),
        texts=lines("""
            {hospital}门口有号贩子高价倒卖专家号
            {hospital}医生态度生硬，问两句就不耐烦
            {hospital}排队时间太长，候诊区秩序混乱
        """),
        demands=lines("""
            希望加强管理
        """),
        fixes=lines("""
            医院已加强就诊秩序管理，并对相关人员进行了批评教育
        """),
        route=Route(lead=(("BJ-WJW", 1),)),
    ),
    consult(
        "insurance_reimbursement",
        "160103",
        17,
        """
            咨询医保报销
            咨询异地就医备案
        """,
        """
            想咨询一下在外地住院，回北京怎么报销
            咨询门诊报销的起付线和比例是多少
            老人要去外地长住，想问问异地就医备案怎么办
            咨询医保卡丢了怎么补办
        """,
        lead="BJ-RSJ",
    ),
    Scenario(
        key="food_hygiene",
        categories=(("160201", 1),),
        weight=2,
        kinds=(("report", 6), ("complaint", 4)),
        place="restaurant",
        titles=lines("""
            举报{restaurant}卫生问题
        """),
        texts=lines("""
            在{restaurant}吃完饭后上吐下泻，怀疑食物不干净
            {restaurant}后厨脏乱，看到有老鼠
            在{shop}买到过期食品
        """),
        demands=lines("""
            希望市场监管部门检查
        """),
        fixes=lines("""
            已对该商户进行检查，责令整改并依法处理
        """),
        route=Route(lead=(("BJ-SCJGJ", 1),)),
    ),
    # --- Market regulation ------------------------------------------------------------------------
    Scenario(
        key="salon_prepaid",
        categories=(("170102", 1),),
        weight=2.5,
        kinds=COMPLAINT,
        place="shop",
        titles=lines("""
            {shop}预付卡纠纷
            美容店办卡后服务缩水
        """),
        texts=lines("""
            在{shop}办了{amount}元的会员卡，现在店里换了老板，不认原来的卡
            {shop}办卡时承诺的项目现在都要另外加钱
            想把{shop}的储值卡退掉，店家只同意退一半
        """),
        demands=lines("""
            希望帮助协调退款
        """),
        fixes=lines("""
            经调解，商家同意按剩余金额退款
        """),
        explanations=lines("""
            已告知来电人预付卡纠纷可申请消费调解
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-SCJGJ", 6), ("SD", 4))),
    ),
    Scenario(
        key="training_prepaid",
        categories=(("170103", 1),),
        weight=1.5,
        kinds=COMPLAINT,
        place="shop",
        titles=lines("""
            {shop}预付费不退
        """),
        texts=lines("""
            在{shop}报了美术课，交了一年的学费，现在机构搬走了
            {shop}课程质量差，要求退费被拒
        """),
        demands=lines("""
            希望督促退费
        """),
        fixes=lines("""
            经协调，机构已退还剩余费用
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-SCJGJ", 6), ("SD", 4))),
    ),
    Scenario(
        key="price_fraud",
        categories=(("170201", 1),),
        weight=2,
        kinds=(("report", 6), ("complaint", 4)),
        place="shop",
        titles=lines("""
            举报{shop}价格欺诈
        """),
        texts=lines("""
            {shop}标价和结账价格不一致，结账时多收了钱
            {market}的菜贩缺斤短两
            {shop}先涨价后打折，虚假促销
        """),
        demands=lines("""
            希望查处
        """),
        fixes=lines("""
            已对商户价格行为进行检查，责令退还多收款项
        """),
        handling=QUICK,
        route=Route(lead=(("BJ-SCJGJ", 1),)),
    ),
    Scenario(
        key="product_quality",
        categories=(("170202", 1),),
        weight=2,
        kinds=COMPLAINT,
        place="shop",
        titles=lines("""
            商品质量问题
        """),
        texts=lines("""
            在{shop}买的电热水壶用了两次就坏了，商家不给换
            买的家具有很大的甲醛味，商家拒绝退货
        """),
        demands=lines("""
            希望帮助维权
        """),
        fixes=lines("""
            经调解，商家同意退货退款
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-SCJGJ", 1),)),
    ),
    # --- Online shopping -------------------------------------------------------------------------
    Scenario(
        key="online_returns",
        categories=(("180101", 1),),
        weight=5,
        kinds=COMPLAINT,
        place="none",
        titles=lines("""
            网购退货纠纷
            网购商品不给退
        """),
        texts=lines("""
            在网上买了一件衣服，七天无理由退货，商家收到货后不退款
            网购的手机是翻新机，找商家退货被拒绝
            在电商平台买的东西和描述不符，平台客服一直推诿
        """),
        demands=lines("""
            希望帮助退款
        """),
        fixes=lines("""
            经协调，商家已同意退款
        """),
        explanations=lines("""
            商家注册地在外省，已告知来电人向经营者所在地市场监管部门投诉
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-SCJGJ", 1),)),
    ),
    Scenario(
        key="livestream",
        categories=(("180102", 1),),
        weight=2,
        kinds=COMPLAINT,
        place="none",
        titles=lines("""
            直播带货商品质量问题
        """),
        texts=lines("""
            在直播间买的保健品，说是进口的，收到后发现是三无产品
            直播间主播承诺的赠品一直没发
        """),
        demands=lines("""
            希望查处
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-SCJGJ", 1),)),
    ),
    Scenario(
        key="delivery_platform",
        categories=(("180103", 1),),
        weight=2,
        kinds=COMPLAINT,
        place="none",
        titles=lines("""
            外卖平台纠纷
        """),
        texts=lines("""
            在外卖平台点餐，送来的饭菜里有异物，商家和平台互相推诿
            外卖超时两个小时，申请退款被拒
        """),
        demands=lines("""
            希望帮助处理
        """),
        handling=REFUND,
        route=Route(lead=(("BJ-SCJGJ", 1),)),
    ),
    # --- Elderly care and social security --------------------------------------------------------
    consult(
        "home_care",
        "190101",
        8,
        """
            咨询居家养老服务
            咨询养老助残卡
        """,
        """
            家里老人{age}岁了，想咨询一下居家养老服务怎么申请
            想问一下北京通养老助残卡怎么办理
            咨询失能老人护理补贴的申请条件
            想了解一下适老化改造有没有补贴
        """,
        lead="BJ-MZJ",
    ),
    Scenario(
        key="care_station",
        categories=(("190102", 1),),
        weight=2,
        kinds=(("complaint", 5), ("consultation", 5)),
        place="station",
        titles=lines("""
            {station}服务问题
            咨询养老驿站服务
        """),
        texts=lines("""
            {station}经常关门，老人想去活动找不到人
            想咨询一下{station}有哪些服务项目，怎么收费
            {station}助浴服务价格比宣传的高
        """),
        fixes=lines("""
            已督促驿站规范开放时间和服务收费
        """),
        handling=NORMAL,
        route=Route(lead=(("SD", 7), ("BJ-MZJ", 3))),
    ),
    consult(
        "elderly_meals",
        "190103",
        3,
        """
            咨询老年餐桌
        """,
        """
            想咨询{subdistrict}附近有没有老年餐桌，怎么订餐
            老年餐桌能不能送餐上门
        """,
        lead="BJ-MZJ",
    ),
    consult(
        "pension",
        "190201",
        25,
        """
            咨询养老金发放
            咨询养老金调整
            咨询退休手续
        """,
        """
            想咨询一下今年养老金什么时候调整，能涨多少
            这个月的养老金还没到账，想问问是怎么回事
            快到退休年龄了，想咨询退休手续怎么办理
            咨询养老保险缴费年限不够十五年怎么办
            想问一下领取养老金需要每年认证吗
        """,
        lead="BJ-RSJ",
    ),
    consult(
        "insurance_transfer",
        "190202",
        10,
        """
            咨询社保转移
            咨询社保卡办理
        """,
        """
            从外地来北京工作，想咨询社保怎么转移过来
            想问问社保卡丢了怎么补办
            咨询灵活就业人员怎么在北京交社保
            换了工作，新单位说社保有断缴，想问问怎么补缴
        """,
        lead="BJ-RSJ",
    ),
    consult(
        "minimum_allowance",
        "190301",
        4,
        """
            咨询低保申请
        """,
        """
            家里生活困难，想咨询一下申请低保需要什么条件
            想问一下低保的标准是多少，去哪里申请
        """,
        lead="BJ-MZJ",
    ),
    # --- Epidemic prevention (a small tail by now) ----------------------------------------------
    consult(
        "vaccination",
        "210103",
        2,
        """
            咨询疫苗接种
        """,
        """
            想咨询一下流感疫苗在哪里可以打，需不需要预约
            咨询孩子的疫苗接种时间
        """,
        lead="BJ-WJW",
    ),
    # --- Everything else: the hotline's knowledge base ------------------------------------------
    consult(
        "residence_permit",
        "990101",
        60,
        """
            咨询居住证办理
            咨询户口迁移
            咨询积分落户
        """,
        """
            想咨询一下居住证怎么办理，需要准备哪些材料
            咨询办理居住证需要居住满半年吗
            想问一下积分落户今年什么时候申报
            孩子出生了，想咨询上户口的手续
            咨询身份证丢了怎么补办，能不能异地办理
        """,
        lead="BJ-GAJ",
    ),
    consult(
        "housing_fund",
        "990101",
        45,
        """
            咨询公积金提取
            咨询公积金贷款
        """,
        """
            想咨询租房提取公积金需要什么材料
            咨询公积金贷款的额度怎么计算
            离职后公积金怎么提取
            想问一下公积金异地转移怎么办理
        """,
    ),
    consult(
        "vehicle",
        "990101",
        30,
        """
            咨询机动车限行
            咨询小客车指标
            咨询进京证
        """,
        """
            想咨询一下明天尾号限行是几号
            咨询小客车指标摇号什么时候申请
            外地车进京证一年能办几次
            想问问新能源车指标怎么排队
        """,
        lead="BJ-JTW",
    ),
    consult(
        "business_admin",
        "990101",
        25,
        """
            咨询营业执照办理
            咨询个体户注册
        """,
        """
            想开一家小餐馆，咨询营业执照怎么办理
            咨询个体工商户注销需要什么手续
            想问一下公司变更法人在哪里办理
        """,
        lead="BJ-SCJGJ",
    ),
    consult(
        "tax",
        "990101",
        25,
        """
            咨询个税汇算
            咨询发票问题
        """,
        """
            想咨询个人所得税年度汇算怎么操作
            咨询专项附加扣除的赡养老人怎么填报
            想问一下房租专项扣除需要什么材料
        """,
    ),
    consult(
        "hotline_guide",
        "990101",
        130,
        """
            咨询办事指南
            咨询联系电话
            咨询办事地点
        """,
        """
            想咨询一下{district}政务服务中心的地址和办公时间
            想问一下{subdistrict}办事处的电话是多少
            咨询{hospital}的联系电话
            想了解一下社区服务站周末上不上班
            想问一下在哪里可以办理无犯罪记录证明
            咨询结婚登记需要预约吗，带什么材料
            想问一下护照过期了怎么换发
            咨询驾驶证到期换证需要体检吗
            想咨询一下老年人乘坐公交是否免费
            咨询去哪里可以办理残疾人证
            想问问{district}有哪些公园是免费开放的
            咨询垃圾分类的具体标准，过期药品属于哪一类
            想咨询一下博物馆的预约方式
        """,
    ),
    Scenario(
        key="praise",
        categories=(("990101", 1),),
        weight=6,
        kinds=(("praise", 1),),
        place="compound",
        titles=lines("""
            表扬{subdistrict}工作人员
            感谢社区工作人员
            表扬物业服务
        """),
        texts=lines("""
            {subdistrict}的工作人员帮{I}解决了{compound}多年的老问题，特地打电话表示感谢
            {loc}的物业这段时间变化很大，环境干净了，维修也及时，想表扬一下
            前几天反映的问题很快就解决了，感谢12345和街道的工作人员
            社区网格员很负责，经常上门看望{compound}的独居老人，特此表扬
        """),
        fixes=lines("""
            已将来电人的表扬转达相关单位及工作人员
            已将表扬意见反馈至被表扬单位
        """),
        handling=Handling(dispatch=0.3, days=0.5, results=(("resolved", 1),), mood=0.3),
    ),
]
