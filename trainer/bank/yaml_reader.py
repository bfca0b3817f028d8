"""Read a YAML document into plain data, remembering the line of every key and item.

Why not `yaml.safe_load`: packs are untrusted and can be large. Building the
data straight from the parser's event stream (C parser where available) is
several times faster than composing a node graph and constructing from it,
and it lets us refuse dangerous input at the exact line where it appears:

* anchors and aliases are refused outright, so an alias bomb is never expanded;
* only the core tags (str, int, float, bool, null, seq, map) are accepted, so
  `!!python/...` tags never construct anything;
* a pack is a single document.

Plain scalars are resolved like YAML 1.1 (PyYAML's resolver), so `yes` is
true and `12` is an int, exactly as `safe_load` would read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

try:  # the C parser is much faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_RESOLVER: Any = yaml.resolver.Resolver()  # untyped in the stubs: resolve() returns the tag
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
# A plain scalar can only resolve to a non-string if it starts with one of these
# (or is short enough to be a boolean or null word).
_MAYBE_TYPED_START = set("0123456789+-.~")


class YamlRefused(Exception):
    """Input we will not read: (line, message)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """Parsed data plus where things were: keyed by id() of the containers."""

    data: Any
    key_lines: dict[int, dict[str, int]] = field(default_factory=dict)
    item_lines: dict[int, list[int]] = field(default_factory=dict)
    start_lines: dict[int, int] = field(default_factory=dict)

    def line_of(self, container: Any, default: int = 1) -> int:
        return self.start_lines.get(id(container), default)


_WORDS = {w for base in ("yes", "no", "true", "false", "on", "off", "null")
          for w in (base, base.capitalize(), base.upper())} | {"~", ""}


def _scalar(e: Any) -> Any:
    """Resolve a scalar event that may not be a plain string (the caller handles those)."""
    value: str = e.value
    tag: str | None = e.tag
    if tag is None:
        if not e.implicit[0]:
            return value  # quoted: always a string
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    elif tag not in _ALLOWED_TAGS:
        raise YamlRefused(_line(e),
                          f"tag {tag.replace(_CORE, '!!')} is not allowed in packs (plain YAML only)")
    if tag in (f"{_CORE}str", "!"):
        return value
    try:
        if tag == f"{_CORE}null":
            return None
        if tag == f"{_CORE}bool":
            return _BOOLS[value.lower()]
        if tag in (f"{_CORE}int", f"{_CORE}float"):
            construct = (_CONSTRUCTOR.construct_yaml_int if tag.endswith("int")
                         else _CONSTRUCTOR.construct_yaml_float)
            return construct(yaml.ScalarNode(tag, value))
    except (KeyError, ValueError):
        raise YamlRefused(_line(e),
                          f"{value!r} is not a valid {tag.replace(_CORE, '')}") from None
    return value  # timestamps and the like stay text: no pack field wants a date


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def read_fast(text: str) -> Any:
    """Parse one YAML document without recording lines; the same refusals as `read`.

    Most loads succeed, and where every line is tracked the bookkeeping costs
    about as much again as the parse. So packs are read this way first, and
    only a pack with a problem is read again with `read` for its line numbers.
    """
    return _parse(text, None)


def read(text: str) -> Located:
    """Parse one YAML document, recording lines; raise YamlRefused or yaml.MarkedYAMLError."""
    located = Located(data=None)
    located.data = _parse(text, located)
    return located


def _line(event: Any) -> int:
    """The 1-based line an event starts on (PyYAML counts from 0)."""
    return int(event.start_mark.line) + 1


def _parse(text: str, located: Located | None) -> Any:
    """The one loop of both readers: build the data from the parser's events.

    With `located`, the line of every key and list item, and where each
    container starts, are recorded in it (keyed by the container's id()).
    The loop is written flat (type checks ordered by frequency, the common
    plain-string case inlined, the open container and its line record kept in
    locals) because it runs once per YAML node of every pack; a refusal
    computes its line only when it is raised.
    """
    track = located is not None
    key_lines = located.key_lines if located is not None else {}
    item_lines = located.item_lines if located is not None else {}
    start_lines = located.start_lines if located is not None else {}
    scalar_event, mapping_start, sequence_start = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    mapping_end, sequence_end = ev.MappingEndEvent, ev.SequenceEndEvent
    words, typed_start, no_key, allowed_tags = _WORDS, _MAYBE_TYPED_START, _NO_KEY, _ALLOWED_TAGS
    # The open container, whether it is a list, its line record (None untracked) and,
    # for a mapping, the key waiting for its value; the enclosing ones on `stack`.
    top: Any = None
    is_list = False
    record: Any = None
    key: Any = no_key
    stack: list[tuple[Any, bool, Any, Any]] = []
    root: list[Any] = []
    documents = 0
    e: Any  # PyYAML's events are untyped; `type(e) is ...` below tells them apart
    for e in yaml.parse(text, Loader=_Loader):
        cls = type(e)
        if cls is scalar_event:
            if e.anchor is not None:
                raise YamlRefused(_line(e), "anchors and aliases are not allowed in packs")
            value: Any = e.value
            if e.tag is not None or (e.implicit[0] and (value in words or value[:1] in typed_start)):
                value = _scalar(e)
            opens = False
        elif cls is mapping_start or cls is sequence_start:
            if e.anchor is not None:
                raise YamlRefused(_line(e), "anchors and aliases are not allowed in packs")
            if e.tag is not None and e.tag not in allowed_tags:
                raise YamlRefused(_line(e), f"tag {e.tag.replace(_CORE, '!!')} is not allowed in packs "
                                            "(plain YAML only)")
            value = {} if cls is mapping_start else []
            opens = True
        elif cls is mapping_end or cls is sequence_end:
            top, is_list, record, key = stack.pop()
            continue
        elif cls is ev.AliasEvent:
            raise YamlRefused(_line(e), "anchors and aliases are not allowed in packs")
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlRefused(_line(e), "a pack is a single YAML document (found a second '---')")
            continue
        else:
            continue
        # Place the value: an item of the open list, a key or a value of the open mapping.
        if is_list:
            top.append(value)
            if track:
                record.append(_line(e))
        elif top is None:
            root.append(value)
        elif key is no_key:
            if opens:
                raise YamlRefused(_line(e), "a mapping key must be plain text")
            key = value
            if track:
                record[str(value)] = _line(e)
        else:
            if key in top:
                raise YamlRefused(_line(e), f"key {key!r} appears twice in the same mapping")
            top[key] = value
            key = no_key
        if opens:
            stack.append((top, is_list, record, key))
            top, is_list, key = value, cls is sequence_start, no_key
            if track:
                start_lines[id(value)] = _line(e)
                if is_list:
                    record = item_lines[id(value)] = []
                else:
                    record = key_lines[id(value)] = {}
    return root[0] if root else None
