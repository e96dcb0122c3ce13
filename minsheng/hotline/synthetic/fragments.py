"""Phrasing shared by every scenario: how calls are written up, how people open and close.

Operators summarise phone calls in the third person ("市民来电反映：..."), while people who write
on the web, in the app or on the message board speak for themselves and often say where they live
first. These fragments wrap a scenario's own sentences.
"""

from __future__ import annotations

from minsheng.hotline.synthetic.model import lines, words

PHONE_OPENINGS = lines("""
    市民来电反映：
    来电人反映：
    来电人称，
    市民来电表示，
    来电反映，
    市民反映：
    来电人表示：
    来电人来电反映，
    市民来电称，
    来电者反映：
""")
WRITTEN_OPENINGS = lines("""
    您好！
    你好，
    领导您好！
    您好，
    你好！想反映个问题，
    我想反映一个问题：
    麻烦问一下，
    您好，我想咨询一下，
    打扰了，
""")
BOARD_OPENINGS = lines("""
    尊敬的领导：您好！
    书记您好！
    各位领导好，
    尊敬的市长您好，
    领导好，
    您好！我是一名普通市民，
    区领导您好，
""")

PHONE_CLOSINGS = lines("""
    请相关部门核实处理。
    望尽快解决。
    来电人要求相关部门给予答复。
    希望相关部门协调解决。
    请相关部门尽快处理。
    来电人希望尽快得到处理。
    来电人要求回复。
    望相关部门重视。
""")
WRITTEN_CLOSINGS = lines("""
    谢谢！
    盼复。
    希望能得到回复，谢谢。
    麻烦领导重视一下。
    谢谢领导！
    期待您的回复。
    望尽快答复，谢谢！
    辛苦了！
""")

DURATIONS = lines("""
    已经{days}了
    这种情况已经{days}了
    已经不是第一次了
    前几天就这样了
    最近经常这样
""")
LONG_DURATIONS = lines("""
    这个情况已经持续{months}了
    已经快{months}了
    从{since}开始就这样
    前后差不多{months}了
    已经不是第一次了
""")
CHRONIC_DURATIONS = lines("""
    这个问题已经反映了{years}，一直没有解决
    之前打过好几次12345，至今没有结果
    去年就反映过，到现在还是老样子
    找过社区、街道，都说不归他们管
    多次反映未果
    来回踢皮球，谁也不管
    前后打了{times}次电话，每次都说在协调
    已经{years}了，问题一直拖着
""")

GENERIC_DEMANDS = lines("""
    希望相关部门尽快解决
    希望有关部门管一管
    请相关部门尽快处理
    希望尽快给个说法
    请尽快派人来看看
    希望相关部门协调处理
    请给予答复
""")

RESOLUTION_OPENINGS = lines("""
    经核实，
    接单后，
    经工作人员现场查看，
    我单位接诉后，
    经联系来电人了解情况，
    经调查，
""")
GENERIC_FIXES = lines("""
    已安排人员现场处理，问题已解决
    已协调相关单位处理完毕
    已督促责任单位整改，现已处理完毕
    已于当日处理完毕，来电人表示认可
""")
GENERIC_PARTLY = lines("""
    已协调相关单位进行处理，部分问题已解决，剩余问题正在协调中
    已采取临时措施，彻底解决尚需时间
    已督促责任单位整改，目前仍在整改中
""")
GENERIC_NOT = lines("""
    因涉及多方责任，目前尚未解决，已向来电人说明情况
    经多次协调，相关方意见不一致，暂无法解决
    因条件限制，暂无法解决，已向来电人致歉
""")
GENERIC_EXPLAIN = lines("""
    已向来电人解释说明相关政策
    已告知来电人办理流程及咨询电话
    该诉求不属于本单位职责范围，已告知来电人相关渠道
    已向来电人解释说明，来电人表示知晓
""")
CONSULT_RESOLUTION_OPENINGS = lines("""
    经核实，
    接单后，
    经查询，
""")
DIRECT_ANSWERS = lines("""
    话务员已根据知识库直接答复来电人
    已按政策口径向来电人解答
    已告知来电人相关政策和办理渠道
    已为来电人查询并告知相关信息
    已告知来电人承办部门的咨询电话
""")
CONSULT_ANSWERS = lines("""
    已向来电人解答相关政策及办理流程
    已告知来电人办理所需材料和地点
    已为来电人查询并告知相关信息
""")
CONSULT_CLOSINGS = lines("""
    来电人要求回复。
    望答复。
    请告知。
    谢谢。
""")
CALLBACK_NOTES = lines("""
    已电话联系来电人告知处理结果。
    已与来电人沟通。
    来电人表示知晓。
    已向来电人反馈。
""")

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜"
    "戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏宇浩凯婷雪琳晨阳志峰亮斌波宁欣颖"
    "淑珍凤兰秀英桂芝玉梅海燕立新卫东建华振华永刚国庆红梅晓东晓燕子涵思远雨桐一鸣佳怡浩然"
)
MOBILE_PREFIXES = words(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "170 176 177 178 180 181 182 183 185 186 187 188 189 198 199"
)

CHINESE_NUMBERS = "零一二三四五六七八九十"
MONTH_SPANS = ("一个多月", "两个月", "两个多月", "三个月", "小半年", "半年多", "四五个月", "大半年")
DAY_SPANS = ("两三天", "三天", "好几天", "一个星期", "十来天", "半个月", "四五天", "一周多")
YEAR_SPANS = ("一年多", "两年", "两年多", "三年", "好几年", "快两年", "三四年")
SINCE = ("去年冬天", "今年年初", "春节以后", "上个月", "开春以后", "年前", "入夏以后", "去年")
TIMES = ("三", "四", "五", "六", "七", "八", "十几", "好几")
