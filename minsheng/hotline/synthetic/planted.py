"""The planted problems: what "One issue per month" should find, and what it should not.

Six chronic problems persist for months across many sub-districts, end badly (explained, "not
within policy", not resolved), involve several departments, bounce between units and bring the
same callers back again and again. Four decoys are bigger but ordinary: they are fixed within a
day or two and people are satisfied. Two surges (only in files of a date window) are sudden bursts
of one problem at one place, for the hot-issue mode.

The data never says which case belongs to which problem: tests ask
:func:`minsheng.hotline.synthetic.generate` for the ground truth instead.
"""

from __future__ import annotations

from minsheng.hotline.synthetic.model import (
    FLAT,
    GROWING,
    HEATING,
    SUMMER,
    WINTER,
    YEAR_END,
    Burst,
    Footprint,
    Handling,
    PlantedProblem,
    Route,
    Scenario,
    lines,
)

PLANTED = (
    PlantedProblem(
        "lifts",
        "老旧小区加装电梯难",
        "Old walk-up buildings without lifts",
        "chronic",
        "Six-storey walk-ups of the 1980s in the old districts: elders who cannot climb the "
        "stairs, ground-floor owners who object, approvals and cost sharing that stall; all "
        "year, mostly explained or not resolved; sub-district offices, the housing and the "
        "planning commissions.",
    ),
    PlantedProblem(
        "gym_prepaid",
        "健身房闭店预付卡不退",
        "Gyms closed and prepaid cards not refunded",
        "chronic",
        "A chain of gyms closes branch after branch with members' prepaid money; growing through "
        "the year; filed under prepaid cards, sports venues or 'other'; market regulation, the "
        "sport bureau and the police; mostly explained ('go to court').",
    ),
    PlantedProblem(
        "certificates",
        "回迁房房产证办不下来",
        "Property certificates for resettlement housing",
        "chronic",
        "Resettlement compounds whose owners have waited years for their certificates because "
        "the developer never completed acceptance or land fees; outer districts; district "
        "governments, planning and housing commissions; the same owners call every month.",
    ),
    PlantedProblem(
        "sewers",
        "老旧居民楼下水道反复堵塞返水",
        "Recurring blocked drains in old residential buildings",
        "chronic",
        "Old buildings whose drains back up into ground-floor flats again and again; cleared "
        "for a few days, then blocked again (reopened); returned between the sub-district, the "
        "drainage company and the water authority over who owns the pipes.",
    ),
    PlantedProblem(
        "wages",
        "农民工工资拖欠",
        "Unpaid wages of migrant workers",
        "chronic",
        "Construction sites and small firms that owe workers months of pay, peaking before the "
        "Spring Festival; groups of workers from one site calling; human resources bureau, "
        "district labour inspectors and the housing commission; often sent to arbitration.",
    ),
    PlantedProblem(
        "ebike_charging",
        "电动自行车充电难",
        "Nowhere to charge e-bikes",
        "chronic",
        "Compounds without charging points where charging in stairwells is banned but no "
        "alternative exists; filed under charging, flying cables, property services or fire "
        "safety; sub-districts, urban management, the police and the power company.",
    ),
    PlantedProblem(
        "decoy_streetlights",
        "路灯不亮",
        "Broken street lights",
        "decoy",
        "Many calls, fixed in a day or two, satisfied callers.",
    ),
    PlantedProblem(
        "decoy_heating",
        "暖气不热",
        "Cold radiators in winter",
        "decoy",
        "A winter flood of calls, fixed by the heating company within a day or two.",
    ),
    PlantedProblem(
        "decoy_water",
        "小区临时停水",
        "Temporary water cuts",
        "decoy",
        "Bursts of calls from one compound during a water cut, fixed within hours.",
    ),
    PlantedProblem(
        "decoy_parking",
        "违法停车",
        "Illegal parking",
        "decoy",
        "Steady reports of illegally parked cars, moved by the police within hours.",
    ),
    PlantedProblem(
        "surge_night_works",
        "工地夜间施工扰民（突发）",
        "A surge of night-time construction noise",
        "surge",
        "Window files only: one construction site starts working at night in the last days of "
        "the window and the neighbouring compounds call.",
    ),
    PlantedProblem(
        "surge_water",
        "小区长时间停水（突发）",
        "A long water cut at one compound",
        "surge",
        "Window files only: one compound without water for two days near the end of the window.",
    ),
)

