import datetime as dt

import pytest
from openpyxl import Workbook

from minsheng.cases.casefile import (
    BEIJING,
    CaseFileError,
    CaseRecord,
    CaseWriter,
    RowError,
    read_cases,
)

HEADER = "number,received_at,channel,kind,content,cooperating_units,reopened,satisfied,source\n"


def write(tmp_path, text, name="cases.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_it_reads_english_headers_and_normalises_values(tmp_path):
    path = write(
        tmp_path,
        HEADER + "A1,2021-03-05 08:30,电话,投诉,楼道灯坏了,住建委;城管委,是,基本满意,old\n",
    )
    [record] = list(read_cases(path))
    assert isinstance(record, CaseRecord)
    assert record.received_at == dt.datetime(2021, 3, 5, 8, 30, tzinfo=BEIJING)
    assert (record.channel, record.kind, record.satisfied) == (
        "phone",
        "complaint",
        "basically_satisfied",
    )
    assert record.cooperating_units == ["住建委", "城管委"]
    assert record.reopened is True
    assert record.extra == {"source": "old"}


def test_it_reads_chinese_headers_in_gb18030(tmp_path):
    text = "工单编号,受理时间,诉求内容,区\nB7,2021/3/5 8:30,暖气不热,朝阳区\n"
    path = write(tmp_path, text, encoding="gb18030")
    [record] = list(read_cases(path))
    assert (record.number, record.district, record.content) == ("B7", "朝阳区", "暖气不热")


def test_each_bad_row_is_reported_with_its_line_and_reason(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "A1,2021-03-05 08:30,phone,complaint,ok,,,,\n"
        + "A2,not a date,phone,complaint,ok,,,,\n"
        + "A3,2021-03-05 08:30,pigeon,complaint,ok,,,,\n"
        + ",2021-03-05 08:30,phone,complaint,ok,,,,\n"
        + "A5,2021-03-05 08:30,phone,complaint,ok,,maybe,,\n",
    )
    results = list(read_cases(path))
    errors = [r for r in results if isinstance(r, RowError)]
    assert [e.line for e in errors] == [3, 4, 5, 6]
    assert "not a date" in errors[0].reason
    assert "pigeon" in errors[1].reason
    assert "number" in errors[2].reason


def test_a_file_without_mandatory_columns_is_refused_as_a_whole(tmp_path):
    path = write(tmp_path, "number,title\nA1,x\n")
    with pytest.raises(CaseFileError, match="received_at"):
        list(read_cases(path))


def test_xlsx_round_trip_through_the_writer(tmp_path):
    record = CaseRecord(
        line=2,
        number="X1",
        received_at=dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=BEIJING),
        content="小区垃圾清运不及时",
        kind="complaint",
        resolved=False,
        cooperating_units=["A", "B"],
    )
    path = tmp_path / "out.xlsx"
    with CaseWriter(path, xlsx=True, chinese_headers=True) as writer:
        writer.write(record.as_row())
    [read] = list(read_cases(path))
    assert read.number == "X1"
    assert read.received_at == record.received_at
    assert (read.kind, read.resolved, read.cooperating_units) == ("complaint", False, ["A", "B"])


def test_xlsx_cells_holding_datetimes_are_beijing_time(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "诉求内容"])
    sheet.append(["Y1", dt.datetime(2021, 6, 1, 9, 0), "路灯不亮"])
    path = tmp_path / "in.xlsx"
    workbook.save(path)
    [record] = list(read_cases(path))
    assert record.received_at.utcoffset() == dt.timedelta(hours=8)


def test_blank_lines_are_not_rows(tmp_path):
    path = write(tmp_path, HEADER + "\n,,,,,,,,\nA1,2021-03-05,phone,help,ok,,,,\n")
    assert [r.number for r in read_cases(path)] == ["A1"]


def test_a_character_cut_at_the_end_of_the_encoding_sample_is_no_error(tmp_path):
    # The first 65,536 bytes are sniffed: put 3-byte characters across and near that boundary
    # (rows of 12,000 characters before, since no cell may hold more than 20,000).
    rows = [f"F{n},2021-03-05 08:30,电话,投诉,{'a' * 12_000},,,,\n" for n in range(4)]
    before = HEADER + "".join(rows)
    start = "A1,2021-03-05 08:30,电话,投诉,楼道灯坏了,,,,"
    filler = "a" * (65_536 - len(before.encode()) - len(start.encode()) - 5)
    path = write(tmp_path, f"{before}{start}{filler}楼道楼道\n")
    *_, record = list(read_cases(path))
    assert isinstance(record, CaseRecord) and record.extra["source"].endswith("楼道楼道")
