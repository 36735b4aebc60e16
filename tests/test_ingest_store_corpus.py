"""A corpus of short Arabic conflict articles made from templates, written for the ingest tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

PLACES = ["دوما", "حلب", "إدلب", "حمص", "درعا", "الرقة", "دير الزور", "الموصل", "الفلوجة", "الرمادي",
          "بنغازي", "سرت", "صنعاء", "تعز", "عدن", "الحديدة"]  # fmt: skip
AGENTS = ["طائرات حربية", "مدفعية الجيش", "مسلحون مجهولون", "طائرة مسيرة", "قوات الأمن"]
VERBS = ["قصفت", "استهدفت", "هاجمت"]
SOURCES = ["مصادر محلية", "ناشطون", "مصدر طبي", "وكالة الأنباء الرسمية", "مراسل الجزيرة"]
DETAILS = [
    "فرق الإنقاذ عملت لساعات لانتشال العالقين تحت الأنقاض",
    "المستشفى الميداني استقبل عددا كبيرا من الجرحى",
    "الأهالي نزحوا نحو القرى المجاورة خوفا من تجدد القصف",
    "الكهرباء انقطعت عن معظم الأحياء بعد الهجوم",
    "المحال التجارية أغلقت أبوابها طوال اليوم",
    "سيارات الإسعاف لم تتمكن من الوصول إلا بعد ساعات",
    "الدخان تصاعد من المباني المتضررة حتى المساء",
]
NUMBERS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "أحد عشر"]


def article(i: int) -> dict[str, Any]:
    """Article ``i``: unique text, id and URL."""
    place = PLACES[i % len(PLACES)]
    day = dt.date(2023, 1, 1) + dt.timedelta(days=i // 2)
    killed = NUMBERS[i % len(NUMBERS)]
    injured = 3 + i % 23
    text = (
        f"{VERBS[i % len(VERBS)]} {AGENTS[i % len(AGENTS)]} مدينة {place} صباح اليوم، مما أدى إلى مقتل {killed} "
        f"مدنيين وإصابة {injured} آخرين بجروح، بحسب ما أفادت {SOURCES[i % len(SOURCES)]}. "
        f"وقال شهود عيان إن {DETAILS[i % len(DETAILS)]}، وإن {DETAILS[(i // 7 + 3) % len(DETAILS)]}. "
        f"وهذا هو الهجوم رقم {i + 1} على المنطقة منذ بداية العام."
    )
    return {
        "id": f"t{i:04d}",
        "title": f"قتلى وجرحى في {place}",
        "text": text,
        "published": day.isoformat(),
        "outlet": "marsad-tests",
        "url": f"https://example.org/news/{i}",
    }


def write_corpus(path: Path, n: int, start: int = 0) -> list[dict[str, Any]]:
    rows = [article(i) for i in range(start, start + n)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows
