"""Clean plain article text: markup remnants, web junk lines, spam spliced into sentences.

The cascade in ``clean_text`` runs top to bottom; each step says why it exists. Lines are
paragraphs: the output keeps one paragraph a line and drops empty ones.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from extractors.gated import GatedPattern
from extractors.vocab import SPAM_STRONG
from pipeline.stages.repair import remove_noise, repair

NAME, VERSION = "text_clean", "1.8.0"  # bump when what cleaning keeps or drops changes

# Remnants of HTML in text files: copied pages often carry empty tags and entity-escaped text.
_BLOCK_JUNK = re.compile(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[.*?\]\]>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_INVISIBLE = re.compile("[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a]+")

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_PUNCT = re.compile(r"[。！？；，,.!?;：:“”\"]")

# Page titles glued together with underscores ("站名_栏目_频道"): never part of a Chinese sentence.
_UNDERSCORE_TITLE = re.compile(r"^[^\s_，。,、！？；“”]{2,}(?:_[^\s_，。,、！？；“”]{2,}){2,}$")

# Words that make a short line navigation, a tool bar or a share prompt when they fill it.
_TOOL_WORDS = {
    "手机版", "电脑版", "返回首页", "首页", "设为首页", "加入收藏", "返回", "上一版", "下一版", "上一篇", "下一篇", "标题导航",
    "打印", "纠错", "放大", "缩小", "默认", "加大字体", "缩小字体", "收藏", "取消收藏", "关闭", "关闭窗口",
    "分享", "分享到", "字体", "字号", "大", "中", "小", "微信", "微博", "扫一扫", "微信扫一扫", "×",
    "评论", "点赞", "转发", "举报", "登录", "注册", "更多", "查看更多", "复制链接", "朗读", "听新闻",
    "【打印】", "【关闭】", "[打印]", "[关闭]", "打印本页", "关闭本页", "保存", "下载", "二维码",
    "微信公众号", "公众号", "官方微博", "官方微信", "快速通道",
}
_TOOL_SPLIT = re.compile(r"[\s|/·•丨｜:：\[\]【】()（）>»›]+")
# Breadcrumbs: 首页 > 新闻中心 > 基层党建.
_BREADCRUMB = re.compile(
    r"^[^。，！？]{0,20}(?:\s*[>»›]\s*[^。，！？>»›]{1,16}){2,}$"
    # one step is enough when it starts at the home page or ends at the article (某某网首页 > 正文)
    r"|^[^。，！？]{0,24}(?:首页|主页)\s*[>»›]+\s*[^。，！？]{0,40}$|^[^。，！？]{0,60}[>»›]+\s*正文\s*$"
    # one section between two arrows (> 栏目 >): the trail with its ends cut
    r"|^\s*[>»›]\s*[^。，！？>»›]{1,16}\s*[>»›]\s*$"
)

# Whole-line junk by its wording: navigation, prompts, copyright, contacts, players.
_JUNK_LINE = GatedPattern(re.compile(
    r"上一版|下一版|标题导航|当前位置|您的位置|您现在的位置|欢迎使用手机浏览|手机浏览|"
    r"微信扫一扫|扫一扫|扫码|长按识别|识别二维码|点击蓝字|关注我们|阅读原文|点击阅读|分享到|一键分享|"
    # Share prompts: 分享让更多人看到 / 分享给更多朋友 / 转发给好友.
    r"^(?:分享|转发)(?:让|给)(?:更多|身边|朋友|好友)|"
    r"授权转载|本网站?所刊|免责声明|ICP证|举报电话|举报邮箱|投稿信箱|联系电话|联系方式|新闻热线|广告合作|"
    r"热门跟贴|热门评论|网友评论|发表评论|我要评论|"
    r"收听本文|\d{2}:\d{2}\s*/\s*\d{2}:\d{2}|责任编辑|责编|编辑[:：]|校对[:：]|审核[:：]|"
    r"关注.{0,20}(?:微信|公众号|频道|客户端)|(?:下载|打开).{0,8}客户端|"
    # Previous / next article links: 上一篇：<another headline>.
    r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]|"
    # keyword tags and contact handles: 关键词：联村党委 茶产业 / 微信号：xx  QQ群：123
    r"^(?:关键词|关键字|标签|微信号|QQ群)\s*[:：]|"
    # an e-paper's page label and page navigation: 第A01版：要闻 / A03版：专题 / 版面导航
    r"^(?:第\s*)?[A-Z]?\d{1,3}\s*版\s*[:：]|版面导航|版面目录|"
    # a site-search box: 新闻搜索： / 站内搜索
    r"^[^。，]{0,8}搜索\s*[:：]?\s*$|"
    # back links, fold buttons, greetings, accessibility and elder-mode bars, app prompts,
    # reading-time notes, citation tools
    r"^(?:返回列表|返回顶部|返回目录)$|返回.{0,8}首页|^【?(?:收起|展开)】?\s*【?(?:收起|展开)?】?$|"
    r"^欢迎(?:访问|光临|来到).{0,24}(?:网|站|平台)|^(?:网站)?无障碍(?:浏览|阅读|模式|通道)?$|"
    r"长者模式|适老化(?:模式|版)|关怀版|老年模式|长辈版|^APP下载$|下载APP|"
    r"读完(?:约|大约)?需?\d+分钟|本篇文章\d+字|全文约?\d+字|复制引用|引用本文|"
    # a file's name standing as a line: 图3-某村新貌.jpg / 某某调研报告.pdf
    r"^[^。，！？]{1,80}\.(?:jpe?g|png|gif|bmp|webp|pdf|docx?|xlsx?|pptx?|wps|zip|rar|mp4)(?:VIP)?\s*$",
    re.I,
))

# Junk wording so specific that a line of any length holding it is a notice, not a paragraph.
_NOTICE_LINE = GatedPattern(re.compile(
    r"版权所有|未经(?:本网|本站)?(?:书面)?(?:许可|授权)|不得转载|转载请注明|Copyright|©|ICP备|网安备|"
    r"违法和不良信息|投稿邮箱|不代表本(?:站|网|平台|号)(?:的)?(?:立场|观点)|如有侵权|侵权请?联系|侵删|"
    r"本站所有文章|"
    # A masthead: registration number (国内统一刊号 CN45-0003), publisher credit, hotlines.
    r"统一刊号|CN\s?\d{2}\s?[-－]\s?\d{4}|主管主办|主办主管|(?:日报|时报|晚报|报)社出版|"
    r"(?:爆料|新闻|广告|投稿|服务|值班|读者)(?:热线|电话)\s*[:：]?\s*\d|"
    # A line labelled as an advertisement: 【广告】… / [推广] …
    r"^[【\[（(]\s*(?:广告|推广|赞助)\s*[】\]）)]",
    re.I,
))

_SPAM_WEAK = GatedPattern(re.compile(
    r"av|久久|成人|激情|不卡|看片|精品国产|彩票|棋牌|投注|体育平台|配资|涨停|加微信|必中",
    re.I,
))

# Credit lines at an article's foot: 策划:某某 / 统筹:某某 / 通讯员:某某.
_CREDIT_LINE = re.compile(
    r"^(?:(?:策划|统筹|编辑|责编|校对|审核|审校|监制|出品|撰稿|文字|图片|摄影|视频|设计|制作|排版|"
    r"初审|复审|终审|作者|记者|通讯员|来源|发布时间|发布日期|时间|编审|主编|主办|承办|协办|主管|主办单位|承办单位|"
    r"协办单位|技术支持|网站标识码|网站识别码|备案号)\s*[:：]\s*\S{1,30}\s*)+$"
)
# Photo credits standing as a line: （记者 某某 摄）, 某某 供图, 图片来源于网络, 题图：某某. A credit
# glued to its caption (某村新貌。某某 摄) stays: the caption is body text and so is its credit.
_NAMES = r"[\u4e00-\u9fff·]{2,5}(?:[\s、，,/]+(?:(?:记者|通讯员|摄影记者)\s*)?[\u4e00-\u9fff·]{2,5}){0,4}"
_PHOTO_CREDIT = re.compile(
    # names then 摄: with a label before them or a space before 摄 (请勿拍摄 is no credit) ...
    r"^[（(【\[]?\s*(?:(?:新华社|中新社|本报|本刊|本台|本网)?(?:特约|首席)?(?:摄影记者|记者|通讯员|摄影)\s*"
    rf"{_NAMES}\s*|{_NAMES}\s+)(?:/\s*)?摄(?:影)?(?:\s*/\s*[\u4e00-\u9fff]{{1,8}})?\s*[)）】\]]?$"
    # ... or wholly in brackets: （某某摄）
    rf"|^[（(【\[]\s*{_NAMES}\s*摄(?:影)?\s*[)）】\]]$"
    # who gave the picture: 受访者供图, （某某县融媒体中心供图）, 图片由某某提供, 图片来源：网络
    r"|^[（(【\[]?[^。！？，,；;]{1,24}供图\s*[)）】\]]?$"
    r"|^[（(【\[]?\s*(?:图片来源|图片来自|图片出处|图源|图片提供|图片由)[^。！？；;，,]{0,30}[)）】\]]?$"
    # a picture's own label: 题图：某某 / 配图：网络 / （资料图片） / 图/文 某某
    r"|^(?:题图|封面图|头图|配图)\s*[:：/]\s*[^。！？]{1,30}$|^[（(【\[]?\s*(?:资料图片?|网络图片|配图)\s*[)）】\]]?$"
    r"|^图\s*/\s*文\s*[:：]?\s*" + _NAMES + r"$"
)
# The same credits after a caption's sentence end: （图片来源：某某）, 图源某某, 某某供图. Cut, and
# the caption kept.
_PHOTO_TAIL = re.compile(
    r"(?<=[。！？!?”])\s*(?:[（(【\[]\s*)?(?:(?:图片来源|图片来自|图源|图片由)[^。！？；;，,（()）]{0,30}"
    r"|[^。！？，,；;（()）\s]{2,20}供图)\s*[)）】\]]?\s*$"
)

# Journal front matter on pages saved from a paper: 关键词 / 作者简介 / 基金项目 / 中图分类号 /
# 文献标识码 / 文章编号 / DOI / 收稿日期 lines (labelled with a colon, a bracket or a space), their
# English labels, and an author's affiliation with its postcode. A sentence that names a
# 关键词 as a word (关键词是…) is no label.
_FRONT_LABELS = (
    r"关\s*键\s*词|关\s*键\s*字|作者简介|作者单位|通讯作者|基金项目|项目基金|资助项目|中图分类号|中图法分类号|"
    r"文献标识码|文献标志码|文章编号|文章编码|收稿日期|修回日期|录用日期|网络出版|引用格式|引用本文"
)
_ABSTRACT_LABELS = r"摘\s*要|内容提要|内容摘要"
_EN_LABELS = r"Key\s*words?|KEY\s*WORDS|Keywords|CLC\s*(?:number|No\.?)|Document\s*code|Article\s*ID|Fund(?:ation)?\s*project"


def _labelled(labels: str) -> str:
    """A line opening with one of the labels: bracketed (【摘 要】), before a colon, or before a space."""
    return rf"^\s*(?:[【\[〔(（]\s*(?:{labels})\s*[】\]〕)）]|(?:{labels})\s*[:：]|(?:{labels})(?=\s+\S))"


_FRONT_MATTER = re.compile(
    _labelled(_FRONT_LABELS) + rf"|^\s*(?:DOI|doi)\s*[:：]?\s*10\.\d{{4,}}|^\s*(?:{_EN_LABELS})\s*[:：\]】]|^\s*[【\[](?:{_EN_LABELS})[】\]]"
    # （某某大学 马克思主义学院，山东 济南 250100）: an affiliation with its postcode
    r"|^[（(][^。！？()（）]{2,60}(?:大学|学院|研究院|研究所|研究中心|党校|科学院)[^。！？()（）]{0,40}\d{6}\s*[)）]$"
    # （某州农业农村局，贵州兴义 562400）, (1.某大学 某学院,上海 200240;2.…: any unit with a postcode
    r"|^[（(](?:\d\.)?[^。！？]{2,60}?[\s,，]\s*\d{6}(?:\s*[;；)）].{0,60})?\s*$"
)
# what a front-matter line can open with (a cheap gate before the pattern)
_FRONT_FIRST = frozenset("关作通基项资中文收修录网引DdKCAF【[〔(（")
# An abstract (摘要：…, 【摘 要】…, Abstract: …): dropped when the page holds a body besides it; a
# page that is only its abstract (a catalogue's landing page) keeps it, less its label. A
# sentence that names 摘要 as a word (会议摘要如下, 摘要显示) is no label.
_ABSTRACT = re.compile(_labelled(_ABSTRACT_LABELS) + r"|^\s*(?:Abstract|ABSTRACT)\s*[:：]|^\s*[【\[](?:Abstract|ABSTRACT)[】\]]")
# A label standing alone on its line: the next paragraph is what it labels.
_FRONT_BARE = re.compile(
    rf"^\s*[【\[〔(（]?\s*(?:{_FRONT_LABELS}|{_ABSTRACT_LABELS}|{_EN_LABELS}|Abstract|ABSTRACT)\s*[】\]〕)）]?\s*[:：]?\s*$"
)
_BARE_ABSTRACT = re.compile(rf"^\s*[【\[〔(（]?\s*(?:{_ABSTRACT_LABELS}|Abstract|ABSTRACT)\s*[】\]〕)）]?\s*[:：]?\s*$")
_BARE_KEYWORDS = re.compile(r"^\s*[【\[〔(（]?\s*(?:关\s*键\s*[词字]|Key\s*words?|KEY\s*WORDS|Keywords)")

# Dateline and source lines: metadata (read before cleaning), not body text.
_META_LINE = re.compile(r"^(?:来源|稿源|发布时间|发布日期|发表时间|时间|日期|作者|浏览次数|阅读量|点击数|类别|栏目|分类|频道)\s*[:：]")
_DATE_ONLY = re.compile(
    r"^\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:星期.|周.)?$"
)


# Menus: short items separated by | 丨 / · or spaces (站名 首页 | 要闻 | 县区 | 视频).
_MENU_PIPE = re.compile(r"\s*[|｜丨]\s*")
_MENU_SPLIT = re.compile(r"\s*[|｜丨/·•]\s*|\s+")
_MENU_PUNCT = re.compile(r"[。，,！？!?；;：:“”\"、（）()《》]")
# Section names that web menus are made of.
_NAV_WORDS = {
    "首页", "新闻", "要闻", "本地", "本地新闻", "国内", "国际", "时政", "社会", "财经", "经济", "体育", "娱乐",
    "科技", "教育", "文化", "旅游", "健康", "房产", "汽车", "军事", "评论", "视频", "图片", "图库", "直播", "专题",
    "专栏", "理论", "党建", "民生", "政务", "县区", "区县", "乡镇", "部门", "数字报", "电子报", "读报", "网站地图",
    "联系我们", "关于我们", "English", "高级搜索", "搜索", "登录", "注册", "客户端", "APP", "公告", "通知公告",
    "政策", "政策文件", "政务公开", "信息公开", "政府信息公开", "互动", "互动交流", "办事服务", "走进", "概况",
    "领导信息", "机构设置", "工作动态", "新闻中心", "媒体聚焦", "图片新闻", "视频新闻", "网上办事", "政民互动",
}
# A site's name standing as a line, alone or with its section (XX县人民政府门户网站,
# XX市人民政府 -- 工作动态): the page header, not the headline.
_SITE_NAME = (
    r"[\u4e00-\u9fffA-Za-z0-9]{2,24}?(?:门户网站|官方网站|政府网站|政府网|政务网|人民政府|新闻网|网站|官网|"
    r"融媒体中心|融媒网|客户端)"
)
_SITE_HEADER = re.compile(
    rf"^{_SITE_NAME}(?:\s*(?:-{{1,2}}|—{{1,2}}|_|\||｜|丨|>{{1,2}}|»|·)\s*[\u4e00-\u9fffA-Za-z0-9]{{2,12}}){{0,3}}$"
)
# Related-story lists: a header, then headlines; or bullet-led headlines at the foot.
_RELATED_HEADER = re.compile(
    r"^[【\[（(]?\s*(?:相关阅读|相关新闻|相关报道|相关链接|相关文章|相关稿件|相关推荐|延伸阅读|推荐阅读|猜你喜欢|"
    r"热点推荐|热门推荐|热门文章|热文推荐|精彩推荐|更多精彩|更多阅读|往期回顾|往期推荐|往期精彩|热点新闻|热门新闻|"
    r"最新新闻|最新文章|图片新闻|为你推荐|今日推荐|编辑推荐|精彩推送)\s*[】\]）)]?\s*[:：>»]?"
)
_BULLET = re.compile(r"^\s*[·•●○◆◇■□▪▫►▸▶》>»\-–—*]\s*|^\s*(?:\d{1,2}|[①-⑳])[.、．)）]\s*(?=\D)")
_BODY_END = re.compile(r"[。！？!?…；;]\s*[”’」』）)]?\s*$")
# Bylines: 记者 某某 通讯员 某某 (the names, not a sentence).
_BYLINE = re.compile(
    r"^[（(【\[]?\s*(?:(?:本报|本台|本网)?(?:特约)?(?:记者|通讯员|实习生|实习记者|作者|撰文|文/图|文图|文|图|摄影|摄|"
    r"供图|制图)\s*[:：/|丨]?\s*(?:[\u4e00-\u9fff·]{2,4}(?:\s+|、|，|,|\s*$|(?=[)）】\]]))){1,5}\s*)+[)）】\]]?$"
)
# Dates, times and 来源/作者 fields: what a dateline is made of.
_META_FIELD = re.compile(
    r"(?:本文|信息|文章|新闻)?(?:来源|稿源|出处|作者|记者|通讯员|编辑|责编|发布时间|发布日期|发表时间|更新时间|时间|日期|"
    r"浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|点击|字号|字体|类别|栏目|分类|频道)\s*[:：]\s*[^\s:：【】\[\]|丨]{0,24}"
)
_DATE_TIME = re.compile(
    r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(?::\d{2})?|星期.|周[一二三四五六日天]"
)


# 发表于云南 / 发布于 / IP属地：浙江 -- a social post's dateline; a WeChat post's header may end in
# the bare province after the time (账号名 2024年3月28日 17:30 江苏).
_PROVINCES = (
    "北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|"
    "海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门"
)
_POSTED_AT = re.compile(
    rf"(?:发表于|发布于|IP属地[:：]?)\s*[\u4e00-\u9fff]{{0,4}}|原创|(?<=\d:\d\d)\s*(?:{_PROVINCES})\s*$"
)
# A publication named on a dateline (内蒙古日报 2023-12-06, 2024-04-22 04:10 大公报). A bare 报 / 网
# only beside a clock time: "2024年3月5日 村民学习党报" is a caption.
_PUBLICATION_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{2,10}(?:日报|晚报|早报|商报|时报|都市报|新闻网|杂志|周刊|电视台|广播电视台|融媒体中心)"
)
_PUBLICATION_WEAK = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,6}(?:报|网)")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
# A news lead standing alone: 【某某报讯】记者 某某 某地报道：  /  本报讯（记者 某某）.
_AGENCY_BYLINE = re.compile(
    r"^[【\[（(]?\s*(?:本报|本台|本网|[\u4e00-\u9fff]{2,8}(?:报|网|社|台))讯\s*[】\]）)]?\s*"
    r"[（(]?(?:(?:特约|实习)?(?:记者|通讯员|实习生)\s*(?:[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+|(?=[)）]|$)))+)*[)）]?\s*"
    r"(?:[\u4e00-\u9fff]{2,6}报道)?\s*[:：]?$"
)


_RELATED_WORD = re.compile(r"相关阅读|相关新闻|延伸阅读|推荐阅读|猜你喜欢|精彩推送|热门推荐|为你推荐")
# a line that is only an address (地址：http://…, www.…) and markup a page left in its text
_URL_LINE = re.compile(r"^[\u4e00-\u9fff]{0,6}\s*[:：]?\s*(?:https?://|www\.)\S+\s*$")
_MARKUP_REMNANT = re.compile(r"-->|<!--|/?enpproperty|\bcontent_\d+\.html?\b")
# A menu entry on its own line: a bullet and a word or two (• 我的订阅, · 健康).
_BULLETS = frozenset("·•●○◆◇■□▪▫►▸▶")
_BULLET_ITEM = re.compile(r"^[·•●○◆◇■□▪▫►▸▶]\s*[^\s。，！？,.!?：:]{1,6}$")
# A bar of publication names: 某某新闻网 某某日报 某某晚报 (a site's family of papers).
_PUBLICATION_ITEM = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{2,10}(?:日报|晚报|早报|商报|时报|报|新闻网|网|电视台|广播电视台|客户端|杂志|周刊)"
)


def is_menu(line: str) -> bool:
    """A line of short menu items: 站名 首页 | 要闻 | 县区 | 视频, or 首页 · 新闻 · 图片 · 视频."""
    if len(line) > 80 or _MENU_PUNCT.search(line):
        return False
    items = [t for t in _MENU_SPLIT.split(line) if t]
    if len(items) >= 3 and all(len(t) <= 14 and _PUBLICATION_ITEM.fullmatch(t) for t in items):
        return True  # 某某新闻网 某某日报 某某晚报
    if len(items) < 3 or any(len(t) > 10 for t in items):
        return False
    if items[0] in ("首页", "网站首页", "主页") and len(items) >= 4:
        return True  # 首页 信息公开 党务公开 机关建设 …: a site's menu bar opens at its home page
    nav = sum(1 for t in items if t in _NAV_WORDS or t in _TOOL_WORDS)
    pipes = len(_MENU_PIPE.findall(line))
    # Pipes make a menu of any short items; other separators need section names among them.
    return pipes >= 2 and nav >= 1 or pipes >= 3 or nav >= 2 and nav * 2 >= len(items)


def is_site_header(line: str) -> bool:
    return bool(_SITE_HEADER.match(line))


def is_byline(line: str) -> bool:
    return len(line) <= 40 and bool(_BYLINE.match(line) or _AGENCY_BYLINE.match(line))


def dateline_publication(line: str) -> str | None:
    """The publication a dateline names beside its date and time (内蒙古日报 2023-12-06), else None."""
    if len(line) > 40 or not _DATE_TIME.search(line):
        return None
    rest = re.sub(r"[\s（）()【】\[\]|丨｜:：,，、]", "", _DATE_TIME.sub(" ", line))
    if _PUBLICATION_NAME.fullmatch(rest) or _CLOCK.search(line) and _PUBLICATION_WEAK.fullmatch(rest):
        return rest
    return None


def is_dateline(line: str) -> bool:
    """Date, time and 来源/作者 fields with (almost) nothing else: a dateline, not a sentence.
    A social post's dateline (账号名 2023-11-14 18:30 发表于云南) may keep the account's name."""
    if len(line) > 120 or "。" in line:
        return False
    fields = _META_FIELD.sub(" ", line)
    rest = _POSTED_AT.sub(" ", fields)
    posted = rest != fields
    dated = _DATE_TIME.search(rest) is not None
    if rest == line and not dated:
        return False
    rest = _DATE_TIME.sub(" ", rest)
    rest = "".join(t for t in _TOOL_SPLIT.split(rest) if t and t not in _TOOL_WORDS)
    rest = re.sub(r"[\s（）()【】\[\]|丨:：,，、]", "", rest)
    if posted and dated:
        return len(rest) <= 16
    if dated and dateline_publication(line):
        return True
    return len(rest) <= (4 if fields != line else 2)


def _headline_like(line: str) -> bool:
    return len(line) <= 48 and not _BODY_END.search(line) and "。" not in line


def _bare_header(line: str) -> bool:
    """The line is a related-stories header and nothing else (往期推荐, 【相关阅读】)."""
    m = _RELATED_HEADER.match(line)
    return m is not None and not line[m.end():].strip()


def related_lines(lines: list[str]) -> set[int]:
    """Indexes of related-story lines: headlines after a 相关阅读 / 推荐阅读 header, and runs of
    bullet-led headlines (· 某地：某事) after the last body paragraph."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        m = _RELATED_HEADER.match(lines[i])
        if m and len(lines[i]) <= 60 and not _BODY_END.search(lines[i]):
            j = i + 1
            while j < len(lines) and lines[j] and _headline_like(lines[j]) and not _RELATED_HEADER.match(lines[j]):
                out.add(j)
                j += 1
            if j > i + 1 and _bare_header(lines[i]):
                out.add(i)  # the header standing alone over its headlines (往期推荐)
            i = j
            continue
        i += 1
    # Bullet headlines at the foot: after the last paragraph that ends a sentence.
    last_body = max((k for k, x in enumerate(lines) if len(x) > 48 and _BODY_END.search(x)), default=-1)
    tail = [k for k in range(last_body + 1, len(lines)) if lines[k]]
    bullets = [k for k in tail if _BULLET.match(lines[k]) and _headline_like(lines[k]) and len(_BULLET.sub("", lines[k])) >= 4]
    headers = [k for k in tail if _RELATED_HEADER.match(lines[k])]
    if len(bullets) >= 2 or bullets and headers:
        out.update(bullets)
        # a header standing alone over the headlines (往期推荐 over ▶ …)
        out.update(k for k in headers if k < max(bullets) and _bare_header(lines[k]))
    return out


