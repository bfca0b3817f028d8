"""The pack YAML reader reads what safe_load reads, both with and without lines."""
from __future__ import annotations

import pytest
import yaml

from trainer.bank import yaml_reader
from trainer.paths import content_dir

SCALARS = """\
a: yes
b: "yes"
c: 12
d: '12'
e: 1.5
f: ~
g: null
h: ''
i: -3
j: .inf
k: on
l: No
m: 0x1f
n: 2026-01-02
o: plain text that starts with T
p: [1, "two", three, true, null]
q: {nested: {deep: [x, {y: z}]}}
r: |
  keep
  lines
s: >-
  fold
  these
"""

CASES = {"scalars": SCALARS, **{p.name: p.read_text() for p in sorted(content_dir().glob("*.yaml"))}}


@pytest.mark.parametrize("name", list(CASES))
def test_both_readers_agree_with_safe_load(name):
    text = CASES[name]
    expected = yaml.safe_load(text)
    if name == "scalars":
        expected["n"] = "2026-01-02"  # dates stay text: no pack field wants one
    assert yaml_reader.read_fast(text) == expected
    assert yaml_reader.read(text).data == expected


@pytest.mark.parametrize("text,words", [
    ("a: &x 1\nb: *x\n", "anchors"),
    ("a: 1\na: 2\n", "appears twice"),
    ("a: !!python/name:os.system x\n", "not allowed"),
    ("--- 1\n--- 2\n", "single YAML document"),
    ("? [a]\n: b\n", "plain text"),
])
def test_both_readers_refuse_the_same_input(text, words):
    with pytest.raises(yaml_reader.YamlRefused):
        yaml_reader.read_fast(text)
    with pytest.raises(yaml_reader.YamlRefused) as err:
        yaml_reader.read(text)
    assert words in err.value.message and err.value.line >= 1


@pytest.mark.parametrize("text,line", [
    ("a: 1\nb: &x 2\n", 2),
    ("a: 1\nb: 2\na: 3\n", 3),
    ("cards:\n  - ok\n  - !!python/object:os.system x\n", 3),
    ("a: 1\n---\nb: 2\n", 2),
])
def test_both_readers_are_one_loop_and_say_the_same_line(text, line):
    with pytest.raises(yaml_reader.YamlRefused) as fast:
        yaml_reader.read_fast(text)
    with pytest.raises(yaml_reader.YamlRefused) as located:
        yaml_reader.read(text)
    assert (fast.value.line, fast.value.message) == (located.value.line, located.value.message)
    assert located.value.line == line


def test_lines_are_recorded_for_keys_items_and_containers():
    located = yaml_reader.read("pack: p\ncards:\n  - id: a\n    kind: question\n  - id: b\n")
    data = located.data
    assert located.key_lines[id(data)] == {"pack": 1, "cards": 2}
    assert located.item_lines[id(data["cards"])] == [3, 5]
    assert located.key_lines[id(data["cards"][0])] == {"id": 3, "kind": 4}
    assert located.line_of(data["cards"][1]) == 5
