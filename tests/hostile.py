# ruff: noqa: E501 - long literal test data and parameter lists read better on one line
"""A generated corpus of hostile inputs: what scrapers, exports and strangers actually produce.

    cases = build(folder)            # writes >= 1,000 files under `folder`, returns their Cases
    cases = build(folder, big=False) # without the 50 MB text (for quick runs)

Deterministic (seeded), written at test time into a temporary folder: nothing generated is ever
committed.  Every file has a known extension so that a directory walk reads it.  Categories:

    empty, binary, invalid_utf8, utf16, html, csv, jsonl, markdown, dates, long, unicode, big

`python -m tests.hostile FOLDER` writes the corpus for a manual run (`communique ingest FOLDER`).
"""

from __future__ import annotations

import codecs
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

EXTS = (".txt", ".md", ".html", ".csv", ".jsonl")
BIG_BYTES = 50 * 1024 * 1024
SENTENCE = ("On 3 March 2022, Foreign Minister Sergey Lavrov of Russia met with Foreign Minister "
            "Wang Yi of China in Beijing to discuss trade.")
BODY = SENTENCE + "\n\nLavrov said that cooperation is growing. \"We agree,\" Wang Yi said.\n"


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the corpus folder
    category: str
    note: str

    def path(self, folder: Path) -> Path:
        return folder / self.name


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cases: list[Case] = []

    def add(self, category: str, note: str, ext: str, data: bytes | str) -> None:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        name = f"{category}-{len(self.cases):04d}{ext}"
        (self.folder / name).write_bytes(raw)
        self.cases.append(Case(name, category, note))


def _html(body: str, head: str = "<title>Hostile page - Test Ministry Site</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _empty(w: _Writer, rnd: random.Random) -> None:
    blanks = [b"", b" ", b"\n" * 7, b"\t \r\n \r", codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
              codecs.BOM_UTF8 + b"\n \n", b"\xc2\xa0\n"]
    for i, blank in enumerate(blanks):
        for ext in EXTS:
            w.add("empty", f"blank variant {i}", ext, blank)


def _binary(w: _Writer, rnd: random.Random) -> None:
    magics = [b"\x89PNG\r\n\x1a\n", b"\x1f\x8b\x08\x00", b"\x7fELF\x02\x01\x01", b"PK\x03\x04",
              b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"SQLite format 3\x00", b"\x00\x00\x00\x18ftyp"]
    for magic in magics:
        for ext in EXTS:
            w.add("binary", f"magic {magic[:4]!r}", ext, magic + rnd.randbytes(rnd.randint(10, 4000)))
    for i in range(40):
        w.add("binary", "random bytes", EXTS[i % 5], rnd.randbytes(rnd.randint(1, 20000)))
    # text with a NUL late in the file (after the 64 KiB sniff window)
    for ext in EXTS:
        w.add("binary", "NUL after the sniff window", ext,
              _valid(ext).encode() + b"x" * 70000 + b"\x00tail\n")


def _valid(ext: str, body: str = BODY, title: str = "Ministers meet") -> str:
    """A valid document of format `ext` carrying `body`."""
    if ext == ".md":
        return f"---\ntitle: {title}\ndate: 2022-03-03\n---\n\n{body}"
    if ext == ".html":
        paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        return _html(f"<article><h1>{title}</h1>{paras}</article>")
    if ext == ".csv":
        cell = body.replace('"', '""')
        return f'title,date,text\n{title},2022-03-03,"{cell}"\n'
    if ext == ".jsonl":
        return json.dumps({"title": title, "date": "2022-03-03", "text": body}) + "\n"
    return body


def _invalid_utf8(w: _Writer, rnd: random.Random) -> None:
    bad_seqs = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\x80", b"\xbf",
                b"\xf5\x80\x80\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98"]
    for i in range(110):
        ext = EXTS[i % 5]
        text = _valid(ext).encode()
        bad = bad_seqs[i % len(bad_seqs)]
        at = rnd.randint(0, len(text))
        w.add("invalid_utf8", f"{bad!r} at {at}", ext, text[:at] + bad + text[at:])
    # a bad byte on a later row: the rows before it still come out
    for ext in (".csv", ".jsonl"):
        rows = "".join(_valid(ext, f"Row {n}. " + BODY).split("\n", 1)[1] if ext == ".csv" and n
                       else _valid(ext, f"Row {n}. " + BODY) for n in range(5))
        data = rows.encode()
        cut = data.rfind(b"Row 3")
        w.add("invalid_utf8", "bad byte on row 4", ext, data[:cut] + b"\xff" + data[cut:])
    # latin-1 and windows-1251 text without a declaration
    for enc in ("latin-1", "cp1251"):
        for ext in (".txt", ".md"):
            sample = "Caf\u00e9 ministre r\u00e9union" if enc == "latin-1" else "\u041c\u0438\u043d\u0438\u0441\u0442\u0440"
            w.add("invalid_utf8", f"undeclared {enc}", ext, (_valid(ext, sample + ". " + BODY)).encode(enc, "replace"))


