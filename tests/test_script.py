"""Script detection and conversion: only traditional text is converted."""

from pipeline.stages.script import detect_script, normalise_script, to_simplified

TRAD = "雲南省大理州賓川縣組建黨建聯盟，覆蓋鄉鎮村莊，帶動群眾增收。這個聯盟發揮了重要作用，讓鄉親們過上好日子。"
SIMP = "云南省大理州宾川县组建党建联盟，覆盖乡镇村庄，带动群众增收。这个联盟发挥了重要作用，让乡亲们过上好日子。"


def test_detects_traditional_and_simplified():
    assert detect_script(TRAD) == "traditional"
    assert detect_script(SIMP) == "simplified"


def test_detects_mixed():
    assert detect_script(TRAD + SIMP) == "mixed"


def test_traditional_is_converted():
    script, text = normalise_script(TRAD)
    assert script == "traditional"
    assert text == SIMP


def test_simplified_passes_through_untouched():
    text = "慈溪市匡堰镇乾炳村和倡隆村组建党建联盟，乾坤朗朗。"
    assert normalise_script(text) == ("simplified", text)


def test_zhe_zhuo_in_context():
    assert to_simplified("跟著小編一起看") == "跟着小编一起看"
    assert to_simplified("著名的黨建聯盟") == "著名的党建联盟"


def test_no_chinese_is_simplified():
    assert detect_script("hello 123") == "simplified"


def test_every_corrupted_name_is_restored_each_time_it_occurs():
    # traditional text naming two villages whose real names keep a traditional character
    text = "河北省大青塚村與尖塚鎮組建黨建聯盟。大青塚村去年收入增長，尖塚鎮也一樣。"
    out = to_simplified(text)
    assert out.count("大青塚村") == 2 and out.count("尖塚镇") == 2
    assert "组建党建联盟" in out
    # a text that writes the simplified character keeps it: only what the original wrote is restored
    assert to_simplified("尖冢鎮組建聯盟") == "尖冢镇组建联盟"
