"""The city-level organisations of Beijing that handle hotline cases: municipal departments and
public service companies, by the codes case files use (Chinese and English names).

Reference data, not demo data: the demo creates these organisations, and case-file analyses that
run without a database name the units with it.
"""

from __future__ import annotations

DEPARTMENTS = [
    (
        "BJ-ZJW",
        "北京市住房和城乡建设委员会",
        "Beijing Municipal Commission of Housing and Urban-Rural Development",
    ),
    ("BJ-CGW", "北京市城市管理委员会", "Beijing Municipal Commission of Urban Management"),
    ("BJ-SCJGJ", "北京市市场监督管理局", "Beijing Municipal Administration for Market Regulation"),
    (
        "BJ-RSJ",
        "北京市人力资源和社会保障局",
        "Beijing Municipal Human Resources and Social Security Bureau",
    ),
    ("BJ-JTW", "北京市交通委员会", "Beijing Municipal Commission of Transport"),
    ("BJ-JW", "北京市教育委员会", "Beijing Municipal Education Commission"),
    ("BJ-WJW", "北京市卫生健康委员会", "Beijing Municipal Health Commission"),
    ("BJ-MZJ", "北京市民政局", "Beijing Municipal Civil Affairs Bureau"),
    ("BJ-SWJ", "北京市水务局", "Beijing Water Authority"),
    ("BJ-GAJ", "北京市公安局", "Beijing Municipal Public Security Bureau"),
    (
        "BJ-GHZRZYW",
        "北京市规划和自然资源委员会",
        "Beijing Municipal Commission of Planning and Natural Resources",
    ),
    ("BJ-STHJJ", "北京市生态环境局", "Beijing Municipal Ecology and Environment Bureau"),
    ("BJ-SWJU", "北京市商务局", "Beijing Municipal Commerce Bureau"),
    ("BJ-TYJ", "北京市体育局", "Beijing Municipal Sport Bureau"),
]
COMPANIES = [
    ("BJ-WATER", "北京市自来水集团", "Beijing Waterworks Group"),
    ("BJ-POWER", "国网北京市电力公司", "State Grid Beijing Electric Power Company"),
    ("BJ-GAS", "北京市燃气集团", "Beijing Gas Group"),
    ("BJ-HEAT", "北京市热力集团", "Beijing District Heating Group"),
    ("BJ-DRAIN", "北京城市排水集团", "Beijing Drainage Group"),
]