def strip_markup(text: str) -> str:
    """Remove tags, script/style blocks, comments and entities left in a text file."""
    if "<" not in text and "&" not in text:
        return text
    text = _DB_MARK.sub("", text)
    text = _BLOCK_JUNK.sub("", text)
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>", "\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


_DB_MARK = re.compile(r"^<正>\s*", re.M)  # a journal database's "body begins" mark (<正>2018年，…)


def normalise_whitespace(text: str) -> list[str]:
    """One stripped line a paragraph; invisible characters and odd spaces folded."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def is_spam(line: str) -> bool:
    strong = len(SPAM_STRONG.findall(line))
    weak = len(_SPAM_WEAK.findall(line))
    if not strong and weak < 3:
        return False  # 久久为功促振兴, 成人教育培训: ordinary words, not spam
    # A real sentence may name one such word (博彩 in a crackdown report); spam stacks them.
    return strong + weak >= 2 or len(line) < 40 and not _SENTENCE_PUNCT.search(line[:-1])


def is_toolbar(line: str) -> bool:
    """A short line made mostly of navigation and tool-bar words (打印 纠错 放大 缩小 …)."""
    if len(line) > 60:
        return False
    tokens = [t for t in _TOOL_SPLIT.split(line) if t]
    if not tokens:
        return False
    tool = sum(1 for t in tokens if t in _TOOL_WORDS)
    return tool >= 1 and tool * 2 >= len(tokens) or tool >= 2 and not re.search("[。，！？]", line)


# a journal's issue line: 某某研究 2022年2期, 某某学报 2021年第3期
_ISSUE_LINE = re.compile(r"^[\u4e00-\u9fff《》]{2,16}\s*(?:19|20)\d{2}\s*年\s*(?:第\s*)?\d{1,2}\s*期$")
# common surnames: a line of two to six short names that each open with one is a list of authors
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲"
    "翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝阴"
)
_NAME_PART = re.compile(r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,2}")
_NAME_SEPS = re.compile(r"\s*[,，、+/／;；]\s*|\s{1,3}(?=[\u4e00-\u9fff]{2})")


def is_author_line(line: str) -> bool:
    """薛某某,马某某 / 阴某某 隋某某 / 韩某某+李某: two to six names of two or three characters (an
    inner space allowed: 杨 洪), each opening with a common surname."""
    parts = [x for x in _NAME_SEPS.split(line.strip().strip("□■*").strip()) if x]
    return 2 <= len(parts) <= 6 and all(_NAME_PART.fullmatch(x) and x[0] in _SURNAMES for x in parts)


def is_junk_line(line: str) -> bool:
    """Menus, tool bars, bylines, notices, spam, related-article lists: a line that is not body text."""
    # Short lines are cached: a site's chrome (menus, notices, footers) repeats in every article
    # from it, and the metadata finder asks about the head lines the cleaner judges again. Long
    # lines are body text, which does not repeat; caching them would hold whole paragraphs.
    return _junk_line_cached(line) if len(line) <= _CACHED_LINE else _junk_line(line)


def _junk_line(line: str) -> bool:
    if not line:
        return True
    if line[0] in _FRONT_FIRST and _FRONT_MATTER.match(line):
        return True  # of any length and script: the English labels' lines have no Han
    if not _CJK.search(line):
        # Lines without a Chinese character: bullets, stray ids, "dlrb", "1 1 1", file names.
        return len(line) < 40 or not re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}", line)
    crumb = ">" in line or "»" in line or "›" in line
    if _UNDERSCORE_TITLE.match(line) or crumb and _BREADCRUMB.match(line) or is_spam(line) or is_toolbar(line):
        return True
    if len(line) < 300 and (_URL_LINE.match(line) or _MARKUP_REMNANT.search(line)):
        return True  # 地址：http://…, an e-paper's field dump ending in /enpproperty-->
    if line[0] in _BULLETS and _BULLET_ITEM.match(line):
        return True
    if len(line) <= 40 and (_ISSUE_LINE.match(line) or is_author_line(line)):
        return True  # 某某研究参考 2022年2期; 薛某某,马某某: a journal's issue and author lines
    if _CREDIT_LINE.match(line) or _DATE_ONLY.match(line):
        return True
    if len(line) <= 60 and ("摄" in line or "图" in line) and _PHOTO_CREDIT.match(line):
        return True
    if is_menu(line) or is_site_header(line) or is_byline(line) or is_dateline(line):
        return True
    if len(line) < 100 and _META_LINE.match(line) and "。" not in line:
        return True
    if len(line) < 400 and _NOTICE_LINE.search(line):
        return True
    if len(line) < 120 and _RELATED_WORD.search(line):
        # 相关新闻 + headlines is junk; 延伸阅读：<a paragraph of background> is body text.
        return not (_BODY_END.search(line) and re.search("[，,]", line) and len(line) > 40)
    # Wording-based junk only on short lines: a long body paragraph may quote such a word.
    return len(line) < 120 and bool(_JUNK_LINE.search(line))


_CACHED_LINE = 200  # characters; 16k cached lines then hold at most about 13 MB
_junk_line_cached = lru_cache(maxsize=16_384)(_junk_line)


def remove_spliced(lines: list[str], junk: list[str]) -> list[str]:
    """Delete copies of junk strings (site titles, spam) that a scraper pasted into sentences."""
    needles = sorted(
        {j for j in junk if 6 <= len(j) <= 60 and not re.search("[。，！？]", j) and (_UNDERSCORE_TITLE.match(j) or is_spam(j))},
        key=len,
        reverse=True,
    )
    if not needles:
        return lines
    out = []
    for line in lines:
        for needle in needles:
            if needle in line:
                line = line.replace(needle, "")
        out.append(line)
    return out


_INLINE_UNDERSCORE_TITLE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}(?:_[\u4e00-\u9fffA-Za-z0-9]{2,12}){2,}")


def clean_text(text: str) -> str:
    """The cleaning cascade for plain text (and for the body an HTML page yields)."""
    # Character-level repairs first (controls, pinyin readings, broken entities, noise): what
    # follows judges lines as the article wrote them.
    text = repair(strip_markup(text))
    lines = [line for line in normalise_whitespace(text) if line]
    # Anti-scraping noise (k! s* U8 c& r( Y- B) between sentences: only lines with spaces hold it.
    if any(line.count(" ") >= 4 for line in lines):
        lines = [x for x in (remove_noise(line) if line.count(" ") >= 4 else line for line in lines) if x]
    # Lines a scraper broke: a PDF's hard-wrapped column, a line that starts with a comma.
    lines = unwrap_lines(lines)
    # A site's watermark pasted after paragraphs (…新画卷。X9Z某某网): cut it from every line.
    lines = remove_watermarks(lines)
    # A photo credit after a caption's sentence end (…新貌。图源：某某 / 某某供图): cut, caption kept.
    lines = [_PHOTO_TAIL.sub("", x) if ("图" in x and ("供图" in x or "图源" in x or "图片" in x)) else x for x in lines]
    verdicts: dict[str, bool] = {}  # long lines are not in is_junk_line's cache: judge each once

    def junk(line: str) -> bool:
        v = verdicts.get(line)
        if v is None:
            v = verdicts[line] = is_junk_line(line)
        return v

    # Spam spliced inside sentences: remove what also stands alone as a junk line, before
    # judging lines, so that a body sentence carrying a spliced copy is not dropped whole.
    kept = remove_spliced(lines, [line for line in lines if junk(line)])
    # Spam pasted into a body paragraph with no standalone copy (…2600万元。【某某线上娱乐】):
    # remove the spam segments and keep the paragraph.
    kept = [_without_spam_segments(line) if junk(line) else line for line in kept]
    # Underscore-joined titles inside a sentence with no standalone copy: remove the spam ones.
    kept = [_INLINE_UNDERSCORE_TITLE.sub(_drop_if_spam, line) if "_" in line else line for line in kept]
    related = context_junk(kept, junk)
    if "摘" in text or "提要" in text or "bstract" in text or "BSTRACT" in text:
        abstract = abstract_lines(kept) - related
        if abstract:
            if _body_besides([x if i not in related and not junk(x) else "" for i, x in enumerate(kept)], abstract):
                related |= abstract
            else:  # the page is its abstract: keep the Chinese text, less its label
                kept = [_ABSTRACT.sub("", x).strip() if i in abstract and _chinese(x) else x for i, x in enumerate(kept)]
                related |= {i for i in abstract if not _chinese(kept[i])}
    out = [line for i, line in enumerate(kept) if line and i not in related and not junk(line)]
    # A page of spam sentences, each naming a spam word once (so no line alone reads as spam),
    # is all junk, not an article.
    if out and all(SPAM_STRONG.search(line) for line in out):
        return ""
    return "\n".join(out)


# ---------------------------------------------------------------- broken lines

_TERMINAL_CHARS = frozenset("。！？!?；;：:…”」』）)")
_DIGIT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff“”（）、，。]) +(?=[\d.]+)|(?<=\d) +(?=[\u4e00-\u9fff%“”（）、，。])")
_LEADING_CHARS = frozenset("，,、。；;：:！？!?）)」』”")


def _width(line: str) -> int:
    """Display width, about: a character that takes three UTF-8 bytes (Chinese, full-width
    marks) counts two, ASCII one."""
    n = len(line)
    return n + (len(line.encode("utf-8", "surrogatepass")) - n) // 2


def unwrap_lines(lines: list[str]) -> list[str]:
    """Join what a scraper broke: a line opening with a comma or closing mark continues the line
    before it; a PDF's column (most lines of one width, most not ending a sentence) is joined
    back into paragraphs, a line shorter than the column ending its paragraph."""
    if len(lines) > 1 and any(x[0] in _LEADING_CHARS for x in lines[1:]):
        out: list[str] = []
        for line in lines:
            if out and line[0] in _LEADING_CHARS:
                out[-1] += line
            else:
                out.append(line)
        lines = out
    if len(lines) < 8:
        return lines
    open_ended = sum(1 for x in lines if x[-1] not in _TERMINAL_CHARS)
    if open_ended < 0.6 * len(lines):
        return lines
    widths = [_width(x) for x in lines]
    ordered = sorted(widths)
    median = ordered[len(ordered) // 2]
    if not 16 <= median <= 90:
        return lines
    near = sum(1 for w in widths if 0.85 * median <= w <= 1.2 * median)
    if near < 0.6 * len(lines):
        return lines
    out = []
    joining = False
    for line, w in zip(lines, widths):
        if joining:
            sep = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and line[:1].isascii() and line[:1].isalnum() else ""
            out[-1] += sep + line
        else:
            out.append(line)
        joining = w >= 0.8 * median and line[-1] not in _TERMINAL_CHARS
    # a PDF's text layer spaces digits off the characters around them (选派 22 名)
    return [_DIGIT_SPACE.sub("", x) for x in out]


# ---------------------------------------------------------------- watermarks

_SENTENCE_STOP = re.compile(r"[。！？!?；;”」』）)…]$")
_STOP_CHARS = frozenset("。！？!?；;”」』）)…")


def find_watermarks(lines: list[str]) -> list[str]:
    """Strings a site pastes after paragraphs (…新画卷。X9Z某某网 / 图为村道X9Z某某网): a
    string of 4 to 16 characters that stands alone as a line or follows a sentence's end on
    some line, ends at least three lines, holds a Chinese character and ends no sentence."""
    if len(lines) < 3:
        return []
    distinct = {x for x in lines if x}
    candidates: set[str] = set()
    for line in distinct:
        if line[-1] in _STOP_CHARS:
            continue
        if len(line) <= 16:
            candidates.add(line)
        tail = line[-17:-4]
        if not _STOP_CHARS.isdisjoint(tail):
            tail = line[-17:]
            for k in range(len(tail) - 5, -1, -1):  # the last sentence end leaving 4 to 16 characters
                if tail[k] in _STOP_CHARS:
                    candidates.add(tail[k + 1:])
                    break
    candidates = {c for c in candidates if 4 <= len(c) <= 16 and c[0] != " " and _CJK.search(c)}
    if not candidates:
        return []
    lengths = sorted({len(c) for c in candidates})
    ends = {c[-1] for c in candidates}
    counts: dict[str, int] = {}
    for line in distinct:
        if line[-1] in ends:
            for n in lengths:
                if n > len(line):
                    break
                t = line[-n:]
                if t in candidates:
                    counts[t] = counts.get(t, 0) + 1
    found = sorted((c for c, n in counts.items() if n >= 3), key=len, reverse=True)
    # keep the longest of nested tails (某某网 ⊂ X9Z某某网)
    out: list[str] = []
    for tail in found:
        if not any(o.endswith(tail) for o in out):
            out.append(tail)
    return out


def remove_watermarks(lines: list[str]) -> list[str]:
    marks = find_watermarks(lines)
    if not marks:
        return lines
    out = []
    for line in lines:
        for mark in marks:
            if mark in line:
                line = line.replace(mark, "").strip()
        out.append(line)
    return out


# ---------------------------------------------------------------- junk by context

# A teaser under a headline in a list of other stories: cut off with an ellipsis (……is prose).
_TEASER = re.compile(r"(?:\.{3,6}|(?<!…)…|(?<!…)⋯)\s*$")
_TEASER_ENDS = ("...", "…", "⋯", "... ", "… ")
_HEADLINE_PUNCT = re.compile(r"[。，,；;！？!?]")
# Where an article ends: an editor's credit, a share prompt, a disclaimer, an end mark.
_END_MARK = re.compile(
    r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|主编|审核|校对|编审)\s*[:：]|^[（(【\[]\s*完\s*[)）】\]]$|"
    r"^(?:分享|转发)(?:让|给)|^[【\[]?\s*免责声明|不代表本(?:站|网|平台)"
)
# a headline with a site's name glued on (某某县推进联建-某某网)
_SUFFIX_SEPARATORS = frozenset("-_|｜—–丨")
_SITE_SUFFIX = re.compile(r"^(.{4,60}?)\s*(?:--|[-_|｜—–丨])\s*[\u4e00-\u9fffA-Za-z0-9]{2,16}$")


def _first_body(lines: list[str], junk) -> int:
    for i, line in enumerate(lines):
        if (len(line) > 50 or _BODY_END.search(line)) and not junk(line):
            return i
    return len(lines)


def abstract_lines(lines: list[str]) -> set[int]:
    """Indexes of a paper's abstract: lines labelled as one, and the paragraph under a bare label."""
    out = {k for k, x in enumerate(lines) if _ABSTRACT.match(x)}
    for k, x in enumerate(lines[:-1]):
        if len(x) <= 16 and _BARE_ABSTRACT.match(x) and not _FRONT_BARE.match(lines[k + 1]):
            out.add(k + 1)
    return out


