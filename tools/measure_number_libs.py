"""Measure cn2an and jionlp against extractors.numbers on the number forms of our articles.

Run: .venv/bin/python -m tools.measure_number_libs
A library answer counts as a *value error* when it raises, returns nothing, or returns a value
other than the expected one (0.1% tolerance); for forms with 余/多/超/近 we also count an
*interval error* when the library's range (jionlp returns one) disagrees with ours or is missing.
Non-money counts are given to the libraries without their unit (十余, 100) to be fair.
"""

from __future__ import annotations

import io
import time
from contextlib import redirect_stdout

from extractors.numbers import parse_number

N = None
# (form, value, min, max, qualifier) -- our documented convention, see extractors/numbers.py
FORMS: list[tuple[str, float, float | None, float | None, str]] = [
    ("三", 3, 3, 3, "exact"), ("两", 2, 2, 2, "exact"), ("十余", 10, 10, 20, "over"),
    ("一千二百万元", 1.2e7, 1.2e7, 1.2e7, "exact"), ("1.3亿", 1.3e8, 1.3e8, 1.3e8, "exact"),
    ("29.3亿元", 2.93e9, 2.93e9, 2.93e9, "exact"), ("千万", 1e7, 1e7, 1e7, "exact"),
    ("近亿元", 1e8, N, 1e8, "approx"), ("2190多万元", 2.19e7, 2.19e7, 2.2e7, "over"),
    ("超千万元", 1e7, 1e7, N, "over"), ("6万余元", 6e4, 6e4, 7e4, "over"),
    ("1,200万", 1.2e7, 1.2e7, 1.2e7, "exact"), ("100", 100, 100, 100, "exact"),
    ("百万", 1e6, 1e6, 1e6, "exact"), ("两千余", 2000, 2000, 3000, "over"), ("〇", 0, 0, 0, "exact"),
    ("零", 0, 0, 0, "exact"), ("１２０", 120, 120, 120, "exact"), ("一百零五", 105, 105, 105, "exact"),
    ("10余万元", 1e5, 1e5, 2e5, "over"), ("30余万元", 3e5, 3e5, 4e5, "over"),
    ("2000余万元", 2e7, 2e7, 3e7, "over"), ("近2000万元", 2e7, N, 2e7, "approx"),
    ("超1000万元", 1e7, 1e7, N, "over"), ("突破5亿元", 5e8, 5e8, N, "over"),
    ("2600多元", 2600, 2600, 2700, "over"), ("30多万元", 3e5, 3e5, 4e5, "over"),
    ("超300万元", 3e6, 3e6, N, "over"), ("约50万元", 5e5, N, N, "approx"),
    ("50万元左右", 5e5, N, N, "approx"), ("不足10万元", 1e5, N, 1e5, "under"),
    ("200元以上", 200, 200, N, "over"), ("三十多万元", 3e5, 3e5, 4e5, "over"),
    ("一亿二千万元", 1.2e8, 1.2e8, 1.2e8, "exact"), ("两万三千元", 23000, 23000, 23000, "exact"),
    ("十万元", 1e5, 1e5, 1e5, "exact"), ("1.5万余", 15000, 15000, 16000, "over"),
    ("逾3亿元", 3e8, 3e8, N, "over"), ("将近800万元", 8e6, N, 8e6, "approx"),
    ("17万元", 1.7e5, 1.7e5, 1.7e5, "exact"), ("３０余万元", 3e5, 3e5, 4e5, "over"),
    ("五千万元", 5e7, 5e7, 5e7, "exact"), ("10万余元", 1e5, 1e5, 1.1e5, "over"),
    ("20万多元", 2e5, 2e5, 2.1e5, "over"),
]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-3 * max(abs(b), 1)


def _cn2an(form: str) -> list[float | None]:
    import cn2an

    s = form.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    s = s[:-1] if s.endswith("元") else s
    out = []
    for mode in ("strict", "normal", "smart"):
        try:
            out.append(float(cn2an.cn2an(s, mode)))
        except Exception:
            out.append(None)
    return out


def _jionlp(form: str) -> tuple[float | None, float | None, float | None]:
    import jionlp

    try:
        with redirect_stdout(io.StringIO()):
            r = jionlp.parse_money(form if form.endswith("元") else form + "元")
    except Exception:
        return None, None, None
    num = r.get("num") if isinstance(r, dict) else None
    if isinstance(num, list):
        lo, hi = float(num[0]), float(num[1])
        return lo, lo, hi
    return (float(num), N, N) if num is not None else (None, None, None)


def main() -> None:
    with redirect_stdout(io.StringIO()):
        import jionlp  # noqa: F401  (its import banner)
    errs = {"ours": [0, 0], "cn2an(best mode)": [0, 0], "jionlp.parse_money": [0, 0]}
    rows = []
    for form, v, lo, hi, q in FORMS:
        p = parse_number(form)
        ours_v = p.value if p else None
        ov = not _close(ours_v, v) or (p is not None and p.qualifier != q)
        oi = p is None or not (_close(p.value_min, lo) and _close(p.value_max, hi))
        c = _cn2an(form)
        cv = not any(_close(x, v) for x in c)
        jv, jlo, jhi = _jionlp(form)
        jval = not _close(jv, v)
        bounded = (lo, hi) != (v, v)
        ji = bounded and not (_close(jlo, lo) and _close(jhi, hi))
        for key, a, b in (("ours", ov, oi), ("cn2an(best mode)", cv, bounded), ("jionlp.parse_money", jval, ji)):
            errs[key][0] += a
            errs[key][1] += b
        rows.append(f"{form:<12} ours={ours_v!s:<12} cn2an={c!s:<26} jionlp={(jv, jlo, jhi)}")
    print("\n".join(rows))
    print(f"\n{len(FORMS)} forms; errors (value or qualifier, interval):")
    for k, (a, b) in errs.items():
        print(f"  {k:<20} value {a:>2}  interval {b:>2}")
    t0 = time.perf_counter()
    for _ in range(200):
        for form, *_ in FORMS:
            parse_number(form)
    print(f"ours: {200 * len(FORMS) / (time.perf_counter() - t0):,.0f} parses/s")


if __name__ == "__main__":
    main()