def _utf16(w: _Writer, rnd: random.Random) -> None:
    for ext in EXTS:
        text = _valid(ext)
        for enc, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                         ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)):
            w.add("utf16", f"{enc} with BOM", ext, bom + text.encode(enc))
            w.add("utf16", f"{enc} with BOM, odd byte cut", ext, (bom + text.encode(enc))[:-1])
        w.add("utf16", "utf-16-le without BOM", ext, text.encode("utf-16-le"))
        w.add("utf16", "utf-8 BOM", ext, codecs.BOM_UTF8 + text.encode())
        w.add("utf16", "utf-16 BOM then utf-8 bytes", ext, codecs.BOM_UTF16_LE + text.encode())
        w.add("utf16", "two BOMs", ext, codecs.BOM_UTF16_LE + ("\ufeff" + text).encode("utf-16-le"))
        # a lone surrogate in UTF-16
        w.add("utf16", "lone surrogate", ext, codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00\xd8A\x00")


def _html_cases(w: _Writer, rnd: random.Random) -> None:
    pages = [
        "<html><head><title>No body</title></head></html>",
        "<html><head><title>Empty body</title></head><body></body></html>",
        "<html><body>",
        "<html>",
        "<!DOCTYPE html>",
        "<html><head><script>alert(1)</script><style>p{}</style></head><body><script>x()</script></body></html>",
        "<!-- only a comment -->",
        _html("<frameset><frame src='a'></frameset>"),
        _html("<svg><text>" + SENTENCE + "</text></svg>"),
        _html("<p>" + "&#0;&#x0;&#xD800;&#99999999;&bogus;" * 50 + SENTENCE + "</p>"),
        _html("<p " + "a='" + "x" * 100000 + "'>" + SENTENCE + "</p>"),
        _html("<![CDATA[" + SENTENCE + "]]>"),
        '<?xml version="1.0" encoding="utf-16"?><html><body><p>' + SENTENCE + "</p></body></html>",
        _html("<table>" + "<tr><td>cell</td></tr>" * 5000 + "</table>"),
        _html("<ul>" + "<li>" * 5000 + SENTENCE),
        _html("<p>" + SENTENCE + "</p>" * 3, head='<meta charset="x-no-such-charset">'),
        _html("<p>" + SENTENCE + "</p>", head='<meta http-equiv="Content-Type" content="text/html; charset=utf-7">'),
        _html("<p>" + SENTENCE + "</p>", head='<meta charset="utf-16">'),
        _html("<p>" + SENTENCE + "</p>", head="<title>" + "T" * 200000 + "</title>"),
        _html("<p>" + SENTENCE + "</p>", head='<meta property="article:published_time" content="2023-02-30">'),
        _html("<p>" + SENTENCE + "</p>", head='<meta name="date" content="0000-00-00T99:99">'),
        "<html><body><p>" + SENTENCE + "</p><p>" + "unclosed <b><i><a href=" * 200,
        _html("<math><mi>x</mi></math><template><p>" + SENTENCE + "</p></template>"),
        _html("<noscript><p>" + SENTENCE + "</p></noscript><iframe srcdoc='<p>hi</p>'></iframe>"),
    ]
    for i, page in enumerate(pages):
        w.add("html", f"page variant {i}", ".html", page)
        w.add("html", f"page variant {i} sniffed as .txt", ".txt", page)
    for i, tag in enumerate(("div", "b", "span", "p", "table", "section", "blockquote", "li", "a", "font")):
        n = 10000 if i < 4 else 500  # 10,000-deep trees take ~2 s each in lxml/trafilatura
        body = f"<{tag}>" * n + SENTENCE + f"</{tag}>" * n
        w.add("html", f"{n} nested <{tag}>", ".html", _html(body))
        w.add("html", f"{n} unclosed <{tag}>", ".html", _html(f"<{tag}>" * n + SENTENCE))
        w.add("html", f"{n} nested <{tag}> in a paragraph", ".html",
              _html("<p>" + SENTENCE + f"<{tag}>" * n + "</p>"))
    for _ in range(30):  # random tag soup around a real paragraph
        tags = ["<div>", "</div>", "<p>", "</p>", "<b>", "</i>", "<br>", "<!--", "-->", "<", ">", "&amp", "&#"]
        soup = "".join(rnd.choice(tags) + rnd.choice(["", "x", " word "]) for _ in range(rnd.randint(10, 2000)))
        w.add("html", "tag soup", ".html", _html(soup + "<p>" + SENTENCE + "</p>" + soup))


def _csv_cases(w: _Writer, rnd: random.Random) -> None:
    huge = "word " * 300000  # 1.5 MB cell
    files = [
        "title,date,text\nA,2022-01-01\nB,2022-01-02,Body two.\n",  # missing field
        "title,date,text\nA,2022-01-01,Body one.,extra,extra2,extra3\n",  # extra fields
        "title,date,text\n" + ",".join(["x"] * 10000) + "\n",
        f'title,date,text\nHuge,2022-01-01,"{huge}"\n',
        f'title,date,text\n"{huge}",2022-01-01,Body.\n',
        'title,date,text\nA,2022-01-01,"unterminated quote\nrest of file\n',
        "title,date,text\nA,2022-01-01,Bo\x00dy\nB,2022-01-02,Fine body.\n",
        "title,date,text\n",
        "title,date,text",
        "headline,author\nA,B\n",  # no text column
        "text\n\n\n\n",
        "text,text,text\na,b,c\n",  # duplicate header
        "title;date;text\nA;2022-01-01;Semicolons.\n",  # wrong delimiter
        "title,date,text\rA,2022-01-01,CR only line endings.\rB,2022-01-02,Second.\r",
        '"title","date","text"\n"a""b",2022-01-01,"quoted ""body"" here"\n',
        "TEXT,DATE\nUpper case header.,2022-13-45\n",
        ",,,\n,,,\n",
        "text\nNA\nnull\nN/A\nnan\n\"\"\n",
        "text," + ",".join(f"c{i}" for i in range(5000)) + "\nBody.\n",
        "\ufefftitle,date,text\nA,2022-01-01,BOM header.\n",
        "title,date,text\n" + "".join(f"T{i},2022-01-01,Body {i}.\n" for i in range(300)),
        'title,date,text\nA,2022-01-01,"' + '""' * 50000 + '"\n',
        "title,date,body\n" + "x,y\n" * 100 + "z,2022-01-01,At last.\n",
        "text\n" + "\\" * 1000 + "\n",
        "title,date,text\n=cmd|' /C calc'!A0,2022-01-01,Formula injection body.\n",
    ]
    for i, data in enumerate(files):
        w.add("csv", f"csv variant {i}", ".csv", data)
    for _ in range(175):  # random mutations of a valid multi-row CSV
        rows = ["title,date,text"] + [f'T{n},2022-0{1 + n % 9}-1{n % 9},"Row {n}. {SENTENCE}"' for n in range(6)]
        text = "\n".join(rows) + "\n"
        chars = list(text)
        for _ in range(rnd.randint(1, 12)):
            op, at = rnd.randrange(4), rnd.randrange(len(chars))
            if op == 0:
                del chars[at]
            elif op == 1:
                chars.insert(at, rnd.choice(['"', ",", "\n", "\r", "\x00", "'", "\\", "\ufeff", "\u2028"]))
            elif op == 2:
                chars[at] = rnd.choice(['"', ",", "\n", " "])
            else:
                chars.insert(at, "Z" * rnd.randint(1000, 200000))
        w.add("csv", "mutated rows", ".csv", "".join(chars))


def _jsonl_cases(w: _Writer, rnd: random.Random) -> None:
    good = json.dumps({"title": "Fine", "date": "2022-01-01", "text": BODY})
    lines = [
        "{broken", "[1, 2, 3]", '"a string"', "42", "null", "true", '{"text": null}', '{"text": 42}',
        '{"text": ["a", "b"]}', '{"text": {"nested": "dict"}}', '{"body": ""}', '{"no_text": "here"}',
        '{"text": "lone \\ud800 surrogate"}', '{"text": "NUL \\u0000 inside"}', '{"text": NaN}',
        '{"text": "ok", "date": 1e400}', '{"text": "ok", "date": 123456789012345678901234567890}',
        '{"text": "dup", "text": "keys"}', "{'single': 'quotes'}", '{"text": "trailing",}',
        '{"text": "ok", "title": ["list", "title"], "source": 5, "url": {"a": 1}}',
        '{"text": "ok", "source": {"name": ["x"], "url": 7}}',
        '{"text": "' + "x" * 2_000_000 + '"}',
        '{"text": ' + "[" * 100000 + "]" * 100000 + "}",
        '{"text": "deep", "meta": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}",
        '{"text": "ok", "date": "2023-02-30"}', '{"text": "ok", "date": "31 April 2023"}',
        '{"text": "ok", "date": "0000-00-00"}', '{"text": "ok", "date": "99999-01-01"}',
        "\x00\x00\x00", "\ufeff" + good, "  " + good + "  ", good[:-1], good + good,
    ]
    for i, line in enumerate(lines):
        w.add("jsonl", f"line variant {i}", ".jsonl", line + "\n" + good + "\n")
    for _ in range(170):  # files mixing good and broken lines
        out = []
        for _ in range(rnd.randint(1, 12)):
            choice = rnd.random()
            if choice < 0.4:
                out.append(good.replace("Fine", f"Fine {rnd.random()}"))
            elif choice < 0.7:
                line = good
                at = rnd.randrange(len(line))
                out.append(line[:at] + rnd.choice(['"', "{", "}", ",", ":", "\\", ""]) + line[at + 1:])
            else:
                out.append(rnd.choice(lines))
        w.add("jsonl", "mixed good and broken lines", ".jsonl", "\n".join(out) + rnd.choice(["", "\n", "\r\n"]))


def _laughs(levels: int) -> str:
    out = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        prev, cur = chr(96 + i), chr(97 + i)
        out.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(out)


def _markdown_cases(w: _Writer, rnd: random.Random) -> None:
    fronts = [
        "title: [unclosed", "title: {a: b", ": : :", "\t- tab indent", "title: 'quote", "- just\n- a list",
        "a string only", "42", "null", "", "title: !!python/object/apply:os.system ['true']",
        "title: !!binary aGVsbG8=", "? [complex, key]\n: value", "1: int key\n2.5: float key",
        "title: x\ntitle: duplicate", "date: 2023-02-30", "date: 2023-13-01", "date: 0000-00-00",
        "date: 31 April 2023", "date: 99999-12-31", "date: 2022-06-24T25:61:00Z",
        "date: [2022, 1, 1]", "date: {y: 2022}", "source: {name: [1, 2], url: 3}", "title: " + "T" * 100000,
        _laughs(6), _laughs(9), "%YAML 9.9\n---\ntitle: x", "title: x\n...\n---", "\x00title: x",
        "title: \"\\ud800\"", "lang: 42\nlanguage: [en]",
    ]
    for i, fm in enumerate(fronts):
        w.add("markdown", f"front matter variant {i}", ".md", f"---\n{fm}\n---\n\n{BODY}")
        w.add("markdown", f"front matter variant {i} in .txt", ".txt", f"---\n{fm}\n---\n\n{BODY}")
    bodies = [
        "---\ntitle: never closed\n\n" + BODY, "---\n---\n", "---\ntitle: x\n---\n", "---\ntitle: x\n---\n# Title only\n",
        "```\nunclosed fence\n" + BODY, "[" * 10000 + BODY, "*" * 10000 + BODY, "_" * 10001 + BODY,
        "\\" * 10000 + BODY, "> " * 5000 + BODY, "- " * 5000 + BODY, "#" * 10000 + BODY,
        "![" * 5000 + "](" * 5000 + BODY, "<" * 10000 + BODY, "<!--" + BODY,
        "[a](" + "(" * 5000 + BODY, "`" * 10001 + BODY, "~~" * 5000 + BODY, "=\n" * 5000 + BODY,
    ]
    for i, body in enumerate(bodies):
        w.add("markdown", f"body variant {i}", ".md", body)


def _dates(w: _Writer, rnd: random.Random) -> None:
    bad = ["2023-02-30", "2023-02-29", "2024-13-45", "0000-00-00", "9999-99-99", "31 April 2023",
           "February 30, 2020", "30.02.2021", "2021/02/31", "32 January 2022", "2022-00-10",
           "99999-01-01", "1 Smarch 2022", "2022-06-31T12:00:00Z", "29 February 2023", "-2022-01-01"]
    for d in bad:
        w.add("dates", f"text header date {d}", ".txt", f"date {d} Images | Kazakh MFA\n\n{BODY}")
        w.add("dates", f"text header date {d} with headline", ".txt",
              f"date {d} 12:09 11437\nHeadline here\nImages | Kazakh MFA\n\n{BODY}")
        w.add("dates", f"front matter date {d}", ".md", f"---\ntitle: T\ndate: {d}\n---\n\n{BODY}")
        w.add("dates", f"csv date {d}", ".csv", f'title,date,text\nT,{d},"{SENTENCE}"\n')
        w.add("dates", f"jsonl date {d}", ".jsonl", json.dumps({"text": SENTENCE, "date": d}) + "\n")
        w.add("dates", f"html date {d}", ".html",
              _html(f"<p>{SENTENCE}</p>", head=f'<meta property="article:published_time" content="{d}">'))


def _long(w: _Writer, rnd: random.Random) -> None:
    words = SENTENCE.rstrip(".").split()
    for i in range(6):  # 100,000-character sentences (no full stop)
        text = " ".join(rnd.choice(words) for _ in range(18000))[:100000]
        w.add("long", "100,000-character sentence", EXTS[i % 5] if i < 5 else ".txt",
              _valid(EXTS[i % 5] if i < 5 else ".txt", text))
    w.add("long", "100,000-character token", ".txt", "x" * 100000)
    w.add("long", "100,000 commas", ".txt", "Minister, " * 10000)
    w.add("long", "quote never closed", ".txt", 'Lavrov said: "' + " ".join(words * 1500))
    w.add("long", "200,000 newlines", ".txt", "\n" * 200000 + BODY + "\n" * 200000)
    w.add("long", "100,000 tiny paragraphs", ".txt", "A.\n\n" * 100000)
    w.add("long", "one word per line", ".txt", "\n".join(words * 5000))
    w.add("long", "just over max_length", ".txt", ("Minister Lavrov met Wang Yi. " * 40000)[:1_000_050])
    w.add("long", "100,000 capitalised names", ".txt", " ".join(["Ambassador Yerzhan Kistafin"] * 12000) + ".")
    w.add("long", "10,000 dates", ".txt", "On " + ", ".join(["3 March 2022"] * 10000) + " they met.")


def _unicode(w: _Writer, rnd: random.Random) -> None:
    specials = ["\u202e", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u0301" * 50, "\U0001f600", "\u2028",
                "\u2029", "\x1b[31m", "\x07", "\x7f", "\u0085", "\ud7ff", "\U0010ffff", "\ufffd",
                "\u0000", "\r", "\u3000", "\u00a0"]
    for i in range(60):
        ext = EXTS[i % 5]
        sp = specials[i % len(specials)]
        words = BODY.split(" ")
        mixed = sp.join(words) if i % 3 == 0 else " ".join(w_ + (sp if rnd.random() < 0.3 else "") for w_ in words)
        w.add("unicode", f"{sp!r} sprinkled", ext, _valid(ext, mixed))
    for sp in ("\u200b" * 500, "\u00ad\u200c\u2060" * 300, "\x01\x02\x03" * 100, "\u202e" * 300):
        for ext in (".txt", ".md"):
            w.add("unicode", "only invisible characters", ext, _valid(ext, sp))


def _big(w: _Writer) -> None:
    paragraph = (BODY + "\n").encode()
    reps = BIG_BYTES // len(paragraph) + 1
    w.add("big", "50 MB plain text", ".txt", (paragraph * reps)[:BIG_BYTES])


def build(folder: Path, *, big: bool = True, seed: int = 9) -> list[Case]:
    """Write the hostile corpus into `folder` (created) and return its cases."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    w = _Writer(folder)
    for part in (_empty, _binary, _invalid_utf8, _utf16, _html_cases, _csv_cases, _jsonl_cases,
                 _markdown_cases, _dates, _long, _unicode):
        part(w, rnd)
    if big:
        _big(w)
    return w.cases


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    made = build(target, big="--no-big" not in sys.argv)
    print(f"{len(made)} hostile inputs written to {target}")