CHRONIC = Handling(
    days=14,
    spread=0.8,
    results=(("explained", 40), ("not_resolved", 22), ("partly_resolved", 23), ("resolved", 15)),
    explained_accepted=0.12,
    returns=0.28,
    reopen=0.14,
    mood=-0.15,
    response_hours=6,
)

OLD_CORE_HEAVY = (
    ("110101", 3),
    ("110102", 3),
    ("110105", 3),
    ("110106", 2),
    ("110107", 2),
    ("110108", 3),
    ("*", 0.3),
)
OUTER_HEAVY = (
    ("110105", 2),
    ("110106", 2),
    ("110115", 2.5),
    ("110112", 2.5),
    ("110114", 2.5),
    ("110111", 2.5),
    ("110113", 2),
    ("110108", 1),
    ("*", 0.3),
)
EVERYWHERE = (("*", 1),)

SCENARIOS = [
    Scenario(
        key="lifts",
        problem="lifts",
        categories=(("050201", 60), ("050202", 20), ("050203", 12), ("050101", 8)),
        weight=10,
        kinds=(("complaint", 40), ("help", 25), ("consultation", 20), ("suggestion", 15)),
        place="old_compound",
        titles=lines("""
            {compound}老楼加装电梯
            {compound}加装电梯难
            {compound}加梯问题
            老旧小区加装电梯推进慢
            申请加装电梯无进展
            {compound}{building}加装电梯受阻
        """),
        texts=lines("""
            {loc}{building}是上世纪八十年代建的六层老楼，没有电梯，楼里老人多，上下楼非常困难
            {loc}{building}想加装电梯，大部分住户都同意了，但一楼住户坚决反对，事情一直卡着
            {loc}{building}申请加装电梯快{years}了，手续一直办不下来，规划审批太复杂
            {I}住在{loc}{building}{floor}，今年{age}岁，腿脚不好，没有电梯一个月都下不了一次楼
            {loc}加装电梯的费用分摊谈不拢，高层和低层住户意见不一致，社区协调了好几次没结果
            {loc}{building}的老人们联名申请加装电梯，街道说要全体业主同意才能办
            {loc}老楼加装电梯，设计方案出来了，但是管线改移没人负责，工程一直开不了工
            {loc}{building}加装电梯已经公示了，低层住户以采光受影响为由起诉，工程停了
            {loc}是老旧小区，楼里住的大多是七八十岁的老人，加装电梯的事情提了很多次都没下文
            {loc}加装电梯说是有补贴，可到底谁来牵头、找谁申请，问了一圈也没人说得清
        """),
        details=lines("""
            老伴上个月摔了一跤，现在出门都得靠人背
            楼里有好几户是独居老人
            我们楼六层都住满了，年轻人都搬走了，剩下的都是老人
            社区说这事得街道管，街道说得住建委批
            住建委说得规划部门审批，规划部门又说要先业主协商一致
            隔壁小区的电梯都装好了，我们这还没动静
            买菜看病全靠子女，子女上班也顾不过来
        """),
        demands=lines("""
            希望政府能牵头协调加装电梯
            希望简化加装电梯审批手续
            希望出台政策解决低层住户反对的问题
            希望有关部门出面做一楼住户的工作
            希望尽快给老人们装上电梯
        """),
        fixes=lines("""
            经街道协调，该单元业主已签订加装电梯协议，正在办理审批手续
        """),
        explanations=lines("""
            加装电梯需本单元业主协商一致并签订协议，目前低层住户存在异议，已向来电人解释相关政策
            加装电梯属于业主自主决策事项，街道可提供协调服务，已向来电人说明
            该楼因管线改移及规划条件限制暂不具备加装条件，已向来电人解释说明
            来电人诉求涉及多个部门职责，目前相关政策正在研究制定中，已做好解释工作
        """),
        handling=CHRONIC,
        route=Route(
            lead=(("SD", 6), ("BJ-ZJW", 2.5), ("DG", 1.5)),
            coop=(("BJ-ZJW", 0.35), ("BJ-GHZRZYW", 0.3), ("BJ-SCJGJ", 0.1), ("DG", 0.15)),
        ),
        season=(0.8, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.1, 1.1, 1.2),
        footprint=Footprint(
            OLD_CORE_HEAVY, coverage=0.7, places_per_subdistrict=(2, 5), repeat_share=0.4
        ),
    ),
    Scenario(
        key="gym_prepaid",
        problem="gym_prepaid",
        categories=(("170101", 65), ("220102", 12), ("990101", 10), ("170103", 8), ("180101", 5)),
        weight=8,
        kinds=(("complaint", 70), ("help", 15), ("report", 10), ("consultation", 5)),
        place="gym",
        titles=lines("""
            {gym}闭店不退费
            {gym}预付卡无法退款
            健身房跑路会员卡不退
            健身房突然关门
            {gym}卷款跑路
            健身卡退费难
        """),
        texts=lines("""
            {I}在{gym}办了一张{amount}元的年卡，才用了两个月，健身房突然关门了，老板联系不上
            {gym}一夜之间闭店，门上贴了个停业整顿的通知，几百名会员的钱都不退
            {gym}上个月还在推销私教课，让大家续费，这个月就关门了，明显是卷款跑路
            {gym}关店后说会员可以转到别的门店，可是最近的门店也关了
            {I}在{gym}买了{count}节私教课，一节没上完，现在店里人去楼空
            {gym}以装修为由停业，已经{months}了还没开门，会员卡余额一直不退
            {gym}换了老板，新老板不认原来的会员卡，要求重新办卡
            {gym}的几家门店都关了，会员们建了维权群，群里已经有几百人
            健身房{gym}闭店，{I}的预付卡里还有{amount}元，去市场监管所登记了，一直没有下文
        """),
        details=lines("""
            办卡的时候销售说可以随时退
            合同上盖的章是另一家公司的
            听说老板已经在别的地方又开了一家
            报警了，派出所说属于经济纠纷
            去市场监管所登记过，说会联系商家，但商家根本找不到
            同一个品牌的健身房好几家店都关了
        """),
        demands=lines("""
            希望有关部门帮助追回会员费
            希望严查健身房卷款跑路
            希望加强对预付卡的监管
            希望给个处理结果
        """),
        fixes=lines("""
            经协调，健身房经营者已与部分会员达成退费协议
        """),
        explanations=lines("""
            经营者已失联，已告知来电人可通过司法途径维护自身权益
            该纠纷属于民事纠纷，已建议来电人向人民法院提起诉讼
            已将该企业列入经营异常名录，并告知来电人可到派出所报案
            预付卡纠纷已登记，因经营者失联暂无法调解，已向来电人解释说明
        """),
        handling=Handling(
            days=12,
            spread=0.7,
            results=(
                ("explained", 45),
                ("not_resolved", 28),
                ("partly_resolved", 15),
                ("resolved", 12),
            ),
            explained_accepted=0.08,
            returns=0.22,
            reopen=0.1,
            mood=-0.2,
            response_hours=5,
        ),
        route=Route(
            lead=(("BJ-SCJGJ", 5), ("SD", 3), ("DG", 2)),
            coop=(("BJ-TYJ", 0.3), ("BJ-GAJ", 0.2), ("BJ-SCJGJ", 0.2)),
        ),
        season=GROWING,
        footprint=Footprint(
            (
                ("110105", 3),
                ("110108", 3),
                ("110106", 2),
                ("110114", 2),
                ("110115", 1.5),
                ("110112", 1.5),
                ("110102", 1),
                ("*", 0.6),
            ),
            coverage=0.4,
            places_per_subdistrict=(1, 2),
            repeat_share=0.3,
            callers_per_place=8,
        ),
    ),
    Scenario(
        key="certificates",
        problem="certificates",
        categories=(("040101", 50), ("040102", 40), ("990101", 10)),
        weight=8,
        kinds=(("complaint", 45), ("help", 30), ("consultation", 25)),
        place="resettlement",
        titles=lines("""
            {compound}房产证办不下来
            {compound}回迁房办证难
            回迁多年未办理不动产权证
            {compound}不动产证迟迟不发
            回迁房产权证问题
        """),
        texts=lines("""
            {loc}是回迁房，{I}家回迁都{years}了，房产证到现在还没办下来
            {loc}的业主入住多年，一直拿不到不动产权证，孩子上学、落户都受影响
            {loc}开发商说因为土地出让金没有缴清，所以办不了房产证，问了多少次都是这句话
            {loc}回迁楼一直没有通过竣工验收，所以没法办理产权证，{we}找了区里好几个部门
            {I}是{loc}的回迁户，想把房子过户给孩子，因为没有房产证办不了
            {loc}的业主去不动产登记中心问，说开发商材料不全，开发商又说在等审批
            {loc}回迁的时候说好两年内办证，现在{years}过去了还是没有消息
            {loc}几百户回迁居民都没有房产证，老人去世了房子都没法继承
            想咨询一下{loc}这种回迁安置房，什么时候能办理不动产登记
        """),
        details=lines("""
            开发商已经换了好几任负责人
            区里说在协调，可一直没有时间表
            办证要交的钱我们早就交了
            小区门口每个月都有人拉横幅
            我们去规自委问过，说是历史遗留问题
            想卖房子给老人看病，没有证卖不了
        """),
        demands=lines("""
            希望政府尽快协调给回迁户办理房产证
            希望给一个明确的办证时间
            希望有关部门督促开发商履行义务
            希望把历史遗留问题解决了
        """),
        fixes=lines("""
            经多方协调，该项目首批房屋已具备办证条件，正在分批办理不动产登记
        """),
        explanations=lines("""
            因开发企业未完成竣工验收备案，该项目暂不具备办理不动产登记条件，已向来电人解释说明
            该项目存在土地出让金未缴清等历史遗留问题，相关部门正在研究解决方案
            已将该问题纳入区不动产登记历史遗留问题台账，正在协调推进，已向来电人说明情况
            办证涉及规划、住建等多个部门，目前正在联合会商，已做好解释工作
        """),
        handling=Handling(
            days=16,
            spread=0.8,
            results=(
                ("explained", 55),
                ("not_resolved", 22),
                ("partly_resolved", 13),
                ("resolved", 10),
            ),
            explained_accepted=0.1,
            returns=0.25,
            reopen=0.06,
            mood=-0.15,
            response_hours=8,
        ),
        route=Route(
            lead=(("DG", 4), ("BJ-GHZRZYW", 3), ("BJ-ZJW", 2), ("SD", 1)),
            coop=(("BJ-GHZRZYW", 0.3), ("BJ-ZJW", 0.3), ("SD", 0.2)),
        ),
        season=FLAT,
        footprint=Footprint(
            OUTER_HEAVY,
            coverage=0.55,
            places_per_subdistrict=(1, 2),
            repeat_share=0.55,
            callers_per_place=10,
        ),
    ),
    Scenario(
        key="sewers",
        problem="sewers",
        categories=(("080101", 60), ("030101", 18), ("080102", 10), ("030203", 6), ("990101", 6)),
        weight=10,
        kinds=(("complaint", 50), ("help", 45), ("report", 5)),
        place="old_compound",
        titles=lines("""
            {compound}下水道反复堵塞
            {compound}{building}下水返水
            {compound}下水管道堵塞污水倒灌
            居民楼下水道堵塞问题
            {compound}污水外溢
        """),
        texts=lines("""
            {loc}{building}的下水道又堵了，污水从一楼地漏往上返，家里都淹了
            {loc}{building}下水管道老化，三天两头堵，每次疏通完没几天又堵上
            {loc}一楼住户家里污水倒灌，马桶往外冒脏水，臭味熏得没法住人
            {loc}{building}下水道堵塞，物业说是市政管网的问题，排水集团说是楼内管线归产权单位
            {loc}化粪池和下水道连着堵，污水漫到单元门口，{we}出门都要踩着脏水
            {loc}的楼是老房子，下水管太细，现在住户多了根本排不走，一到用水高峰就返水
            {loc}{building}下水道堵了{days}了，疏通的人来了一次说管子塌了要换，就再没人来了
            {I}住在{loc}{building}一楼，今年已经被污水泡了{times}次了，地板、家具全泡坏了
            {loc}楼前的污水井满了往外冒，找了物业、社区、排水集团，谁都说不归自己管
        """),
        details=lines("""
            每次都是临时疏通，治标不治本
            物业说管道产权不清，不敢动
            疏通的费用让一楼住户自己出
            天一热蚊子苍蝇特别多
            家里老人闻着臭味整夜睡不着
            原来的产权单位早就改制了，找不到人
        """),
        demands=lines("""
            希望彻底更换下水管道
            希望明确管道维修责任
            希望相关部门别再推来推去
            希望尽快根治
        """),
        fixes=lines("""
            已安排专业队伍对楼内立管进行更换，目前排水通畅
        """),
        explanations=lines("""
            该楼内排水管线属产权单位维护范围，已告知来电人联系产权单位
            楼内管线改造需纳入老旧小区综合整治计划，已临时疏通并向来电人解释说明
            经排查为楼内管道老化所致，需业主共同出资更换，已做好解释工作
        """),
        handling=Handling(
            days=6,
            spread=0.9,
            results=(
                ("partly_resolved", 35),
                ("resolved", 25),
                ("not_resolved", 20),
                ("explained", 20),
            ),
            explained_accepted=0.1,
            returns=0.32,
            reopen=0.22,
            mood=-0.15,
            response_hours=3,
        ),
        route=Route(
            lead=(("SD", 5), ("BJ-DRAIN", 2.5), ("DG", 1.5), ("BJ-SWJ", 1)),
            coop=(("BJ-DRAIN", 0.3), ("BJ-SWJ", 0.2), ("BJ-ZJW", 0.1)),
        ),
        season=(0.8, 0.8, 0.9, 0.9, 1.0, 1.2, 1.4, 1.4, 1.1, 0.9, 0.8, 0.8),
        footprint=Footprint(
            OLD_CORE_HEAVY, coverage=0.6, places_per_subdistrict=(2, 4), repeat_share=0.4
        ),
    ),
    Scenario(
        key="wages",
        problem="wages",
        categories=(("140102", 45), ("140101", 40), ("140202", 8), ("140201", 7)),
        weight=9,
        kinds=(("complaint", 55), ("help", 35), ("report", 10)),
        place="site",
        titles=lines("""
            {site}拖欠农民工工资
            讨要工资
            {company}拖欠工资
            农民工讨薪
            工程款拖欠导致工人工资未发
        """),
        texts=lines("""
            {I}在{loc}干活，包工头拖欠了{count}个工人的工资，一共{amount}元，到现在一分没给
            {loc}的工程早就完工了，总包说款没结，劳务公司说没钱，工人的工资一直拖着
            {I}在{company}上班，公司已经{months}没发工资了，老板说资金周转困难
            {loc}的包工头跑了，{count}个工友干了大半年活，一分钱没拿到，眼看就要过年了
            {we}是{loc}的木工班组，被拖欠工资{amount}元，去劳动监察大队登记过，没有结果
            {company}以效益不好为由拖欠员工工资，还要求大家自愿离职
            {I}在{loc}打零工，干完活老板不认账，说要等甲方结款
            {loc}拖欠农民工工资，{we}去项目部讨薪，项目经理避而不见
        """),
        details=lines("""
            家里老人看病等着用钱
            孩子的学费还没交
            我们有考勤记录和工友的证明
            工地已经停工了
            劳务合同也没签
            老板电话打不通
        """),
        demands=lines("""
            希望劳动监察部门帮助追讨工资
            希望尽快把工资发下来
            希望相关部门督促总包单位先行垫付
            希望帮我们讨个公道
        """),
        fixes=lines("""
            经劳动保障监察部门协调，总包单位已先行垫付工人工资
        """),
        explanations=lines("""
            已告知来电人向劳动人事争议仲裁委员会申请仲裁
            用工主体无法联系，已立案调查，并告知来电人可通过仲裁或诉讼途径维权
            该纠纷涉及工程款结算，已督促建设单位协调，已向来电人说明进展
        """),
        handling=Handling(
            days=10,
            spread=0.8,
            results=(
                ("partly_resolved", 35),
                ("explained", 30),
                ("not_resolved", 20),
                ("resolved", 15),
            ),
            explained_accepted=0.15,
            returns=0.22,
            reopen=0.08,
            mood=-0.1,
            response_hours=4,
        ),
        route=Route(
            lead=(("BJ-RSJ", 4), ("DG", 3), ("SD", 3)),
            coop=(("BJ-ZJW", 0.3), ("BJ-RSJ", 0.2), ("BJ-GAJ", 0.05)),
        ),
        season=YEAR_END,
        footprint=Footprint(
            OUTER_HEAVY,
            coverage=0.45,
            places_per_subdistrict=(1, 3),
            repeat_share=0.35,
            callers_per_place=8,
        ),
    ),
    Scenario(
        key="ebike_charging",
        problem="ebike_charging",
        categories=(("110101", 45), ("110103", 18), ("110102", 12), ("030101", 15), ("200201", 10)),
        weight=10,
        kinds=(("complaint", 40), ("help", 25), ("suggestion", 25), ("consultation", 10)),
        place="compound",
        titles=lines("""
            {compound}电动车充电难
            {compound}没有充电桩
            电动自行车无处充电
            建议{compound}增设电动车充电设施
            {compound}充电桩不够用
        """),
        texts=lines("""
            {loc}有几百辆电动自行车，只有{count}个充电桩，每天晚上排队都充不上电
            {loc}不让电动车进楼道充电，也不让飞线，可小区里一个充电桩都没有，让大家去哪充
            {loc}物业把电动车充电桩拆了，说是消防检查要求，现在外卖小哥们根本没地方充电
            {loc}的充电桩坏了大半，物业说不归他们管，运营公司电话打不通
            {loc}想建集中充电棚，物业说电力容量不够，供电公司说要物业申请
            {I}每天送外卖，住在{loc}，小区里没有充电的地方，只能把电瓶拎回家充
            {loc}充电桩收费太贵，一次要好几块钱，很多人又偷偷在楼道里充
            {loc}电动车停放充电问题一直没解决，社区说没有场地，街道说在规划
        """),
        details=lines("""
            楼道里充电确实危险，可总得给个地方
            小区里空地是有的，就是没人牵头建
            前段时间隔壁楼还因为电动车着过火
            物业说建充电桩要业主大会同意
            每天晚上十点以后抢充电桩
        """),
        demands=lines("""
            希望尽快增设充电桩
            希望相关部门协调解决充电难问题
            建议统一规划建设集中充电设施
            希望出台政策明确由谁来建充电桩
        """),
        fixes=lines("""
            经协调，已在小区内新增集中充电车棚，可满足部分居民充电需求
        """),
        explanations=lines("""
            小区电力容量不足，暂不具备增设充电设施条件，已向来电人解释说明
            充电设施建设需经业主共同决定，已指导社区组织居民协商
            该小区已纳入充电设施建设规划，具体建设时间待定，已做好解释工作
        """),
        handling=Handling(
            days=9,
            spread=0.8,
            results=(
                ("explained", 38),
                ("partly_resolved", 28),
                ("resolved", 18),
                ("not_resolved", 16),
            ),
            explained_accepted=0.15,
            returns=0.2,
            reopen=0.06,
            mood=-0.1,
            response_hours=4,
        ),
        route=Route(
            lead=(("SD", 6), ("DG", 1.5), ("BJ-CGW", 1.5), ("BJ-GAJ", 1)),
            coop=(("BJ-POWER", 0.25), ("BJ-CGW", 0.2), ("BJ-GAJ", 0.1)),
        ),
        season=SUMMER,
        footprint=Footprint(
            EVERYWHERE, coverage=0.6, places_per_subdistrict=(2, 4), repeat_share=0.25
        ),
    ),
    Scenario(
        key="streetlights",
        problem="decoy_streetlights",
        categories=(("010301", 1),),
        weight=22,
        kinds=(("help", 6), ("report", 3), ("complaint", 1)),
        place="road",
        titles=lines("""
            {road}路灯不亮
            反映{road}路灯损坏
            {compound}门口路灯坏了
            {road}一段路灯不亮
        """),
        texts=lines("""
            {loc}一段的路灯{days}都不亮了，晚上黑乎乎的，行人和骑车的都不安全
            {loc}靠近{compound}门口的几盏路灯坏了，晚上回家看不清路
            {loc}的路灯时亮时不亮，有一盏一直在闪
            {loc}路灯白天亮着晚上反而不亮，太浪费了
            {loc}从{compound}到{road2}路口这一段路灯全不亮
            {loc}有一根路灯杆被车撞歪了，灯也不亮了
        """),
        details=lines("""
            附近老人孩子多
            前几天有人在这摔倒了
            这段路晚上人不少
        """),
        demands=lines("""
            希望尽快维修
            请安排人来修一下
            希望早点恢复照明
        """),
        fixes=lines("""
            已安排路灯维修人员更换灯具，路灯恢复照明
            经排查为线路故障，已修复，路灯正常亮灯
        """),
        handling=Handling(days=1.2, spread=0.6, response_hours=1.0, mood=0.05),
        route=Route(lead=(("SD", 6), ("BJ-CGW", 4))),
        season=WINTER,
    ),
]

BURSTS = (
    Burst(
        "water_outage",
        per_year=40,
        size=(12, 40),
        days=(1, 2),
        season=SUMMER,
        problem="decoy_water",
    ),
    Burst("power_cut", per_year=20, size=(8, 25), days=(1, 1), season=SUMMER),
    Burst(
        "flooded_road",
        per_year=10,
        size=(10, 30),
        days=(1, 2),
        season=(0, 0, 0, 0, 0.3, 1, 3, 3, 0.5, 0, 0, 0),
    ),
    Burst("night_works", per_year=10, size=(8, 20), days=(2, 5)),
    Burst(
        "heating_cold",
        per_year=12,
        size=(10, 30),
        days=(1, 3),
        season=HEATING,
        problem="decoy_heating",
    ),
)

# Surges planted near the end of a window (hot-issue mode): scenario, share of the window's
# cases (at least ``minimum``), days before the window's end it starts, how long it lasts.
SURGES = (
    ("surge_night_works", "night_works", 0.015, 12, 9, 5),
    ("surge_water", "water_outage", 0.010, 10, 5, 2),
)