def _chinese(line: str) -> bool:
    """Written in Chinese: Han characters outnumber half the Latin letters (an English abstract
    may quote a Chinese name)."""
    han = len(_CJK.findall(line))
    return han > 0 and 2 * han >= len(_LATIN.findall(line))


def _body_besides(lines: list[str], skip: set[int]) -> bool:
    return any(len(x) >= 40 and "。" in x for k, x in enumerate(lines) if k not in skip)


def context_junk(lines: list[str], junk=None, foot: bool = True) -> set[int]:
    """Indexes of lines that are junk by their place among other lines: related-story lists, a
    list of other headlines above the article (an e-paper page's contents), headline-and-teaser
    pairs, what follows an article's end mark, a headline repeated with a site's name glued on.
    foot=False leaves out what only a page's foot holds (for the metadata finder, which reads
    the head)."""
    junk = junk or is_junk_line
    out = related_lines(lines) if foot else set()
    n = len(lines)
    # Four or more headlines in a row before the body: another page's or section's contents.
    body = _first_body(lines, junk)
    i = 0
    while i < body:
        j = i
        while j < body and 2 <= len(lines[j]) <= 40 and not _HEADLINE_PUNCT.search(lines[j]) and not junk(lines[j]):
            j += 1
        if j - i >= 4:
            later = set(lines[j:])
            if any(lines[k] in later for k in range(i, j)):
                out.update(range(i, j))
        i = max(j, i + 1)
    # Headlines, each with its teaser (…), listed before or after the article.
    teasers = [k for k, x in enumerate(lines) if 8 <= len(x) <= 90 and x.endswith(_TEASER_ENDS) and _TEASER.search(x)]
    if len(teasers) >= 2:
        for k in teasers:
            out.add(k)
            if k > 0 and len(lines[k - 1]) <= 60 and not _BODY_END.search(lines[k - 1]):
                out.add(k - 1)
    # After the end mark that follows the last body paragraph: the page's foot.
    last_body = -1
    if foot:
        last_body = next((k for k in range(n - 1, -1, -1) if len(lines[k]) >= 60 and "。" in lines[k]
                          and k not in out and not junk(lines[k])), -1)
    if last_body >= 0:
        end = next((k for k in range(last_body + 1, n) if _END_MARK.search(lines[k])), None)
        if end is not None:
            out.update(range(end, n))
    # Journal front matter: a label alone on its line (摘要, [关键词]) and the keywords it labels.
    for k, x in enumerate(lines):
        if len(x) <= 16 and _FRONT_BARE.match(x):
            out.add(k)
            nxt = lines[k + 1] if k + 1 < n else ""
            if _BARE_KEYWORDS.match(x) and len(nxt) <= 100 and "。" not in nxt and not _FRONT_BARE.match(nxt):
                out.add(k + 1)
    # The headline again with the site's name glued on.
    if n > 1:
        seen = set(lines)
        for k, x in enumerate(lines[:20]):
            m = _SITE_SUFFIX.match(x) if len(x) <= 80 and not _SUFFIX_SEPARATORS.isdisjoint(x) else None
            if m and m.group(1) in seen:
                out.add(k)
    return out


# a bracketed insert, or a run up to and including its sentence end
_SEGMENT = re.compile(r"【[^【】]{1,40}】|\[[^\[\]]{1,40}\]|[^。！？!?【\[]+[。！？!?]*|[【\[]")


def _without_spam_segments(line: str) -> str:
    """A junk line that is body text with spam pasted in, less the spam; else the line unchanged
    (still junk). Only a line of sentences qualifies: spam lines are short and unpunctuated."""
    if len(line) < 40 or not _BODY_END.search(line) and "。" not in line or not is_spam(line):
        return line
    segments = _SEGMENT.findall(line)
    body = "".join(seg for seg in segments if not (SPAM_STRONG.search(seg) or is_spam(seg))).strip()
    if len(body) >= 20 and "。" in body and not is_junk_line(body):
        return body
    return line


def _drop_if_spam(m: re.Match) -> str:
    return "" if is_spam(m.group()) else m.group()
