#!/usr/bin/env python3
"""Maintains translations/lantern_*.ts after `cmake --build build --target update_translations`.

  scripts/translations.py unfinished [LANG]      list the source texts still marked unfinished (as JSON)
  scripts/translations.py apply LANG FILE.json   fill unfinished messages from {"source": "translation", ...}
                                                 (a list ["singular", "plural"] for a %n message)
  scripts/translations.py drop-vanished          remove messages lupdate marked vanished/obsolete

Only the standard library is used; the .ts files keep lupdate's layout.
"""
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = {p.stem.split('_', 1)[1]: p for p in sorted((ROOT / 'translations').glob('lantern_*.ts'))}
MESSAGE = re.compile(r'(<message(?: [^>]*)?>)(.*?)(</message>)', re.S)


def source_of(body):
    m = re.search(r'<source>(.*?)</source>', body, re.S)
    return html.unescape(m.group(1)) if m else None


def unfinished(lang):
    text = TS[lang].read_text(encoding='utf-8')
    return [source_of(m.group(2)) for m in MESSAGE.finditer(text)
            if '<translation type="unfinished"' in m.group(2)]


def apply(lang, mapping):
    path = TS[lang]
    text = path.read_text(encoding='utf-8')
    missing = []

    def fill(m):
        body = m.group(2)
        if '<translation type="unfinished"' not in body:
            return m.group(0)
        src = source_of(body)
        if src not in mapping:
            missing.append(src)
            return m.group(0)
        def escape(v):
            return html.escape(v, quote=False).replace('"', '&quot;').replace("'", '&apos;')
        # a list gives the plural forms of a %n message: [singular, plural]
        forms = mapping[src] if isinstance(mapping[src], list) else None
        value = (''.join('<numerusform>' + escape(f) + '</numerusform>' for f in forms) if forms
                 else escape(mapping[src]))
        body = re.sub(r'<translation type="unfinished"(?:/>|>.*?</translation>)',
                      lambda _: '<translation>' + value + '</translation>', body, flags=re.S)
        return m.group(1) + body + m.group(3)

    path.write_text(MESSAGE.sub(fill, text), encoding='utf-8')
    return missing


def drop_vanished():
    for path in TS.values():
        text = path.read_text(encoding='utf-8')
        text = re.sub(r'\s*<message(?: [^>]*)?>(?:(?!</message>).)*?<translation type="(?:vanished|obsolete)"'
                      r'(?:(?!</message>).)*?</message>', '', text, flags=re.S)
        path.write_text(text, encoding='utf-8')


def main(argv):
    if len(argv) >= 2 and argv[1] == 'unfinished':
        langs = argv[2:] or list(TS)
        json.dump({lang: unfinished(lang) for lang in langs}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif len(argv) == 4 and argv[1] == 'apply':
        missing = apply(argv[2], json.loads(Path(argv[3]).read_text(encoding='utf-8')))
        for src in missing:
            print('not translated:', src, file=sys.stderr)
        return 1 if missing else 0
    elif len(argv) == 2 and argv[1] == 'drop-vanished':
        drop_vanished()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
