"""Ordinary requests about home: property services, housing, renovation, heating, utilities."""

from __future__ import annotations

from minsheng.hotline.synthetic.model import (
    AUTUMN,
    CONSULT,
    HEATING,
    NORMAL,
    QUICK,
    RAINY,
    SLOW,
    SUMMER,
    URGENT,
    WINTER,
    Handling,
    Route,
    Scenario,
    lines,
)

COMPLAINT = (("complaint", 7), ("help", 2), ("report", 1))
HELP = (("help", 7), ("complaint", 3))
CONSULTATION = (("consultation", 9), ("help", 1))

SCENARIOS = [
    Scenario(
        key="property_service",
        categories=(("030101", 1),),
        weight=9,
        kinds=COMPLAINT,
        place="compound",
        titles=lines("""
            {compound}物业服务不到位
            投诉{property}服务差
            {compound}物业不作为
        """),
        texts=lines("""
            {loc}的{property}收了物业费却不干活，楼道好几个月没人打扫
            {loc}物业对业主报修一拖再拖，{building}的单元门坏了一个月都没修
            {loc}物业保安形同虚设，外卖快递随便进，晚上也没人巡逻
            {loc}物业经理态度恶劣，业主去反映问题还被骂
            {loc}小区绿化、保洁都没人管，垃圾到处都是
            {loc}物业电话经常打不通，有事找不到人
        """),
        details=lines("""
            物业费一分没少交
            跟物业说了好几次都没用
            居委会也协调过，没有效果
            物业合同快到期了
        """),
        demands=lines("""
            希望督促物业履行职责
            希望更换物业公司
            希望街道监督物业整改
        """),
        fixes=lines("""
            已约谈物业公司负责人，督促其整改并已完成相关维修
            已组织社区、物业召开协调会，物业承诺限期整改
        """),
        handling=NORMAL,
    ),
    Scenario(
        key="property_fee",
        categories=(("030102", 1),),
        weight=5,
        kinds=(("complaint", 5), ("consultation", 5)),
        place="compound",
        titles=lines("""
            {compound}物业费上涨
            {compound}物业费收费争议
            咨询物业费收费标准
        """),
        texts=lines("""
            {loc}的{property}突然把物业费从每平米{price}元涨到{price2}元，没有征求业主意见
            {loc}物业把物业费和停车费捆绑收取，不交停车费就不让交物业费
            {loc}物业以不交物业费为由停了业主家的门禁卡
            想咨询一下{loc}这种老小区物业费的收费标准是谁定的
            {loc}物业服务这么差，还要求一次交三年物业费
        """),
        demands=lines("""
            希望规范物业收费
            请告知收费依据
            希望物价部门核查
        """),
        fixes=lines("""
            已约谈物业公司，物业已暂停调价并将按规定征求业主意见
        """),
        explanations=lines("""
            已向来电人解释物业服务收费相关规定，物业费标准由双方合同约定
        """),
        handling=Handling(
            days=4,
            results=(
                ("resolved", 45),
                ("explained", 35),
                ("partly_resolved", 15),
                ("not_resolved", 5),
            ),
            explained_accepted=0.6,
        ),
        route=Route(lead=(("SD", 1),), coop=(("BJ-ZJW", 0.1),)),
    ),
    Scenario(
        key="common_income",
        categories=(("030103", 1),),
        weight=1.5,
        kinds=COMPLAINT,
        place="compound",
        titles=lines("""
            {compound}公共收益不公开
        """),
        texts=lines("""
            {loc}电梯广告、停车位的收入，物业从来没有公布过
            {loc}公共收益去向不明，业主要求公开账目被拒绝
        """),
        demands=lines("""
            希望公开公共收益
        """),
        fixes=lines("""
            已督促物业在小区公示栏公开近两年公共收益情况
        """),
        handling=SLOW,
    ),
    Scenario(
        key="property_left",
        categories=(("030104", 1),),
        weight=1.5,
        kinds=HELP,
        place="old_compound",
        titles=lines("""
            {compound}物业撤场无人管
        """),
        texts=lines("""
            {loc}原来的物业撤走了，小区没人管，垃圾没人清，路灯也不亮
            {loc}物业突然撤场，水泵房没人管，楼上停水了
        """),
        demands=lines("""
            希望尽快引进新物业
            希望街道先兜底管理
        """),
        fixes=lines("""
            街道已安排临时物业进行应急托管
        """),
        handling=SLOW,
        route=Route(lead=(("SD", 7), ("DG", 3))),
    ),
    Scenario(
        key="lift_breakdown",
        categories=(("030201", 1),),
        weight=5,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}电梯故障
            {compound}{building}电梯经常坏
            电梯困人
        """),
        texts=lines("""
            {loc}{building}的电梯又坏了，楼里住的都是高层，老人只能爬楼
            {loc}{building}{entrance}电梯三天两头停运，上周还困过人
            {loc}电梯运行时抖动厉害，有异响，大家都不敢坐
            {loc}电梯维保不到位，年检标志都过期了
        """),
        details=lines("""
            家里有{age}岁的老人
            楼里有坐轮椅的住户
            物业说在等配件
        """),
        demands=lines("""
            希望尽快修好电梯
            希望特种设备部门检查
        """),
        fixes=lines("""
            已督促物业联系维保单位维修，电梯已恢复运行
            已更换故障部件，电梯经检测运行正常
        """),
        handling=QUICK,
        urgency=(("normal", 0.7), ("urgent", 0.3)),
        route=Route(lead=(("SD", 1),), coop=(("BJ-SCJGJ", 0.15),)),
    ),
    Scenario(
        key="stair_lights",
        categories=(("030202", 1),),
        weight=2.5,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}楼道灯不亮
        """),
        texts=lines("""
            {loc}{building}{entrance}楼道灯坏了，晚上上下楼黑漆漆的
            {loc}楼道声控灯失灵，老人摸黑上楼摔过一次
        """),
        demands=lines("""
            希望尽快维修
        """),
        fixes=lines("""
            物业已更换楼道灯
        """),
        handling=QUICK,
        season=WINTER,
    ),
    Scenario(
        key="roof_leak",
        categories=(("030203", 1),),
        weight=3,
        kinds=HELP,
        place="old_compound",
        titles=lines("""
            {compound}顶层漏雨
            {compound}屋顶漏水
        """),
        texts=lines("""
            {loc}{building}顶层一下雨就漏，墙皮都泡掉了
            {loc}屋面防水层老化，家里天花板往下滴水
            {loc}楼顶漏水多年，维修资金一直申请不下来
        """),
        demands=lines("""
            希望尽快做屋面防水
        """),
        fixes=lines("""
            已对屋面进行防水修缮
        """),
        explanations=lines("""
            屋面维修需申请使用专项维修资金，已指导业主办理相关手续
        """),
        handling=SLOW,
        season=RAINY,
    ),
    Scenario(
        key="owners_committee",
        categories=(("030301", 1),),
        weight=1.5,
        kinds=(("consultation", 5), ("help", 5)),
        place="compound",
        titles=lines("""
            咨询如何成立业委会
            {compound}业委会成立难
        """),
        texts=lines("""
            {loc}想成立业主委员会，不知道需要走什么程序
            {loc}业主申请成立业委会两年了，街道一直没有组织首次业主大会
        """),
        demands=lines("""
            希望街道指导成立业委会
        """),
        explanations=lines("""
            已向来电人解释业主大会筹备流程，并告知社区联系方式
        """),
        handling=SLOW,
    ),
    Scenario(
        key="pmc",
        categories=(("030302", 1),),
        weight=1,
        kinds=CONSULTATION,
        place="compound",
        titles=lines("""
            咨询物管会职责
        """),
        texts=lines("""
            想了解{compound}物业管理委员会是怎么产生的，有什么职责
            {loc}物管会成员名单没有公示，想咨询一下
        """),
        handling=CONSULT,
    ),
    # --- Housing ---------------------------------------------------------------------------------
    Scenario(
        key="registration_consult",
        categories=(("040101", 1),),
        weight=10,
        kinds=CONSULTATION,
        place="compound",
        titles=lines("""
            咨询不动产登记
            咨询房产过户手续
        """),
        texts=lines("""
            想咨询一下二手房过户需要准备哪些材料，去哪里办理
            父母的房子要继承过户，不知道需要哪些手续
            咨询不动产登记能不能网上预约，需要带什么证件
            房子还有贷款，想问问能不能先办理抵押登记
        """),
        handling=CONSULT,
        route=Route(lead=(("BJ-GHZRZYW", 1),)),
    ),
    Scenario(
        key="public_rental",
        categories=(("040201", 1),),
        weight=8,
        kinds=CONSULTATION,
        place="compound",
        titles=lines("""
            咨询公租房申请
            公租房申请进度
        """),
        texts=lines("""
            想咨询公租房申请条件，非京籍能不能申请
            公租房资格审核通过一年多了，想问问什么时候能配租
            咨询{district}公租房的租金标准和申请流程
        """),
        handling=CONSULT,
        route=Route(lead=(("BJ-ZJW", 5), ("DG", 5))),
    ),
    Scenario(
        key="affordable_housing",
        categories=(("040202", 1),),
        weight=3,
        kinds=(("consultation", 7), ("complaint", 3)),
        place="compound",
        titles=lines("""
            咨询共有产权房摇号
            保障房分配问题
        """),
        texts=lines("""
            想咨询共有产权房摇号的资格，单身能不能申请
            摇中共有产权房后迟迟不通知选房
            {district}保障房项目什么时候能交房
        """),
        handling=CONSULT,
        route=Route(lead=(("BJ-ZJW", 6), ("DG", 4))),
    ),
    Scenario(
        key="rental_deposit",
        categories=(("040301", 1),),
        weight=3,
        kinds=COMPLAINT,
        place="shop",
        titles=lines("""
            中介押金不退
            房屋租赁押金纠纷
        """),
        texts=lines("""
            {I}在{company}租房，退租时中介以各种理由扣押金{amount}元
            长租公寓{company}突然说房子要收回，交的押金和房租都不退
            房东拒不退还押金，说墙面有污渍要扣钱
        """),
        demands=lines("""
            希望帮助追回押金
        """),
        explanations=lines("""
            租赁纠纷属民事纠纷，已建议来电人通过调解或诉讼途径解决
        """),
        handling=Handling(
            days=5,
            results=(
                ("explained", 45),
                ("resolved", 35),
                ("partly_resolved", 10),
                ("not_resolved", 10),
            ),
            explained_accepted=0.4,
        ),
        route=Route(lead=(("SD", 5), ("BJ-ZJW", 5))),
    ),
    Scenario(
        key="group_rental",
        categories=(("040302", 1),),
        weight=2,
        kinds=(("report", 8), ("complaint", 2)),
        place="compound",
        titles=lines("""
            举报{compound}群租
        """),
        texts=lines("""
            {loc}{building}{room}被隔成了好几间，住了十几个人，进出很乱
            {loc}有人把地下室隔成小间出租，存在消防隐患
        """),
        demands=lines("""
            希望依法整治群租
        """),
        fixes=lines("""
            已联合派出所、社区对群租房进行整治，已拆除隔断
        """),
    ),
    # --- Renovation --------------------------------------------------------------------------------
    Scenario(
        key="renovation_slow",
        categories=(("050101", 1),),
        weight=3,
        kinds=COMPLAINT,
        place="old_compound",
        titles=lines("""
            {compound}老旧小区改造进度慢
            {compound}改造工程拖延
        """),
        texts=lines("""
            {loc}老旧小区改造说了好几年，到现在还没有开工
            {loc}改造工程开工半年了，道路挖开一直不恢复
            {loc}楼体外保温做了一半就停工了，脚手架一直搭着
        """),
        demands=lines("""
            希望加快改造进度
        """),
        fixes=lines("""
            已督促施工单位加快进度，恢复路面
        """),
        explanations=lines("""
            该小区已列入改造计划，目前正在进行方案设计和居民意见征询
        """),
        handling=SLOW,
        route=Route(lead=(("SD", 5), ("DG", 5)), coop=(("BJ-ZJW", 0.2),)),
    ),
    Scenario(
        key="renovation_quality",
        categories=(("050102", 1),),
        weight=1.5,
        kinds=COMPLAINT,
        place="old_compound",
        titles=lines("""
            {compound}改造质量差
        """),
        texts=lines("""
            {loc}改造后新换的窗户漏风，下雨往屋里渗水
            {loc}改造时新铺的管道没多久就漏水了
        """),
        demands=lines("""
            希望施工单位返修
        """),
        fixes=lines("""
            已督促施工单位进行返修
        """),
        route=Route(lead=(("SD", 5), ("DG", 5))),
    ),
    Scenario(
        key="wall_insulation",
        categories=(("050103", 1),),
        weight=1,
        kinds=(("report", 6), ("help", 4)),
        place="old_compound",
        titles=lines("""
            {compound}外墙保温层脱落
        """),
        texts=lines("""
            {loc}{building}外墙保温层大面积脱落，掉下来差点砸到人
            {loc}刮大风把外墙保温板吹掉了，挂在半空很危险
        """),
        demands=lines("""
            希望尽快排除隐患
        """),
        fixes=lines("""
            已设置警戒区域并对脱落部位进行修复
        """),
        handling=URGENT,
        urgency=(("urgent", 0.7), ("normal", 0.3)),
    ),
    # --- Heating -----------------------------------------------------------------------------------
    Scenario(
        key="heating_cold",
        problem="decoy_heating",
        categories=(("060102", 6), ("060101", 4)),
        weight=30,
        kinds=(("help", 5), ("complaint", 5)),
        place="compound",
        titles=lines("""
            {compound}暖气不热
            {compound}{building}室温低
            反映暖气不热
        """),
        texts=lines("""
            {loc}{building}{entrance}{floor}家里暖气不热，室温只有十四五度
            {loc}暖气片上面热下面凉，屋里特别冷
            {loc}供暖以后家里暖气一直是温的，老人在家穿着棉袄
            {loc}{building}暖气不热，测了室温只有{temp}度
            {loc}家里暖气一点都不热，估计是管道里有空气
            {loc}今年供暖后卧室的暖气片是凉的
        """),
        details=lines("""
            家里有{age}岁的老人和小孩
            楼上楼下都热，就我们家不热
            暖气费已经交了
            物业来看过说要找热力公司
        """),
        demands=lines("""
            希望尽快上门检修
            希望热力公司来看看
            请尽快解决
        """),
        fixes=lines("""
            热力公司已上门排气并调整阀门，室温已达标
            维修人员已上门清洗过滤器，暖气恢复正常
            已对楼内供热管线进行平衡调节，经测温室温达到18摄氏度以上
        """),
        handling=Handling(days=1.0, spread=0.6, response_hours=1.0, mood=0.05),
        route=Route(lead=(("BJ-HEAT", 8), ("SD", 2))),
        season=HEATING,
    ),
    Scenario(
        key="radiator_leak",
        categories=(("060103", 1),),
        weight=2.5,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}暖气漏水
        """),
        texts=lines("""
            {loc}{building}家里暖气管道漏水，已经流到楼下了
            {loc}暖气阀门滴水，一天要接好几盆
        """),
        demands=lines("""
            希望马上派人维修
        """),
        fixes=lines("""
            维修人员已上门更换阀门，漏水已处理
        """),
        handling=URGENT,
        urgency=(("urgent", 0.7), ("normal", 0.3)),
        route=Route(lead=(("BJ-HEAT", 7), ("SD", 3))),
        season=HEATING,
    ),
    Scenario(
        key="heating_fee",
        categories=(("060201", 1),),
        weight=5,
        kinds=(("consultation", 8), ("complaint", 2)),
        place="compound",
        titles=lines("""
            咨询供暖费缴纳
            供暖费收费争议
        """),
        texts=lines("""
            想咨询一下今年供暖费怎么交，能不能网上缴纳
            {loc}供暖费按建筑面积收，{I}家阁楼也算进去了，觉得不合理
            咨询退休人员供暖费报销政策
            想问一下{compound}的供暖费标准是每平米多少钱
        """),
        explanations=lines("""
            已告知来电人供暖费收费标准及缴费渠道
        """),
        handling=CONSULT,
        route=Route(lead=(("BJ-HEAT", 6), ("BJ-CGW", 4))),
        season=AUTUMN,
    ),
    Scenario(
        key="heating_suspend",
        categories=(("060202", 1),),
        weight=2,
        kinds=CONSULTATION,
        place="compound",
        titles=lines("""
            咨询报停供暖
        """),
        texts=lines("""
            房子今年冬天没人住，想咨询怎么办理供暖报停
            想问一下报停供暖需要交基础热费吗
        """),
        handling=CONSULT,
        route=Route(lead=(("BJ-HEAT", 1),)),
        season=AUTUMN,
    ),
    # --- Water, power and gas -------------------------------------------------------------------
    Scenario(
        key="water_outage",
        problem="decoy_water",
        categories=(("070101", 1),),
        weight=10,
        kinds=(("help", 7), ("complaint", 3)),
        place="compound",
        titles=lines("""
            {compound}停水
            {compound}突然停水
            {compound}{building}没有水
        """),
        texts=lines("""
            {loc}从{time}开始停水，事先没有任何通知
            {loc}{building}停水了，做饭洗漱都成问题
            {loc}突然停水，物业说是管道爆裂在抢修，不知道什么时候来水
            {loc}停水{hours}了，家里有老人孩子，生活很不方便
            {loc}又停水了，也没有送水车
        """),
        details=lines("""
            不知道什么时候能恢复
            楼里住户都没水了
            物业电话打不通
        """),
        demands=lines("""
            希望尽快恢复供水
            希望安排临时送水
            请告知来水时间
        """),
        fixes=lines("""
            自来水公司已完成管道抢修，已恢复供水
            抢修完毕，供水已恢复正常
        """),
        handling=Handling(days=0.3, spread=0.6, response_hours=0.5, mood=0.05),
        urgency=(("urgent", 0.7), ("normal", 0.3)),
        route=Route(lead=(("BJ-WATER", 8), ("SD", 2))),
        season=SUMMER,
    ),
    Scenario(
        key="low_pressure",
        categories=(("070102", 1),),
        weight=2.5,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}水压低
        """),
        texts=lines("""
            {loc}{building}高层水压太低，热水器打不着火
            {loc}一到用水高峰水就上不去，{floor}只有一点点水
        """),
        demands=lines("""
            希望解决水压问题
        """),
        fixes=lines("""
            已对二次供水设备进行调试，水压恢复正常
        """),
        route=Route(lead=(("BJ-WATER", 6), ("SD", 4))),
        season=SUMMER,
    ),
    Scenario(
        key="water_quality",
        categories=(("070103", 1),),
        weight=2,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}自来水发黄
        """),
        texts=lines("""
            {loc}自来水发黄，有一股铁锈味
            {loc}水龙头流出来的水浑浊，有沉淀物
        """),
        demands=lines("""
            希望检测水质
        """),
        fixes=lines("""
            已对管网进行冲洗并取样检测，水质合格
        """),
        route=Route(lead=(("BJ-WATER", 8), ("SD", 2))),
    ),
    Scenario(
        key="power_cut",
        categories=(("070201", 1),),
        weight=5,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}停电
            {compound}突然停电
        """),
        texts=lines("""
            {loc}{building}突然停电了，冰箱里的东西都要坏了
            {loc}整个小区停电{hours}了，电梯也停了
            {loc}家里跳闸以后一直没有电，是外线的问题
        """),
        demands=lines("""
            希望尽快恢复供电
        """),
        fixes=lines("""
            供电公司已抢修完毕，恢复供电
        """),
        handling=URGENT,
        urgency=(("urgent", 0.7), ("normal", 0.3)),
        route=Route(lead=(("BJ-POWER", 1),)),
        season=SUMMER,
    ),
    Scenario(
        key="voltage",
        categories=(("070202", 1),),
        weight=1.5,
        kinds=HELP,
        place="compound",
        titles=lines("""
            {compound}电压不稳
        """),
        texts=lines("""
            {loc}晚上电压不稳，灯一闪一闪的，空调启动不了
            {loc}电压偏低，电器经常自动关机
        """),
        demands=lines("""
            希望检修线路
        """),
        fixes=lines("""
            供电公司已对台区进行调压，电压恢复正常
        """),
        route=Route(lead=(("BJ-POWER", 1),)),
        season=SUMMER,
    ),
    Scenario(
        key="gas_leak",
        categories=(("070301", 1),),
        weight=1.5,
        kinds=(("help", 8), ("report", 2)),
        place="compound",
        titles=lines("""
            {compound}燃气泄漏
            楼道有燃气味
        """),
        texts=lines("""
            {loc}{building}楼道里有很浓的燃气味
            {loc}家里燃气表附近有煤气味，已经关了阀门
        """),
        demands=lines("""
            请马上派人来处理
        """),
        fixes=lines("""
            燃气集团抢修人员已到场处置，泄漏点已修复
        """),
        handling=Handling(days=0.1, spread=0.5, response_hours=0.2),
        urgency=(("emergency", 0.8), ("urgent", 0.2)),
        route=Route(lead=(("BJ-GAS", 1),)),
        season=WINTER,
    ),
    Scenario(
        key="gas_upgrade",
        categories=(("070302", 1),),
        weight=1.5,
        kinds=(("consultation", 6), ("complaint", 4)),
        place="old_compound",
        titles=lines("""
            咨询燃气改造
        """),
        texts=lines("""
            {loc}燃气管线改造要求入户，想咨询一下需不需要交费
            {loc}燃气改造后一直没通气，已经一个星期了
        """),
        explanations=lines("""
            已告知来电人燃气改造相关政策及通气安排
        """),
        handling=CONSULT,
        route=Route(lead=(("BJ-GAS", 1),)),
    ),
    Scenario(
        key="septic",
        categories=(("080102", 1),),
        weight=1.5,
        kinds=COMPLAINT,
        place="old_compound",
        titles=lines("""
            {compound}化粪池外溢
        """),
        texts=lines("""
            {loc}化粪池满了往外冒，院子里臭气熏天
            {loc}化粪池很久没有清掏，污水漫到路上
        """),
        demands=lines("""
            希望尽快清掏
        """),
        fixes=lines("""
            已安排吸污车清掏化粪池
        """),
        handling=QUICK,
        route=Route(lead=(("SD", 6), ("BJ-DRAIN", 4))),
        season=SUMMER,
    ),
    Scenario(
        key="flying_cable_report",
        categories=(("110102", 1),),
        weight=2,
        kinds=(("report", 9), ("complaint", 1)),
        place="compound",
        titles=lines("""
            {compound}有人飞线充电
            举报飞线充电
        """),
        texts=lines("""
            {loc}{building}有住户从{floor}窗户扯电线下来给电动车充电
            {loc}有人把电动车推进楼道里充电，堵着楼梯口
        """),
        demands=lines("""
            希望马上制止
        """),
        fixes=lines("""
            已联合物业劝导当事人拆除私拉电线
        """),
        handling=QUICK,
    ),
]
