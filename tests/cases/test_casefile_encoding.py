import pytest

from minsheng.cases.casefile import read_cases


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("shift", range(4))
def test_a_chinese_character_across_the_sniffed_sample_does_not_hide_the_encoding(
    tmp_path, encoding, shift
):
    header = "number,received_at,content\n"
    rows = "".join(f"A{i},2021-03-05 08:30,{'暖气不热' * 7}{'x' * shift}\n" for i in range(1500))
    path = tmp_path / "cases.csv"
    path.write_text(header + rows, encoding=encoding)
    assert len(list(read_cases(path))) == 1500
