"""The Chinese catalogue: one entry per message, every entry translated, placeholders kept."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[1] / "src/clustermon/locale/zh_Hans/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_no_message_is_entered_twice() -> None:
    # Babel silently keeps the first of two entries; a second translation would never show.
    keys = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.*)"$', PO.read_text(encoding="utf-8"), re.M)
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"entered twice in django.po: {duplicates[:10]}"


def test_every_entry_is_translated_with_its_placeholders() -> None:
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="zh_Hans")
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        elif set(PLACEHOLDER.findall(ids[-1])) != set(PLACEHOLDER.findall(strings[0])):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert not problems, "\n".join(problems[:20])
