"""The 来源 line (来源：某某日报 作者：… 发布时间：…): its pattern and the publisher named in it.

Shared by the page cleaner (pipeline/stages/html_clean.py) and the plain-text metadata finder
(pipeline/stages/metadata.py), which read the same line in pages and in text files.
"""

from __future__ import annotations

import re

# simplified and traditional forms: 来源/來源, 出处/出處, 转自/轉自, 来自/來自
SOURCE_LINE = re.compile(r"(?:[来來]源|稿源|出[处處]|[转轉]自|[转轉][载載]自|[来來]自)[于於]?\s*[：:]\s*(.*)")
# where the publisher's name ends: the next field, a separator, a bracket, a date
_SOURCE_STOP = re.compile(r"\s|作者|[编編][辑輯]|[责責][编編]|[记記]者|[发發][布佈]|[时時][间間]|日期|字[号號]|[浏瀏][览覽]|"
                          r"[阅閱][读讀]|[点點][击擊]|[|｜丨【\[（(,，;；]|\d{4}[-/.年]")
# values of a 来源 line that name no publisher
_NO_SOURCE = {"网络", "互联网", "网友", "本站", "本网", "原创", "未知", "网络整理", "综合", "网上"}
# the hosting site naming itself (本站原创, 本网编辑): no publisher
_OWN_SITE = re.compile(r"^本(?:站|网|平台|号)")
# channel words after an account's name ("补壹刀微信公号"): the account is the source
ACCOUNT_SUFFIX = re.compile(r"(?:官方)?(?:微信公众号|微信公号|公众号|微信号|官方微博|微博|客户端|头条号|百家号)$")
# brackets around or after the name: （来源：四川日报）, 来源：《人民日报》
_BRACKETS = "《》「」『』“”\"()（）【】[]"


def clean_source(value: str) -> str | None:
    """The publisher in the value of a 来源 line; None when it names none (网络, 本站) or is no name."""
    v = value.strip(" ：:\u3000\xa0").lstrip(_BRACKETS)
    m = _SOURCE_STOP.search(v)
    if m:
        v = v[: m.start()]
    v = ACCOUNT_SUFFIX.sub("", v.strip("，,。；;：: " + _BRACKETS))
    if v in _NO_SOURCE or _OWN_SITE.match(v) or not 2 <= len(v) <= 30:
        return None
    return v
