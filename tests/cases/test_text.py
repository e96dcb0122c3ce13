"""Chinese text: set phrases go, places are recognised and generalised, words are normalised."""

from minsheng.cases.places import Gazetteer, find_places
from minsheng.cases.text import TextAnalyser


def analyse(content, title=None):
    return TextAnalyser.shared().analyse(title, content)


def test_the_hotlines_set_phrases_are_removed():
    words = analyse("市民来电反映：暖气不热。请相关部门核实处理。").tokens
    assert "暖气不热" in words
    assert not {"市民", "来电", "反映", "相关部门", "核实", "处理"} & set(words)


def test_negations_stay_with_their_word_and_variants_become_one_word():
    words = analyse("会员卡不退，不动产权证办不下来，电瓶车没地方充电").tokens
    assert "不退" in words
    assert "预付卡" in words and "房产证" in words and "电动车" in words


def test_regions_named_in_the_text_are_recognised():
    result = analyse("我是朝阳区劲松街道的居民，楼下路灯不亮")
    assert [r.name for r in result.regions] == ["朝阳区", "劲松街道"]


def test_a_sub_district_name_shared_by_two_districts_needs_its_district():
    gazetteer = Gazetteer.default()
    assert gazetteer.subdistrict("八里庄街道") is None
    chaoyang = gazetteer.district("朝阳区")
    assert gazetteer.subdistrict("八里庄街道", chaoyang).code.startswith("110105")
    assert gazetteer.subdistrict("110108011").name == "中关村街道"


def test_named_places_are_recognised_by_their_endings_and_replaced_by_their_kind():
    mentions, text = find_places("其居住的瑞祥嘉园3号楼下水道返水，靠近京华东街")
    assert [(m.name, m.kind) for m in mentions] == [("瑞祥嘉园", "compound"), ("京华东街", "road")]
    assert text == "其居住的小区3号楼下水道返水，靠近道路"


def test_gyms_sites_companies_and_work_unit_compounds_are_places():
    for text, name, kind in [
        ("力美健身（劲松店）突然关门了", "力美健身（劲松店）", "gym"),
        ("青松项目工地拖欠工资", "青松项目工地", "site"),
        ("在北京远洋物流有限公司上班", "北京远洋物流有限公司", "company"),
        ("第六食品厂宿舍二期加装电梯", "第六食品厂宿舍二期", "compound"),
    ]:
        assert find_places(text)[0][0].name == name and find_places(text)[0][0].kind == kind


def test_generic_mentions_are_not_names():
    for text in ["我们小区没有充电桩", "孩子今年上小学", "去医院看病", "问问有哪些公园"]:
        assert all(m.name == "" for m in find_places(text)[0]), text
    for text in ["123路公交车班次少", "健身房跑路了", "找过社区、街道"]:
        assert find_places(text)[0] == [], text


def test_the_title_skeleton_drops_places():
    assert analyse("…", title="朝阳区劲松八区下水道反复堵塞").skeleton == "小区下水道反复堵塞"
